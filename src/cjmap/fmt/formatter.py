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
file cjmap does not read whole, or with more than :data:`MAX_NODES` values, is refused first.
"""

from __future__ import annotations

import codecs
import difflib
import io
import math
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from cjmap.util.fsutil import atomic_write

if TYPE_CHECKING:
    from cjmap.document.load import LoadedFile

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
# Long lines are never re-wrapped: ruamel folds plain scalars wider than this.
_NO_WRAP = 1 << 30


class FormatError(Exception):
    """A file that cannot be formatted: it does not parse, or formatting would lose something.

    ``line`` and ``column`` are 1-based and None when unknown.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        from cjmap.util.textsafe import clip_quotes

        message = clip_quotes(message)  # what it quotes of the file: 40 characters at most
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[type[FormatError], tuple[str, int | None, int | None]]:
        # Keeps line and column when the error comes back from a worker process.
        return (FormatError, (self.message, self.line, self.column))

    def located(self, name: str) -> str:
        """The error as ``name:line:column: message`` (the parts that are known)."""
        where = name
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


# --- canonical key order -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of mapping: its key order and the kinds of the mappings listed under its keys."""

    order: tuple[str, ...]
    children: dict[str, str] = field(default_factory=dict)


_KINDS: dict[str, _Kind] = {
    "journey": _Kind(
        (
            "kind", "id", "title", "description", "state", "improves", "owner", "tags",
            "locale", "reviewed", "emotion_scale", "goals", "personas", "sources", "stages",
        ),
        {"personas": "persona", "sources": "source", "stages": "stage"},
    ),
    "persona": _Kind(
        (
            "kind", "id", "name", "role", "segment", "share", "quote", "description",
            "demographics", "goals", "motivations", "frustrations", "needs", "preferences",
            "behaviors", "channels",
        )
    ),
    "workspace": _Kind(
        (
            "kind", "emotion_scale", "include", "exclude", "locale", "review_every",
            "friction", "rules",
        )
    ),
    "source": _Kind(("id", "type", "title", "date", "n", "url")),
    "stage": _Kind(
        ("id", "name", "description", "goal", "expectations", "duration", "touchpoints"),
        {"touchpoints": "touchpoint"},
    ),
    "touchpoint": _Kind(
        (
            "id", "name", "channel", "type", "owner", "description", "actions", "thoughts",
            "frontstage", "backstage", "support", "emotion", "effort", "completion",
            "duration", "moment_of_truth", "evidence", "metrics", "pain_points",
            "opportunities",
        ),
        {"metrics": "metric", "pain_points": "pain_point", "opportunities": "opportunity"},
    ),
    "metric": _Kind(("name", "value", "unit", "target", "better", "source")),
    "pain_point": _Kind(
        ("id", "text", "severity", "frequency", "category", "scope", "root_cause", "evidence")
    ),
    "opportunity": _Kind(
        ("id", "text", "impact", "effort", "confidence", "owner", "status", "addresses")
    ),
}  # fmt: skip

DOCUMENT_KINDS = ("journey", "persona", "workspace")

KEY_ORDER: dict[str, tuple[str, ...]] = {name: kind.order for name, kind in _KINDS.items()}
"""The canonical key order of each kind of mapping (for the docs and the tests)."""

# Plain scalars a YAML 1.1 reader (and yamllint's ``truthy`` rule) takes for booleans. In YAML
# 1.2 they are strings; fmt quotes them so that every reader agrees.
_YAML11_BOOLEANS = frozenset(
    word
    for base in ("y", "yes", "n", "no", "on", "off")
    for word in (base, base.capitalize(), base.upper())
)


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
    _count_nodes(text)
    before = _read_as_cjmap(text)
    result: str | None
    try:
        first = _format_once(text)
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


def canonical_comment(text: str) -> str:
    """A comment's text as fmt writes it: stripped, with one space after the leading ``#``s."""
    text = text.strip()
    marks = len(text) - len(text.lstrip("#"))
    rest = text[marks:]
    if rest and not rest.startswith(" "):
        return f"{text[:marks]} {rest}"
    return text


# A line with its end: LF, CRLF, or a CR alone (which a terminal would not show as one).
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


# The plain scalars cjmap's loader reads as null and as booleans (YAML 1.2 core schema).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


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


def _complex_key_error(text: str) -> FormatError:
    """The error for a key that is a list or a mapping, where cjmap's loader finds it."""
    from cjmap.document.load import load_text

    message = "a mapping key must be plain text, not a list or a mapping"
    for problem in load_text(text, "").problems:
        if problem.rule == "complex-key":
            return FormatError(message, problem.span.line, problem.span.column)
    return FormatError(message)


