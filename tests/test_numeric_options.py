"""Numbers given on the command line or in the environment: every value that is not a
usable number (``inf``, ``nan``, negative, zero, huge, words, digits ``int()`` refuses) is a
usage error (exit 2) with a message that says what to give instead, never a traceback or
exit 3; and ``COLUMNS``, the terminal's width, cannot make an output absurdly wide."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmap.cli._options import MAX_FILE_SIZE_MIB, max_file_size_bytes
from cjmap.util.errors import UsageError
from cjmap.util.parallel import MAX_JOBS, worker_count
from output_checks import Result

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., Result]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "examples", root)
    return root


def assert_usage_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# --- --max-file-size ---------------------------------------------------------------------------

BAD_SIZES = {
    "inf": "not a finite number",  # the example
    "-inf": "not a finite number",
    "nan": "not a finite number",
    "1e400": "not a finite number",  # overflows to infinity
    "-1": "out of range",
    "0": "out of range",
    "0.0000001": "out of range",
    "1e30": "out of range",
    "2048": "out of range",
    "eight": "not a number",
    "8MB": "not a number",
    "": "not a number",
}


@pytest.mark.parametrize(("value", "says"), BAD_SIZES.items(), ids=list(BAD_SIZES))
def test_a_bad_max_file_size_is_a_usage_error(
    cli: Run, workspace: Path, value: str, says: str
) -> None:
    result = cli("validate", f"--max-file-size={value}", cwd=workspace)
    assert_usage_error(result, "--max-file-size", says, f"from 0.001 to {MAX_FILE_SIZE_MIB}")
    assert result.stdout == "", "nothing is checked with a bad limit"


def test_a_max_file_size_with_control_characters_is_shown_escaped(
    cli: Run, workspace: Path
) -> None:
    result = cli("validate", "--max-file-size", "8\x1b[31m\n::error::x", cwd=workspace)
    assert_usage_error(result, "not a number", "\\x1b[31m\\n")
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("value", ["0.001", "0.5", "8", "1024", " 16 ", "1_0"])
def test_a_good_max_file_size_is_used(cli: Run, workspace: Path, value: str) -> None:
    result = cli("validate", "--max-file-size", value, "-f", "json", cwd=workspace)
    too_large = '"file-too-large"' in result.stdout
    assert too_large == (value == "0.001"), result.stdout + result.stderr
    assert result.exit_code == (1 if too_large else 0), result.stderr


def test_max_file_size_bytes() -> None:
    assert max_file_size_bytes("8") == 8 * 1024 * 1024
    assert max_file_size_bytes("0.5") == 512 * 1024
    assert max_file_size_bytes(str(MAX_FILE_SIZE_MIB)) == MAX_FILE_SIZE_MIB * 1024 * 1024
    for value in BAD_SIZES:
        with pytest.raises(UsageError, match="--max-file-size"):
            max_file_size_bytes(value)


# --- CJMAP_JOBS --------------------------------------------------------------------------------

BAD_JOBS = [
    "²",  # str.isdigit() says yes, int() says no: this was exit 3
    "٣",  # an Arabic-Indic three
    "99999999999999999999",  # would start that many processes at once
    str(MAX_JOBS + 1),
    "1.5",
    "0x4",
    "0",
]


@pytest.mark.parametrize("value", BAD_JOBS)
def test_a_bad_jobs_variable_is_a_usage_error(
    cli: Run, workspace: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CJMAP_JOBS", value)
    result = cli("validate", cwd=workspace)
    assert_usage_error(result, "CJMAP_JOBS", f"from 1 to {MAX_JOBS}")


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["fmt", "--check"],
        ["render", "-o", "../site"],
        ["diff", "journeys/trial-onboarding.yaml", "journeys/trial-onboarding.yaml"],
    ],
    ids=["analyze", "fmt", "render", "diff"],
)
def test_a_bad_jobs_variable_is_a_usage_error_in_every_command(
    cli: Run, workspace: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CJMAP_JOBS", "²")
    result = cli(*args, cwd=workspace)
    assert_usage_error(result, "CJMAP_JOBS", f"from 1 to {MAX_JOBS}")
    assert not (workspace.parent / "site").exists()


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    for good in ("1", " 2 ", str(MAX_JOBS)):
        monkeypatch.setenv("CJMAP_JOBS", good)
        assert worker_count() == int(good)
    for bad in BAD_JOBS:
        monkeypatch.setenv("CJMAP_JOBS", bad)
        with pytest.raises(UsageError, match="CJMAP_JOBS"):
            worker_count()


# --- COLUMNS -----------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["100000000000", "99999999999999999999999", "-5", "x"])
def test_the_terminal_width_cannot_make_analyze_text_absurd(
    run_cjmap: Run, workspace: Path, columns: str
) -> None:
    """COLUMNS=100000000000 was a MemoryError (exit 3); a billion took a minute and 600 MB."""
    result = run_cjmap("analyze", cwd=workspace, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 1000
