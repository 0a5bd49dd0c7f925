"""Stops requested by a signal, held back while a step must not be cut in two.

The command line turns SIGINT and SIGTERM into an exception raised where the program stands
(see :mod:`cjmap.cli._run`). A few steps must not be cut in two by it: creating a temporary
file and taking note of its name, so that the cleanup knows what to remove. Inside
:func:`held`, the signal handler calls :func:`stop` with the exception; it is kept and raised
when the outermost ``held`` block ends, so the stop happens at once, but between two steps.

This works whichever thread the operating system delivers the signal to (Python runs every
signal handler in the main thread), which blocking signals with ``pthread_sigmask`` in one
thread would not: the worker pools start threads of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


class _State:
    depth = 0
    pending: BaseException | None = None


_state = _State()


def stop(exc: BaseException) -> None:
    """Raise ``exc`` now, or at the end of the :func:`held` block under way."""
    if _state.depth:
        if _state.pending is None:
            _state.pending = exc
        return
    raise exc


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold back a stop requested by a signal until this block has run to its end."""
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
        if not _state.depth and _state.pending is not None:
            exc, _state.pending = _state.pending, None
            raise exc
