"""Emotion curves: per persona and combined, with their statistics (docs/analysis.md).

A touchpoint without an emotion is a gap: it is kept in the points as ``None`` and skipped by
every statistic, never read as zero. Values stay on the journey's own emotion scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import NamedTuple

from cjmap.document.model import Journey, PersonaFields, Touchpoint
from cjmap.util.numbers import neutral_of


class Point(NamedTuple):
    """One touchpoint on a curve: its stage, its id and its value (``None``: a gap). A named
    tuple, as :class:`Mark` is: several are made per touchpoint of every journey analysed,
    and a tuple is made in a third of a frozen dataclass's time."""

    stage: str
    touchpoint: str
    value: float | None


class Mark(NamedTuple):
    """A notable point of a curve (best, worst, end): the touchpoint and its value."""

    touchpoint: str
    value: float


@dataclass(frozen=True, slots=True)
class Drop:
    """The biggest fall between two consecutive valued points; ``delta`` is negative."""

    from_touchpoint: str
    to_touchpoint: str
    delta: float


@dataclass(frozen=True, slots=True)
class Gap:
    """One touchpoint on the second curve: what customers expected there (``None``: no
    expectation) and the gap, felt − expected (``None`` unless both are given)."""

    stage: str
    touchpoint: str
    expected: float | None
    gap: float | None


@dataclass(frozen=True, slots=True)
class Expectation:
    """The second curve of an emotion curve: what customers expected at each touchpoint.

    ``points``: every touchpoint in journey order, as :class:`Gap`. ``largest_negative``: the
    touchpoint where what was felt fell furthest below what was expected (the most negative
    gap; ``None`` when no gap is negative; ties go to the first). ``mean_gap``: the mean of
    every defined gap (``None`` when none is).
    """

    points: tuple[Gap, ...]
    largest_negative: Mark | None
    mean_gap: float | None


@dataclass(frozen=True, slots=True)
class Curve:
    """One emotion curve and its statistics.

    ``points``: every touchpoint in journey order (gaps kept; a persona's curve has only
    the touchpoints for it; the statistics of a journey with paths are its main path's).
    ``stages``: stage id → mean of the stage's valued points (``None`` when it has none), in
    journey order. ``best`` / ``worst``: highest / lowest point; ``end``: the last valued
    point; ``peak``: the point farthest from neutral; ``biggest_drop``: the most negative
    change from one valued point to the next (``None`` when the curve never falls);
    ``peak_end``: the mean of ``peak`` and ``end``. Ties go to the first in journey order;
    every statistic is ``None`` on a curve without values. ``expectation``: the second curve
    (``None`` when no touchpoint gives an expectation for it; its gaps at every point, its
    statistics, like the others, on the main path).
    """

    points: tuple[Point, ...]
    stages: Mapping[str, float | None]
    best: Mark | None
    worst: Mark | None
    end: Mark | None
    peak: Mark | None
    biggest_drop: Drop | None
    peak_end: float | None
    expectation: Expectation | None = None

    def values(self) -> list[float]:
        """The valued points' values, in journey order."""
        return [p.value for p in self.points if p.value is not None]


@dataclass(frozen=True, slots=True)
class EmotionAnalysis:
    """The emotion section of a journey's analysis.

    ``personas``: persona id → curve, in the journey's persona order (only the chosen persona
    when the analysis was restricted to one). ``combined``: at each touchpoint the
    weighted mean of the personas that have a value there. ``weights``: the weight of each
    persona (see :func:`persona_weights`). ``scale`` and ``neutral``: the journey's scale and
    its midpoint.
    """

    personas: Mapping[str, Curve]
    combined: Curve
    weights: Mapping[str, float]
    scale: tuple[int, int]
    neutral: float


def persona_weights(personas: Sequence[PersonaFields]) -> dict[str, float]:
    """Each persona's weight: its ``share``; personas without one split what the given
    shares leave of 1 equally (so with no shares at all every persona weighs the same)."""
    given = sum(p.share for p in personas if p.share is not None)
    missing = [p for p in personas if p.share is None]
    rest = max(0.0, 1.0 - given) / len(missing) if missing else 0.0
    return {p.id: p.share if p.share is not None else rest for p in personas}


def persona_values(tp: Touchpoint, persona_ids: Sequence[str]) -> dict[str, float]:
    """The emotion of each of ``persona_ids`` that has one at ``tp``."""
    found: dict[str, float] = {}
    for ident in persona_ids:
        value = tp.emotion_for(ident)
        if value is not None:
            found[ident] = value
    return found


def expectation_values(tp: Touchpoint, persona_ids: Sequence[str]) -> dict[str, float]:
    """The expectation of each of ``persona_ids`` that has one at ``tp``."""
    found: dict[str, float] = {}
    for ident in persona_ids:
        value = tp.expectation_for(ident)
        if value is not None:
            found[ident] = value
    return found


def build_expectation(
    felt: Sequence[Point], expected: Sequence[float | None]
) -> Expectation | None:
    """The second curve over ``felt`` (the emotion curve's points) and the expectation at
    each of them; ``None`` when no expectation is given."""
    if all(value is None for value in expected):
        return None
    points = tuple(
        Gap(
            p.stage,
            p.touchpoint,
            value,
            p.value - value if p.value is not None and value is not None else None,
        )
        for p, value in zip(felt, expected, strict=True)
    )
    gaps = [(g.touchpoint, g.gap) for g in points if g.gap is not None]
    largest: Mark | None = None
    for touchpoint, gap in gaps:
        if gap < 0 and (largest is None or gap < largest.value):
            largest = Mark(touchpoint, gap)
    mean = sum(gap for _, gap in gaps) / len(gaps) if gaps else None
    return Expectation(points, largest, mean)


def weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """The mean of ``values`` weighted by ``weights``, renormalised over the keys present;
    equal weights when those keys weigh nothing in total; ``None`` when empty."""
    if not values:
        return None
    if len(values) == 1:
        # One value is its own mean, exactly (no rounding through the weights).
        return next(iter(values.values()))
    total = sum(weights.get(key, 0.0) for key in values)
    if total <= 0:
        return sum(values.values()) / len(values)
    return sum(value * weights.get(key, 0.0) for key, value in values.items()) / total


def build_curve(
    points: Sequence[Point],
    stage_ids: Sequence[str],
    neutral: float,
    expected: Sequence[float | None] = (),
) -> Curve:
    """A curve over ``points`` with its statistics (see :class:`Curve`), and its second
    curve from ``expected`` (the expectation at each point, when given)."""
    stages: dict[str, float | None] = {}
    for stage in stage_ids:
        values = [p.value for p in points if p.stage == stage and p.value is not None]
        stages[stage] = sum(values) / len(values) if values else None
    valued = [Mark(p.touchpoint, p.value) for p in points if p.value is not None]
    best = worst = end = peak = None
    drop: Drop | None = None
    peak_end: float | None = None
    if valued:
        best, worst, peak = valued[0], valued[0], valued[0]
        for mark in valued[1:]:
            # Strict comparisons: ties stay with the first in journey order.
            if mark.value > best.value:
                best = mark
            if mark.value < worst.value:
                worst = mark
            if abs(mark.value - neutral) > abs(peak.value - neutral):
                peak = mark
        end = valued[-1]
        for before, after in pairwise(valued):
            delta = after.value - before.value
            if delta < 0 and (drop is None or delta < drop.delta):
                drop = Drop(before.touchpoint, after.touchpoint, delta)
        peak_end = (peak.value + end.value) / 2
    second = build_expectation(points, expected) if expected else None
    return Curve(tuple(points), stages, best, worst, end, peak, drop, peak_end, second)


def analyze_emotion(
    journey: Journey,
    personas: Sequence[PersonaFields],
    scale: tuple[int, int],
    *,
    only: str | None = None,
) -> EmotionAnalysis:
    """The curves of ``journey``: one per persona and the combined curve.

    A persona's curve has a point at each touchpoint that applies to it (``personas:`` on
    the touchpoint; absent: every persona); the combined value at a touchpoint is the
    weighted mean of the personas it applies to. The points cover every path; the
    statistics are those of the main path (the touchpoints without ``path:``).

    With ``only``, just that persona's curve is kept and the combined curve is that curve;
    when the journey does not have that persona, there are no persona curves and the
    combined curve is all gaps.
    """
    neutral = neutral_of(scale)
    weights = persona_weights(personas)
    stage_ids = [stage.id for stage in journey.stages]
    touchpoints = journey.touchpoints()
    chosen = list(personas)
    if only is not None:
        chosen = [p for p in personas if p.id == only]
    curves: dict[str, Curve] = {}
    for persona in chosen:
        selected = [(s, tp) for s, tp in touchpoints if tp.applies_to(persona.id)]
        points = [Point(s.id, tp.id, tp.emotion_for(persona.id)) for s, tp in selected]
        expected = [tp.expectation_for(persona.id) for _, tp in selected]
        curves[persona.id] = main_path_curve(points, journey, stage_ids, neutral, expected)
    only_values: dict[str, float | None] = {}
    only_expected: dict[str, float | None] = {}
    if only is not None and only in curves:
        only_values = {p.touchpoint: p.value for p in curves[only].points}
        only_expected = {
            tp.id: tp.expectation_for(only) for _, tp in touchpoints if tp.applies_to(only)
        }
    combined_points: list[Point] = []
    combined_expected: list[float | None] = []
    for stage, tp in touchpoints:
        value: float | None
        hoped: float | None
        if only is not None:
            value = only_values.get(tp.id)
            hoped = only_expected.get(tp.id)
        elif personas:
            present = [p.id for p in personas if tp.applies_to(p.id)]
            value = weighted_mean(persona_values(tp, present), weights)
            hoped = weighted_mean(expectation_values(tp, present), weights)
        else:
            value = tp.emotion if not isinstance(tp.emotion, dict) else None
            hoped = tp.expectation if not isinstance(tp.expectation, dict) else None
        combined_points.append(Point(stage.id, tp.id, value))
        combined_expected.append(hoped)
    combined = main_path_curve(combined_points, journey, stage_ids, neutral, combined_expected)
    chosen_weights = {p.id: weights[p.id] for p in chosen}
    return EmotionAnalysis(curves, combined, chosen_weights, scale, neutral)


def main_path_curve(
    points: Sequence[Point],
    journey: Journey,
    stage_ids: Sequence[str],
    neutral: float,
    expected: Sequence[float | None] = (),
) -> Curve:
    """A curve with every one of ``points`` (and the expectation at each, ``expected``) and
    the statistics of those on the main path."""
    branch = {tp.id for _, tp in journey.touchpoints() if tp.path is not None}
    if not branch:
        return build_curve(points, stage_ids, neutral, expected)
    on_main = [i for i, p in enumerate(points) if p.touchpoint not in branch]
    main = build_curve(
        [points[i] for i in on_main],
        stage_ids,
        neutral,
        [expected[i] for i in on_main] if expected else (),
    )
    second = build_expectation(points, expected) if expected else None
    if second is not None:
        stats = main.expectation
        second = replace(
            second,
            largest_negative=stats.largest_negative if stats else None,
            mean_gap=stats.mean_gap if stats else None,
        )
    return replace(main, points=tuple(points), expectation=second)
