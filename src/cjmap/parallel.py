"""Work spread over processes: how many, and an order-keeping ``map``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from cjmap.errors import UsageError

_Job = TypeVar("_Job")
_Result = TypeVar("_Result")

JOBS_VARIABLE = "CJMAP_JOBS"
MAX_DEFAULT_WORKERS = 8
PARALLEL_FROM = 200
"""Below this many files, starting worker processes costs more than it saves."""


def worker_count() -> int:
    """How many processes may work at once: ``CJMAP_JOBS`` when set (1: no workers), else
    one per core, at most eight."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if not value:
        return min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
    if not value.isdigit() or int(value) < 1:
        raise UsageError(
            f"{JOBS_VARIABLE}={value!r} is not a number of processes; "
            f"set it to 1 or more (1 does all the work in one process), or unset it"
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
