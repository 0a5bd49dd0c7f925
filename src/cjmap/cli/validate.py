"""``cjmap validate``: check journey files; exit 1 on errors (and warnings under --strict)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from cjmap.cli._options import (
    check_format,
    format_option,
    no_cache_option,
    output_file_option,
    paths_argument,
    stdin_filename_option,
)
from cjmap.validate.formats import FORMATS


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument(
            "Files or folders to check ('-' reads standard input). Default: the workspace."
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "text",
    output_file: Annotated[
        str | None, output_file_option("Write the report to this file instead of standard output.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    stdin_filename: Annotated[str | None, stdin_filename_option()] = None,
    max_file_size: Annotated[
        str,
        typer.Option(
            "--max-file-size",
            help="Refuse files larger than this many MiB (0.001 to 1024).",
            metavar="MIB",
        ),
    ] = "8",
    no_cache: Annotated[bool, no_cache_option()] = False,
) -> int:
    """Check journey, persona and workspace files against the format and the lint rules."""
    from cjmap.cli._options import color_wanted, max_file_size_bytes, say, write_output
    from cjmap.document.problems import is_failure
    from cjmap.validate.formats import get_format, get_notes
    from cjmap.validate.replay import replay

    check_format(format, FORMATS)
    max_bytes = max_file_size_bytes(max_file_size)
    report = replay(paths or [], stdin_name=stdin_filename, max_bytes=max_bytes, no_cache=no_cache)
    if report is None:
        from cjmap.document.load import Limits
        from cjmap.validate.run import validate_paths

        report = validate_paths(
            paths or [], stdin_name=stdin_filename, limits=Limits(max_bytes), no_cache=no_cache
        )
    if report.skipped:
        _say_skipped(report.skipped)
    text = get_format(format)(report, color_wanted(output_file))
    write_output(text, output_file)
    if report.lone and any(p.rule == "unresolved-reference" for p in report.problems):
        say(
            "cjmap: hint: no cjmap.yaml was found here or in a folder above, so only the files "
            "named were read and references to other files cannot resolve; to make this folder "
            "a workspace, run 'cjmap init' or create cjmap.yaml holding the line 'kind: workspace'"
        )
    notes = get_notes(format)
    if notes is not None:
        typer.echo(notes(report), err=True, nl=False)
    return 1 if is_failure(report.summary, strict=strict) else 0


def _say_skipped(paths: Sequence[Path]) -> None:
    from cjmap.cli._options import say, shown
    from cjmap.workspace.corpus import display_name

    for skipped in paths:
        say(
            f"cjmap: skipped {shown(display_name(skipped, Path.cwd()))}: "
            "the workspace's include/exclude globs leave it out"
        )
