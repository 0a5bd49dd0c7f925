"""The one top-level error handler (cli/_run.py) tells typer's outcomes apart by their type:
an exit keeps its code, an abort is an interruption, a usage error is exit 2 with its message,
and anything else is a bug (exit 3) — whatever the class of the exception happens to be
called."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import typer

from cjmap.cli._run import run
from cjmap.util.errors import ExitCode

INTERRUPTED = 128 + signal.SIGINT


def _app(action: Callable[[], Any]) -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.command()
    def go(count: int = 1) -> None:
        action()

    @app.command()
    def other() -> None:  # a second command, so that typer expects a command name
        pass

    return app


def _raise(exc: BaseException) -> Callable[[], Any]:
    def action() -> Any:
        raise exc

    return action


# Exceptions of the program's own whose class names are those of typer's outcomes: they are
# bugs like any other, not exits, aborts or usage errors.
class Exit(Exception):
    exit_code = 0


class Abort(Exception):
    pass


class ClickException(Exception):
    def show(self, file: Any = None) -> None:
        raise AssertionError("a bug must not be shown as a usage error")


def test_exit_keeps_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_app(_raise(typer.Exit(4))), ["go"]) == 4
    assert run(_app(_raise(typer.Exit())), ["go"]) == ExitCode.OK


def test_abort_is_an_interruption(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_app(_raise(typer.Abort())), ["go"]) == INTERRUPTED
    assert "cjmap: interrupted" in capsys.readouterr().err


def test_usage_errors_are_exit_2_with_typers_message(capsys: pytest.CaptureFixture[str]) -> None:
    app = _app(lambda: None)
    assert run(app, ["go", "--count", "many"]) == ExitCode.USAGE
    assert "Invalid value for '--count'" in capsys.readouterr().err
    assert run(app, ["go", "--nope"]) == ExitCode.USAGE
    assert "No such option" in capsys.readouterr().err
    assert run(app, ["gone"]) == ExitCode.USAGE
    assert run(_app(_raise(typer.BadParameter("not that"))), ["go"]) == ExitCode.USAGE
    assert "not that" in capsys.readouterr().err


@pytest.mark.parametrize("exc", [Exit(), Abort(), ClickException("boom")])
def test_a_look_alike_class_name_is_a_bug_not_an_outcome(
    exc: Exception, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(_app(_raise(exc)), ["go"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert f"unexpected error ({type(exc).__name__}" in err
    assert "This is a bug in cjmap" in err


def test_the_real_cli_reports_an_unknown_option_as_usage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cjmap", "validate", "--no-such-option"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr
