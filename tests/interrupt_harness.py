"""Run ``cjmap ARGS`` so that a signal can arrive at one exact point, with no timing.

    python interrupt_harness.py READY_FD CLAIM WHERE POINT NTH ARGS...

At the NTH time the process named by WHERE (``main``: the cjmap process; ``worker``: a worker
process it forked) reaches POINT, it writes a line to the file descriptor READY_FD and waits
until a signal has arrived; then it goes on, and the signal's handler runs right there. The
test sends the signal when it reads the line. Only one process ever waits: the first to
create the file CLAIM (each worker counts its own NTH). The points:

- ``created``: inside ``tempfile.mkstemp``, once the temporary file exists but before the
  writer has its name: the window a stop must not fall in;
- ``flushing``: once the temporary file is written, just before it replaces the target (in
  ``os.replace``; rendered pages are not forced to disk, so ``os.fsync`` is not the point).

Waiting uses ``signal.set_wakeup_fd``: the byte written by the C-level handler says the signal
has been received, so no sleep or polling decides the outcome.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from typing import Any


def main(argv: list[str]) -> int:
    ready_fd, claim, where, point = int(argv[0]), argv[1], argv[2], argv[3]
    nth, args = int(argv[4]), argv[5:]
    main_pid = os.getpid()
    seen = [0]

    def reached() -> None:
        if (os.getpid() == main_pid) != (where == "main"):
            return
        seen[0] += 1
        if seen[0] != nth:
            return
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return  # another worker waits for the signal
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        os.write(ready_fd, f"{point} {os.getpid()}\n".encode())
        os.read(wake_read, 1)  # returns once a signal has arrived; its handler runs next

    real_mkstemp = tempfile.mkstemp
    real_replace = os.replace

    def mkstemp(*positional: Any, **named: Any) -> Any:
        result = real_mkstemp(*positional, **named)
        if point == "created" and named.get("suffix") == ".tmp":
            reached()
        return result

    def replace(source: Any, target: Any, **named: Any) -> None:
        if point == "flushing" and str(source).endswith(".tmp"):
            reached()
        real_replace(source, target, **named)

    tempfile.mkstemp = mkstemp  # type: ignore[assignment]
    os.replace = replace

    from cjmap.cli import main as cjmap

    return cjmap(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
