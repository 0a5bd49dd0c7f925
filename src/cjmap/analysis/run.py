"""The numbers of spec section 5, as pure functions over a validated journey.

:func:`analyze` gives a :class:`JourneyAnalysis` for one resolved journey; its
:meth:`~JourneyAnalysis.to_dict` is the journey object of ``cjmap analyze --format json``.
``analyze``, ``render`` and ``diff`` all take their numbers from here. Every number is
defined in docs/analysis.md. Nothing here reads files or prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.analysis.channels import ChannelSwitch, channel_switches
from cjmap.analysis.coverage import (
    Coverage,
    MetricResult,
    Share,
    analyze_coverage,
    analyze_metrics,
)
from cjmap.analysis.emotion import (
    Curve,
    Drop,
    EmotionAnalysis,
    Expectation,
    Mark,
    Point,
    analyze_emotion,
)
from cjmap.analysis.friction import (
    FrictionAnalysis,
    Part,
    TouchpointFriction,
    analyze_friction,
)
from cjmap.analysis.funnel import Funnel, FunnelStep, analyze_funnel
from cjmap.analysis.paths import PathsAnalysis, Route, analyze_paths
from cjmap.analysis.priorities import (
    OpportunityPriority,
    PainPriority,
    rank_opportunities,
    rank_pain_points,
)
from cjmap.analysis.subjourneys import NO_FIGURES, SubFigures, SubJourney, sub_journeys
from cjmap.analysis.timing import StageTime, Timing, analyze_timing
from cjmap.document.model import FrictionWeights, Journey, persona_ids
from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    PART_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    rounded,
)
from cjmap.workspace.corpus import ResolvedJourney

__all__ = [
    "ChannelSwitch",
    "Coverage",
    "Curve",
    "Drop",
    "EmotionAnalysis",
    "Expectation",
    "FrictionAnalysis",
    "Funnel",
    "FunnelStep",
    "JourneyAnalysis",
    "Mark",
    "MetricResult",
    "OpportunityPriority",
    "PainPriority",
    "Part",
    "PathsAnalysis",
    "Point",
    "Route",
    "Share",
    "StageTime",
    "SubFigures",
    "SubJourney",
    "Timing",
    "TouchpointFriction",
    "WorkspaceAnalysis",
    "analyze",
    "analyze_all",
    "friction_order",
    "known_personas",
    "rounded_friction",
]


@dataclass(frozen=True, slots=True)
class JourneyAnalysis:
    """Everything ``cjmap analyze`` computes for one journey.

    ``id``, ``title``, ``file`` (as the workspace names it), ``state`` and ``scale`` (the
    journey's emotion scale) identify it. ``emotion``: the curves
    (:class:`~cjmap.analysis.emotion.EmotionAnalysis`). ``friction``: per touchpoint, stage,
    owner and journey, with hotspots (:class:`~cjmap.analysis.friction.FrictionAnalysis`).
    ``channel_switches``: changes of channel in journey order. ``funnel``: conversion from
    ``completion``. ``pain_points`` and ``opportunities``: ranked, first to fix first.
    ``timing``: journey time by stage. ``coverage``: evidence coverage. ``metrics``: every
    metric against its target. ``journey``: the journey analysed (for names and text).
    ``persona``: the persona the curves were restricted to, if any. ``paths``: the
    figures of the main path and of each alternative path (``funnel`` is the main path's;
    friction is over every touchpoint). ``sub_journeys``: the touchpoints that name a
    sub-journey whose figures were known, with those figures
    (:mod:`cjmap.analysis.subjourneys`).
    """

    id: str
    title: str
    file: str
    state: str
    scale: tuple[int, int]
    emotion: EmotionAnalysis
    friction: FrictionAnalysis
    channel_switches: tuple[ChannelSwitch, ...]
    funnel: Funnel
    pain_points: tuple[PainPriority, ...]
    opportunities: tuple[OpportunityPriority, ...]
    timing: Timing
    coverage: Coverage
    metrics: tuple[MetricResult, ...]
    journey: Journey
    paths: PathsAnalysis
    persona: str | None = None
    sub_journeys: tuple[SubJourney, ...] = ()

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """The journey object of spec section 9 (plus added keys); with ``explain``, an
        ``explain`` key gives each touchpoint's friction parts and the weights."""
        friction = self.friction
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "state": self.state,
            "scale": list(self.scale),
            "friction": {
                "journey": _round(friction.journey, FRICTION_DIGITS),
                "stages": {k: _round(v, FRICTION_DIGITS) for k, v in friction.stages.items()},
                "touchpoints": {
                    t.touchpoint: _round(t.value, FRICTION_DIGITS) for t in friction.touchpoints
                },
                "by_owner": {k: _round(v, FRICTION_DIGITS) for k, v in friction.by_owner.items()},
                "weights": _weights(friction.weights),
            },
            "hotspots": list(friction.hotspots),
            "emotion": {
                "personas": {k: _curve(v) for k, v in self.emotion.personas.items()},
                "combined": _curve(self.emotion.combined),
                "weights": {k: _round(v, SHARE_DIGITS) for k, v in self.emotion.weights.items()},
                "neutral": _plain(self.emotion.neutral),
                "persona": self.persona,
            },
            "channel_switches": {
                "count": len(self.channel_switches),
                "switches": [
                    {
                        "from": s.from_touchpoint,
                        "to": s.to_touchpoint,
                        "from_channel": s.from_channel,
                        "to_channel": s.to_channel,
                    }
                    for s in self.channel_switches
                ],
            },
            "funnel": {
                "conversion": _round(self.funnel.conversion, SHARE_DIGITS),
                "biggest_dropoff": _step(self.funnel.biggest_dropoff),
                "steps": [_step(s) for s in self.funnel.steps],
            },
            "paths": {
                "main": _route(self.paths.main),
                "branches": {r.id: _route(r) for r in self.paths.paths if r.id is not None},
            },
            "pain_points": [
                {
                    "id": p.id,
                    "touchpoint": p.touchpoint,
                    "score": p.score,
                    "stage": p.stage,
                    "text": p.text,
                    "severity": p.severity,
                    "frequency": p.frequency,
                    "cited": p.cited,
                }
                for p in self.pain_points
            ],
            "opportunities": [
                {
                    "id": o.id,
                    "touchpoint": o.touchpoint,
                    "score": _round(o.score, SCORE_DIGITS),
                    "stage": o.stage,
                    "text": o.text,
                    "status": o.status,
                    "impact": o.impact,
                    "effort": o.effort,
                    "confidence": o.confidence,
                    "reach": _round(o.reach, SHARE_DIGITS),
                    "friction": _round(o.friction, FRICTION_DIGITS),
                    "pain": _round(o.pain, PART_DIGITS),
                    "addresses": list(o.addresses),
                    "assumed": list(o.assumed),
                }
                for o in self.opportunities
            ],
            "duration": {
                "total_minutes": self.timing.total_minutes,
                "stages": {s.stage: s.minutes for s in self.timing.stages},
            },
            "coverage": {
                "touchpoints": _share(self.coverage.touchpoints),
                "pain_points": _share(self.coverage.pain_points),
            },
            "metrics": [
                {
                    "touchpoint": m.touchpoint,
                    "stage": m.stage,
                    "name": m.name,
                    "value": _plain(m.value),
                    "target": _plain(m.target),
                    "unit": m.unit,
                    "better": m.better,
                    "status": m.status,
                }
                for m in self.metrics
            ],
            "sub_journeys": [
                {
                    "touchpoint": s.touchpoint,
                    "stage": s.stage,
                    "journey": s.journey,
                    "friction": _round(s.friction, FRICTION_DIGITS),
                    "total_minutes": s.minutes,
                    "friction_rolled_up": s.friction_rolled_up,
                    "minutes_rolled_up": s.minutes_rolled_up,
                }
                for s in self.sub_journeys
            ],
        }
        if explain:
            data["explain"] = {
                "weights": _weights(friction.weights),
                "touchpoints": {
                    t.touchpoint: {
                        "friction": _round(t.value, FRICTION_DIGITS),
                        "parts": {
                            p.name: {
                                "value": _round(p.value, PART_DIGITS),
                                "weight": _plain(p.weight),
                                "points": _round(p.points, SCORE_DIGITS),
                                "source": _plain(_round(p.source, PART_DIGITS)),
                            }
                            for p in t.parts
                        },
                    }
                    for t in friction.touchpoints
                },
            }
        return data


