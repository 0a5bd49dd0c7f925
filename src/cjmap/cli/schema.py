"""``cjmap schema [KIND]``: print the JSON Schema of a kind of document."""

from __future__ import annotations

from typing import Annotated

import typer


def command(
    kind: Annotated[
        str,
        typer.Argument(help="journey (the default), persona or workspace.", metavar="KIND"),
    ] = "journey",
) -> int:
    """Print the JSON Schema of journey, persona or workspace files (for editors)."""
    import sys

    from cjmap.schema.export import SCHEMA_KINDS, schema_text
    from cjmap.util.errors import UsageError

    if kind not in SCHEMA_KINDS:
        raise UsageError(f"unknown kind '{kind}'; choose one of: {', '.join(SCHEMA_KINDS)}")
    sys.stdout.write(schema_text(kind))
    sys.stdout.flush()
    return 0
