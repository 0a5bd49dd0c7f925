"""The workspace: its root, its ``cjmap.yaml``, and which files belong to it.

The root is the nearest folder, from where the user points (the first path given, else the
current directory) upwards, that holds ``cjmap.yaml``; without one, the current directory.
Which files belong: ``include`` globs (default every ``*.yaml`` and ``*.yml``) minus
``exclude`` globs, always skipping hidden files and folders, ``node_modules`` and the render
output folder. A glob without ``/`` matches a name at any depth; with ``/``, a path from the
root. ``**`` matches any number of folders. Globs are git's wildmatch patterns, matched by the
``pathspec`` library as ``.gitignore`` lines are (``!`` takes back, ``[abc]`` is a class,
a backslash escapes); :func:`glob_problem` keeps each pattern within bounds that make matching fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.document.globs import glob_problem
from cjmap.util.errors import UsageError
from cjmap.util.textsafe import escape_control

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

CONFIG_NAME = "cjmap.yaml"
DEFAULT_INCLUDE = ("*.yaml", "*.yml")
_DEFAULT_SUFFIXES = (".yaml", ".yml")
ALWAYS_SKIPPED = frozenset({"node_modules", "__pycache__", "site-packages"})
DEFAULT_OUTPUT = "site"
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Globs:
    """Which files under the root belong to the workspace."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    output: str = DEFAULT_OUTPUT

    def wants_file(self, relative: str) -> bool:
        """Whether a file, given by its ``/``-separated path from the root, belongs."""
        parts = relative.split("/")
        if any(self._skips_folder(part) for part in parts[:-1]):
            return False
        if parts[-1].startswith("."):
            return False
        if parts[0] == self.output and len(parts) > 1:
            return False
        if not _includes(self.include, relative):
            return False
        return not self.exclude or not _spec(self.exclude).match_file(relative)

    def wants_folder(self, relative: str) -> bool:
        """Whether to walk into a folder (the root's own output folder is never read).

        An excluded folder is not walked, unless a ``!`` pattern may take back a file in it.
        """
        name = relative.rsplit("/", 1)[-1]
        if self._skips_folder(name) or relative == self.output:
            return False
        if any(pattern.startswith("!") for pattern in self.exclude):
            return True
        return not self.exclude or not _spec(self.exclude).match_file(relative + "/")

    @staticmethod
    def _skips_folder(name: str) -> bool:
        return name.startswith(".") or name in ALWAYS_SKIPPED


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """The patterns as git's wildmatch, leaving out those :func:`glob_problem` refuses
    (``validate`` reports them on ``cjmap.yaml``)."""
    from pathspec import GitIgnoreSpec

    kept = [p for p in patterns if p.strip() and glob_problem(p) is None]
    # A line that starts with '#' is a comment in .gitignore; here it is a name.
    return GitIgnoreSpec.from_lines("\\" + p if p.startswith("#") else p for p in kept)


def _includes(patterns: tuple[str, ...], relative: str) -> bool:
    """Whether the ``include`` patterns take the file at ``relative``.

    A pattern with a wildcard must match the file itself: ``*.yaml`` takes ``a.yaml`` and
    ``assets.yaml/b.yaml``, but not ``assets.yaml/logo.png`` (a folder is no YAML file,
    whatever its name). A literal folder (``journeys``, ``journeys/``) takes what is in it,
    and so does a pattern ending in ``**``.

    The default patterns are decided by the file's name alone, without pathspec (whose import
    is a tenth of the start-up of ``cjmap validate``).
    """
    if patterns == DEFAULT_INCLUDE:
        return relative.rsplit("/", 1)[-1].endswith(_DEFAULT_SUFFIXES)
    if not _spec(patterns).match_file(relative):
        return False
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.startswith("!") or not _spec((pattern,)).match_file(relative):
            continue
        last = pattern.rstrip("/").rsplit("/", 1)[-1]
        if not any(char in pattern for char in "*?[") or last == "**":
            return True
        if _spec((last,)).match_file(name):
            return True
    return False


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``cjmap.yaml``."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        # A cjmap.yaml that is a pipe or a device still marks the root (and is reported).
        if config.exists() and not config.is_dir():
            return candidate
    return None


def root_for(paths: Sequence[str], cwd: Path | None = None) -> tuple[Path, bool]:
    """The workspace root for a command over ``paths``, and whether ``cjmap.yaml`` exists."""
    cwd = cwd or Path.cwd()
    for raw in paths:
        if raw == STDIN:
            continue
        found = find_root(cwd / raw)
        if found is not None:
            return found, True
        break
    found = find_root(cwd)
    if found is not None:
        return found, True
    return cwd.resolve(), False


