"""YAML bytes → plain data plus a source map, built from the parser's event stream.

Why events: composing a node tree (ruamel's round-trip or safe loaders) is slow, and the C
composers crash on deeply nested input. The C *parser* of ruamel.yaml.clib streams events that
carry their line and column; we build plain Python data from them ourselves, with YAML 1.2 core
schema resolution, and stop as soon as a limit is passed. Without the C extension the same
events come from ruamel's pure-Python parser.

Positions are not recorded on the first pass: most files in CI have no findings, and keeping
a path → position table for every node costs more than parsing. When a problem needs a
position, :meth:`LoadedFile.source_map` parses the text again with positions on.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cjmap.util.textsafe import clip, clip_quotes

Path = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_ALIAS_NODES = 100_000
DEFAULT_MAX_ALIAS_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits for one file.

    The alias budget is what aliases add to a document when it is expanded: the values they
    repeat (``max_alias_nodes``) and the characters of the text they repeat, keys included
    (``max_alias_chars``). Both count, so that neither many small values (a billion laughs)
    nor one long text repeated many times makes an output that no machine can hold.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES
    max_alias_chars: int = DEFAULT_MAX_ALIAS_CHARS


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file; 1-based lines and columns, end inclusive of its start."""

    line: int
    column: int
    end_line: int
    end_column: int


START = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class RawProblem:
    """A problem found while reading a file, before it is stamped with the file name."""

    rule: str
    span: Span
    message: str
    hint: str | None = None
    excerpt: tuple[str, int] | None = None
    """The offending line (cut to a readable length) and the caret's index in it."""


class SourceMap:
    """Where each node of a document is: its value and, for mapping entries, its key."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[Path, Span] = {}
        self.keys: dict[Path, Span] = {}

    def locate(self, path: Path, *, at_key: bool = True) -> Span:
        """The span of ``path``; a path that is not in the file falls back to its parent.

        ``at_key`` picks the key of a mapping entry (``unknown-key``), otherwise its value
        (``wrong-type``). A parent found by falling back is given by its value: the first line
        of the mapping that lacks a key, or the alias that stands for the data.
        """
        if at_key and path in self.keys:
            return self.keys[path]
        if path in self.values:
            return self.values[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return START


@dataclass(slots=True)
class Document:
    """One YAML document: plain data (dict, list, str, int, float, bool, None)."""

    data: Any
    index: int
    span: Span


@dataclass(slots=True)
class LoadedFile:
    """A file as read: its documents and the problems that kept parts of it from loading."""

    name: str
    text: str
    documents: list[Document] = field(default_factory=list)
    problems: list[RawProblem] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    _maps: list[SourceMap] | None = None

    def source_map(self, index: int) -> SourceMap:
        """The source map of document ``index`` (parsed again, once, on first use)."""
        if self._maps is None:
            builder = _Builder(self.limits, positions=True, text=self.text)
            with contextlib.suppress(Exception):
                # The first pass reported why the file stops where it does; the documents
                # before that point still need their positions.
                builder.run(self.text)
            self._maps = builder.maps
        if index < len(self._maps):
            return self._maps[index]
        return SourceMap()

    def locate(self, index: int, path: Path, *, at_key: bool = True) -> Span:
        return self.source_map(index).locate(path, at_key=at_key)


# --- reading bytes ----------------------------------------------------------------------

_UTF16_32 = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def load_bytes(data: bytes, name: str, limits: Limits | None = None) -> LoadedFile:
    """Read a file's bytes: check size and encoding, then parse every document."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        return too_large(name, len(data), limits)
    for bom, encoding in _UTF16_32:
        if data.startswith(bom):
            return _refused(
                name,
                "encoding",
                f"the file is encoded as {encoding}; cjmap reads UTF-8 only",
                "save the file as UTF-8 (in most editors: Save with encoding → UTF-8)",
                limits,
            )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        return _nul_bytes(name, data, limits)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return _refused(
            name,
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{bad} cannot start or continue a character)",
            "save the file as UTF-8; it may have been written as Latin-1 or Windows-1251",
            limits,
            Span(line, column, line, column + 1),
        )
    return load_text(text, name, limits)


