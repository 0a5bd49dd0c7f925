"""A large workspace is checked file by file in worker processes, and only a few ids of each
document are kept for the checks across files: the findings must be exactly those of one
process doing all the work, and each one still names its line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap.util.parallel import PARALLEL_FROM
from conftest import Result

FILLER = PARALLEL_FROM + 20

CONFIG = "kind: workspace\nreview_every: 36500\n"
PERSONAS = """\
kind: persona
id: maria
name: Maria
---
kind: persona
id: nobody
name: Listed by no journey
---
kind: persona
id: broken
name: 42
age: many
"""


def journey(ident: str, *, personas: str = "[maria]", extra: str = "") -> str:
    return f"""\
kind: journey
id: {ident}
title: Journey {ident}
reviewed: 2026-01-01
personas: {personas}
{extra}stages:
  - id: find
    name: Find
    touchpoints:
      - id: search
        name: Searches
        emotion: 1
"""


# file name → (its text, the findings expected in it as (rule, line))
PROBLEM_FILES: dict[str, tuple[str, set[tuple[str, int]]]] = {
    "dup-a.yaml": (journey("twin"), set()),
    "dup-b.yaml": (journey("twin"), {("duplicate-id", 2)}),
    "typo.yaml": (journey("typo", personas="[mario]"), {("unresolved-reference", 5)}),
    "invalid-ref.yaml": (
        journey("invalid-ref", personas="[broken]"),
        {("unresolved-reference", 5)},
    ),
    "improves.yaml": (
        journey("future", extra="improves: nowhere\n"),
        {("unresolved-reference", 6)},
    ),
    "inline.yaml": (
        journey("inline", personas="\n  - id: maria\n    name: Maria again"),
        {("duplicate-id", 6)},
    ),
    "schema.yaml": (journey("schema", extra="colour: red\n"), {("unknown-key", 6)}),
}


@pytest.fixture
def big_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / "journeys").mkdir(parents=True)
    (ws / "cjmap.yaml").write_text(CONFIG, "utf-8")
    (ws / "personas.yaml").write_text(PERSONAS, "utf-8")
    for i in range(FILLER):
        (ws / "journeys" / f"j{i:04}.yaml").write_text(journey(f"j{i:04}"), "utf-8")
    for name, (text, _) in PROBLEM_FILES.items():
        (ws / "journeys" / name).write_text(text, "utf-8")
    return ws


def _validate(run: Callable[..., Result], ws: Path, jobs: int, *args: str) -> dict[str, Any]:
    result = run("validate", "-f", "json", *args, cwd=ws, env={"CJMAP_JOBS": str(jobs)})
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_workers_find_exactly_what_one_process_finds(
    run_cjmap: Callable[..., Result], big_workspace: Path
) -> None:
    serial = _validate(run_cjmap, big_workspace, 1)
    parallel = _validate(run_cjmap, big_workspace, 2)
    assert parallel == serial

    found = {(p["file"], p["rule"], p["line"]) for p in serial["findings"]}
    for name, (_, expected) in PROBLEM_FILES.items():
        for rule, line in expected:
            assert (f"journeys/{name}", rule, line) in found
    assert ("personas.yaml", "unused-persona", 6) in found
    assert ("personas.yaml", "wrong-type", 11) in found
    assert serial["summary"]["files"] == FILLER + len(PROBLEM_FILES) + 2


def test_a_duplicate_names_the_other_file_and_its_line(
    run_cjmap: Callable[..., Result], big_workspace: Path
) -> None:
    # Only one file is asked for; the other one is read (in a worker) for its ids alone.
    report = _validate(run_cjmap, big_workspace, 2, "journeys/dup-b.yaml")
    assert [(p["rule"], p["line"]) for p in report["findings"]] == [("duplicate-id", 2)]
    assert "journeys/dup-a.yaml (line 2)" in report["findings"][0]["message"]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_a_bad_jobs_variable_is_a_usage_error(
    run_cjmap: Callable[..., Result], tmp_path: Path, value: str
) -> None:
    result = run_cjmap("validate", cwd=tmp_path, env={"CJMAP_JOBS": value})
    assert result.exit_code == 2
    assert "CJMAP_JOBS" in result.stderr
    assert "Traceback" not in result.stderr
