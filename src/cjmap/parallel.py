"""Work spread over processes: how many, and an order-keeping ``map``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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
    jobs: list[_Job],
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
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(16, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        yield from pool.map(function, jobs, chunksize=chunk)
