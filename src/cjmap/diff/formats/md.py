"""``--format md``: the diff as GitHub-flavoured Markdown, made to be posted as a pull-request
comment: a summary line, then per changed journey a compact table of its numbers with ▲▼
deltas and lists of what was added, removed, renamed and moved.

Journey text is untrusted and ends up on a page other people read: it is escaped so that it
stays text. No links, images, HTML, tables, code or @-mentions can come out of a journey's
names and texts (see :func:`md_text`).
"""

from __future__ import annotations

import re

from cjmap.diff.compare import WorkspaceDiff
from cjmap.diff.formats.view import (
    FRICTION,
    Entry,
    Id,
    JourneyView,
    Piece,
    Text,
    delta,
    journey_view,
    number,
    summary,
)
from cjmap.util.textsafe import ZERO_WIDTH_SPACE as _ZWSP
from cjmap.util.textsafe import escape_control, md_line_start

_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# Markdown punctuation that can start or end a construct inline; escaped with a backslash.
_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|~$:=")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_AUTOLINK = re.compile(r"(?i)(www)(\\\.)|(:)(/)")
_MARKS = {"good": " 🟢", "bad": " 🔴"}


def md_text(text: str) -> str:
    """``text`` as inert Markdown: one line, punctuation escaped, no HTML, no autolinks."""
    text = escape_control(_NEWLINES.sub(" ", text))
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        elif char == "@":
            out.append("@" + _ZWSP)
        else:
            out.append(char)
    escaped = "".join(out)
    # GitHub links bare URLs (scheme://, www.) even when their punctuation is escaped.
    escaped = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}{_ZWSP}{m[2] or m[4]}", escaped)
    return md_line_start(escaped)


def md_code(text: str) -> str:
    """``text`` as inline code when it can be (ids, revisions), else as inert text."""
    plain = "`" not in text and "|" not in text and not _NEWLINES.search(text)
    if text and plain and text.strip() == text:
        return f"`{escape_control(text)}`"
    return md_text(text)


def render(diff: WorkspaceDiff, color: bool = False) -> str:
    lines = [_summary(diff)]
    if diff.added:
        lines += ["", "**Journeys added**", ""]
        for item in diff.added:
            friction = ""
            if item.friction is not None:
                friction = f" (friction {number(FRICTION, item.friction)})"
            lines.append(f"- {md_code(item.id)} {md_text(item.title)}{friction}")
    if diff.removed:
        lines += ["", "**Journeys removed**", ""]
        lines += [f"- {md_code(item.id)} {md_text(item.title)}" for item in diff.removed]
    for journey in diff.changed_journeys:
        lines += ["", *_journey(journey_view(journey))]
    return "\n".join(lines) + "\n"


def _summary(diff: WorkspaceDiff) -> str:
    head = f"**cjmap diff** {md_code(diff.old)} → {md_code(diff.new)}: "
    if not diff.changed:
        count = len(diff.unchanged)
        return head + f"no changes to journey maps ({count} compared)."
    parts = []
    for what, journeys in summary(diff):
        shown = []
        for ident, change in journeys:
            if change is not None and change.changed:
                shown.append(f"friction {delta(FRICTION, change)} in {md_code(ident)}")
            else:
                shown.append(md_code(ident))
        parts.append(f"{what}: {', '.join(shown)}")
    if diff.unchanged:
        parts.append(f"{len(diff.unchanged)} unchanged")
    return head + " · ".join(parts)


def _journey(view: JourneyView) -> list[str]:
    lines = [f"### {md_code(view.id)} {md_text(view.title)}", ""]
    if view.notes:
        lines += [_entry(note) for note in view.notes]
        lines.append("")
    lines += ["| | Before | After | Change |", "|:--|--:|--:|:--|"]
    for row in view.rows:
        label = row.label + (f" ({md_code(row.persona)})" if row.persona else "")
        mark = _MARKS.get(row.tone, "")
        cells = (row.old, row.new, row.delta.replace("<", "&lt;"))
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {cells[2]}{mark} |")
    for section in view.sections:
        lines += ["", f"**{section.title}**", ""]
        lines += [_entry(entry) for entry in section.entries]
    return lines


def _entry(entry: Entry) -> str:
    mark = _MARKS.get(entry.tone, "")
    return "- " + " ".join(_piece(piece) for piece in entry.pieces) + mark


def _piece(piece: Piece) -> str:
    if isinstance(piece, Id):
        return md_code(piece.value)
    if isinstance(piece, Text):
        return md_text(piece.value)
    return piece.value.replace("<", "&lt;")  # cjmap's own words and numbers
