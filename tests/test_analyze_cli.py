"""``cjmap analyze`` through the CLI: every format, --explain, --persona, invalid files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap.document.model import Journey

CONFIG = """\
kind: workspace
friction:
  weights: {pain: 0.5, effort: 0.1, dropoff: 0.2, emotion: 0.2}
"""

PERSONA = """\
kind: persona
id: ana
name: Ana
share: 0.7
"""

GOOD = """\
kind: journey
id: good
title: "Evil \\e[31mtitle | with <script>alert(1)</script> `code`"
personas: [ana, {id: bo, name: Bo}]
stages:
  - id: find
    name: Find
    touchpoints:
      - id: search
        name: "=HYPERLINK(\\"http://evil.example\\")"
        channel: web
        owner: "@marketing"
        emotion: {ana: -1, bo: 1}
        effort: 4
        completion: 0.5
        pain_points:
          - {id: slow, text: "Slow | very\\nslow", severity: 4, frequency: 5}
        opportunities:
          - {id: faster, text: "+Make it faster", impact: 4, effort: 2, addresses: [slow]}
      - id: compare
        name: "-Compares"
        channel: app
        emotion: 1
      - id: nothing
        name: No data here
  - id: buy
    name: Buy
    touchpoints:
      - id: pay
        name: Pays
        channel: app
        emotion: {ana: -2}
        completion: 0.9
"""

OTHER = """\
kind: journey
id: other
title: Another journey
personas: [ana]
stages:
  - id: only
    name: Only
    touchpoints:
      - {id: one, name: One, emotion: 2, effort: 1}
"""

BROKEN = """\
kind: journey
id: broken
title: Broken
stages:
  - id: s
    name: S
    touchpoints:
      - {id: t, name: T, emotoin: 1}
