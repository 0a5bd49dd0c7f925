"""Many files are formatted in worker processes: what fmt reports, prints and writes must be
exactly what one process doing all the work reports, prints and writes."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmap.fmt.formatter import FormatError
from cjmap.util.parallel import PARALLEL_FROM
from conftest import Result

FILLER = PARALLEL_FROM + 10
MESSY_FILES = [n for n in range(FILLER) if n % 50 == 7]
MESSY = "name: Persona {n}\nkind: persona\nid: p{n}\n"
TIDY = "kind: persona\nid: p{n}\nname: Persona {n}\n"
BROKEN = "kind: persona\nid: broken\nname: [unclosed\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    for n in range(FILLER):
        text = MESSY if n in MESSY_FILES else TIDY
        (ws / f"p{n:04}.yaml").write_text(text.format(n=n), "utf-8")
    (ws / "broken.yaml").write_text(BROKEN, "utf-8")
    return ws


def _fmt(run: Callable[..., Result], ws: Path, jobs: int, *args: str) -> Result:
    result = run("fmt", *args, cwd=ws, env={"CJMAP_JOBS": str(jobs)})
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("mode", [["--check"], ["--diff"], ["--check", "--diff"]])
def test_workers_report_exactly_what_one_process_reports(
    run_cjmap: Callable[..., Result], workspace: Path, mode: list[str]
) -> None:
    serial = _fmt(run_cjmap, workspace, 1, *mode)
    parallel = _fmt(run_cjmap, workspace, 2, *mode)
    assert (parallel.exit_code, parallel.stdout, parallel.stderr) == (
        serial.exit_code,
        serial.stdout,
        serial.stderr,
    )
    if "--check" in mode:
        assert serial.exit_code == 1
        for n in MESSY_FILES:
            assert f"would reformat p{n:04}.yaml" in serial.stderr
    if "--diff" in mode:
        assert serial.stdout.count("+++ ") == len(MESSY_FILES)
    # The syntax error keeps its line and column on its way back from a worker.
    assert "broken.yaml:3:7: " in serial.stderr  # where the unclosed list opens
    assert f"{len(MESSY_FILES)} files would be reformatted" in serial.stderr
    assert "1 file could not be formatted" in serial.stderr


def test_workers_rewrite_what_needs_it_and_leave_the_rest(
    run_cjmap: Callable[..., Result], workspace: Path
) -> None:
    result = _fmt(run_cjmap, workspace, 2)
    assert result.exit_code == 1  # the broken file
    for n in range(FILLER):
        assert (workspace / f"p{n:04}.yaml").read_text("utf-8") == TIDY.format(n=n)
    assert (workspace / "broken.yaml").read_text("utf-8") == BROKEN
    assert f"{len(MESSY_FILES)} files reformatted" in result.stderr


def test_a_format_error_keeps_its_place_across_processes() -> None:
    error = pickle.loads(pickle.dumps(FormatError("bad", 3, 9)))
    assert (error.message, error.line, error.column) == ("bad", 3, 9)
    assert error.located("a.yaml") == "a.yaml:3:9: bad"
