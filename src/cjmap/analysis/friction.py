"""Friction, 0..100, per touchpoint, stage, owner and journey (docs/analysis.md).

Each of the four parts is a number from 0 (nothing negative) to 1:

- pain: the pain load ``L`` (the sum of severity × frequency over the touchpoint's pain
  points) as ``L / (L + 9)``: 0 without pain points, one half for one pain point at the
  default severity and frequency (3 × 3), and rising with every pain point added or worsened
  without ever reaching 1;
- effort: ``(effort - 1) / 4``; an absent effort counts as 1 (effortless);
- dropoff: ``1 - completion``; an absent completion counts as 1 (nobody lost);
- emotion: for each persona with a value, how far it lies below neutral as a share of the
  half-range of the scale (0 at or above neutral), then the share-weighted mean of these.

Friction is the weighted mean of the parts over all four weights: ``100 × Σ wᵢ·pᵢ / Σ wᵢ``.
A touchpoint with no pain point, effort, completion or emotion has no friction (``None``),
unless it names a sub-journey: then it takes that journey's friction
(:mod:`cjmap.analysis.subjourneys`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cjmap.analysis.emotion import persona_values, persona_weights, weighted_mean
from cjmap.analysis.subjourneys import NO_FIGURES, SubFigures
from cjmap.document.model import FrictionWeights, Journey, PersonaFields, Touchpoint
from cjmap.util.numbers import neutral_of

PAIN_HALF_LOAD = 9.0
"""The pain load (severity × frequency summed) at which the pain part is one half."""

PART_NAMES = ("pain", "effort", "dropoff", "emotion")


class Part(NamedTuple):
    """One part of a touchpoint's friction (a named tuple: four are made per touchpoint of
    every journey analysed, and a tuple is made in a third of a frozen dataclass's time).

    ``name``: pain, effort, dropoff or emotion. ``value``: the part from 0 to 1.
    ``weight``: its weight from the workspace. ``points``: what it adds to the friction,
    ``100 × weight × value / Σ weights``. ``source``: what the part was computed from, or
    ``None`` when the touchpoint does not give it — the pain load, the effort score, the
    completion, or the weighted distance below neutral in units of the journey's scale.
    """

    name: str
    value: float
    weight: float
    points: float
    source: float | None


class TouchpointFriction(NamedTuple):
    """The friction of one touchpoint (``None`` without data) with its parts (empty then).
    ``sub_journey``: the journey whose friction the touchpoint took, having none of its own
    (its parts are empty then). A named tuple, as :class:`Part` is."""

    stage: str
    touchpoint: str
    owner: str | None
    value: float | None
    parts: tuple[Part, ...]
    sub_journey: str | None = None

    def part(self, name: str) -> Part | None:
        """The part called ``name``, if the friction is defined."""
        return next((p for p in self.parts if p.name == name), None)


@dataclass(frozen=True, slots=True)
class FrictionAnalysis:
    """The friction section of a journey's analysis.

    ``touchpoints``: one entry per touchpoint in journey order. ``stages``: stage id → mean
    of its touchpoints' defined frictions. ``journey``: the mean of every defined touchpoint
    friction. ``by_owner``: owner → mean of the defined frictions of the touchpoints it owns
    (owners in order of first appearance). ``hotspots``: up to five touchpoint ids with
    friction above 0, highest first (ties: first in journey order). Means are ``None`` where
    nothing is defined. ``weights``: the weights used.
    """

    touchpoints: tuple[TouchpointFriction, ...]
    stages: Mapping[str, float | None]
    journey: float | None
    by_owner: Mapping[str, float | None]
    hotspots: tuple[str, ...]
    weights: FrictionWeights
    _by_id: dict[str, float | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Read once per touchpoint by every output: a scan each time is quadratic.
        by_id: dict[str, float | None] = {}
        for t in self.touchpoints:
            by_id.setdefault(t.touchpoint, t.value)
        object.__setattr__(self, "_by_id", by_id)

    def of(self, touchpoint: str) -> float | None:
        """The friction of the touchpoint with id ``touchpoint`` (``None`` if undefined)."""
        return self._by_id.get(touchpoint)


def pain_load(tp: Touchpoint) -> int:
    """The sum of severity × frequency over the touchpoint's pain points."""
    return sum(pain.severity * pain.frequency for pain in tp.pain_points)


def pain_part(load: float) -> float:
    """The pain part of a pain load: ``load / (load + 9)``."""
    return load / (load + PAIN_HALF_LOAD)


