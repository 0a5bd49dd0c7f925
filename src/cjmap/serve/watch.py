"""Watching the workspace with ``watchfiles`` (Rust's ``notify``: inotify, FSEvents...).

An editor's save (write a temporary file, rename it over the old one) comes as a burst of
events; ``watchfiles`` groups a burst into one batch, so it counts as one change. Imported
only by ``cjmap serve``: no other command pays for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

STEP_MS = 30
"""A batch ends when no new event came for this long."""

DEBOUNCE_MS = 400
"""A batch that keeps growing (a checkout of many files) is handed over after this long."""


class Watcher(threading.Thread):
    """Calls ``changed(paths)`` with each batch of changed paths under ``folders`` for
    which ``wants(path)`` holds, until :meth:`stop`."""

    def __init__(
        self,
        folders: Iterable[Path],
        wants: Callable[[str], bool],
        changed: Callable[[set[str]], None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(name="cjmap-watch")
        self.folders = [str(folder) for folder in folders]
        self.wants = wants
        self.changed = changed
        self.failed = failed
        self._halt = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        try:
            self._watch()
        except Exception as exc:  # a watched folder deleted, too many watches...
            self.failed(f"{type(exc).__name__}: {exc}")

    def _watch(self) -> None:
        from watchfiles import watch

        self.ready.set()
        for batch in watch(
            *self.folders,
            stop_event=self._halt,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=500,
            yield_on_timeout=False,
            raise_interrupt=False,
            watch_filter=lambda _change, path: self.wants(path),
        ):
            if self._halt.is_set():
                return
            self.changed({path for _change, path in batch})

    def stop(self) -> None:
        self._halt.set()
