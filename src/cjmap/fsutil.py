"""File-system helpers shared by every command: writes are atomic and never over an input;
reads take regular files only, and never more than the size limit plus one byte."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO


class WriteRefused(Exception):
    """Writing would clobber something the user wrote, or the target cannot be written."""


def atomic_write(path: Path, data: bytes, *, keep_mode_of: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
    target with one ``os.replace``. A symlink is followed, so the link itself is kept. The mode
    of ``keep_mode_of`` (or of the existing target) is kept.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise WriteRefused(f"cannot write {path}: {folder} {what}")
    if target.is_dir():
        raise WriteRefused(f"cannot write {path}: it is a folder")
    mode: int | None = None
    source = keep_mode_of if keep_mode_of is not None else target
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(source.stat().st_mode)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise WriteRefused(f"cannot write {path}: permission denied") from exc
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except BaseException as exc:
        # Interrupted (Ctrl-C, SIGTERM) or failed: no half-written file is left behind.
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def is_same_or_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it (after resolving symlinks)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return True


# --- reading ---------------------------------------------------------------------------------


class NotRegularFile(Exception):
    """The path is a named pipe, a device, a socket (or a link to one): not a file to read."""

    def __init__(self, what: str) -> None:
        super().__init__(f"it is {what}, not a regular file")
        self.what = what


class FileTooLarge(Exception):
    """The file holds more bytes than the limit; nothing past the limit was read."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the file holds more than {size} bytes")
        self.size = size


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in plain words ("a named pipe (FIFO)")."""
    for test, what in _KINDS:
        if test(mode):
            return what
    return "a special file"


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``: at most ``limit`` of them, and never more
    than ``limit + 1`` read, whatever the file is.

    A named pipe, a device or a socket (or a symbolic link to one) is never read:
    :class:`NotRegularFile`, at once, even for a pipe with no writer (the file is opened
    without blocking and checked with ``fstat`` on the open descriptor, so it cannot be
    swapped in between). A folder raises :class:`IsADirectoryError`. A file over ``limit``
    raises :class:`FileTooLarge` with its size. Other failures are :class:`OSError`.
    """
    before = os.stat(path)  # a socket cannot even be opened: say what it is first
    if not stat.S_ISREG(before.st_mode):
        _refuse(path, before.st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            _refuse(path, info.st_mode)
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        raise FileTooLarge(max(len(data), info.st_size))
    return data


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream`` (standard input): one more than a file may
    hold, so that the size check refuses it, but never all of an endless stream."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _refuse(path: Path | str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    raise NotRegularFile(kind_of(mode))
