"""``parallel_map``: the main process works beside its forked workers, order is kept, an
error comes back in its turn, and no worker outlives the map."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from cjmap.util.parallel import PARALLEL_FROM, parallel_map

COUNT = PARALLEL_FROM * 3 + 7  # several chunks, the last one short


def square(n: int) -> tuple[int, int]:
    return n, n * n


@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_results_are_map_s_in_order(monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    monkeypatch.setenv("CJMAP_JOBS", jobs)
    assert list(parallel_map(square, range(COUNT))) == [square(n) for n in range(COUNT)]
    assert multiprocessing.active_children() == []


def test_the_initializer_runs_before_any_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJMAP_JOBS", "2")
    seen: list[int] = []

    def job(n: int) -> int:
        return n + seen[0]

    results = list(parallel_map(job, range(COUNT), initializer=seen.append, initargs=(100,)))
    assert results == [n + 100 for n in range(COUNT)]


class Stuck:
    """A job that, in a worker, waits until the main process has done a job of its own:
    the map finishes only if the main process works too (a worker stuck on a busy core)."""

    def __init__(self, flag: Path) -> None:
        self.flag = flag
        self.main = os.getpid()

    def __call__(self, n: int) -> int:
        if os.getpid() == self.main:
            self.flag.touch()
        else:
            deadline = time.monotonic() + 60
            while not self.flag.exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("the main process never took a chunk")
                time.sleep(0.01)
        return n


def test_the_main_process_works_on_chunks_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CJMAP_JOBS", "2")
    job = Stuck(tmp_path / "main-worked")
    assert list(parallel_map(job, range(COUNT))) == list(range(COUNT))


def fail_at(n: int) -> int:
    if n == COUNT - 3:
        raise ValueError(f"job {n} failed")
    return n


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_comes_back_after_the_results_before_it(
    monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv("CJMAP_JOBS", jobs)
    got: list[int] = []
    with pytest.raises(ValueError, match=f"job {COUNT - 3} failed"):
        got.extend(parallel_map(fail_at, range(COUNT)))
    # Whole chunks come back: every result of the chunks before the failing one is given.
    assert got == list(range(len(got)))
    assert len(got) >= COUNT - 3 - 32
    assert multiprocessing.active_children() == []


class Dies:
    """A job that kills the worker running it, and that the main process runs only once a
    worker has died."""

    def __init__(self, flag: Path) -> None:
        self.flag = flag

    def __call__(self, n: int) -> int:
        if multiprocessing.parent_process() is not None:
            self.flag.touch()
            os._exit(7)
        deadline = time.monotonic() + 60
        while not self.flag.exists():
            if time.monotonic() > deadline:
                raise TimeoutError("no worker took a chunk")
            time.sleep(0.01)
        return n


def test_a_worker_that_dies_is_an_error_not_a_hang(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CJMAP_JOBS", "2")
    with pytest.raises(RuntimeError, match="ended before its work was done"):
        list(parallel_map(Dies(tmp_path / "died"), range(COUNT)))
    assert multiprocessing.active_children() == []


def test_stopping_early_leaves_no_worker_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJMAP_JOBS", "3")
    results = parallel_map(square, range(COUNT * 10))
    assert next(results) == (0, 0)
    results.close()
    assert multiprocessing.active_children() == []
