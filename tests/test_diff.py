"""The diff core: every kind of change between two versions of a journey, and the numbers
taken from the analysis module."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.analysis.run import analyze
from cjmap.diff.compare import (
    Change,
    JourneyDiff,
    _longest_increasing,
    _out_of_order,
    diff_journeys,
    diff_workspaces,
)
from cjmap.document.model import DEFAULT_SCALE, FrictionWeights, Journey, PersonaFields
from cjmap.workspace.corpus import ResolvedJourney

WEIGHTS = FrictionWeights()


def base() -> dict[str, Any]:
    """A small journey: two personas, three stages, pain points, opportunities, a funnel."""
    return {
        "kind": "journey",
        "id": "trial",
        "title": "Trial",
        "personas": [
            {"id": "ann", "name": "Ann", "share": 0.6},
            {"id": "bob", "name": "Bob", "share": 0.4},
        ],
        "sources": [{"id": "survey", "type": "survey"}],
        "stages": [
            {
                "id": "discover",
                "name": "Discover",
                "touchpoints": [
                    {"id": "ad", "name": "Sees an ad", "emotion": 1, "evidence": ["survey"]},
                    {
                        "id": "pricing",
                        "name": "Reads pricing",
                        "emotion": {"ann": -1, "bob": 0},
                        "effort": 3,
                        "completion": 0.8,
                        "pain_points": [
                            {"id": "unclear", "text": "Unclear price", "severity": 4},
                            "Too many plans",
                        ],
                        "opportunities": [
                            {
                                "id": "calculator",
                                "text": "Price calculator",
                                "status": "idea",
                                "addresses": ["unclear"],
                            }
                        ],
                    },
                    {"id": "blog", "name": "Reads the blog", "emotion": 0},
                ],
            },
            {
                "id": "signup",
                "name": "Sign up",
                "touchpoints": [
                    {
                        "id": "form",
                        "name": "Fills in the form",
                        "emotion": -1,
                        "effort": 2,
                        "completion": 0.7,
                        "pain_points": [
                            {
                                "id": "fields",
                                "text": "Nine fields",
                                "severity": 3,
                                "frequency": 4,
                                "evidence": ["survey"],
                            }
                        ],
                    },
                    {"id": "verify", "name": "Verifies e-mail", "emotion": 0, "completion": 0.9},
                ],
            },
            {
                "id": "use",
                "name": "Use",
                "touchpoints": [
                    {"id": "publish", "name": "Publishes", "emotion": 2},
                    {"id": "invite", "name": "Invites staff", "emotion": 1},
                ],
            },
        ],
    }


def resolve(data: dict[str, Any], file: str = "trial.yaml") -> ResolvedJourney:
    journey = Journey.model_validate(data)
    personas = tuple(p for p in journey.personas if isinstance(p, PersonaFields))
    scale = tuple(journey.emotion_scale) if journey.emotion_scale else DEFAULT_SCALE
    return ResolvedJourney(journey, personas, (scale[0], scale[1]), file)


def diff_of(change: Callable[[dict[str, Any]], object]) -> JourneyDiff:
    old = base()
    new = copy.deepcopy(old)
    change(new)
    return diff_journeys(resolve(old), resolve(new), old_weights=WEIGHTS, new_weights=WEIGHTS)


def stage(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(s for s in data["stages"] if s["id"] == ident)


def touchpoint(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(tp for s in data["stages"] for tp in s["touchpoints"] if tp["id"] == ident)


def numbers(data: dict[str, Any]) -> dict[str, Any]:
    return analyze(resolve(data), WEIGHTS).to_dict()


# --- no change ----------------------------------------------------------------------------


def test_identical_journeys_have_no_changes() -> None:
    result = diff_of(lambda new: None)
    assert not result.changed
    workspace = diff_workspaces(
        [resolve(base())], [resolve(base())], old_weights=WEIGHTS, new_weights=WEIGHTS
    )
    assert not workspace.changed
    assert workspace.unchanged == ("trial",)
    assert workspace.to_dict()["summary"] == {
        "journeys_added": 0,
        "journeys_removed": 0,
        "journeys_changed": 0,
        "journeys_unchanged": 1,
    }


def test_comments_and_key_order_are_not_changes() -> None:
    reordered = dict(reversed(list(base().items())))
    result = diff_journeys(
        resolve(base()), resolve(reordered), old_weights=WEIGHTS, new_weights=WEIGHTS
    )
    assert not result.changed


# --- journeys -----------------------------------------------------------------------------


def test_journeys_added_and_removed_are_matched_by_id() -> None:
    other = base()
    other["id"], other["title"] = "renewal", "Renewal"
    third = base()
    third["id"], third["title"] = "support", "Support"
    result = diff_workspaces(
        [resolve(base()), resolve(other, "renewal.yaml")],
        [resolve(base()), resolve(third, "support.yaml")],
        old_weights=WEIGHTS,
        new_weights=WEIGHTS,
        old_label="HEAD",
        new_label="working tree",
    )
    assert [item.id for item in result.added] == ["support"]
    assert [item.id for item in result.removed] == ["renewal"]
    assert result.added[0].file == "support.yaml"
    assert result.added[0].friction == numbers(third)["friction"]["journey"]
    assert result.changed
    data = result.to_dict()
    assert data["old"] == "HEAD"
    assert data["new"] == "working tree"
    assert data["summary"]["journeys_added"] == 1
    assert data["summary"]["journeys_removed"] == 1


def test_two_single_journeys_are_compared_whatever_their_ids() -> None:
    future = base()
    future["id"], future["title"] = "trial-future", "Trial (future)"
    result = diff_workspaces(
        [resolve(base())],
        [resolve(future)],
        old_weights=WEIGHTS,
        new_weights=WEIGHTS,
        pair_single=True,
    )
    assert not result.added
    assert not result.removed
    (journey,) = result.changed_journeys
    assert (journey.old_id, journey.id) == ("trial", "trial-future")
    assert (journey.old_title, journey.title) == ("Trial", "Trial (future)")
    # Without pairing, different ids are one journey removed and one added.
    unpaired = diff_workspaces(
        [resolve(base())], [resolve(future)], old_weights=WEIGHTS, new_weights=WEIGHTS
    )
    assert [j.id for j in unpaired.added] == ["trial-future"]
    assert [j.id for j in unpaired.removed] == ["trial"]


def test_journey_fields_edited() -> None:
    def change(new: dict[str, Any]) -> None:
        new["description"] = "Now described"
        new["tags"] = ["b2b"]

    result = diff_of(change)
    assert result.edited_fields == ("description", "tags")
    assert result.changed


def test_emotion_scale_changed() -> None:
    def change(new: dict[str, Any]) -> None:
        new["emotion_scale"] = [1, 5]
        for s in new["stages"]:
            for tp in s["touchpoints"]:
                emotion = tp.get("emotion")
                if isinstance(emotion, dict):
                    tp["emotion"] = {k: v + 3 for k, v in emotion.items()}
                elif emotion is not None:
                    tp["emotion"] = emotion + 3

    result = diff_of(change)
    assert (result.old_scale, result.scale) == ((-2, 2), (1, 5))
    assert result.to_dict()["scale"] == [1, 5]
    # Values are reported on each side's own scale; friction does not depend on the scale.
    assert Change(-1, 2) in [e.change for e in result.emotion]
    assert not result.numbers.friction.changed


# --- stages -------------------------------------------------------------------------------


def test_stage_added_removed_renamed() -> None:
    def change(new: dict[str, Any]) -> None:
        new["stages"].insert(1, {"id": "trial", "name": "Trial", "touchpoints": []})
        new["stages"] = [s for s in new["stages"] if s["id"] != "use"]
        stage(new, "signup")["name"] = "Create an account"

    result = diff_of(change)
    assert [(s.id, s.name, s.position) for s in result.stages.added] == [("trial", "Trial", 2)]
    assert [(s.id, s.position) for s in result.stages.removed] == [("use", 3)]
    assert [(r.id, r.old_name, r.new_name) for r in result.stages.renamed] == [
        ("signup", "Sign up", "Create an account")
    ]
    # An insertion and a removal alone move nothing.
    assert result.stages.moved == ()
    assert result.touchpoints.moved == ()
    assert {t.id for t in result.touchpoints.removed} == {"publish", "invite"}


def test_stage_moved_reports_only_the_stage_that_moved() -> None:
    def change(new: dict[str, Any]) -> None:
        first = new["stages"].pop(0)
        new["stages"].append(first)

    result = diff_of(change)
    assert [(m.id, m.old_position, m.new_position) for m in result.stages.moved] == [
        ("discover", 1, 3)
    ]
    # Its touchpoints went with it: they did not move within their stage.
    assert result.touchpoints.moved == ()


def test_stage_edited_fields() -> None:
    result = diff_of(lambda new: stage(new, "use").update(goal="See value", duration="2d"))
    assert [(e.id, e.fields) for e in result.stages.edited] == [("use", ("duration", "goal"))]


# --- touchpoints --------------------------------------------------------------------------


def test_touchpoint_added_removed_renamed() -> None:
    new = base()
    stage(new, "use")["touchpoints"].insert(
        0, {"id": "tour", "name": "Takes the tour", "effort": 2}
    )
    stage(new, "discover")["touchpoints"].pop(2)  # blog
    touchpoint(new, "form")["name"] = "Signs up with Google"
    result = diff_journeys(resolve(base()), resolve(new), old_weights=WEIGHTS, new_weights=WEIGHTS)

    (added,) = result.touchpoints.added
    assert (added.id, added.name, added.stage, added.position) == (
        "tour",
        "Takes the tour",
        "use",
        1,
    )
    assert added.friction == numbers(new)["friction"]["touchpoints"]["tour"]
    assert added.friction is not None
    assert added.friction > 0
    (removed,) = result.touchpoints.removed
    assert (removed.id, removed.stage, removed.position) == ("blog", "discover", 3)
    assert removed.friction == numbers(base())["friction"]["touchpoints"]["blog"]
    assert [(r.id, r.old_name, r.new_name) for r in result.touchpoints.renamed] == [
        ("form", "Fills in the form", "Signs up with Google")
    ]
    assert result.touchpoints.moved == ()


def test_touchpoint_moved_to_another_stage() -> None:
    def change(new: dict[str, Any]) -> None:
        verify = stage(new, "signup")["touchpoints"].pop(1)
        stage(new, "use")["touchpoints"].insert(0, verify)

    result = diff_of(change)
    (moved,) = result.touchpoints.moved
    assert (moved.id, moved.old_stage, moved.new_stage) == ("verify", "signup", "use")
    assert (moved.old_position, moved.new_position) == (2, 1)
    # The touchpoints it was put in front of did not move.
    assert {t.id for t in result.touchpoints.moved} == {"verify"}


def test_touchpoint_moved_within_its_stage_reports_the_fewest_moves() -> None:
    def change(new: dict[str, Any]) -> None:
        tps = stage(new, "discover")["touchpoints"]
        tps.append(tps.pop(0))  # ad goes last: pricing and blog keep their order

    result = diff_of(change)
    assert [
        (m.id, m.old_stage, m.new_stage, m.old_position, m.new_position)
        for m in result.touchpoints.moved
    ] == [("ad", "discover", "discover", 1, 3)]


def test_insertion_before_touchpoints_moves_nothing() -> None:
    def change(new: dict[str, Any]) -> None:
        stage(new, "discover")["touchpoints"].insert(0, {"id": "search", "name": "Searches"})

    result = diff_of(change)
    assert [t.id for t in result.touchpoints.added] == ["search"]
    assert result.touchpoints.moved == ()


def test_touchpoint_edited_fields_leave_out_what_has_its_own_section() -> None:
    def change(new: dict[str, Any]) -> None:
        tp = touchpoint(new, "blog")
        tp["channel"] = "web"
        tp["actions"] = ["Reads"]
        tp["emotion"] = 1  # reported under emotion, not as an edit

    result = diff_of(change)
    assert [(e.id, e.fields) for e in result.touchpoints.edited] == [
        ("blog", ("actions", "channel"))
    ]


# --- emotion and numbers ------------------------------------------------------------------


def test_emotion_changes_per_persona_come_from_the_curves() -> None:
    def change(new: dict[str, Any]) -> None:
        touchpoint(new, "pricing")["emotion"] = {"ann": 1, "bob": 0}
        touchpoint(new, "blog")["emotion"] = {"bob": -2}  # a gap for ann now
        del touchpoint(new, "invite")["emotion"]

    result = diff_of(change)
    changes = {(e.touchpoint, e.persona): e.change for e in result.emotion}
    assert changes[("pricing", "ann")] == Change(-1, 1)
    assert changes[("pricing", "ann")].delta == 2
    assert ("pricing", "bob") not in changes  # unchanged
    assert changes[("blog", "ann")] == Change(0, None)
    assert changes[("blog", "ann")].delta is None
    assert changes[("blog", "bob")].delta == -2
    assert changes[("invite", "ann")] == Change(1, None)
    # In journey order, then persona order.
    assert [(e.touchpoint, e.persona) for e in result.emotion] == [
        ("pricing", "ann"),
        ("blog", "ann"),
        ("blog", "bob"),
        ("invite", "ann"),
        ("invite", "bob"),
    ]


def test_numbers_are_the_analysis_numbers() -> None:
    new = base()
    touchpoint(new, "form")["effort"] = 5
    touchpoint(new, "form")["completion"] = 0.5
    touchpoint(new, "publish")["emotion"] = -2
    touchpoint(new, "blog")["evidence"] = ["survey"]
    stage(new, "discover")["touchpoints"][1]["pain_points"][1] = {
        "text": "Too many plans",
        "evidence": ["survey"],
    }
    result = diff_journeys(resolve(base()), resolve(new), old_weights=WEIGHTS, new_weights=WEIGHTS)
    before, after = numbers(base()), numbers(new)
    n = result.numbers
    assert (n.friction.old, n.friction.new) == (
        before["friction"]["journey"],
        after["friction"]["journey"],
    )
    assert n.friction.delta == pytest.approx(
        after["friction"]["journey"] - before["friction"]["journey"]
    )
    form = next(t for t in n.touchpoint_friction if t.touchpoint == "form")
    assert (form.change.old, form.change.new) == (
        before["friction"]["touchpoints"]["form"],
        after["friction"]["touchpoints"]["form"],
    )
    assert "ad" not in {t.touchpoint for t in n.touchpoint_friction}  # unchanged
    assert (n.peak_end.old, n.peak_end.new) == (
        before["emotion"]["combined"]["peak_end"],
        after["emotion"]["combined"]["peak_end"],
    )
    by_persona = dict(n.peak_end_by_persona)
    for persona in ("ann", "bob"):
        assert by_persona[persona] == Change(
            before["emotion"]["personas"][persona]["peak_end"],
            after["emotion"]["personas"][persona]["peak_end"],
        )
    assert (n.conversion.old, n.conversion.new) == (
        before["funnel"]["conversion"],
        after["funnel"]["conversion"],
    )
    assert n.conversion.delta is not None
    assert n.conversion.delta < 0
    assert (n.coverage_touchpoints.old, n.coverage_touchpoints.new) == (
        before["coverage"]["touchpoints"]["share"],
        after["coverage"]["touchpoints"]["share"],
    )
    assert (n.coverage_pain_points.old, n.coverage_pain_points.new) == (
        before["coverage"]["pain_points"]["share"],
        after["coverage"]["pain_points"]["share"],
    )
    assert n.coverage_pain_points.delta is not None
    assert n.coverage_pain_points.delta > 0
    data = result.to_dict()
    assert data["friction"]["journey"] == n.friction.to_dict()
    assert data["funnel"]["conversion"]["old"] == before["funnel"]["conversion"]
    assert set(data["peak_end"]["personas"]) == {"ann", "bob"}


def test_weights_of_each_side_are_used() -> None:
    heavy = FrictionWeights(pain=1.0, effort=0.0, dropoff=0.0, emotion=0.0)
    result = diff_journeys(resolve(base()), resolve(base()), old_weights=WEIGHTS, new_weights=heavy)
    assert (
        result.numbers.friction.new
        == analyze(resolve(base()), heavy).to_dict()["friction"]["journey"]
    )
    assert result.changed  # same files, other weights: the numbers moved


def test_change_semantics() -> None:
    assert not Change(None, None).changed
    assert Change(None, 1).changed
    assert Change(1, None).changed
    assert not Change(0.1 + 0.2, 0.3).changed
    assert Change(1.0, 1.5).delta == 0.5
    assert Change(None, 1).to_dict() == {"old": None, "new": 1, "delta": None}


# --- pain points and opportunities --------------------------------------------------------


def test_pain_points_added_resolved_and_rescored() -> None:
    def change(new: dict[str, Any]) -> None:
        pricing = touchpoint(new, "pricing")
        pricing["pain_points"] = [pricing["pain_points"][1]]  # "unclear" resolved
        touchpoint(new, "form")["pain_points"][0]["severity"] = 5
        touchpoint(new, "verify")["pain_points"] = [{"id": "spam", "text": "Lands in spam"}]
        pricing["opportunities"][0]["addresses"] = []

    result = diff_of(change)
    pains = result.pain_points
    # The shorthand pain point was second; now it is first, so its derived id changed too.
    assert {(p.id, p.touchpoint) for p in pains.added} == {
        ("spam", "verify"),
        ("pricing-pain-1", "pricing"),
    }
    assert {p.id for p in pains.resolved} == {"unclear", "pricing-pain-2"}
    unclear = next(p for p in pains.resolved if p.id == "unclear")
    assert unclear.text == "Unclear price"
    scores = {p["id"]: p["score"] for p in numbers(base())["pain_points"]}
    assert unclear.score == scores["unclear"]
    (rescored,) = pains.rescored
    assert rescored.id == "fields"
    assert (rescored.score.old, rescored.score.new) == (12, 20)


def test_opportunities_added_removed_and_status_changed() -> None:
    def change(new: dict[str, Any]) -> None:
        pricing = touchpoint(new, "pricing")
        pricing["opportunities"][0]["status"] = "in-progress"
        touchpoint(new, "form")["opportunities"] = [
            {"id": "short-form", "text": "Three fields", "status": "planned"}
        ]

    result = diff_of(change)
    opps = result.opportunities
    assert [(o.id, o.touchpoint, o.status) for o in opps.added] == [
        ("short-form", "form", "planned")
    ]
    (status,) = opps.status_changed
    assert (status.id, status.old_status, status.new_status, status.forward) == (
        "calculator",
        "idea",
        "in-progress",
        True,
    )

    back = diff_of(lambda new: touchpoint(new, "pricing").update(opportunities=[]))
    assert [o.id for o in back.opportunities.removed] == ["calculator"]


def test_opportunity_tags_changed() -> None:
    def change(new: dict[str, Any]) -> None:
        touchpoint(new, "pricing")["opportunities"][0]["tags"] = ["quick-win", "q3"]

    result = diff_of(change)
    (retagged,) = result.opportunities.retagged
    assert (retagged.id, retagged.touchpoint, retagged.old_tags, retagged.new_tags) == (
        "calculator",
        "pricing",
        (),
        ("quick-win", "q3"),
    )
    assert result.to_dict()["opportunities"]["retagged"] == [
        {
            "id": "calculator",
            "touchpoint": "pricing",
            "text": retagged.text,
            "old_tags": [],
            "new_tags": ["quick-win", "q3"],
        }
    ]
    assert not diff_of(lambda new: None).opportunities.retagged


def test_status_going_back_is_not_forward() -> None:
    old = base()
    touchpoint(old, "pricing")["opportunities"][0]["status"] = "done"
    new = base()
    result = diff_journeys(resolve(old), resolve(new), old_weights=WEIGHTS, new_weights=WEIGHTS)
    (status,) = result.opportunities.status_changed
    assert not status.forward


def test_personas_added_removed_and_edited() -> None:
    def change(new: dict[str, Any]) -> None:
        new["personas"] = [
            {"id": "ann", "name": "Ann", "share": 0.9},
            {"id": "cat", "name": "Cat"},
        ]
        touchpoint(new, "pricing")["emotion"] = {"ann": -1, "cat": 0}

    result = diff_of(change)
    assert result.personas.added == ("cat",)
    assert result.personas.removed == ("bob",)
    assert result.personas.edited == ("ann",)


# --- the json shape -----------------------------------------------------------------------


def test_journey_dict_has_every_documented_key() -> None:
    data = diff_of(lambda new: None).to_dict()
    assert list(data) == [
        "id",
        "old_id",
        "title",
        "old_title",
        "file",
        "old_file",
        "scale",
        "old_scale",
        "edited_fields",
        "personas",
        "stages",
        "touchpoints",
        "emotion",
        "pain_points",
        "opportunities",
        "friction",
        "peak_end",
        "funnel",
        "coverage",
        "expectation",
        "sub_journeys",
    ]
    assert list(data["stages"]) == ["added", "removed", "renamed", "moved", "edited"]
    assert list(data["touchpoints"]) == [
        "added",
        "removed",
        "renamed",
        "moved",
        "edited",
        "path_changed",
    ]
    assert list(data["pain_points"]) == ["added", "resolved", "rescored"]
    assert list(data["opportunities"]) == ["added", "removed", "status_changed", "retagged"]


# --- moves: the fewest items that explain the new order -----------------------------------


def _brute_force_moves(old: list[str], new: list[str]) -> int:
    """The fewest items to take out of ``new`` so that the rest is in ``old``'s order."""
    rank = {ident: index for index, ident in enumerate(old)}
    for keep in range(len(new), -1, -1):
        for combo in itertools.combinations(new, keep):
            ranks = [rank[item] for item in combo]
            if ranks == sorted(ranks):
                return len(new) - keep
    return len(new)


