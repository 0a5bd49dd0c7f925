"""Alternative paths and touchpoints for some personas: every figure computed by hand
(docs/analysis.md, "Paths")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.test_analysis_units import journey, run, stage, tp

from cjmap.analysis.paths import routes
from cjmap.document.model import Journey

PERSONAS = [{"id": "ana", "name": "Ana", "share": 0.75}, {"id": "bo", "name": "Bo"}]
PATHS = [
    {"id": "declined", "name": "Card declined", "branches_from": "pay", "rejoins": "done"},
    {"id": "gives-up", "name": "Gives up", "branches_from": "retry"},
]


def shop(**extra: Any) -> Journey:
    """cart (0.8) → pay (0.5) → done (0.9) on the main path; declined: retry (0.5) between
    pay and done; gives-up: leave after retry, ending the journey."""
    return journey(
        [
            stage(
                "buy",
                tp("cart", completion=0.8, effort=3, emotion={"ana": 1, "bo": 1}),
                tp("pay", completion=0.5, emotion={"ana": 0, "bo": -2}),
                tp("retry", path="declined", completion=0.5, personas=["bo"], emotion={"bo": -2}),
                tp("leave", path="gives-up", emotion=-1, pain_points=["No other way to pay"]),
            ),
            stage("after", tp("done", completion=0.9, emotion={"ana": 2, "bo": 1})),
        ],
        personas=PERSONAS,
        paths=PATHS,
        **extra,
    )


def test_routes_follow_the_branch_and_rejoin_points() -> None:
    found = {key: [t.id for _, t in steps] for key, steps in routes(shop()).items()}
    assert found == {
        None: ["cart", "pay", "done"],
        "declined": ["cart", "pay", "retry", "done"],
        # Branches from a touchpoint of 'declined' and ends the journey.
        "gives-up": ["cart", "pay", "retry", "leave"],
    }


def test_the_funnel_of_each_route_multiplies_its_completions() -> None:
    result = run(shop())
    assert result.funnel.conversion == pytest.approx(0.8 * 0.5 * 0.9)  # 0.36, the main path
    assert [s.touchpoint for s in result.funnel.steps] == ["cart", "pay", "done"]
    declined = result.paths.of("declined")
    assert declined.funnel.conversion == pytest.approx(0.8 * 0.5 * 0.5 * 0.9)  # 0.18
    # pay and retry both lose 50%: the first in route order is the biggest drop-off.
    assert declined.funnel.biggest_dropoff.touchpoint == "pay"
    gives_up = result.paths.of("gives-up")
    assert gives_up.funnel.conversion == pytest.approx(0.8 * 0.5 * 0.5)  # 0.2
    assert gives_up.rejoins is None
    assert result.paths.main.funnel == result.funnel


def test_friction_of_a_route_is_the_mean_over_its_touchpoints() -> None:
    result = run(shop())
    # Default weights 0.4 pain, 0.2 effort, 0.2 dropoff, 0.2 emotion (sum 1):
    # cart: effort (3-1)/4 = 0.5, dropoff 0.2 → 100 × (0.2×0.5 + 0.2×0.2) = 14
    # pay: dropoff 0.5; emotion: ana 0 below, bo 2 below = 1 of half the scale;
    #      weights ana 0.75, bo 0.25 → 0.25 → 100 × (0.2×0.5 + 0.2×0.25) = 15
    # retry: only bo (personas: [bo]): emotion 1, dropoff 0.5 → 100 × (0.1 + 0.2) = 30
    # leave: pain 9/18 = 0.5, emotion 1/2 = 0.5 → 100 × (0.4×0.5 + 0.2×0.5) = 30
    # done: dropoff 0.1 → 2
    frictions = {t.touchpoint: t.value for t in result.friction.touchpoints}
    assert frictions == pytest.approx({"cart": 14, "pay": 15, "retry": 30, "leave": 30, "done": 2})
    assert result.paths.main.friction == pytest.approx((14 + 15 + 2) / 3)
    assert result.paths.of("declined").friction == pytest.approx((14 + 15 + 30 + 2) / 4)
    assert result.paths.of("gives-up").friction == pytest.approx((14 + 15 + 30 + 30) / 4)
    # The journey's friction stays the mean over every touchpoint.
    assert result.friction.journey == pytest.approx((14 + 15 + 30 + 30 + 2) / 5)


def test_persona_curves_skip_touchpoints_not_for_them() -> None:
    result = run(shop())
    ana = result.emotion.personas["ana"]
    assert [p.touchpoint for p in ana.points] == ["cart", "pay", "leave", "done"]
    # 'leave' has one value for everyone; it is on a path, so statistics skip it.
    assert ana.end.touchpoint == "done"
    assert ana.worst.touchpoint == "pay"
    bo = result.emotion.personas["bo"]
    assert [p.touchpoint for p in bo.points] == ["cart", "pay", "retry", "leave", "done"]
    combined = {p.touchpoint: p.value for p in result.emotion.combined.points}
    # At retry only bo counts (not a weighted mean with ana's gap).
    assert combined["retry"] == -2
    assert combined["pay"] == pytest.approx(0.75 * 0 + 0.25 * -2)
    # Statistics on the main path: cart 1, pay -0.5, done 0.75×2 + 0.25×1 = 1.75.
    assert result.emotion.combined.peak.touchpoint == "done"
    assert result.emotion.combined.peak_end == pytest.approx(1.75)
    assert result.emotion.combined.stages["buy"] == pytest.approx((1 - 0.5) / 2)


def test_the_peak_end_of_each_route_is_on_its_combined_values() -> None:
    result = run(shop())
    # declined: 1, -0.5, -2, 1.75 → peak -2 (farthest from 0), end 1.75.
    declined = result.paths.of("declined")
    assert declined.peak_end == pytest.approx((-2 + 1.75) / 2)
    assert declined.end.touchpoint == "done"
    # gives-up ends at 'leave' (-1): peak -2, end -1.
    assert result.paths.of("gives-up").peak_end == pytest.approx(-1.5)


def test_without_paths_every_figure_is_what_it_was() -> None:
    plain = journey(
        [
            stage(
                "buy",
                tp("cart", completion=0.8, effort=3, emotion={"ana": 1, "bo": 1}),
                tp("pay", completion=0.5, emotion={"ana": 0, "bo": -2}),
            ),
            stage("after", tp("done", completion=0.9, emotion={"ana": 2, "bo": 1})),
        ],
        personas=PERSONAS,
    )
    result = run(plain)
    data = result.to_dict()
    assert data["paths"]["branches"] == {}
    main = data["paths"]["main"]
    assert main["funnel"] == data["funnel"]
    assert main["friction"] == data["friction"]["journey"]
    assert main["emotion"]["peak_end"] == data["emotion"]["combined"]["peak_end"]
    assert main["touchpoints"] == ["cart", "pay", "done"]


def test_json_carries_the_paths() -> None:
    data = run(shop()).to_dict()
    declined = data["paths"]["branches"]["declined"]
    assert declined["branches_from"] == "pay"
    assert declined["rejoins"] == "done"
    assert declined["own"] == ["retry"]
    assert declined["funnel"]["conversion"] == 0.18
    assert declined["friction"] == 15.3  # 61 / 4 = 15.25, rounded to one decimal
    assert data["paths"]["branches"]["gives-up"]["rejoins"] is None
    assert data["paths"]["main"]["funnel"]["conversion"] == 0.36


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example_journeys() -> list[Any]:
    from cjmap.workspace.corpus import load_corpus

    corpus = load_corpus(["journeys"], cwd=EXAMPLES)
    return list(corpus.resolved_targets())


@pytest.mark.parametrize("resolved", _example_journeys(), ids=lambda r: r.journey.id)
def test_every_figure_of_a_journey_without_paths_is_unchanged(resolved: Any) -> None:
    """Without ``paths:`` (the example's paths, path touchpoints and persona lists taken
    out), the main path is the whole journey and every figure is computed over it as before:
    the funnel over every touchpoint, the curves' statistics over every point."""
    from cjmap.analysis.emotion import build_curve
    from cjmap.analysis.funnel import Funnel, FunnelStep
    from cjmap.analysis.run import analyze
    from cjmap.document.load import load_bytes
    from cjmap.document.model import FrictionWeights, Journey
    from cjmap.workspace.corpus import ResolvedJourney

    text = (EXAMPLES / resolved.file).read_bytes()
    data = load_bytes(text, resolved.file).documents[0].data
    data.pop("paths", None)
    for stage_data in data["stages"]:
        kept = [t for t in stage_data["touchpoints"] if "path" not in t]
        stage_data["touchpoints"] = kept
        for tp_data in kept:
            tp_data.pop("personas", None)
    journey = Journey.model_validate(data)
    result = analyze(
        ResolvedJourney(journey, resolved.personas, resolved.scale, resolved.file),
        FrictionWeights(),
    )
    every = [t for _, t in journey.touchpoints()]
    assert result.paths.paths == ()
    assert list(result.paths.main.touchpoints) == [t.id for t in every]
    # The funnel as it always was: every completion, in journey order.
    reached, steps = 1.0, []
    for place, t in journey.touchpoints():
        if t.completion is not None:
            lost = 1 - t.completion
            step = FunnelStep(
                place.id, t.id, t.completion, reached, reached * t.completion, lost, reached * lost
            )
            steps.append(step)
            reached *= t.completion
    assert result.funnel.steps == tuple(steps)
    assert isinstance(result.funnel, Funnel)
    assert result.paths.main.friction == result.friction.journey
    stage_ids = [s.id for s in journey.stages]
    for curve in [result.emotion.combined, *result.emotion.personas.values()]:
        assert len(curve.points) == len(every)
        expected = [g.expected for g in curve.expectation.points] if curve.expectation else []
        assert curve == build_curve(curve.points, stage_ids, result.emotion.neutral, expected)


def test_analysing_a_journey_leaves_no_reference_cycle() -> None:
    """Nothing an analysis makes refers back to itself: once a journey's analysis is let go,
    its models are freed at once, not when Python's cycle collector next runs (a route
    finder that called itself through a closure kept every journey's models alive until
    then, and the memory of a 10,000-journey run grew with it)."""
    import gc

    from cjmap.analysis.run import analyze
    from cjmap.document.model import FrictionWeights

    journeys = _example_journeys()
    assert any(r.journey.paths for r in journeys)  # a journey with paths is among them
    for resolved in journeys:  # first use: lazy imports and caches made once
        analyze(resolved, FrictionWeights())
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for resolved in journeys:
            analyze(resolved, FrictionWeights())
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
