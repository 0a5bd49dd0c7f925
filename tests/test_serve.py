"""``cjmap serve`` over HTTP: what is served, what is refused, how it rebuilds and stops."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjmap.serve.page import SCRIPT, STYLE, overlay, served_page, served_policy
from cjmap.serve.server import allowed_hosts
from serve_support import Served, serving, start, write_journey, write_workspace

OVERLAY = '<section class="cjmap-overlay"'


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "ws")


# -- the page as served ----------------------------------------------------------------------


def test_served_policy_allows_the_script_and_the_stream_and_nothing_else() -> None:
    from cjmap.render.formats.html import content_security_policy, source_hash

    policy = served_policy(content_security_policy(["body{}"]))
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == [source_hash(SCRIPT)]
    assert directives["style-src"] == [source_hash("body{}"), source_hash(STYLE)]
    assert directives["connect-src"] == ["'self'"]


def test_served_page_keeps_the_rendered_page_and_escapes_the_findings() -> None:
    page = (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta http-equiv="Content-Security-Policy" '
        'content="default-src &#39;none&#39;"><title>x</title></head><body><main>map</main>'
        "</body></html>"
    )
    served = served_page(page, 7, "journeys/<img src=x onerror=alert(1)>.yaml\n  1:1  error")
    assert "<main>map</main>" in served
    assert "<img" not in served.split("<body>", 1)[1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in served
    assert 'data-version="7"' in served
    assert "cjmap нашёл ошибки" in served  # the page's locale
    assert f"<script>{SCRIPT}</script>" in served


def test_overlay_is_empty_without_findings() -> None:
    assert overlay(3, None, "en") == '<div id="cjmap-serve" data-version="3"></div>'


def test_allowed_hosts_are_the_address_and_loopback_names_with_the_port() -> None:
    hosts = allowed_hosts("127.0.0.1", 8123)
    assert {"127.0.0.1:8123", "localhost:8123", "[::1]:8123"} <= hosts
    assert "evil.example:8123" not in hosts
    assert "localhost" not in hosts
    assert "localhost:8124" not in hosts


# -- the server, as a process ----------------------------------------------------------------


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the tests whose requests change nothing (pages, policy, refusals): a
    workspace with a link to its ``cjmap.yaml`` named like a page."""
    workspace = write_workspace(tmp_path_factory.mktemp("linked") / "ws")
    (workspace / "link.html").symlink_to(workspace / "cjmap.yaml")
    with serving(workspace) as served:
        yield served
    assert served.proc.returncode == 143, served.lines


def test_serves_the_index_and_the_journey_pages_with_their_policy(linked_server: Served) -> None:
    served = linked_server
    assert served.url.startswith("http://127.0.0.1:")
    status, headers, body = served.get("/")
    assert status == 200
    assert "j0.html" in body
    assert "j1.html" in body
    status, headers, body = served.get("/j0.html")
    assert status == 200
    assert "Search ad" in body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "connect-src 'self'" in headers["content-security-policy"]
    assert "script-src 'sha256-" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_render_output_is_unchanged_by_serve(workspace: Path, tmp_path: Path) -> None:
    """What `render` writes has no script; what serve serves is that page plus its own."""
    out = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "cjmap", "render", "-o", str(out)], cwd=workspace, check=True
    )
    rendered = (out / "j0.html").read_text("utf-8")
    assert "<script>" not in rendered  # only the page data, as JSON
    with serving(workspace) as served:
        _, _, body = served.get("/j0.html")
    assert served_page(rendered, int(body.split('data-version="')[1].split('"')[0]), None) == body


@pytest.mark.parametrize(
    "path",
    [
        "/../cjmap.yaml",
        "/..%2fcjmap.yaml",
        "/%2e%2e/cjmap.yaml",
        "/%2e%2e%2fcjmap.yaml",
        "/journeys/j0.yaml",
        "/journeys%2fj0.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/" + "%2F" + "etc%2Fpasswd",
        "http://127.0.0.1/etc/passwd",
        "/cjmap.yaml",
        "/link.html",
        "/j0.html/..",
        "/index.html%00",
    ],
)
def test_nothing_but_rendered_pages_is_served(linked_server: Served, path: str) -> None:
    status, _, body = linked_server.get(path)
    assert status == 404
    assert "kind: workspace" not in body
    assert "root:" not in body


def test_a_foreign_host_header_is_refused(linked_server: Served) -> None:
    served = linked_server
    for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1.nip.io", ""):
        status, _, body = served.get("/j0.html", host=host)
        assert status == 403, host
        assert "Search ad" not in body
    assert served.get("/", host=f"localhost:{served.port}")[0] == 200
    status, _, _ = served.get("/_cjmap/events", host="evil.example")
    assert status == 403


