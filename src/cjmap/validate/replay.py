"""A run of ``validate`` replayed from the workspace cache, when nothing it read has changed.

The per-file cache (:mod:`cjmap.validate.cached`) spares reading unchanged files, but a run
still loads every entry, builds the models' validators and runs the checks across files. A
pre-commit hook or an editor's on-save check mostly asks the same question again of a
workspace that did not change: this module keeps, for each recent way of calling ``validate``
(the same folder, paths, size limit and day), the report it gave and what it read — the
``/``-separated path of every file, with a hash of their sizes and modification times and
of the names in every folder that was listed to find them. When all of those are as they
were (a file added, removed or renamed changes its folder's names), the report is the one
stored, and nothing else is read or imported.

The same trust rules as the per-file cache: a file modified less than
:data:`~cjmap.workspace.cache.RACY_NS` before the record was written may have changed again
within one tick of the clock, so such a record is not used; a record that is truncated,
corrupt, of another version or of the wrong shape is not used; cjmap.yaml is one of the files.
Nothing is recorded for standard input, without a ``cjmap.yaml`` (no workspace to keep it
in), or when a link took a file out of the workspace (the notice about it must be said).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cjmap.document.problems import Problem, Summary
from cjmap.validate.report import Report
from cjmap.workspace.cache import (
    FOLDER,
    RACY_NS,
    digest,
    disabled,
    fingerprint,
    is_linked,
    read_sealed,
    write_sealed,
)
from cjmap.workspace.files import CONFIG_NAME, STDIN, command_root

PREFIX = "validate.run-"
"""Each record is a file ``.cjmap_cache/validate.run-<hash of the call>``."""
KEEP = 8
"""How many records (ways of calling ``validate``) are kept; the oldest go first."""
MAX_RECORD_BYTES = 64 * 1024 * 1024
_PROBLEM_FIELDS = tuple(Problem(".", 1, 1, 1, 1, "-", "info", "-").to_dict())


def replay(
    paths: Sequence[str],
    *,
    stdin_name: str | None,
    max_bytes: int,
    no_cache: bool = False,
    cwd: Path | None = None,
) -> Report | None:
    """The report of an earlier identical run when nothing it read has changed; else None."""
    if disabled(no_cache) or STDIN in paths:
        return None
    cwd = cwd or Path.cwd()
    root, has_config = command_root(paths, stdin_name, cwd)
    if not has_config:
        return None
    record = _load(_record_file(root, _call(paths, stdin_name, max_bytes, cwd)))
    if record is None:
        return None
    content, written_ns = record
    try:
        files = content["files"].split("\n") if content["files"] else []
        folders = content["folders"]
        if _state(root, files, folders, written_ns) != content["state"]:
            return None
        return _report(content["report"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


class Recorder:
    """What a full run reads, taken before it reads the files (``started_ns``: when it
    began); :meth:`save` stores it with the run's report."""

    def __init__(
        self,
        paths: Sequence[str],
        *,
        stdin_name: str | None,
        max_bytes: int,
        cwd: Path,
        root: Path,
        files: Iterable[str],
        folders: Iterable[str],
        started_ns: int,
    ) -> None:
        self.root = root
        self.file = _record_file(root, _call(paths, stdin_name, max_bytes, cwd))
        keys = {os.path.relpath(path, root).replace(os.sep, "/") for path in files}
        keys.add(CONFIG_NAME)
        self.files = sorted(keys)
        self.folders = sorted({os.path.relpath(f, root).replace(os.sep, "/") for f in folders})
        # Taken now, after cjmap.yaml was read: anything modified since the run started (or
        # just before) may not be what was read, and leaves the run unrecorded.
        self.state = _state(root, self.files, self.folders, started_ns)

    def save(self, report: Report) -> None:
        """Store the record; silently nothing when the workspace cannot be written, or when
        a file could not be looked at (its state is None)."""
        if self.state is None or is_linked(self.file.parent):
            return
        content = {
            "files": "\n".join(self.files),
            "folders": self.folders,
            "state": self.state,
            "report": _plain(report),
        }
        index = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with contextlib.suppress(Exception):
            write_sealed(self.file, index)
            _forget_oldest(self.file.parent)


