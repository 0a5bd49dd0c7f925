"""The worked example of docs/analysis.md: the code gives the numbers the doc states."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap.analysis.run import JourneyAnalysis, analyze
from cjmap.document.model import FrictionWeights
from cjmap.workspace.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "analysis_example.yaml"
DOC = ROOT / "docs" / "analysis.md"


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "coffee.yaml")
    return tmp_path


@pytest.fixture
def result(example_dir: Path) -> JourneyAnalysis:
    corpus = load_corpus(["coffee.yaml"], cwd=example_dir)
    [resolved] = corpus.resolved_targets()
    return analyze(resolved, FrictionWeights())


@pytest.fixture
def data(result: JourneyAnalysis) -> dict[str, Any]:
    return result.to_dict()


def test_the_doc_shows_the_example_file_verbatim() -> None:
    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## A worked example") :]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match is not None
    assert match.group(1) == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_validates(cli: Callable[..., Any], example_dir: Path) -> None:
    assert cli("validate", "coffee.yaml", cwd=example_dir).exit_code == 0


def test_emotion(data: dict[str, Any]) -> None:
    emotion = data["emotion"]
    commuter = emotion["personas"]["commuter"]
    assert [p["value"] for p in commuter["points"]] == [1, -1, None, 1, None]
    assert commuter["best"] == {"touchpoint": "open-app", "value": 1}
    assert commuter["worst"] == {"touchpoint": "pay", "value": -1}
    assert commuter["end"] == {"touchpoint": "collect", "value": 1}
    assert commuter["peak"] == {"touchpoint": "open-app", "value": 1}
    assert commuter["peak_end"] == 1
    assert commuter["biggest_drop"] == {"from": "open-app", "to": "pay", "delta": -2}
    assert commuter["stages"] == {"order": 0, "pickup": 1}

    visitor = emotion["personas"]["visitor"]
    assert visitor["worst"] == {"touchpoint": "pay", "value": -2}
    assert visitor["peak"] == {"touchpoint": "pay", "value": -2}
    assert visitor["peak_end"] == -0.5
    assert visitor["biggest_drop"] == {"from": "open-app", "to": "pay", "delta": -3}
    assert visitor["stages"] == {"order": -0.5, "pickup": 1}

    combined = emotion["combined"]
    assert [p["value"] for p in combined["points"]] == [1, -1.4, None, 1, None]
    assert combined["worst"] == {"touchpoint": "pay", "value": -1.4}
    assert combined["peak"] == {"touchpoint": "pay", "value": -1.4}
    assert combined["end"] == {"touchpoint": "collect", "value": 1}
    assert combined["peak_end"] == -0.2
    assert combined["biggest_drop"] == {"from": "open-app", "to": "pay", "delta": -2.4}
    assert combined["stages"] == {"order": -0.2, "pickup": 1}

    assert data["channel_switches"]["count"] == 2
    assert [(s["from"], s["to"]) for s in data["channel_switches"]["switches"]] == [
        ("pay", "wait"),
        ("collect", "stamp"),
    ]


def test_friction(result: JourneyAnalysis, data: dict[str, Any]) -> None:
    pay = next(t for t in result.friction.touchpoints if t.touchpoint == "pay")
    parts = {p.name: p.value for p in pay.parts}
    assert parts["pain"] == pytest.approx(17 / 26)
    assert parts["effort"] == pytest.approx(0.5)
    assert parts["dropoff"] == pytest.approx(0.2)
    assert parts["emotion"] == pytest.approx(0.7)
    assert pay.value == pytest.approx(54.1538, abs=1e-4)
    assert sum(p.points for p in pay.parts) == pytest.approx(pay.value)

    friction = data["friction"]
    assert friction["touchpoints"] == {
        "open-app": 0,
        "pay": 54.2,
        "wait": 2,
        "collect": 0,
        "stamp": None,
    }
    assert friction["stages"] == {"order": 27.1, "pickup": 1}
    assert friction["journey"] == 14.0
    assert friction["by_owner"] == {"mobile-team": 0, "payments": 54.2, "store-ops": 1}
    assert data["hotspots"] == ["pay", "wait"]


def test_funnel(data: dict[str, Any]) -> None:
    funnel = data["funnel"]
    assert funnel["conversion"] == 0.72
    assert funnel["biggest_dropoff"]["touchpoint"] == "pay"
    assert funnel["biggest_dropoff"]["lost"] == 0.2
    wait = funnel["steps"][1]
    assert (wait["reached"], wait["lost"], wait["lost_overall"]) == (0.8, 0.1, 0.08)


def test_priorities(data: dict[str, Any]) -> None:
    assert [(p["id"], p["score"]) for p in data["pain_points"]] == [
        ("pay-pain-2", 9),
        ("card-declined", 8),
    ]
    retry, queue = data["opportunities"]
    assert retry["id"] == "retry-card"
    assert retry["reach"] == pytest.approx(1.8615, abs=1e-4)
    assert retry["score"] == 2.98
    assert queue["id"] == "wait-opp-1"
    assert queue["assumed"] == ["impact", "effort"]
    assert queue["score"] == 0.51


def test_time_coverage_metrics(data: dict[str, Any]) -> None:
    assert data["duration"] == {"total_minutes": 13, "stages": {"order": 3, "pickup": 10}}
    assert data["coverage"]["touchpoints"] == {"cited": 2, "total": 5, "share": 0.4}
    assert data["coverage"]["pain_points"] == {"cited": 1, "total": 2, "share": 0.5}
    assert [(m["name"], m["status"]) for m in data["metrics"]] == [
        ("Payment success", "missed"),
        ("Wait", "met"),
    ]
