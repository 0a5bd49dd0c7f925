"""Routes through a journey with alternative paths, and their figures (docs/analysis.md).

The **main path** is the touchpoints without ``path:``. A path's **route** is the route of
the path it branches from (the main path, or another path) up to and including its
``branches_from`` touchpoint, then the path's own touchpoints in journey order, then the
route of the path it rejoins from its ``rejoins`` touchpoint on (nothing when it ends the
journey). Validation guarantees that these links never loop.

Each route has its own funnel (the completions along it), friction (the mean of the defined
touchpoint frictions along it, as the journey figure is over every touchpoint) and the
peak-end and end of the combined emotion along it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.analysis.emotion import Curve, Mark, Point, build_curve
from cjmap.analysis.friction import FrictionAnalysis
from cjmap.analysis.funnel import Funnel, analyze_funnel
from cjmap.document.model import Journey, JourneyPath, Stage, Touchpoint

Step = tuple[Stage, Touchpoint]


@dataclass(frozen=True, slots=True)
class Route:
    """One way through the journey: the main path (``id`` ``None``) or a declared path.

    ``touchpoints``: the route's touchpoint ids in the order customers meet them. ``own``:
    the path's own touchpoints (the main path's, for the main path). ``funnel``: along the
    route. ``friction``: the mean of the defined touchpoint frictions along the route
    (``None`` when none is defined). ``peak_end`` and ``end``: of the combined emotion
    curve along the route.
    """

    id: str | None
    name: str | None
    branches_from: str | None
    rejoins: str | None
    share: float | None
    touchpoints: tuple[str, ...]
    own: tuple[str, ...]
    funnel: Funnel
    friction: float | None
    peak_end: float | None
    end: Mark | None


@dataclass(frozen=True, slots=True)
class PathsAnalysis:
    """The main path's route and each declared path's, in the order of ``paths:``."""

    main: Route
    paths: tuple[Route, ...]

    def of(self, path: str) -> Route | None:
        """The route of the path with id ``path``."""
        return next((route for route in self.paths if route.id == path), None)


def main_path(journey: Journey) -> list[Step]:
    """The touchpoints without ``path:``, in journey order."""
    return [(stage, tp) for stage, tp in journey.touchpoints() if tp.path is None]


def routes(journey: Journey) -> dict[str | None, list[Step]]:
    """Each path's route (``None``: the main path), as defined in the module docstring."""
    steps = journey.touchpoints()
    found: dict[str | None, list[Step]] = {None: main_path(journey)}
    on_path = {tp.id: tp.path for _, tp in steps}
    known = _Known(steps, on_path, {path.id: path for path in journey.paths}, found)
    for path in journey.paths:
        known.route(path.id, frozenset())
    return found


@dataclass(slots=True)
class _Known:
    """The routes found so far (a plain object, not a closure that calls itself: that
    would be a reference cycle holding the journey's models until the collector runs)."""

    steps: list[Step]
    on_path: dict[str, str | None]
    declared: dict[str, JourneyPath]
    found: dict[str | None, list[Step]]

    def route(self, ident: str | None, seen: frozenset[str]) -> list[Step]:
        found = self.found
        if ident in found:
            return found[ident]
        if ident is None or ident not in self.declared or ident in seen:
            return found[None]  # never for a journey that validates
        path = self.declared[ident]
        seen = seen | {ident}
        on_path = self.on_path
        before = self.route(on_path.get(path.branches_from), seen)
        cut = next((i for i, (_, tp) in enumerate(before) if tp.id == path.branches_from), None)
        head = before[: cut + 1] if cut is not None else []
        own = [(stage, tp) for stage, tp in self.steps if tp.path == ident]
        tail: list[Step] = []
        if path.rejoins is not None:
            after = self.route(on_path.get(path.rejoins), seen)
            start = next((i for i, (_, tp) in enumerate(after) if tp.id == path.rejoins), None)
            tail = after[start:] if start is not None else []
        found[ident] = [*head, *own, *tail]
        return found[ident]


def analyze_paths(
    journey: Journey,
    friction: FrictionAnalysis,
    combined: Curve,
    neutral: float,
    funnel: Funnel | None = None,
) -> PathsAnalysis:
    """The figures of the main path and of each path of ``journey``; ``friction`` and
    ``combined`` (the combined emotion curve, whose scale has ``neutral`` as midpoint) give
    the touchpoints' own figures. The main path's funnel is ``funnel`` when given (the
    journey's, which is the main path's) and its peak-end and end are ``combined``'s (whose
    statistics are the main path's): the same figures, not made twice."""
    by_route = routes(journey)
    values = {p.touchpoint: p.value for p in combined.points}
    stage_ids = [stage.id for stage in journey.stages]

    def figures(
        ident: str | None, path: JourneyPath | None, own: Sequence[Step], name: str | None
    ) -> Route:
        steps = by_route[ident]
        defined = [v for _, tp in steps if (v := friction.of(tp.id)) is not None]
        curve = build_curve(
            [Point(stage.id, tp.id, values.get(tp.id)) for stage, tp in steps],
            stage_ids,
            neutral,
        )
        return Route(
            id=ident,
            name=name,
            branches_from=path.branches_from if path else None,
            rejoins=path.rejoins if path else None,
            share=path.share if path else None,
            touchpoints=tuple(tp.id for _, tp in steps),
            own=tuple(tp.id for _, tp in own),
            funnel=analyze_funnel(journey, steps),
            friction=sum(defined) / len(defined) if defined else None,
            peak_end=curve.peak_end,
            end=curve.end,
        )

    main_steps = by_route[None]
    defined = [v for _, tp in main_steps if (v := friction.of(tp.id)) is not None]
    main = Route(
        id=None,
        name=None,
        branches_from=None,
        rejoins=None,
        share=None,
        touchpoints=tuple(tp.id for _, tp in main_steps),
        own=tuple(tp.id for _, tp in main_steps),
        funnel=funnel if funnel is not None else analyze_funnel(journey, main_steps),
        friction=sum(defined) / len(defined) if defined else None,
        peak_end=combined.peak_end,
        end=combined.end,
    )
    paths = tuple(
        figures(
            path.id,
            path,
            [(stage, tp) for stage, tp in journey.touchpoints() if tp.path == path.id],
            path.name,
        )
        for path in journey.paths
    )
    return PathsAnalysis(main, paths)
