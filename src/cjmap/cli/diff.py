"""``cjmap diff``: what changed between two journey files, or the workspace at a revision."""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap.cli._options import check_format, format_option, output_file_option
from cjmap.diff.formats import FORMATS


def command(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help=(
                "OLD NEW: two files, each a path, '-' or REV:path (such as HEAD:a.yaml). "
                "With --git: [REV2] [PATHS], another revision and the files or folders to compare."
            ),
            show_default=False,
            metavar="ARG",
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            help="Compare the workspace at this revision with the working tree (or REV2).",
            metavar="REV",
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "text",
    output_file: Annotated[
        str | None, output_file_option("Write the diff to this file instead of stdout.")
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences.")
    ] = False,
) -> int:
    """Show what changed in journey maps: structure, emotion, friction, funnel, evidence.

    cjmap diff OLD NEW compares two files; cjmap diff --git REV compares the workspace at a
    git revision with the working tree.
    """
    from cjmap.cli._options import color_wanted, say, write_output
    from cjmap.diff.compare import diff_workspaces
    from cjmap.diff.formats import get_format
    from cjmap.diff.sides import file_sides, git_sides, invalid_report
    from cjmap.util.errors import UsageError

    check_format(format, FORMATS)
    args = args or []
    if git is not None:
        old, new = git_sides(git, args)
    elif len(args) == 2:
        old, new = file_sides(args[0], args[1])
    else:
        raise UsageError(
            "give two files to compare (cjmap diff OLD NEW; each may be REV:path), "
            "or a revision to compare the workspace with (cjmap diff --git REV)"
        )
    invalid = [side for side in (old, new) if side.problems]
    if invalid:
        say(invalid_report(invalid).removesuffix("\n"))
        return 1
    diff = diff_workspaces(
        old.journeys,
        new.journeys,
        old_weights=old.weights,
        new_weights=new.weights,
        old_label=old.label,
        new_label=new.label,
        pair_single=git is None,
        old_subs=old.subs,
        new_subs=new.subs,
    )
    write_output(get_format(format)(diff, color_wanted(output_file)), output_file)
    return 1 if exit_code and diff.changed else 0
