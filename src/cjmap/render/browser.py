"""A locally installed Chromium, Chrome or Edge, run headless to print pages as PDF or PNG:
the one place ``cjmap render`` starts a process.

The browser is found on ``--browser PATH``, ``CJMAP_BROWSER``, the usual names on ``PATH``
and the usual install folders of macOS and Windows; cjmap never downloads one. It runs with a
fresh, throw-away profile, no sandbox-breaking extras, no background networking, and is
driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: file descriptors 3
and 4, NUL-separated JSON), so no port is opened and no extra package is needed. Pages are
loaded from a temporary folder as ``file://`` URLs and keep their Content-Security-Policy:
they load nothing else. One browser prints every journey of a run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_VAR = "CJMAP_BROWSER"
"""The environment variable that names the browser when ``--browser`` is not given."""

NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
    "microsoft-edge-stable",
)
"""Executable names looked up on ``PATH``, in this order."""

MAC_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
WINDOWS_PATHS = (
    ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)
"""How the browser is started (with ``--user-data-dir`` set to a fresh temporary folder)."""

PAPERS: dict[str, tuple[float, float]] = {
    "A4": (8.27, 11.69),
    "A3": (11.69, 16.54),
    "A2": (16.54, 23.39),
    "A1": (23.39, 33.11),
    "letter": (8.5, 11.0),
    "tabloid": (11.0, 17.0),
}
"""Each ``--paper``: width and height in inches, portrait."""

PRINT_TIMEOUT = 900.0
"""Seconds a page may take to print: a journey of thousands of touchpoints is a long PDF."""

MARGIN_INCHES = 0.39
"""10 mm on every side, as the print stylesheet's ``@page`` rule."""

INSTALL_ADVICE = (
    "install one (Debian or Ubuntu: 'apt-get install chromium'; macOS or Windows: Google "
    "Chrome or Microsoft Edge), or name it with --browser PATH or the CJMAP_BROWSER "
    "environment variable"
)


class BrowserError(Exception):
    """No browser, or the browser failed: a usage problem (exit 2), said in plain words."""


