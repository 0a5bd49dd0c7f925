"""Canonical formatting of cjmap YAML files: ``cjmap fmt``.

Canonical means: the keys of every known kind of mapping in the order of the specification's
examples (unknown keys after the known ones, in the user's order), 2-space indentation with
block sequences indented under their key, at most one blank line between groups, comments
indented like the line they describe and separated from content by at least two spaces.
Everything else the user wrote is kept: comments (each stays with the key or item it
describes), blank-line groups, quoting, flow style, anchors and aliases, block scalars and
long lines.

The formatter is built on ruamel.yaml's round-trip mode, but it does not trust ruamel's
comment bookkeeping. It finds every comment and blank line in the text itself (with the
positions of the scalars from a C-parser event stream, so that a ``#`` inside a string is
never mistaken for one), decides which key or item each belongs to, clears ruamel's comment
slots, reorders keys, and writes the comments back in canonical places.

Plain scalars are resolved as cjmap's own loader resolves them (YAML 1.2 core schema, keys as
their text): only booleans and nulls get a canonical spelling, every other scalar is written
back as it was written. Nothing is written unless it provably loses nothing: cjmap's loader
must read the result as exactly the data it reads in the input, the comments must be the same
(as a multiset of their texts), and formatting the result again must give the same text. A
file cjmap does not read whole, or with more than :data:`cjmap.fmt.verify.MAX_NODES` values, is
refused first.
"""

from __future__ import annotations

import codecs
import difflib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from cjmap.fmt.attach import _attach
from cjmap.fmt.errors import FormatError, _complex_key_error, _syntax_error
from cjmap.fmt.keys import _BOOLEANS, _NULLS
from cjmap.fmt.place import (
    _clear_comments,
    _keep_anchors,
    _order_document,
    _place_comments,
    _quote_ambiguous,
)
from cjmap.fmt.polish import _polish
from cjmap.fmt.quick import is_canonical
from cjmap.fmt.scan import _NO_WRAP, _scan, canonical_comment
from cjmap.fmt.verify import _count_nodes, _read_as_cjmap, _same_as_cjmap_reads, _verify
from cjmap.util.fsutil import atomic_write

if TYPE_CHECKING:
    pass

__all__ = [
    "FormatError",
    "FormatResult",
    "canonical_comment",
    "format_bytes",
    "format_file",
    "format_text",
    "unified_diff",
    "write_result",
]

BOM = codecs.BOM_UTF8
# --- public API ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormatResult:
    """The outcome of formatting one file: its bytes before and after."""

    path: Path
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        """Whether formatting changes the file."""
        return self.before != self.after

    def diff(self, name: str | None = None) -> str:
        """A unified diff from the file as it is to the formatted file ("" when unchanged)."""
        return unified_diff(self.before, self.after, name or str(self.path))


def format_text(text: str, *, settle: bool = True) -> str:
    """Format YAML text (no byte-order mark) into canonical form, with ``\\n`` line ends.

    Raises FormatError when the text does not parse, when cjmap itself would not read it
    (:func:`cjmap.document.load.load_text` finds a problem), when it holds more than
    :data:`MAX_NODES` values, or when formatting it would change what cjmap reads or lose a
    comment. Text without any YAML document (empty, or only comments) is returned as is
    (with ``\\n`` line ends). With ``settle`` (needed before writing) the result is
    formatted again to make sure it does not change any more; without it (enough to learn
    whether the file changes, as ``--check`` does) a changed file costs one pass instead of
    two.
    """
    original = text
    if "\r" in text:
        # YAML reads CRLF and a lone CR as line breaks, as it reads LF; fmt counts lines at
        # LF only. format_bytes writes the file's own line end back.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_odd_line_breaks(text)
    events = _count_nodes(text, keep=len(text) <= _KEEP_EVENTS)
    before = _read_as_cjmap(text)
    result: str | None
    try:
        # Most files are already formatted: proving that from the C parser's events costs a
        # small part of a round trip. When it cannot be proven, the full formatter decides.
        first = text if is_canonical(text, events) else _format_once(text)
        if first == text or not settle:
            result = first
        else:
            second = _format_once(first)
            if second == first:
                result = first
            elif _format_once(second) == second:
                result = second
            else:
                result = None
    except RecursionError:
        raise FormatError("the data is nested too deeply to format") from None
    if result is not None:
        if result != text:
            _same_as_cjmap_reads(before, result)
        if original != text:
            # Line ends mean the same to every YAML reader; this proves it for this text.
            _same_as_cjmap_reads(_read_as_cjmap(original), result)
        return result
    raise FormatError(
        "formatting this file does not settle on one form; it was left untouched "
        "(please report this as a bug in cjmap)"
    )


