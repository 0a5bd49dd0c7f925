"""File-system helpers shared by every command that writes: atomic, never over an input."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


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
        raise WriteRefused(f"cannot write {_shown(path)}: {_shown(folder)} {what}")
    if target.is_dir():
        raise WriteRefused(f"cannot write {_shown(path)}: it is a folder")
    mode: int | None = None
    source = keep_mode_of if keep_mode_of is not None else target
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(source.stat().st_mode)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise WriteRefused(f"cannot write {_shown(path)}: permission denied") from exc
    except OSError as exc:
        raise WriteRefused(f"cannot write {_shown(path)}: {exc.strerror or exc}") from exc
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
            raise WriteRefused(f"cannot write {_shown(path)}: {exc.strerror or exc}") from exc
        raise


def is_same_or_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it (after resolving symlinks)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return True


def _shown(path: object) -> str:
    """A path for a message, its control characters escaped (it may be any file name)."""
    from cjmap.textsafe import escape_control

    return escape_control(str(path))
