"""``cjmap serve`` in a real headless Chromium: pages update in place as the YAML is saved."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import Chromium, find_chromium
from serve_support import Served, serving, write_journey, write_workspace

pytestmark = pytest.mark.browser

EXECUTABLE, MISSING = find_chromium()

OVERLAY = "document.querySelector('#cjmap-serve .cjmap-overlay')"
OVERLAY_TEXT = f"({OVERLAY} || {{innerText: ''}}).innerText"
EMOTION_AT_AD = (
    "JSON.parse(document.getElementById('cjmap-data').textContent)"
    ".analysis.emotion.combined.points.find(p => p.touchpoint === 'ad').value"
)


def _browser() -> Chromium:
    if EXECUTABLE is None:
        pytest.skip(MISSING)
    pytest.importorskip("websockets", reason="the browser tests need the websockets package")
    return Chromium(EXECUTABLE)


@pytest.fixture
def browser() -> Iterator[Chromium]:
    with _browser() as chromium:
        yield chromium


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if EXECUTABLE is None:
        pytest.skip(MISSING)
    with serving(write_workspace(tmp_path / "ws")) as running:
        yield running


def _open(browser: Chromium, served: Served, page: str) -> None:
    report = browser.open(served.url + page, width=1000, height=400)
    assert report.errors == [], report.errors  # no CSP violation for the script or the stream
    browser.wait_until("document.getElementById('cjmap-serve') !== null")
    # Set on the window: it survives an update in place, and is gone after a reload.
    browser.evaluate("window.cjmapMarker = 'kept'; window.scrollTo(0, 120); window.scrollY")


def _not_reloaded(browser: Chromium) -> None:
    assert browser.evaluate("window.cjmapMarker") == "kept"
    assert browser.evaluate("window.scrollY") == 120


def test_an_edit_shows_in_the_open_page_without_a_reload(
    browser: Chromium, served: Served, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    _open(browser, served, "j0.html")
    assert browser.evaluate(EMOTION_AT_AD) == -1
    write_journey(root, "j0", touchpoint="Podcast sponsorship")
    browser.wait_until("document.body.innerText.includes('Podcast sponsorship')")
    _not_reloaded(browser)
    write_journey(root, "j0", touchpoint="Podcast sponsorship", emotion="2")
    browser.wait_until(f"{EMOTION_AT_AD} === 2")
    _not_reloaded(browser)
    assert browser.evaluate(f"{OVERLAY} === null")


def test_errors_show_in_an_overlay_with_their_line_and_go_when_fixed(
    browser: Chromium, served: Served, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    path = root / "journeys" / "j0.yaml"
    _open(browser, served, "j0.html")
    good = path.read_text("utf-8")
    # A syntax error: the list on line 3 is never closed.
    path.write_text(good.replace("title: Journey j0", "title: [Journey j0"), "utf-8")
    text = browser.wait_until(f"{OVERLAY_TEXT}.includes('[yaml-syntax]') && {OVERLAY_TEXT}")
    assert "journeys/j0.yaml" in text
    assert "\n  3:8  error" in text
    # The last good map stays underneath.
    assert browser.evaluate("document.body.innerText.includes('Search ad')")
    _not_reloaded(browser)
    # A schema error: an emotion off the -2..2 scale, on line 11.
    write_journey(root, "j0", emotion="7")
    text = browser.wait_until(
        f"!{OVERLAY_TEXT}.includes('[yaml-syntax]') && {OVERLAY_TEXT}.includes('11:18') "
        f"&& {OVERLAY_TEXT}"
    )
    assert "journeys/j0.yaml" in text
    assert "[out-of-range]" in text
    _not_reloaded(browser)
    write_journey(root, "j0", emotion="1")
    browser.wait_until(f"{OVERLAY} === null")
    browser.wait_until(f"{EMOTION_AT_AD} === 1")
    _not_reloaded(browser)


def test_two_tabs_update_and_a_persona_edit_updates_every_page_using_it(
    browser: Chromium, served: Served, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    with _browser() as second:
        _open(browser, served, "j0.html")
        _open(second, served, "j1.html")
        assert browser.evaluate("document.body.innerText.includes('Ana Original')")
        (root / "personas" / "ana.yaml").write_text(
            "kind: persona\nid: ana\nname: Ana Renamed\n", "utf-8"
        )
        for tab in (browser, second):
            tab.wait_until("document.body.innerText.includes('Ana Renamed')")
            _not_reloaded(tab)
        # The index, open in a tab, follows a new journey too.
        second.open(served.url, width=1000, height=400)
        write_journey(root, "j2", title="A third journey")
        second.wait_until("document.body.innerText.includes('A third journey')")


def test_the_page_catches_up_after_a_failed_update(
    browser: Chromium, served: Served, tmp_path: Path
) -> None:
    """An update that could not be fetched (the network down) is fetched again later."""
    root = tmp_path / "ws"
    _open(browser, served, "j0.html")
    browser.send("Network.emulateNetworkConditions", _offline(True))
    write_journey(root, "j0", touchpoint="Made while offline")
    served.wait_for_page("/j0.html", lambda body: "Made while offline" in body)
    time.sleep(0.5)
    browser.send("Network.emulateNetworkConditions", _offline(False))
    browser.wait_until("document.body.innerText.includes('Made while offline')")
    _not_reloaded(browser)


def test_the_page_catches_up_after_the_server_restarts(browser: Chromium, tmp_path: Path) -> None:
    """The event stream reconnects to a new server on the same port; the page learns that
    the build changed while it was away."""
    root = write_workspace(tmp_path / "ws")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serving(root, port=port) as first:
        _open(browser, first, "j0.html")
        first.stop()
    write_journey(root, "j0", touchpoint="Made while stopped")
    with serving(root, port=port):
        browser.wait_until("document.body.innerText.includes('Made while stopped')")
        _not_reloaded(browser)


def _offline(offline: bool) -> dict[str, object]:
    return {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