def load_text(text: str, name: str, limits: Limits | None = None) -> LoadedFile:
    """Parse already-decoded text (a leading BOM is dropped)."""
    limits = limits or Limits()
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\u2028" in text or "\u2029" in text or "\x85" in text:  # far faster than the regex
        odd = _ODD_LINE_BREAK.search(text)
        assert odd is not None
        return _odd_line_break(name, text, odd.start(), limits)
    loaded = LoadedFile(name=name, text=text, limits=limits)
    builder = _Builder(limits, positions=False, text=text)
    try:
        builder.run(text)
    except _Abort:
        pass
    except Exception as exc:  # ruamel's scanner, parser and reader errors
        builder.problems.append(_yaml_error(exc, text))
    # An empty document (a stray '---') holds nothing to check; each keeps its index, which
    # is how its source map is found.
    loaded.documents = [doc for doc in builder.documents if doc.data is not None]
    loaded.problems = [_quoted(problem, text) for problem in builder.problems]
    if not loaded.documents and not builder.problems:
        loaded.problems.append(
            RawProblem(
                "empty-file",
                START,
                "the file holds no YAML document (it is empty or has only comments)"
                if not builder.documents
                else "the file holds only empty YAML documents",
                "start it with 'kind: journey', 'kind: persona' or 'kind: workspace'",
            )
        )
    return loaded


# NEL, LS and PS: YAML 1.2 reads them as text, but the parsers (libyaml's and ruamel's, from
# YAML 1.1) break lines at them: a comment would end there and a quoted title fold to a space.
_ODD_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def _odd_line_break(name: str, text: str, at: int, limits: Limits) -> LoadedFile:
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    code = ord(text[at])
    refused = _refused(
        name,
        "yaml-syntax",
        f"the character U+{code:04X} (a line or paragraph separator) is read "
        "as a line break by YAML parsers, so this line would not mean what it shows",
        f"delete it (it is invisible and often pasted from a word processor), or write it as "
        f'"\\u{code:04x}" in double quotes',
        limits,
        Span(line, column, line, column + 1),
    )
    refused.problems = [_quoted(problem, text) for problem in refused.problems]
    return refused


def too_large(name: str, size: int, limits: Limits) -> LoadedFile:
    """The file refused for its size (callers may check the size before reading it; a
    stream is read to one byte past the limit, so its size is not known)."""
    limit = _size(limits.max_bytes)
    return _refused(
        name,
        "file-too-large",
        f"the file is {_size(size)}, over the limit of {limit}"
        if size > limits.max_bytes + 1
        else f"the file is larger than the limit of {limit}",
        "split it into several files, or raise the limit with --max-file-size",
        limits,
    )


def not_a_file(name: str, what: str, limits: Limits) -> LoadedFile:
    """The file refused, unread, because it is a pipe, a device or a socket (``what``)."""
    return _refused(
        name,
        "not-a-file",
        f"not a regular file: it is {what}, so cjmap did not read it",
        "journey files are plain files; remove it, or replace it with the file it stands for",
        limits,
    )


def _refused(
    name: str, rule: str, message: str, hint: str, limits: Limits, span: Span = START
) -> LoadedFile:
    return LoadedFile(
        name=name, text="", problems=[RawProblem(rule, span, message, hint)], limits=limits
    )


def _nul_bytes(name: str, data: bytes, limits: Limits) -> LoadedFile:
    encoding = _wide_encoding(data[:512])
    if encoding:
        return _refused(
            name,
            "encoding",
            f"the file looks like {encoding} text; cjmap reads UTF-8 only",
            "save the file as UTF-8",
            limits,
        )
    offset = data.index(b"\x00")
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return _refused(
        name,
        "binary-file",
        "the file is not text: it contains a NUL byte",
        "cjmap reads YAML text files; check that the right file was given",
        limits,
        Span(line, column, line, column + 1),
    )


def _wide_encoding(head: bytes) -> str:
    """'UTF-32' or 'UTF-16' when NULs fall where they do in such text without a BOM, else ''.

    In ASCII-heavy text (YAML keys are ASCII) UTF-32 has three NULs in every four bytes and
    UTF-16 one in every two, always at the same offsets; binary files have them anywhere.
    """

    def zeros(part: bytes) -> float:
        return part.count(0) / len(part) if part else 0.0

    # The two high bytes of a character below U+10000 are NULs, in either byte order.
    quarters = [zeros(head[i::4]) for i in range(4)]
    if len(head) >= 8 and (
        (quarters[0] < 0.5 and min(quarters[2:]) > 0.9)
        or (quarters[3] < 0.5 and min(quarters[:2]) > 0.9)
    ):
        return "UTF-32"
    even, odd = zeros(head[0::2]), zeros(head[1::2])
    if (odd > 0.5 and even < 0.2) or (even > 0.5 and odd < 0.2):
        return "UTF-16"
    return ""


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


