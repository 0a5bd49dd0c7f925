"""What every format of ``cjmap analyze`` shares: the report they show and the way they
write its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.analysis.run import Curve, JourneyAnalysis, WorkspaceAnalysis
from cjmap.util.numbers import (
    SCORE_DIGITS,
    number_text,
    with_unit,
)

SPARKS = "▁▂▃▄▅▆▇█"
GAP = "·"


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    """What ``cjmap analyze`` shows: the analyses, the target files left out because they
    do not validate, and whether to explain each friction number with its parts."""

    analysis: WorkspaceAnalysis
    skipped: tuple[str, ...] = ()
    explain: bool = False


def sparkline(values: Sequence[float | None], scale: tuple[int, int]) -> str:
    """One block per point, from ▁ (the bottom of the scale) to █ (its top); ``·`` a gap."""
    low, high = scale
    chars = []
    for value in values:
        if value is None:
            chars.append(GAP)
            continue
        position = (value - low) / (high - low)
        chars.append(SPARKS[min(len(SPARKS) - 1, max(0, round(position * (len(SPARKS) - 1))))])
    return "".join(chars)


def curve_sparkline(curve: Curve, analysis: JourneyAnalysis) -> str:
    """A curve as sparklines, one group per stage with points, a space between groups
    (empty when the curve has no points)."""
    groups = []
    for stage in analysis.journey.stages:
        values = [p.value for p in curve.points if p.stage == stage.id]
        if values:
            groups.append(sparkline(values, analysis.scale))
    return " ".join(groups)


def measured(value: float | None, unit: str | None) -> str:
    """A metric's value with its unit: ``6 days``, ``92%``; ``–`` when there is none."""
    if value is None:
        return "–"
    return with_unit(number_text(value, SCORE_DIGITS), unit)
