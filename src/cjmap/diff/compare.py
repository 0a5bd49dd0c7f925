"""A semantic diff of journey maps: what changed between two sets of resolved journeys.

Journeys are matched by id (two single journeys given on their own are compared whatever
their ids); stages, touchpoints, personas, pain points and opportunities by id within their
journey. Structure is compared here; every number (friction, emotion, peak-end, funnel
conversion, evidence coverage, pain point scores) comes from :func:`cjmap.analysis.run.analyze`,
so that ``diff`` reports exactly what ``analyze`` and ``render`` show. Pure: no I/O.

Moves are reported sparingly. A stage is *moved* when its order against the other stages
that both sides share changed; a touchpoint is *moved* when it is now under another stage,
or when its order against the other touchpoints that stayed in its stage changed. Among the
items whose order changed, the fewest that explain the new order are reported (the rest is
the longest run kept in order), so moving one touchpoint to the end does not report all the
others as moved. Insertions and removals alone never make anything moved.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.analysis.subjourneys import NO_FIGURES, SubFigures
from cjmap.document.model import (
    FrictionWeights,
    Journey,
    Opportunity,
    PainPoint,
    Stage,
    Touchpoint,
    opportunity_id,
    pain_point_id,
)
from cjmap.workspace.corpus import ResolvedJourney

# Numbers that differ by less than this are the same number (float noise, not a change).
EPSILON = 1e-9

STATUS_ORDER = ("idea", "planned", "in-progress", "done")

# Fields reported in their own sections, left out of the "edited" field lists.
_JOURNEY_OWN = frozenset({"kind", "id", "title", "stages", "personas", "emotion_scale"})
_STAGE_OWN = frozenset({"id", "name", "touchpoints"})
_TOUCHPOINT_OWN = frozenset(
    {"id", "name", "path", "journey", "emotion", "expectation", "pain_points", "opportunities"}
)


# --- records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Record:
    """A record whose JSON is its fields by name, in their order: a nested record as its own
    ``to_dict()``, a tuple as a list of the same."""

    def to_dict(self) -> dict[str, Any]:
        return {field.name: _plain(getattr(self, field.name)) for field in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class _Changes(_Record):
    """Groups of changes (added, removed, ...): true when any group has something in it."""

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) for field in dataclasses.fields(self))


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, _Record | Change):
        return value.to_dict()
    return value


@dataclass(frozen=True, slots=True)
class Change:
    """A number before and after; either side is ``None`` where it is undefined."""

    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        """``new − old``, or ``None`` when either side is undefined."""
        if self.old is None or self.new is None:
            return None
        return _clean(self.new - self.old)

    @property
    def changed(self) -> bool:
        """Whether the number differs (becoming defined or undefined is a change)."""
        if self.old is None or self.new is None:
            return (self.old is None) != (self.new is None)
        return abs(self.new - self.old) > EPSILON

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "delta": self.delta}


@dataclass(frozen=True, slots=True)
class StageRef(_Record):
    """A stage added or removed, with its 1-based position in its journey."""

    id: str
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class StageMove(_Record):
    """A stage whose order against the other stages changed (1-based positions)."""

    id: str
    name: str
    old_position: int
    new_position: int


@dataclass(frozen=True, slots=True)
class Renamed(_Record):
    """A stage or touchpoint that kept its id and changed its name."""

    id: str
    old_name: str
    new_name: str


@dataclass(frozen=True, slots=True)
class Edited(_Record):
    """A stage or touchpoint some of whose other fields changed (their names, sorted)."""

    id: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TouchpointRef(_Record):
    """A touchpoint added or removed: its stage, 1-based position there, and friction."""

    id: str
    name: str
    stage: str
    position: int
    friction: float | None


@dataclass(frozen=True, slots=True)
class TouchpointMove(_Record):
    """A touchpoint now under another stage, or in another order within its stage."""

    id: str
    name: str
    old_stage: str
    new_stage: str
    old_position: int
    new_position: int


@dataclass(frozen=True, slots=True)
class EmotionChange(_Record):
    """One persona's emotion at one touchpoint, before and after (``None``: a gap)."""

    touchpoint: str
    persona: str
    change: Change

    def to_dict(self) -> dict[str, Any]:
        return {"touchpoint": self.touchpoint, "persona": self.persona, **self.change.to_dict()}


