"""The one top-level error handler: the exit-code contract of ``cjmap.errors`` is kept here."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import typer

from cjmap import __version__
from cjmap.errors import ExitCode, UsageError

BUG_REPORT = (
    "cjmap {version}: unexpected error ({kind}: {detail}). This is a bug in cjmap; please "
    "report it with the command you ran and, if you can, the file that caused it."
)


def run(app: typer.Typer, argv: list[str] | None) -> int:
    """Run ``app`` and turn every outcome into an exit code."""
    command = typer.main.get_command(app)
    try:
        result: Any = command.main(args=argv, prog_name="cjmap", standalone_mode=False)
    except UsageError as exc:
        _say(f"cjmap: {exc}")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        _say("cjmap: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (``cjmap ... | head``): nothing left to say to it.
        _silence_stdout()
        return ExitCode.OK
    except Exception as exc:  # the contract: never a traceback
        family = {cls.__name__ for cls in type(exc).__mro__}
        # typer raises click's exceptions (its own vendored copy in recent versions).
        if "Exit" in family:
            return int(getattr(exc, "exit_code", 0) or 0)
        if "Abort" in family:
            _say("cjmap: interrupted")
            return 130
        if "ClickException" in family and hasattr(exc, "show"):
            exc.show()
            return ExitCode.USAGE
        detail = str(exc).splitlines()[0][:200] if str(exc) else "no detail"
        _say(BUG_REPORT.format(version=__version__, kind=type(exc).__name__, detail=detail))
        return ExitCode.INTERNAL
    if isinstance(result, int):
        return result
    return ExitCode.OK


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
