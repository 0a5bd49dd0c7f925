"""The analysis' figures as every rendered output reads them: typed, each rounded once to
the precision of its kind, exactly as ``cjmap analyze --format json`` writes it.

Render takes the typed :class:`~cjmap.analysis.run.JourneyAnalysis`, never its ``to_dict()``;
reading a figure through these functions keeps what a page computes from it (a heat class,
a Mermaid score, an order) in step with the number it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cjmap.util.numbers import EMOTION_DIGITS, FRICTION_DIGITS, SCORE_DIGITS, SHARE_DIGITS, rounded

if TYPE_CHECKING:
    from cjmap.analysis.emotion import Curve, EmotionAnalysis
    from cjmap.analysis.friction import FrictionAnalysis
    from cjmap.document.model import PersonaFields


def friction(value: float | None) -> float | None:
    """A friction score (0..100), rounded as shown."""
    return rounded(value, FRICTION_DIGITS)


def emotion(value: float | None) -> float | None:
    """An emotion figure (a value, a delta, a peak-end), rounded as shown."""
    return rounded(value, EMOTION_DIGITS)


def share(value: float | None) -> float | None:
    """A share (0..1: conversion, coverage, a drop-off), rounded as shown."""
    return rounded(value, SHARE_DIGITS)


def score(value: float | None) -> float | None:
    """An opportunity's priority score, rounded as shown."""
    return rounded(value, SCORE_DIGITS)


def touchpoint_friction(analysis: FrictionAnalysis) -> dict[str, float | None]:
    """Each touchpoint's friction by touchpoint id, rounded as shown."""
    return {t.touchpoint: friction(t.value) for t in analysis.touchpoints}


def curve_values(curve: Curve) -> dict[str, float | None]:
    """A curve's emotion at each touchpoint by touchpoint id (None: a gap), rounded as shown."""
    return {p.touchpoint: emotion(p.value) for p in curve.points}


def expected_values(curve: Curve) -> dict[str, float | None]:
    """A curve's expectation at each touchpoint by id (None: none given), rounded as shown."""
    second = curve.expectation
    return {} if second is None else {g.touchpoint: emotion(g.expected) for g in second.points}


def gap_values(curve: Curve) -> dict[str, float | None]:
    """A curve's gap (felt − expected) at each touchpoint by id, rounded as shown."""
    second = curve.expectation
    return {} if second is None else {g.touchpoint: emotion(g.gap) for g in second.points}


def persona_values(
    analysis: EmotionAnalysis, personas: Sequence[PersonaFields], *, expected: bool = False
) -> dict[str, list[tuple[str, float]]]:
    """At each touchpoint (by id), the personas with an emotion (or, ``expected``, an
    expectation) there: each one's name and value, rounded as shown, in the order of the
    analysis' curves."""
    names = {p.id: p.name for p in personas}
    found: dict[str, list[tuple[str, float]]] = {}
    for ident, curve in analysis.personas.items():
        pairs: Iterable[tuple[str, float | None]]
        if expected:
            pairs = expected_values(curve).items()
        else:
            pairs = ((p.touchpoint, p.value) for p in curve.points)
        for touchpoint, raw in pairs:
            value = raw if expected else emotion(raw)
            if value is not None:
                found.setdefault(touchpoint, []).append((names.get(ident, ident), value))
    return found