def command_root(paths: Sequence[str], stdin_name: str | None, cwd: Path) -> tuple[Path, bool]:
    """:func:`root_for` as a command finds it: from the paths given that exist (from
    ``--stdin-filename`` when standard input is read)."""
    anchors = [stdin_name] if STDIN in paths and stdin_name else list(paths)
    return root_for([p for p in anchors if p and os.path.exists(cwd / p)], cwd)


@dataclass(slots=True)
class FileSet:
    """The files a command works on, and those it skipped because the workspace excludes them."""

    files: list[str] = field(default_factory=list)
    """The system's path strings (see :func:`walk_names`)."""
    skipped: list[Path] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)
    """Files not read: a symbolic link takes them out of the workspace."""


def relative_to_root(path: Path, root: Path) -> str | None:
    """``path`` as a ``/``-separated path from ``root``, or None when it lies outside."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def leaves_root(path: str | Path, root: Path) -> bool:
    """Whether a symbolic link takes ``path`` out of the workspace at ``root``: the path is a
    link whose target lies outside, or lies in the workspace as written but, through a linked
    folder, outside it in fact. Such a file is never read (it could be anyone's secret).

    A file outside the workspace named on the command line by its own path, with no link on
    the way, is not "leaving": the user chose it. Nor is a link to a pipe, a device or a
    socket: it is reported as not a regular file, and never read either.
    """
    real_root = real_folder(os.fspath(root))
    real = os.path.realpath(path)
    if _inside(real, real_root):
        return False
    if os.path.islink(path):
        # A link to a pipe or a device is refused unread as "not a regular file" instead.
        return os.path.isfile(real) or os.path.isdir(real)
    written = os.path.normpath(os.path.abspath(path))
    return _inside(written, real_root) or _inside(written, os.path.abspath(root))


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip(os.sep)
    return path == folder or path.startswith(folder + os.sep)


@lru_cache(maxsize=256)
def real_folder(folder: str) -> str:
    """``os.path.realpath`` of a folder, remembered: a workspace has few folders and many
    files, and resolving each folder once saves a system call per folder level per file."""
    return os.path.realpath(folder)


def real_path(path: str | Path) -> str:
    """Where a file really is (``os.path.realpath``), from its folder's real place
    (:func:`real_folder`) unless the file itself is a symbolic link."""
    text = os.fspath(path)
    head, name = os.path.split(text)
    if name in ("", os.curdir, os.pardir) or os.path.islink(text):
        return os.path.realpath(text)
    return os.path.join(real_folder(os.path.abspath(head or os.curdir)), name)


def say_not_read(paths: Iterable[Path], cwd: Path | None = None) -> None:
    """The notice (on standard error, never a finding) for files left unread because a
    symbolic link takes them out of the workspace; each path once, escaped."""
    import sys

    from cjmap.util.textsafe import escape_control

    cwd = cwd or Path.cwd()
    shown: set[str] = set()
    for path in paths:
        try:
            name = path.absolute().relative_to(cwd.absolute()).as_posix()
        except ValueError:
            name = os.fspath(path)
        if name in shown:
            continue
        shown.add(name)
        print(
            f"cjmap: not read: {escape_control(name)}: a symbolic link takes it outside the "
            "workspace (copy the file into the workspace to check it)",
            file=sys.stderr,
        )


def walk(
    root: Path,
    globs: Globs,
    folder: Path | None = None,
    *,
    outside: list[Path] | None = None,
    listed: list[str] | None = None,
) -> list[Path]:
    """:func:`walk_names`, as paths."""
    return [Path(name) for name in walk_names(root, globs, folder, outside=outside, listed=listed)]


def walk_names(
    root: Path,
    globs: Globs,
    folder: Path | None = None,
    *,
    outside: list[Path] | None = None,
    listed: list[str] | None = None,
) -> list[str]:
    """Every workspace file under ``folder`` (default: the root), sorted as paths sort
    (folder by folder), as the system's path strings: a workspace of ten thousand files
    makes no ``Path`` object for each.

    Symbolic links are followed only where they stay inside the workspace: a linked file or
    folder that leads out of it is left out, and added to ``outside`` when given. ``listed``
    receives every folder whose entries were read (:mod:`cjmap.validate.replay` looks at
    their names again to learn whether a file was added, removed or renamed)."""
    start = folder or root
    if leaves_root(start, root):
        if outside is not None:
            outside.append(start)
        return []
    found: list[str] = []
    for current, dirs, files in os.walk(start):
        if listed is not None:
            listed.append(current)
        rel_here = relative_to_root(Path(current), root)
        kept = []
        for name in sorted(dirs):
            rel = f"{rel_here}/{name}" if rel_here not in (None, "", ".") else name
            if os.path.exists(os.path.join(current, name, "pyvenv.cfg")):
                continue  # a virtual environment: its packages' YAML is not ours
            if rel_here is None or globs.wants_folder(rel):
                kept.append(name)
        dirs[:] = kept
        for name in files:
            rel = f"{rel_here}/{name}" if rel_here not in (None, "", ".") else name
            if rel_here is None:
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    found.append(os.path.join(current, name))
            elif globs.wants_file(rel):
                found.append(os.path.join(current, name))
    kept_files = []
    for path in found:
        if os.path.islink(path):
            if not os.path.exists(path):
                continue  # a link to nothing is no file of the workspace
            if leaves_root(path, root):
                if outside is not None:
                    outside.append(Path(path))
                continue
        kept_files.append(path)
    kept_files.sort(key=_path_parts)
    return kept_files


def _path_parts(path: str) -> str:
    """The sort key of a path: it sorts as its parts do (as ``Path`` objects compare), the
    separator written as the one character below every character of a name."""
    return path.replace(os.sep, "\0")


def expand(
    paths: Iterable[str],
    root: Path,
    globs: Globs,
    cwd: Path | None = None,
    listed: list[str] | None = None,
) -> FileSet:
    """The files named by ``paths`` (files or folders; ``-`` is left to the caller).

    A missing path is a usage error. A folder is walked with the workspace's globs. A file
    named on the command line is taken unless the workspace's globs exclude it (pre-commit
    passes every changed YAML file; ``include``/``exclude`` say which are journey files).
    """
    cwd = cwd or Path.cwd()
    result = FileSet()
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            continue
        path = cwd / raw
        if not path.exists():
            raise UsageError(f"no such file or folder: {escape_control(raw)}")
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise UsageError(f"cannot read folder: {escape_control(raw)}")
            candidates = walk_names(root, globs, path, outside=result.outside, listed=listed)
        else:
            if leaves_root(path, root):
                result.outside.append(path)
                continue
            rel = relative_to_root(path, root)
            if rel is not None and not globs.wants_file(rel):
                result.skipped.append(path)
                continue
            candidates = [os.fspath(path)]
        for candidate in candidates:
            key = real_path(candidate)
            if key not in seen:
                seen.add(key)
                result.files.append(candidate)
    return result


def collect_files(paths: list[str], cwd: Path | None = None) -> list[str]:
    """The workspace files named by ``paths``, or the whole workspace when none are given.

    The workspace's ``include``/``exclude`` come from ``cjmap.yaml`` when it can be read; a
    broken ``cjmap.yaml`` falls back to the defaults (``validate`` reports its problems).
    """
    root, has_config = root_for(paths, cwd)
    globs = read_globs(root) if has_config else Globs()
    if not paths:
        outside: list[Path] = []
        files = walk_names(root, globs, outside=outside)
        say_not_read(outside, cwd)
        return files
    found = expand(paths, root, globs, cwd)
    say_not_read(found.outside, cwd)
    return found.files


def read_globs(root: Path) -> Globs:
    """The include/exclude globs of ``root/cjmap.yaml`` (defaults when absent or broken)."""
    from cjmap.document.load import DEFAULT_MAX_BYTES, load_bytes
    from cjmap.util.fsutil import FileTooLarge, NotRegularFile, read_regular

    config = root / CONFIG_NAME
    if leaves_root(config, root):
        return Globs()
    try:
        data = read_regular(config, DEFAULT_MAX_BYTES)
    except (OSError, NotRegularFile, FileTooLarge):
        return Globs()
    loaded = load_bytes(data, CONFIG_NAME)
    for document in loaded.documents:
        if isinstance(document.data, dict) and document.data.get("kind") == "workspace":
            return globs_from(document.data)
    return Globs()


def globs_from(data: dict[str, object]) -> Globs:
    """Globs from a workspace document's plain data, ignoring values of the wrong type."""
    include = data.get("include")
    exclude = data.get("exclude")
    return Globs(
        include=tuple(str(p) for p in include if isinstance(p, str))
        if isinstance(include, list) and include
        else DEFAULT_INCLUDE,
        exclude=tuple(str(p) for p in exclude if isinstance(p, str))
        if isinstance(exclude, list)
        else (),
    )
