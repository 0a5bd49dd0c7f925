"""Where ``cjmap render`` may write, and what must hold before it does.

The output folder is never part of the workspace: a folder that holds workspace files (``-o
journeys``, ``-o .``) is refused before anything is read, and no output file may be one of the
files read. A symbolic link on the way to the output folder (inside the workspace or the
current folder) is refused; a link inside it is replaced by the file written, never written
through. Journeys with errors are not rendered; the errors are reported as ``validate``
reports them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.util.errors import UsageError
from cjmap.util.fsutil import is_same_or_inside, links_on_the_way
from cjmap.util.textsafe import escape_control
from cjmap.workspace.corpus import display_name
from cjmap.workspace.files import DEFAULT_OUTPUT, Globs, read_globs, root_for, walk

if TYPE_CHECKING:
    from cjmap.validate.run import Checked


def check_output_folder(paths: Sequence[str], output: str | None, cwd: Path) -> Path:
    """The folder to write to (``site/`` at the workspace root by default), refused when it
    is a file, holds the workspace, or holds workspace files that a render could clobber."""
    root, has_config = root_for(list(paths), cwd)
    folder = (cwd / output) if output else root / DEFAULT_OUTPUT
    shown = escape_control(output if output else display_name(folder, cwd))
    link = links_on_the_way(folder, [root, cwd])
    if link is not None:
        # A committed link (site -> ~/.ssh, site/md -> /elsewhere) would send the maps out of
        # the folder the user sees.
        raise UsageError(
            f"refusing to write maps into {shown}: "
            f"{escape_control(display_name(link, cwd))} is a symbolic link (to "
            f"{escape_control(os.readlink(link))}), and cjmap does not write through links; "
            "remove the link, or give the real folder with -o"
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {shown}: this is a file; give a folder to write the maps to")
    if is_same_or_inside(root, folder):
        raise UsageError(
            f"refusing to write maps into {shown}: it holds the whole workspace "
            f"({escape_control(display_name(root, cwd))}); choose a folder of its own, "
            "such as site/"
        )
    if folder.is_dir() and is_same_or_inside(folder, root):
        globs = read_globs(root) if has_config else Globs()
        found = walk(root, globs, folder)
        if found:
            raise UsageError(
                f"refusing to write maps into {shown}: it holds workspace files such as "
                f"{escape_control(display_name(found[0], cwd))}; choose a folder of its own, "
                "such as site/"
            )
    return folder


def blocking_errors(checked: Checked, *, color: bool = False) -> str | None:
    """The errors that stop a render of a workspace checked file by file, as ``cjmap
    validate`` prints them; None if none (see :meth:`cjmap.validate.run.Checked.blocking`)."""
    from cjmap.document.problems import summarize
    from cjmap.validate.formats import get_format
    from cjmap.validate.report import Report

    problems = checked.blocking()
    if not problems:
        return None
    targets = checked.plan.corpus.targets
    documents = sum(1 for f in checked.facts if f.file in targets)
    summary = summarize(problems, files=len(targets), documents=documents)
    return get_format("text")(Report(tuple(problems), summary), color)


def check_outputs(read: Iterable[str], cwd: Path, names: Sequence[str], folder: Path) -> None:
    """Refuse to write any output over one of the files ``read`` (display names)."""
    inputs = {(cwd / name).resolve() for name in read if (cwd / name).exists()}
    for name in names:
        target = (folder / name).resolve()
        if target in inputs:
            raise UsageError(
                f"refusing to write {escape_control(display_name(target, cwd))}: it is one of "
                "the input files; choose another folder with -o"
            )
