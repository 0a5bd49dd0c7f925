"""The index page's opportunity portfolio in a real headless Chromium: its filters and
sorting work, its script runs under the page's policy (no violation), axe-core finds
nothing, and with JavaScript disabled the table grouped by status is all there.

Skipped, with the reason, when no Chromium (or the ``websockets`` package) is found; the
axe check also needs axe-core (``npm install --prefix .cache/axe axe-core``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import Chromium, find_axe, find_chromium
from conftest import EXAMPLES

pytestmark = pytest.mark.browser

EXECUTABLE, MISSING = find_chromium()

VISIBLE_ROWS = (
    "[...document.querySelectorAll('#portfolio tr.opp')].filter(r => r.offsetParent !== null)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if EXECUTABLE is None:
        pytest.skip(MISSING)
    pytest.importorskip("websockets", reason="the browser tests need the websockets package")
    with Chromium(EXECUTABLE) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cjmap.cli import main

    out = tmp_path_factory.mktemp("site")
    assert main(["render", str(EXAMPLES), "-o", str(out)]) == 0
    return out / "index.html"


def select(browser: Chromium, ident: str, value: str) -> None:
    browser.evaluate(
        f"(() => {{ const s = document.getElementById({ident!r});"
        f" s.value = {value!r}; s.dispatchEvent(new Event('change')); }})()"
    )


def test_filters_show_only_the_rows_chosen_and_say_how_many(browser: Chromium, index: Path) -> None:
    report = browser.open(index)
    assert report.errors == [], report.errors  # a CSP violation is a console error
    assert report.requests == []
    total = browser.evaluate("document.querySelectorAll('#portfolio tr.opp').length")
    assert total > 5
    assert browser.evaluate(f"{VISIBLE_ROWS}.length") == total
    assert browser.evaluate("document.querySelector('.portfolio-controls').hidden") is False
    owners = browser.evaluate(
        "[...document.querySelectorAll('#portfolio-owner option')].slice(1).map(o => o.value)"
    )
    owner = next(o for o in owners if o)
    select(browser, "portfolio-owner", owner)
    shown = browser.evaluate(f"{VISIBLE_ROWS}.map(r => r.dataset.owner)")
    assert shown
    assert set(shown) == {owner}
    expected = browser.evaluate(
        f"[...document.querySelectorAll('#portfolio tr.opp')]"
        f".filter(r => r.dataset.owner === {owner!r}).length"
    )
    assert len(shown) == expected
    count = browser.evaluate("document.querySelector('.portfolio-count').textContent")
    assert count.endswith(f": {expected} / {total}")
    assert browser.evaluate("document.querySelector('.portfolio-count').getAttribute('role')") == (
        "status"
    )
    # Back to all owners; then a tag: every row shown carries it.
    browser.evaluate(
        "(() => { const s = document.getElementById('portfolio-owner'); s.selectedIndex = 0;"
        " s.dispatchEvent(new Event('change')); })()"
    )
    assert browser.evaluate(f"{VISIBLE_ROWS}.length") == total
    tag = browser.evaluate("document.querySelectorAll('#portfolio-tag option')[1].value")
    select(browser, "portfolio-tag", tag)
    tags = browser.evaluate(
        f"{VISIBLE_ROWS}.map(r => [...r.querySelectorAll('[data-tag]')].map(t => t.dataset.tag))"
    )
    assert tags
    assert all(tag in row for row in tags)
    select(browser, "portfolio-status", "planned")
    statuses = browser.evaluate(f"{VISIBLE_ROWS}.map(r => r.dataset.status)")
    assert set(statuses) <= {"planned"}
    # Groups with no row left are hidden with their heading.
    assert browser.evaluate(
        "[...document.querySelectorAll('#portfolio tbody')].filter(b => !b.hidden)"
        ".every(b => b.querySelector('tr.opp:not([hidden])'))"
    )


def test_sorting_by_a_column_orders_the_rows_and_sets_aria_sort(
    browser: Chromium, index: Path
) -> None:
    browser.open(index)
    headers = "document.querySelectorAll('#portfolio thead th')"
    assert browser.evaluate(f"[...{headers}].every(h => h.querySelector('button.sort'))")
    assert browser.evaluate(f"{headers}[4].getAttribute('aria-sort')") == "descending"
    scores = (
        "[...document.querySelector('#portfolio tbody').querySelectorAll('tr.opp')]"
        ".map(r => Number(r.cells[4].dataset.sort))"
    )
    first = browser.evaluate(scores)
    assert first == sorted(first, reverse=True)
    browser.evaluate(f"{headers}[4].querySelector('button').click()")
    assert browser.evaluate(f"{headers}[4].getAttribute('aria-sort')") == "ascending"
    assert browser.evaluate(scores) == sorted(first)
    browser.evaluate(f"{headers}[5].querySelector('button').click()")
    assert browser.evaluate(f"{headers}[5].getAttribute('aria-sort')") == "ascending"
    assert browser.evaluate(f"{headers}[4].getAttribute('aria-sort')") == "none"
    owners = browser.evaluate(
        "[...document.querySelector('#portfolio tbody').querySelectorAll('tr.opp')]"
        ".map(r => r.cells[5].textContent.trim())"
    )
    collated = browser.evaluate(
        f"(() => {{ const c = new Intl.Collator(document.documentElement.lang, {{numeric: true}});"
        f" return {owners!r}.slice().sort(c.compare); }})()"
    )
    assert owners == collated
    browser.evaluate(f"{headers}[5].querySelector('button').click()")
    assert browser.evaluate(f"{headers}[5].getAttribute('aria-sort')") == "descending"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_nothing_on_the_index_with_its_portfolio(
    browser: Chromium, index: Path, dark: bool
) -> None:
    axe_js, why = find_axe()
    if axe_js is None:
        pytest.skip(why)
    report = browser.open(index, dark=dark)
    assert report.errors == []
    select(browser, "portfolio-status", "planned")
    assert browser.axe(axe_js) == []
    browser.open(index, width=390, height=844, dark=dark)
    assert browser.axe(axe_js) == []


def test_without_javascript_the_grouped_table_is_all_there(browser: Chromium, index: Path) -> None:
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(index)
        # The page's own script did not run: no sort buttons, the filters stay hidden.
        assert browser.evaluate("document.querySelectorAll('button.sort').length") == 0
        assert (
            browser.evaluate(
                "getComputedStyle(document.querySelector('.portfolio-controls')).display"
            )
            == "none"
        )
        groups = browser.evaluate(
            "[...document.querySelectorAll('#portfolio tbody')].map(b => [b.className,"
            " b.querySelector('th[scope=rowgroup]').innerText.trim(),"
            " [...b.querySelectorAll('tr.opp')].filter(r => r.offsetParent !== null).length])"
        )
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
    from cjmap.analysis.portfolio import STATUSES

    order = [name.removeprefix("group-") for name, _, _ in groups]
    assert order == [s for s in STATUSES if s in order]
    assert len(order) >= 3
    assert all(shown > 0 and f"({shown})" in heading for _, heading, shown in groups)
    opportunities = sum(
        len(tp.get("opportunities", []))
        for path in (EXAMPLES / "journeys").glob("*.yaml")
        for tp in _touchpoints(path)
    )
    assert sum(shown for _, _, shown in groups) == opportunities


def _touchpoints(path: Path) -> list[dict[str, object]]:
    from ruamel.yaml import YAML

    found = []
    for doc in YAML(typ="safe").load_all(path.read_text("utf-8")):
        if isinstance(doc, dict) and doc.get("kind") == "journey":
            for stage in doc.get("stages", []):
                found.extend(stage.get("touchpoints", []))
    return found
