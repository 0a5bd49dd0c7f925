"""Journey time by stage: a stage's own ``duration``, or else its touchpoints' durations."""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.document.model import Journey, duration_minutes


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


def analyze_timing(journey: Journey) -> Timing:
    """The time of each stage of ``journey`` and of the whole journey."""
    stages: list[StageTime] = []
    for stage in journey.stages:
        own = duration_minutes(stage.duration)
        if own is not None:
            stages.append(StageTime(stage.id, own))
            continue
        parts = [duration_minutes(tp.duration) for tp in stage.touchpoints]
        known = [m for m in parts if m is not None]
        stages.append(StageTime(stage.id, sum(known)) if known else StageTime(stage.id, None))
    times = [s.minutes for s in stages if s.minutes is not None]
    return Timing(tuple(stages), sum(times) if times else None)
