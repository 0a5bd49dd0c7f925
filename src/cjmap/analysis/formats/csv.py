"""``--format csv``: one row per touchpoint, for spreadsheets.

Written like ``render --format csv`` (:mod:`cjmap.util.csvdoc`): a UTF-8 byte-order mark, CRLF,
numbers rounded once as everywhere else (:mod:`cjmap.util.numbers`: ``0.1``, never
``0.09999999999999998``; no thousands separator, ``.`` as the decimal mark), journey text kept
exact (tabs and line breaks inside a quoted cell) except that a cell a spreadsheet would read as
a formula gets a leading apostrophe and characters that act on a terminal are shown as escapes
(see :func:`cjmap.util.textsafe.csv_text`). ``scale_low`` and ``scale_high`` give the emotion scale
the emotion columns are on.

With ``--portfolio`` (:attr:`Options.portfolio`), one row per opportunity instead, in the columns
of :data:`PORTFOLIO_COLUMNS` (docs/analysis.md, "Portfolio"): lists (the pain points addressed,
the tags) one item per line in their cell, an opportunity without a status an empty ``status``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from cjmap.analysis.formats.common import AnalyzeReport, Meta, Options, Part, render_with
from cjmap.analysis.friction import pain_load
from cjmap.analysis.run import JourneyAnalysis
from cjmap.document.model import duration_minutes
from cjmap.util.csvdoc import BOM, csv_lines
from cjmap.util.numbers import (
    DATA,
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    PART_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    number_text,
)
from cjmap.util.textsafe import csv_text

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
    "scale_low",
    "scale_high",
    "path",
    "personas",
    "path_conversion",
    "path_friction",
    "expectation",
    "expectation_gap",
    "sub_journey",
    "sub_journey_friction",
    "sub_journey_minutes",
)


PORTFOLIO_COLUMNS = (
    "journey",
    "journey_title",
    "file",
    "stage",
    "touchpoint",
    "touchpoint_name",
    "opportunity",
    "text",
    "pain_points",
    "score",
    "owner",
    "status",
    "tags",
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number for a cell, with the decimals of its kind."""

    value: float
    digits: int


Cell = str | int | Figure | bool | None


Row = tuple[list[str], dict[str, str], list[str]]
"""A touchpoint's cells before and after the persona columns, and its persona cells by id
(the persona columns are those of every journey written, known at the end)."""


def render(report: AnalyzeReport, color: bool = False) -> str:
    """Every touchpoint of every journey as a CSV row, with a header row."""
    return render_with(sys.modules[__name__], report, Options(explain=report.explain))


def part(analysis: JourneyAnalysis, options: Options) -> Part:
    """A journey's rows; its summary is the ids of its emotion curves' personas (with
    ``options.portfolio``, a row per opportunity and no summary)."""
    if options.portfolio:
        return Part((), _portfolio_rows(analysis))
    own = list(analysis.emotion.personas)
    rows: list[Row] = []
    width = len(FIXED_COLUMNS)
    for row in _rows(analysis, own):
        cells = [_cell(value) for value in row]
        by_persona = {p: cells[width + i] for i, p in enumerate(own)}
        rows.append((cells[:width], by_persona, cells[width + len(own) :]))
    return Part(tuple(own), rows)


def write(
    bodies: Iterable[list[Row]], summaries: Sequence[tuple[str, ...]], meta: Meta, options: Options
) -> Iterator[str]:
    """The header row, then every journey's rows."""
    if options.portfolio:
        yield BOM + csv_lines([list(PORTFOLIO_COLUMNS)])
        for body in bodies:
            yield csv_lines(cells for cells, _, _ in body)
        return
    personas = list(dict.fromkeys(p for own in summaries for p in own))
    header = [*FIXED_COLUMNS, *(f"emotion:{p}" for p in personas), *TAIL_COLUMNS]
    yield BOM + csv_lines([header])
    for rows in bodies:
        yield csv_lines(
            [*head, *(by_persona.get(p, "") for p in personas), *tail]
            for head, by_persona, tail in rows
        )


