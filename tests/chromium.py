"""A small driver for headless Chromium over the DevTools protocol, for the browser tests.

It opens a page and records what a reviewer cares about: console errors, exceptions, CSP
violations, network requests, JavaScript dialogs (``alert()`` from an injected payload). It
also takes screenshots and runs axe-core. Needs the ``websockets`` package and a Chromium;
:func:`find_chromium` says where one is, or why there is none.

Run as a script to write the README screenshots::

    python tests/chromium.py screenshot [--dark] [--journey ID] [OUT.png]
    python tests/chromium.py print-pictures [FOLDER]   (print-a3.png, phone.png; FOLDER
                                                       defaults to docs/img)
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
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
)


def find_chromium() -> tuple[str | None, str]:
    """The Chromium executable, or None and the reason there is none."""
    explicit = os.environ.get("CJMAP_CHROMIUM")
    if explicit:
        return (explicit, "") if Path(explicit).exists() else (None, f"{explicit} not found")
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found, ""
    return None, "no Chromium found (install Debian's 'chromium' or set CJMAP_CHROMIUM)"


def find_axe() -> tuple[Path | None, str]:
    """axe-core's ``axe.min.js``, or None and the reason it is missing."""
    explicit = os.environ.get("CJMAP_AXE_JS")
    candidates = [Path(explicit)] if explicit else []
    candidates.append(ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js")
    candidates.append(ROOT / ".cache" / "node_modules" / "axe-core" / "axe.min.js")
    for path in candidates:
        if path.is_file():
            return path, ""
    return None, (
        "axe-core not found: run 'npm install --prefix .cache/axe axe-core' or set CJMAP_AXE_JS"
    )


@dataclass
class PageReport:
    """What happened while a page loaded."""

    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


class Chromium:
    """One headless Chromium with one tab, driven over a DevTools websocket."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.executable = executable
        self.timeout = timeout
        self._profile = Path(tempfile.mkdtemp(prefix="cjmap-chromium-"))
        self._proc: subprocess.Popen[bytes] | None = None
        self._ws: Any = None
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        from websockets.sync.client import connect

        self._proc = subprocess.Popen(
            [
                self.executable,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self._proc.poll() is not None:
                self.__exit__(None, None, None)
                raise RuntimeError("Chromium did not start")
            time.sleep(0.05)
        port = port_file.read_text().splitlines()[0]
        targets: list[dict[str, Any]] = []
        while not targets:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
                targets = [t for t in json.load(response) if t.get("type") == "page"]
            if not targets:
                time.sleep(0.05)
        # The browser is stopped right after the connection closes: no need to wait long
        # for its side of the closing handshake (it sometimes never sends it).
        self._connection = connect(
            targets[0]["webSocketDebuggerUrl"], max_size=64 * 1024 * 1024, close_timeout=1
        )
        self._ws = self._connection.__enter__()
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._ws is not None:
            self._connection.__exit__(None, None, None)
        if self._proc is not None:
            self._proc.terminate()
            try:
                # A browser with a page still connected to a stopped server can take long
                # to exit on SIGTERM; nothing of it is needed any more.
                self._proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call a DevTools method and return its result (events meanwhile are kept)."""
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        deadline = time.monotonic() + self.timeout
        while True:
            message = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._on_event(message)

    def _on_event(self, message: dict[str, Any]) -> None:
        self._events.append(message)
        if message["method"] == "Page.javascriptDialogOpening":
            # A dialog blocks the page; close it so the test can go on and report it.
            self._ws.send(
                json.dumps(
                    {
                        "id": 0,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )

    def _drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = json.loads(self._ws.recv(timeout=left))
            except TimeoutError:
                return
            if "method" in message:
                self._on_event(message)

    def open(
        self,
        path: Path | str,
        *,
        width: int = 1440,
        height: int = 900,
        dark: bool = False,
        bypass_csp: bool = False,
        media: str = "screen",
    ) -> PageReport:
        """Load a local file (or a URL, given as a string) and report its errors, requests
        and dialogs."""
        url = path if isinstance(path, str) else path.resolve().as_uri()
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.send(
            "Emulation.setEmulatedMedia",
            {
                "media": media,
                "features": [
                    {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}
                ],
            },
        )
        self.send("Page.setBypassCSP", {"enabled": bypass_csp})
        self._events.clear()
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self._events):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not load")
            self._drain(0.1)
        self._drain(0.15)
        return self._report(url)

    def _report(self, url: str) -> PageReport:
        report = PageReport(url)
        for event in self._events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                report.errors.append(
                    details.get("exception", {}).get("description") or details.get("text", "")
                )
            elif method == "Runtime.consoleAPICalled" and params.get("type") in {
                "error",
                "assert",
            }:
                report.errors.append(" ".join(str(a.get("value")) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                report.errors.append(params["entry"].get("text", ""))
            elif method == "Network.requestWillBeSent":
                target = params.get("request", {}).get("url", "")
                if target != url and not target.startswith(("data:", "about:")):
                    report.requests.append(target)
            elif method == "Page.javascriptDialogOpening":
                report.dialogs.append(params.get("message", ""))
        return report

    def wait_until(self, expression: str, *, timeout: float = 30.0) -> Any:
        """The value of ``expression`` once it is truthy in the page (polled)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"never true in the page: {expression}")
            self._drain(0.05)

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """The JSON value of ``expression`` in the page."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result.get("result", {}).get("value")

    def screenshot(self, out: Path, *, height: int | None = None, top: int = 0) -> None:
        """A PNG of the page: its full width, from ``top``, ``height`` CSS pixels (or all)."""
        size = self.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        width = int(self.evaluate("window.innerWidth"))
        clip_height = min(int(size[1]) - top, height) if height else int(size[1]) - top
        shot = self.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": width, "height": clip_height, "scale": 1},
            },
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(shot["data"]))

    def axe(self, axe_js: Path) -> list[dict[str, Any]]:
        """axe-core's violations on the current page (inject, run, return them)."""
        self.evaluate(axe_js.read_text("utf-8"))
        result = self.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))",
            await_promise=True,
        )
        return list(result or [])


