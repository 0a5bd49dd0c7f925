"""The workspace cache, ``.cjmap_cache/`` at the workspace root: what a command learned of
each file, so that the next run reads only the files that changed.

One cache file per command (``validate.cache``, ``fmt.cache``), read and written whole. An
entry is keyed by the file's ``/``-separated path from the root and holds its size, its
``mtime_ns`` and a blake2b hash of its bytes, with what the command keeps of it (the
*payload*: plain JSON data). Whether an entry may be used is git's index rule:

- size and mtime equal, and the mtime safely older than the cache file itself → the entry
  stands for the file, which is not read (:meth:`Cache.fresh`);
- otherwise (changed, or "racy": written within :data:`RACY_NS` of the cache) the file is
  read and hashed, and a hash equal to the entry's stands for it (:meth:`Cache.same_bytes`).

The file is a data format that cannot run code: a header line (magic, format version, the
lengths of the two parts of the body, blake2b of the body), then a JSON index holding cjmap's
version, a *fingerprint* of everything a file's result depends on besides its bytes, and
the entries; then the entries' *details*, bytes that the index points into (at 10,000 files,
the index stays small enough to load in a few tens of milliseconds). Any mismatch, a truncated,
corrupt or foreign file, or a value of the wrong type makes the whole cache empty: it is
rebuilt, never trusted. Writes are atomic (a reader sees the old file or the new one), and a
workspace where the cache cannot be written works without one, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = ".cjmap_cache"
NO_CACHE_VARIABLE = "CJMAP_NO_CACHE"
MAGIC = b"cjmap-cache"
FORMAT = 1
"""The layout of a cache file; bumped when it changes."""
RACY_NS = 2_000_000_000
"""A file modified less than this before the cache was written may have been modified again
within the same tick of the file-system clock (two seconds on FAT): its entry is checked
against the file's bytes."""
MAX_CACHE_BYTES = 512 * 1024 * 1024
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by cjmap.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def disabled(no_cache: bool = False) -> bool:
    """Whether ``--no-cache`` or ``CJMAP_NO_CACHE`` (any value but empty or ``0``) is set."""
    value = os.environ.get(NO_CACHE_VARIABLE, "").strip()
    return no_cache or value not in ("", "0")


def digest(data: bytes) -> str:
    """The content hash of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    """A hash of plain JSON data: what a file's result depends on besides its bytes."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return digest(text.encode("ascii"))


@dataclass(frozen=True, slots=True)
class Entry:
    size: int
    mtime_ns: int
    hash: str
    payload: Any
    """Plain JSON data, parsed when the cache is loaded: keep it small."""
    detail: bytes = b""
    """Bytes kept apart from the JSON and parsed by the command only when it needs them (a
    file's findings: only when it is checked again)."""