@dataclass(frozen=True, slots=True)
class WorkspaceAnalysis:
    """The analyses of several journeys (in file order) and their ranking by friction."""

    journeys: tuple[JourneyAnalysis, ...]
    persona: str | None = None

    def ranking(self) -> list[JourneyAnalysis]:
        """The journeys by journey friction, highest first; undefined last; ties in order."""
        return sorted(self.journeys, key=lambda j: friction_order(j.friction.journey))

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """The document of ``cjmap analyze --format json`` (spec section 9), with a
        ``ranking`` of the journeys by friction added."""
        return {
            "journeys": [j.to_dict(explain=explain) for j in self.journeys],
            "ranking": [
                {"id": j.id, "file": j.file, "friction": rounded_friction(j)}
                for j in self.ranking()
            ],
        }


def friction_order(friction: float | None) -> tuple[bool, float]:
    """The sort key of every ranking by journey friction: highest first, undefined last (a
    stable sort keeps ties in order)."""
    return (friction is None, -(friction or 0.0))


def rounded_friction(analysis: JourneyAnalysis) -> float | None:
    """A journey's friction as the JSON output writes it."""
    return _round(analysis.friction.journey, FRICTION_DIGITS)


def analyze(
    resolved: ResolvedJourney,
    weights: FrictionWeights,
    *,
    persona: str | None = None,
    subs: Mapping[str, SubFigures] = NO_FIGURES,
) -> JourneyAnalysis:
    """Analyse one journey. With ``persona``, the emotion curves show only that persona
    (friction and the rest still count every persona). ``subs``: the figures of the
    journeys its touchpoints name as sub-journeys (those missing are not rolled up)."""
    journey = resolved.journey
    personas = resolved.personas
    emotion = analyze_emotion(journey, personas, resolved.scale, only=persona)
    # Routes follow every persona's combined curve, even when the curves show one persona.
    combined = (
        emotion.combined
        if persona is None
        else analyze_emotion(journey, personas, resolved.scale).combined
    )
    friction = analyze_friction(journey, personas, resolved.scale, weights, subs)
    timing = analyze_timing(journey, subs)
    funnel = analyze_funnel(journey)
    return JourneyAnalysis(
        id=journey.id,
        title=journey.title,
        file=resolved.file,
        state=journey.state,
        scale=resolved.scale,
        emotion=emotion,
        friction=friction,
        channel_switches=channel_switches(journey),
        funnel=funnel,
        pain_points=rank_pain_points(journey),
        opportunities=rank_opportunities(journey, friction),
        timing=timing,
        coverage=analyze_coverage(journey),
        metrics=analyze_metrics(journey),
        journey=journey,
        paths=analyze_paths(journey, friction, combined, emotion.neutral, funnel),
        persona=persona,
        sub_journeys=sub_journeys(
            journey,
            subs,
            {t.touchpoint for t in friction.touchpoints if t.sub_journey is not None},
        )
        if subs
        else (),
    )


