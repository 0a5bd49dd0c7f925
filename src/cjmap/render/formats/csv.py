"""CSV: one row per touchpoint with every lane, for people who live in spreadsheets.

Lists (actions, pain points...) are one cell each, an item per line. Written like
``analyze --format csv`` (:mod:`cjmap.util.csvdoc`): a UTF-8 byte-order mark so that Excel reads
Cyrillic, Greek and Chinese text correctly, numbers rounded once as in every output
(:mod:`cjmap.util.numbers`), text kept exact (tabs and line breaks in a quoted cell) except that a
cell a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``...) gets
a leading apostrophe and characters that act on a terminal are shown as escapes.
``scale_low`` and ``scale_high`` give the emotion scale the emotion and expectation columns
are on. ``sub_journey`` is the touchpoint's ``journey:`` (the ``journey`` column is the id
of the journey the row belongs to); ``expectation_gap`` is the combined curve's gap,
felt − expected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmap.document.model import duration_minutes, opportunity_id, pain_point_id
from cjmap.render import figures
from cjmap.render.escape import csv_cell
from cjmap.util.csvdoc import BOM, csv_document
from cjmap.util.numbers import (
    DATA,
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    number_text,
    with_unit,
)
from cjmap.workspace.corpus import ResolvedJourney

if TYPE_CHECKING:
    from cjmap.analysis.run import JourneyAnalysis

__all__ = ["BOM", "columns", "render_csv"]


def _number(value: float | int | None, digits: int = 0) -> str:
    return number_text(value, digits, style=DATA, none="")


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def columns(persona_ids: list[str]) -> list[str]:
    """The header row: fixed columns, then one emotion column per persona."""
    return [
        "journey",
        "stage_id",
        "stage",
        "touchpoint_id",
        "touchpoint",
        "path",
        "personas",
        "sub_journey",
        "channel",
        "type",
        "owner",
        "description",
        "actions",
        "thoughts",
        "frontstage",
        "backstage",
        "support",
        "emotion",
        *(f"emotion:{ident}" for ident in persona_ids),
        "expectation",
        *(f"expectation:{ident}" for ident in persona_ids),
        "expectation_gap",
        "effort",
        "completion",
        "duration",
        "duration_minutes",
        "moment_of_truth",
        "friction",
        "pain_points",
        "opportunities",
        "metrics",
        "evidence",
        "scale_low",
        "scale_high",
    ]


def render_csv(resolved: ResolvedJourney, analysis: JourneyAnalysis) -> str:
    """The CSV text of one journey (with a byte-order mark, CRLF line ends)."""
    journey = resolved.journey
    persona_ids = [p.id for p in resolved.personas]
    friction = figures.touchpoint_friction(analysis.friction)
    combined = figures.curve_values(analysis.emotion.combined)
    expected = figures.expected_values(analysis.emotion.combined)
    gaps = figures.gap_values(analysis.emotion.combined)
    rows = [columns(persona_ids)]
    for stage, tp in journey.touchpoints():
        pains = [
            f"[{pain_point_id(tp, i)}] severity {p.severity}/5, frequency {p.frequency}/5: {p.text}"
            for i, p in enumerate(tp.pain_points)
        ]
        opportunities = [
            f"[{opportunity_id(tp, i)}] {o.status}: {o.text}"
            for i, o in enumerate(tp.opportunities)
        ]
        metrics = []
        for metric in tp.metrics:
            value = _number(metric.value, SCORE_DIGITS) or "—"
            text = f"{metric.name}: {with_unit(value, metric.unit, space=' ')}"
            if metric.target is not None:
                target = with_unit(_number(metric.target, SCORE_DIGITS), metric.unit, space=" ")
                text += f" (target {target}, {metric.better} is better)"
            metrics.append(text)
        text_cells = {
            "journey": journey.id,
            "stage_id": stage.id,
            "stage": stage.name,
            "touchpoint_id": tp.id,
            "touchpoint": tp.name,
            "path": tp.path or "",
            "personas": _lines(tp.personas or []),
            "sub_journey": tp.journey or "",
            "channel": tp.channel or "",
            "type": tp.type or "",
            "owner": tp.owner or "",
            "description": tp.description or "",
            "actions": _lines(tp.actions),
            "thoughts": _lines(tp.thoughts),
            "frontstage": _lines(tp.frontstage),
            "backstage": _lines(tp.backstage),
            "support": _lines(tp.support),
            "duration": tp.duration or "",
            "pain_points": _lines(pains),
            "opportunities": _lines(opportunities),
            "metrics": _lines(metrics),
            "evidence": _lines(tp.evidence),
        }
        numbers = {
            "emotion": _number(combined.get(tp.id), EMOTION_DIGITS),
            **{
                f"emotion:{ident}": _number(tp.emotion_for(ident), EMOTION_DIGITS)
                for ident in persona_ids
            },
            "expectation": _number(expected.get(tp.id), EMOTION_DIGITS),
            **{
                f"expectation:{ident}": _number(tp.expectation_for(ident), EMOTION_DIGITS)
                for ident in persona_ids
            },
            "expectation_gap": _number(gaps.get(tp.id), EMOTION_DIGITS),
            "effort": _number(tp.effort),
            "completion": _number(tp.completion, SHARE_DIGITS),
            "duration_minutes": _number(duration_minutes(tp.duration)),
            "moment_of_truth": "yes" if tp.moment_of_truth else "",
            "friction": _number(friction.get(tp.id), FRICTION_DIGITS),
            "scale_low": _number(resolved.scale[0]),
            "scale_high": _number(resolved.scale[1]),
        }
        row = [
            csv_cell(text_cells[name]) if name in text_cells else numbers[name]
            for name in columns(persona_ids)
        ]
        rows.append(row)
    return csv_document(rows)
