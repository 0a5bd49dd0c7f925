"""Git, read through its plumbing commands: the one place cjmap runs git.

Git is run with fixed argument lists and no prompt; revisions are resolved to commit ids
first, so a revision can never be read as an option. Git's failures become
:class:`~cjmap.util.errors.UsageError` (exit 2) in plain words.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from cjmap.util.errors import UsageError


class Git:
    """The git repository that holds ``cwd``, driven through git's plumbing commands."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.top = Path(self._text("rev-parse", "--show-toplevel", where="cwd"))
        self.prefix = self._text("rev-parse", "--show-prefix", where="cwd")

    def _run(
        self, *args: str, where: str = "top", stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
        cwd = self.cwd if where == "cwd" else self.top
        try:
            return subprocess.run(
                ["git", *args],
                cwd=cwd,
                input=stdin,
                capture_output=True,
                env=env,
                check=False,
            )
        except FileNotFoundError as exc:
            raise UsageError(
                "git is not installed (or not on PATH); reading REV:path and --git needs it"
            ) from exc
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
            return f"{self.cwd} is not inside a git repository (REV:path and --git read from git)"
        return f"git {args[0]} failed: {detail or 'no message'}"

    def commit(self, rev: str) -> str:
        """The commit id of ``rev``; an unknown revision is a usage error."""
        if not rev or rev.startswith("-") or any(ch in rev for ch in "\n\r\0"):
            raise UsageError(f"'{_show(rev)}' is not a git revision")
        result = self._run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if result.returncode != 0:
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

    def repo_path(self, path: Path) -> str | None:
        """``path`` (absolute) as a ``/``-separated path from the top, None when outside."""
        try:
            relative = path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            return None
        return "" if relative == "." else relative


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line.removeprefix("fatal: ").removeprefix("error: ")


def _show(text: str) -> str:
    from cjmap.util.textsafe import escape_control

    return escape_control(text)
