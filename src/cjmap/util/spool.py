"""Plain values kept out of memory: an unnamed temporary file they are appended to and read
back from by their offset.

``analyze`` keeps each journey's part of its report there, ``render`` the rows of its index
page, so that memory does not grow with the number of journeys. The values are plain data
stored with ``marshal`` (None, numbers, strings, lists, tuples, dicts): nothing read back can
be more than data. Worker processes forked from the one that made the spool append to the
same open file (:meth:`Spool.fd`): a lock on the file keeps each value whole and its offset
exact. The file is created private and unlinked at once, so nothing is left behind.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import weakref
from types import ModuleType
from typing import IO, Any


class Spool:
    """An unnamed temporary file of values; closed by :meth:`close`, or once the spool is
    no longer used."""

    def __init__(self) -> None:
        file: IO[bytes] = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (the finalizer)
        self._file = file
        self._close = weakref.finalize(self, file.close)

    @property
    def fd(self) -> int:
        """The file's descriptor, for :func:`append` in processes forked from this one."""
        return self._file.fileno()

    def write(self, value: Any) -> int:
        """Store ``value``; its offset."""
        return append(self.fd, value)

    def read(self, offset: int) -> Any:
        """The value stored at ``offset``."""
        self._file.seek(offset)
        return marshal.load(self._file)  # noqa: S302 (our own unnamed file, data only)

    @property
    def closed(self) -> bool:
        return not self._close.alive

    def close(self) -> None:
        self._close()


def append(fd: int, value: Any) -> int:
    """Append ``value`` to the spool file ``fd`` (which other processes forked from the one
    that made it may append to at the same time); its offset."""
    data = marshal.dumps(value)
    locking = _locking()
    if locking is not None:
        locking.lockf(fd, locking.LOCK_EX)
    try:
        offset = os.lseek(fd, 0, os.SEEK_END)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        if locking is not None:
            locking.lockf(fd, locking.LOCK_UN)
    return offset


def _locking() -> ModuleType | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no fork, one writer at a time
        return None
    return fcntl