@dataclass(frozen=True, slots=True)
class SubJourneyChange(_Record):
    """A touchpoint's sub-journey (``journey:``), before and after (``None``: none)."""

    touchpoint: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class TouchpointNumber(_Record):
    """A number of one touchpoint (its friction), before and after."""

    touchpoint: str
    change: Change

    def to_dict(self) -> dict[str, Any]:
        return {"touchpoint": self.touchpoint, **self.change.to_dict()}


@dataclass(frozen=True, slots=True)
class PainPointRef(_Record):
    """A pain point added or resolved, with its score (severity × frequency)."""

    id: str
    touchpoint: str
    text: str
    score: float | None


@dataclass(frozen=True, slots=True)
class PainPointChange(_Record):
    """A pain point on both sides whose score changed."""

    id: str
    touchpoint: str
    text: str
    score: Change

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "touchpoint": self.touchpoint,
            "text": self.text,
            "old_score": self.score.old,
            "new_score": self.score.new,
            "delta": self.score.delta,
        }


@dataclass(frozen=True, slots=True)
class OpportunityRef(_Record):
    """An opportunity added or removed, with its status."""

    id: str
    touchpoint: str
    text: str
    status: str


@dataclass(frozen=True, slots=True)
class StatusChange(_Record):
    """An opportunity whose status changed; ``forward`` when it moved towards ``done``."""

    id: str
    touchpoint: str
    text: str
    old_status: str
    new_status: str

    @property
    def forward(self) -> bool:
        """Whether the status moved towards ``done`` (idea → planned → in-progress → done)."""
        return STATUS_ORDER.index(self.new_status) > STATUS_ORDER.index(self.old_status)


@dataclass(frozen=True, slots=True)
class PathChange(_Record):
    """A touchpoint that moved onto a path, off one (``None``: the main path), or between
    two."""

    id: str
    name: str
    old_path: str | None
    new_path: str | None


