"""Stage 2 of fmt (attach): which key or item each comment and blank line belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cjmap.fmt.errors import FormatError
from cjmap.fmt.scan import _Comment, _Source

if TYPE_CHECKING:
    pass

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