def _call(paths: Sequence[str], stdin_name: str | None, max_bytes: int, cwd: Path) -> str:
    """A hash of the way ``validate`` was called: what its report depends on besides the
    files (the ``stale`` rule reads today's date, so a record lasts a day at most)."""
    from cjmap import __version__

    return fingerprint(
        __version__,
        os.path.realpath(cwd),
        list(paths),
        stdin_name,
        max_bytes,
        dt.date.today().isoformat(),
    )


def _record_file(root: Path, call: str) -> Path:
    return root / FOLDER / f"{PREFIX}{call}"


def _load(file: Path) -> tuple[dict[str, Any], int] | None:
    try:
        sealed = read_sealed(file, MAX_RECORD_BYTES)
        if sealed is None:
            return None
        index, _, written_ns = sealed
        content = json.loads(index)
    except Exception:  # absent, unreadable, not JSON: no record
        return None
    if not isinstance(content, dict):
        return None
    return content, written_ns


def _state(
    root: Path, files: Sequence[str], folders: Sequence[str], written_ns: int | None
) -> str | None:
    """A hash of the sizes and times of ``files`` and of the names in ``folders``; None
    when one cannot be looked at, or (given when the record was written) a file was modified
    too shortly before it to be trusted.

    A folder stands for its names, not its time: cjmap's own cache folder appearing in the
    root must not count, and hidden names never make a workspace file (so they are left
    out; a swap file an editor leaves beside a journey changes nothing)."""
    base = os.fspath(root)
    numbers: list[int] = []
    names: list[str] = []
    newest = 0
    try:
        with _stat_in(base) as stat:
            for name in files:
                info = stat(name)
                numbers += (info.st_size, info.st_mtime_ns)
                newest = max(newest, info.st_mtime_ns)
        for name in folders:
            listed = sorted(n for n in os.listdir(os.path.join(base, name)) if n[:1] != ".")
            names.append("\n".join(listed))
    except (OSError, ValueError):
        return None
    if written_ns is not None and newest >= written_ns - RACY_NS:
        return None
    text = json.dumps([numbers, names], ensure_ascii=False)
    return digest(text.encode("utf-8", "surrogateescape"))


@contextlib.contextmanager
def _stat_in(base: str) -> Iterator[Callable[[str], os.stat_result]]:
    """``os.stat`` of paths relative to a folder, opened once where the system allows it
    (ten thousand files looked up from the folder, not each from the file system's root)."""
    if os.stat not in os.supports_dir_fd or not hasattr(os, "O_DIRECTORY"):
        yield lambda name: os.stat(os.path.join(base, name))
        return
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield lambda name: os.stat(name, dir_fd=fd)
    finally:
        os.close(fd)


def _plain(report: Report) -> dict[str, Any]:
    return {
        "problems": [
            [*p.to_dict().values(), list(p.excerpt) if p.excerpt else None] for p in report.problems
        ],
        "summary": report.summary.to_dict(),
        "skipped": [os.fspath(path) for path in report.skipped],
        "files": list(report.files),
        "lone": report.lone,
    }


def _report(plain: dict[str, Any]) -> Report:
    problems = []
    for item in plain["problems"]:
        *values, excerpt = item
        fields = dict(zip(_PROBLEM_FIELDS, values, strict=True))
        problem = Problem(**fields, excerpt=None if excerpt is None else tuple(excerpt))
        problems.append(problem)
    return Report(
        tuple(problems),
        Summary(**plain["summary"]),
        tuple(Path(p) for p in plain["skipped"]),
        tuple(plain["files"]),
        bool(plain["lone"]),
    )


def _forget_oldest(folder: Path) -> None:
    """Keep the :data:`KEEP` newest records."""
    records = sorted(
        (entry.stat().st_mtime_ns, entry.path)
        for entry in os.scandir(folder)
        if entry.name.startswith(PREFIX)
    )
    for _, path in records[:-KEEP]:
        with contextlib.suppress(OSError):
            os.unlink(path)
