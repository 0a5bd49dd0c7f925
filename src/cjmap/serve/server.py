"""The HTTP server of ``cjmap serve``: rendered pages from memory, and an event stream.

Only the pages of the last build are served, looked up by name in a dictionary: no path
of the file system is ever opened, so ``..``, encoded slashes, absolute paths and links
lead nowhere (404). A request whose ``Host`` is not the address served or ``localhost``
is refused (403): a web page elsewhere cannot read the maps through DNS rebinding.
"""

from __future__ import annotations

import contextlib
import errno
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from cjmap.serve.page import BASE_POLICY, EVENTS_PATH, meta_policy, missing_page, served_page
from cjmap.serve.site import INDEX, Snapshot
from cjmap.util.errors import UsageError

KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream sends a comment (a closed tab is noticed then)."""

PORT_TRIES = 50
"""How many ports after a busy one are tried for the hint."""

LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


class Changes:
    """The build number, and a way for the event streams to wait for the next one."""

    def __init__(self, version: int = 0) -> None:
        self._cond = threading.Condition()
        self._version = version
        self._closed = False

    def publish(self, version: int) -> None:
        with self._cond:
            self._version = version
            self._cond.notify_all()

    def close(self) -> None:
        """Let every stream end (the server is stopping)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self, seen: int | None, timeout: float) -> int | None:
        """The build number once it is not ``seen`` (or after ``timeout``); None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._version != seen, timeout)
            return None if self._closed else self._version


class Server(ThreadingHTTPServer):
    """A threading HTTP server that joins its threads when closed."""

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        snapshot: Callable[[], Snapshot],
        changes: Changes,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.snapshot = snapshot
        self.changes = changes
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, Handler)
        self.hosts = allowed_hosts(address[0], self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        """Close the listening socket, end every open connection (a browser keeps some
        open, idle, between requests), then join their threads: stopping never waits for
        an idle connection to time out."""
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        super().server_close()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers a request may carry: the address served and the loopback names,
    with the port (and without it on port 80). A server on every address (``0.0.0.0``)
    also answers to this machine's name and addresses."""
    names = {*LOOPBACK, f"[{host}]" if ":" in host else host}
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - we are checking, not binding
        names.add(socket.gethostname())
        try:
            for info in socket.getaddrinfo(socket.gethostname(), None):
                address = str(info[4][0])
                names.add(f"[{address}]" if ":" in address else address)
        except OSError:
            pass
    allowed = {f"{name}:{port}".lower() for name in names}
    if port == 80:
        allowed.update(name.lower() for name in names)
    return frozenset(allowed)


class Handler(BaseHTTPRequestHandler):
    server: Server
    timeout = 10.0

    def version_string(self) -> str:
        return "cjmap"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds, not requests."""

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._plain(403, "forbidden: unknown Host header\n", head)
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH and not head:
            self._events()
            return
        name = unquote(path)[1:] if path.startswith("/") else None
        if name == "":
            name = INDEX
        snap = self.server.snapshot()
        data = snap.pages.get(name) if name is not None else None
        if data is not None:
            assert name is not None
            text = served_page(data.decode("utf-8"), snap.version, snap.report)
            self._send(200, text.encode("utf-8"), "text/html", meta_policy(text), head)
        elif name is not None and "/" not in name and name.endswith(".html"):
            text = missing_page(name, snap.version, snap.report)
            self._send(404, text.encode("utf-8"), "text/html", meta_policy(text), head)
        else:
            self._plain(404, "not found\n", head)

    def _plain(self, status: int, text: str, head: bool) -> None:
        self._send(status, text.encode("utf-8"), "text/plain", BASE_POLICY, head)

    def _send(self, status: int, body: bytes, kind: str, policy: str | None, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._common(policy)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _common(self, policy: str | None) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if policy is not None:
            self.send_header("Content-Security-Policy", policy)

    def _events(self) -> None:
        """The event stream: the build number now, then after every rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._common(BASE_POLICY)
        self.end_headers()
        seen: int | None = None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                version = self.server.changes.wait(seen, KEEPALIVE_SECONDS)
                if version is None:
                    return
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = version
                    data = json.dumps({"version": version})
                    self.wfile.write(f"id: {version}\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            return  # the page went away


def bind(host: str, port: int, snapshot: Callable[[], Snapshot], changes: Changes) -> Server:
    """A server bound to ``host:port`` (not yet serving); a busy port is a usage error that
    names the next free one."""
    try:
        return Server((host, port), snapshot, changes)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            free = next_free_port(host, port)
            hint = f"; try --port {free}" if free is not None else "; try --port 0"
            raise UsageError(f"port {port} is in use{hint}") from exc
        if exc.errno == errno.EACCES:
            raise UsageError(
                f"port {port} needs special permissions; choose a port above 1023"
            ) from exc
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            raise UsageError(
                f"cannot serve on host {host!r}: no such address on this machine; "
                "the default 127.0.0.1 serves this computer only"
            ) from exc
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc


def next_free_port(host: str, port: int) -> int | None:
    """The first port after ``port`` that can be bound on ``host``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in range(port + 1, min(port + 1 + PORT_TRIES, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None