def _syntax_error(exc: BaseException, text: str) -> FormatError:
    """A ruamel error as a FormatError at the place it names."""
    mark: Any = None
    merging = isinstance(exc, MarkedYAMLError) and "for merging" in str(exc.problem or "")
    if (
        isinstance(exc, MarkedYAMLError)
        and not merging
        and not (exc.context and "duplicate anchor" in exc.context)
    ):
        from cjmap.document.yaml_errors import translate

        found = translate(exc, text)
        if found is not None:
            # The words validate uses, so that both commands explain a mistake alike.
            return FormatError(
                f"YAML syntax: {found.message} (hint: {found.hint})", found.line, found.column
            )
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and "duplicate anchor" in exc.context:
            # ruamel's problem is only "second occurrence"; its context names the anchor.
            message = f"{exc.context.split(';')[0]}; fmt needs each anchor name to be unique"
    else:
        message = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    if isinstance(line, int) and isinstance(column, int):
        if "for merging" in message:
            # Valid YAML 1.2 (cjmap reads '<<' as a key like any other), but fmt's library
            # takes a plain '<<' for a merge key.
            return FormatError(
                "fmt takes a plain '<<' key for a YAML merge key, whose value must be a "
                "mapping or a list of them (such as *defaults); if '<<' is meant as text, "
                "write it in quotes: '<<'",
                line + 1,
                column + 1,
            )
        return FormatError(f"YAML syntax: {message}", line + 1, column + 1)
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        line_start = text.rfind("\n", 0, position) + 1
        return FormatError(
            f"YAML syntax: {message}", text.count("\n", 0, position) + 1, position - line_start + 1
        )
    return FormatError(f"YAML syntax: {message}")


# --- scanning the text for comments --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Comment:
    line: int  # 0-based, like ruamel's marks
    column: int
    text: str
    own_line: bool


@dataclass(slots=True)
class _DocumentStart:
    line: int  # the ``---`` line, or the first line of the content
    explicit: bool
    sequence_column: int | None = None  # where the "-" of a block sequence root stands


@dataclass(slots=True)
class _Source:
    """What fmt needs to know about a text besides its data: comments, blank lines, layout."""

    lines: list[str]
    comments: list[_Comment]
    blank: set[int]
    token_lines: list[bool]  # whether a YAML token starts on the line
    flow_spans: list[tuple[int, int, int, int]]  # (line, column) to (line, column)
    documents: list[_DocumentStart]
    inside: set[int]  # lines wholly inside a scalar
    covered: dict[int, list[tuple[int, int]]]  # column ranges inside scalars, per line

    def comment_at(self) -> dict[int, _Comment]:
        return {comment.line: comment for comment in self.comments}


def _scan(text: str) -> _Source:
    """Find comments, blank lines, flow collections and documents in ``text``."""
    events = _parse_events(text)
    lines = text.split("\n")
    covered: dict[int, list[tuple[int, int]]] = {}
    inside: set[int] = set()
    starts: set[int] = set()
    flow_spans: list[tuple[int, int, int, int]] = []
    documents: list[_DocumentStart] = []
    flow_stack: list[tuple[int, int] | None] = []
    open_anchors: list[str | None] = []
    pending_document: bool | None = None
    for event in events:
        start = event.start_mark
        end = event.end_mark
        if isinstance(event, DocumentStartEvent):
            pending_document = bool(event.explicit)
            if pending_document:
                documents.append(_DocumentStart(start.line, True))
                pending_document = None
            continue
        if pending_document is not None:
            documents.append(_DocumentStart(start.line, False))
            pending_document = None
        if isinstance(event, CollectionStartEvent):
            root = not flow_stack and documents
            if root and isinstance(event, SequenceStartEvent) and not event.flow_style:
                documents[-1].sequence_column = start.column
            starts.add(start.line)
            flow_stack.append((start.line, start.column) if event.flow_style else None)
            open_anchors.append(event.anchor)
        elif isinstance(event, CollectionEndEvent):
            opened = flow_stack.pop() if flow_stack else None
            if open_anchors:
                open_anchors.pop()
            if opened is not None:
                flow_spans.append((*opened, end.line, end.column))
        elif isinstance(event, AliasEvent):
            if event.anchor in open_anchors:
                raise FormatError(
                    f"the alias *{event.anchor} stands inside the node it names; fmt cannot "
                    "keep such a recursive structure",
                    start.line + 1,
                    start.column + 1,
                )
        elif isinstance(event, ScalarEvent):
            starts.add(start.line)
            if event.style in ("|", ">"):
                _cover_block_scalar(
                    lines, start.line, start.column, end.line, end.column, covered, inside
                )
            else:
                _cover_span(start.line, start.column, end.line, end.column, covered, inside)
    comments: list[_Comment] = []
    blank: set[int] = set()
    token_lines = [False] * len(lines)
    for number, line in enumerate(lines):
        if number in inside:
            continue
        ranges = covered.get(number, [])
        column = _comment_column(line, ranges)
        content = line if column is None else line[:column]
        if column is not None:
            own = not content.strip() and not ranges
            comments.append(_Comment(number, column, line[column:].rstrip(), own))
        elif not line.strip() and not ranges:
            blank.add(number)
        if number in starts or _has_token(content, ranges):
            token_lines[number] = True
    return _Source(lines, comments, blank, token_lines, flow_spans, documents, inside, covered)


