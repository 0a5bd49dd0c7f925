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


READY_MS = 100
"""How soon the watcher says it is watching (and how often it looks up when idle)."""


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
        finally:
            self.ready.set()

    def _watch(self) -> None:
        from watchfiles import watch

        # A batch comes at least every READY_MS (empty when nothing changed): the first one
        # says the watch is in place, so that nothing saved after "serving at" is missed.
        for batch in watch(
            *self.folders,
            stop_event=self._halt,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=READY_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            watch_filter=lambda _change, path: self.wants(path),
        ):
            self.ready.set()
            if self._halt.is_set():
                return
            if batch:
                self.changed({path for _change, path in batch})

    def stop(self) -> None:
        self._halt.set()