def emotion_below_neutral(
    tp: Touchpoint,
    personas: Sequence[PersonaFields],
    scale: tuple[int, int],
    shares: Mapping[str, float] | None = None,
) -> float | None:
    """The share-weighted mean distance below neutral of the personas' emotions at ``tp``,
    in units of the scale (``None`` when no persona has a value). ``shares``: the personas'
    weights, when the caller has them (:func:`persona_weights`)."""
    neutral = neutral_of(scale)
    if personas:
        # Only the personas the touchpoint is for ('personas:' on it; absent: every one).
        values = persona_values(tp, [p.id for p in personas if tp.applies_to(p.id)])
        below = {key: max(0.0, neutral - value) for key, value in values.items()}
        return weighted_mean(below, persona_weights(personas) if shares is None else shares)
    if tp.emotion is None or isinstance(tp.emotion, dict):
        return None
    return max(0.0, neutral - tp.emotion)


def touchpoint_friction(
    stage_id: str,
    tp: Touchpoint,
    personas: Sequence[PersonaFields],
    scale: tuple[int, int],
    weights: FrictionWeights,
    shares: Mapping[str, float] | None = None,
) -> TouchpointFriction:
    """The friction of one touchpoint and its parts (``shares``: the personas' weights,
    when the caller has them)."""
    below = emotion_below_neutral(tp, personas, scale, shares)
    if not tp.pain_points and tp.effort is None and tp.completion is None and below is None:
        return TouchpointFriction(stage_id, tp.id, tp.owner, None, ())
    half_range = (scale[1] - scale[0]) / 2
    load = pain_load(tp)
    effort, completion = tp.effort, tp.completion
    # In the order of PART_NAMES: (name, value, weight, source).
    raw = (
        ("pain", pain_part(load), weights.pain, float(load) if tp.pain_points else None),
        (
            "effort",
            _clamp((effort - 1) / 4) if effort is not None else 0.0,
            weights.effort,
            float(effort) if effort is not None else None,
        ),
        (
            "dropoff",
            _clamp(1 - completion) if completion is not None else 0.0,
            weights.dropoff,
            completion,
        ),
        (
            "emotion",
            _clamp(below / half_range) if below is not None else 0.0,
            weights.emotion,
            below,
        ),
    )
    total = weights.pain + weights.effort + weights.dropoff + weights.emotion
    parts = [
        Part(name, value, weight, 100 * weight * value / total if total > 0 else 0.0, source)
        for name, value, weight, source in raw
    ]
    friction = min(100.0, sum(part.points for part in parts))
    return TouchpointFriction(stage_id, tp.id, tp.owner, friction, tuple(parts))


def _rolled_up(
    own: TouchpointFriction, tp: Touchpoint, subs: Mapping[str, SubFigures]
) -> TouchpointFriction:
    if own.value is not None or tp.journey is None:
        return own
    figures = subs.get(tp.journey)
    if figures is None or figures.friction is None:
        return own
    return TouchpointFriction(
        own.stage, own.touchpoint, own.owner, figures.friction, (), tp.journey
    )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def hotspots(touchpoints: Sequence[TouchpointFriction], limit: int = 5) -> tuple[str, ...]:
    """Up to ``limit`` touchpoint ids with friction above 0, highest first, ties in order."""
    hot = [
        (t.value, i, t.touchpoint)
        for i, t in enumerate(touchpoints)
        if t.value is not None and t.value > 0
    ]
    hot.sort(key=lambda item: (-item[0], item[1]))
    return tuple(ident for _, _, ident in hot[:limit])


def analyze_friction(
    journey: Journey,
    personas: Sequence[PersonaFields],
    scale: tuple[int, int],
    weights: FrictionWeights,
    subs: Mapping[str, SubFigures] = NO_FIGURES,
) -> FrictionAnalysis:
    """Friction for every touchpoint of ``journey``, and its stage, owner and journey means;
    a touchpoint without data of its own takes its sub-journey's friction from ``subs``."""
    shares = persona_weights(personas)
    per_tp = tuple(
        _rolled_up(touchpoint_friction(stage.id, tp, personas, scale, weights, shares), tp, subs)
        for stage, tp in journey.touchpoints()
    )
    stages = {
        stage.id: _mean([t.value for t in per_tp if t.stage == stage.id])
        for stage in journey.stages
    }
    owners: dict[str, list[float | None]] = {}
    for t in per_tp:
        if t.owner is not None:
            owners.setdefault(t.owner, []).append(t.value)
    by_owner = {owner: _mean(values) for owner, values in owners.items()}
    return FrictionAnalysis(
        per_tp,
        stages,
        _mean([t.value for t in per_tp]),
        by_owner,
        hotspots(per_tp),
        weights,
    )