"""

Run = Callable[..., Any]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    files = {
        "cjmap.yaml": CONFIG,
        "personas/ana.yaml": PERSONA,
        "journeys/good.yaml": GOOD,
        "journeys/other.yaml": OTHER,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def with_broken(workspace: Path) -> Path:
    (workspace / "journeys" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return workspace


def analyze_json(cli: Run, *args: str, cwd: Path) -> dict[str, Any]:
    result = cli("analyze", *args, "--format", "json", cwd=cwd)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- json and spec section 9 ------------------------------------------------------------------

CURVE_KEYS = {"points", "stages", "best", "worst", "end", "biggest_drop", "peak_end"}


def check_spec_shape(journey: dict[str, Any]) -> None:
    """The keys and value types of the journey object in spec section 9."""
    assert {
        "id",
        "friction",
        "hotspots",
        "emotion",
        "funnel",
        "pain_points",
        "opportunities",
        "duration",
    } <= set(journey)
    assert isinstance(journey["id"], str)
    friction = journey["friction"]
    assert {"journey", "stages", "touchpoints", "by_owner"} <= set(friction)
    assert friction["journey"] is None or isinstance(friction["journey"], float)
    for group in ("stages", "touchpoints", "by_owner"):
        assert isinstance(friction[group], dict)
        for value in friction[group].values():
            assert value is None or (isinstance(value, float) and 0 <= value <= 100)
    assert isinstance(journey["hotspots"], list)
    assert len(journey["hotspots"]) <= 5
    assert set(journey["hotspots"]) <= set(friction["touchpoints"])
    emotion = journey["emotion"]
    assert {"personas", "combined"} <= set(emotion)
    for curve in [*emotion["personas"].values(), emotion["combined"]]:
        assert set(curve) >= CURVE_KEYS
        for point in curve["points"]:
            assert {"stage", "touchpoint", "value"} <= set(point)
            assert point["value"] is None or isinstance(point["value"], int | float)
        for mark in ("best", "worst", "end"):
            assert curve[mark] is None or {"touchpoint", "value"} <= set(curve[mark])
        drop = curve["biggest_drop"]
        assert drop is None or ({"from", "to", "delta"} <= set(drop) and drop["delta"] < 0)
    funnel = journey["funnel"]
    assert {"conversion", "biggest_dropoff"} <= set(funnel)
    if funnel["biggest_dropoff"] is not None:
        assert {"touchpoint", "lost"} <= set(funnel["biggest_dropoff"])
    for item in journey["pain_points"]:
        assert {"id", "touchpoint", "score"} <= set(item)
        assert isinstance(item["score"], int)
    for item in journey["opportunities"]:
        assert {"id", "touchpoint", "score"} <= set(item)
        assert isinstance(item["score"], int | float)
    assert {"total_minutes", "stages"} <= set(journey["duration"])


def test_json_on_the_examples_follows_spec_section_9(cli: Run, examples_copy: Path) -> None:
    data = analyze_json(cli, "examples", cwd=examples_copy.parent)
    assert data["journeys"], "the examples hold journeys"
    ids = set()
    for journey in data["journeys"]:
        check_spec_shape(journey)
        ids.add(journey["id"])
    assert {r["id"] for r in data["ranking"]} == ids
    frictions = [r["friction"] for r in data["ranking"] if r["friction"] is not None]
    assert frictions == sorted(frictions, reverse=True)


def test_json_on_a_workspace(cli: Run, workspace: Path) -> None:
    data = analyze_json(cli, cwd=workspace)
    assert [j["id"] for j in data["journeys"]] == ["good", "other"]
    good = data["journeys"][0]
    check_spec_shape(good)
    assert good["friction"]["touchpoints"]["nothing"] is None
    assert good["friction"]["weights"] == {
        "pain": 0.5,
        "effort": 0.1,
        "dropoff": 0.2,
        "emotion": 0.2,
    }
    assert good["emotion"]["weights"] == {"ana": 0.7, "bo": 0.3}
    assert good["funnel"]["biggest_dropoff"] == {
        "touchpoint": "search",
        "lost": 0.5,
        "stage": "find",
        "completion": 0.5,
        "reached": 1.0,
        "converted": 0.5,
        "lost_overall": 0.5,
    }
    assert data["skipped"] == []


def test_one_file_sees_the_workspace_personas(cli: Run, workspace: Path) -> None:
    data = analyze_json(cli, "journeys/good.yaml", cwd=workspace)
    [good] = data["journeys"]
    assert list(good["emotion"]["personas"]) == ["ana", "bo"]


def test_standard_input(cli: Run, workspace: Path) -> None:
    result = cli(
        "analyze",
        "-",
        "--stdin-filename",
        "journeys/other.yaml",
        "-f",
        "json",
        cwd=workspace,
        stdin=OTHER.encode(),
    )
    assert result.exit_code == 0, result.stderr
    assert [j["id"] for j in json.loads(result.stdout)["journeys"]] == ["other"]


# --- invalid files ----------------------------------------------------------------------------


def test_invalid_files_are_skipped_and_the_others_analysed(cli: Run, with_broken: Path) -> None:
    result = cli("analyze", "--format", "json", cwd=with_broken)
    assert result.exit_code == 1
    assert "journeys/broken.yaml" in result.stderr
    assert "cjmap validate journeys/broken.yaml" in result.stderr
    data = json.loads(result.stdout)
    assert [j["id"] for j in data["journeys"]] == ["good", "other"]
    assert data["skipped"] == ["journeys/broken.yaml"]


def test_only_invalid_files(cli: Run, with_broken: Path) -> None:
    result = cli("analyze", "journeys/broken.yaml", cwd=with_broken)
    assert result.exit_code == 1
    assert "No journeys to analyse" in result.stdout
    assert "broken.yaml was not analysed" in result.stderr


# --- text -------------------------------------------------------------------------------------


def test_text(cli: Run, workspace: Path) -> None:
    result = cli("analyze", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out  # NO_COLOR, and the title's escape is made visible
    assert "\\x1b[31m" in out
    assert "Friction by touchpoint" in out
    assert "Journeys by friction" in out  # several journeys: a ranking
    # The sparkline of ana: -1, 1 (the single value), a gap, then -2 in the next stage.
    assert "▃▆· ▁" in out
    assert "Friction explained" not in out


def test_text_explain(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "journeys/good.yaml", "--explain", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Friction explained" in out
    assert "0.5·pain + 0.1·effort + 0.2·drop-off + 0.2·emotion" in out
    assert "load 20" in out  # the pain load of 'search': 4 × 5
    assert "no data" in out  # the touchpoint 'nothing'


def test_text_colour_only_when_wanted(run_cjmap: Run, workspace: Path) -> None:
    coloured = run_cjmap(
        "analyze", "journeys/good.yaml", cwd=workspace, env={"NO_COLOR": "", "FORCE_COLOR": "1"}
    )
    assert coloured.exit_code == 0, coloured.stderr
    assert "\x1b[" in coloured.stdout
    assert "\x1b[31mtitle" not in coloured.stdout  # the journey's own escape stays escaped
    plain = run_cjmap("analyze", "journeys/good.yaml", cwd=workspace)
    assert "\x1b[" not in plain.stdout


def test_json_explain(cli: Run, workspace: Path) -> None:
    data = analyze_json(cli, "journeys/good.yaml", "--explain", cwd=workspace)
    explain = data["journeys"][0]["explain"]
    search = explain["touchpoints"]["search"]
    assert set(search["parts"]) == {"pain", "effort", "dropoff", "emotion"}
    assert search["parts"]["pain"]["source"] == 20
    assert search["parts"]["pain"]["weight"] == 0.5
    points = sum(p["points"] for p in search["parts"].values())
    assert points == pytest.approx(search["friction"], abs=0.1)
    assert explain["touchpoints"]["nothing"] == {"friction": None, "parts": {}}


# --- persona ----------------------------------------------------------------------------------


def test_persona(cli: Run, workspace: Path) -> None:
    data = analyze_json(cli, "--persona", "bo", cwd=workspace)
    good, other = data["journeys"]
    assert list(good["emotion"]["personas"]) == ["bo"]
    assert [p["value"] for p in good["emotion"]["combined"]["points"]] == [1, 1, None, None]
    assert other["emotion"]["personas"] == {}
    assert data["persona"] == "bo"


def test_unknown_persona_is_a_usage_error(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "--persona", "zed", cwd=workspace)
    assert result.exit_code == 2
    assert "zed" in result.stderr
    assert "ana, bo" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "--format", "xml", cwd=workspace)
    assert result.exit_code == 2
    assert "text, json, csv, md" in result.stderr


# --- csv --------------------------------------------------------------------------------------


def test_csv(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "--format", "csv", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["touchpoint"] for r in rows] == ["search", "compare", "nothing", "pay", "one"]
    search, compare, nothing, pay, _ = rows
    assert search["name"] == '\'=HYPERLINK("http://evil.example")'
    assert search["owner"] == "'@marketing"
    assert compare["name"] == "'-Compares"
    assert search["emotion:ana"] == "-1"  # a number, not neutralised
    assert pay["emotion:bo"] == ""
    assert float(search["friction"]) > 0
    assert nothing["friction"] == ""
    assert search["hotspot"] == "1"


def test_csv_on_the_examples_has_one_row_per_touchpoint(cli: Run, examples_copy: Path) -> None:
    result = cli("analyze", "examples", "-f", "csv", cwd=examples_copy.parent)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = 0
    for path in sorted((examples_copy / "journeys").glob("*.yaml")):
        from cjmap.document.load import load_bytes

        for document in load_bytes(path.read_bytes(), path.name).documents:
            expected += len(Journey.model_validate(document.data).touchpoints())
    assert len(rows) == expected


# --- md ---------------------------------------------------------------------------------------


def test_md(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "--format", "md", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Journey analysis")
    assert "| --- |" in out or "| ---: |" in out
    assert "title \\| with &lt;script&gt;alert(1)&lt;/script&gt; \\`code\\`" in out
    assert "<script>" not in out
    assert "\x1b" not in out
    for line in out.splitlines():
        if line.startswith("|"):
            assert line.endswith("|")
    assert "Slow \\| very slow" in out  # a newline in a cell becomes a space
    assert "**Hotspots**" in out
    assert "Top opportunities" in out


def test_md_explain_and_skipped(cli: Run, with_broken: Path) -> None:
    result = cli("analyze", "--format", "md", "--explain", cwd=with_broken)
    assert result.exit_code == 1
    assert "Friction parts in points of 100" in result.stdout
    assert "Not analysed (the files do not validate): `journeys/broken.yaml`" in result.stdout


def test_output_file(cli: Run, workspace: Path) -> None:
    result = cli("analyze", "-f", "json", "--output-file", "out.json", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = json.loads((workspace / "out.json").read_text(encoding="utf-8"))
    assert len(data["journeys"]) == 2


def test_help_lists_the_options(cli: Run) -> None:
    result = cli("analyze", "--help")
    assert result.exit_code == 0
    for option in ("--persona", "--format", "--explain"):
        assert option in result.stdout
