"""The fast path of fmt (quick): prove from the C parser's events that a text is canonical.

Most files a check sees are already formatted, and a round trip through the pure-Python
library costs about fifty times what the C parser's event stream does. :func:`is_canonical`
rebuilds, from the events, the one text fmt writes for the document, line by line (indents,
``- `` marks, keys in canonical order, each scalar in its canonical spelling), and checks each
comment line and blank line of the text against fmt's rules for them (docs/fmt.md). It says
yes only for a text made of things it knows exactly how fmt writes: block mappings and
sequences, one-line flow collections of scalars, one-line scalars, and ``|``/``>`` blocks
without keep chomping, comments where fmt leaves them. Anything else (anchors, tags,
multi-line quoted text, a comment that fmt would move, ...) is "not proven", and the caller
runs the full formatter. A yes must never be given for a text fmt would change: the property
tests in tests/test_fmt_quick.py hold it to the full formatter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cjmap.fmt.keys import _BOOLEANS, _KINDS, _NULLS, _YAML11_BOOLEANS, DOCUMENT_KINDS
from cjmap.fmt.scan import canonical_comment
from cjmap.fmt.verify import _events

__all__ = ["is_canonical"]


class _Unsure(Exception):
    """The text holds something the fast path does not model: run the full formatter."""


# Characters the emitter writes as they are, in every style (anything else makes it change the
# style or escape the character). Astral characters are left to the full formatter in quotes.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_PRINTABLE_BMP = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`?:")
_FLOW_INDICATORS = re.compile(r"[,\[\]{}:#?]")
_EOL_COMMENT = re.compile(r" {2,}(#.*)")
_MAX_SIMPLE_KEY = 128


def is_canonical(text: str, events: Sequence[Any] | None = None) -> bool:
    """Whether ``text`` (``\\n`` line ends, no byte-order mark) is provably what fmt writes
    for it. False means "not proven": the full formatter decides.

    ``events`` are the parser's events for ``text`` when the caller has them (else it is
    parsed here). The caller must already have made sure that cjmap reads the text whole (fmt
    refuses a file it does not): this only decides whether the layout is canonical.
    """
    if not text.endswith("\n") or text.endswith("\n\n") or "\t" in text or "\r" in text:
        return False
    try:
        return _Checker(text).run(_events(text) if events is None else events)
    except _Unsure:
        return False
    except Exception:  # a syntax error from the parser: the full formatter reports it
        return False


@dataclass(slots=True)
class _Frame:
    """An open block collection."""

    mapping: bool
    indent: int  # the column of its keys, or of the "-" of its items
    kind: str | None  # the kind of mapping (or of the mappings listed) for key order
    keys: list[str] = field(default_factory=list)
    expect_key: bool = True
    line: int = -1  # the line of the current key or item
    content: str = ""  # the text of that line so far
    dash: str | None = None  # a mapping in a sequence item: the "- " prefix of its first key
    dash_line: int = -1
    last_line: int = -1  # the last line an entry started on
    items: int = 0
    root: bool = False
    document_kind: str | None = None

    @property
    def key_kind(self) -> str | None:
        """The kind that orders this mapping's keys (a document's from its ``kind:``)."""
        return self.document_kind if self.root else self.kind


@dataclass(slots=True)
class _Flow:
    """An open one-line flow collection."""

    mapping: bool
    line: int
    kind: str | None
    parts: list[str] = field(default_factory=list)


class _Checker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")[:-1]
        self.expected: dict[int, str] = {}  # the content fmt writes on each token line
        self.eol: set[int] = set()  # token lines that may carry an end-of-line comment
        self.first: dict[int, bool] = {}  # token line: its entry is the first of its block
        self.interior: dict[int, str] = {}  # lines inside a block scalar, as fmt writes them
        self.separators: list[int] = []  # "---" lines of the documents after the first
        self.frames: list[_Frame] = []
        self.flow: _Flow | None = None
        self.documents = 0

    # --- the events ------------------------------------------------------------------------

    def run(self, events: Iterable[Any]) -> bool:
        handlers: dict[type, Callable[[Any], None]] = {}
        for event in events:
            handler = handlers.get(type(event))
            if handler is None:
                handler = getattr(self, "_" + type(event).__name__, None)
                if handler is None:
                    raise _Unsure
                handlers[type(event)] = handler
            handler(event)
        if not self.documents:
            raise _Unsure
        self._check_lines()
        return True

    def _StreamStartEvent(self, event: Any) -> None:
        pass

    def _StreamEndEvent(self, event: Any) -> None:
        pass

    def _DocumentStartEvent(self, event: Any) -> None:
        line = event.start_mark.line
        if self.documents == 0:
            if event.explicit and (line != 0 or self.lines[0] != "---"):
                raise _Unsure
            if event.explicit:
                self.expected[0] = "---"
        else:
            if not event.explicit or self.lines[line] != "---":
                raise _Unsure
            self.expected[line] = "---"
            self.separators.append(line)
        self.documents += 1

    def _DocumentEndEvent(self, event: Any) -> None:
        if event.explicit:
            raise _Unsure

    def _AliasEvent(self, event: Any) -> None:
        raise _Unsure

    def _MappingStartEvent(self, event: Any) -> None:
        self._collection_start(event, mapping=True)

    def _SequenceStartEvent(self, event: Any) -> None:
        self._collection_start(event, mapping=False)

    def _collection_start(self, event: Any, *, mapping: bool) -> None:
        if event.anchor is not None or event.tag is not None:
            raise _Unsure
        if self.flow is not None:
            raise _Unsure  # nested flow collections: left to the full formatter
        if event.flow_style:
            line = event.start_mark.line
            if not self.frames:
                raise _Unsure
            top = self.frames[-1]
            if top.mapping and top.expect_key:
                raise _Unsure  # a flow collection as a key
            # A flow mapping listed under a known key is put in canonical order too.
            self.flow = _Flow(mapping, line, None if top.mapping else top.kind)
            return
        start = event.start_mark
        if not self.frames:
            if not mapping:
                raise _Unsure
            self.frames.append(_Frame(True, 0, None, root=True))
            return
        top = self.frames[-1]
        if top.mapping:
            if top.expect_key:
                raise _Unsure
            self._set(top.line, top.content, eol=True)
            kind = _KINDS[top.key_kind].children.get(top.keys[-1]) if top.key_kind else None
            if mapping:
                self.frames.append(_Frame(True, top.indent + 2, None, last_line=top.line))
            else:
                self.frames.append(_Frame(False, top.indent + 2, kind, last_line=top.line))
            top.expect_key = True
            return
        if not mapping:
            raise _Unsure  # a list directly in a list item: "- - a"
        line = self._item(top, start.line)
        self.frames.append(
            _Frame(
                True,
                top.indent + 2,
                top.kind,
                dash=" " * top.indent + "- ",
                dash_line=line,
                last_line=line - 1,
            )
        )

    def _MappingEndEvent(self, event: Any) -> None:
        self._collection_end(event)

    def _SequenceEndEvent(self, event: Any) -> None:
        self._collection_end(event)

    def _collection_end(self, event: Any) -> None:
        if self.flow is not None:
            flow = self.flow
            self.flow = None
            if event.end_mark.line != flow.line:
                raise _Unsure
            if flow.mapping:
                if len(flow.parts) % 2:
                    raise _Unsure
                if flow.kind is not None and not _in_order(flow.parts[::2], flow.kind):
                    raise _Unsure
                pairs = zip(flow.parts[::2], flow.parts[1::2], strict=True)
                written = "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
            else:
                written = "[" + ", ".join(flow.parts) + "]"
            self._value(flow.line, written)
            return
        frame = self.frames.pop()
        if frame.mapping:
            if not frame.expect_key or not frame.keys:
                raise _Unsure
            kind = frame.key_kind
            if frame.root and kind is None and "kind" in frame.keys:
                raise _Unsure  # a "kind" that is not the first key
            if kind is not None and not _in_order(frame.keys, kind):
                raise _Unsure
        elif not frame.items:
            raise _Unsure

    def _ScalarEvent(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            raise _Unsure
        start, end = event.start_mark, event.end_mark
        style = event.style or ""
        value: str = event.value
        if self.flow is not None:
            flow = self.flow
            key = flow.mapping and len(flow.parts) % 2 == 0
            if start.line != flow.line or end.line != flow.line:
                raise _Unsure
            if key and (style or len(value) >= _MAX_SIMPLE_KEY):
                raise _Unsure
            written = _spelling(style, value, flow=True, key=key)
            if written is None:
                raise _Unsure  # a null in a flow collection is written "null"
            flow.parts.append(written)
            return
        if not self.frames:
            raise _Unsure  # a document that is a lone scalar
        top = self.frames[-1]
        if top.mapping and top.expect_key:
            self._key(top, event, style, value)
            return
        if style in ("|", ">"):
            if not top.mapping:
                raise _Unsure
            self._block_scalar(top, event, style, value)
            return
        if start.line != end.line:
            raise _Unsure
        written = _spelling(style, value, flow=False, key=False)
        if top.mapping:
            if top.root and top.keys == ["kind"]:
                plain_text = style or (value not in _NULLS and value not in _BOOLEANS)
                if plain_text and value in DOCUMENT_KINDS:
                    top.document_kind = value
            if start.line != top.line:
                raise _Unsure
            self._value(top.line, written)
            return
        if written is None:
            raise _Unsure  # a null list item ("-")
        line = self._item(top, start.line)
        self._set(line, " " * top.indent + "- " + written, eol=True)

    # --- building the lines ----------------------------------------------------------------

    def _key(self, frame: _Frame, event: Any, style: str, value: str) -> None:
        start, end = event.start_mark, event.end_mark
        if style or start.line != end.line or len(value) >= _MAX_SIMPLE_KEY:
            raise _Unsure
        if value == "<<" or value in _NULLS or value in _BOOLEANS:
            raise _Unsure
        if not _plain(value, flow=False) or start.column != frame.indent:
            raise _Unsure
        if frame.dash is not None and not frame.keys:
            if start.line != frame.dash_line:
                raise _Unsure
            prefix = frame.dash
        else:
            if start.line <= frame.last_line:
                raise _Unsure
            prefix = " " * frame.indent
            self.first[start.line] = not frame.keys
        frame.keys.append(value)
        frame.line = frame.last_line = start.line
        frame.content = f"{prefix}{value}:"
        frame.expect_key = False

    def _item(self, frame: _Frame, line: int) -> int:
        if line <= frame.last_line:
            raise _Unsure
        self.first[line] = frame.items == 0
        frame.items += 1
        frame.last_line = line
        return line

    def _value(self, line: int, written: str | None) -> None:
        top = self.frames[-1]
        if top.mapping:
            if line != top.line:
                raise _Unsure
            content = top.content if written is None else f"{top.content} {written}"
            self._set(line, content, eol=True)
            top.expect_key = True
        else:
            if written is None:
                raise _Unsure
            line = self._item(top, line)
            self._set(line, " " * top.indent + "- " + written, eol=True)

    def _set(self, line: int, content: str, *, eol: bool) -> None:
        if line in self.expected or line in self.interior:
            raise _Unsure
        self.expected[line] = content
        if eol:
            self.eol.add(line)

    def _block_scalar(self, frame: _Frame, event: Any, style: str, value: str) -> None:
        line = frame.line
        if event.start_mark.line != line or not value or value[0] in " \n":
            raise _Unsure
        if value.endswith("\n"):
            if len(value) == 1 or value[-2] == "\n":
                raise _Unsure  # keep chomping ("|+"): left to the full formatter
            chomp, body = "", value[:-1]
        else:
            chomp, body = "-", value
        if not _PRINTABLE.fullmatch(body.replace("\n", " ")):
            raise _Unsure
        self._set(line, f"{frame.content} {style}{chomp}", eol=False)
        frame.expect_key = True
        indent = " " * (frame.indent + 2)
        if style == "|":
            written = [indent + part if part else "" for part in body.split("\n")]
        else:
            if "\n" in body:
                raise _Unsure  # a folded block with kept line breaks
            written = []
            number = line + 1
            while number < len(self.lines):
                source = self.lines[number]
                chunk = source[len(indent) :]
                if not source.startswith(indent) or not chunk or chunk[0] == " ":
                    break
                if chunk != chunk.rstrip():
                    raise _Unsure
                written.append(source)
                number += 1
            if " ".join(part[len(indent) :] for part in written) != body:
                raise _Unsure
        for offset, text in enumerate(written, start=line + 1):
            if offset in self.expected or offset in self.interior or offset >= len(self.lines):
                raise _Unsure
            self.interior[offset] = text
        frame.last_line = line + len(written)

    # --- the lines of the text -------------------------------------------------------------

    def _check_lines(self) -> None:
        lines = self.lines
        run: list[int] = []
        previous: int | None = None  # the last token line
        for number, line in enumerate(lines):
            if number in self.interior:
                if line != self.interior[number] or run:
                    raise _Unsure
                continue
            content = self.expected.get(number)
            if content is None:
                if line and not line.lstrip(" ").startswith("#"):
                    raise _Unsure  # a line the events do not account for
                run.append(number)
                continue
            self._check_run(run, previous, number)
            run = []
            if line != content:
                rest = line[len(content) :] if line.startswith(content) else ""
                found = _EOL_COMMENT.fullmatch(rest) if number in self.eol else None
                if found is None or canonical_comment(found.group(1)) != found.group(1):
                    raise _Unsure
            previous = number
        self._check_run(run, previous, None)

    def _check_run(self, run: list[int], previous: int | None, following: int | None) -> None:
        """Comment and blank lines between two token lines, where fmt leaves them as they are.

        A comment line is kept in place when it is indented like the next key or item
        (deeper, fmt takes it for the end of the block above). Blank lines are kept one at a
        time, never at the start of a block or of a document nor at its end.
        """
        if not run:
            return
        lines = self.lines
        if following is not None and following in self.separators:
            raise _Unsure  # comments or blank lines at the end of a document before "---"
        head = previous is None or lines[previous] == "---"
        if following is None:
            column = 0
            if head:
                raise _Unsure
            lead = True
        else:
            if following not in self.first:
                raise _Unsure
            column = len(lines[following]) - len(lines[following].lstrip(" "))
            lead = not head and not self.first[following]
        blank_before = not lead
        for number in run:
            line = lines[number]
            if not line:
                if blank_before:
                    raise _Unsure  # a blank line fmt drops: at a start, or one of several
                blank_before = True
                continue
            blank_before = False
            text = line.lstrip(" ")
            if len(line) - len(text) != column or canonical_comment(text) != text:
                raise _Unsure
            if number == 0 and text.startswith("#!"):
                raise _Unsure
        if blank_before and following is None:
            raise _Unsure


def _in_order(keys: list[str], kind: str) -> bool:
    order = _KINDS[kind].order
    known = set(order)
    wanted = [key for key in order if key in keys]
    wanted += [key for key in keys if key not in known]
    return wanted == keys


def _spelling(style: str, value: str, *, flow: bool, key: bool) -> str | None:
    """The one way fmt writes this one-line scalar, or None for a null written as nothing."""
    if style == "":
        if value in _NULLS:
            if value or key:
                raise _Unsure
            return None
        if value in _BOOLEANS and value not in ("true", "false"):
            raise _Unsure
        if not key and value in _YAML11_BOOLEANS:
            raise _Unsure
        if not _plain(value, flow=flow):
            raise _Unsure
        return value
    if not value:
        raise _Unsure
    if style == "'":
        if not _PRINTABLE.fullmatch(value):
            raise _Unsure
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        if not _PRINTABLE_BMP.fullmatch(value):
            raise _Unsure
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise _Unsure


def _plain(value: str, *, flow: bool) -> bool:
    """Whether the emitter writes ``value`` plain, as it was read (a conservative test)."""
    if not value or value[0] in _FIRST_INDICATORS or value[0] == " " or value[-1] in " :":
        return False
    if value[0] == "-" and (len(value) == 1 or value[1] == " "):
        return False
    if value.startswith(("---", "...")) or ": " in value or " #" in value:
        return False
    if flow and _FLOW_INDICATORS.search(value):
        return False
    return _PRINTABLE.fullmatch(value) is not None
