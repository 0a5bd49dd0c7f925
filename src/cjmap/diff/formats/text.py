"""``--format text``: the diff for a terminal; colour only when asked for."""

from __future__ import annotations

from collections.abc import Callable

from cjmap.diff.compare import WorkspaceDiff
from cjmap.diff.formats.view import (
    FRICTION,
    Entry,
    JourneyView,
    Piece,
    Text,
    Tone,
    delta,
    journey_view,
    number,
    summary,
    tone,
)
from cjmap.util.textsafe import escape_control

_COLORS: dict[str, str] = {
    "good": "32",
    "bad": "31",
    "added": "32",
    "removed": "31",
    "warn": "33",
    "info": "36",
    "plain": "0",
    "bold": "1",
    "dim": "2",
}

Paint = Callable[[str, str], str]


def render(diff: WorkspaceDiff, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        if not color or style == "plain":
            return text
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m"

    lines = [paint(f"cjmap diff: {_safe(diff.old)} → {_safe(diff.new)}", "bold")]
    lines.append(_summary(diff, paint))
    if diff.added:
        lines += ["", paint("Journeys added", "bold")]
        for item in diff.added:
            friction = (
                f"  (friction {number(FRICTION, item.friction)})"
                if item.friction is not None
                else ""
            )
            lines.append(
                f"  {paint('+', 'good')} {_safe(item.id)}  {_quote(item.title)}  "
                f"{_safe(item.file)}{friction}"
            )
    if diff.removed:
        lines += ["", paint("Journeys removed", "bold")]
        for item in diff.removed:
            lines.append(
                f"  {paint('-', 'bad')} {_safe(item.id)}  {_quote(item.title)}  {_safe(item.file)}"
            )
    for journey in diff.changed_journeys:
        lines += ["", *_journey(journey_view(journey), paint)]
    return "\n".join(lines) + "\n"


def _summary(diff: WorkspaceDiff, paint: Paint) -> str:
    if not diff.changed:
        unchanged = len(diff.unchanged)
        return f"no differences ({unchanged} journey{'s' * (unchanged != 1)} compared)"
    parts = []
    for what, journeys in summary(diff):
        shown = []
        for ident, change in journeys:
            if change is not None and change.changed:
                shown.append(
                    f"{_safe(ident)}: friction "
                    + paint(delta(FRICTION, change), tone(FRICTION, change))
                )
            else:
                shown.append(_safe(ident))
        parts.append(f"{what} ({'; '.join(shown)})")
    if diff.unchanged:
        parts.append(f"{len(diff.unchanged)} unchanged")
    return ", ".join(parts)


def _journey(view: JourneyView, paint: Paint) -> list[str]:
    lines = [f"{paint(_safe(view.id), 'bold')}  {_safe(view.title)}"]
    lines += [_entry(note, paint, indent="  ") for note in view.notes]
    labels = [row.label + (f" ({row.persona})" if row.persona else "") for row in view.rows]
    label_width = max(len(label) for label in labels)
    old_width = max(len("before"), *(len(row.old) for row in view.rows))
    new_width = max(len("after"), *(len(row.new) for row in view.rows))
    header = f"  {'':<{label_width}}  {'before':>{old_width}}  {'after':>{new_width}}  change"
    lines.append(paint(header, "dim"))
    for label, row in zip(labels, view.rows, strict=True):
        lines.append(
            f"  {_safe(label):<{label_width}}  {row.old:>{old_width}}  {row.new:>{new_width}}  "
            + paint(row.delta, row.tone)
        )
    for section in view.sections:
        lines.append("  " + paint(section.title, "bold"))
        lines += [_entry(entry, paint, indent="    ") for entry in section.entries]
    return lines


def _entry(entry: Entry, paint: Paint, *, indent: str) -> str:
    tone: Tone = entry.tone
    return f"{indent}{paint(entry.symbol, tone)} " + " ".join(_piece(p) for p in entry.pieces)


def _piece(piece: Piece) -> str:
    if isinstance(piece, Text):
        return _quote(piece.value)
    return _safe(piece.value)


def _quote(text: str) -> str:
    return f'"{_safe(text)}"'


def _safe(text: str) -> str:
    return escape_control(text)
