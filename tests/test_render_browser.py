"""Rendered maps in a real headless Chromium: they load cleanly, load nothing from the
network, execute no payload, and pass axe-core's accessibility checks.

Skipped, with the reason, when no Chromium (or the ``websockets`` package) is found; axe
checks also need axe-core (``npm install --prefix .cache/axe axe-core``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import Chromium, find_axe, find_chromium
from cjmap.render.formats.html import portfolio_script
from conftest import EXAMPLES
from render_support import all_payload_texts, write_hostile_workspace

pytestmark = pytest.mark.browser

EXECUTABLE, MISSING = find_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if EXECUTABLE is None:
        pytest.skip(MISSING)
    pytest.importorskip("websockets", reason="the browser tests need the websockets package")
    with Chromium(EXECUTABLE) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cjmap.cli import main

    out = tmp_path_factory.mktemp("site")
    hostile = write_hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    assert main(["render", str(EXAMPLES), "-o", str(out / "examples")]) == 0
    assert main(["render", str(hostile), "-o", str(out / "hostile")]) == 0
    return out


EXAMPLE_PAGES = sorted(p.stem for p in (EXAMPLES / "journeys").glob("*.yaml"))


def example_pages(site: Path) -> list[Path]:
    return sorted((site / "examples").glob("*.html"))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_example_pages_load_cleanly_and_offline(
    browser: Chromium, site: Path, tmp_path: Path, dark: bool
) -> None:
    pages = example_pages(site)
    assert len(pages) == len(EXAMPLE_PAGES) + 1
    for page in pages:
        report = browser.open(page, dark=dark)
        assert report.errors == [], f"{page.name}: {report.errors}"
        assert report.requests == [], f"{page.name} loaded {report.requests}"
        assert report.dialogs == []
        shot = tmp_path / f"{page.stem}.png"
        browser.screenshot(shot, height=1200)
        assert shot.read_bytes().startswith(b"\x89PNG")
        assert shot.stat().st_size > 10_000, "a blank page makes a tiny PNG"


def test_dark_mode_changes_the_colours(browser: Chromium, site: Path) -> None:
    page = site / "examples" / "trial-onboarding.html"
    colour = "getComputedStyle(document.body).backgroundColor"
    browser.open(page)
    light = browser.evaluate(colour)
    browser.open(page, dark=True)
    assert browser.evaluate(colour) != light


def test_wide_map_scrolls_sideways_with_lane_labels_in_view(browser: Chromium, site: Path) -> None:
    browser.open(site / "examples" / "business-account-opening.html", width=1000)
    widths = browser.evaluate(
        "(() => { const s = document.querySelector('.map-scroll');"
        " s.scrollLeft = 900;"
        " const lane = document.querySelector('.map tbody th').getBoundingClientRect();"
        " const box = s.getBoundingClientRect();"
        " return [s.scrollWidth, s.clientWidth, lane.left - box.left]; })()"
    )
    scroll_width, client_width, lane_offset = widths
    assert scroll_width > client_width, "the map is wider than the window"
    assert abs(lane_offset) < 2, "lane labels stick to the left edge while scrolling"


def test_the_curve_lines_up_with_the_columns(browser: Chromium, site: Path) -> None:
    browser.open(site / "examples" / "trial-onboarding.html")
    offsets = browser.evaluate(
        "(() => { const heads = [...document.querySelectorAll('.map thead tr.tps th.tp')];"
        " const marks = [...document.querySelectorAll('.curve .series.s0 path.marker')];"
        " const shift = (i) => { const h = heads[i].getBoundingClientRect();"
        " const m = marks[i].getBoundingClientRect();"
        " return Math.abs((h.left + h.right) / 2 - (m.left + m.right) / 2); };"
        " return [0, 3, marks.length - 1].map(shift); })()"
    )
    # Personas are drawn side by side around the column centre (at most 15 px off).
    assert all(offset < 20 for offset in offsets), offsets


def test_hostile_journey_executes_nothing_and_shows_text(browser: Chromium, site: Path) -> None:
    pages = sorted((site / "hostile").glob("*.html"), key=lambda p: p.name == "hostile.html")
    for page in pages:
        report = browser.open(page)
        assert report.dialogs == [], f"{page.name}: a payload opened a dialog"
        assert report.requests == [], f"{page.name}: a payload loaded {report.requests}"
        assert report.errors == [], f"{page.name}: {report.errors}"
        assert browser.evaluate("typeof window.__pwned") == "undefined"
        # No script but the index's own portfolio script (allowed by its hash alone).
        scripts = browser.evaluate(
            "[...document.querySelectorAll('script:not([type])')].map(s => s.textContent)"
        )
        assert scripts == ([portfolio_script()] if page.name == "index.html" else [])
        assert browser.evaluate("document.querySelectorAll('img, iframe, link').length") == 0
    text = browser.evaluate("document.body.innerText")
    shown = [p for p in all_payload_texts()[:30] if p.split("\n")[0] in text]
    assert len(shown) >= 25
    assert "{{ 7*7 }}" in text


# One page per script and layout case (Latin, Cyrillic, CJK, a future state, the index, the
# hostile journey); axe takes a few seconds a page.
AXE_LIGHT = (
    "examples/trial-onboarding.html",
    "examples/business-account-opening.html",
    "examples/aircon-purchase.html",
    "examples/trial-onboarding-future.html",
    "examples/index.html",
    "hostile/hostile.html",
)
AXE_DARK = ("examples/trial-onboarding.html", "examples/index.html")


@pytest.mark.parametrize(
    ("dark", "pages"), [(False, AXE_LIGHT), (True, AXE_DARK)], ids=["light", "dark"]
)
def test_axe_finds_no_serious_violations(
    browser: Chromium, site: Path, dark: bool, pages: tuple[str, ...]
) -> None:
    axe_js, reason = find_axe()
    if axe_js is None:
        pytest.skip(reason)
    problems = {}
    for name in pages:
        page = site / name
        # axe is injected as a script, which the page's own policy rightly forbids.
        browser.open(page, dark=dark, bypass_csp=True)
        violations = browser.axe(axe_js)
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        if serious:
            problems[name] = serious
    assert problems == {}
