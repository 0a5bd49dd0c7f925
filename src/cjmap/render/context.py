"""The view of a journey that templates and the Markdown writer read.

It joins the resolved journey (names, text, lanes) with its analysis (the journey object of
spec section 9, from :func:`cjmap.analysis.run.analyze`) and formats numbers for the locale.
Every number shown comes from the analysis; nothing here computes one. The fields are
documented in docs/templates.md.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cjmap.document.model import (
    Metric,
    Opportunity,
    PainPoint,
    PersonaFields,
    Source,
    Stage,
    Touchpoint,
    opportunity_id,
    pain_point_id,
)
from cjmap.render import figures, svg
from cjmap.render.escape import safe_url
from cjmap.render.messages import Formatter
from cjmap.util.numbers import EMOTION_DIGITS, centred, neutral_of
from cjmap.util.textsafe import escape_control
from cjmap.workspace.corpus import ResolvedJourney

if TYPE_CHECKING:
    from cjmap.analysis.emotion import Curve
    from cjmap.analysis.priorities import OpportunityPriority, PainPriority
    from cjmap.analysis.run import JourneyAnalysis
    from cjmap.render.trend import TrendRow

LANES = (
    "path",
    "actions",
    "thoughts",
    "channel",
    "owner",
    "emotion",
    "friction",
    "pain_points",
    "opportunities",
    "metrics",
    "frontstage",
    "backstage",
    "support",
    "evidence",
)
"""Every lane of the map, in the order drawn; a journey's ``lanes`` keeps the non-empty ones."""

BLUEPRINT_LANES = ("frontstage", "backstage", "support")

PERSONA_LISTS = (
    "goals",
    "motivations",
    "frustrations",
    "needs",
    "preferences",
    "behaviors",
    "channels",
)


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source of evidence; ``url`` is kept only with an http, https or mailto scheme."""

    id: str
    title: str
    type: str
    type_label: str
    date: str | None
    n: int | None
    url: str | None


@dataclass(frozen=True, slots=True)
class PainPointView:
    """A pain point on the map, with its score and rank from the analysis."""

    id: str
    text: str
    severity: int
    frequency: int
    category: str | None
    scope: str | None
    root_cause: str | None
    score: float | None
    rank: int | None
    evidence: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class OpportunityView:
    """An opportunity on the map, with its priority score and rank from the analysis."""

    id: str
    text: str
    impact: int | None
    effort: int | None
    confidence: float
    owner: str | None
    status: str
    score: float | None
    score_text: str
    rank: int | None
    addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetricView:
    """A metric against its target; ``status`` comes from the analysis."""

    name: str
    value: str
    target: str | None
    better: str
    status: str
    source: SourceView | None


@dataclass(frozen=True, slots=True)
class SubJourneyView:
    """A touchpoint's sub-journey: its id (its page is ``<id>.html`` or ``<id>.md``, beside
    this one) and the figures the touchpoint took from it (empty text: none)."""

    id: str
    label: str
    friction_text: str
    duration: str


@dataclass(frozen=True, slots=True)
class TouchpointView:
    """A touchpoint: one column of the map, every lane of it."""

    id: str
    name: str
    stage_id: str
    column: int
    channel: str | None
    type: str | None
    owner: str | None
    description: str | None
    actions: tuple[str, ...]
    thoughts: tuple[str, ...]
    frontstage: tuple[str, ...]
    backstage: tuple[str, ...]
    support: tuple[str, ...]
    effort: int | None
    completion: str | None
    duration: str | None
    moment_of_truth: bool
    friction: float | None
    friction_text: str
    heat: int
    pain_points: tuple[PainPointView, ...]
    opportunities: tuple[OpportunityView, ...]
    metrics: tuple[MetricView, ...]
    evidence: tuple[SourceView, ...]
    emotions: tuple[tuple[str, str], ...]
    path: PathView | None = None
    personas: tuple[str, ...] = ()
    """The names of the personas this touchpoint is for; empty: every persona."""

    sub_journey: SubJourneyView | None = None
    expectations: tuple[tuple[str, str], ...] = ()
    """Each persona's expectation here (name, value), as ``emotions`` gives what was felt."""
    gap: str = ""
    """The gap of the combined curve here, felt − expected (empty: not both given)."""


@dataclass(frozen=True, slots=True)
class PathView:
    """An alternative path, as its touchpoints' lane and the summary show it: where it
    branches from and rejoins (touchpoint names; ``rejoins`` ``None``: it ends the journey)
    and its figures, formatted. The main path has ``id`` ``None``."""

    id: str | None
    name: str
    branches_from: str | None
    rejoins: str | None
    share: str | None
    conversion: str
    biggest_dropoff: Ref | None
    friction: str
    heat: int
    peak_end: str


