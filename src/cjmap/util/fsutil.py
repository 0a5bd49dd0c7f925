"""File-system helpers shared by every command: writes are atomic, never over an input,
never through a symbolic link, never over a read-only file; reads take regular files only,
and never more than the size limit plus one byte."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, Literal

Links = Literal["refuse", "replace", "follow"]
"""What a write does when its target is a symbolic link (to a file, or dangling):

- ``refuse``: nothing is written; the link and its target stay as they are;
- ``replace``: the link itself is replaced by the new file; its target is not touched;
- ``follow``: the file the link points to is rewritten and the link stays a link, but only
  when that file lies inside the folder ``inside`` (the workspace)."""


class WriteRefused(Exception):
    """Writing would clobber something the user wrote, or the target cannot be written."""

    def __init__(self, path: Path | str, reason: str) -> None:
        from cjmap.util.textsafe import escape_control

        self.path = str(path)
        self.reason = escape_control(reason)
        super().__init__(f"cannot write {escape_control(self.path)}: {self.reason}")


def atomic_write(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    links: Links = "refuse",
    inside: Path | None = None,
    durable: bool = True,
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.
    ``data`` may come in pieces (a long report written as it is made, never whole in memory).

    The bytes go to a temporary file in the same folder, are flushed to disk (``durable``;
    a file cjmap can make again from the journeys, such as a rendered page, need not wait
    for the disk: a crash of the machine may then leave the old page or an empty one, never
    a file the user wrote), and replace the target with one ``os.replace``. A symbolic link
    at ``path`` is handled as ``links`` says; with ``inside``, the file written must lie
    inside that folder once every link is resolved. An existing file the user may not write,
    or that has no write permission bit at all (which even root, who may write anything, is
    refused), is not replaced. The mode of an existing file is kept. Raises :class:`WriteRefused`.
    """
    given = Path(path)
    is_link = os.path.islink(given)
    if is_link and links == "refuse":
        raise WriteRefused(
            path,
            f"it is a symbolic link (to {os.readlink(given)}); cjmap does not write through "
            "links. Remove the link, or choose another name",
        )
    replace_link = is_link and links == "replace"
    target = Path(os.path.abspath(given)) if replace_link else Path(os.path.realpath(given))
    if (
        inside is not None
        and (is_link or links_on_the_way(given, [inside]) is not None)
        and not is_same_or_inside(target, inside)
    ):
        raise WriteRefused(
            path,
            f"it is reached through a symbolic link and leads to {target}, outside the "
            f"workspace ({inside}); cjmap writes only inside the workspace. Work on the "
            "file where it lies, or copy it into the workspace",
        )
    folder = target.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise WriteRefused(path, f"{folder} {what}")
    mode: int | None = None
    if not replace_link:
        with contextlib.suppress(FileNotFoundError):
            info = target.stat()
            if stat.S_ISDIR(info.st_mode):
                raise WriteRefused(path, "it is a folder")
            mode = stat.S_IMODE(info.st_mode)
            if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
                raise WriteRefused(
                    path,
                    "the file is read-only, so cjmap leaves it as it is; make it writable "
                    "first (chmod u+w) if it should change",
                )
    _replace(target, data, mode, shown=path, durable=durable)


def _replace(
    target: Path, data: bytes | Iterable[bytes], mode: int | None, *, shown: Path, durable: bool
) -> None:
    from cjmap.util import interrupts

    fd: int | None = None
    tmp_name: str | None = None
    try:
        # A stop requested by a signal (Ctrl-C, SIGTERM) waits until the temporary file's
        # name is known, so that the cleanup below always removes it.
        with interrupts.held():
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
        with os.fdopen(fd, "wb") as handle:
            fd = None
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        # Interrupted (Ctrl-C, SIGTERM) or failed: no half-written file is left behind. A
        # second signal waits until the cleanup is done.
        with interrupts.held():
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
        if isinstance(exc, PermissionError):
            raise WriteRefused(shown, "permission denied") from exc
        if isinstance(exc, OSError):
            raise WriteRefused(shown, exc.strerror or str(exc)) from exc
        raise


def links_on_the_way(path: Path, below: Iterable[Path]) -> Path | None:
    """The first folder or file on the way to ``path`` that is a symbolic link, counting only
    those inside one of the folders ``below`` (the workspace, the current folder); links
    above them (``/tmp`` on macOS, a home folder on a network share) are the system's.
    None when there is none."""
    lexical = Path(os.path.abspath(path))
    tops = [Path(os.path.abspath(folder)) for folder in below]
    for step in [*reversed(lexical.parents), lexical]:
        if any(step != top and step.is_relative_to(top) for top in tops) and step.is_symlink():
            return step
    return None


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
        data = _read_at_most(lambda size: os.read(fd, size), limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise FileTooLarge(max(len(data), info.st_size))
    return data


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream`` (standard input): one more than a file may
    hold, so that the size check refuses it, but never all of an endless stream."""
    return _read_at_most(stream.read, limit + 1)


def _read_at_most(read: Callable[[int], bytes], most: int) -> bytes:
    """What ``read`` gives, in chunks of at most 1 MiB, until its end or ``most`` bytes."""
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _refuse(path: Path | str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    raise NotRegularFile(kind_of(mode))
