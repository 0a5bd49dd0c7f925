"""``cjmap import``: spreadsheets, analytics and survey exports, and Mermaid journeys, in.

A typer group with one command per kind of input (``csv``, ``metrics``, ``mermaid``). Each
parses its options, calls :mod:`cjmap.importer.run` and returns an exit code: 0 done (or
nothing to do), 1 a problem with the input (nothing written) or, with ``--exit-code``,
something would change; 2 a usage error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli._help import Command, Group
from cjmap.cli._options import format_option, output_file_option
from cjmap.diff.formats import FORMATS

if TYPE_CHECKING:
    from cjmap.importer.run import Outcome

app = typer.Typer(
    name="import",
    cls=Group,
    help="Bring data in: a spreadsheet (csv), analytics and survey exports (metrics), a "
    "Mermaid journey (mermaid).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_FILE_HELP = "The file to import."
_WRITE = typer.Option("--write", help="Write the change (atomically); without it, only show it.")
_EXIT_CODE = typer.Option("--exit-code", help="Exit 1 when something would change.")


def _report(outcome: Outcome, *, write: bool, format: str, exit_code: bool) -> int:
    """Show (or write) what an import changes: ``cjmap diff``'s report, then the notes."""

    from cjmap.cli._options import color_wanted, say, shown, write_output
    from cjmap.diff.compare import diff_workspaces
    from cjmap.diff.formats import get_format
    from cjmap.util.fsutil import WriteRefused, atomic_write

    if not write:
        old = [outcome.old] if outcome.old is not None else []
        diff = diff_workspaces(
            old,
            [outcome.new],
            old_weights=outcome.weights,
            new_weights=outcome.weights,
            old_label=outcome.display,
            new_label=f"{outcome.display} (imported)",
            pair_single=True,
        )
        write_output(get_format(format)(diff, color_wanted()), None)
    for note in outcome.notes:
        say(f"cjmap: {note}")
    if not outcome.changed:
        say(f"cjmap: {shown(outcome.display)} is up to date; nothing to write")
        return 0
    if not write:
        say("cjmap: nothing written (add --write to write the change)")
        return 1 if exit_code else 0
    from cjmap.workspace.files import root_for

    # A link may lead to the file it names only inside the workspace, as for fmt.
    root, _ = root_for([str(outcome.path.parent)])
    try:
        atomic_write(outcome.path, outcome.after, links="follow", inside=root)
    except WriteRefused as exc:
        say(f"cjmap: {exc}")
        return 1
    say(f"cjmap: wrote {shown(outcome.display)}")
    return 0


def _problem(exc: Exception) -> int:
    from cjmap.cli._options import say

    say(f"cjmap: {exc}")
    return 1