@dataclass(frozen=True, slots=True)
class StageView:
    """A stage: a group of columns under one header."""

    id: str
    name: str
    description: str | None
    goal: str | None
    expectations: tuple[str, ...]
    duration: str | None
    friction_text: str
    heat: int
    first_column: int
    span: int
    touchpoints: tuple[TouchpointView, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the map: a touchpoint, or the placeholder of a stage without any."""

    stage: StageView
    touchpoint: TouchpointView | None
    first_in_stage: bool


@dataclass(frozen=True, slots=True)
class PersonaView:
    """A persona card, and the marker and dash of its line on the curve."""

    id: str
    name: str
    role: str | None
    segment: str | None
    share: str | None
    quote: str | None
    description: str | None
    demographics: tuple[tuple[str, str], ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    style: int
    marker: str
    dash: str
    peak_end: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A touchpoint named in the summary, with the number that put it there."""

    id: str
    name: str
    stage: str
    value: str
    heat: int = 0


@dataclass(frozen=True, slots=True)
class SummaryView:
    """The summary panel: the analysis' headline numbers, formatted."""

    friction: str
    heat: int
    hotspots: tuple[Ref, ...]
    biggest_drop: tuple[Ref, Ref, str] | None
    peak_end: str
    peak_end_figure: str
    peak_end_scale: str
    peak_end_value: float | None
    conversion: str | None
    biggest_dropoff: Ref | None
    coverage_touchpoints: str
    coverage_pain_points: str
    coverage_touchpoints_detail: str
    coverage_pain_points_detail: str
    journey_time: str | None
    channel_switches: int
    by_owner: tuple[tuple[str, str, int], ...]
    top_opportunities: tuple[tuple[OpportunityView, str], ...]
    paths: tuple[PathView, ...] = ()
    """The main path, then each alternative path; empty for a journey without paths."""


@dataclass(frozen=True, slots=True)
class JourneyView:
    """Everything a journey page shows (see docs/templates.md)."""

    id: str
    title: str
    description: str | None
    state: str
    improves: str | None
    improves_title: str | None
    owner: str | None
    tags: tuple[str, ...]
    reviewed: str | None
    goals: tuple[str, ...]
    scale: tuple[int, int]
    file: str
    stages: tuple[StageView, ...]
    columns: tuple[Column, ...]
    lanes: tuple[str, ...]
    blueprint_start: str | None
    personas: tuple[PersonaView, ...]
    sources: tuple[SourceView, ...]
    summary: SummaryView
    curve: svg.Curve | None
    curve_description: str
    curve_table: tuple[tuple[str, tuple[str, ...]], ...]
    stage_curves: tuple[tuple[svg.Curve, ...], ...]
    analysis: Mapping[str, Any] = field(repr=False)


_QUOTES = "\"'“”„«»‹›「」『』‚‘’"


def quoted(text: str, labels: Mapping[str, str]) -> str:
    """A thought in the locale's quotation marks, unless it already carries its own."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        return stripped
    return f"{labels['quote_open']}{stripped}{labels['quote_close']}"


def heat_level(friction: float | None) -> int:
    """A friction score (0..100) as one of eleven heat classes, 0..10; -1 for none."""
    if friction is None:
        return -1
    # Half up, so that every bucket is ten points wide (round() would go to even).
    return max(0, min(10, math.floor(friction / 10 + 0.5)))


def _sources(journey_sources: Sequence[Source], labels: Mapping[str, str]) -> dict[str, SourceView]:
    return {
        source.id: SourceView(
            id=source.id,
            title=source.title or source.id,
            type=source.type,
            type_label=labels.get(f"source_type_{source.type}", source.type),
            date=source.date.isoformat() if source.date else None,
            n=source.n,
            url=safe_url(source.url),
        )
        for source in journey_sources
    }


def _pain_view(
    tp: Touchpoint,
    index: int,
    pain: PainPoint,
    ranks: Mapping[str, tuple[int, PainPriority]],
    sources: Mapping[str, SourceView],
) -> PainPointView:
    ident = pain_point_id(tp, index)
    rank, entry = ranks.get(ident, (None, None))
    return PainPointView(
        id=ident,
        text=pain.text,
        severity=pain.severity,
        frequency=pain.frequency,
        category=pain.category,
        scope=pain.scope,
        root_cause=pain.root_cause,
        score=float(entry.score) if entry is not None else None,
        rank=rank,
        evidence=tuple(sources[s] for s in pain.evidence if s in sources),
    )


def _opportunity_view(
    tp: Touchpoint,
    index: int,
    opp: Opportunity,
    ranks: Mapping[str, tuple[int, OpportunityPriority]],
    fmt: Formatter,
) -> OpportunityView:
    ident = opportunity_id(tp, index)
    rank, entry = ranks.get(ident, (None, None))
    score = figures.score(entry.score) if entry is not None else None
    return OpportunityView(
        id=ident,
        text=opp.text,
        impact=opp.impact,
        effort=opp.effort,
        confidence=opp.confidence,
        owner=opp.owner,
        status=opp.status,
        score=score,
        score_text=fmt.score(score),
        rank=rank,
        addresses=tuple(opp.addresses),
    )


def _metric_view(
    metric: Metric, status: str, sources: Mapping[str, SourceView], fmt: Formatter
) -> MetricView:
    return MetricView(
        name=metric.name,
        value=fmt.measured(metric.value, metric.unit),
        target=fmt.measured(metric.target, metric.unit) if metric.target is not None else None,
        better=metric.better,
        status=status,
        source=sources.get(metric.source) if metric.source else None,
    )


def build_journey(
    resolved: ResolvedJourney,
    analysis: JourneyAnalysis,
    fmt: Formatter,
    *,
    improved: tuple[ResolvedJourney, JourneyAnalysis] | None = None,
    for_templates: bool = True,
) -> JourneyView:
    """The view of one journey from its analysis; ``improved`` is the current-state journey
    a future-state journey improves, with its analysis, for the faint curve behind. With
    ``for_templates`` (HTML), the view also carries the analysis as the mapping templates
    read (``j.analysis``); Markdown, which has no templates, goes without."""
    labels = fmt.labels
    journey = resolved.journey
    sources = _sources(journey.sources, labels)
    tp_friction = figures.touchpoint_friction(analysis.friction)
    pain_ranks = {p.id: (rank, p) for rank, p in enumerate(analysis.pain_points, 1)}
    opp_ranks = {o.id: (rank, o) for rank, o in enumerate(analysis.opportunities, 1)}
    metric_status: dict[tuple[str, int], str] = {}
    seen: dict[str, int] = {}
    for result in analysis.metrics:
        tp_id = result.touchpoint
        metric_status[(tp_id, seen.get(tp_id, 0))] = result.status
        seen[tp_id] = seen.get(tp_id, 0) + 1

    persona_curves = analysis.emotion.personas
    per_touchpoint = figures.persona_values(analysis.emotion, resolved.personas)
    expected_here = figures.persona_values(analysis.emotion, resolved.personas, expected=True)
    gaps = figures.gap_values(analysis.emotion.combined)
    stage_minutes = {time.stage: time.minutes for time in analysis.timing.stages}
    subs = {
        sub.touchpoint: SubJourneyView(
            sub.journey,
            fmt.labels["sub_journey"].format(title=sub.journey),
            fmt.friction(figures.friction(sub.friction)) if sub.friction_rolled_up else "",
            fmt.minutes(sub.minutes) if sub.minutes_rolled_up else "",
        )
        for sub in analysis.sub_journeys
    }

    tp_names = {tp.id: tp.name for _, tp in journey.touchpoints()}
    path_views = _path_views(analysis, tp_names, fmt) if journey.paths else {}
    persona_names = {p.id: p.name for p in resolved.personas}

    stages: list[StageView] = []
    columns: list[Column] = []
    names: dict[str, tuple[str, str]] = {}
    for stage in journey.stages:
        first = len(columns)
        tps = tuple(
            _touchpoint_view(
                stage,
                tp,
                first + i,
                tp_friction.get(tp.id),
                pain_ranks,
                opp_ranks,
                metric_status,
                sources,
                fmt,
                tuple(
                    (name, fmt.emotion(value, resolved.scale))
                    for name, value in per_touchpoint.get(tp.id, ())
                ),
                subs.get(tp.id) or _bare_sub_journey(tp, fmt),
                tuple(
                    (name, fmt.emotion(value, resolved.scale))
                    for name, value in expected_here.get(tp.id, ())
                ),
                fmt.delta(gaps[tp.id]) if gaps.get(tp.id) is not None else "",
            )
            for i, tp in enumerate(stage.touchpoints)
        )
        tps = tuple(
            dataclasses.replace(
                view,
                path=path_views.get(tp.path) if tp.path is not None else None,
                personas=tuple(persona_names.get(p, p) for p in tp.personas or ()),
            )
            if tp.path is not None or tp.personas is not None
            else view
            for view, tp in zip(tps, stage.touchpoints, strict=True)
        )
        for tp_view in tps:
            names[tp_view.id] = (tp_view.name, stage.name)
        minutes = stage_minutes.get(stage.id)
        stage_friction = figures.friction(analysis.friction.stages.get(stage.id))
        view = StageView(
            id=stage.id,
            name=stage.name,
            description=stage.description,
            goal=stage.goal,
            expectations=tuple(stage.expectations),
            duration=fmt.minutes(minutes) if minutes else None,
            friction_text=fmt.friction(stage_friction),
            heat=heat_level(stage_friction),
            first_column=first,
            span=max(1, len(tps)),
            touchpoints=tps,
        )
        stages.append(view)
        if tps:
            columns.extend(Column(view, tp_view, i == 0) for i, tp_view in enumerate(tps))
        else:
            columns.append(Column(view, None, True))

    personas = tuple(
        _persona_view(p, i, persona_curves.get(p.id), fmt, resolved.scale)
        for i, p in enumerate(resolved.personas)
    )
    lanes = _lanes(columns, [analysis.emotion.combined, *persona_curves.values()])
    curve, description, table, parts = _curve(
        resolved, analysis, columns, personas, labels, fmt, improved, names
    )
    if curve is None:
        lanes = tuple(lane for lane in lanes if lane != "emotion")
    return JourneyView(
        id=journey.id,
        title=journey.title,
        description=journey.description,
        state=journey.state,
        improves=journey.improves,
        improves_title=improved[0].journey.title if improved else None,
        owner=journey.owner,
        tags=tuple(journey.tags),
        reviewed=journey.reviewed.isoformat() if journey.reviewed else None,
        goals=tuple(journey.goals),
        scale=resolved.scale,
        file=escape_control(resolved.file),
        stages=tuple(stages),
        columns=tuple(columns),
        lanes=lanes,
        blueprint_start=next((lane for lane in lanes if lane in BLUEPRINT_LANES), None),
        personas=personas,
        sources=tuple(sources.values()),
        summary=dataclasses.replace(
            _summary(analysis, names, fmt, stages), paths=tuple(path_views.values())
        ),
        curve=curve,
        curve_description=description,
        curve_table=table,
        stage_curves=parts,
        # For templates only (docs/templates.md): nothing in render reads it.
        analysis=analysis.to_dict() if for_templates else {},
    )


def _path_views(
    analysis: JourneyAnalysis, tp_names: Mapping[str, str], fmt: Formatter
) -> dict[str | None, PathView]:
    """The main path (key ``None``) and each path, with their figures formatted."""
    views: dict[str | None, PathView] = {}
    for route in (analysis.paths.main, *analysis.paths.paths):
        biggest = route.funnel.biggest_dropoff
        conversion = figures.share(route.funnel.conversion)
        friction = figures.friction(route.friction)
        views[route.id] = PathView(
            id=route.id,
            name=route.name if route.name is not None else fmt.labels["main_path"],
            branches_from=tp_names.get(route.branches_from, route.branches_from)
            if route.branches_from is not None
            else None,
            rejoins=tp_names.get(route.rejoins, route.rejoins)
            if route.rejoins is not None
            else None,
            share=fmt.pct(figures.share(route.share)) if route.share is not None else None,
            conversion=fmt.pct(conversion) if conversion is not None else "—",
            biggest_dropoff=Ref(
                biggest.touchpoint,
                tp_names.get(biggest.touchpoint, biggest.touchpoint),
                "",
                fmt.pct(figures.share(biggest.lost)),
            )
            if biggest is not None
            else None,
            friction=fmt.friction(friction),
            heat=heat_level(friction),
            peak_end=fmt.emotion(figures.emotion(route.peak_end), analysis.scale),
        )
    return views


def _bare_sub_journey(tp: Touchpoint, fmt: Formatter) -> SubJourneyView | None:
    """The link to a sub-journey whose figures are not known (rendered without its
    workspace): nothing rolled up."""
    if tp.journey is None:
        return None
    return SubJourneyView(tp.journey, fmt.labels["sub_journey"].format(title=tp.journey), "", "")


def _touchpoint_view(
    stage: Stage,
    tp: Touchpoint,
    column: int,
    friction: float | None,
    pain_ranks: Mapping[str, tuple[int, PainPriority]],
    opp_ranks: Mapping[str, tuple[int, OpportunityPriority]],
    metric_status: Mapping[tuple[str, int], str],
    sources: Mapping[str, SourceView],
    fmt: Formatter,
    emotions: tuple[tuple[str, str], ...],
    sub_journey: SubJourneyView | None = None,
    expectations: tuple[tuple[str, str], ...] = (),
    gap: str = "",
) -> TouchpointView:
    from cjmap.document.model import duration_minutes

    return TouchpointView(
        id=tp.id,
        name=tp.name,
        stage_id=stage.id,
        column=column,
        channel=tp.channel,
        type=tp.type,
        owner=tp.owner,
        description=tp.description,
        actions=tuple(tp.actions),
        thoughts=tuple(quoted(thought, fmt.labels) for thought in tp.thoughts),
        frontstage=tuple(tp.frontstage),
        backstage=tuple(tp.backstage),
        support=tuple(tp.support),
        effort=tp.effort,
        completion=fmt.pct(tp.completion) if tp.completion is not None else None,
        duration=fmt.minutes(duration_minutes(tp.duration)) if tp.duration else None,
        moment_of_truth=tp.moment_of_truth,
        friction=friction,
        friction_text=fmt.friction(friction),
        heat=heat_level(friction),
        pain_points=tuple(
            _pain_view(tp, i, pain, pain_ranks, sources) for i, pain in enumerate(tp.pain_points)
        ),
        opportunities=tuple(
            _opportunity_view(tp, i, opp, opp_ranks, fmt) for i, opp in enumerate(tp.opportunities)
        ),
        metrics=tuple(
            _metric_view(metric, metric_status.get((tp.id, i), "no-target"), sources, fmt)
            for i, metric in enumerate(tp.metrics)
        ),
        evidence=tuple(sources[s] for s in tp.evidence if s in sources),
        emotions=emotions,
        sub_journey=sub_journey,
        expectations=expectations,
        gap=gap,
    )


def _persona_view(
    persona: PersonaFields,
    index: int,
    curve: Curve | None,
    fmt: Formatter,
    scale: tuple[int, int],
) -> PersonaView:
    labels = fmt.labels
    lists = tuple(
        (labels[name], tuple(getattr(persona, name)))
        for name in PERSONA_LISTS
        if getattr(persona, name)
    )
    demographics = tuple(
        (attribute_label(str(key), labels), "—" if value is None else str(value))
        for key, value in persona.demographics.items()
    )
    return PersonaView(
        id=persona.id,
        name=persona.name,
        role=persona.role,
        segment=persona.segment,
        share=fmt.pct(persona.share) if persona.share is not None else None,
        quote=persona.quote,
        description=persona.description,
        demographics=demographics,
        lists=lists,
        style=index,
        marker=svg.marker_path(svg.SHAPES[index % len(svg.SHAPES)], 12, 8, 4.5),
        dash=svg.DASHES[index % len(svg.DASHES)],
        peak_end=fmt.emotion(
            figures.emotion(curve.peak_end) if curve is not None else None, scale, with_scale=True
        ),
    )


def attribute_label(key: str, labels: Mapping[str, str]) -> str:
    """A persona attribute's key as a label: the locale's word for a common one
    (``company_size`` → "Company size", "Размер компании"), else the key with its
    underscores and hyphens as spaces and a capital first letter."""
    known = labels.get("attr_" + key.casefold())
    if known:
        return known
    words = " ".join(key.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words else key


def _lanes(columns: Sequence[Column], curves: Sequence[Curve]) -> tuple[str, ...]:
    tps = [c.touchpoint for c in columns if c.touchpoint is not None]
    present = {
        "path": any(tp.path is not None for tp in tps),
        "actions": any(tp.actions for tp in tps),
        "thoughts": any(tp.thoughts for tp in tps),
        "channel": any(tp.channel or tp.type for tp in tps),
        "owner": any(tp.owner for tp in tps),
        "emotion": any(p.value is not None for curve in curves for p in curve.points),
        "friction": any(tp.friction is not None for tp in tps),
        "pain_points": any(tp.pain_points for tp in tps),
        "opportunities": any(tp.opportunities for tp in tps),
        "metrics": any(tp.metrics for tp in tps),
        "frontstage": any(tp.frontstage for tp in tps),
        "backstage": any(tp.backstage for tp in tps),
        "support": any(tp.support for tp in tps),
        "evidence": any(tp.evidence for tp in tps),
    }
    return tuple(lane for lane in LANES if present[lane])


def _values_by_column(
    columns: Sequence[Column], curve: Curve, *, expected: bool = False
) -> tuple[float | None, ...]:
    by_tp = figures.expected_values(curve) if expected else figures.curve_values(curve)
    return tuple(
        by_tp.get(column.touchpoint.id) if column.touchpoint is not None else None
        for column in columns
    )


def _curve(
    resolved: ResolvedJourney,
    analysis: JourneyAnalysis,
    columns: Sequence[Column],
    personas: Sequence[PersonaView],
    labels: Mapping[str, str],
    fmt: Formatter,
    improved: tuple[ResolvedJourney, JourneyAnalysis] | None,
    names: Mapping[str, tuple[str, str]],
) -> tuple[
    svg.Curve | None,
    str,
    tuple[tuple[str, tuple[str, ...]], ...],
    tuple[tuple[svg.Curve, ...], ...],
]:
    persona_curves = analysis.emotion.personas
    tp_names = [c.touchpoint.name if c.touchpoint is not None else "" for c in columns]
    journey = resolved.journey
    on_path = {tp.id: tp.path for _, tp in journey.touchpoints()}
    for_personas = {tp.id: tp.personas for _, tp in journey.touchpoints()}
    column_of = {c.touchpoint.id: i for i, c in enumerate(columns) if c.touchpoint is not None}
    # The main curve passes by the touchpoints of paths; each path has its own line.
    branch = frozenset(i for ident, i in column_of.items() if on_path.get(ident) is not None)

    def series(
        ident: str,
        name: str,
        curve: Curve,
        skip: frozenset[int] = branch,
        *,
        expected: bool = False,
    ) -> svg.SeriesInput:
        """A curve (or its expectation) by column, each point titled with its name,
        touchpoint and value."""
        values = _values_by_column(columns, curve, expected=expected)
        titles = tuple(
            f"{name} · {tp}: {fmt.emotion(v, resolved.scale)}"
            if v is not None
            else f"{name} · {tp}: {labels['gap']}"
            for tp, v in zip(tp_names, values, strict=True)
        )
        return svg.SeriesInput(ident, name, values, titles, skip)

    def not_for(persona: str) -> frozenset[int]:
        """The columns of touchpoints for other personas only: not on this persona's line."""
        return frozenset(
            i
            for ident, i in column_of.items()
            if (only := for_personas.get(ident)) is not None and persona not in only
        )

    shown = [
        (
            persona.id,
            persona.name,
            persona_curves[persona.id],
            branch | not_for(persona.id),
        )
        for persona in personas
        if persona.id in persona_curves
    ]
    combined = analysis.emotion.combined
    combined_line: svg.SeriesInput | None = None
    if not shown:
        shown.append(("combined", labels["everyone"], combined, branch))
    # With a second curve, each line says which it is: what was felt, what was expected.
    second = any(curve.expectation is not None for _, _, curve, _ in shown)
    if len(shown) > 1:
        name = labels["combined"]
        combined_line = series(
            "combined", labels["felt"].format(name=name) if second else name, combined
        )
    lines: list[svg.SeriesInput] = [
        series(ident, labels["felt"].format(name=name) if second else name, curve, skip)
        for ident, name, curve, skip in shown
    ]
    expected = [
        (
            series(
                f"{ident}-expected",
                labels["expected"].format(name=name),
                curve,
                skip,
                expected=True,
            ),
            index,
        )
        for index, (ident, name, curve, skip) in enumerate(shown)
        if curve.expectation is not None
    ]
    for route in analysis.paths.paths:
        ends = [route.branches_from, *route.own, route.rejoins]
        on = {column_of[ident] for ident in ends if ident is not None and ident in column_of}
        skip = frozenset(range(len(columns))) - on
        name = labels["path_named"].format(name=route.name)
        lines.append(series(f"path-{route.id}", name, combined, skip))
    if all(v is None for line in lines for v in line.values):
        return None, "", (), ()

    background: list[tuple[svg.SeriesInput, tuple[int, int]]] = []
    if improved is not None:
        old, old_analysis = improved
        name = labels["before"].format(title=old.journey.title)
        before = series("before", name, old_analysis.emotion.combined)
        if any(v is not None for v in before.values):
            background.append((before, old.scale))

    stage_starts = sorted({c.stage.first_column for c in columns})
    moments = [
        i
        for i, c in enumerate(columns)
        if c.touchpoint is not None and c.touchpoint.moment_of_truth
    ]
    curve = svg.build_curve(
        lines,
        resolved.scale,
        len(columns),
        background=background,
        moments=moments,
        stage_starts=stage_starts,
        combined=combined_line,
        numbers=fmt.style,
        expected=expected,
    )
    low, high = resolved.scale
    signed = centred(resolved.scale)
    description = labels["emotion_curve_desc"].format(
        low=fmt.num(low, 0, signed=signed),
        high=fmt.num(high, 0, signed=signed),
        neutral=fmt.num(neutral_of(resolved.scale), EMOTION_DIGITS),
    )
    table_lines = [*lines, *(line for line, _ in expected)]
    if combined_line is not None:
        table_lines.append(combined_line)
        if combined.expectation is not None:
            name = labels["expected"].format(name=labels["combined"])
            table_lines.append(series("combined-expected", name, combined, expected=True))
    table_lines.extend(line for line, _ in background)
    table = tuple(
        (
            line.name,
            tuple(fmt.emotion(v, resolved.scale) for v in line.values),
        )
        for line in table_lines
    )
    if expected:
        description = f"{description} {labels['expected_note']}"
    parts = _stage_parts(
        columns, lines, resolved.scale, background, moments, combined_line, fmt, expected
    )
    return curve, description, table, parts


PART_COLUMNS = 4
"""Columns in one piece of a stage's curve in the print layout: few enough that its labels
stay at least 7 pt when it is shrunk to an A4 page."""


def _stage_parts(
    columns: Sequence[Column],
    lines: Sequence[svg.SeriesInput],
    scale: tuple[int, int],
    background: Sequence[tuple[svg.SeriesInput, tuple[int, int]]],
    moments: Sequence[int],
    combined: svg.SeriesInput | None,
    fmt: Formatter,
    expected: Sequence[tuple[svg.SeriesInput, int]] = (),
) -> tuple[tuple[svg.Curve, ...], ...]:
    """The curve cut for the print layout: for each stage, pieces of at most
    :data:`PART_COLUMNS` columns, each drawn on its own (every column in exactly one piece,
    so the pieces together cost what the whole curve does)."""

    def cut(line: svg.SeriesInput, start: int, end: int) -> svg.SeriesInput:
        return svg.SeriesInput(
            line.key,
            line.name,
            line.values[start:end],
            line.point_titles[start:end],
            frozenset(i - start for i in line.skip if start <= i < end),
        )

    by_stage: dict[int, list[svg.Curve]] = {}
    firsts = sorted({c.stage.first_column: c.stage.span for c in columns}.items())
    for first, span in firsts:
        pieces = by_stage.setdefault(first, [])
        if all(columns[i].touchpoint is None for i in range(first, first + span)):
            continue
        for start in range(first, first + span, PART_COLUMNS):
            end = min(start + PART_COLUMNS, first + span)
            pieces.append(
                svg.build_curve(
                    [cut(line, start, end) for line in lines],
                    scale,
                    end - start,
                    background=[(cut(line, start, end), own) for line, own in background],
                    moments=[m - start for m in moments if start <= m < end],
                    combined=cut(combined, start, end) if combined is not None else None,
                    numbers=fmt.style,
                    expected=[(cut(line, start, end), felt) for line, felt in expected],
                )
            )
    return tuple(tuple(by_stage[first]) for first, _ in firsts)


def _summary(
    analysis: JourneyAnalysis,
    names: Mapping[str, tuple[str, str]],
    fmt: Formatter,
    stages: Sequence[StageView],
) -> SummaryView:
    tp_friction = figures.touchpoint_friction(analysis.friction)

    def ref(tp_id: str, value: str, heat: int = 0) -> Ref:
        name, stage = names.get(tp_id, (tp_id, ""))
        return Ref(tp_id, name, stage, value, heat)

    hotspots = tuple(
        ref(tp, fmt.friction(tp_friction.get(tp)), heat_level(tp_friction.get(tp)))
        for tp in analysis.friction.hotspots
    )
    combined = analysis.emotion.combined
    scale = analysis.scale
    drop = combined.biggest_drop
    biggest_drop = (
        (
            ref(drop.from_touchpoint, ""),
            ref(drop.to_touchpoint, ""),
            fmt.delta(figures.emotion(drop.delta)),
        )
        if drop
        else None
    )
    funnel = analysis.funnel
    dropoff = funnel.biggest_dropoff
    conversion = figures.share(funnel.conversion)
    tp_cov = analysis.coverage.touchpoints
    pp_cov = analysis.coverage.pain_points
    total_minutes = analysis.timing.total_minutes
    owners = [
        (owner, figures.friction(value)) for owner, value in analysis.friction.by_owner.items()
    ]
    by_owner = tuple(
        (owner, fmt.friction(value), heat_level(value))
        for owner, value in sorted(owners, key=lambda item: (item[1] is None, -(item[1] or 0.0)))
    )
    top = tuple(
        (opp, names.get(entry.touchpoint, ("", ""))[0])
        for entry, opp in _open_opportunities(stages, analysis)[:5]
    )
    peak_end = figures.emotion(combined.peak_end)
    journey_friction = figures.friction(analysis.friction.journey)
    return SummaryView(
        friction=fmt.friction(journey_friction),
        heat=heat_level(journey_friction),
        hotspots=hotspots,
        biggest_drop=biggest_drop,
        peak_end=fmt.emotion(peak_end, scale, with_scale=True),
        peak_end_figure=fmt.emotion(peak_end, scale),
        peak_end_scale=fmt.labels["scale_named"].format(scale=fmt.scale(scale)),
        peak_end_value=peak_end,
        conversion=fmt.pct(conversion) if conversion is not None else None,
        biggest_dropoff=ref(dropoff.touchpoint, fmt.pct(figures.share(dropoff.lost)))
        if dropoff
        else None,
        coverage_touchpoints=fmt.pct(figures.share(tp_cov.share)),
        coverage_pain_points=fmt.pct(figures.share(pp_cov.share)),
        coverage_touchpoints_detail=f"{tp_cov.cited}/{tp_cov.total}",
        coverage_pain_points_detail=f"{pp_cov.cited}/{pp_cov.total}",
        journey_time=fmt.minutes(total_minutes) if total_minutes else None,
        channel_switches=len(analysis.channel_switches),
        by_owner=by_owner,
        top_opportunities=top,
    )


def _open_opportunities(
    stages: Sequence[StageView], analysis: JourneyAnalysis
) -> list[tuple[OpportunityPriority, OpportunityView]]:
    """The opportunities on the map that are not done, first to do first."""
    on_map = {
        opp.id: opp for stage in stages for tp in stage.touchpoints for opp in tp.opportunities
    }
    return [
        (entry, on_map[entry.id])
        for entry in analysis.opportunities
        if entry.id in on_map and on_map[entry.id].status != "done"
    ]


@dataclass(frozen=True, slots=True)
class IndexOpportunity:
    """An opportunity as the index lists it, across journeys."""

    id: str
    text: str
    status: str
    score: float | None
    score_text: str
    journey_id: str
    journey_title: str
    touchpoint: str
    href: str


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    """An opportunity as one journey gives it to the index's portfolio: what belongs to the
    opportunity only (its journey's title and link are the entry's), plain values. ``score``
    is rounded as shown; ``status`` is ``none`` when the opportunity gives none; ``tags``
    are its own, then its journey's (:func:`cjmap.analysis.portfolio.merged_tags`)."""

    id: str
    text: str
    href: str
    touchpoint: str
    pain_points: tuple[str, ...]
    score: float | None
    owner: str | None
    status: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index needs from one journey; plain values, so it crosses processes."""

    id: str
    title: str
    href: str
    state: str
    lang: str
    file: str
    personas: tuple[str, ...]
    friction: float | None
    peak_end: float | None
    scale: tuple[int, int]
    top_hotspot: str | None
    top_hotspot_friction: float | None
    opportunities: tuple[IndexOpportunity, ...]
    portfolio: tuple[PortfolioEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One journey in the index, its numbers formatted."""

    id: str
    title: str
    href: str
    state: str
    lang: str
    file: str
    personas: tuple[str, ...]
    friction: str
    heat: int
    peak_end: str
    top_hotspot: str | None
    top_hotspot_friction: str
    top_hotspot_heat: int


@dataclass(frozen=True, slots=True)
class PortfolioRowView:
    """One row of the portfolio: an opportunity with its journey, its score formatted."""

    id: str
    text: str
    href: str
    journey_id: str
    journey_title: str
    journey_href: str
    lang: str
    touchpoint: str
    pain_points: tuple[str, ...]
    score: float | None
    score_text: str
    owner: str | None
    status: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PortfolioGroup:
    """The portfolio's opportunities of one status, highest score first."""

    status: str
    rows: Sequence[PortfolioRowView]


@dataclass(frozen=True, slots=True)
class PortfolioView:
    """The opportunity portfolio: its groups by status (only those with rows, in the order
    idea, planned, in-progress, done, none), and the owners and tags it can be filtered by
    (each once, sorted; ``unowned``: whether some opportunity has no owner)."""

    groups: tuple[PortfolioGroup, ...]
    owners: tuple[str, ...]
    unowned: bool
    tags: tuple[str, ...]
    count: int


@dataclass(frozen=True, slots=True)
class IndexView:
    """Everything the index shows (see docs/templates.md)."""

    journeys: Sequence[IndexRow]
    opportunities: tuple[IndexOpportunity, ...]
    trends: tuple[TrendRow, ...] = ()
    """``render --history``: each journey's friction over time (render/trend.py)."""
    portfolio: PortfolioView = PortfolioView((), (), False, (), 0)


TOP_OPPORTUNITIES = 10


def index_entry(
    view: JourneyView,
    analysis: JourneyAnalysis,
    href: str,
    lang: str,
    *,
    anchors: bool = True,
) -> IndexEntry:
    """The index's summary of one rendered journey (``view``, built from ``analysis``); with
    ``anchors``, links to opportunities point at their place on the page."""
    hotspot = view.summary.hotspots[0] if view.summary.hotspots else None
    tp_friction = figures.touchpoint_friction(analysis.friction)
    names = {tp.id: tp.name for stage in view.stages for tp in stage.touchpoints}
    opportunities = tuple(
        IndexOpportunity(
            id=opp.id,
            text=opp.text,
            status=opp.status,
            score=opp.score,
            score_text="",
            journey_id=view.id,
            journey_title=view.title,
            touchpoint=names.get(entry.touchpoint, entry.touchpoint),
            href=f"{href}#opp-{opp.id}" if anchors else href,
        )
        for entry, opp in _open_opportunities(view.stages, analysis)[:TOP_OPPORTUNITIES]
    )
    from cjmap.analysis.portfolio import portfolio_rows

    portfolio = tuple(
        PortfolioEntry(
            id=row.id,
            text=row.text,
            href=f"{href}#opp-{row.id}" if anchors else href,
            touchpoint=row.touchpoint_name,
            pain_points=row.pain_points,
            score=figures.score(row.score),
            owner=row.owner,
            status=row.status,
            tags=row.tags,
        )
        for row in portfolio_rows(analysis)
    )
    return IndexEntry(
        id=view.id,
        title=view.title,
        href=href,
        state=view.state,
        lang=lang,
        file=view.file,
        personas=tuple(p.name for p in view.personas),
        friction=figures.friction(analysis.friction.journey),
        peak_end=view.summary.peak_end_value,
        scale=view.scale,
        top_hotspot=hotspot.name if hotspot else None,
        top_hotspot_friction=tp_friction.get(hotspot.id) if hotspot else None,
        opportunities=opportunities,
        portfolio=portfolio,
    )
