"""Stage 1 of fmt (scan): every comment and blank line found in the text itself, with the
positions of the scalars from the parser's events, so that a ``#`` in a string is never
taken for a comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    ScalarEvent,
    SequenceStartEvent,
)

from cjmap.fmt.errors import FormatError, _syntax_error

if TYPE_CHECKING:
    pass

# Long lines are never re-wrapped: ruamel folds plain scalars wider than this.
_NO_WRAP = 1 << 30


def canonical_comment(text: str) -> str:
    """A comment's text as fmt writes it: stripped, with one space after the leading ``#``s."""
    text = text.strip()
    marks = len(text) - len(text.lstrip("#"))
    rest = text[marks:]
    if rest and not rest.startswith(" "):
        return f"{text[:marks]} {rest}"
    return text


# A line with its end: LF, CRLF, or a CR alone (which a terminal would not show as one).

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
                _cover_block_scalar(lines, start, end, covered, inside)
            else:
                _cover_span(start, end, covered, inside)
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


class _Mark(Protocol):
    """Where an event starts or ends (0-based), as the parser marks it."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _cover_span(
    start: _Mark, end: _Mark, covered: dict[int, list[tuple[int, int]]], inside: set[int]
) -> None:
    line, column, end_line, end_column = start.line, start.column, end.line, end.column
    if line == end_line:
        covered.setdefault(line, []).append((column, end_column))
        return
    covered.setdefault(line, []).append((column, _NO_WRAP))
    inside.update(range(line + 1, end_line))
    covered.setdefault(end_line, []).append((0, end_column))


def _cover_block_scalar(
    lines: list[str],
    start: _Mark,
    end: _Mark,
    covered: dict[int, list[tuple[int, int]]],
    inside: set[int],
) -> None:
    line, column, end_line, end_column = start.line, start.column, end.line, end.column
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
