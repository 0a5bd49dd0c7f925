"""What every format of ``cjmap analyze`` shares: the report they show and the way they
write its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.analysis.run import WorkspaceAnalysis
from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    SCORE_DIGITS,
    duration_text,
    emotion_text,
    number_text,
    percent_text,
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


def number(value: float | None, digits: int = FRICTION_DIGITS, none: str = "–") -> str:
    """``value`` for people, rounded once (see :mod:`cjmap.util.numbers`): trailing zeros dropped,
    thousands grouped (``52,000``)."""
    return number_text(value, digits, none=none)


def emotion(value: float | None, scale: tuple[int, int], *, with_scale: bool = False) -> str:
    """An emotion figure against its own scale: ``+1.5`` on -2..2, ``1.73`` on 1..5; with
    ``with_scale``, the scale named (``1.73 on 1–5``)."""
    return emotion_text(value, scale, with_scale=with_scale)


def delta(value: float | None) -> str:
    """A change of emotion, always signed: ``-1.5``, ``+0.25``."""
    return number_text(value, EMOTION_DIGITS, signed=True)


def on_scale(value: float | None, scale: tuple[int, int]) -> str:
    """An emotion figure with its scale named, whatever the scale (``+0.5 on -2 – 2``)."""
    return emotion_text(value, scale, with_scale=True)


def percent(value: float | None, none: str = "–") -> str:
    """A share from 0 to 1 as a percentage (``42.35%``)."""
    return percent_text(value, none=none)


def minutes(value: int | None, none: str = "–") -> str:
    """A number of minutes in weeks, days, hours and minutes: ``1 w 2 d 3 h 5 min``."""
    return duration_text(value, none=none)


def measured(value: float | None, unit: str | None) -> str:
    """A metric's value with its unit: ``6 days``, ``92%``; ``–`` when there is none."""
    if value is None:
        return "–"
    return with_unit(number_text(value, SCORE_DIGITS), unit)
