"""Unit tests of the analysis: the edge cases docs/analysis.md promises."""

from __future__ import annotations

from typing import Any

import pytest

from cjmap.analysis.emotion import persona_weights, weighted_mean
from cjmap.analysis.friction import pain_part
from cjmap.analysis.run import analyze, analyze_all, known_personas
from cjmap.document.model import FrictionWeights, Journey, PersonaFields
from cjmap.workspace.corpus import ResolvedJourney


def journey(stages: list[dict[str, Any]], **extra: Any) -> Journey:
    return Journey.model_validate(
        {"kind": "journey", "id": "j", "title": "J", "stages": stages, **extra}
    )


def stage(ident: str, *touchpoints: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": ident, "name": ident.title(), "touchpoints": list(touchpoints), **extra}


def tp(ident: str, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "name": ident, **fields}


def run(j: Journey, scale: tuple[int, int] = (-2, 2), **kwargs: Any) -> Any:
    personas = tuple(p for p in j.personas if isinstance(p, PersonaFields))
    return analyze(ResolvedJourney(j, personas, scale, "j.yaml"), FrictionWeights(), **kwargs)


# --- emotion ---------------------------------------------------------------------------------


def test_missing_shares_split_what_the_given_shares_leave() -> None:
    personas = [
        PersonaFields(id="a", name="A", share=0.35),
        PersonaFields(id="b", name="B"),
        PersonaFields(id="c", name="C"),
    ]
    assert persona_weights(personas) == pytest.approx({"a": 0.35, "b": 0.325, "c": 0.325})


def test_personas_that_weigh_nothing_count_equally_among_themselves() -> None:
    assert weighted_mean({"a": -2.0, "b": 1.0}, {"a": 0.0, "b": 0.0}) == -0.5
    assert weighted_mean({}, {"a": 1.0}) is None


def test_a_journey_without_personas_has_only_the_combined_curve() -> None:
    result = run(journey([stage("s", tp("a", emotion=1), tp("b"), tp("c", emotion=-1))]))
    assert result.emotion.personas == {}
    assert [p.value for p in result.emotion.combined.points] == [1, None, -1]
    assert result.emotion.combined.biggest_drop.delta == -2


def test_a_single_emotion_applies_to_every_persona() -> None:
    j = journey(
        [stage("s", tp("a", emotion=2), tp("b", emotion={"x": -1}))],
        personas=[{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
    )
    result = run(j)
    assert [p.value for p in result.emotion.personas["y"].points] == [2, None]
    assert [p.value for p in result.emotion.combined.points] == [2, -1]


def test_persona_restricts_the_curves_but_not_friction() -> None:
    j = journey(
        [stage("s", tp("a", emotion={"x": -2, "y": 2}))],
        personas=[{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
    )
    full, only_y = run(j), run(j, persona="y")
    assert list(only_y.emotion.personas) == ["y"]
    assert [p.value for p in only_y.emotion.combined.points] == [2]
    assert only_y.friction.journey == full.friction.journey
    assert only_y.to_dict()["emotion"]["persona"] == "y"


def test_a_stage_without_values_has_no_mean() -> None:
    result = run(journey([stage("a", tp("x", emotion=1)), stage("b", tp("y"))]))
    assert result.emotion.combined.stages == {"a": 1, "b": None}
    assert result.to_dict()["emotion"]["combined"]["stages"] == {"a": 1.0, "b": None}


def test_a_curve_that_never_falls_has_no_biggest_drop() -> None:
    result = run(journey([stage("s", tp("a", emotion=-1), tp("b", emotion=1))]))
    assert result.emotion.combined.biggest_drop is None
    assert result.to_dict()["emotion"]["combined"]["biggest_drop"] is None


def test_emotion_is_reported_on_the_journeys_own_scale() -> None:
    j = journey([stage("s", tp("a", emotion=5), tp("b", emotion=2))], emotion_scale=[1, 5])
    result = run(j, scale=(1, 5))
    data = result.to_dict()
    assert data["scale"] == [1, 5]
    assert data["emotion"]["neutral"] == 3
    assert data["emotion"]["combined"]["peak_end"] == 3.5  # peak 5, end 2
    assert data["friction"]["touchpoints"] == {"a": 0.0, "b": 10.0}  # 1 below neutral of 2


def test_channel_switches_ignore_case_and_touchpoints_without_a_channel() -> None:
    j = journey(
        [
            stage(
                "s",
                tp("a", channel="Web"),
                tp("b"),
                tp("c", channel=" web"),
                tp("d", channel="app"),
            )
        ]
    )
    switches = run(j).channel_switches
    assert [(s.from_touchpoint, s.to_touchpoint) for s in switches] == [("c", "d")]


# --- friction --------------------------------------------------------------------------------


def test_pain_part_is_one_half_for_one_default_pain_point() -> None:
    assert pain_part(9) == 0.5
    assert pain_part(0) == 0


def test_stage_and_owner_means_leave_out_touchpoints_without_friction() -> None:
    j = journey(
        [
            stage("a", tp("x", effort=5, owner="team"), tp("y", owner="team")),
            stage("b", tp("z")),
        ]
    )
    friction = run(j).friction
    assert friction.stages == {"a": 20.0, "b": None}
    assert friction.by_owner == {"team": 20.0}
    assert friction.journey == 20.0


def test_all_weights_zero_gives_zero_where_there_is_data() -> None:
    j = journey([stage("s", tp("a", effort=5), tp("b"))])
    zero = FrictionWeights(pain=0, effort=0, dropoff=0, emotion=0)
    result = analyze(ResolvedJourney(j, (), (-2, 2), "j.yaml"), zero)
    assert [t.value for t in result.friction.touchpoints] == [0.0, None]


def test_hotspots_are_at_most_five_above_zero_highest_first_ties_in_order() -> None:
    tps = [tp(f"t{i}", effort=e) for i, e in enumerate([2, 5, 1, 3, 3, 4, 2, 2])]
    result = run(journey([stage("s", *tps)]))
    assert result.friction.hotspots == ("t1", "t5", "t3", "t4", "t0")


# --- funnel, priorities, time, coverage ------------------------------------------------------


def test_funnel_without_completion_is_empty() -> None:
    data = run(journey([stage("s", tp("a"))])).to_dict()
    assert data["funnel"] == {"conversion": None, "biggest_dropoff": None, "steps": []}


def test_funnel_ties_go_to_the_first_and_nobody_lost_means_no_drop_off() -> None:
    tied = run(journey([stage("s", tp("a", completion=0.5), tp("b", completion="50%"))]))
    assert tied.funnel.biggest_dropoff is not None
    assert tied.funnel.biggest_dropoff.touchpoint == "a"
    assert tied.funnel.conversion == 0.25
    perfect = run(journey([stage("s", tp("a", completion=1))]))
    assert perfect.funnel.conversion == 1
    assert perfect.funnel.biggest_dropoff is None


def test_done_opportunities_come_last() -> None:
    j = journey(
        [
            stage(
                "s",
                tp(
                    "a",
                    effort=5,
                    opportunities=[
                        {"text": "Done big", "impact": 5, "effort": 1, "status": "done"},
                        {"text": "Open small", "impact": 1, "effort": 5},
                    ],
                ),
            )
        ]
    )
    opportunities = run(j).opportunities
    assert [o.id for o in opportunities] == ["a-opp-2", "a-opp-1"]
    assert opportunities[1].score > opportunities[0].score


def test_addressing_severe_pain_on_a_high_friction_touchpoint_scores_higher() -> None:
    pains = [{"id": "severe", "text": "x", "severity": 5, "frequency": 5}]
    j = journey(
        [
            stage(
                "s",
                tp("hot", effort=5, completion=0.2, pain_points=pains),
                tp(
                    "calm",
                    effort=1,
                    opportunities=[
                        {
                            "id": "fix",
                            "text": "Fix it",
                            "impact": 3,
                            "effort": 3,
                            "addresses": ["severe"],
                        },
                        {"id": "polish", "text": "Polish", "impact": 3, "effort": 3},
                    ],
                ),
            )
        ]
    )
    fix, polish = run(j).opportunities
    assert (fix.id, polish.id) == ("fix", "polish")
    assert fix.friction == pytest.approx(run(j).friction.of("hot"))
    assert fix.pain == 1.0
    assert polish.reach == 1.0


def test_journey_time_uses_the_stage_duration_or_else_its_touchpoints() -> None:
    j = journey(
        [
            stage("a", tp("x", duration="1h"), duration="1d"),
            stage("b", tp("y", duration="1h30m"), tp("z", duration="15m")),
            stage("c", tp("w")),
        ]
    )
    data = run(j).to_dict()
    assert data["duration"] == {
        "total_minutes": 1440 + 105,
        "stages": {"a": 1440, "b": 105, "c": None},
    }


def test_coverage_of_an_empty_journey_is_null_not_zero() -> None:
    data = run(journey([stage("s")])).to_dict()
    assert data["coverage"]["touchpoints"] == {"cited": 0, "total": 0, "share": None}
    assert data["friction"]["journey"] is None


def test_metric_statuses() -> None:
    metrics = [
        {"name": "a", "value": 3, "target": 2},
        {"name": "b", "value": 3, "target": 2, "better": "lower"},
        {"name": "c", "value": 3},
        {"name": "d", "target": 3},
    ]
    result = run(journey([stage("s", tp("t", metrics=metrics))]))
    assert [m.status for m in result.metrics] == ["met", "missed", "no-target", "no-value"]


def test_workspace_ranking_puts_undefined_friction_last() -> None:
    calm = journey([stage("s", tp("a"))])
    hot = Journey.model_validate(
        {
            **calm.model_dump(exclude_defaults=True),
            "id": "hot",
            "stages": [stage("s", tp("a", effort=5))],
        }
    )
    mild = Journey.model_validate(
        {
            **calm.model_dump(exclude_defaults=True),
            "id": "mild",
            "stages": [stage("s", tp("a", effort=2))],
        }
    )
    resolved = [ResolvedJourney(j, (), (-2, 2), f"{j.id}.yaml") for j in (calm, mild, hot)]
    result = analyze_all(resolved, FrictionWeights())
    assert [j.id for j in result.ranking()] == ["hot", "mild", "j"]
    assert [r["id"] for r in result.to_dict()["ranking"]] == ["hot", "mild", "j"]
    assert known_personas(resolved) == []