def _parse_events(text: str) -> list[Event]:
    from cjmap.document.load import DEFAULT_MAX_DEPTH

    yaml = YAML(typ="safe")
    events: list[Event] = []
    depth = 0
    try:
        for event in yaml.parse(text):
            # Stop at the limit validate has: the parser slows down quadratically with the
            # depth of flow collections (100,000 '[' took more than a minute).
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > DEFAULT_MAX_DEPTH:
                    mark = event.start_mark
                    raise FormatError(
                        f"the data is nested too deeply to format (more than "
                        f"{DEFAULT_MAX_DEPTH} levels)",
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            events.append(event)
        return events
    except YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except ValueError as exc:  # the C reader refuses some characters this way
        raise FormatError(f"YAML syntax: {exc}") from None


def _cover_span(
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    covered: dict[int, list[tuple[int, int]]],
    inside: set[int],
) -> None:
    if line == end_line:
        covered.setdefault(line, []).append((column, end_column))
        return
    covered.setdefault(line, []).append((column, _NO_WRAP))
    inside.update(range(line + 1, end_line))
    covered.setdefault(end_line, []).append((0, end_column))


def _cover_block_scalar(
    lines: list[str],
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    covered: dict[int, list[tuple[int, int]]],
    inside: set[int],
) -> None:
    header = lines[line]
    indicator = min(
        (found for found in (header.find("|", column), header.find(">", column)) if found >= 0),
        default=column,
    )
    stop = indicator + 1
    while stop < len(header) and header[stop] in "+-0123456789":
        stop += 1
    covered.setdefault(line, []).append((column, stop))
    last = end_line if end_column > 0 else end_line - 1
    if "+" not in header[indicator:stop]:
        # Without "keep" chomping, trailing blank lines are not part of the value.
        while last > line and not lines[last].strip():
            last -= 1
    inside.update(range(line + 1, last + 1))


def _comment_column(line: str, ranges: list[tuple[int, int]]) -> int | None:
    position = line.find("#")
    while position >= 0:
        if (position == 0 or line[position - 1] in " \t") and not any(
            start <= position < stop for start, stop in ranges
        ):
            return position
        position = line.find("#", position + 1)
    return None


def _has_token(content: str, ranges: list[tuple[int, int]]) -> bool:
    return any(
        not char.isspace() and not any(start <= index < stop for start, stop in ranges)
        for index, char in enumerate(content)
    )


# --- which key or item each comment belongs to ---------------------------------------------


@dataclass(slots=True)
class _Entry:
    """A key of a block mapping or an item of a block sequence, where it starts in the text."""

    line: int
    column: int
    container: Any
    key: Any
    chain: tuple[int, ...]  # ids of the block collections holding it, outermost first


# A line fmt keeps around content: "" for a blank line, else the comment's text.
_Lines = list[str]


@dataclass(slots=True)
class _Notes:
    """The comments and blank lines of one document, attached to what they describe."""

    head: _Lines = field(default_factory=list)
    tail: _Lines = field(default_factory=list)
    before: dict[tuple[int, Any], _Lines] = field(default_factory=dict)
    eol: dict[tuple[int, Any], tuple[str, int]] = field(default_factory=dict)  # (text, gap)
    end: dict[int, _Lines] = field(default_factory=dict)


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _own_keys(node: CommentedMap) -> list[Any]:
    if getattr(node, "merge", None):
        return [key for key, _ in node.non_merged_items()]
    return list(node.keys())


def _attach(root: Any, source: _Source, number: int) -> _Notes | None:
    """Attach the comments and blank lines of document ``number`` to its keys and items."""
    if not _is_block(root):
        # A document that is a scalar or a flow collection has nothing to reorder; its
        # comments stay where ruamel put them, and _verify refuses the file if one is lost.
        return None
    first = source.documents[number].line if number else 0
    stop = (
        source.documents[number + 1].line
        if number + 1 < len(source.documents)
        else len(source.lines)
    )
    entries: list[_Entry] = []
    columns: dict[int, int] = {}
    _collect_entries(root, (), source.lines, entries, columns, set())
    notes = _Notes()
    items: list[tuple[int, int, int, Any]] = [
        (entry.line, entry.column, 2, entry) for entry in entries
    ]
    for comment in source.comments:
        if first <= comment.line < stop:
            _refuse_inside_flow(comment, source.flow_spans)
            items.append((comment.line, comment.column, 1, comment))
    items.extend((line, 0, 0, None) for line in source.blank if first <= line < stop)
    items.sort(key=lambda item: item[:3])
    run: list[tuple[int, str]] = []
    previous: _Entry | None = None
    for _, _, _, item in items:
        if item is None:
            run.append((-1, ""))
        elif isinstance(item, _Comment):
            if item.own_line:
                run.append((item.column, item.text))
            elif previous is None:
                run.append((0, item.text))
            else:
                ident = (id(previous.container), previous.key)
                if ident in notes.eol:
                    run.append((item.column, item.text))
                else:
                    content = source.lines[item.line][: item.column].rstrip()
                    notes.eol[ident] = (item.text, item.column - len(content))
        else:
            _settle_run(run, previous, item, notes, columns)
            run = []
            previous = item
    _settle_run(run, previous, None, notes, columns)
    return notes


def _refuse_inside_flow(comment: _Comment, spans: list[tuple[int, int, int, int]]) -> None:
    position = (comment.line, comment.column)
    for line, column, end_line, end_column in spans:
        if (line, column) < position < (end_line, end_column):
            raise FormatError(
                "a comment inside a flow collection ([...] or {...}) cannot be kept; move it "
                "outside the brackets or write the collection in block style",
                comment.line + 1,
                comment.column + 1,
            )


def _collect_entries(
    node: Any,
    chain: tuple[int, ...],
    lines: list[str],
    entries: list[_Entry],
    columns: dict[int, int],
    seen: set[int],
) -> None:
    if not _is_block(node) or id(node) in seen:
        return
    seen.add(id(node))
    inner = (*chain, id(node))
    if isinstance(node, CommentedMap):
        for key in _own_keys(node):
            try:
                line, column = node.lc.key(key)
            except (KeyError, TypeError):
                continue
            columns.setdefault(id(node), column)
            entries.append(_Entry(line, column, node, key, inner))
            _collect_entries(node[key], inner, lines, entries, columns, seen)
    else:
        for index, item in enumerate(node):
            try:
                line, column = node.lc.item(index)
            except (KeyError, TypeError):
                continue
            line, column = _dash_before(lines, line, column)
            columns.setdefault(id(node), column)
            entries.append(_Entry(line, column, node, index, inner))
            _collect_entries(item, inner, lines, entries, columns, seen)


def _dash_before(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """Where the ``-`` of a block sequence item stands (ruamel records its value's place)."""
    row, col = line, column
    while row >= 0 and row >= line - 5:
        text = lines[row]
        col = min(col, len(text))
        while col > 0 and text[col - 1] in " \t":
            col -= 1
        if col > 0:
            return (row, col - 1) if text[col - 1] == "-" else (line, column)
        row -= 1
        col = len(lines[row]) if row >= 0 else 0
    return line, column


def _settle_run(
    run: list[tuple[int, str]],
    previous: _Entry | None,
    following: _Entry | None,
    notes: _Notes,
    columns: dict[int, int],
) -> None:
    """Give the comment lines between two entries to the collections they close or to the next.

    Comment lines indented deeper than the next entry, right after the end of a nested
    collection, trail that collection; the rest (with the blank lines before them) lead the
    next entry.
    """
    if previous is None:
        notes.head.extend(text for _, text in run)
        return
    limit = following.column if following is not None else 0
    closing = [
        ident
        for ident in reversed(previous.chain)
        if following is None or ident not in following.chain
    ]
    split = 0
    if closing:
        for index, (column, text) in enumerate(run):
            if not text:
                continue
            if column <= limit:
                break
            split = index + 1
    waiting: _Lines = []
    for column, text in run[:split]:
        if not text:
            waiting.append(text)
            continue
        target = next((ident for ident in closing if columns.get(ident, 0) <= column), closing[-1])
        if following is None and target == closing[-1] and columns.get(target, 0) == 0:
            notes.tail.extend([*waiting, text])
        else:
            notes.end.setdefault(target, []).extend([*waiting, text])
        waiting = []
    rest = [*waiting, *(text for _, text in run[split:])]
    if following is None:
        notes.tail.extend(rest)
    else:
        notes.before.setdefault((id(following.container), following.key), []).extend(rest)


# --- reordering and writing the comments back ----------------------------------------------


def _walk_collections(root: Any) -> Iterator[Any]:
    """Every mapping and sequence in the document, once each (aliases are not revisited)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, CommentedMap | CommentedSeq) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(node.values() if isinstance(node, CommentedMap) else node)


def _clear_comments(root: Any) -> None:
    for node in _walk_collections(root):
        node.ca.items.clear()
        node.ca.comment = None
        node.ca.end = []


def _order_document(root: Any) -> None:
    if isinstance(root, CommentedMap):
        kind = root.get("kind")
        if isinstance(kind, str) and kind in DOCUMENT_KINDS:
            _order_mapping(root, kind, set())


def _order_mapping(node: CommentedMap, kind_name: str, seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    kind = _KINDS[kind_name]
    if not getattr(node, "merge", None):
        keys = list(node.keys())
        known = set(kind.order)
        wanted = [key for key in kind.order if key in node]
        wanted += [key for key in keys if not (isinstance(key, str) and key in known)]
        if wanted != keys:
            for key in wanted:
                node.move_to_end(key)
    for key, child_kind in kind.children.items():
        value = node.get(key)
        if isinstance(value, CommentedSeq):
            for item in value:
                if isinstance(item, CommentedMap):
                    _order_mapping(item, child_kind, seen)


def _quote_ambiguous(root: Any) -> None:
    """Double-quote plain strings that YAML 1.1 readers would take for booleans."""
    for node in _walk_collections(root):
        if isinstance(node, CommentedMap):
            for key in _own_keys(node):
                if _is_ambiguous(node[key]):
                    node[key] = DoubleQuotedScalarString(node[key])
        else:
            for index, item in enumerate(node):
                if _is_ambiguous(item):
                    node[index] = DoubleQuotedScalarString(item)


def _is_ambiguous(value: Any) -> bool:
    return type(value) is str and value in _YAML11_BOOLEANS


@dataclass(slots=True)
class _Placer:
    """Writes the comments of one document back, walking it in output order."""

    notes: _Notes
    pending: list[tuple[int, str]] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    emitted: set[int] = field(default_factory=set)

    def place(self, root: Any) -> None:
        self.pending = [(0, text) for text in self.notes.head]
        self.emitted.add(id(root))
        self.collection(root, 0)
        tail = _tidy([*self.pending, *((0, text) for text in self.notes.tail)], lead=True)
        while tail and not tail[-1][1]:
            tail.pop()
        if root.ca.comment is None:
            root.ca.comment = [None, None]
        root.ca.end = [_token(text, column) for column, text in tail]

    def collection(self, node: Any, column: int) -> None:
        if not _is_block(node) or id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, CommentedMap):
            for index, key in enumerate(_own_keys(node)):
                ident = (id(node), key)
                lines = self.take(ident, column, first=index == 0)
                eol = self.notes.eol.get(ident)
                if self.alias_site(node[key], lines, eol, column):
                    continue
                value = node[key]
                header = None
                if eol is not None and isinstance(value, LiteralScalarString | FoldedScalarString):
                    # The comment on a block scalar's "|" or ">" line lives in its own slot.
                    header = [" " * max(eol[1], 1) + eol[0]]
                    eol = None
                node.ca.items[key] = [
                    None,
                    [_token(text, col) for col, text in lines] or None,
                    _end_of_line_token(*eol) if eol is not None else None,
                    header,
                ]
                self.collection(value, column + 2)
        else:
            for index, item in enumerate(node):
                ident = (id(node), index)
                lines = self.take(ident, column, first=index == 0)
                eol = self.notes.eol.get(ident)
                if self.alias_site(item, lines, eol, column):
                    continue
                if eol is not None and isinstance(item, LiteralScalarString | FoldedScalarString):
                    # ruamel cannot write a comment on the "|" line of a sequence item.
                    lines.append((column, eol[0]))
                    eol = None
                if _is_block(item) and len(item):
                    # Comments above an item's first key go above the "-", where they read
                    # as describing the item.
                    first_key = next(iter(_own_keys(item))) if isinstance(item, CommentedMap) else 0
                    above = self.notes.before.pop((id(item), first_key), [])
                    lines = _tidy([*lines, *((column, text) for text in above)], lead=index > 0)
                    if eol is not None:
                        lines.append((column, eol[0]))
                        eol = None
                node.ca.items[index] = [
                    _end_of_line_token(*eol) if eol is not None else None,
                    [_token(text, col) for col, text in lines] or None,
                ]
                self.collection(item, column + 2)
        self.pending.extend((column, text) for text in self.notes.end.get(id(node), []))

    def take(self, ident: tuple[int, Any], column: int, *, first: bool) -> list[tuple[int, str]]:
        """The lines to write above an entry: what is pending, then its own comments."""
        own = [(column, text) for text in self.notes.before.get(ident, [])]
        lines = _tidy([*self.pending, *own], lead=not first)
        self.pending = []
        return lines

    def alias_site(
        self,
        value: Any,
        lines: list[tuple[int, str]],
        eol: tuple[str, int] | None,
        column: int,
    ) -> bool:
        """Whether ``value`` is written as an alias here, its node shared with the anchor.

        ruamel keeps the comments of a shared node in one place, so comments at an alias go
        below it instead of onto the anchored node.
        """
        if not _sharable(value):
            return False
        if id(value) not in self.emitted:
            self.emitted.add(id(value))
            return False
        self.pending = [*lines, *([(column, eol[0])] if eol is not None else [])]
        return True


def _sharable(value: Any) -> bool:
    """Whether ruamel may write ``value`` as an alias (a collection or an anchored scalar)."""
    if isinstance(value, dict | list | set):
        return True
    anchor = getattr(value, "anchor", None)
    return getattr(anchor, "value", None) is not None


def _keep_anchors(root: Any) -> None:
    """Keep anchors nothing refers to (ruamel would drop them from collections)."""
    for node in _walk_collections(root):
        anchor = node.yaml_anchor()
        if anchor is not None:
            node.yaml_set_anchor(anchor.value, always_dump=True)


def _tidy(lines: list[tuple[int, str]], *, lead: bool) -> list[tuple[int, str]]:
    """Collapse runs of blank lines into one; drop leading ones unless ``lead``."""
    tidy: list[tuple[int, str]] = []
    for column, text in lines:
        if not text and ((tidy and not tidy[-1][1]) or (not tidy and not lead)):
            continue
        tidy.append((column, text))
    return tidy


def _place_comments(root: Any, notes: _Notes) -> None:
    _Placer(notes).place(root)


def _token(text: str, column: int) -> CommentToken:
    """A comment line (or a blank line, for "") written at ``column``."""
    if not text:
        return CommentToken("\n", CommentMark(0), None)
    return CommentToken(text + "\n", CommentMark(max(column, 0)), None)


def _end_of_line_token(text: str, gap: int) -> CommentToken:
    """An end-of-line comment ``gap`` spaces after the content (ruamel writes the first)."""
    return CommentToken(" " * (max(gap, 1) - 1) + text + "\n", CommentMark(0))


# --- polishing the output ------------------------------------------------------------------


def _polish(text: str) -> tuple[str, _Source]:
    """Indent comment lines like the content they sit in (yamllint's ``comments-indentation``),
    put two spaces before end-of-line comments and one after the ``#``, and drop the space
    ruamel leaves after the ``-`` of an empty (null) item (yamllint's ``trailing-spaces``)."""
    text = _compact_nested_sequences(_dedent_root_sequences(text))
    source = _scan(text)
    lines = list(source.lines)
    for number, line in enumerate(lines):
        if (
            line.endswith(" ")
            and _EMPTY_ITEM.fullmatch(line)
            and number not in source.inside
            # An empty scalar there spans nothing; text reaching the spaces keeps them.
            and all(stop <= len(line.rstrip(" ")) for _, stop in source.covered.get(number, []))
        ):
            lines[number] = line.rstrip(" ")
    comments = source.comment_at()
    next_indent = _next_token_indents(source)
    previous_indent = 0
    run_column: int | None = None
    for number, line in enumerate(lines):
        comment = comments.get(number)
        if comment is None:
            if source.token_lines[number]:
                previous_indent = _indent(line)
                run_column = None
            continue
        text = canonical_comment(comment.text)
        if number == 0 and comment.text.startswith("#!"):
            text = comment.text
        if not comment.own_line:
            content = line[: comment.column].rstrip()
            lines[number] = f"{content}{' ' * max(2, comment.column - len(content))}{text}"
            if source.token_lines[number]:
                previous_indent = _indent(line)
            run_column = None
            continue
        following = next_indent[number]
        other = max(previous_indent, following) if run_column is None else run_column
        column = comment.column
        if column not in (following, other):
            column = other if column > following and other > following else following
        lines[number] = " " * column + text
        run_column = column
    polished = "\n".join(lines)
    if polished == text:
        return text, source
    return polished, _scan(polished)


# A line holding only the "-" of empty sequence items, and the space ruamel writes after it.
_EMPTY_ITEM = re.compile(r" *(?:- +)+")


def _dedent_root_sequences(text: str) -> str:
    """Start a document that is a sequence at column 0 (ruamel indents it like a nested one)."""
    source = _scan(text)
    if all(not document.sequence_column for document in source.documents):
        return text
    lines = source.lines
    bounds = [document.line for document in source.documents] + [len(lines)]
    for number, document in enumerate(source.documents):
        shift = document.sequence_column or 0
        for line in range(bounds[number], bounds[number + 1]):
            if lines[line].startswith(" " * shift):
                lines[line] = lines[line][shift:]
    return "\n".join(lines)


_NESTED_SEQUENCE = re.compile(r"((?:- | )*?)-   -(?= |$)")


def _compact_nested_sequences(text: str) -> str:
    """Write a sequence item that is itself a sequence as ``- - a`` (yamllint's ``hyphens``).

    ruamel writes ``-   - a`` with the inner items indented to match; the inner sequence
    moves two columns left, with everything inside it.
    """
    for _ in range(64):
        source = _scan(text)
        lines = source.lines
        for number, line in enumerate(lines):
            match = _NESTED_SEQUENCE.match(line)
            if match is None or number in source.inside:
                continue
            dash = len(match.group(1))
            ranges = source.covered.get(number, [])
            if any(start <= dash + 4 < stop or start <= dash < stop for start, stop in ranges):
                continue
            lines[number] = f"{line[:dash]}- -{line[dash + 5 :]}"
            later = number + 1
            while later < len(lines) and (
                later in source.inside
                or not lines[later].strip()
                or _indent(lines[later]) >= dash + 4
            ):
                if lines[later].startswith("  "):
                    lines[later] = lines[later][2:]
                later += 1
            text = "\n".join(lines)
            break
        else:
            return text
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _next_token_indents(source: _Source) -> list[int]:
    """For each line, the indentation of the next line on which a token starts (0 at the end)."""
    indents = [0] * len(source.lines)
    following = 0
    for number in range(len(source.lines) - 1, -1, -1):
        indents[number] = following
        if source.token_lines[number]:
            following = _indent(source.lines[number])
    return indents


# --- proving nothing was lost --------------------------------------------------------------


def _verify(source: _Source, output_source: _Source) -> None:
    """Raise FormatError unless the output has the same comments as the input."""
    before = Counter(canonical_comment(comment.text) for comment in source.comments)
    after = Counter(canonical_comment(comment.text) for comment in output_source.comments)
    if before != after:
        lost = before - after
        where = next((c for c in source.comments if canonical_comment(c.text) in lost), None)
        raise FormatError(
            "formatting would lose or duplicate a comment, so the file was left untouched",
            where.line + 1 if where else None,
            where.column + 1 if where else None,
        )


# --- what cjmap reads ---------------------------------------------------------------------

MAX_NODES = 300_000
"""The most values (keys, list items, texts, numbers, aliases) fmt takes in one file.

The round-trip library costs about 0.15 ms per value, so an 8 MiB file of tiny values (four
million items of a flow list) took 412 s and 4 GB; at this limit the slowest file measured
(docs/fmt.md, Limits) takes about a minute for ``--check``. A journey of 10,000 touchpoints
holds about 276,000."""


def _count_nodes(text: str) -> None:
    """Refuse a file with more than :data:`MAX_NODES` values, or nested too deeply.

    It streams the C parser's events (a few hundred thousand a second) and stops at the
    limit, so even an 8 MiB file of four million values is refused in a fraction of a second.
    A syntax error stops the count: reading the file with cjmap's loader reports it.
    """
    from cjmap.document.load import DEFAULT_MAX_DEPTH, _c_parser, _pure_events

    parser = _c_parser()
    events: Iterator[Any] = iter(parser(text).get_event, None) if parser else _pure_events(text)
    nodes = depth = 0
    try:
        for event in events:
            name = type(event).__name__
            if name == "StreamEndEvent":
                return
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > DEFAULT_MAX_DEPTH:
                    return  # cjmap's loader refuses it just after, in the words validate uses
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
                continue
            elif name not in ("ScalarEvent", "AliasEvent"):
                continue
            nodes += 1
            if nodes > MAX_NODES:
                mark = event.start_mark
                raise FormatError(
                    f"the file holds more than {MAX_NODES:,} values (keys, list items and "
                    "texts), the most fmt formats in one file, so it was left untouched; "
                    "split it into several files",
                    mark.line + 1,
                    mark.column + 1,
                )
    except FormatError:
        raise
    except Exception:  # a syntax error, or a character the reader refuses
        return  # reported by cjmap's loader, with its place and a hint, just after


# What fmt may pass over among the problems cjmap's loader reports: the documents it reads
# are complete, and fmt keeps the file as empty as it is.
_HARMLESS = frozenset({"empty-file"})


def _read_as_cjmap(text: str) -> LoadedFile:
    """``text`` as cjmap reads it; FormatError where cjmap would not read it whole."""
    from cjmap.document.load import load_text

    loaded = load_text(text, "")
    for problem in loaded.problems:
        if problem.rule not in _HARMLESS:
            message = problem.message
            if problem.rule == "yaml-syntax" and not message.startswith("YAML syntax"):
                message = f"YAML syntax: {message}"
            if problem.hint:
                message += f" (hint: {problem.hint})"
            raise FormatError(message, problem.span.line, problem.span.column)
    return loaded


def _same_as_cjmap_reads(before: LoadedFile, output: str) -> None:
    """Raise FormatError unless cjmap reads ``output`` as the same data as ``before``.

    The data is compared exactly: the same types (an integer is not a float, a text is not a
    number), numbers and texts, the same items in the same order. Key order counts too, but
    in the mappings fmt puts in canonical order (a journey's, a stage's, ...).
    """
    from cjmap.document.load import load_text

    after = load_text(output, "")
    problems = [problem for problem in after.problems if problem.rule not in _HARMLESS]
    if not problems and len(after.documents) == len(before.documents):
        for old, new in zip(before.documents, after.documents, strict=True):
            path = _difference(old.data, new.data, _document_kind(old.data), (), set())
            if path is not None:
                break
        else:
            return
        span = before.locate(old.index, path, at_key=False)
        shown = _show(_at(old.data, path)), _show(_at(new.data, path))
        raise FormatError(
            f"formatting would change what cjmap reads here ({shown[0]} would become "
            f"{shown[1]}), so the file was left untouched; please report this as a bug in "
            "cjmap (putting the value in quotes, if it is text, lets fmt format the file)",
            span.line,
            span.column,
        )
    raise FormatError(
        "formatting would change what cjmap reads in this file, so it was left untouched; "
        "please report this as a bug in cjmap"
    )


def _document_kind(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) and kind in DOCUMENT_KINDS else None


_MISSING: Any = object()


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _show(value: Any) -> str:
    """A value as a message shows it: short, its type visible, control characters escaped."""
    from cjmap.util.textsafe import escape_control

    if value is _MISSING:
        return "nothing"
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str):
        shown = f"the text '{value[:40]}{'…' if len(value) > 40 else ''}'"
    elif isinstance(value, bool) or value is None:
        shown = "null" if value is None else str(value).lower()
    elif isinstance(value, int) and value.bit_length() > 128:
        # Never str() a huge number: Python refuses more than 4,300 digits.
        shown = f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    else:
        shown = f"the number {value!r}"
    return escape_control(shown)


def _difference(
    a: Any, b: Any, kind: str | None, path: tuple[str | int, ...], seen: set[tuple[int, int]]
) -> tuple[str | int, ...] | None:
    """The path of the first place where ``a`` and ``b`` differ as data, or None.

    Types count (True is not 1, 1 is not 1.0), a NaN equals a NaN, and parts shared through
    aliases are compared once. ``kind`` is the kind of mapping ``a`` is (None when fmt keeps
    its key order).
    """
    if type(a) is not type(b):
        return path
    if isinstance(a, float):
        return None if a == b or (math.isnan(a) and math.isnan(b)) else path
    if not isinstance(a, dict | list):
        return None if a == b else path
    pair = (id(a), id(b))
    if pair in seen:
        return None
    seen.add(pair)
    if isinstance(a, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _difference(x, y, None, (*path, index), seen)
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    order = [key for key in a if key not in b] or [key for key in b if key not in a]
    if order:
        return (*path, order[0])
    if kind is None and list(a) != list(b):
        return path
    children = _KINDS[kind].children if kind is not None else {}
    for key, value in a.items():
        item_kind = children.get(key)
        other = b[key]
        if item_kind is not None and isinstance(value, list) and isinstance(other, list):
            if len(value) != len(other):
                return (*path, key)
            for index, (x, y) in enumerate(zip(value, other, strict=True)):
                found = _difference(
                    x, y, item_kind if isinstance(x, dict) else None, (*path, key, index), seen
                )
                if found is not None:
                    return found
            continue
        found = _difference(value, other, None, (*path, key), seen)
        if found is not None:
            return found
    return None
