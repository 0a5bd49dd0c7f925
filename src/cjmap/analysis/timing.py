"""Journey time by stage: a stage's own ``duration``, or else its touchpoints' durations (a
touchpoint without one takes its sub-journey's total time)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.analysis.subjourneys import NO_FIGURES, SubFigures
from cjmap.document.model import Journey, Touchpoint, duration_minutes


@dataclass(frozen=True, slots=True)
class StageTime:
    """A stage's time in minutes: its own duration, or else the sum of its touchpoints'
    (``None``: no duration given)."""

    stage: str
    minutes: int | None


@dataclass(frozen=True, slots=True)
class Timing:
    """``stages`` in journey order; ``total_minutes``: the sum of the stages that have a
    time (``None`` when none has)."""

    stages: tuple[StageTime, ...]
    total_minutes: int | None


def touchpoint_minutes(tp: Touchpoint, subs: Mapping[str, SubFigures] = NO_FIGURES) -> int | None:
    """A touchpoint's time: its own ``duration``, or else its sub-journey's total time."""
    own = duration_minutes(tp.duration)
    if own is not None or tp.journey is None:
        return own
    figures = subs.get(tp.journey)
    return figures.minutes if figures is not None else None


def analyze_timing(journey: Journey, subs: Mapping[str, SubFigures] = NO_FIGURES) -> Timing:
    """The time of each stage of ``journey`` and of the whole journey (sub-journeys' times
    from ``subs``)."""
    stages: list[StageTime] = []
    for stage in journey.stages:
        own = duration_minutes(stage.duration)
        if own is not None:
            stages.append(StageTime(stage.id, own))
            continue
        parts = [touchpoint_minutes(tp, subs) for tp in stage.touchpoints]
        known = [m for m in parts if m is not None]
        stages.append(StageTime(stage.id, sum(known)) if known else StageTime(stage.id, None))
    times = [s.minutes for s in stages if s.minutes is not None]
    return Timing(tuple(stages), sum(times) if times else None)
