"""Sub-journeys and the second curve (issue 18): hand-computed roll-up and expectation gaps,
and both end to end through the command line (analyze, render, validate).

The figures below are worked out by hand from docs/analysis.md with the default weights
(pain 0.4, effort 0.2, drop-off 0.2, emotion 0.2; their sum is 1, so a part's points are
100 × weight × part):

- ``sub``: ``a`` effort 3 → effort part (3 − 1) / 4 = 0.5 → friction 10; ``b`` completion
  0.25 → drop-off part 0.75 → friction 15. Journey friction (10 + 15) / 2 = 12.5; time
  10 + 20 = 30 min.
- ``parent``: ``x`` names ``sub`` and says nothing itself → friction 12.5 and 30 min from
  ``sub``; ``y`` effort 5 → friction 20, 5 min. Stage ``s1``: friction (12.5 + 20) / 2 =
  16.25, 35 min. ``z`` names ``sub`` but has effort 1 (friction 0, its own) and 1 min (its
  own): nothing rolls up. Journey friction (12.5 + 20 + 0) / 3 = 10.8333…, time 36 min.
- ``top``: ``t`` names ``parent`` → friction 10.8333… and 36 min, rolled up through two
  levels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjmap.analysis.run import analyze
from cjmap.analysis.subjourneys import SubFigures, roll_up
from cjmap.document.model import FrictionWeights, Journey, PersonaFields
from cjmap.render import svg
from cjmap.workspace.corpus import ResolvedJourney

SUB = {
    "kind": "journey",
    "id": "sub",
    "title": "Sub",
    "stages": [
        {
            "id": "s",
            "name": "S",
            "touchpoints": [
                {"id": "a", "name": "A", "effort": 3, "duration": "10m"},
                {"id": "b", "name": "B", "completion": 0.25, "duration": "20m"},
            ],
        }
    ],
}
PARENT = {
    "kind": "journey",
    "id": "parent",
    "title": "Parent",
    "stages": [
        {
            "id": "s1",
            "name": "S1",
            "touchpoints": [
                {"id": "x", "name": "X", "journey": "sub"},
                {"id": "y", "name": "Y", "effort": 5, "duration": "5m"},
            ],
        },
        {
            "id": "s2",
            "name": "S2",
            "touchpoints": [
                {"id": "z", "name": "Z", "journey": "sub", "effort": 1, "duration": "1m"}
            ],
        },
    ],
}
TOP = {
    "kind": "journey",
    "id": "top",
    "title": "Top",
    "stages": [
        {
            "id": "only",
            "name": "Only",
            "touchpoints": [{"id": "t", "name": "T", "journey": "parent"}],
        }
    ],
}
DOCS = {"sub": SUB, "parent": PARENT, "top": TOP}


def _resolved(data: dict[str, Any]) -> ResolvedJourney:
    journey = Journey.model_validate(data)
    personas = tuple(p for p in journey.personas if isinstance(p, PersonaFields))
    return ResolvedJourney(journey, personas, (-2, 2), f"{journey.id}.yaml")


def _edges(ident: str) -> list[str]:
    journey = Journey.model_validate(DOCS[ident])
    return [tp.journey for _, tp in journey.touchpoints() if tp.journey]


def test_a_touchpoint_without_figures_of_its_own_takes_its_sub_journeys() -> None:
    subs = {"sub": SubFigures(12.5, 30)}
    result = analyze(_resolved(PARENT), FrictionWeights(), subs=subs)
    friction = {t.touchpoint: t for t in result.friction.touchpoints}
    assert friction["x"].value == 12.5
    assert friction["x"].sub_journey == "sub"
    assert friction["x"].parts == ()
    assert friction["y"].value == pytest.approx(20)
    assert friction["z"].value == 0  # its own (effort 1), not the sub-journey's
    assert friction["z"].sub_journey is None
    assert result.friction.stages["s1"] == pytest.approx(16.25)
    assert result.friction.journey == pytest.approx(32.5 / 3)
    assert [(s.stage, s.minutes) for s in result.timing.stages] == [("s1", 35), ("s2", 1)]
    assert result.timing.total_minutes == 36
    record = {s.touchpoint: s for s in result.sub_journeys}
    assert (record["x"].friction_rolled_up, record["x"].minutes_rolled_up) == (True, True)
    assert (record["z"].friction_rolled_up, record["z"].minutes_rolled_up) == (False, False)
    assert record["x"].friction == 12.5
    assert record["x"].minutes == 30


def test_without_the_sub_journeys_figures_nothing_rolls_up() -> None:
    result = analyze(_resolved(PARENT), FrictionWeights())
    friction = {t.touchpoint: t.value for t in result.friction.touchpoints}
    assert friction["x"] is None
    assert result.timing.total_minutes == 6
    assert result.sub_journeys == ()
    assert result.to_dict()["sub_journeys"] == []


def test_a_stage_duration_still_comes_first() -> None:
    data = json.loads(json.dumps(PARENT))
    data["stages"][0]["duration"] = "1h"
    result = analyze(_resolved(data), FrictionWeights(), subs={"sub": SubFigures(12.5, 30)})
    assert result.timing.stages[0].minutes == 60
    record = {s.touchpoint: s for s in result.sub_journeys}
    assert record["x"].minutes_rolled_up is False
    assert record["x"].friction_rolled_up is True


def test_nested_sub_journeys_roll_up_recursively() -> None:
    resolved: list[str] = []

    def resolve(ident: str) -> ResolvedJourney | None:
        resolved.append(ident)
        return _resolved(DOCS[ident]) if ident in DOCS else None

    figures = roll_up(["parent"], _edges, resolve, FrictionWeights())
    assert figures["sub"] == SubFigures(12.5, 30)
    assert figures["parent"].minutes == 36
    assert figures["parent"].friction == pytest.approx(32.5 / 3)
    assert resolved == ["sub", "parent"]  # each once, the sub-journey first
    top = analyze(_resolved(TOP), FrictionWeights(), subs=figures)
    assert top.friction.journey == pytest.approx(32.5 / 3)
    assert top.timing.total_minutes == 36
    data = top.to_dict()["sub_journeys"]
    assert data == [
        {
            "touchpoint": "t",
            "stage": "only",
            "journey": "parent",
            "friction": 10.8,
            "total_minutes": 36,
            "friction_rolled_up": True,
            "minutes_rolled_up": True,
        }
    ]


def test_roll_up_never_follows_a_loop() -> None:
    loop = {"a": ["b"], "b": ["a"]}
    data = {
        ident: {
            "kind": "journey",
            "id": ident,
            "title": ident,
            "stages": [
                {
                    "id": "s",
                    "name": "S",
                    "touchpoints": [{"id": "t", "name": "T", "journey": other, "duration": "5m"}],
                }
            ],
        }
        for ident, (other,) in loop.items()
    }
    figures = roll_up(["a"], lambda i: loop[i], lambda i: _resolved(data[i]), FrictionWeights())
    assert figures["a"].minutes == 5
    assert figures["b"].minutes == 5


# --- the second curve --------------------------------------------------------------------------

FELT = {
    "kind": "journey",
    "id": "felt",
    "title": "Felt",
    "personas": [
        {"id": "a", "name": "A", "share": 0.75},
        {"id": "b", "name": "B", "share": 0.25},
    ],
    "stages": [
        {
            "id": "s",
            "name": "S",
            "touchpoints": [
                {
                    "id": "t1",
                    "name": "T1",
                    "emotion": {"a": -1, "b": 1},
                    "expectation": {"a": 1, "b": 1},
                },
                {"id": "t2", "name": "T2", "emotion": 0, "expectation": -1},
                {"id": "t3", "name": "T3", "emotion": 1},
            ],
        }
    ],
}


def test_the_gap_is_felt_minus_expected_per_curve() -> None:
    # combined: t1 felt 0.75 × −1 + 0.25 × 1 = −0.5, expected 1 → gap −1.5; t2 0 − (−1) = +1;
    # t3 has no expectation. Largest shortfall −1.5 at t1; mean gap (−1.5 + 1) / 2 = −0.25.
    result = analyze(_resolved(FELT), FrictionWeights())
    combined = result.emotion.combined.expectation
    assert combined is not None
    assert [(g.touchpoint, g.expected, g.gap) for g in combined.points] == [
        ("t1", 1, -1.5),
        ("t2", -1, 1),
        ("t3", None, None),
    ]
    assert (combined.largest_negative.touchpoint, combined.largest_negative.value) == ("t1", -1.5)
    assert combined.mean_gap == pytest.approx(-0.25)
    a = result.emotion.personas["a"].expectation
    b = result.emotion.personas["b"].expectation
    assert a is not None
    assert b is not None
    assert a.largest_negative is not None
    assert a.largest_negative.value == -2
    assert a.mean_gap == pytest.approx(-0.5)
    assert b.largest_negative is None  # a gap of 0 is no shortfall
    assert b.mean_gap == pytest.approx(0.5)
    block = result.to_dict()["emotion"]["combined"]["expectation"]
    assert block["largest_negative_gap"] == {"touchpoint": "t1", "gap": -1.5}
    assert block["mean_gap"] == -0.25
    assert block["points"][0] == {"stage": "s", "touchpoint": "t1", "value": 1, "gap": -1.5}
    assert result.to_dict()["emotion"]["personas"]["b"]["expectation"]["mean_gap"] == 0.5


def test_a_journey_without_expectations_has_no_second_curve() -> None:
    data = json.loads(json.dumps(FELT))
    for point in data["stages"][0]["touchpoints"]:
        point.pop("expectation", None)
    result = analyze(_resolved(data), FrictionWeights())
    assert result.emotion.combined.expectation is None
    assert result.to_dict()["emotion"]["combined"]["expectation"] is None


def test_the_expected_line_is_told_apart_without_colour() -> None:
    felt = svg.SeriesInput("a", "A, felt", (-1.0, 0.0, 1.0), ("", "", ""))
    hoped = svg.SeriesInput("a-expected", "A, expected", (1.0, -1.0, None), ("", "", ""))
    curve = svg.build_curve([felt], (-2, 2), 3, expected=[(hoped, 0)])
    (line,) = curve.series
    (expected,) = curve.expected
    assert expected.index == line.index  # the same persona's colour...
    assert expected.dash == svg.EXPECTED_DASH != line.dash  # ...but another dash
    assert expected.shape == "cross"
    assert "cross" not in svg.SHAPES
    assert len(expected.markers) == 2  # a gap where nothing was expected
    assert len(curve.gaps) == 2  # a gap line at each point with both values
    x = svg.fmt(svg.column_x(0))
    assert (
        curve.gaps[0]
        == f"M{x} {svg.fmt(svg.value_y(1, (-2, 2)))}V{svg.fmt(svg.value_y(-1, (-2, 2)))}"
    )


# --- end to end ----------------------------------------------------------------------------------


def _workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    for ident, data in DOCS.items():
        (root / f"{ident}.yaml").write_text(json.dumps(data), "utf-8")
    (root / "felt.yaml").write_text(json.dumps(FELT), "utf-8")
    return root


def test_analyze_rolls_sub_journeys_up_through_the_cli(cli: Any, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    result = cli("analyze", ".", "-f", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    journeys = {j["id"]: j for j in json.loads(result.stdout)["journeys"]}
    assert journeys["parent"]["duration"]["total_minutes"] == 36
    assert journeys["parent"]["friction"]["journey"] == 10.8
    assert journeys["parent"]["friction"]["touchpoints"]["x"] == 12.5
    assert journeys["top"]["friction"]["journey"] == 10.8
    assert journeys["top"]["duration"]["total_minutes"] == 36
    # Only the journey asked for: its sub-journeys are still read for their figures.
    one = cli("analyze", "top.yaml", "-f", "json", cwd=root)
    (top,) = json.loads(one.stdout)["journeys"]
    assert top["duration"]["total_minutes"] == 36
    text = cli("analyze", "top.yaml", cwd=root).stdout
    assert "Sub-journeys" in text
    assert "36\u00a0min *" in text


def test_render_links_the_sub_journey_and_draws_the_second_curve(cli: Any, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    result = cli("render", ".", "-o", "site", cwd=root)
    assert result.exit_code == 0, result.stderr
    page = (root / "site" / "parent.html").read_text("utf-8")
    assert '<a href="sub.html">' in page
    assert "from the sub-journey" in page
    felt = (root / "site" / "felt.html").read_text("utf-8")
    assert 'class="series expected s0"' in felt
    assert f'stroke-dasharray="{svg.EXPECTED_DASH}"' in felt
    assert '<g class="gaps">' in felt
    assert "A, expected" in felt
    assert "A, felt" in felt
    desc = felt[felt.index('<desc id="curve-desc">') :]
    assert "expected" in desc[: desc.index("</desc>")]
    md = cli("render", "parent.yaml", "-f", "md", "-o", "-", cwd=root).stdout
    assert "(sub.md)" in md
    csv = cli("render", "felt.yaml", "-f", "csv", "-o", "-", cwd=root).stdout
    header = csv.lstrip("\ufeff").splitlines()[0].split(",")
    assert {"sub_journey", "expectation", "expectation:a", "expectation_gap"} <= set(header)


def test_validate_refuses_a_loop_through_the_cli(cli: Any, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    sub = json.loads(json.dumps(SUB))
    sub["stages"][0]["touchpoints"][0]["journey"] = "top"
    (root / "sub.yaml").write_text(json.dumps(sub), "utf-8")
    result = cli("validate", ".", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.count("[sub-journey-loop]") == 1
    assert "top → parent → sub → top" in result.stdout  # closed at top (ids in order)
    assert "Traceback" not in result.stderr


def test_a_loop_through_many_journeys_is_told_in_one_short_line(cli: Any, tmp_path: Path) -> None:
    """A loop of forty journeys names its first and last steps and how many lie between."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    count = 40
    for i in range(count):
        step = {"id": "t", "name": "T", "journey": f"j{(i + 1) % count:02d}", "effort": 2}
        doc = {
            "kind": "journey",
            "id": f"j{i:02d}",
            "title": f"J{i}",
            "stages": [{"id": "s", "name": "S", "touchpoints": [step]}],
        }
        (root / f"j{i:02d}.yaml").write_text(json.dumps(doc), "utf-8")
    result = cli("validate", "-f", "json", cwd=root)
    assert result.exit_code == 1
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "sub-journey-loop"]
    message = found["message"]
    # Reported once, at the touchpoint that closes it (journeys walked in id order).
    assert message == (
        "the sub-journeys form a loop: j39 → j00 → j01 → j02 → j03 → j04 → … 29 more … "
        "→ j34 → j35 → j36 → j37 → j38 → j39"
    )


