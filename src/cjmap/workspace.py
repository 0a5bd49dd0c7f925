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

from cjmap.errors import UsageError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

CONFIG_NAME = "cjmap.yaml"
DEFAULT_INCLUDE = ("*.yaml", "*.yml")
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
        if not _spec(self.include).match_file(relative):
            return False
        return not _spec(self.exclude).match_file(relative)

    def wants_folder(self, relative: str) -> bool:
        """Whether to walk into a folder (the root's own output folder is never read).

        An excluded folder is not walked, unless a ``!`` pattern may take back a file in it.
        """
        name = relative.rsplit("/", 1)[-1]
        if self._skips_folder(name) or relative == self.output:
            return False
        if any(pattern.startswith("!") for pattern in self.exclude):
            return True
        return not _spec(self.exclude).match_file(relative + "/")

    @staticmethod
    def _skips_folder(name: str) -> bool:
        return name.startswith(".") or name in ALWAYS_SKIPPED


MAX_GLOB_LENGTH = 256
MAX_WILDCARDS = 3
MAX_DEEP_WILDCARDS = 2
MAX_WILDCARDS_IN_A_NAME = 2


def glob_problem(pattern: str) -> str | None:
    """Why a glob is refused, in plain words, or None when it is within bounds.

    Globs are matched as regular expressions, whose time grows with the length of a path to
    the power of the number of wildcards: each ``*`` or ``**`` more multiplies it. The bounds
    keep every match of every path fast (see SECURITY.md) and allow every usual pattern,
    such as ``journeys/**/*.yaml`` or ``**/drafts/**``. Consecutive ``**/`` count once.
    """
    if len(pattern) > MAX_GLOB_LENGTH:
        return (
            f"the pattern is {len(pattern):,} characters long, over the limit of {MAX_GLOB_LENGTH}"
        )
    names = [name for name in pattern.lstrip("!").split("/") if name]
    deep = total = 0
    previous = ""
    for name in names:
        if name == "**":
            if previous != "**":
                deep += 1
                total += 1
        else:
            runs = sum(1 for i, char in enumerate(name) if char == "*" and name[i - 1 : i] != "*")
            if runs > MAX_WILDCARDS_IN_A_NAME:
                return (
                    f"the name {name!r} in the pattern holds {runs} '*' wildcards; "
                    f"at most {MAX_WILDCARDS_IN_A_NAME} are allowed in one name"
                )
            total += runs
        previous = name
    if deep > MAX_DEEP_WILDCARDS:
        return f"the pattern holds {deep} '**' folders; at most {MAX_DEEP_WILDCARDS} are allowed"
    if total > MAX_WILDCARDS:
        return (
            f"the pattern holds {total} '*' and '**' wildcards; at most {MAX_WILDCARDS} are allowed"
        )
    return None


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """The patterns as git's wildmatch, leaving out those :func:`glob_problem` refuses
    (``validate`` reports them on ``cjmap.yaml``)."""
    from pathspec import GitIgnoreSpec

    kept = [p for p in patterns if p.strip() and glob_problem(p) is None]
    # A line that starts with '#' is a comment in .gitignore; here it is a name.
    return GitIgnoreSpec.from_lines("\\" + p if p.startswith("#") else p for p in kept)


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``cjmap.yaml``."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
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


@dataclass(slots=True)
class FileSet:
    """The files a command works on, and those it skipped because the workspace excludes them."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def relative_to_root(path: Path, root: Path) -> str | None:
    """``path`` as a ``/``-separated path from ``root``, or None when it lies outside."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def walk(root: Path, globs: Globs, folder: Path | None = None) -> list[Path]:
    """Every workspace file under ``folder`` (default: the root), sorted."""
    start = folder or root
    found: list[Path] = []
    for current, dirs, files in os.walk(start):
        here = Path(current)
        rel_here = relative_to_root(here, root)
        kept = []
        for name in sorted(dirs):
            rel = f"{rel_here}/{name}" if rel_here not in (None, "", ".") else name
            if (here / name / "pyvenv.cfg").exists():
                continue  # a virtual environment: its packages' YAML is not ours
            if rel_here is None or globs.wants_folder(rel):
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            rel = f"{rel_here}/{name}" if rel_here not in (None, "", ".") else name
            if rel_here is None:
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    found.append(here / name)
            elif globs.wants_file(rel):
                found.append(here / name)
    # A symbolic link to nothing is no file of the workspace (reading it would stop the run).
    return sorted(path for path in found if not path.is_symlink() or path.exists())


def expand(paths: Iterable[str], root: Path, globs: Globs, cwd: Path | None = None) -> FileSet:
    """The files named by ``paths`` (files or folders; ``-`` is left to the caller).

    A missing path is a usage error. A folder is walked with the workspace's globs. A file
    named on the command line is taken unless the workspace's globs exclude it (pre-commit
    passes every changed YAML file; ``include``/``exclude`` say which are journey files).
    """
    cwd = cwd or Path.cwd()
    result = FileSet()
    seen: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            continue
        path = cwd / raw
        if not path.exists():
            raise UsageError(f"no such file or folder: {raw}")
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise UsageError(f"cannot read folder: {raw}")
            candidates = walk(root, globs, path)
        else:
            rel = relative_to_root(path, root)
            if rel is not None and not globs.wants_file(rel):
                result.skipped.append(path)
                continue
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                result.files.append(candidate)
    return result


def collect_files(paths: list[str], cwd: Path | None = None) -> list[Path]:
    """The workspace files named by ``paths``, or the whole workspace when none are given.

    The workspace's ``include``/``exclude`` come from ``cjmap.yaml`` when it can be read; a
    broken ``cjmap.yaml`` falls back to the defaults (``validate`` reports its problems).
    """
    root, has_config = root_for(paths, cwd)
    globs = read_globs(root) if has_config else Globs()
    if not paths:
        return walk(root, globs)
    return expand(paths, root, globs, cwd).files


def read_globs(root: Path) -> Globs:
    """The include/exclude globs of ``root/cjmap.yaml`` (defaults when absent or broken)."""
    from cjmap.load import load_bytes

    try:
        data = (root / CONFIG_NAME).read_bytes()
    except OSError:
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