@dataclass(frozen=True, slots=True)
class TagChange(_Record):
    """An opportunity whose ``tags`` changed: its tags before and after, in their order."""

    id: str
    touchpoint: str
    text: str
    old_tags: tuple[str, ...]
    new_tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StageChanges(_Changes):
    added: tuple[StageRef, ...] = ()
    removed: tuple[StageRef, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    moved: tuple[StageMove, ...] = ()
    edited: tuple[Edited, ...] = ()


@dataclass(frozen=True, slots=True)
class TouchpointChanges(_Changes):
    added: tuple[TouchpointRef, ...] = ()
    removed: tuple[TouchpointRef, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    moved: tuple[TouchpointMove, ...] = ()
    edited: tuple[Edited, ...] = ()
    path_changed: tuple[PathChange, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonaChanges(_Changes):
    """Personas of the journey added, removed, or whose fields (such as ``share``) changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PainPointChanges(_Changes):
    added: tuple[PainPointRef, ...] = ()
    resolved: tuple[PainPointRef, ...] = ()
    rescored: tuple[PainPointChange, ...] = ()


@dataclass(frozen=True, slots=True)
class OpportunityChanges(_Changes):
    added: tuple[OpportunityRef, ...] = ()
    removed: tuple[OpportunityRef, ...] = ()
    status_changed: tuple[StatusChange, ...] = ()
    retagged: tuple[TagChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Numbers:
    """The analysis numbers of a journey, before and after.

    ``friction``: the journey's friction (0..100). ``touchpoint_friction``: touchpoints on
    both sides whose friction changed, in journey order. ``peak_end``: of the combined curve;
    ``peak_end_by_persona``: of each persona on both sides (all of them, changed or not).
    ``conversion``: the funnel's cumulative conversion (0..1). ``coverage_touchpoints`` /
    ``coverage_pain_points``: the share of touchpoints / pain points citing a source.
    ``path_conversion``: the conversion of each path on both sides (``conversion`` is the
    main path's).
    """

    friction: Change = Change(None, None)
    touchpoint_friction: tuple[TouchpointNumber, ...] = ()
    peak_end: Change = Change(None, None)
    peak_end_by_persona: tuple[tuple[str, Change], ...] = ()
    conversion: Change = Change(None, None)
    coverage_touchpoints: Change = Change(None, None)
    coverage_pain_points: Change = Change(None, None)
    path_conversion: tuple[tuple[str, Change], ...] = ()

    def __bool__(self) -> bool:
        return any(
            change.changed
            for change in (
                self.friction,
                self.peak_end,
                self.conversion,
                *(change for _, change in self.path_conversion),
                self.coverage_touchpoints,
                self.coverage_pain_points,
                *(item.change for item in self.touchpoint_friction),
                *(change for _, change in self.peak_end_by_persona),
            )
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "friction": {
                "journey": self.friction.to_dict(),
                "touchpoints": [item.to_dict() for item in self.touchpoint_friction],
            },
            "peak_end": {
                "combined": self.peak_end.to_dict(),
                "personas": {
                    persona: change.to_dict() for persona, change in self.peak_end_by_persona
                },
            },
            "funnel": {
                "conversion": self.conversion.to_dict(),
                "paths": {path: change.to_dict() for path, change in self.path_conversion},
            },
            "coverage": {
                "touchpoints": self.coverage_touchpoints.to_dict(),
                "pain_points": self.coverage_pain_points.to_dict(),
            },
        }


@dataclass(frozen=True, slots=True)
class JourneySummary(_Record):
    """A journey added or removed as a whole, with its friction."""

    id: str
    title: str
    file: str
    friction: float | None


@dataclass(frozen=True, slots=True)
class JourneyDiff:
    """Everything that changed in one journey present on both sides."""

    id: str
    old_id: str
    title: str
    old_title: str
    file: str
    old_file: str
    scale: tuple[int, int]
    old_scale: tuple[int, int]
    edited_fields: tuple[str, ...] = ()
    personas: PersonaChanges = PersonaChanges()
    stages: StageChanges = StageChanges()
    touchpoints: TouchpointChanges = TouchpointChanges()
    emotion: tuple[EmotionChange, ...] = ()
    pain_points: PainPointChanges = PainPointChanges()
    opportunities: OpportunityChanges = OpportunityChanges()
    numbers: Numbers = Numbers()
    expectation: tuple[EmotionChange, ...] = ()
    """Each persona's expectation at a touchpoint of both sides, where it changed."""
    sub_journeys: tuple[SubJourneyChange, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything at all differs between the two sides."""
        return bool(
            self.id != self.old_id
            or self.title != self.old_title
            or self.scale != self.old_scale
            or self.edited_fields
            or self.personas
            or self.stages
            or self.touchpoints
            or self.emotion
            or self.expectation
            or self.sub_journeys
            or self.pain_points
            or self.opportunities
            or self.numbers
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "old_id": self.old_id,
            "title": self.title,
            "old_title": self.old_title,
            "file": self.file,
            "old_file": self.old_file,
            "scale": list(self.scale),
            "old_scale": list(self.old_scale),
            "edited_fields": list(self.edited_fields),
            "personas": self.personas.to_dict(),
            "stages": self.stages.to_dict(),
            "touchpoints": self.touchpoints.to_dict(),
            "emotion": [item.to_dict() for item in self.emotion],
            "pain_points": self.pain_points.to_dict(),
            "opportunities": self.opportunities.to_dict(),
            **self.numbers.to_dict(),
            "expectation": [item.to_dict() for item in self.expectation],
            "sub_journeys": [item.to_dict() for item in self.sub_journeys],
        }


@dataclass(frozen=True, slots=True)
class WorkspaceDiff:
    """The diff of two sets of journeys: ``old`` and ``new`` label the two sides."""

    old: str
    new: str
    added: tuple[JourneySummary, ...] = ()
    removed: tuple[JourneySummary, ...] = ()
    changed_journeys: tuple[JourneyDiff, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the two sides differ at all (``--exit-code`` exits 1 when they do)."""
        return bool(self.added or self.removed or self.changed_journeys)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "changed": self.changed,
            "summary": {
                "journeys_added": len(self.added),
                "journeys_removed": len(self.removed),
                "journeys_changed": len(self.changed_journeys),
                "journeys_unchanged": len(self.unchanged),
            },
            "added": [item.to_dict() for item in self.added],
            "removed": [item.to_dict() for item in self.removed],
            "journeys": [item.to_dict() for item in self.changed_journeys],
            "unchanged": list(self.unchanged),
        }


# --- the analysis, read through its documented dictionary ---------------------------------


@dataclass(frozen=True, slots=True)
class _Analysis:
    """What the diff needs from one journey's ``analyze(...).to_dict()``."""

    friction: float | None
    touchpoint_friction: Mapping[str, float | None]
    emotion: Mapping[str, Mapping[str, float | None]]  # persona → touchpoint → value
    expectation: Mapping[str, Mapping[str, float | None]]  # the same, for expectations
    peak_end: float | None
    peak_end_by_persona: Mapping[str, float | None]
    conversion: float | None
    path_conversion: Mapping[str, float | None]
    pain_scores: Mapping[str, float | None]
    coverage_touchpoints: float | None
    coverage_pain_points: float | None


def _analyse(
    resolved: ResolvedJourney, weights: FrictionWeights, subs: Mapping[str, SubFigures]
) -> _Analysis:
    """The numbers a diff compares, taken from the typed analysis and rounded as
    ``cjmap analyze --format json`` writes them, so both commands show the same figures."""
    from cjmap.analysis.run import analyze, emotion_value
    from cjmap.util.numbers import EMOTION_DIGITS, FRICTION_DIGITS, SHARE_DIGITS, rounded

    analysis = analyze(resolved, weights, subs=subs)
    friction = analysis.friction
    emotion = analysis.emotion
    coverage = analysis.coverage
    curves: dict[str, dict[str, float | None]] = {}
    expected: dict[str, dict[str, float | None]] = {}
    peak_ends: dict[str, float | None] = {}
    for persona, curve in emotion.personas.items():
        curves[persona] = {p.touchpoint: _number(emotion_value(p.value)) for p in curve.points}
        second = curve.expectation
        expected[persona] = (
            {}
            if second is None
            else {g.touchpoint: _number(emotion_value(g.expected)) for g in second.points}
        )
        peak_ends[persona] = _number(rounded(curve.peak_end, EMOTION_DIGITS))
    return _Analysis(
        friction=_number(rounded(friction.journey, FRICTION_DIGITS)),
        touchpoint_friction={
            t.touchpoint: _number(rounded(t.value, FRICTION_DIGITS)) for t in friction.touchpoints
        },
        emotion=curves,
        expectation=expected,
        peak_end=_number(rounded(emotion.combined.peak_end, EMOTION_DIGITS)),
        peak_end_by_persona=peak_ends,
        conversion=_number(rounded(analysis.funnel.conversion, SHARE_DIGITS)),
        path_conversion={
            route.id: _number(rounded(route.funnel.conversion, SHARE_DIGITS))
            for route in analysis.paths.paths
            if route.id is not None
        },
        pain_scores={p.id: _number(p.score) for p in analysis.pain_points},
        coverage_touchpoints=_number(rounded(coverage.touchpoints.share, SHARE_DIGITS)),
        coverage_pain_points=_number(rounded(coverage.pain_points.share, SHARE_DIGITS)),
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if math.isnan(value):
        return None
    return value


def _clean(value: float) -> float:
    return round(value, 9) + 0.0


# --- diffing ------------------------------------------------------------------------------


def diff_workspaces(
    old: Sequence[ResolvedJourney],
    new: Sequence[ResolvedJourney],
    *,
    old_weights: FrictionWeights,
    new_weights: FrictionWeights,
    old_label: str = "old",
    new_label: str = "new",
    pair_single: bool = False,
    old_subs: Mapping[str, SubFigures] = NO_FIGURES,
    new_subs: Mapping[str, SubFigures] = NO_FIGURES,
) -> WorkspaceDiff:
    """Compare two sets of journeys, matched by id; ``old_subs`` and ``new_subs``: the
    figures of the sub-journeys each side's journeys name (see
    :mod:`cjmap.analysis.subjourneys`), so that the figures are ``analyze``'s.

    With ``pair_single`` and exactly one journey on each side, the two are compared even
    when their ids differ (``cjmap diff current.yaml future.yaml``).
    """
    if pair_single and len(old) == 1 and len(new) == 1:
        pairs = [(old[0], new[0])]
        added: list[ResolvedJourney] = []
        removed: list[ResolvedJourney] = []
    else:
        old_by_id = {item.journey.id: item for item in old}
        new_ids = {item.journey.id for item in new}
        pairs = [(old_by_id[item.journey.id], item) for item in new if item.journey.id in old_by_id]
        added = [item for item in new if item.journey.id not in old_by_id]
        removed = [item for item in old if item.journey.id not in new_ids]
    changed: list[JourneyDiff] = []
    unchanged: list[str] = []
    for before, after in pairs:
        result = diff_journeys(
            before,
            after,
            old_weights=old_weights,
            new_weights=new_weights,
            old_subs=old_subs,
            new_subs=new_subs,
        )
        if result.changed:
            changed.append(result)
        else:
            unchanged.append(result.id)
    return WorkspaceDiff(
        old=old_label,
        new=new_label,
        added=tuple(_summary(item, new_weights, new_subs) for item in added),
        removed=tuple(_summary(item, old_weights, old_subs) for item in removed),
        changed_journeys=tuple(changed),
        unchanged=tuple(unchanged),
    )


def _summary(
    item: ResolvedJourney, weights: FrictionWeights, subs: Mapping[str, SubFigures]
) -> JourneySummary:
    return JourneySummary(
        item.journey.id, item.journey.title, item.file, _analyse(item, weights, subs).friction
    )


def diff_journeys(
    old: ResolvedJourney,
    new: ResolvedJourney,
    *,
    old_weights: FrictionWeights,
    new_weights: FrictionWeights,
    old_subs: Mapping[str, SubFigures] = NO_FIGURES,
    new_subs: Mapping[str, SubFigures] = NO_FIGURES,
) -> JourneyDiff:
    """Compare two versions of one journey (with the figures of the sub-journeys each
    version's side gives)."""
    before, after = old.journey, new.journey
    old_numbers = _analyse(old, old_weights, old_subs)
    new_numbers = _analyse(new, new_weights, new_subs)
    return JourneyDiff(
        id=after.id,
        old_id=before.id,
        title=after.title,
        old_title=before.title,
        file=new.file,
        old_file=old.file,
        scale=new.scale,
        old_scale=old.scale,
        edited_fields=_edited_fields(before, after, _JOURNEY_OWN),
        personas=_personas(old, new),
        stages=_stages(before, after),
        touchpoints=_touchpoints(before, after, old_numbers, new_numbers),
        emotion=_emotion(after, old_numbers, new_numbers),
        pain_points=_pain_points(before, after, old_numbers, new_numbers),
        opportunities=_opportunities(before, after),
        numbers=_numbers(after, old_numbers, new_numbers),
        expectation=_emotion(after, old_numbers, new_numbers, expected=True),
        sub_journeys=_sub_journeys(before, after),
    )


def _sub_journeys(before: Journey, after: Journey) -> tuple[SubJourneyChange, ...]:
    """The touchpoints of both sides whose sub-journey changed."""
    old = {tp.id: tp.journey for _, tp in before.touchpoints()}
    return tuple(
        SubJourneyChange(tp.id, old[tp.id], tp.journey)
        for _, tp in after.touchpoints()
        if tp.id in old and old[tp.id] != tp.journey
    )


def _edited_fields(before: Any, after: Any, own: frozenset[str]) -> tuple[str, ...]:
    old_data = before.model_dump(exclude=set(own))
    new_data = after.model_dump(exclude=set(own))
    return tuple(
        sorted(
            key
            for key in old_data.keys() | new_data.keys()
            if old_data.get(key) != new_data.get(key)
        )
    )


def _personas(old: ResolvedJourney, new: ResolvedJourney) -> PersonaChanges:
    before = {persona.id: persona for persona in old.personas}
    after = {persona.id: persona for persona in new.personas}
    return PersonaChanges(
        added=tuple(ident for ident in after if ident not in before),
        removed=tuple(ident for ident in before if ident not in after),
        edited=tuple(
            ident
            for ident, persona in after.items()
            if ident in before and _persona_data(before[ident]) != _persona_data(persona)
        ),
    )


def _persona_data(persona: Any) -> dict[str, Any]:
    data: dict[str, Any] = persona.model_dump(exclude={"kind"})
    return data


def _stages(before: Journey, after: Journey) -> StageChanges:
    old = {stage.id: (index, stage) for index, stage in enumerate(before.stages, 1)}
    new = {stage.id: (index, stage) for index, stage in enumerate(after.stages, 1)}
    common = [ident for ident in new if ident in old]
    moved_ids = _out_of_order([ident for ident in old if ident in new], common)
    return StageChanges(
        added=tuple(
            StageRef(ident, stage.name, index)
            for ident, (index, stage) in new.items()
            if ident not in old
        ),
        removed=tuple(
            StageRef(ident, stage.name, index)
            for ident, (index, stage) in old.items()
            if ident not in new
        ),
        renamed=tuple(
            Renamed(ident, old[ident][1].name, new[ident][1].name)
            for ident in common
            if old[ident][1].name != new[ident][1].name
        ),
        moved=tuple(
            StageMove(ident, new[ident][1].name, old[ident][0], new[ident][0])
            for ident in common
            if ident in moved_ids
        ),
        edited=tuple(
            Edited(ident, new[ident][1].name, fields)
            for ident in common
            if (fields := _edited_fields(old[ident][1], new[ident][1], _STAGE_OWN))
        ),
    )


@dataclass(frozen=True, slots=True)
class _Place:
    stage: Stage
    position: int
    touchpoint: Touchpoint


def _places(journey: Journey) -> dict[str, _Place]:
    return {
        tp.id: _Place(stage, index, tp)
        for stage in journey.stages
        for index, tp in enumerate(stage.touchpoints, 1)
    }


def _touchpoints(
    before: Journey, after: Journey, old_numbers: _Analysis, new_numbers: _Analysis
) -> TouchpointChanges:
    old = _places(before)
    new = _places(after)
    common = [ident for ident in new if ident in old]
    moved: list[TouchpointMove] = []
    reordered: set[str] = set()
    for stage in after.stages:
        # Touchpoints that stayed in this stage, in old and in new order.
        stayed_new = [
            tp.id for tp in stage.touchpoints if tp.id in old and old[tp.id].stage.id == stage.id
        ]
        stayed = set(stayed_new)
        stayed_old = [ident for ident, place in old.items() if ident in stayed]
        reordered |= _out_of_order(stayed_old, stayed_new)
    for ident in common:
        was, now = old[ident], new[ident]
        if was.stage.id != now.stage.id or ident in reordered:
            moved.append(
                TouchpointMove(
                    ident,
                    now.touchpoint.name,
                    was.stage.id,
                    now.stage.id,
                    was.position,
                    now.position,
                )
            )
    return TouchpointChanges(
        added=tuple(
            TouchpointRef(
                ident,
                place.touchpoint.name,
                place.stage.id,
                place.position,
                new_numbers.touchpoint_friction.get(ident),
            )
            for ident, place in new.items()
            if ident not in old
        ),
        removed=tuple(
            TouchpointRef(
                ident,
                place.touchpoint.name,
                place.stage.id,
                place.position,
                old_numbers.touchpoint_friction.get(ident),
            )
            for ident, place in old.items()
            if ident not in new
        ),
        renamed=tuple(
            Renamed(ident, old[ident].touchpoint.name, new[ident].touchpoint.name)
            for ident in common
            if old[ident].touchpoint.name != new[ident].touchpoint.name
        ),
        moved=tuple(moved),
        path_changed=tuple(
            PathChange(ident, new[ident].touchpoint.name, before_path, after_path)
            for ident in common
            if (before_path := old[ident].touchpoint.path)
            != (after_path := new[ident].touchpoint.path)
        ),
        edited=tuple(
            Edited(ident, new[ident].touchpoint.name, fields)
            for ident in common
            if (
                fields := _edited_fields(
                    old[ident].touchpoint, new[ident].touchpoint, _TOUCHPOINT_OWN
                )
            )
        ),
    )


def _out_of_order(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """The fewest items of ``new_order`` whose moves explain it, given ``old_order``.

    Both hold the same items. The items kept are a longest subsequence that is in the same
    order on both sides; the others are the ones that moved.
    """
    rank = {ident: index for index, ident in enumerate(old_order)}
    sequence = [rank[ident] for ident in new_order]
    kept = _longest_increasing(sequence)
    return {new_order[index] for index in range(len(new_order)) if index not in kept}


def _longest_increasing(sequence: Sequence[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []  # tails[k]: value ending the best run of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def _emotion(
    after: Journey, old: _Analysis, new: _Analysis, *, expected: bool = False
) -> tuple[EmotionChange, ...]:
    changes: list[EmotionChange] = []
    old_curves = old.expectation if expected else old.emotion
    new_curves = new.expectation if expected else new.emotion
    personas = [persona for persona in new.emotion if persona in old.emotion]
    for _, tp in after.touchpoints():
        for persona in personas:
            # Only where the persona's emotion is given on both sides; an expectation added
            # or removed there is a change too (None: none given).
            if tp.id not in old.emotion[persona] or tp.id not in new.emotion[persona]:
                continue
            before = old_curves.get(persona, {}).get(tp.id)
            change = Change(before, new_curves.get(persona, {}).get(tp.id))
            if change.changed:
                changes.append(EmotionChange(tp.id, persona, change))
    return tuple(changes)


def _pain_point_items(journey: Journey) -> dict[str, tuple[Touchpoint, PainPoint]]:
    return {
        pain_point_id(tp, index): (tp, pain)
        for _, tp in journey.touchpoints()
        for index, pain in enumerate(tp.pain_points)
    }


def _pain_points(
    before: Journey, after: Journey, old_numbers: _Analysis, new_numbers: _Analysis
) -> PainPointChanges:
    old = _pain_point_items(before)
    new = _pain_point_items(after)
    rescored: list[PainPointChange] = []
    for ident, (tp, pain) in new.items():
        if ident in old:
            score = Change(old_numbers.pain_scores.get(ident), new_numbers.pain_scores.get(ident))
            if score.changed:
                rescored.append(PainPointChange(ident, tp.id, pain.text, score))
    return PainPointChanges(
        added=tuple(
            PainPointRef(ident, tp.id, pain.text, new_numbers.pain_scores.get(ident))
            for ident, (tp, pain) in new.items()
            if ident not in old
        ),
        resolved=tuple(
            PainPointRef(ident, tp.id, pain.text, old_numbers.pain_scores.get(ident))
            for ident, (tp, pain) in old.items()
            if ident not in new
        ),
        rescored=tuple(rescored),
    )


def _opportunity_items(journey: Journey) -> dict[str, tuple[Touchpoint, Opportunity]]:
    return {
        opportunity_id(tp, index): (tp, opportunity)
        for _, tp in journey.touchpoints()
        for index, opportunity in enumerate(tp.opportunities)
    }


def _opportunities(before: Journey, after: Journey) -> OpportunityChanges:
    old = _opportunity_items(before)
    new = _opportunity_items(after)
    return OpportunityChanges(
        added=tuple(
            OpportunityRef(ident, tp.id, item.text, item.status)
            for ident, (tp, item) in new.items()
            if ident not in old
        ),
        removed=tuple(
            OpportunityRef(ident, tp.id, item.text, item.status)
            for ident, (tp, item) in old.items()
            if ident not in new
        ),
        status_changed=tuple(
            StatusChange(ident, tp.id, item.text, old[ident][1].status, item.status)
            for ident, (tp, item) in new.items()
            if ident in old and old[ident][1].status != item.status
        ),
        retagged=tuple(
            TagChange(ident, tp.id, item.text, tuple(old[ident][1].tags), tuple(item.tags))
            for ident, (tp, item) in new.items()
            if ident in old and old[ident][1].tags != item.tags
        ),
    )


def _numbers(after: Journey, old: _Analysis, new: _Analysis) -> Numbers:
    touchpoint_friction = []
    for _, tp in after.touchpoints():
        if tp.id in old.touchpoint_friction and tp.id in new.touchpoint_friction:
            change = Change(old.touchpoint_friction[tp.id], new.touchpoint_friction[tp.id])
            if change.changed:
                touchpoint_friction.append(TouchpointNumber(tp.id, change))
    return Numbers(
        friction=Change(old.friction, new.friction),
        touchpoint_friction=tuple(touchpoint_friction),
        peak_end=Change(old.peak_end, new.peak_end),
        peak_end_by_persona=tuple(
            (persona, Change(old.peak_end_by_persona[persona], value))
            for persona, value in new.peak_end_by_persona.items()
            if persona in old.peak_end_by_persona
        ),
        conversion=Change(old.conversion, new.conversion),
        path_conversion=tuple(
            (path, Change(old.path_conversion[path], value))
            for path, value in new.path_conversion.items()
            if path in old.path_conversion
        ),
        coverage_touchpoints=Change(old.coverage_touchpoints, new.coverage_touchpoints),
        coverage_pain_points=Change(old.coverage_pain_points, new.coverage_pain_points),
    )
