"""Shared fixtures: run the CLI in-process or as a subprocess, and golden-file support."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff by eye)",
    )


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def cli(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run ``cjmap ARGS`` in-process: ``cli("validate", "x.yaml", cwd=tmp_path, stdin=b"")``."""
    from cjmap.cli import main

    def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> Result:
        import io

        monkeypatch.setenv("NO_COLOR", "1")
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsysbinary.readouterr()
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return Result(code, out.decode("utf-8"), err.decode("utf-8"))

    return run


@pytest.fixture
def run_cjmap() -> Callable[..., Result]:
    """Run ``python -m cjmap ARGS`` as a real process (for exit codes, tracebacks, stdin)."""

    def run(
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "cjmap", *args],
            cwd=cwd,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=full_env,
            timeout=120,
            check=False,
        )
        return Result(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    return run


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """A writable copy of the examples workspace."""
    import shutil

    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target
