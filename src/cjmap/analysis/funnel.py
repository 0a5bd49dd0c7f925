"""The funnel: cumulative conversion through the touchpoints that give a completion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.document.model import Journey, Stage, Touchpoint


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """A touchpoint with a completion.

    ``reached``: the share of all customers who get here (the product of the completions
    before it); ``completion``: the share of those who complete it; ``lost``:
    ``1 - completion``, the share of those who reached it and leave here; ``lost_overall``:
    ``reached × lost``, the same as a share of all customers; ``converted``:
    ``reached × completion``.
    """

    stage: str
    touchpoint: str
    completion: float
    reached: float
    converted: float
    lost: float
    lost_overall: float


@dataclass(frozen=True, slots=True)
class Funnel:
    """``steps`` in journey order; ``conversion``: the product of every completion
    (``None`` when no touchpoint gives one); ``biggest_dropoff``: the step with the largest
    ``lost`` (ties: the first), ``None`` when no step loses anyone."""

    steps: tuple[FunnelStep, ...]
    conversion: float | None
    biggest_dropoff: FunnelStep | None


def analyze_funnel(
    journey: Journey, route: Sequence[tuple[Stage, Touchpoint]] | None = None
) -> Funnel:
    """The funnel of ``journey`` from its touchpoints' ``completion``: along ``route`` (the
    touchpoints of one path, in order), by default its main path (the touchpoints without
    ``path:``; every touchpoint of a journey without paths)."""
    if route is None:
        route = [(stage, tp) for stage, tp in journey.touchpoints() if tp.path is None]
    steps: list[FunnelStep] = []
    reached = 1.0
    for stage, tp in route:
        if tp.completion is None:
            continue
        lost = 1 - tp.completion
        converted = reached * tp.completion
        steps.append(
            FunnelStep(stage.id, tp.id, tp.completion, reached, converted, lost, reached * lost)
        )
        reached = converted
    biggest: FunnelStep | None = None
    for step in steps:
        if step.lost > 0 and (biggest is None or step.lost > biggest.lost):
            biggest = step
    return Funnel(tuple(steps), reached if steps else None, biggest)
