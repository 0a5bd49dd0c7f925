"""``--format text``: per journey, its friction sparkline and a table of its points, laid out
as ``analyze``'s text tables are; journey text and commit messages escaped for a terminal."""

from __future__ import annotations

from cjmap.analysis.formats.text import Column, Table, terminal_width
from cjmap.history.formats.common import (
    EVIDENCE_NOTE,
    HEADERS,
    NUMERIC,
    columns,
    friction_sparkline,
    heading,
    trend,
)
from cjmap.history.run import History
from cjmap.util.textsafe import escape_control, guard_line_starts

NO_WRAP = ("Date", "Commit", "Status", "Friction", "Peak-end", "Conversion", "Evidence", "Changed")


WIDE = 130
"""From this width on, the table shows each commit's message too."""


def render(history: History, color: bool = False, width: int | None = None) -> str:
    """The whole history as text."""
    width = width or terminal_width()
    out = [heading(history) + "\n"]
    if not history.journeys:
        out.append("\nNo journey in these commits.\n")
    for journey in history.journeys:
        out.append("\n")
        headers = HEADERS if width >= WIDE else HEADERS[:-1]
        table = Table(
            f"{escape_control(journey.id)} — {escape_control(journey.title)}",
            [Column(h, right=h in NUMERIC, no_wrap=h in NO_WRAP) for h in headers],
        )
        for row in columns(journey.points):
            table.add_row(*([(escape_control(cell), "")] for cell in row[: len(headers)]))
        line = trend(journey)
        if line:
            table.caption = f"Friction over time: {friction_sparkline(journey)}  {line}"
        out.append(table.draw(width, color))
    if history.journeys:
        out.append("\n" + EVIDENCE_NOTE + "\n")
    if history.unread:
        out.append("\nFiles that did not validate and named no journey:\n")
        for item in history.unread:
            out.append(f"  {item.date[:10]} {item.commit[:10]} {escape_control(item.error)}\n")
    return guard_line_starts("".join(out))