def test_a_busy_port_is_exit_2_with_the_next_free_port(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc, _ = start(workspace, "--port", str(port))
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    message = err.decode()
    assert f"cjmap: port {port} is in use; try --port " in message
    suggested = int(message.split("try --port ")[1].split()[0])
    assert suggested > port
    assert "Traceback" not in message


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_cleanly(workspace: Path, signum: int) -> None:
    with serving(workspace) as served:
        # An open event stream must not keep it from stopping.
        stream = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        stream.request("GET", "/_cjmap/events", headers={"Host": served.host})
        response = stream.getresponse()
        assert response.status == 200
        code, said = served.stop(signum)
        stream.close()
    assert code == 128 + signum
    assert "Traceback" not in said
    assert said.splitlines()[-1] == (
        "cjmap: terminated" if signum == signal.SIGTERM else "cjmap: interrupted"
    )


def _events(served_port: int, host: str) -> tuple[http.client.HTTPConnection, object]:
    stream = http.client.HTTPConnection("127.0.0.1", served_port, timeout=20)
    stream.request("GET", "/_cjmap/events", headers={"Host": host})
    response = stream.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    return stream, response


def _next_event(response: object) -> dict[str, int]:
    data = None
    while True:
        line = response.readline().decode()  # type: ignore[attr-defined]
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "\n" and data is not None:
            return data


def test_an_edit_sends_an_event_and_rebuilds_the_page(workspace: Path) -> None:
    with serving(workspace) as served:
        stream, response = _events(served.port, served.host)
        first = _next_event(response)["version"]
        write_journey(workspace, "j0", touchpoint="Podcast sponsorship")
        assert _next_event(response)["version"] > first
        stream.close()
        body = served.get("/j0.html")[2]
        assert "Podcast sponsorship" in body
        assert f'data-version="{first}"' not in body


def test_only_the_affected_journeys_are_rebuilt(workspace: Path) -> None:
    other = write_journey(workspace, "other", title="Other")
    other.write_text(other.read_text("utf-8").replace("[ana]", "[]"), "utf-8")
    with serving(workspace) as served:
        write_journey(workspace, "j0", touchpoint="Radio")
        line = served.wait_for_line(lambda text: text.startswith("cjmap: rebuilt"))
        assert line.startswith("cjmap: rebuilt 1 journey")
        # A persona edit rebuilds every journey that names it, and only those.
        (workspace / "personas" / "ana.yaml").write_text(
            "kind: persona\nid: ana\nname: Ana Renamed\n", "utf-8"
        )
        line = served.wait_for_line(lambda text: text.startswith("cjmap: rebuilt"))
        assert line.startswith("cjmap: rebuilt 2 journeys")
        for page in ("/j0.html", "/j1.html"):
            served.wait_for_page(page, lambda body: "Ana Renamed" in body)
        assert "Ana Renamed" not in served.get("/other.html")[2]


def _sub_journey(root: Path, duration: str) -> None:
    """A journey 'sub' of one touchpoint taking ``duration``, saved as an editor saves."""
    path = root / "journeys" / "sub.yaml"
    temporary = path.with_name(".sub.yaml.tmp")
    temporary.write_text(
        "kind: journey\nid: sub\ntitle: Sub\nstages:\n  - id: s\n    name: S\n"
        f"    touchpoints:\n      - id: t\n        name: T\n        duration: {duration}\n",
        "utf-8",
    )
    os.replace(temporary, path)


def test_a_sub_journey_change_rebuilds_the_journeys_that_use_it(workspace: Path) -> None:
    _sub_journey(workspace, "2h")
    user = workspace / "journeys" / "j0.yaml"
    text = user.read_text("utf-8").replace(
        "name: Website\n", "name: Website\n        journey: sub\n"
    )
    user.write_text(text, "utf-8")
    with serving(workspace) as served:
        first = served.get("/j0.html")[2]
        assert 'href="sub.html"' in first
        assert "Duration 2\u00a0h" in first
        _sub_journey(workspace, "3h")
        line = served.wait_for_line(lambda text: text.startswith("cjmap: rebuilt"))
        # The sub-journey's page and the page of the journey that uses it; not j1's.
        assert line.startswith("cjmap: rebuilt 2 journeys"), line
        served.wait_for_page("/j0.html", lambda body: "Duration 3\u00a0h" in body)


def test_errors_are_shown_over_the_last_good_page_and_go_when_fixed(workspace: Path) -> None:
    with serving(workspace) as served:
        (workspace / "journeys" / "j0.yaml").write_text(
            "kind: journey\nid: j0\ntitle: [unclosed\n", "utf-8"
        )
        body = served.wait_for_page("/j0.html", lambda b: OVERLAY in b)
        assert "Search ad" in body  # the last good render stays
        assert "journeys/j0.yaml" in body
        assert "[yaml-syntax]" in body
        assert "cjmap found problems" in body
        # Every page shows it, and the server lives on.
        assert "[yaml-syntax]" in served.get("/j1.html")[2]
        write_journey(workspace, "j0", emotion="9")
        body = served.wait_for_page("/j0.html", lambda b: "[yaml-syntax]" not in b)
        assert "journeys/j0.yaml" in body
        assert OVERLAY in body
        write_journey(workspace, "j0", emotion="2")
        served.wait_for_page("/j0.html", lambda b: OVERLAY not in b)


def test_new_deleted_and_renamed_files_are_picked_up(workspace: Path) -> None:
    with serving(workspace) as served:
        write_journey(workspace, "fresh", title="A fresh journey")
        served.wait_for_page("/", lambda b: "A fresh journey" in b)
        assert "A fresh journey" in served.get("/fresh.html")[2]
        os.replace(workspace / "journeys" / "fresh.yaml", workspace / "journeys" / "moved.yaml")
        served.wait_for_line(lambda text: text.startswith("cjmap: rebuilt"))
        assert served.get("/fresh.html")[0] == 200
        (workspace / "journeys" / "moved.yaml").unlink()
        served.wait_for_page("/", lambda b: "A fresh journey" not in b)
        status, _, body = served.get("/fresh.html")
        assert status == 404
        assert "All journeys" in body  # the page of a journey that is gone


def test_a_workspace_config_change_rebuilds_everything(workspace: Path) -> None:
    with serving(workspace) as served:
        (workspace / "cjmap.yaml").write_text("kind: workspace\nlocale: cs\n", "utf-8")
        served.wait_for_line(lambda text: text.startswith("cjmap: built"))
        served.wait_for_page("/", lambda b: 'lang="cs"' in b)


def test_host_0_0_0_0_warns(workspace: Path) -> None:
    with serving(workspace, "--host", "0.0.0.0") as served:
        assert any("anyone on your network" in line for line in served.lines)
        assert served.get("/")[0] == 200


def test_bad_options_are_usage_errors(workspace: Path, run_cjmap: object) -> None:
    for args, message in [
        (("--locale", "xx"), "no labels for locale 'xx'"),
        (("--templates", "nowhere"), "--templates nowhere: no such folder"),
        (("--host", "no.such.host.invalid"), "cannot serve on host"),
        (("--port", "70000"), "65535"),
        (("nowhere.yaml",), "no such file or folder: nowhere.yaml"),
    ]:
        result = run_cjmap("serve", *args, cwd=workspace)  # type: ignore[operator]
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_validate_does_not_import_watchfiles(workspace: Path) -> None:
    code = (
        "import sys\nfrom cjmap.cli import main\n"
        "assert main(['validate']) == 0\n"
        "assert 'watchfiles' not in sys.modules, 'validate imported watchfiles'\n"
        "assert 'cjmap.serve.run' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=workspace, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def test_stops_cleanly_while_rebuilding_often(workspace: Path) -> None:
    with serving(workspace) as served:
        for n in range(5):
            write_journey(workspace, "j0", touchpoint=f"Ad {n}")
            time.sleep(0.02)
        code, said = served.stop()
    assert code == 143
    assert "Traceback" not in said


def test_open_asks_the_default_browser(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys, pathlib\npathlib.Path({str(opened)!r}).write_text(sys.argv[1])\n", "utf-8"
    )
    # Python's webbrowser runs $BROWSER, with %s replaced by the URL.
    monkeypatch.setenv("BROWSER", f"{sys.executable} {browser} %s")
    with serving(workspace, "--open") as served:
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text("utf-8") == served.url


def test_paths_limit_the_journeys_served(workspace: Path) -> None:
    with serving(workspace, "journeys/j0.yaml") as served:
        index = served.get("/")[2]
        assert "j0.html" in index
        assert "j1.html" not in index
        assert served.get("/j1.html")[0] == 404
        # The persona is read as context, and its edits still reach the page.
        (workspace / "personas" / "ana.yaml").write_text(
            "kind: persona\nid: ana\nname: Ana Context\n", "utf-8"
        )
        served.wait_for_page("/j0.html", lambda body: "Ana Context" in body)