def find_browser(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The browser to run: ``explicit`` (``--browser``), then ``CJMAP_BROWSER``, then the
    usual names on ``PATH`` and install folders. Raises :class:`BrowserError` with install
    advice when there is none."""
    env = os.environ if env is None else env
    search = env.get("PATH", "")
    for given, origin in ((explicit, "--browser"), (env.get(ENV_VAR), ENV_VAR)):
        if given:
            found = shutil.which(given, path=search) or (given if Path(given).is_file() else None)
            if found is None:
                raise BrowserError(
                    f"{origin} {given!r}: no such program; give the path of Chromium, Chrome "
                    "or Edge"
                )
            return found
    for name in NAMES:
        found = shutil.which(name, path=search)
        if found:
            return found
    candidates = list(MAC_PATHS) if sys.platform == "darwin" else []
    if sys.platform == "win32":
        candidates = [str(Path(env[var]) / tail) for var, tail in WINDOWS_PATHS if env.get(var)]
    for candidate in candidates:
        if Path(candidate).is_file():
            return candidate
    raise BrowserError(
        f"PDF and PNG need Chromium, Chrome or Edge, and none was found: {INSTALL_ADVICE}"
    )


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """Paper (a key of :data:`PAPERS`) and orientation of a PDF."""

    paper: str = "A3"
    landscape: bool = True


class Browser:
    """One headless browser with one tab, driven over the DevTools pipe. Use as a context
    manager; :meth:`pdf` and :meth:`png` print one page each."""

    def __init__(self, executable: str, *, timeout: float = 120.0) -> None:
        self.executable = executable
        self.timeout = timeout
        self._profile: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._to: Any = None
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._events: list[dict[str, Any]] = []
        self._next_id = 0
        self._session = ""

    def __enter__(self) -> Browser:
        if os.name != "posix":
            raise BrowserError(
                "PDF and PNG export drives the browser over a pipe, which cjmap supports on "
                "Linux and macOS only; on Windows, print the HTML page from the browser "
                "(Ctrl+P)"
            )
        self._profile = Path(tempfile.mkdtemp(prefix="cjmap-browser-"))
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()

        def child_fds() -> None:  # pragma: no cover - runs in the child process
            # The DevTools pipe: the browser reads commands on fd 3, answers on fd 4. Both
            # are first copied above 9 so that placing one cannot overwrite the other.
            import fcntl

            high_read = fcntl.fcntl(to_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(from_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        try:
            self._proc = subprocess.Popen(
                [self.executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=child_fds,  # noqa: PLW1509 - cjmap starts no threads before this
                pass_fds=(3, 4),
            )
        except OSError as exc:
            for fd in (to_read, to_write, from_read, from_write):
                os.close(fd)
            self._cleanup()
            raise BrowserError(
                f"cannot start the browser {self.executable!r}: {exc.strerror or exc}"
            ) from exc
        os.close(to_read)
        os.close(from_write)
        self._to = os.fdopen(to_write, "wb", buffering=0)
        reader = threading.Thread(target=self._read, args=(from_read,), daemon=True)
        reader.start()
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})
            attached = self._call(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
            )
            self._session = attached["sessionId"]
            self.send("Page.enable")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._to is not None:
            with contextlib.suppress(BrowserError, OSError):
                self._call("Browser.close", timeout=5)
            with contextlib.suppress(OSError):
                self._to.close()
            self._to = None
        if self._proc is not None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._proc = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def _read(self, fd: int) -> None:
        """Split the browser's output into messages (runs in a thread until the pipe ends)."""
        # Only each new chunk is searched for the end of a message, and a message's pieces
        # are joined once: a PDF's reply is tens of megabytes in 64 KiB chunks.
        pending: list[bytes] = []
        with os.fdopen(fd, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                *ends, rest = chunk.split(b"\0")
                for end in ends:
                    pending.append(end)
                    self._messages.put(json.loads(b"".join(pending)))
                    pending.clear()
                if rest:
                    pending.append(rest)
        self._messages.put(None)

    def _call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        session: str = "",
        timeout: float | None = None,
    ) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": dict(params or {})}
        if session:
            message["sessionId"] = session
        try:
            self._to.write(json.dumps(message).encode("utf-8") + b"\0")
        except OSError as exc:
            raise BrowserError(f"the browser stopped answering ({method})") from exc
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            try:
                reply = self._messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise BrowserError(f"the browser took too long ({method})") from None
            if reply is None:
                raise BrowserError(f"the browser quit unexpectedly ({method})")
            if reply.get("id") == ident:
                if "error" in reply:
                    error = reply["error"].get("message", reply["error"])
                    raise BrowserError(f"the browser refused {method}: {error}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def send(
        self, method: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """Call a DevTools method in the tab and return its result."""
        return self._call(method, params, session=self._session, timeout=timeout)

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """The JSON value of ``expression`` in the page."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"the page failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def open(self, path: Path, *, width: int, height: int = 900, media: str = "") -> None:
        """Load a local page at ``width`` × ``height`` CSS pixels, at 2 device pixels each,
        with ``media`` (``print``, ``screen`` or the default) emulated; wait for its fonts."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": False},
        )
        self.send(
            "Emulation.setEmulatedMedia",
            {"media": media, "features": [{"name": "prefers-color-scheme", "value": "light"}]},
        )
        self._events.clear()
        navigated = self.send("Page.navigate", {"url": path.resolve().as_uri()})
        if navigated.get("errorText"):
            raise BrowserError(f"the browser could not open {path.name}: {navigated['errorText']}")
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            if time.monotonic() > deadline:
                raise BrowserError(f"{path.name} did not load in the browser")
            self._call("Runtime.evaluate", {"expression": "1"}, session=self._session)
            time.sleep(0.02)
        self.evaluate("document.fonts.ready.then(() => true)", await_promise=True)

    def pdf(self, path: Path, options: PdfOptions) -> bytes:
        """The page at ``path`` printed as PDF on ``options``' paper."""
        width, height = PAPERS[options.paper]
        if options.landscape:
            width, height = height, width
        css_width = round((width - 2 * MARGIN_INCHES) * 96)
        self.open(path, width=css_width, media="print")
        printed = self.send(
            "Page.printToPDF",
            timeout=PRINT_TIMEOUT,
            params={
                "paperWidth": width,
                "paperHeight": height,
                "landscape": False,
                "printBackground": True,
                "preferCSSPageSize": False,
                "marginTop": MARGIN_INCHES,
                "marginBottom": MARGIN_INCHES,
                "marginLeft": MARGIN_INCHES,
                "marginRight": MARGIN_INCHES,
                "displayHeaderFooter": False,
            },
        )
        return base64.b64decode(printed["data"])

    def png(self, path: Path, width: int) -> bytes:
        """The whole page at ``path``, ``width`` CSS pixels wide, as a PNG at 2 device pixels
        per CSS pixel (the print layout: the whole map, no scrolling)."""
        self.open(path, width=width, media="print")
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        shot = self.send(
            "Page.captureScreenshot",
            timeout=PRINT_TIMEOUT,
            params={
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": max(1, height), "scale": 1},
            },
        )
        return base64.b64decode(shot["data"])
