"""``cjmap history``: each journey's friction, peak-end, conversion and evidence coverage at
every commit that changed them."""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap.cli._options import check_format, format_option, output_file_option, paths_argument
from cjmap.history.formats import FORMATS


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument("Journey files or folders to follow. Default: every journey."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only commits after this date, as git reads it ('2026-03-01', '3 months ago').",
            metavar="DATE",
        ),
    ] = None,
    rev_range: Annotated[
        str | None,
        typer.Option(
            "--rev-range",
            help="Only the commits of RANGE, written A..B (such as v1.0..HEAD); default: all.",
            metavar="RANGE",
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "text",
    output_file: Annotated[
        str | None,
        output_file_option("Write the history to this file instead of standard output."),
    ] = None,
) -> int:
    """Show how each journey's friction, peak-end, conversion and evidence changed in git.

    Reads the commits on the first-parent line of HEAD (a merge counts with its changes
    against its first parent) and computes each journey's numbers as cjmap analyze does at
    every commit that changed the journey, its personas or cjmap.yaml.
    """
    from cjmap.cli._options import color_wanted, say, write_output
    from cjmap.history.formats import get_format
    from cjmap.history.run import SHALLOW_NOTE, history

    check_format(format, FORMATS)
    result = history(paths or [], since=since, rev_range=rev_range)
    write_output(get_format(format)(result, color_wanted(output_file)), output_file)
    if result.shallow:
        say(SHALLOW_NOTE)
    return 0
