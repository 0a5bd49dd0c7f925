"""The one top-level error handler: the exit-code contract of ``cjmap.util.errors`` is kept here."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

import typer

from cjmap import __version__
from cjmap.util import interrupts
from cjmap.util.errors import ExitCode, UsageError

BUG_REPORT = (
    "cjmap {version}: unexpected error ({kind}: {detail}). This is a bug in cjmap; please "
    "report it with the command you ran and, if you can, the file that caused it."
)


class Stopped(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM (a CI job cancelled, ``kill``), raised where the program
    stands, so that a file being written is cleaned up (see :func:`cjmap.util.fsutil.atomic_write`).

    Not a KeyboardInterrupt, which typer turns into a silent exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


INTERRUPTED = 128 + signal.SIGINT


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    """SIGTERM and SIGINT stop this process through an exception, so that the cleanup of
    every ``finally`` runs. Worker processes forked from it leave the stopping to it: it
    cancels what has not started, and the work under way finishes its files."""
    main_pid = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:
            return
        # Raised now, or at the end of a step that must not be cut in two (a temporary file
        # created and its name noted for the cleanup; see cjmap.util.interrupts).
        interrupts.stop(Stopped(signum))

    try:
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread (cjmap called from a thread): leave them be
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)


def run(app: typer.Typer, argv: list[str] | None) -> int:
    """Run ``app`` and turn every outcome into an exit code."""
    command = typer.main.get_command(app)
    try:
        with _signals():
            result: Any = command.main(args=argv, prog_name="cjmap", standalone_mode=False)
    except Stopped as exc:
        _say("cjmap: interrupted" if exc.signum == signal.SIGINT else "cjmap: terminated")
        return 128 + exc.signum
    except UsageError as exc:
        _say(f"cjmap: {exc}")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        _say("cjmap: interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``cjmap ... | head``): nothing left to say to it.
        _silence_stdout()
        return ExitCode.OK
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        _say("cjmap: interrupted")
        return INTERRUPTED
    except Exception as exc:  # the contract: never a traceback
        if isinstance(exc, _click_errors()):
            # Its message may quote what was typed (an unknown option, a bad value): escaped
            # like every other message.
            import io

            shown = io.StringIO()
            exc.show(file=shown)
            _say(shown.getvalue().rstrip("\n"))
            return ExitCode.USAGE
        detail = str(exc).splitlines()[0][:200] if str(exc) else "no detail"
        _say(BUG_REPORT.format(version=__version__, kind=type(exc).__name__, detail=detail))
        return ExitCode.INTERNAL
    if isinstance(result, int):
        return result
    return ExitCode.OK


def _click_errors() -> tuple[type[Any], ...]:
    """The class of the usage errors that typer raises (a bad option, a missing argument):
    click's ``ClickException``, from the copy of click that recent typer versions carry
    inside them, or from click itself, which older versions use. Both have ``show(file)``."""
    from importlib import import_module

    found = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(import_module(module).ClickException)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def _say(message: str) -> None:
    from cjmap.cli._options import say

    say(message)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