def csv_command(
    file: Annotated[str, typer.Argument(help=_FILE_HELP, metavar="FILE", show_default=False)],
    journey: Annotated[
        str | None,
        typer.Option(
            "--journey",
            help="The journey file to update (default: the workspace journey the rows name).",
            metavar="PATH",
        ),
    ] = None,
    write: Annotated[bool, _WRITE] = False,
    delete: Annotated[
        bool, typer.Option("--delete", help="Remove the touchpoints that have no row.")
    ] = False,
    new: Annotated[
        str | None,
        typer.Option(
            "--new",
            help="Make a new journey with this id from the spreadsheet (written to ID.yaml, "
            "or to --journey).",
            metavar="ID",
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "text",
    exit_code: Annotated[bool, _EXIT_CODE] = False,
) -> int:
    """Merge a spreadsheet (the layout of cjmap render -f csv) into a journey's YAML.

    Changed cells update fields, new rows add touchpoints; comments and key order of the YAML
    are kept. Without --write it shows the changes as cjmap diff does and writes nothing.
    """
    from pathlib import Path

    from cjmap.cli._options import check_format
    from cjmap.importer.errors import ImportProblem
    from cjmap.importer.run import import_csv, new_from_csv
    from cjmap.util.errors import UsageError

    check_format(format, FORMATS)
    if new is not None and delete:
        raise UsageError("--delete changes an existing journey; it cannot go with --new")
    _check_id(new, "--new")
    try:
        if new is not None:
            outcome = new_from_csv(file, new, cwd=Path.cwd(), journey_path=journey)
        else:
            outcome = import_csv(file, cwd=Path.cwd(), journey_path=journey, delete=delete)
    except ImportProblem as exc:
        return _problem(exc)
    return _report(outcome, write=write, format=format, exit_code=exit_code)


app.command("csv", cls=Command)(csv_command)


def mermaid_command(
    file: Annotated[str, typer.Argument(help=_FILE_HELP, metavar="FILE", show_default=False)],
    journey_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The new journey's id (default: made from its title).", metavar="ID"
        ),
    ] = None,
    output_file: Annotated[
        str | None, output_file_option("Write the journey to this new file instead of stdout.")
    ] = None,
) -> int:
    """Turn a Mermaid journey diagram into a cjmap journey (YAML on standard output).

    Sections become stages, tasks touchpoints, actors personas, and scores 1-5 emotions on
    the workspace's emotion scale.
    """
    from pathlib import Path

    from cjmap.cli._options import say, shown, write_output
    from cjmap.importer.errors import ImportProblem
    from cjmap.importer.run import import_mermaid

    _check_id(journey_id, "--id")
    if output_file is not None and output_file != "-" and Path(output_file).exists():
        say(f"cjmap: {shown(output_file)} exists already; give the name of a new file")
        return 1
    try:
        text, _ = import_mermaid(file, cwd=Path.cwd(), journey_id=journey_id)
    except ImportProblem as exc:
        return _problem(exc)
    write_output(text, output_file)
    if output_file is not None and output_file != "-":
        say(f"cjmap: wrote {shown(output_file)}")
    return 0


def _check_id(value: str | None, option: str) -> None:
    if value is None:
        return
    import re

    from cjmap.document.model import SLUG_PATTERN
    from cjmap.util.errors import UsageError

    if re.match(SLUG_PATTERN, value) is None:
        raise UsageError(
            f"{option} takes a journey id: lowercase letters, digits, '-' and '_', such as "
            "checkout-2026"
        )


app.command("mermaid", cls=Command)(mermaid_command)


def metrics_command(
    file: Annotated[str, typer.Argument(help=_FILE_HELP, metavar="FILE", show_default=False)],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            help="The mapping under imports: in cjmap.yaml (default: the one whose file: is "
            "FILE, or the only one).",
            metavar="NAME",
        ),
    ] = None,
    write: Annotated[bool, _WRITE] = False,
    ignore_unmatched: Annotated[
        bool,
        typer.Option(
            "--ignore-unmatched", help="Skip rows that name no touchpoint instead of stopping."
        ),
    ] = False,
    format: Annotated[str, format_option(FORMATS)] = "text",
    exit_code: Annotated[bool, _EXIT_CODE] = False,
) -> int:
    """Update metrics, completion or emotion from an analytics or survey export.

    The mapping under imports: in cjmap.yaml says which columns hold the touchpoint, the
    value, the persona, the date and the number of responses; every value cites its source.
    Without --write it shows the changes as cjmap diff does and writes nothing.
    """
    from pathlib import Path

    from cjmap.cli._options import check_format
    from cjmap.importer.errors import ImportProblem
    from cjmap.importer.run import import_metrics

    check_format(format, FORMATS)
    try:
        outcome = import_metrics(
            file, cwd=Path.cwd(), mapping_name=mapping, ignore_unmatched=ignore_unmatched
        )
    except ImportProblem as exc:
        return _problem(exc)
    return _report(outcome, write=write, format=format, exit_code=exit_code)


app.command("metrics", cls=Command)(metrics_command)
