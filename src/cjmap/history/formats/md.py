"""``--format md``: the history for a pull-request comment or a wiki page (GitHub-flavoured
Markdown); journey text and commit messages escaped as ``analyze -f md`` escapes them."""

from __future__ import annotations

from cjmap.analysis.formats.md import md
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


def render(history: History, color: bool = False) -> str:
    out = ["# Journey history", "", md(heading(history)) + ".", ""]
    if not history.journeys:
        out += ["No journey in these commits.", ""]
    for journey in history.journeys:
        out += [f"## {md(journey.title)} ({md(journey.id)})", ""]
        line = trend(journey)
        if line:
            out += [f"Friction over time: {friction_sparkline(journey)} {md(line)}", ""]
        out.append("| " + " | ".join(HEADERS) + " |")
        out.append("|" + "|".join("---:" if h in NUMERIC else "---" for h in HEADERS) + "|")
        for row in columns(journey.points):
            out.append("| " + " | ".join(md(cell) for cell in row) + " |")
        out.append("")
    if history.journeys:
        out += [EVIDENCE_NOTE, ""]
    if history.unread:
        out += ["## Files that did not validate and named no journey", ""]
        out += [f"- {md(u.date[:10])} `{u.commit[:10]}` {md(u.error)}" for u in history.unread]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
