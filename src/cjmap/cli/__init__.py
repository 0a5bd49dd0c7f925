"""The command line: one module per command, registered here.

This package is the only place that imports typer. Each command module defines ``command``,
a typed function that parses its options, calls the core and returns an exit code (see
``cjmap.util.errors`` for the contract).
"""

from __future__ import annotations

import os
import sys

# pydantic looks for plugins in the entry points of every installed distribution the first
# time it builds a validator (~50 ms); the cjmap command uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

import typer

from cjmap import __version__
from cjmap.cli import analyze as _analyze
from cjmap.cli import diff as _diff
from cjmap.cli import fmt as _fmt
from cjmap.cli import import_ as _import
from cjmap.cli import init as _init
from cjmap.cli import render as _render
from cjmap.cli import schema as _schema
from cjmap.cli import serve as _serve
from cjmap.cli import validate as _validate
from cjmap.cli._help import Command

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as plain-text YAML in git: validate, analyse, render.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Customer journey maps as plain-text YAML in git."""


app.command("validate", cls=Command)(_validate.command)
app.command("fmt", cls=Command)(_fmt.command)
app.command("schema", cls=Command)(_schema.command)
app.command("analyze", cls=Command)(_analyze.command)
app.command("diff", cls=Command)(_diff.command)
app.command("init", cls=Command)(_init.command)
app.command("render", cls=Command)(_render.command)
app.command("serve", cls=Command)(_serve.command)
app.add_typer(_import.app, name="import")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; never lets a traceback reach the user."""
    import gc

    from cjmap.cli._run import run

    # A command builds one large heap of acyclic data (every document of the workspace);
    # with the default thresholds the cyclic collector walks it over and over, which was
    # half of `validate`'s time on 1,000 journeys. Collect rarely, as mypy does.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        return run(app, argv)
    finally:
        gc.set_threshold(*thresholds)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
