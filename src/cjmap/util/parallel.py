"""Work spread over processes: how many, and an order-keeping ``map``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from cjmap.util.errors import UsageError

_Job = TypeVar("_Job")
_Result = TypeVar("_Result")

JOBS_VARIABLE = "CJMAP_JOBS"
MAX_DEFAULT_WORKERS = 8
MAX_JOBS = 64
"""The most processes ``CJMAP_JOBS`` may ask for (all are started at once)."""
PARALLEL_FROM = 200
"""Below this many files, starting worker processes costs more than it saves."""


def worker_count() -> int:
    """How many processes may work at once: ``CJMAP_JOBS`` when set (1: no workers), else
    one per core, at most eight. A value that is not a whole number from 1 to
    :data:`MAX_JOBS` (written with the digits 0-9) is a usage error."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if not value:
        return min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
    # str.isdigit() also takes '²' and other digits int() refuses.
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_JOBS:
        raise UsageError(
            f"{JOBS_VARIABLE}={value[:40]!r} is not a number of processes; set it to a whole "
            f"number from 1 to {MAX_JOBS} (1 does all the work in one process), or unset it"
        )
    return int(value)


def parallel_map(
    function: Callable[[_Job], _Result],
    jobs: Sequence[_Job],
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[_Result]:
    """``map(function, jobs)``, on every core when there are many jobs; order is kept.

    ``initializer(*initargs)`` runs once in each worker, or here when the jobs run here: it
    hands every job what they all need, once."""
    workers = worker_count()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, jobs)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Small chunks keep the workers evenly busy to the end; a bounded number of them in
    # flight keeps memory the same for a thousand files or a million.
    chunk = min(64, max(16, len(jobs) // (workers * 16)))
    pending: deque[Future[list[_Result]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        try:
            for start in range(0, len(jobs), chunk):
                part = jobs[start : start + chunk]
                pending.append(pool.submit(_run_chunk, function, part))
                if len(pending) >= workers * 4:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _run_chunk(function: Callable[[_Job], _Result], jobs: Sequence[_Job]) -> list[_Result]:
    return [function(job) for job in jobs]
