"""The serve benchmark's report edits only its own section; nothing here times anything."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench_serve(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_serve

    return bench_serve


def test_report_rewrites_only_its_section(bench_serve: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Rendering\n\nnumbers\n", "utf-8")
    case = bench_serve.Case("1 journey", 1, [80.0, 120.0, 100.0], 0.5)
    bench_serve.write_section(doc, bench_serve.report([case], 3, 0.5))
    text = doc.read_text("utf-8")
    assert text.startswith("# Performance\n\n## Rendering\n\nnumbers\n\n")
    assert "| 1 journey | 0.5 s | 100 ms | 120 ms | < 300 ms: met |" in text
    doc.write_text(text + "\n## Later\n\nkept\n", "utf-8")
    slow = bench_serve.Case("1,000 journeys", 1000, [400.0, 500.0, 450.0], 60.0)
    bench_serve.write_section(doc, bench_serve.report([case, slow], 3, None))
    text = doc.read_text("utf-8")
    assert text.count(bench_serve.START) == 1
    assert "| 1,000 journeys | 60.0 s | 450 ms | 500 ms | < 300 ms: missed |" in text
    assert text.endswith("\n## Later\n\nkept\n")


def test_an_edit_changes_only_the_title(bench_serve: ModuleType, tmp_path: Path) -> None:
    journey = bench_serve.gen_corpus.generate_single(tmp_path / "one")
    text = journey.read_text("utf-8")
    edited = bench_serve.TITLE.sub("title: Bench edit 1", text, count=1)
    assert edited != text
    assert len(edited.splitlines()) == len(text.splitlines())
    assert bench_serve.journey_id(journey)
