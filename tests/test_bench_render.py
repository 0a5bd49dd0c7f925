"""The render benchmark's long journey is valid, and its report edits only its own section.

Nothing here times anything: timings belong to ``bench/bench_render.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench_render(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_render

    return bench_render


def test_long_journey_is_valid_and_as_long_as_asked(
    bench_render: ModuleType, cli: Callable[..., Any], tmp_path: Path
) -> None:
    data = bench_render.long_journey(60)
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    (tmp_path / "long.yaml").write_text(json.dumps(data), "utf-8")
    result = cli("validate", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [f for f in findings if f["severity"] == "error"] == []
    touchpoints = [tp for stage in data["stages"] for tp in stage["touchpoints"]]
    assert len(touchpoints) == 60
    assert len(data["stages"]) == 3
    lanes = {"pain_points", "opportunities", "metrics", "frontstage", "moment_of_truth"}
    assert lanes <= {key for tp in touchpoints for key in tp}


def test_report_rewrites_only_its_section(bench_render: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Validation\n\nnumbers\n", "utf-8")
    section = f"{bench_render.START}\n## Rendering\n\nfirst\n{bench_render.END}\n"
    bench_render.write_section(doc, section)
    assert doc.read_text("utf-8").startswith("# Performance\n\n## Validation\n\nnumbers\n\n")
    doc.write_text(doc.read_text("utf-8") + "\n## Later\n\nkept\n", "utf-8")
    bench_render.write_section(doc, section.replace("first", "second"))
    text = doc.read_text("utf-8")
    assert "second" in text
    assert "first" not in text
    assert "## Validation\n\nnumbers" in text
    assert text.endswith("## Later\n\nkept\n")
    assert text.count(bench_render.START) == 1


def test_growth_fits_a_fixed_cost_and_a_cost_per_unit(bench_render: ModuleType) -> None:
    small = bench_render.Case("x", Path(), "html", 100, "touchpoints", [1.0, 1.0, 1.0])
    large = bench_render.Case("x", Path(), "html", 1000, "touchpoints", [5.5, 5.0, 6.0])
    assert bench_render.growth([small, large]) == (
        "10× the touchpoints → 5.5× the time; about 0.50 s fixed plus 5.00 ms per touchpoint"
    )


def test_print_report_rewrites_only_its_own_section(
    bench_render: ModuleType, tmp_path: Path
) -> None:
    import bench_print

    doc = tmp_path / "performance.md"
    rendering = f"{bench_render.START}\n## Rendering\n\nkept\n{bench_render.END}\n"
    doc.write_text("# Performance\n\n" + rendering, "utf-8")
    case = bench_render.Case("the examples", tmp_path, "pdf", 7, "pages", [3.0, 1.0, 2.0])
    bench_print.write_section_between(doc, bench_print.report([case], 3, None))
    first = doc.read_text("utf-8")
    assert rendering in first
    assert "| the examples | pdf | 7 | 2.00 s |" in first
    case.seconds = [5.0]
    bench_print.write_section_between(doc, bench_print.report([case], 1, 0.5))
    second = doc.read_text("utf-8")
    assert rendering in second
    assert "| the examples | pdf | 7 | 5.00 s |" in second
    assert "2.00 s" not in second
    assert second.count(bench_print.START) == 1
    assert bench_render.START == "<!-- render:start -->", "the render markers are restored"