@dataclass(frozen=True, slots=True)
class Stat:
    """A file's size and modification time, taken *before* its bytes are read (so a change
    while it is read shows as a changed mtime next time)."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> Stat | None:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        return cls(info.st_size, info.st_mtime_ns)


class Cache:
    """The entries of one command's cache file, as loaded; :meth:`save` writes them back."""

    def __init__(self, file: Path, version: str, fingerprint: str) -> None:
        self.file = file
        self.version = version
        self.fingerprint = fingerprint
        self.entries: dict[str, Entry] = {}
        self.written_ns = 0
        """When the cache file was written (its mtime, the file system's clock)."""
        self.dirty = False

    @classmethod
    def open(cls, root: Path, name: str, version: str, fingerprint: str) -> Cache:
        """The cache ``name`` of the workspace at ``root``; empty when absent, stale or
        broken in any way."""
        cache = cls(root / FOLDER / name, version, fingerprint)
        with contextlib.suppress(Exception):  # anything wrong: an empty cache, rebuilt
            cache._load()
        return cache

    def _load(self) -> None:
        sealed = read_sealed(self.file, MAX_CACHE_BYTES)
        if sealed is None:
            return
        index, details, written_ns = sealed
        content = json.loads(index)
        if not isinstance(content, dict) or content.get("version") != self.version:
            return
        if content.get("fingerprint") != self.fingerprint:
            return
        raw = content.get("entries")
        if not isinstance(raw, dict):
            return
        entries = {}
        for key, value in raw.items():
            if not (isinstance(value, list) and len(value) == 6):
                return
            size, mtime_ns, hashed, payload, start, length = value
            if not (_is_int(size) and _is_int(mtime_ns) and isinstance(hashed, str)):
                return
            if not (_is_int(start) and _is_int(length) and start + length <= len(details)):
                return
            entries[key] = Entry(size, mtime_ns, hashed, payload, details[start : start + length])
        self.entries = entries
        self.written_ns = written_ns

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def fresh(self, entry: Entry, stat: Stat | None) -> bool:
        """Whether ``entry`` stands for a file with ``stat`` without reading the file."""
        return (
            stat is not None
            and entry.size == stat.size
            and entry.mtime_ns == stat.mtime_ns
            and entry.mtime_ns < self.written_ns - RACY_NS
        )

    @staticmethod
    def same_bytes(entry: Entry | None, hashed: str) -> bool:
        """Whether ``entry`` stands for a file whose bytes hash to ``hashed``."""
        return entry is not None and entry.hash == hashed

    def put(self, key: str, stat: Stat, hashed: str, payload: Any, detail: bytes = b"") -> None:
        """Record what a file with ``stat`` and bytes hashing to ``hashed`` gave."""
        old = self.entries.get(key)
        entry = Entry(stat.size, stat.mtime_ns, hashed, payload, detail)
        if old != entry:
            self.entries[key] = entry
            self.dirty = True

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget the entries of files that are no longer in the workspace."""
        wanted = set(keys)
        for key in [k for k in self.entries if k not in wanted]:
            del self.entries[key]
            self.dirty = True

    def save(self) -> None:
        """Write the cache back when something changed: atomically, creating the folder (with
        its ``.gitignore`` and ``CACHEDIR.TAG``) when needed; silently not at all when the
        workspace cannot be written."""
        if not self.dirty:
            return
        with contextlib.suppress(Exception):
            self._write()

    def _write(self) -> None:
        if is_linked(self.file.parent):
            return
        entries = {}
        details = bytearray()
        for key, e in sorted(self.entries.items()):
            entries[key] = [e.size, e.mtime_ns, e.hash, e.payload, len(details), len(e.detail)]
            details += e.detail
        content = {"version": self.version, "fingerprint": self.fingerprint, "entries": entries}
        index = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_sealed(self.file, index, bytes(details))
        self.dirty = False


def read_sealed(file: Path, max_bytes: int) -> tuple[bytes, bytes, int] | None:
    """A cache file's index and details, and when it was written (its mtime); None when its
    folder is a link or its header does not vouch for them. Raises when it cannot be read.

    Its time is taken before its bytes: should another run replace it in between, what was
    read is taken as older than it is, which only makes more of it racy."""
    from cjmap.util.fsutil import read_regular

    if is_linked(file.parent):
        return None
    written_ns = os.stat(file).st_mtime_ns
    parts = unseal(read_regular(file, max_bytes))
    if parts is None:
        return None
    return parts[0], parts[1], written_ns


def unseal(data: bytes) -> tuple[bytes, bytes] | None:
    """A cache file's index and details, or None when its header does not vouch for them
    (another format, truncated, grown, or changed by anything but cjmap)."""
    header, sep, body = data.partition(b"\n")
    fields = header.split(b" ")
    if not sep or len(fields) != 5 or fields[0] != MAGIC or fields[1] != b"%d" % FORMAT:
        return None
    try:
        index_length, detail_length = int(fields[2]), int(fields[3])
    except ValueError:
        return None
    if index_length + detail_length != len(body) or min(index_length, detail_length) < 0:
        return None
    if fields[4] != digest(body).encode("ascii"):
        return None
    return body[:index_length], body[index_length:]


def write_sealed(file: Path, index: bytes, details: bytes = b"") -> None:
    """Write a cache file atomically: its header, then ``index`` and ``details``; the
    folder (with its ``.gitignore`` and ``CACHEDIR.TAG``) is made when needed. Raises
    ``OSError`` when the workspace cannot be written."""
    from cjmap.util.fsutil import atomic_write

    folder = file.parent
    if not folder.is_dir():
        folder.mkdir()
        atomic_write(folder / ".gitignore", b"# Created by cjmap automatically.\n*\n")
        atomic_write(folder / "CACHEDIR.TAG", CACHEDIR_TAG.encode("ascii"))
    body = index + details
    header = b"%s %d %d %d %s\n" % (
        MAGIC,
        FORMAT,
        len(index),
        len(details),
        digest(body).encode("ascii"),
    )
    # Not forced to disk: a cache file cut short by a crash fails its digest and is rebuilt.
    atomic_write(file, header + body, durable=False)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def is_linked(folder: Path) -> bool:
    """A cache folder that is a symbolic link is neither read nor written: a repository
    could carry one that points anywhere."""
    return os.path.islink(folder)


def key_of(path: str | Path, root: str) -> str | None:
    """A file's key: its ``/``-separated path from the workspace root ``root`` (a resolved
    folder), as written (no link resolved: this runs for every file of the workspace);
    None outside it."""
    full = os.path.normpath(os.path.abspath(path))
    prefix = root.rstrip(os.sep) + os.sep
    if not full.startswith(prefix):
        return None
    return full[len(prefix) :].replace(os.sep, "/")
