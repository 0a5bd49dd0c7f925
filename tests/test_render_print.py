"""``cjmap render -f pdf|png`` and the print and phone layouts, in a real headless Chromium.

The PDFs are made once per paper size through the CLI (one browser prints every page of a
run) and read back with poppler's ``pdftotext`` and ``pdffonts``; the layouts are measured on
element boxes through the DevTools protocol, with print media emulated and at 390 px wide.
Everything here skips, with the reason, without Chromium (or poppler-utils, or axe-core).
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import Chromium, find_axe, find_chromium
from conftest import EXAMPLES
from output_checks import run

pytestmark = pytest.mark.browser

EXECUTABLE, MISSING = find_chromium()
GOLDEN_JSON = Path(__file__).parent / "golden" / "json"
PAPERS = [
    ("A4", "portrait"),
    ("A3", "landscape"),
    ("A2", "landscape"),
    ("A1", "portrait"),
    ("letter", "portrait"),
    ("tabloid", "landscape"),
]
"""Every paper size, in both orientations between them."""

SEVEN_PT = 7 * 96 / 72
"""7 pt in CSS pixels: the smallest text the print layout may use."""


def _need_browser() -> str:
    if EXECUTABLE is None:
        pytest.skip(MISSING)
    return EXECUTABLE


def _need_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftotext, pdffonts) not installed")


def _flat(text: str) -> str:
    """Text without any white space: a name wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def examples() -> list[dict[str, Any]]:
    """The example journeys as ``-f json`` writes them (kept true by the golden test)."""
    journeys = []
    for path in sorted(GOLDEN_JSON.glob("*.json")):
        journeys.append(json.loads(path.read_text("utf-8"))["journey"])
    assert len(journeys) == 7
    return journeys


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The examples printed once per paper and orientation asked for: folder by paper."""
    _need_browser()
    folders: dict[tuple[str, str], Path] = {}

    class Lazy(dict[tuple[str, str], Path]):
        def __missing__(self, key: tuple[str, str]) -> Path:
            paper, orientation = key
            out = tmp_path_factory.mktemp(f"pdf-{paper}-{orientation}")
            result = run(
                "render", "-f", "pdf", "--paper", paper, "--orientation", orientation,
                "-o", str(out), "--browser", str(EXECUTABLE), cwd=EXAMPLES,
            )  # fmt: skip
            assert result.exit_code == 0, result.stderr
            self[key] = out
            return out

    return Lazy(folders)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.parametrize(("paper", "orientation"), PAPERS, ids=[f"{p}-{o}" for p, o in PAPERS])
def test_pdf_holds_every_stage_and_touchpoint_name(
    printed: dict[tuple[str, str], Path], paper: str, orientation: str
) -> None:
    _need_poppler()
    folder = printed[(paper, orientation)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{j['id']}.pdf" for j in examples()] + ["index.pdf"]
    )
    for journey in examples():
        pdf = folder / f"{journey['id']}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        text = _flat("".join(_pages(pdf)))
        missing = [
            name
            for stage in journey["stages"]
            for name in [stage["name"], *(tp["name"] for tp in stage["touchpoints"])]
            if _flat(name) not in text
        ]
        assert missing == [], f"{paper} {orientation}, {pdf.name} lacks {missing}"
    index = _flat("".join(_pages(folder / "index.pdf")))
    assert all(_flat(j["title"]) in index for j in examples())


def test_every_page_names_the_stage_and_touchpoint_of_its_pain_points(
    printed: dict[tuple[str, str], Path],
) -> None:
    """A pain point is never printed on a page without its touchpoint and stage headings."""
    _need_poppler()
    for key in [("A3", "landscape"), ("A4", "portrait")]:
        for journey in examples():
            pages = [_flat(page) for page in _pages(printed[key] / f"{journey['id']}.pdf")]
            assert len(pages) >= 2
            seen = 0
            for stage in journey["stages"]:
                for tp in stage["touchpoints"]:
                    for pain in tp.get("pain_points", []):
                        start = _flat(pain["text"])[:24]
                        for number, page in enumerate(pages, 1):
                            if start in page:
                                seen += 1
                                where = f"{key} {journey['id']} page {number}"
                                assert _flat(tp["name"]) in page, f"{where}: {tp['name']}"
                                assert _flat(stage["name"]) in page, f"{where}: {stage['name']}"
            assert seen > 0, journey["id"]


def test_pdf_embeds_every_font(printed: dict[tuple[str, str], Path]) -> None:
    _need_poppler()
    folder = printed[("A3", "landscape")]
    for pdf in sorted(folder.glob("*.pdf")):
        lines = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, check=True, text=True
        ).stdout.splitlines()[2:]
        assert lines, f"{pdf.name} uses no font"
        # Columns from the right: emb sub uni object ID.
        not_embedded = [line for line in lines if line.split()[-5] != "yes"]
        assert not_embedded == [], f"{pdf.name}: {not_embedded}"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_is_twice_the_width_asked_for(tmp_path: Path) -> None:
    executable = _need_browser()
    out = tmp_path / "png"
    result = run(
        "render", "-f", "png", "--width", "800", "--browser", executable, "-o", str(out),
        "journeys/aircon-purchase-zh.yaml", "journeys/trial-onboarding.yaml", cwd=EXAMPLES,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["aircon-purchase.png", "index.png", "trial-onboarding.png"]
    for name in names:
        width, height = _png_size((out / name).read_bytes())
        assert width == 1600, name
        assert height > 400, name


def test_png_of_one_journey_to_standard_output(tmp_path: Path) -> None:
    executable = _need_browser()
    completed = subprocess.run(
        [
            *_cjmap(), "render", "-f", "png", "--width", "390", "--browser", executable,
            "-o", "-", "journeys/eshop-order-el.yaml",
        ],
        cwd=EXAMPLES, capture_output=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert _png_size(completed.stdout)[0] == 780


def _cjmap() -> list[str]:
    import sys

    return [sys.executable, "-m", "cjmap"]


# The layouts, measured in the browser ------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    _need_browser()
    pytest.importorskip("websockets", reason="the layout tests need the websockets package")
    assert EXECUTABLE is not None
    with Chromium(EXECUTABLE) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run("render", "-o", str(out), cwd=EXAMPLES)
    assert result.exit_code == 0, result.stderr
    return out


PRINT_WIDTHS = {"A3-landscape": 1512, "A4-portrait": 719}
"""The printable width in CSS pixels of two papers (10 mm margins)."""

MEASURE_PRINT = """(() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
            height: r.height}; };
  const labelOf = (svg) => { const text = svg.querySelector('.series text');
    return text ? parseFloat(getComputedStyle(text).fontSize) : 0; };
  const charts = [...document.querySelectorAll('.stage-chart')].map((chart) => ({
    legend: box(chart.querySelector('.legend')),
    curves: [...chart.querySelectorAll('svg.stage-curve')].map((svg) => ({
      box: box(svg), viewWidth: svg.viewBox.baseVal.width, label: labelOf(svg)})),
  }));
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('main'),
    NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest('svg')) continue;
    if (!parent.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    if (size < %(min)s) small.push([parent.className, size, node.textContent.slice(0, 30)]);
  }
  const map = document.querySelector('.map-frame');
  const cards = document.querySelector('.map-cards');
  return {charts, small, mapShown: map.getClientRects().length > 0,
          cardsShown: cards.getClientRects().length > 0};
})()"""


@pytest.mark.parametrize("paper", sorted(PRINT_WIDTHS))
def test_print_layout_keeps_the_legend_beside_a_readable_chart(
    browser: Chromium, site: Path, paper: str
) -> None:
    for page in sorted(site.glob("*.html")):
        if page.name == "index.html":
            continue
        report = browser.open(page, width=PRINT_WIDTHS[paper], media="print")
        assert report.errors == [], report.errors
        found = browser.evaluate(MEASURE_PRINT % {"min": SEVEN_PT - 0.01})
        assert found["cardsShown"], page.name
        assert not found["mapShown"], page.name
        assert found["small"] == [], f"{page.name}: text under 7 pt: {found['small'][:5]}"
        assert found["charts"], page.name
        for chart in found["charts"]:
            legend = chart["legend"]
            for curve in chart["curves"]:
                box = curve["box"]
                apart = (
                    legend["right"] <= box["left"]
                    or box["right"] <= legend["left"]
                    or legend["bottom"] <= box["top"]
                    or box["bottom"] <= legend["top"]
                )
                assert apart, f"{page.name}: the legend overlaps the chart"
                scale = box["width"] / curve["viewWidth"]
                assert box["height"] >= 110, f"{page.name}: chart only {box['height']} px high"
                assert curve["label"] > 0, f"{page.name}: a piece of the curve without labels"
                assert curve["label"] * scale >= SEVEN_PT, (
                    f"{page.name}: chart labels {curve['label'] * scale:.1f} px"
                )


def test_phone_layout_never_scrolls_sideways(browser: Chromium, site: Path) -> None:
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 8
    for page in pages:
        report = browser.open(page, width=390, height=844)
        assert report.errors == [], report.errors
        scroll, view = browser.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= view, f"{page.name} scrolls sideways at 390 px: {scroll} > {view}"
        if page.name == "index.html":
            assert (
                browser.evaluate("getComputedStyle(document.querySelector('.journeys tr')).display")
                == "block"
            )
            continue
        shown = browser.evaluate(
            "(() => { const cards = [...document.querySelectorAll('.tp-card')];"
            " return {map: document.querySelector('.map-frame').getClientRects().length,"
            " cards: cards.filter((c) => c.getClientRects().length).length,"
            " columns: document.querySelectorAll('.map thead th.tp .tp-name').length,"
            " lanes: cards.map((c) => c.querySelectorAll('.tp-lane').length)}; })()"
        )
        assert shown["map"] == 0, f"{page.name}: the wide table shows on a phone"
        assert shown["cards"] == shown["columns"] > 0, page.name
        assert min(shown["lanes"]) >= 2, page.name


def test_wide_map_shows_that_it_scrolls(browser: Chromium, site: Path) -> None:
    browser.open(site / "business-account-opening.html", width=1000)
    edge = browser.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.map-frame'), '::after');"
        " return [s.content, s.backgroundImage, s.opacity]; })()"
    )
    assert edge[0] != "none", edge
    assert "gradient" in edge[1], edge
    assert float(edge[2]) > 0.5, "the edge shows while there is more map to the right"
    browser.evaluate(
        "document.querySelector('.map-scroll').scrollLeft = 1e6;"
        " new Promise(requestAnimationFrame)",
        await_promise=True,
    )
    faded = browser.evaluate(
        "getComputedStyle(document.querySelector('.map-frame'), '::after').opacity"
    )
    assert float(faded) < 0.5, "the edge fades once the map is scrolled to its end"
    shadow = browser.evaluate("getComputedStyle(document.querySelector('.map tbody th')).boxShadow")
    assert shadow != "none", "the sticky lane labels cast an edge over the scrolled map"


AXE_PAGES = ("trial-onboarding.html", "aircon-purchase.html", "index.html")


@pytest.mark.parametrize("layout", ["print", "phone"])
def test_axe_finds_no_serious_violations_in_print_and_phone_layouts(
    browser: Chromium, site: Path, layout: str
) -> None:
    axe_js, reason = find_axe()
    if axe_js is None:
        pytest.skip(reason)
    problems = {}
    for name in AXE_PAGES:
        if layout == "print":
            browser.open(site / name, width=PRINT_WIDTHS["A3-landscape"], media="print",
                         bypass_csp=True)  # fmt: skip
        else:
            browser.open(site / name, width=390, height=844, bypass_csp=True)
        serious = [v for v in browser.axe(axe_js) if v["impact"] in {"serious", "critical"}]
        if serious:
            problems[name] = serious
    assert problems == {}
