"""``cjmap fmt``: rewrite journey, persona and workspace files in canonical form.

Exit codes: 0 when every file is (or now is) formatted; 1 when ``--check`` finds a file that
would change, or a file cannot be parsed or formatted; 2 for a path that does not exist or
cannot be read. ``--diff`` alone shows the changes and exits 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli._options import no_cache_option, paths_argument
from cjmap.util.errors import ExitCode, UsageError
from cjmap.util.textsafe import escape_control

if TYPE_CHECKING:
    from cjmap.workspace.cache import Cache, Stat

STDIN = "-"
STDIN_NAME = "<stdin>"


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument(
            "Files or folders to format (default: the workspace); '-' reads standard "
            "input and writes the result to standard output."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list the files that would change and exit 1 if there are any.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Write nothing; print a unified diff of the changes to standard output.",
        ),
    ] = False,
    no_cache: Annotated[bool, no_cache_option()] = False,
) -> int:
    """Format files in canonical form: key order, indentation, comments kept."""
    given = list(paths or [])
    if STDIN in given:
        if len(given) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        return _format_stdin(check=check, diff=diff)
    for raw in given:
        if not os.path.exists(raw):
            raise UsageError(f"no such path: {escape_control(raw)}")
    from cjmap.workspace.files import root_for

    root, has_config = root_for(given)
    cache = _open_cache(root, no_cache) if has_config or not given else None
    return _format_files(_discover(given), root, check=check, diff=diff, cache=cache)


def _discover(paths: list[str]) -> list[str]:
    from cjmap.workspace.files import collect_files

    return collect_files(paths)


def _format_files(
    files: list[str], root: Path, *, check: bool, diff: bool, cache: Cache | None = None
) -> int:
    """Format ``files``; a file reached through a symbolic link is written only when it
    lies inside ``root``, the workspace. A file the cache knows to be formatted already is
    not formatted again."""
    from cjmap.fmt.formatter import FormatError, format_job, write_result
    from cjmap.util.fsutil import WriteRefused
    from cjmap.util.parallel import parallel_map
    from cjmap.workspace.cache import digest

    # --check alone only needs to know whether a file changes; a diff or a write needs the
    # settled result.
    settle = diff or not check
    pending, stats, unchanged = _known_formatted(files, cache)
    outcomes = parallel_map(format_job, [(str(path), settle) for path in pending])
    changed = failed = unreadable = 0
    for path, result in zip(pending, outcomes, strict=True):
        name = _display(path)
        if isinstance(result, FormatError):
            _say(result.located(name))
            failed += 1
            continue
        if isinstance(result, OSError):
            _say(f"{name}: cannot read: {result.strerror or result}")
            unreadable += 1
            continue
        if not result.changed:
            unchanged += 1
            if cache is not None and path in stats:
                key, stat = stats[path]
                cache.put(key, stat, digest(result.before), None)
            continue
        changed += 1
        if diff:
            _write(result.diff(name))
        if check:
            _say(f"would reformat {name}")
        elif not diff:
            try:
                write_result(result, inside=root)
            except WriteRefused as exc:
                _say(f"{name}: cannot write: {exc.reason}")
                failed += 1
                changed -= 1
                continue
            except OSError as exc:
                _say(f"{name}: cannot write: {exc.strerror or exc}")
                failed += 1
                changed -= 1
                continue
            _say(f"reformatted {name}")
    if cache is not None:
        cache.save()
    _say(_summary(changed, unchanged, failed + unreadable, dry_run=check or diff))
    if unreadable:
        return ExitCode.USAGE
    if failed or (check and changed):
        return ExitCode.FINDINGS
    return ExitCode.OK


FMT_CACHE = "fmt.cache"


def _open_cache(root: Path, no_cache: bool) -> Cache | None:
    """The workspace's cache of files known to be formatted (by this version of cjmap:
    ``fmt`` has no settings), or None when turned off by ``--no-cache`` or
    ``CJMAP_NO_CACHE``."""
    from cjmap import __version__
    from cjmap.workspace.cache import Cache, disabled, fingerprint

    if disabled(no_cache):
        return None
    return Cache.open(Path(os.path.realpath(root)), FMT_CACHE, __version__, fingerprint("fmt"))


def _known_formatted(
    files: list[str], cache: Cache | None
) -> tuple[list[str], dict[str, tuple[str, Stat]], int]:
    """The files to format, the cache key and size/mtime (taken before any read) of each,
    and how many files the cache knows to be formatted already: their size and mtime are
    those recorded, or their bytes hash to the recorded hash."""
    if cache is None:
        return files, {}, 0
    from cjmap.document.load import DEFAULT_MAX_BYTES
    from cjmap.util.fsutil import read_regular
    from cjmap.workspace.cache import Stat, digest, key_of

    root = os.fspath(cache.file.parent.parent)
    pending: list[str] = []
    stats: dict[str, tuple[str, Stat]] = {}
    known = 0
    for path in files:
        key = key_of(path, root)
        stat = Stat.of(path) if key is not None else None
        if key is None or stat is None:
            pending.append(path)
            continue
        entry = cache.get(key)
        if entry is not None and cache.fresh(entry, stat):
            known += 1
            continue
        if entry is not None:
            try:
                hashed = digest(read_regular(path, DEFAULT_MAX_BYTES))
            except Exception:  # fmt itself says below what is wrong with the file
                hashed = None
            if hashed is not None and cache.same_bytes(entry, hashed):
                cache.put(key, stat, hashed, None)
                known += 1
                continue
        stats[path] = (key, stat)
        pending.append(path)
    return pending, stats, known


def _format_stdin(*, check: bool, diff: bool) -> int:
    from cjmap.document.load import DEFAULT_MAX_BYTES
    from cjmap.fmt.formatter import FormatError, format_bytes, unified_diff
    from cjmap.util.fsutil import read_stream

    data = read_stream(sys.stdin.buffer, DEFAULT_MAX_BYTES)  # an endless stream is refused
    try:
        formatted = format_bytes(data, settle=diff or not check)
    except FormatError as exc:
        _say(exc.located(STDIN_NAME))
        return ExitCode.FINDINGS
    if diff:
        _write(unified_diff(data, formatted, STDIN_NAME))
    if check:
        if formatted != data:
            _say(f"would reformat {STDIN_NAME}")
            return ExitCode.FINDINGS
        return ExitCode.OK
    if not diff:
        sys.stdout.flush()
        sys.stdout.buffer.write(formatted)
        sys.stdout.buffer.flush()
    return ExitCode.OK


def _summary(changed: int, unchanged: int, failed: int, *, dry_run: bool) -> str:
    verb = "would be reformatted" if dry_run else "reformatted"
    parts = [f"{_files(changed)} {verb}", f"{_files(unchanged)} already formatted"]
    if failed:
        parts.append(f"{_files(failed)} could not be formatted")
    return ", ".join(parts)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _display(path: str) -> str:
    """The path as the user would write it (relative to the current folder when inside it),
    its control characters escaped: it goes into messages and ``--diff`` headers."""
    try:
        name = Path(path).absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        name = path
    return escape_control(name)


def _write(text: str) -> None:
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()


def _say(message: str) -> None:
    from cjmap.cli._options import say

    say(message)