def _rows(analysis: JourneyAnalysis, personas: Sequence[str]) -> list[list[Cell]]:
    reached = {step.touchpoint: step.reached for step in analysis.funnel.steps}
    for route in analysis.paths.paths:
        # A path's touchpoint is reached along its own path.
        own = set(route.own)
        reached.update(
            (step.touchpoint, step.reached) for step in route.funnel.steps if step.touchpoint in own
        )
    combined = {p.touchpoint: p.value for p in analysis.emotion.combined.points}
    per_persona = {
        persona: {p.touchpoint: p.value for p in curve.points}
        for persona, curve in analysis.emotion.personas.items()
    }
    frictions = {t.touchpoint: t for t in analysis.friction.touchpoints}
    second = analysis.emotion.combined.expectation
    gaps = {g.touchpoint: g for g in second.points} if second is not None else {}
    subs = {s.touchpoint: s for s in analysis.sub_journeys}
    hot = {ident: rank for rank, ident in enumerate(analysis.friction.hotspots, start=1)}
    rows: list[list[Cell]] = []
    for stage, tp in analysis.journey.touchpoints():
        friction = frictions[tp.id]
        route = (analysis.paths.of(tp.path) if tp.path else None) or analysis.paths.main
        parts = {part.name: _figure(part.value, PART_DIGITS) for part in friction.parts}
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
                _figure(combined.get(tp.id), EMOTION_DIGITS),
                *(_figure(per_persona.get(p, {}).get(tp.id), EMOTION_DIGITS) for p in personas),
                tp.effort,
                _figure(tp.completion, SHARE_DIGITS),
                _figure(reached.get(tp.id), SHARE_DIGITS),
                duration_minutes(tp.duration),
                len(tp.pain_points),
                pain_load(tp),
                len(tp.opportunities),
                " ".join(tp.evidence) or None,
                _figure(friction.value, FRICTION_DIGITS),
                parts.get("pain"),
                parts.get("effort"),
                parts.get("dropoff"),
                parts.get("emotion"),
                hot.get(tp.id),
                analysis.scale[0],
                analysis.scale[1],
                tp.path,
                " ".join(tp.personas) if tp.personas is not None else None,
                _figure(route.funnel.conversion, SHARE_DIGITS),
                _figure(route.friction, FRICTION_DIGITS),
                _figure(gaps[tp.id].expected if tp.id in gaps else None, EMOTION_DIGITS),
                _figure(gaps[tp.id].gap if tp.id in gaps else None, EMOTION_DIGITS),
                tp.journey,
                _figure(subs[tp.id].friction if tp.id in subs else None, FRICTION_DIGITS),
                subs[tp.id].minutes if tp.id in subs else None,
            ]
        )
    return rows


def _portfolio_rows(analysis: JourneyAnalysis) -> list[Row]:
    """The opportunities of a journey as portfolio rows (the persona and tail parts of a
    :data:`Row` left empty)."""
    from cjmap.analysis.portfolio import NO_STATUS, portfolio_rows

    rows: list[Row] = []
    for row in portfolio_rows(analysis):
        values: list[Cell] = [
            row.journey,
            row.journey_title,
            row.file,
            row.stage,
            row.touchpoint,
            row.touchpoint_name,
            row.id,
            row.text,
            "\n".join(row.pain_points) or None,
            Figure(row.score, SCORE_DIGITS),
            row.owner,
            None if row.status == NO_STATUS else row.status,
            "\n".join(row.tags) or None,
        ]
        rows.append(([_cell(value) for value in values], {}, []))
    return rows


def _figure(value: float | None, digits: int) -> Figure | None:
    return None if value is None else Figure(value, digits)


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Figure):
        return number_text(value.value, value.digits, style=DATA)
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell and a terminal: a leading apostrophe before
    a formula, control characters escaped."""
    return csv_text(text)
