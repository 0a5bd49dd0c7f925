"""The history benchmark's repository is what it says, and its report edits only its section.

Nothing here times anything: timings belong to ``bench/bench_history.py``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def bench_history(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_history

    return bench_history


def test_repository_has_the_commits_and_journeys_asked_for(
    bench_history: ModuleType, cli: Callable[..., Any], tmp_path: Path
) -> None:
    folder = bench_history.history_repo(80, 8, tmp_path / "repo")
    result = cli("history", "-f", "json", cwd=folder)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["journeys"]) == 8
    # Commits whose random edit wrote back the same score change nothing: git leaves them
    # out of a path-limited log.
    assert 70 <= data["commits"] <= 80
    points = [p for j in data["journeys"] for p in j["points"]]
    changed = {reason for p in points for reason in p["changed"]}
    assert {"added", "journey", "personas", "moved", "removed"} <= changed
    assert all(p["status"] in ("ok", "removed") for p in points)
    # The merge commits count with their first parent's diff: a point at each of them.
    merges = {p["subject"] for p in points if p["subject"].startswith("Merge")}
    assert merges == {"Merge edit 40", "Merge edit 80"}
    # Built once: a second call finds it current.
    stamp = folder / ".git" / "cjmap-bench-stamp"
    before = stamp.stat().st_mtime_ns
    assert bench_history.history_repo(80, 8, tmp_path / "repo") == folder
    assert stamp.stat().st_mtime_ns == before


def test_report_rewrites_only_its_section(bench_history: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Rendering\n\nkept\n", "utf-8")
    case = bench_history.Case(500, 100, tmp_path, [4.0, 5.0, 6.0])
    bench_history.write_section(
        doc, bench_history.report([case], 3, None), bench_history.START, bench_history.END
    )
    bench_history.write_section(
        doc, bench_history.report([case], 3, 1.5), bench_history.START, bench_history.END
    )
    text = doc.read_text("utf-8")
    assert text.startswith("# Performance\n\n## Rendering\n\nkept\n")
    assert text.count(bench_history.START) == 1
    assert "| 500 | 100 | 5.00 s |" in text
    assert "load average 1.5" in text
