"""Shared fixtures: run the CLI in-process or as a subprocess, and golden-file support."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


# Modules whose tests share an artefact built once per module or session (a rendered site,
# printed PDFs, a browser, a git repository, a server). Under pytest-xdist each runs whole on
# one worker, so the artefact is built once, and, being a unit of many tests, is handed out
# before the single tests: no long module is left for the end while the other worker idles.
# (What `--dist loadgroup` would do with xdist_group marks, which pytest 9 no longer lets
# xdist 3.8 apply.) test_suite_groups checks that every such module is listed.
SHARED_FIXTURE_MODULES = frozenset(
    {
        "test_file_safety",
        "test_fuzz",
        "test_hidden_characters",
        "test_history",
        "test_mermaid_real",
        "test_payloads",
        "test_portfolio_browser",
        "test_render_browser",
        "test_render_index_spool",
        "test_render_print",
        "test_render_security",
        "test_schema_files",
        "test_serve",
        "test_ship",
    }
)


def work_unit(nodeid: str) -> str:
    """The unit a test is handed to a worker in: its module when that shares an artefact,
    else the test alone."""
    module = nodeid.split("::", 1)[0]
    return module if Path(module).stem in SHARED_FIXTURE_MODULES else nodeid


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: none without it
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`-n 2` (xdist's default `--dist load`): units as `work_unit` says, the largest first."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for: xdist's own
    from xdist.scheduler import LoadScopeScheduling

    class SharedArtefactScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return SharedArtefactScheduling(config, log)


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