# Up to this size the parser's events are kept for the fast check (a 10 KB journey has about
# 1,300); a larger file is parsed again rather than held in memory as event objects.
_KEEP_EVENTS = 256 * 1024

# The YAML parsers (YAML 1.1 here) also break lines at NEL, LS and PS; fmt counts lines at
# '\n' only, so its positions would drift after one of them.
_ODD_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def _refuse_odd_line_breaks(text: str) -> None:
    found = _ODD_LINE_BREAK.search(text)
    if found is None:
        return
    at, code = found.start(), ord(found.group())
    line_start = text.rfind("\n", 0, at) + 1
    raise FormatError(
        f"the character U+{code:04X} (a line or paragraph separator, often pasted from a "
        "word processor) is read as a line break by YAML parsers, so fmt leaves this file "
        f'alone; delete it, or write it as an escape in double quotes ("\\u{code:04x}")',
        text.count("\n", 0, at) + 1,
        at - line_start + 1,
    )


def format_bytes(data: bytes, *, settle: bool = True) -> bytes:
    """Format the bytes of a file, keeping its line end and a UTF-8 BOM.

    The line end is the one the file's first line ends with (LF, CRLF or a lone CR, as old
    Mac editors wrote), used for every line: a file that mixes them gets that one.

    Returns ``data`` itself when nothing changes. Raises FormatError for text that is not
    UTF-8 or does not parse, and for a file over the size limit every command has.
    """
    from cjmap.document.load import DEFAULT_MAX_BYTES

    if len(data) > DEFAULT_MAX_BYTES:
        limit, size = DEFAULT_MAX_BYTES / 1024 / 1024, len(data) / 1024 / 1024
        raise FormatError(
            f"the file is {size:.1f} MiB, over the limit of {limit:.0f} MiB; it was left "
            "untouched (split it into several files)"
        )
    has_bom = data.startswith(BOM)
    body = data[len(BOM) :] if has_bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(body, exc.start)
        raise FormatError(
            f"not UTF-8 text (byte 0x{body[exc.start]:02x}); cjmap reads UTF-8 only",
            line,
            column,
        ) from None
    newline = _line_end(text)
    formatted = format_text(text, settle=settle)
    if newline != "\n":
        formatted = formatted.replace("\n", newline)
    result = (BOM if has_bom else b"") + formatted.encode("utf-8")
    if result == data:
        return data
    if newline != "\n":
        # Written back with the file's own line end: what cjmap reads must not change.
        _same_as_cjmap_reads(_read_as_cjmap(text), formatted)
    return result


def _line_end(text: str) -> str:
    """The line end the first line of ``text`` ends with ("\\n" when there is none)."""
    found = re.search("\r\n|\r|\n", text)
    return found.group() if found else "\n"


def format_file(path: Path, *, settle: bool = True) -> FormatResult:
    """Read and format one file without writing it (``settle``: as in :func:`format_text`).

    Raises OSError when the file cannot be read and FormatError when it cannot be formatted.
    """
    from cjmap.document.load import DEFAULT_MAX_BYTES
    from cjmap.util.fsutil import FileTooLarge, NotRegularFile, read_regular

    try:
        before = read_regular(path, DEFAULT_MAX_BYTES)
    except NotRegularFile as exc:
        raise FormatError(f"not a regular file: it is {exc.what}; it was not read") from None
    except FileTooLarge as exc:
        size, limit = exc.size / 1024 / 1024, DEFAULT_MAX_BYTES / 1024 / 1024
        raise FormatError(
            f"the file is {size:.1f} MiB, over the limit of {limit:.0f} MiB; it was left "
            "untouched (split it into several files)"
        ) from None
    return FormatResult(path, before, format_bytes(before, settle=settle))


def format_job(job: tuple[str, bool]) -> FormatResult | FormatError | OSError:
    """:func:`format_file` for ``(path, settle)``, with its error as the result: the shape
    :func:`cjmap.util.parallel.parallel_map` needs to format many files on every core."""
    path, settle = job
    try:
        return format_file(Path(path), settle=settle)
    except (FormatError, OSError) as exc:
        return exc


