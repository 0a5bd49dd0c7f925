"""Sub-journeys: a touchpoint told in detail by another journey (``journey: <id>``).

The sub-journey stands in for what the touchpoint does not say itself, as a stage's time is
its own ``duration`` or else the sum of its touchpoints (docs/analysis.md, "Sub-journeys"):

- time: a touchpoint without a ``duration`` takes the sub-journey's total time;
- friction: a touchpoint without friction data of its own (no pain point, effort, completion
  or emotion) takes the sub-journey's journey friction.

What the touchpoint gives itself always comes first. A sub-journey's own figures include
its sub-journeys', so nesting rolls up; loops are refused by ``validate``
(``sub-journey-loop``), and :func:`roll_up` skips a journey that leads back to itself.

:func:`roll_up` needs only each journey's two figures, so a workspace's journeys are read and
analysed one at a time and none is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjmap.document.model import FrictionWeights, Journey

if TYPE_CHECKING:
    from cjmap.workspace.corpus import Corpus, ResolvedJourney


@dataclass(frozen=True, slots=True)
class SubFigures:
    """What a journey gives a touchpoint that names it: its journey friction and its total
    time in minutes (each ``None`` when undefined), its sub-journeys' included."""

    friction: float | None
    minutes: int | None


@dataclass(frozen=True, slots=True)
class SubJourney:
    """One touchpoint's sub-journey in a journey's analysis: the sub-journey's figures, and
    whether the touchpoint took its friction and its time from them (it did not when it
    gives its own, or the sub-journey has none)."""

    stage: str
    touchpoint: str
    journey: str
    friction: float | None
    minutes: int | None
    friction_rolled_up: bool
    minutes_rolled_up: bool


NO_FIGURES: Mapping[str, SubFigures] = {}


def named(journey: Journey) -> list[str]:
    """The ids of the sub-journeys ``journey``'s touchpoints name, in order, once each."""
    return list(dict.fromkeys(tp.journey for _, tp in journey.touchpoints() if tp.journey))


def roll_up(
    wanted: Iterable[str],
    edges: Callable[[str], Sequence[str]],
    resolve: Callable[[str], ResolvedJourney | None],
    weights: FrictionWeights,
) -> dict[str, SubFigures]:
    """The figures of the journeys ``wanted`` and of every sub-journey below them.

    ``edges``: a journey id's sub-journey ids (from the few facts ``validate``
    keeps of each document); ``resolve``: the journey of an id, read when asked for (None:
    no valid journey has it). Each journey is resolved and analysed once, after its
    sub-journeys, and only its figures are kept.
    """
    # Only the two figures are kept, so only they are computed (not the whole analysis).
    from cjmap.analysis.friction import analyze_friction
    from cjmap.analysis.timing import analyze_timing

    figures: dict[str, SubFigures] = {}
    walking: set[str] = set()

    def visit(ident: str) -> None:
        # Depth first with an explicit stack: a chain of thousands of sub-journeys is fine.
        stack: list[tuple[str, bool]] = [(ident, False)]
        while stack:
            current, expanded = stack.pop()
            if current in figures:
                continue
            if expanded:
                walking.discard(current)
                resolved = resolve(current)
                if resolved is None:
                    continue
                journey = resolved.journey
                friction = analyze_friction(
                    journey, resolved.personas, resolved.scale, weights, figures
                )
                timing = analyze_timing(journey, figures)
                figures[current] = SubFigures(friction.journey, timing.total_minutes)
                continue
            if current in walking:
                continue  # a loop: validate refuses it; never followed
            walking.add(current)
            stack.append((current, True))
            stack.extend((sub, False) for sub in reversed(edges(current)) if sub not in figures)

    for ident in wanted:
        visit(ident)
    return figures


def corpus_subs(corpus: Corpus, resolved: Iterable[ResolvedJourney]) -> dict[str, SubFigures]:
    """The figures of the sub-journeys the journeys ``resolved`` name, and of theirs, from
    the journeys of ``corpus`` held in memory (the first valid journey of each id)."""
    wanted = [ident for r in resolved for ident in named(r.journey)]
    if not wanted:
        return {}
    first: dict[str, Journey] = {}
    files: dict[str, str] = {}
    for doc in corpus.journeys():
        assert isinstance(doc.model, Journey)
        if doc.model.id not in first:
            first[doc.model.id] = doc.model
            files[doc.model.id] = doc.display
    personas = corpus.workspace_personas()

    def resolve(ident: str) -> ResolvedJourney | None:
        from cjmap.workspace.corpus import resolve_journey

        journey = first.get(ident)
        if journey is None:
            return None
        return resolve_journey(journey, files[ident], personas, corpus.config)

    return roll_up(
        wanted,
        lambda ident: named(first[ident]) if ident in first else [],
        resolve,
        corpus.config.friction.weights,
    )


def sub_journeys(
    journey: Journey, subs: Mapping[str, SubFigures], took_friction: set[str]
) -> tuple[SubJourney, ...]:
    """The roll-up record of ``journey``: each touchpoint with a sub-journey whose figures
    are known, and whether its friction (``took_friction``: the touchpoints whose friction
    is their sub-journey's) and its time came from it. A touchpoint's time does when it
    has no ``duration``, its stage none either, and the sub-journey has a time."""
    found = []
    for stage, tp in journey.touchpoints():
        if tp.journey is None or tp.journey not in subs:
            continue
        figures = subs[tp.journey]
        found.append(
            SubJourney(
                stage.id,
                tp.id,
                tp.journey,
                figures.friction,
                figures.minutes,
                tp.id in took_friction,
                figures.minutes is not None and tp.duration is None and stage.duration is None,
            )
        )
    return tuple(found)
