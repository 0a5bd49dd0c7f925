"""Stage 3 of fmt (place): keys in canonical order, and the comments written
back in canonical places."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

from cjmap.fmt.attach import _is_block, _Notes, _own_keys
from cjmap.fmt.keys import _KINDS, _YAML11_BOOLEANS, DOCUMENT_KINDS

if TYPE_CHECKING:
    pass

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