# --- the event stream -------------------------------------------------------------------


_EVENT_FIELDS = {
    "StreamStartEvent": "start_mark end_mark encoding",
    "StreamEndEvent": "start_mark end_mark",
    "DocumentStartEvent": "start_mark end_mark explicit version tags",
    "DocumentEndEvent": "start_mark end_mark explicit",
    "AliasEvent": "anchor start_mark end_mark",
    "ScalarEvent": "anchor tag implicit value start_mark end_mark style",
    "SequenceStartEvent": "anchor tag implicit start_mark end_mark flow_style",
    "SequenceEndEvent": "start_mark end_mark",
    "MappingStartEvent": "anchor tag implicit start_mark end_mark flow_style",
    "MappingEndEvent": "start_mark end_mark",
}
"""The events libyaml's parser makes, with the arguments it passes, in their order."""

_LEAN: dict[str, type] = {}
_LEAN_WORKS: list[bool] = []


def _ruamel_event_types() -> dict[str, type]:
    from ruamel.yaml import events

    return {name: getattr(events, name) for name in _EVENT_FIELDS}


@contextlib.contextmanager
def _lean_events() -> Iterator[dict[str, type]]:
    """The event classes for one parse with ruamel.yaml.clib's parser.

    The parser builds each event by calling a class of ``ruamel.yaml.events``, which runs
    three Python ``__init__`` methods (40 % of the time it takes to read a typical file). It
    finds those classes by name in its own module, so for the length of one parse they are
    swapped for named tuples with the same fields: one cheap call each, read by the same
    attribute names. Anything else that parses with ruamel.yaml.clib in this thread
    meanwhile would see them too; nothing in cjmap does. If a version of the parser does
    not pick them up (checked once), its own classes are used.
    """
    import _ruamel_yaml

    if not _LEAN:
        from collections import namedtuple

        for name, fields in _EVENT_FIELDS.items():
            _LEAN[name] = namedtuple(name, fields)
    if not _LEAN_WORKS:
        _LEAN_WORKS.append(False)
        try:
            with _swapped(_ruamel_yaml, _LEAN):
                event = _ruamel_yaml.CParser("a").get_event()
            _LEAN_WORKS[0] = type(event) is _LEAN["StreamStartEvent"]
        except Exception:
            _LEAN_WORKS[0] = False
    if not _LEAN_WORKS[0]:
        yield _ruamel_event_types()
        return
    with _swapped(_ruamel_yaml, _LEAN):
        yield _LEAN


@contextlib.contextmanager
def _swapped(module: Any, names: dict[str, type]) -> Iterator[None]:
    saved = {name: getattr(module, name) for name in names}
    try:
        for name, value in names.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def _pure_events(text: str) -> Iterator[Any]:
    from ruamel.yaml import YAML

    yield from YAML(typ="safe", pure=True).parse(text)


_C_PARSER: list[Callable[[str], Any] | None] = []


def _c_parser() -> Callable[[str], Any] | None:
    if not _C_PARSER:
        if os.environ.get("CJMAP_PURE_PYTHON"):
            _C_PARSER.append(None)
            return None
        try:
            from _ruamel_yaml import CParser
        except ImportError:
            _C_PARSER.append(None)
        else:
            _C_PARSER.append(CParser)
    return _C_PARSER[0]


def use_pure_python(enabled: bool) -> None:
    """Force the pure-Python parser (for tests and for machines without the C extension)."""
    _C_PARSER.clear()
    if enabled:
        _C_PARSER.append(None)


# --- YAML 1.2 core schema ---------------------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")


_RESOLVED: dict[str, Any] = {}
_ANCHOR_NAME = re.compile(r"[0-9A-Za-z_-]+")
"""The anchor names libyaml accepts (the pure parser accepts more)."""


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if not value:
        return None
    if value[0] not in _MAYBE_SPECIAL:
        return value
    found = _RESOLVED.get(value, _RESOLVED)
    if found is not _RESOLVED:
        return found
    if len(_RESOLVED) > 4096:
        _RESOLVED.clear()
    resolved = _resolve_special(value)
    _RESOLVED[value] = resolved
    return resolved


