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

    ``initializer(*initargs)`` runs once, here, before any job: it hands every job what they
    all need (worker processes are forked from this one and have it too).

    This process works on the jobs as well, beside ``worker_count() - 1`` forked workers:
    whoever is free takes the next chunk, so a core busy with other work slows the run
    down but never makes it slower than one process alone, and nothing is sent to a worker
    but the number of its next chunk (it has the jobs from the fork). Where processes
    cannot be forked, a process pool does the work.
    """
    if initializer is not None:
        initializer(*initargs)
    workers = worker_count()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        yield from map(function, jobs)
        return
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        yield from _forked_map(function, jobs, workers)
    else:  # pragma: no cover - Windows
        yield from _pool_map(function, jobs, workers, initializer, initargs)


def _chunk_size(jobs: int, workers: int) -> int:
    """Chunks small enough to keep every process busy to the end, large enough that
    handing them out costs nothing next to the work."""
    return min(32, max(8, jobs // (workers * 16)))


def _forked_map(
    function: Callable[[_Job], _Result], jobs: Sequence[_Job], workers: int
) -> Iterator[_Result]:
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    size = _chunk_size(len(jobs), workers)
    chunks = -(-len(jobs) // size)
    next_chunk = context.Value("q", 0)
    # At most this many chunks are taken and not yet given back in order: memory stays the
    # same for a thousand files or a million, however far a worker runs ahead.
    window = context.Semaphore(workers * 4)
    feeds: list[Any] = []
    processes = []
    try:
        for _ in range(workers - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_serve, args=(function, jobs, size, next_chunk, window, send), daemon=True
            )
            process.start()
            send.close()
            feeds.append(receive)
            processes.append(process)
        done: dict[int, tuple[bool, Any]] = {}
        given = 0
        while given < chunks:
            _collect([feed for feed in feeds if feed.poll()], feeds, done)
            if given in done:
                ok, value = done.pop(given)
                if not ok:
                    raise value
                given += 1
                window.release()
                yield from value
            elif window.acquire(block=False):
                index = _take(next_chunk)
                if index < chunks:
                    done[index] = _run_part(function, jobs, index, size)
                else:
                    window.release()  # all taken: wait for the workers' chunks
                    _wait_for(feeds, done, wait)
            else:
                _wait_for(feeds, done, wait)
    finally:
        with next_chunk.get_lock():
            next_chunk.value = chunks  # nothing more is taken
        for _ in processes:
            window.release()
        # A worker finishes the chunk it has (its files are whole), says so, and stops.
        while feeds:
            ready: list[Any] = wait(feeds)
            for feed in ready:
                try:
                    feed.recv()
                except EOFError:
                    feeds.remove(feed)
                    feed.close()
        for process in processes:
            process.join()


def _wait_for(feeds: list[Any], done: dict[int, tuple[bool, Any]], wait: Any) -> None:
    if not feeds:
        raise RuntimeError("a worker process ended before its work was done")
    _collect(wait(feeds), feeds, done)


def _collect(ready: Sequence[Any], feeds: list[Any], done: dict[int, tuple[bool, Any]]) -> None:
    """Take in what the workers in ``ready`` have sent: a chunk's results, or their end."""
    for feed in ready:
        try:
            message = feed.recv()
        except EOFError:
            raise RuntimeError("a worker process ended before its work was done") from None
        if message is None:  # no chunk left for it: it has stopped
            feeds.remove(feed)
            feed.close()
        else:
            index, ok, value = message
            done[index] = (ok, value)


def _take(next_chunk: Any) -> int:
    with next_chunk.get_lock():
        index: int = next_chunk.value
        next_chunk.value = index + 1
    return index


def _run_part(
    function: Callable[[_Job], _Result], jobs: Sequence[_Job], index: int, size: int
) -> tuple[bool, Any]:
    """A chunk's results, or the exception of its first job that failed (raised in turn)."""
    try:
        return True, [function(job) for job in jobs[index * size : (index + 1) * size]]
    except Exception as exc:
        return False, exc


def _serve(
    function: Callable[[_Job], _Result],
    jobs: Sequence[_Job],
    size: int,
    next_chunk: Any,
    window: Any,
    send: Any,
) -> None:
    """A worker: take the next chunk and send back its results, until none is left."""
    chunks = -(-len(jobs) // size)
    while True:
        window.acquire()
        index = _take(next_chunk)
        if index >= chunks:
            break
        ok, value = _run_part(function, jobs, index, size)
        try:
            send.send((index, ok, value))
        except Exception as exc:  # a result or an exception that cannot be sent
            send.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    send.send(None)
    send.close()


def _pool_map(
    function: Callable[[_Job], _Result],
    jobs: Sequence[_Job],
    workers: int,
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
) -> Iterator[_Result]:  # pragma: no cover - Windows
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    chunk = _chunk_size(len(jobs), workers)
    pending: deque[Future[list[_Result]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, initializer=initializer, initargs=initargs
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