@settings(max_examples=60, deadline=None)
@given(st.permutations([f"t{i}" for i in range(7)]), st.integers(min_value=0, max_value=7))
def test_out_of_order_is_minimal(order: list[str], size: int) -> None:
    old = [f"t{i}" for i in range(size)]
    new = [item for item in order if item in old]
    moved = _out_of_order(old, new)
    assert len(moved) == _brute_force_moves(old, new)
    kept = [item for item in new if item not in moved]
    assert kept == [item for item in old if item in kept]


def test_longest_increasing_of_nothing() -> None:
    assert _longest_increasing([]) == set()
    assert _out_of_order(["a", "b"], ["a", "b"]) == set()


# --- docs/diff.md documents the json shape ------------------------------------------------


def _key_paths(value: object, prefix: str = "") -> set[str]:
    """Every key path of a JSON value; list items as ``[]``; persona maps as ``*``."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            name = "*" if prefix.endswith("peak_end.personas") else key
            path = f"{prefix}.{name}" if prefix else name
            paths.add(path)
            paths |= _key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            paths |= _key_paths(item, f"{prefix}[]")
    return paths


def test_docs_show_every_key_of_the_json_document() -> None:
    import json
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "diff.md").read_text("utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block is not None, "docs/diff.md has no json example"
    documented = _key_paths(json.loads(block.group(1)))

    # A diff with every kind of change, so that every list has an item.
    old, new = base(), base()
    old["stages"].append({"id": "buy", "name": "Buy", "touchpoints": [{"id": "pay", "name": "P"}]})
    new["description"] = "edited"
    new["personas"] = [{"id": "ann", "name": "Ann", "share": 0.9}, {"id": "cat", "name": "Cat"}]
    touchpoint(new, "pricing")["emotion"] = {"ann": 1}
    stage(new, "signup")["name"] = "Create an account"
    stage(new, "use")["goal"] = "Value"
    new["stages"].insert(0, new["stages"].pop(2))
    new["stages"].append({"id": "renew", "name": "Renew", "touchpoints": []})
    stage(new, "discover")["touchpoints"].pop(2)
    stage(new, "renew")["touchpoints"].append({"id": "mail", "name": "Mail", "effort": 2})
    form = touchpoint(new, "form")
    form["name"] = "Signs up"
    form["channel"] = "web"
    form["pain_points"][0]["severity"] = 5
    form["opportunities"] = [{"id": "short", "text": "Short form"}]
    verify = stage(new, "signup")["touchpoints"].pop(1)
    stage(new, "use")["touchpoints"].append(verify)
    verify["pain_points"] = [{"id": "spam", "text": "Spam"}]
    pricing = touchpoint(new, "pricing")
    pricing["pain_points"] = []
    pricing["opportunities"][0].update(status="done", addresses=[], tags=["quick-win"])
    pricing["expectation"] = {"ann": 1}
    touchpoint(old, "pricing")["expectation"] = {"ann": 0}
    form["journey"] = "other"
    gone, unchanged, added = base(), base(), base()
    gone["id"], unchanged["id"], added["id"] = "gone", "same", "added"
    result = diff_workspaces(
        [resolve(old), resolve(gone), resolve(unchanged)],
        [resolve(new), resolve(unchanged), resolve(added)],
        old_weights=WEIGHTS,
        new_weights=WEIGHTS,
    )
    removed_opportunity = diff_of(lambda n: touchpoint(n, "pricing").update(opportunities=[]))
    real = _key_paths(result.to_dict()) | {
        f"journeys[].{path}" for path in _key_paths(removed_opportunity.to_dict())
    }
    assert real - documented == set(), "keys missing from the example in docs/diff.md"
    assert documented - real == set(), "keys in docs/diff.md that cjmap diff does not write"