def _resolve_special(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    try:
        if _INT.match(value):
            return int(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
    except ValueError:  # more digits than Python converts: keep the text
        return value
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


# --- building data from events ----------------------------------------------------------


class _Abort(Exception):
    """Stop reading this file: a limit was passed or the structure cannot be rebuilt."""


_NO_KEY: Any = object()


class _Frame:
    __slots__ = (
        "chars",
        "container",
        "count",
        "is_map",
        "key",
        "path",
        "seen",
        "seen_first",
        "skip",
        "span",
    )

    def __init__(self, container: Any, is_map: bool, path: Path, span: Span | None) -> None:
        self.container = container
        self.is_map = is_map
        self.path = path
        self.span = span
        self.key: Any = _NO_KEY
        self.seen: dict[str, Any] = {}  # key → the mark of its first occurrence
        self.skip = False
        self.seen_first = False
        self.count = 1
        self.chars = 0  # characters of the text inside, keys included


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _point(event: Any) -> Span:
    mark = event.start_mark
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns one file's events into documents (and, with ``positions``, source maps)."""

    def __init__(self, limits: Limits, *, positions: bool, text: str = "") -> None:
        self.limits = limits
        self.positions = positions
        self.text = text
        self.documents: list[Document] = []
        self.maps: list[SourceMap] = []
        self.problems: list[RawProblem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name → (value, nodes, chars)
        self.alias_nodes = 0
        self.alias_chars = 0
        self.root: Any = None
        self.doc_span = START
        self.map = SourceMap()
        self._open_anchors: list[str | None] = []

    def problem(self, rule: str, span: Span, message: str, hint: str | None = None) -> None:
        self.problems.append(RawProblem(rule, span, message, hint))

    def run(self, text: str) -> None:
        """Build the documents of ``text``."""
        parser = _c_parser()
        if parser is None:
            self._run(_pure_events(text).__next__, _ruamel_event_types())
            return
        with _lean_events() as kinds:
            self._run(parser(text).get_event, kinds)

    def _run(self, next_event: Callable[[], Any], kinds: dict[str, type]) -> None:
        # The classes, by the names ruamel gives them.
        AliasEvent = kinds["AliasEvent"]
        DocumentEndEvent = kinds["DocumentEndEvent"]
        DocumentStartEvent = kinds["DocumentStartEvent"]
        MappingEndEvent = kinds["MappingEndEvent"]
        MappingStartEvent = kinds["MappingStartEvent"]
        ScalarEvent = kinds["ScalarEvent"]
        SequenceEndEvent = kinds["SequenceEndEvent"]
        SequenceStartEvent = kinds["SequenceStartEvent"]
        StreamEndEvent = kinds["StreamEndEvent"]

        stack = self.stack
        add = self._add
        max_depth = self.limits.max_depth
        positions = self.positions
        special = _MAYBE_SPECIAL
        # How many containers with an anchor are open: only their sizes are ever needed
        # (an alias repeats them, see _alias), so outside them no value is counted.
        anchored = 0
        while True:
            event = next_event()
            cls = type(event)
            if cls is ScalarEvent:
                if event.tag is not None:
                    self._tag(event)
                text = event.value
                if positions or anchored or not stack or event.anchor is not None:
                    value = resolve_plain(text) if not event.style else text
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1, len(text))
                    add(value, event, 1, text, chars=len(text))
                    continue
                # The common case, inlined: a scalar key or value inside a container.
                top = stack[-1]
                if not top.is_map:
                    top.container.append(
                        text
                        if event.style or (text and text[0] not in special)
                        else resolve_plain(text)
                    )
                elif top.key is _NO_KEY:
                    if not text or text in top.seen:  # empty or repeated keys: the full check
                        self._set_key(top, event, text, False)
                    else:
                        top.seen[text] = event.start_mark
                        top.key = text
                else:
                    key = top.key
                    top.key = _NO_KEY
                    if top.skip:
                        top.skip = False
                    else:
                        top.container[key] = (
                            text
                            if event.style or (text and text[0] not in special)
                            else resolve_plain(text)
                        )
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag is not None:
                    self._tag(event)
                if len(stack) >= max_depth:
                    self.problem(
                        "nesting-too-deep",
                        _point(event),
                        f"the data is nested more than {max_depth} levels deep",
                        "journey files need far fewer levels; check for runaway brackets",
                    )
                    raise _Abort
                path = self._child_path()
                span = _point(event) if self.positions else None
                if span is not None and path is not None:
                    self.map.values[path] = span
                is_map = cls is MappingStartEvent
                stack.append(_Frame({} if is_map else [], is_map, path or (), span))
                anchor = event.anchor
                if anchor is not None:
                    # Registered when complete; until then an alias to it is recursive.
                    self.anchors.pop(anchor, None)
                    anchored += 1
                self._open_anchors.append(anchor)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                anchor = self._open_anchors.pop()
                if anchor is not None:
                    anchored -= 1
                    self.anchors[anchor] = (frame.container, frame.count, frame.chars)
                add(frame.container, event, frame.count, None, chars=frame.chars, container=True)
            elif cls is AliasEvent:
                self._alias(event)
            elif cls is DocumentStartEvent:
                anchored = 0
                self._start_document(event)
            elif cls is DocumentEndEvent:
                self.documents.append(Document(self.root, len(self.documents), self.doc_span))
                self.maps.append(self.map)
            elif cls is StreamEndEvent:
                return

    def _start_document(self, event: Any) -> None:
        self._open_anchors = []
        self.anchors = {}
        self.alias_nodes = 0
        self.alias_chars = 0
        self.root = None
        self.map = SourceMap()
        self.doc_span = _point(event)
        if getattr(event, "version", None):
            major, minor = event.version
            self.problem(
                "yaml-directive",
                self._directive_span(event, "%YAML"),
                f"the %YAML {major}.{minor} directive is not supported",
                "remove the %YAML line; cjmap always reads YAML 1.2",
            )
        if getattr(event, "tags", None):
            self.problem(
                "yaml-directive",
                self._directive_span(event, "%TAG"),
                "%TAG directives are not supported",
                "remove the %TAG line; cjmap files use no tags",
            )

    def _directive_span(self, event: Any, directive: str) -> Span:
        """The directive's own line: libyaml marks the directive, the pure parser the '---'."""
        lines = self.text.split("\n")
        end = event.start_mark.line
        while end < len(lines) and not lines[end].startswith("---"):
            end += 1
        for index in range(min(end, len(lines) - 1), -1, -1):
            if lines[index].startswith(directive):
                return Span(index + 1, 1, index + 1, len(lines[index]) + 1)
        return _point(event)

    def _tag(self, event: Any) -> None:
        tag = str(event.tag)
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag[len("tag:yaml.org,2002:") :]
        self.problem(
            "explicit-tag",
            _span(event),
            f"explicit YAML tags such as '{clip(tag)}' are not allowed",
            "remove the tag; write the value as plain text, a number, a list or a mapping",
        )

    def _child_path(self) -> Path | None:
        if not self.stack:
            return () if self.positions else None
        if not self.positions:
            return None
        top = self.stack[-1]
        if top.is_map:
            if top.key is _NO_KEY:
                return None  # a complex key; reported when it completes
            return (*top.path, top.key)
        return (*top.path, len(top.container))

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name not in self.anchors:
            open_names = self._open_anchors
            shown = clip(name)
            if name in open_names:
                message = f"the alias *{shown} refers to the node that contains it"
                hint = "an anchor cannot be used inside itself; copy the data instead"
            elif not _ANCHOR_NAME.fullmatch(name):
                # '*bold*': text, not an alias. libyaml stops at the second '*' with a syntax
                # error, the pure parser reads an alias 'bold*': both are told the same.
                from cjmap.document.yaml_errors import reserved_start

                span = _point(event)
                found = reserved_start(self.text, span.line, span.column)
                if found is not None:
                    self.problem(
                        "yaml-syntax",
                        Span(span.line, span.column, span.line, span.column + 1),
                        found.message,
                        found.hint,
                    )
                    raise _Abort
                message = f"the alias *{shown} refers to no anchor defined before it"
                hint = f"define '&{shown}' on a value above this line, or fix the name"
            else:
                message = f"the alias *{shown} refers to no anchor defined before it"
                hint = f"define '&{shown}' on a value above this line, or fix the name"
            self.problem("unknown-alias", _span(event), message, hint)
            raise _Abort
        value, count, chars = self.anchors[name]
        self.alias_nodes += count
        self.alias_chars += chars
        if self.alias_nodes > self.limits.max_alias_nodes:
            self.problem(
                "alias-budget",
                _span(event),
                f"aliases expand to more than {self.limits.max_alias_nodes:,} values "
                "(a 'billion laughs' file?)",
                "use fewer nested aliases, or copy the data out",
            )
            raise _Abort
        if self.alias_chars > self.limits.max_alias_chars:
            self.problem(
                "alias-budget",
                _span(event),
                f"aliases repeat more than {self.limits.max_alias_chars:,} characters of text "
                f"(here *{name} stands for {chars:,} characters, repeated by every alias of it)",
                "copy the text out where it is needed and shorten it, or use fewer aliases",
            )
            raise _Abort
        self._add(value, event, count, value if isinstance(value, str) else None, chars=chars)

    def _add(
        self,
        value: Any,
        event: Any,
        count: int,
        key_text: str | None,
        *,
        chars: int = 0,
        container: bool = False,
    ) -> None:
        stack = self.stack
        if not stack:
            self.root = value
            if self.positions and not container:
                self.map.values[()] = _span(event)  # a document that is a single value
            return
        top = stack[-1]
        top.count += count
        top.chars += chars
        if top.is_map:
            if top.key is _NO_KEY:
                self._set_key(top, event, key_text, container)
                return
            key = top.key
            top.key = _NO_KEY
            if top.skip:
                top.skip = False
                return
            top.container[key] = value
            if self.positions and not container:
                span = _span(event)
                key_span = self.map.keys.get((*top.path, key))
                if value is None and key_text == "" and key_span is not None:
                    # An empty value is just after its ':' (where libyaml puts it); the pure
                    # parser marks the next token, which may be lines below.
                    column = key_span.end_column + 1
                    span = Span(key_span.end_line, column, key_span.end_line, column)
                self.map.values[(*top.path, key)] = span
        else:
            if self.positions and not container:
                self.map.values[(*top.path, len(top.container))] = _span(event)
            top.container.append(value)

    def _set_key(self, top: _Frame, event: Any, key_text: str | None, container: bool) -> None:
        if container or key_text is None:
            self.problem(
                "complex-key",
                _point(event),
                "a mapping key must be plain text, not a list or a mapping",
                "write the key as a word, such as 'name:'",
            )
            raise _Abort
        if key_text == "" and event.__class__.__name__ == "ScalarEvent" and not event.style:
            # libyaml refuses ': value' on its own line, the pure parser reads a null key.
            self.problem(
                "yaml-syntax",
                _point(event),
                "a mapping entry has no key before its ':'",
                "write the key before the ':', such as 'name: …'",
            )
            raise _Abort
        first = top.seen.get(key_text)
        if first is not None:
            self.problem(
                "duplicate-key",
                _span(event),
                f"the key {clip(repr(key_text))} appears twice in this mapping "
                f"(first on line {first.line + 1})",
                "remove one of them, or merge their values",
            )
            top.skip = True
        else:
            top.seen[key_text] = event.start_mark
        top.key = key_text
        if self.positions:
            key_span = _span(event)
            self.map.keys[(*top.path, key_text)] = key_span
            if not top.seen_first:
                top.seen_first = True
                start = self.map.values.get(top.path)
                if start is not None and start.line == key_span.line:
                    # A mapping is shown by its first line: from its start to its first key.
                    self.map.values[top.path] = Span(
                        start.line, start.column, key_span.end_line, key_span.end_column
                    )


def _quoted(problem: RawProblem, text: str) -> RawProblem:
    """A syntax error with its line quoted (for people: only the text report shows it)."""
    if problem.rule != "yaml-syntax" or problem.excerpt is not None:
        return problem
    from dataclasses import replace

    from cjmap.document.yaml_errors import excerpt

    return replace(problem, excerpt=excerpt(text, problem.span.line, problem.span.column))


# --- parser errors ----------------------------------------------------------------------


def _yaml_error(exc: Exception, text: str) -> RawProblem:
    """A scanner, parser or reader error as a finding in plain words (see
    :mod:`cjmap.document.yaml_errors`), with the offending line quoted."""
    from cjmap.document.yaml_errors import translate

    hint = None
    found = translate(exc, text)
    if found is not None:
        line, column, message, hint = found.line, found.column, found.message, found.hint
    elif hasattr(exc, "position") and hasattr(exc, "reason"):
        position = int(exc.position)
        character = getattr(exc, "character", None)
        code = ord(character) if isinstance(character, str) and character else character
        if isinstance(code, int):
            # libyaml counts bytes, the pure parser characters: find the character itself.
            found_at = text.find(chr(code))
            position = found_at if found_at >= 0 else position
            message = f"the character U+{code:04X} is not allowed in YAML text"
            hint = "remove this invisible control character (it often comes from copy and paste)"
        else:
            message = str(exc.reason)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    else:
        # Only the first line: a parser's full text can show a snippet of the file.
        first = str(exc).strip().split("\n", 1)[0]
        line, column, message = 1, 1, first or type(exc).__name__
    return RawProblem(
        "yaml-syntax", Span(line, column, line, column + 1), clip_quotes(message), hint
    )
