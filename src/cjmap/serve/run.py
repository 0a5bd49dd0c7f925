"""``cjmap serve``'s core: build the pages, serve them, rebuild on every change, stop cleanly.

The server and the watcher run in threads of their own; the calling thread waits, so that
Ctrl-C and SIGTERM (turned into an exception there by the CLI) stop everything: the watcher
is stopped, the event streams end, the server closes and every thread is joined.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from cjmap.serve.server import Changes, bind
from cjmap.serve.site import Outcome, Site
from cjmap.serve.watch import Watcher
from cjmap.util.errors import UsageError

WILDCARD = ("0.0.0.0", "::", "")  # noqa: S104 - names to warn about, not to bind


def serve(
    paths: Sequence[str],
    cwd: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    locale: str | None = None,
    templates: str | None = None,
    say: Callable[[str], None],
    started: Callable[[str], None] | None = None,
) -> None:
    """Serve the workspace of ``paths`` until stopped (by an exception in this thread).

    ``say`` gets a line for the user on each rebuild; ``started(url)`` is called once the
    pages are served."""
    changes = Changes()
    site = Site(paths, cwd, locale=locale, templates=templates, published=changes.publish)
    # Bound first: a busy port is said at once, before a long first build.
    server = bind(host, port, site.snapshot, changes)
    watcher = None
    thread = None
    try:
        outcome = site.build()
        say(_summary(outcome, site))

        def changed(found: set[str]) -> None:
            try:
                result = site.update(found)
            except UsageError as exc:
                site.fail(str(exc))
                say(f"cjmap: {exc}")
            except Exception as exc:  # the server must outlive any one rebuild
                message = (
                    f"unexpected error while rebuilding ({type(exc).__name__}: {exc}); this is "
                    "a bug in cjmap, please report it with the file you changed"
                )
                site.fail(message)
                say(f"cjmap: {message}")
            else:
                say(_summary(result, site))

        folders = [site.root]
        if templates is not None:
            folders.append(Path(templates))

        def failed(message: str) -> None:
            site.fail(f"stopped watching the files: {message}; restart cjmap serve")
            say(f"cjmap: stopped watching the files: {message}; restart cjmap serve")

        watcher = Watcher(folders, site.wants, changed, failed)
        watcher.start()
        # Said only once the watch is in place; a watcher that failed has said why.
        watcher.ready.wait(timeout=30)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="cjmap-http"
        )
        thread.start()
        url = _url(host, server.port)
        if host in WILDCARD:
            say(
                f"cjmap: warning: serving on every network address ({host or '*'}): anyone on "
                "your network can read these maps"
            )
        say(f"cjmap: serving at {url} (Ctrl-C to stop)")
        if started is not None:
            started(url)
        stop = threading.Event()
        while not stop.wait(0.5):
            pass
    finally:
        if watcher is not None:
            watcher.stop()
        changes.close()
        if thread is not None:
            server.shutdown()
            thread.join()
        server.server_close()
        if watcher is not None:
            watcher.join()


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in WILDCARD else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _summary(outcome: Outcome, site: Site) -> str:
    """One line per build: what was rendered, how long it took, how many errors."""
    pages = len(site.snapshot().pages)
    if outcome.full:
        done = f"built {pages} page{'s' * (pages != 1)}"
    else:
        count = len(outcome.rendered)
        done = f"rebuilt {count} journey{'s' * (count != 1)}"
        if outcome.index:
            done += " and the index"
        if outcome.removed:
            done += f", removed {len(outcome.removed)}"
    took = f"{outcome.seconds * 1000:.0f} ms"
    if outcome.errors:
        errors = f"{outcome.errors} error{'s' * (outcome.errors != 1)} shown in the page"
        return f"cjmap: {done} in {took}; {errors}"
    return f"cjmap: {done} in {took}"
