"""``--format csv``: one row per touchpoint, for spreadsheets.

Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) get a leading apostrophe; numbers are written as numbers.
The CSV is usually printed on a terminal or in a CI log, so control characters in journey text
are shown as escapes (see :func:`cjmap.textsafe.csv_text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from cjmap.analysis import JourneyAnalysis
from cjmap.model import duration_minutes
from cjmap.reports.analyze import AnalyzeReport
from cjmap.textsafe import csv_text

FIXED_COLUMNS = (
    "journey",
    "file",
    "stage",
    "stage_name",
    "touchpoint",
    "name",
    "channel",
    "type",
    "owner",
    "moment_of_truth",
    "emotion",
)
TAIL_COLUMNS = (
    "effort",
    "completion",
    "reached",
    "duration_minutes",
    "pain_points",
    "pain_load",
    "opportunities",
    "evidence",
    "friction",
    "friction_pain",
    "friction_effort",
    "friction_dropoff",
    "friction_emotion",
    "hotspot",
)
Cell = str | int | float | bool | None


def render(report: AnalyzeReport, color: bool = False) -> str:
    """Every touchpoint of every journey as a CSV row, with a header row."""
    personas = list(dict.fromkeys(p for j in report.analysis.journeys for p in j.emotion.personas))
    header = [*FIXED_COLUMNS, *(f"emotion:{p}" for p in personas), *TAIL_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for journey in report.analysis.journeys:
        for row in _rows(journey, personas):
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _rows(analysis: JourneyAnalysis, personas: Sequence[str]) -> list[list[Cell]]:
    reached = {step.touchpoint: step.reached for step in analysis.funnel.steps}
    combined = {p.touchpoint: p.value for p in analysis.emotion.combined.points}
    per_persona = {
        persona: {p.touchpoint: p.value for p in curve.points}
        for persona, curve in analysis.emotion.personas.items()
    }
    frictions = {t.touchpoint: t for t in analysis.friction.touchpoints}
    hot = {ident: rank for rank, ident in enumerate(analysis.friction.hotspots, start=1)}
    rows: list[list[Cell]] = []
    for stage, tp in analysis.journey.touchpoints():
        friction = frictions[tp.id]
        parts = {part.name: round(part.value, 4) for part in friction.parts}
        rows.append(
            [
                analysis.id,
                analysis.file,
                stage.id,
                stage.name,
                tp.id,
                tp.name,
                tp.channel,
                tp.type,
                tp.owner,
                tp.moment_of_truth,
                combined.get(tp.id),
                *(per_persona.get(p, {}).get(tp.id) for p in personas),
                tp.effort,
                tp.completion,
                _round(reached.get(tp.id)),
                duration_minutes(tp.duration),
                len(tp.pain_points),
                sum(p.severity * p.frequency for p in tp.pain_points),
                len(tp.opportunities),
                " ".join(tp.evidence) or None,
                _round(friction.value, 1),
                parts.get("pain"),
                parts.get("effort"),
                parts.get("dropoff"),
                parts.get("emotion"),
                hot.get(tp.id),
            ]
        )
    return rows


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    return neutralise(value)


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell and a terminal: a leading apostrophe before
    a formula, control characters escaped."""
    return csv_text(text)
