"""What the commands share: options, colour policy, and where output and notices go."""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any


def format_option(formats: Iterable[str]) -> Any:
    """``--format``/``-f``, naming the choices of the command's formats registry."""
    import typer

    return typer.Option(
        "--format", "-f", help=f"Output format: {', '.join(formats)}.", metavar="FORMAT"
    )


def check_format(format: str, formats: Collection[str]) -> None:
    """A usage error unless ``format`` is one of the choices of the command's formats registry."""
    if format not in formats:
        from cjmap.util.errors import UsageError

        raise UsageError(f"unknown format '{format}'; choose one of: {', '.join(formats)}")


def paths_argument(help: str) -> Any:
    """The files or folders a command reads, ``PATH`` in its usage line."""
    import typer

    return typer.Argument(help=help, metavar="PATH", show_default=False)


def output_file_option(help: str) -> Any:
    """``--output-file FILE``: where the command writes instead of standard output."""
    import typer

    return typer.Option("--output-file", help=help, metavar="FILE")


def stdin_filename_option() -> Any:
    """``--stdin-filename NAME``: the name of what ``-`` reads, for messages and references."""
    import typer

    return typer.Option(
        "--stdin-filename",
        help="The name of the file read from '-', for messages and references.",
        metavar="NAME",
    )


def locale_option() -> Any:
    """``--locale L``: the label language of every map rendered."""
    import typer

    return typer.Option(
        "--locale",
        help="Label language for every map (en, ru, el, zh, cs), instead of each journey's own.",
        metavar="L",
    )


def templates_option() -> Any:
    """``--templates DIR``: templates that override the built-in ones."""
    import typer

    return typer.Option(
        "--templates",
        help="Folder of templates that override the built-in ones, file by file.",
        metavar="DIR",
    )


def no_cache_option() -> Any:
    """``--no-cache``: neither read nor write the workspace cache (as ``CJMAP_NO_CACHE=1``)."""
    import typer

    return typer.Option(
        "--no-cache",
        help="Neither read nor write the workspace cache, .cjmap_cache/ (also: CJMAP_NO_CACHE=1).",
    )


def color_wanted(output_file: str | None = None) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set, never into a file."""
    if output_file is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def say(message: str) -> None:
    """Print a message for the user on standard error, every line of it escaped (see
    :func:`cjmap.util.textsafe.escape_lines`): no message of any command can carry a terminal
    escape or start a CI workflow command, whatever file name or text it quotes."""
    import contextlib

    from cjmap.util.textsafe import escape_lines

    with contextlib.suppress(OSError, ValueError):
        print(escape_lines(message), file=sys.stderr, flush=True)


def shown(path: str | Path) -> str:
    """A path (or any name the user gave) for a message: control characters escaped, so it
    stays on the message's line."""
    from cjmap.util.textsafe import escape_control

    return escape_control(path.as_posix() if isinstance(path, Path) else path)


def write_output(text: str | Iterable[str], output_file: str | None) -> None:
    """Write data to ``output_file`` atomically, or to standard output. ``text`` may come in
    pieces, written as they come (a report of many journeys is never whole in memory).

    A symbolic link is never written through: neither ``output_file`` itself (the link and
    the file it points to are left as they are) nor a folder on the way to it below the
    current folder."""
    if output_file is None or output_file == "-":
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    from cjmap.util.errors import UsageError
    from cjmap.util.fsutil import WriteRefused, atomic_write, links_on_the_way
    from cjmap.util.textsafe import escape_control

    target = Path(output_file)
    link = links_on_the_way(target.parent, [Path.cwd()])
    if link is not None:
        raise UsageError(
            f"refusing to write the report to {escape_control(output_file)}: the folder "
            f"{escape_control(os.path.relpath(link))} is a symbolic link, and cjmap does not "
            "write through links; remove the link, or give the real folder"
        )
    if target.suffix.lower() in (".yaml", ".yml") and target.is_file():
        # No report is YAML: this is a journey, persona or cjmap.yaml given by mistake.
        raise UsageError(
            f"refusing to write the report over {shown(output_file)}: it is a YAML file, maybe "
            "one of the maps; choose another name for --output-file"
        )
    try:
        atomic_write(
            target,
            text.encode("utf-8")
            if isinstance(text, str)
            else (piece.encode("utf-8") for piece in text),
        )
    except WriteRefused as exc:
        raise UsageError(str(exc)) from exc


MIN_FILE_SIZE_MIB = 0.001
MAX_FILE_SIZE_MIB = 1024
"""The range ``--max-file-size`` accepts: about a kilobyte up to a gibibyte (a journey file
needs a few hundred KiB; every file is held in memory while it is checked)."""


def max_file_size_bytes(value: str) -> int:
    """``--max-file-size`` (a number of MiB, as typed) in bytes; a usage error (exit 2) for
    anything but a finite number in range: ``inf``, ``nan``, negative, zero, huge, words."""
    import math

    from cjmap.util.errors import UsageError
    from cjmap.util.textsafe import escape_control

    shown = escape_control(value)
    allowed = f"give a number of MiB from {MIN_FILE_SIZE_MIB} to {MAX_FILE_SIZE_MIB}, such as 8"
    try:
        mib = float(value)
    except ValueError:
        raise UsageError(f"--max-file-size {shown} is not a number; {allowed}") from None
    if not math.isfinite(mib):
        raise UsageError(f"--max-file-size {shown} is not a finite number; {allowed}")
    if not MIN_FILE_SIZE_MIB <= mib <= MAX_FILE_SIZE_MIB:
        raise UsageError(f"--max-file-size {shown} is out of range; {allowed}")
    return int(mib * 1024 * 1024)