@pytest.mark.parametrize("length", [2, 3, 13, 14, 40])
def test_loop_text_keeps_short_loops_whole(length: int) -> None:
    from cjmap.validate.checks import LOOP_SHOWN, loop_text

    ids = [f"j{i}" for i in range(length)]
    text = loop_text(ids)
    if length <= 2 * LOOP_SHOWN + 1:
        assert text == " → ".join(ids)
    else:
        assert text.startswith(" → ".join(ids[:LOOP_SHOWN]) + " → … ")
        assert text.endswith(" → ".join(ids[-LOOP_SHOWN:]))
        assert f"{length - 2 * LOOP_SHOWN:,} more" in text


def test_diff_rolls_sub_journeys_up_as_analyze_does(run_cjmap: Any, tmp_path: Path) -> None:
    # diff's figures are analyze's: a parent whose own file did not change is reported when
    # the sub-journey it names changed its friction, and each side's friction is analyze's.
    from output_checks import git

    root = _workspace(tmp_path / "ws")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    before = run_cjmap("analyze", ".", "-f", "json", cwd=root)
    sub = json.loads(json.dumps(SUB))
    sub["stages"][0]["touchpoints"][1]["completion"] = 0.5  # b: friction 15 → 10; sub 10
    (root / "sub.yaml").write_text(json.dumps(sub), "utf-8")
    after = run_cjmap("analyze", ".", "-f", "json", cwd=root)
    friction = [
        {j["id"]: j["friction"]["journey"] for j in json.loads(r.stdout)["journeys"]}
        for r in (before, after)
    ]
    assert (friction[0]["parent"], friction[1]["parent"]) == (10.8, 10)
    result = run_cjmap("diff", "--git", "HEAD", "-f", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    changed = {j["id"]: j for j in json.loads(result.stdout)["journeys"]}
    assert set(changed) == {"sub", "parent", "top"}
    for ident in ("parent", "top"):
        row = changed[ident]["friction"]["journey"]
        assert (row["old"], row["new"]) == (friction[0][ident], friction[1][ident])
    # Two files: the sub-journey comes from the workspace, as analyze reads it.
    two = run_cjmap("diff", "HEAD:parent.yaml", "parent.yaml", "-f", "json", cwd=root)
    assert two.exit_code == 0, two.stderr
    assert json.loads(two.stdout)["journeys"] == []  # the same file: the same figures


def test_render_and_history_give_analyzes_rolled_up_figures(cli: Any, tmp_path: Path) -> None:
    # The same class as diff's: every command that shows a journey's friction and time
    # shows analyze's, what its sub-journeys roll up included.
    from output_checks import git

    root = _workspace(tmp_path / "ws")
    analysed = json.loads(cli("analyze", ".", "-f", "json", cwd=root).stdout)["journeys"]
    want = {j["id"]: (j["friction"]["journey"], j["duration"]["total_minutes"]) for j in analysed}
    assert want["top"] == (10.8, 36)  # rolled up through two levels
    assert cli("render", ".", "-f", "json", "-o", "out", cwd=root).exit_code == 0
    for ident in ("parent", "top"):
        page = json.loads((root / "out" / f"{ident}.json").read_text("utf-8"))["analysis"]
        assert (page["friction"]["journey"], page["duration"]["total_minutes"]) == want[ident]
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    history = json.loads(cli("history", ".", "-f", "json", cwd=root).stdout)
    last = {j["id"]: j["points"][-1] for j in history["journeys"]}
    for ident in ("parent", "top"):
        assert last[ident]["friction"] == want[ident][0]
