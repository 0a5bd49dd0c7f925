"""``cjmap init [DIR]``: start a workspace; existing files are kept, never overwritten.

Exit codes: 0 when every starter file now exists (created now or kept from before, so a
second run is a no-op that succeeds); 2 when DIR is a file, cannot be created, or a file
could not be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def command(
    folder: Annotated[
        str,
        typer.Argument(help="The folder for the workspace (created if missing).", metavar="DIR"),
    ] = ".",
) -> int:
    """Create a workspace: cjmap.yaml, a persona, a journey, pre-commit and CI configs.

    Existing files are kept, never overwritten; running it again only adds what is missing.
    """
    import shlex

    from cjmap.cli._options import say
    from cjmap.init.scaffold import JOURNEY_FILE, ScaffoldError, init_workspace
    from cjmap.util.errors import ExitCode, UsageError
    from cjmap.util.textsafe import escape_control

    try:
        result = init_workspace(Path(folder))
    except ScaffoldError as exc:
        raise UsageError(escape_control(str(exc))) from exc
    shown = escape_control(shlex.quote(folder))
    for relative in result.created:
        say(f"created {escape_control(relative)}")
    for relative in result.kept:
        say(f"kept existing {escape_control(relative)}")
    for relative, lines in result.extended:
        say(f"added {escape_control(', '.join(lines))} to {escape_control(relative)}")
    for relative, reason in result.failed:
        say(f"cjmap: cannot create {escape_control(relative)}: {escape_control(reason)}")
    if result.failed:
        return ExitCode.USAGE
    if not result.created and not result.extended:
        say(f"Nothing to do: {escape_control(folder)} has every starter file.")
        return ExitCode.OK
    steps = [] if folder in (".", "./") else [f"  cd {shown}"]
    steps += [
        "  cjmap validate          check the maps",
        "  cjmap render            make HTML maps in site/",
        "  pre-commit install      check them before each commit (in a git repository)",
        f"Then edit {JOURNEY_FILE}, or copy it to map your own journeys.",
    ]
    say("\nNext steps:\n" + "\n".join(steps))
    return ExitCode.OK