def analyze_all(
    resolved: Iterable[ResolvedJourney],
    weights: FrictionWeights,
    *,
    persona: str | None = None,
) -> WorkspaceAnalysis:
    """Analyse several journeys with the same weights."""
    return WorkspaceAnalysis(tuple(analyze(r, weights, persona=persona) for r in resolved), persona)


def known_personas(resolved: Sequence[ResolvedJourney]) -> list[str]:
    """Every persona id of the journeys, in order of first appearance."""
    return list(dict.fromkeys(ident for r in resolved for ident in persona_ids(r.journey)))


_round = rounded


def _plain(value: float | None) -> float | int | None:
    """Whole numbers as integers (an emotion of 1 is written ``1``, not ``1.0``)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _weights(weights: FrictionWeights) -> dict[str, float | int | None]:
    return {
        "pain": _plain(weights.pain),
        "effort": _plain(weights.effort),
        "dropoff": _plain(weights.dropoff),
        "emotion": _plain(weights.emotion),
    }


def _mark(mark: Mark | None) -> dict[str, Any] | None:
    return (
        None
        if mark is None
        else {"touchpoint": mark.touchpoint, "value": emotion_value(mark.value)}
    )


def emotion_value(value: float | None) -> float | int | None:
    """An emotion as the JSON output writes it: rounded, and whole numbers as integers."""
    return _plain(_round(value, EMOTION_DIGITS))


def _curve(curve: Curve) -> dict[str, Any]:
    drop = curve.biggest_drop
    return {
        "points": [
            {"stage": p.stage, "touchpoint": p.touchpoint, "value": emotion_value(p.value)}
            for p in curve.points
        ],
        "stages": {k: _round(v, EMOTION_DIGITS) for k, v in curve.stages.items()},
        "best": _mark(curve.best),
        "worst": _mark(curve.worst),
        "end": _mark(curve.end),
        "peak": _mark(curve.peak),
        "biggest_drop": None
        if drop is None
        else {
            "from": drop.from_touchpoint,
            "to": drop.to_touchpoint,
            "delta": emotion_value(drop.delta),
        },
        "peak_end": _round(curve.peak_end, EMOTION_DIGITS),
        "expectation": _expectation(curve.expectation),
    }


def _expectation(second: Expectation | None) -> dict[str, Any] | None:
    if second is None:
        return None
    largest = second.largest_negative
    return {
        "points": [
            {
                "stage": g.stage,
                "touchpoint": g.touchpoint,
                "value": emotion_value(g.expected),
                "gap": emotion_value(g.gap),
            }
            for g in second.points
        ],
        "largest_negative_gap": None
        if largest is None
        else {"touchpoint": largest.touchpoint, "gap": emotion_value(largest.value)},
        "mean_gap": _round(second.mean_gap, EMOTION_DIGITS),
    }


def _step(step: FunnelStep | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "touchpoint": step.touchpoint,
        "lost": _round(step.lost, SHARE_DIGITS),
        "stage": step.stage,
        "completion": _round(step.completion, SHARE_DIGITS),
        "reached": _round(step.reached, SHARE_DIGITS),
        "converted": _round(step.converted, SHARE_DIGITS),
        "lost_overall": _round(step.lost_overall, SHARE_DIGITS),
    }


def _route(route: Route) -> dict[str, Any]:
    funnel = route.funnel
    return {
        "name": route.name,
        "branches_from": route.branches_from,
        "rejoins": route.rejoins,
        "share": _round(route.share, SHARE_DIGITS),
        "own": list(route.own),
        "touchpoints": list(route.touchpoints),
        "friction": _round(route.friction, FRICTION_DIGITS),
        "funnel": {
            "conversion": _round(funnel.conversion, SHARE_DIGITS),
            "biggest_dropoff": _step(funnel.biggest_dropoff),
            "steps": [_step(s) for s in funnel.steps],
        },
        "emotion": {"peak_end": _round(route.peak_end, EMOTION_DIGITS), "end": _mark(route.end)},
    }


def _share(share: Share) -> dict[str, Any]:
    return {"cited": share.cited, "total": share.total, "share": _round(share.share, SHARE_DIGITS)}
