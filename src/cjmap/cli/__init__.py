"""The command line: one module per command, registered here.

This package is the only place that imports typer. Each command module defines ``command``,
a typed function that parses its options, calls the core and returns an exit code (see
``cjmap.util.errors`` for the contract).

Only the command that is run is imported and built: ``cjmap validate x.yaml`` reads neither
the options nor the formats registries of the other commands (see :func:`build_app`). The
whole application, every command registered, is :data:`app` (built on first use) and serves
``cjmap --help``, a mistyped command and the tests.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING

# pydantic looks for plugins in the entry points of every installed distribution the first
# time it builds a validator (~50 ms); the cjmap command uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

import typer

from cjmap import __version__
from cjmap.cli._help import Command, Group

if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "validate": "cjmap.cli.validate",
    "fmt": "cjmap.cli.fmt",
    "schema": "cjmap.cli.schema",
    "analyze": "cjmap.cli.analyze",
    "diff": "cjmap.cli.diff",
    "history": "cjmap.cli.history",
    "init": "cjmap.cli.init",
    "render": "cjmap.cli.render",
    "serve": "cjmap.cli.serve",
    "import": "cjmap.cli.import_",
}
"""Each command's name and the module that defines it, in the order ``--help`` lists them."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Customer journey maps as plain-text YAML in git."""


def build_app(names: Sequence[str] = tuple(COMMANDS)) -> typer.Typer:
    """The application with the commands ``names`` registered (each module imported now)."""
    built = typer.Typer(
        name="cjmap",
        cls=Group,
        help="Customer journey maps as plain-text YAML in git: validate, analyse, render.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_root)
    for name in names:
        module = import_module(COMMANDS[name])
        if isinstance(getattr(module, "app", None), typer.Typer):
            built.add_typer(module.app, name=name)  # a group of commands (cjmap import)
        else:
            built.command(name, cls=Command)(module.command)
    return built


def needed_commands(argv: Sequence[str]) -> tuple[str, ...]:
    """The commands to build for ``argv``: the one its first word names, none for
    ``--version``, else all (``--help`` lists them, a mistyped name is matched against them)."""
    first = argv[0] if argv else ""
    if first in COMMANDS:
        return (first,)
    if first == "--version":
        return ()
    return tuple(COMMANDS)


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; never lets a traceback reach the user."""
    import gc

    from cjmap.cli._run import run

    needed = needed_commands(sys.argv[1:] if argv is None else argv)
    # A command builds one large heap of acyclic data (every document of the workspace);
    # with the default thresholds the cyclic collector walks it over and over, which was
    # half of `validate`'s time on 1,000 journeys. Collect rarely, as mypy does.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        return run(build_app(needed), argv)
    finally:
        gc.set_threshold(*thresholds)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