def write_result(result: FormatResult, *, inside: Path | None = None) -> bool:
    """Write the formatted bytes atomically when they differ; return whether it wrote.

    The file's mode is kept, and a symlink stays a symlink (its target is rewritten), but
    only when the file it leads to lies inside the folder ``inside`` (the workspace root).
    Raises :class:`cjmap.util.fsutil.WriteRefused` for a file that cannot or may not be written.
    """
    if not result.changed:
        return False
    atomic_write(result.path, result.after, links="follow", inside=inside)
    return True


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    """A unified diff between two versions of a file ("" when they are equal)."""
    if before == after:
        return ""
    old = _diff_lines(before)
    new = _diff_lines(after)
    return "".join(difflib.unified_diff(old, new, fromfile=name, tofile=name))


_DIFF_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _diff_lines(data: bytes) -> list[str]:
    """The lines of a file for a diff, each ending in LF (CRLF kept; a lone CR shown as LF)."""
    text = data.removeprefix(BOM).decode("utf-8", errors="replace")
    lines = [line[:-1] + "\n" if line.endswith("\r") else line for line in _DIFF_LINE.findall(text)]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


# --- one formatting pass -------------------------------------------------------------------


def _format_once(text: str) -> str:
    source = _scan(text)
    if not source.documents:
        return text
    yaml = _round_trip_yaml()
    try:
        with warnings.catch_warnings():
            # A reused anchor is valid YAML (the last one counts); ruamel's warning about it
            # would reach the terminal as a Python warning.
            warnings.simplefilter("ignore")
            roots = list(yaml.load_all(text))
    except YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except TypeError:  # a key that is a mapping holding a list, which ruamel cannot hash
        raise _complex_key_error(text) from None
    if len(roots) != len(source.documents):
        raise FormatError("the documents of this file could not be told apart")
    for number, root in enumerate(roots, start=1):
        if root is None:
            line = source.documents[number - 1].line + 1
            raise FormatError(f"document {number} is empty; fmt leaves such files alone", line)
    notes = [_attach(root, source, number) for number, root in enumerate(roots)]
    for root, note in zip(roots, notes, strict=True):
        if note is not None:
            _clear_comments(root)
        _keep_anchors(root)
        _order_document(root)
        _quote_ambiguous(root)
    for root, note in zip(roots, notes, strict=True):
        if note is not None:
            _place_comments(root, note)
    yaml.explicit_start = source.documents[0].explicit
    stream = io.StringIO()
    yaml.dump_all(roots, stream)
    output, output_source = _polish(stream.getvalue())
    if output != text:
        _verify(source, output_source)
    return output


class _Resolver(VersionedResolver):
    """Reads plain scalars the way cjmap's loader does, so that none changes its form.

    cjmap reads YAML 1.2's core schema (:func:`cjmap.document.load.resolve_plain`) and takes every
    key as its text. ruamel's resolvers read YAML 1.1 forms too (``017``, ``1_000``, ``-0x1F``,
    timestamps) and write them back in their own spelling, which cjmap may read as another
    value. Here a plain value is a boolean or a null exactly when cjmap reads it so (fmt
    writes those as ``true``/``false`` and an empty value); every other plain scalar, and
    every key (but ``<<``, which ruamel needs to keep a merge), stays the text it was, so it
    is written back character for character.
    """

    _MERGE = Tag(suffix="tag:yaml.org,2002:merge")
    _NULL = Tag(suffix="tag:yaml.org,2002:null")
    _BOOL = Tag(suffix="tag:yaml.org,2002:bool")

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(version, loader, loadumper)
        self._in_key: list[bool] = []

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        # The composer and the serializer pass a mapping with no index for its keys.
        self._in_key.append(isinstance(current_node, MappingNode) and current_index is None)

    def ascend_resolver(self) -> None:
        if self._in_key:
            self._in_key.pop()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            if self._in_key and self._in_key[-1]:
                return self._MERGE if value == "<<" else self.DEFAULT_SCALAR_TAG
            if value in _NULLS:
                return self._NULL
            if value in _BOOLEANS:
                return self._BOOL
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


class _Emitter(RoundTripEmitter):
    """Writes the characters YAML has one-letter escapes for (``\\N``, ``\\L``, ``\\P``,
    ``\\_``) as the numeric escapes most people know (``\\x85``, ``\\u2028``, ...)."""

    # ruamel declares this table as an instance attribute, so it cannot be a ClassVar here.
    ESCAPE_REPLACEMENTS = {  # noqa: RUF012
        char: letter
        for char, letter in RoundTripEmitter.ESCAPE_REPLACEMENTS.items()
        if char not in "\x85\xa0\u2028\u2029"
    }


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Emitter = _Emitter
    yaml.Resolver = _Resolver
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_WRAP
    return yaml