def render_examples(out: Path, fmt: str = "html") -> None:
    """Render the example workspace to ``out`` with the installed cjmap."""
    subprocess.run(
        [sys.executable, "-m", "cjmap", "render", "-f", fmt, "-o", str(out)],
        cwd=ROOT / "examples",
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def print_pictures(folder: Path, journey: str = "trial-onboarding") -> list[Path]:
    """The README's pictures of the print and phone layouts, made with cjmap itself: the
    first page of ``render -f pdf`` (A3 landscape) drawn by poppler's ``pdftoppm``, and the
    top of ``render -f png --width 390`` (the phone layout), each kept under 300 KB."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        source = f"journeys/{journey}.yaml"
        for fmt, extra in (("pdf", []), ("png", ["--width", "390"])):
            subprocess.run(
                [sys.executable, "-m", "cjmap", "render", "-f", fmt, *extra,
                 "-o", str(work / fmt), source],
                cwd=ROOT / "examples", check=True, env={**os.environ, "NO_COLOR": "1"},
            )  # fmt: skip
        pdf_page = folder / "print-a3.png"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
             str(work / "pdf" / f"{journey}.pdf"), str(pdf_page.with_suffix(""))],
            check=True,
        )  # fmt: skip
        made.append(pdf_page)
        # The phone picture: the start of the map (its first stage and cards), at 1x.
        executable, reason = find_chromium()
        if executable is None:
            raise RuntimeError(reason)
        site = work / "site"
        render_examples(site)
        phone = folder / "phone.png"
        with Chromium(executable) as browser:
            browser.open(site / f"{journey}.html", width=390, height=844)
            top = int(browser.evaluate("document.getElementById('map').offsetTop"))
            browser.screenshot(phone, height=1300, top=max(0, top - 16))
        made.append(phone)
    for picture in made:
        size = picture.stat().st_size
        if size > 300_000:
            raise RuntimeError(f"{picture} is {size} bytes; keep README pictures under 300 KB")
    return made


def main(argv: list[str]) -> int:
    """``screenshot [--dark] [--journey ID] [OUT]``: a PNG of an example map;
    ``print-pictures [FOLDER]``: the README pictures of the print and phone layouts."""
    args = list(argv)
    if args and args[0] == "print-pictures":
        for picture in print_pictures(Path(args[1]) if len(args) > 1 else ROOT / "docs" / "img"):
            print(f"wrote {picture}")
        return 0
    if not args or args[0] != "screenshot":
        print(__doc__)
        return 2
    args.pop(0)
    dark = "--dark" in args
    if dark:
        args.remove("--dark")
    journey = "trial-onboarding"
    if "--journey" in args:
        at = args.index("--journey")
        journey = args[at + 1]
        del args[at : at + 2]
    out = Path(args[0]) if args else ROOT / "docs" / "img" / "map-en.png"
    executable, reason = find_chromium()
    if executable is None:
        print(f"cannot take a screenshot: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        render_examples(site)
        with Chromium(executable) as browser:
            report = browser.open(site / f"{journey}.html", width=1440, height=900, dark=dark)
            if report.errors or report.requests:
                print(f"page problems: {report}", file=sys.stderr)
                return 1
            browser.screenshot(out, height=2000)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
