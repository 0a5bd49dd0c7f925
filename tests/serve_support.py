"""Run ``cjmap serve`` as a real process for the tests: a small workspace, the URL it prints,
its messages as they come, and helpers to wait for a rebuild."""

from __future__ import annotations

import http.client
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PERSONA = """\
kind: persona
id: ana
name: {name}
"""

JOURNEY = """\
kind: journey
id: {id}
title: {title}
personas: [ana]
stages:
  - id: discover
    name: Discover
    touchpoints:
      - id: ad
        name: {touchpoint}
        emotion: {emotion}
      - id: site
        name: Website
        emotion: 1
"""


def write_workspace(root: Path, journeys: int = 2) -> Path:
    """A workspace with one persona and ``journeys`` journeys that name it."""
    (root / "journeys").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "cjmap.yaml").write_text("kind: workspace\nlocale: en\n", "utf-8")
    (root / "personas" / "ana.yaml").write_text(PERSONA.format(name="Ana Original"), "utf-8")
    for n in range(journeys):
        write_journey(root, f"j{n}")
    return root


def write_journey(
    root: Path,
    ident: str,
    *,
    title: str | None = None,
    touchpoint: str = "Search ad",
    emotion: str = "-1",
) -> Path:
    path = root / "journeys" / f"{ident}.yaml"
    text = JOURNEY.format(
        id=ident, title=title or f"Journey {ident}", touchpoint=touchpoint, emotion=emotion
    )
    # Written as an editor saves: a new file renamed over the old one.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)
    return path


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    url: str
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue[str] = field(default_factory=queue.Queue)

    @property
    def host(self) -> str:
        return str(urlsplit(self.url).netloc)

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
        """GET ``path`` exactly as written (no normalising), with ``host`` as the Host."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host if host is not None else self.host)
            connection.endheaders()
            response = connection.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for_line(self, wanted: Callable[[str], bool], timeout: float = 30.0) -> str:
        """The next message of the server for which ``wanted`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such message; the server said: {self.lines}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if wanted(line):
                return line

    def wait_for_page(self, path: str, holds: Callable[[str], bool], timeout: float = 30.0) -> str:
        """The page at ``path`` once ``holds`` is true of it."""
        deadline = time.monotonic() + timeout
        while True:
            status, _, body = self.get(path)
            if status == 200 and holds(body):
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never changed as expected; server: {self.lines}")
            time.sleep(0.05)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        """Send ``signum``; the exit code and everything the server said."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        code = self.proc.wait(timeout=30)
        self._reader.join(timeout=10)
        return code, "\n".join(self.lines)

    _reader: threading.Thread = field(init=False)


def _read(served: Served, stream: object) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        line = raw.decode("utf-8", "replace").rstrip("\n")
        served.lines.append(line)
        served._queue.put(line)


def start(cwd: Path, *args: str) -> tuple[subprocess.Popen[bytes], list[str]]:
    """Start ``cjmap serve ARGS`` (no URL waited for: for the tests of its refusals)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "serve", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return proc, []


@contextmanager
def serving(cwd: Path, *args: str, port: int = 0) -> Iterator[Served]:
    """``cjmap serve --port PORT ARGS`` in ``cwd``, once it has said its URL; stopped after."""
    proc, _ = start(cwd, "--port", str(port), *args)
    served = Served(proc, "")
    served._reader = threading.Thread(target=_read, args=(served, proc.stderr), daemon=True)
    served._reader.start()
    try:
        line = served.wait_for_line(lambda text: "serving at http://" in text, timeout=60)
        served.url = line.split("serving at ", 1)[1].split()[0]
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        served._reader.join(timeout=10)
