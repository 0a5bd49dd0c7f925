"""Git, read through its plumbing commands: the one place cjmap runs git.

Git is run with fixed argument lists and no prompt; revisions are resolved to commit ids
first, so a revision can never be read as an option. Git's failures become
:class:`~cjmap.util.errors.UsageError` (exit 2) in plain words.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from cjmap.util.errors import UsageError


class Git:
    """The git repository that holds ``cwd``, driven through git's plumbing commands."""

    def __init__(self, cwd: Path, *, purpose: str = "REV:path and --git read from git") -> None:
        self.cwd = cwd
        self.purpose = purpose
        self.top = Path(self._text("rev-parse", "--show-toplevel", where="cwd"))
        # One process for both: the flag is the last line, whatever the prefix holds.
        prefix, _, flag = self._text(
            "rev-parse", "--show-prefix", "--is-shallow-repository", where="cwd"
        ).rpartition("\n")
        self.prefix = prefix
        self.shallow = flag == "true"
        """A shallow clone: its history stops short (CI's default checkout is one commit)."""

    def _run(
        self, *args: str, where: str = "top", stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        cwd = self.cwd if where == "cwd" else self.top
        try:
            return subprocess.run(
                ["git", *args],
                cwd=cwd,
                input=stdin,
                capture_output=True,
                env=_environment(),
                check=False,
            )
        except FileNotFoundError as exc:
            raise UsageError(f"git is not installed (or not on PATH); {self.purpose}") from exc
        except OSError as exc:
            raise UsageError(f"cannot run git: {exc.strerror or exc}") from exc

    def _text(self, *args: str, where: str = "top") -> str:
        result = self._run(*args, where=where)
        if result.returncode != 0:
            raise UsageError(self._failure(args, result.stderr))
        return os.fsdecode(result.stdout).rstrip("\n")

    def _failure(self, args: Sequence[str], stderr: bytes) -> str:
        detail = _first_line(stderr)
        if "not a git repository" in detail:
            return f"{self.cwd} is not inside a git repository ({self.purpose})"
        return f"git {args[0]} failed: {detail or 'no message'}"

    def commit(self, rev: str) -> str:
        """The commit id of ``rev``; an unknown revision is a usage error."""
        if not rev or rev.startswith("-") or any(ch in rev for ch in "\n\r\0"):
            raise UsageError(f"'{_show(rev)}' is not a git revision")
        result = self._run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if result.returncode != 0:
            if rev == "HEAD" and not self._run("rev-list", "-n", "1", "--all").stdout.strip():
                raise UsageError(
                    f"the git repository in {self.top} has no commits yet: commit your "
                    "journeys first (git add, then git commit), then run this again"
                )
            raise UsageError(
                f"unknown revision '{_show(rev)}': git cannot find it in {self.top}"
                " (in CI, fetch it first: actions/checkout with fetch-depth: 0)"
            )
        return os.fsdecode(result.stdout).strip()

    def is_commit(self, rev: str) -> bool:
        """Whether ``rev`` names a commit (without raising)."""
        if not rev or rev.startswith("-") or any(ch in rev for ch in "\n\r\0"):
            return False
        result = self._run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        return result.returncode == 0

    def object_type(self, commit: str, path: str) -> str | None:
        """``blob``, ``tree`` (a folder), or None when ``path`` is not in ``commit``."""
        result = self._run("cat-file", "-t", f"{commit}:{path}")
        if result.returncode != 0:
            return None
        return os.fsdecode(result.stdout).strip()

    def list_files(self, commit: str, folder: str) -> list[str]:
        """Every regular file under ``folder`` (a path from the top; ``""``: all) in
        ``commit``; symbolic links and submodules are left out."""
        result = self._run("ls-tree", "-r", "-z", commit, "--", folder or ".")
        if result.returncode != 0:
            raise UsageError(self._failure(("ls-tree",), result.stderr))
        files = []
        for entry in result.stdout.split(b"\0"):
            info, _, name = entry.partition(b"\t")
            mode, _, kind = info.partition(b" ")
            if name and kind.startswith(b"blob") and mode != b"120000":
                files.append(os.fsdecode(name))
        return files

    def read_files(
        self, commit: str, paths: Sequence[str], limit: int
    ) -> tuple[dict[str, bytes], dict[str, int]]:
        """The contents of ``paths`` (from the top) in ``commit``, and the sizes of those over
        ``limit`` bytes, which are never read: git is asked for every size first
        (``cat-file --batch-check``), then for the blobs within the limit only."""
        wanted = [path for path in paths if "\n" not in path]
        if not wanted:
            return {}, {}
        request = "".join(f"{commit}:{path}\n" for path in wanted).encode()
        checked = self._run("cat-file", "--batch-check", stdin=request)
        if checked.returncode != 0:
            raise UsageError(self._failure(("cat-file",), checked.stderr))
        ids: dict[str, str] = {}
        too_large: dict[str, int] = {}
        for path, line in zip(wanted, checked.stdout.split(b"\n"), strict=False):
            header = line.split()
            if len(header) != 3 or header[1] != b"blob":
                continue  # missing, or a tree or a submodule: nothing to read
            size = int(header[2])
            if size > limit:
                too_large[path] = size
            else:
                ids[path] = os.fsdecode(header[0])
        if not ids:
            return {}, too_large
        request = "".join(f"{oid}\n" for oid in ids.values()).encode()
        result = self._run("cat-file", "--batch", stdin=request)
        if result.returncode != 0:
            raise UsageError(self._failure(("cat-file",), result.stderr))
        out = result.stdout
        found: dict[str, bytes] = {}
        offset = 0
        for path in ids:
            end = out.index(b"\n", offset)
            header = out[offset:end].split()
            offset = end + 1
            if len(header) < 3 or header[-1] == b"missing":
                continue
            size = min(int(header[2]), limit + 1)
            found[path] = out[offset : offset + size]
            offset += int(header[2]) + 1
        return found, too_large

    def first_parent_log(self, tip: str, folder: str) -> list[LogCommit]:
        """The commits on the first-parent line of ``tip`` (a commit id) that change a file
        under ``folder`` (a path from the top; ``""``: anywhere), oldest first, each with
        the files it changed. A merge counts with its changes against its first parent.

        One ``git log`` process: ``--raw -z`` gives, per commit, each changed path with
        the id of its new blob, so no tree is ever listed."""
        result = self._run(
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--root",
            "--reverse",
            "--no-color",
            "--format=%x1e%H %P%x1f%cI%x1f%s",
            tip,
            "--",
            folder or ".",
        )
        if result.returncode != 0:
            raise UsageError(self._failure(("log",), result.stderr))
        return parse_log(result.stdout)

    def first_parent_ids(
        self, tip: str, *, base: str | None = None, since: str | None = None
    ) -> set[str]:
        """The ids of the commits on the first-parent line of ``tip``, without those
        reachable from ``base``, and with ``since`` only those git's ``--since`` keeps
        (``tip`` and ``base``: commit ids)."""
        args = ["rev-list", "--first-parent"]
        if since is not None:
            args.append(f"--since={since}")
        args.append(tip)
        if base is not None:
            args.append(f"^{base}")
        result = self._run(*args)
        if result.returncode != 0:
            raise UsageError(self._failure(("rev-list",), result.stderr))
        return set(os.fsdecode(result.stdout).split())

    def blobs(self) -> BlobStream:
        """One ``git cat-file --batch`` process that reads any number of blobs (close it, or
        use it as a context manager)."""
        return BlobStream(self)

    def repo_path(self, path: Path) -> str | None:
        """``path`` (absolute) as a ``/``-separated path from the top, None when outside."""
        try:
            relative = path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            return None
        return "" if relative == "." else relative


@dataclass(frozen=True, slots=True)
class Change:
    """A file a commit changed: its path from the top, and its new blob id (None when the
    commit deleted it or made it something other than a regular file)."""

    path: str
    blob: str | None


@dataclass(frozen=True, slots=True)
class LogCommit:
    """A commit of :meth:`Git.first_parent_log`: its id, its parents' ids, its committer
    date (ISO 8601), its subject line and the files it changed."""

    id: str
    parents: tuple[str, ...]
    date: str
    subject: str
    changes: tuple[Change, ...]


_REGULAR = (b"100644", b"100755")


def parse_log(out: bytes) -> list[LogCommit]:
    """The commits of ``git log --raw -z --format=%x1e%H %P%x1f%cI%x1f%s``.

    Each header is a field ending in NUL that starts with ``\\x1e``; each change is a field
    ``:modes ids status`` followed by a field with the path (paths are never quoted with
    ``-z``, whatever they hold)."""
    commits: list[LogCommit] = []
    fields = out.split(b"\0")
    header: list[bytes] | None = None
    changes: list[Change] = []

    def flush() -> None:
        if header is not None:
            ids = header[0].split()
            commits.append(
                LogCommit(
                    os.fsdecode(ids[0]),
                    tuple(os.fsdecode(p) for p in ids[1:]),
                    os.fsdecode(header[1]) if len(header) > 1 else "",
                    header[2].decode("utf-8", "replace") if len(header) > 2 else "",
                    tuple(changes),
                )
            )

    at = 0
    while at < len(fields):
        field = fields[at].lstrip(b"\n")
        at += 1
        if field.startswith(b"\x1e"):
            flush()
            header = field[1:].split(b"\x1f", 2)
            changes = []
        elif field.startswith(b":") and at < len(fields):
            path = os.fsdecode(fields[at])
            at += 1
            meta = field[1:].split()
            # :old-mode new-mode old-id new-id status
            if len(meta) >= 5:
                kept = meta[4][:1] != b"D" and meta[1] in _REGULAR
                changes.append(Change(path, os.fsdecode(meta[3]) if kept else None))
    flush()
    return commits


class BlobStream:
    """A long-running ``git cat-file --batch``: blobs asked for one at a time, each read by
    its exact byte count from the header git writes before it."""

    def __init__(self, repo: Git) -> None:
        try:
            self._process: subprocess.Popen[bytes] = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=repo.top,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except OSError as exc:
            raise UsageError(f"cannot run git: {exc.strerror or exc}") from exc
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._out: IO[bytes] = self._process.stdout

    def read(self, oid: str, limit: int) -> bytes | int | None:
        """The blob ``oid``: its bytes; its size, unkept, when over ``limit`` bytes; None
        when git does not have it."""
        if len(oid) not in (40, 64) or any(ch not in "0123456789abcdef" for ch in oid):
            raise UsageError(f"'{_show(oid)}' is not a git object id")
        try:
            self._in.write(f"{oid}\n".encode())
            self._in.flush()
            header = self._out.readline().split()
        except (BrokenPipeError, OSError) as exc:
            raise UsageError("git cat-file stopped while reading the history") from exc
        if len(header) == 2 and header[1] == b"missing":
            return None
        if len(header) != 3:
            raise UsageError("git cat-file answered in a form cjmap does not know")
        size = int(header[2])
        if size > limit:
            left = size + 1
            while left:
                chunk = self._out.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
            return size
        data = self._out.read(size + 1)
        if len(data) != size + 1:
            raise UsageError("git cat-file stopped while reading the history")
        return data[:size]

    def close(self) -> None:
        """End the process (it ends by itself once its input is closed)."""
        with contextlib.suppress(OSError):
            self._in.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        with contextlib.suppress(OSError):
            self._out.close()

    def __enter__(self) -> BlobStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _environment() -> dict[str, str]:
    """The environment git runs in: never a prompt, never an optional lock (reading must
    not block a git command the user runs meanwhile)."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line.removeprefix("fatal: ").removeprefix("error: ")


def _show(text: str) -> str:
    from cjmap.util.textsafe import escape_control

    return escape_control(text)
