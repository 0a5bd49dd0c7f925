"""The index built as the pages come back (render/index.py): the same page as building it
from every journey's entry at once, for a workspace of hundreds of journeys whose
opportunities tie on score across statuses; every journey and every portfolio row on it; and
the temporary file it spools to closed however the render ends."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

Run = Callable[..., Any]

STATUS_CYCLE = ("idea", "planned", None, "in-progress", "done", "planned", None)
"""The statuses the journeys' opportunities take in turn (None: no status given)."""

JOURNEYS = 320


def _journey(number: int) -> dict[str, Any]:
    """A small journey whose opportunities score the same as many others' (two kinds of
    opportunity, every touchpoint alike), with statuses and owners that vary."""
    opportunities = []
    for k in range(2 + number % 3):
        status = STATUS_CYCLE[(number + k) % len(STATUS_CYCLE)]
        opp: dict[str, Any] = {
            "id": f"o{k}",
            "text": f"Opportunity {k} of journey {number} <b>",
            "impact": 3 + (number + k) % 2,
            "effort": 2,
            "confidence": 0.5,
        }
        if status is not None:
            opp["status"] = status
        if (number + k) % 4:
            opp["owner"] = f"team-{(number + k) % 5}"
        opportunities.append(opp)
    return {
        "kind": "journey",
        "id": f"j{number:03d}",
        "title": f"Journey {number}",
        "stages": [
            {
                "id": "s",
                "name": "Stage",
                "touchpoints": [
                    {"id": "t", "name": "Touchpoint", "effort": 3, "opportunities": opportunities}
                ],
            }
        ],
    }


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of :data:`JOURNEYS` journeys, one per file."""
    root = tmp_path_factory.mktemp("many")
    (root / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    for number in range(JOURNEYS):
        text = json.dumps(_journey(number))
        (root / f"j{number:03d}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(many: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML render of :func:`many`, in worker processes (as a user runs it)."""
    import os
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_COLOR": "1", "CJMAP_JOBS": "2"}
    subprocess.run(
        [sys.executable, "-m", "cjmap", "render", "-o", str(out)],
        cwd=many,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def _reference(many: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The top opportunities and the portfolio by status, as links, in the order of the
    all-in-memory index: every row sorted by score, highest first, ties in journey order
    then in each journey's ranking (the order ``cjmap analyze`` lists its opportunities)."""
    import contextlib
    import io
    import os

    from cjmap.analysis.portfolio import STATUSES
    from cjmap.cli import main
    from cjmap.render.figures import score as rounded

    here = Path.cwd()
    buffer = io.StringIO()
    try:
        os.chdir(many)
        with contextlib.redirect_stdout(buffer):
            assert main(["analyze", "-f", "json"]) == 0
    finally:
        os.chdir(here)
    journeys = json.loads(buffer.getvalue())["journeys"]
    statuses = {
        (f"j{n:03d}", opp["id"]): opp.get("status", "none")
        for n in range(JOURNEYS)
        for opp in _journey(n)["stages"][0]["touchpoints"][0]["opportunities"]
    }
    rows = []
    for order, journey in enumerate(journeys):
        for rank, opp in enumerate(journey["opportunities"]):
            key = (journey["id"], opp["id"])
            link = f"{journey['id']}.html#opp-{opp['id']}"
            rows.append((-(rounded(opp["score"]) or 0.0), order, rank, statuses[key], link))
    rows.sort(key=lambda row: row[:3])
    top = [row[4] for row in rows if row[3] != "done"][:10]
    groups = {status: [row[4] for row in rows if row[3] == status] for status in STATUSES}
    return top, {status: links for status, links in groups.items() if links}


def _page(site: Path) -> Any:
    import html5lib

    text = (site / "index.html").read_text("utf-8")
    return html5lib.parse(text, namespaceHTMLElements=False)


def test_index_of_tied_opportunities_is_the_all_in_memory_order(many: Path, site: Path) -> None:
    top, groups = _reference(many)
    # The workspace does what it is for: many rows of one score in more than one status.
    scores: dict[str, set[str]] = {}
    for n in range(JOURNEYS):
        for opp in _journey(n)["stages"][0]["touchpoints"][0]["opportunities"]:
            scores.setdefault(str(opp["impact"]), set()).add(opp.get("status", "none"))
    assert all(len(found) >= 4 for found in scores.values())
    page = _page(site)
    shown_top = [a.get("href") for a in page.findall(".//ol[@class='ranked']/li/span/a")]
    assert shown_top == top
    table = page.find(".//table[@class='journeys portfolio']")
    shown = {
        body.get("class").removeprefix("group-"): [
            row.find("td/a").get("href") for row in body.findall("tr[@class='opp']")
        ]
        for body in table.findall("tbody")
    }
    assert list(shown) == list(groups)
    assert shown == groups


def test_index_of_hundreds_of_journeys_has_every_journey_and_row(site: Path) -> None:
    page = _page(site)
    rows = page.findall(".//main/section/div/table[@class='journeys']/tbody/tr")
    assert [row.find("td/a").get("href") for row in rows] == [
        f"j{n:03d}.html" for n in range(JOURNEYS)
    ]
    expected = sum(2 + n % 3 for n in range(JOURNEYS))
    portfolio = page.findall(".//table[@class='journeys portfolio']/tbody/tr[@class='opp']")
    assert len(portfolio) == expected
    assert len({row.find("td/a").get("href") for row in portfolio}) == expected
    # Each group's heading counts its rows, and the filter's count all of them.
    for body in page.findall(".//table[@class='journeys portfolio']/tbody"):
        heading = body.find("tr[@class='group']/th/span[@class='note']").text
        shown = body.findall("tr[@class='opp']")
        assert heading == f"({len(shown)})"
    count = page.find(".//p[@class='portfolio-count']").text
    assert count.endswith(f"{expected} / {expected}")


def test_markdown_index_of_hundreds_of_journeys_is_the_html_order(
    many: Path, site: Path, tmp_path: Path
) -> None:
    import os

    from cjmap.cli import main

    out = tmp_path / "md"
    here = Path.cwd()
    try:
        os.chdir(many)
        assert main(["render", "-f", "md", "-o", str(out)]) == 0
    finally:
        os.chdir(here)
    text = (out / "README.md").read_text("utf-8")
    _, groups = _reference(many)
    portfolio = text.split("## Opportunity portfolio", 1)[1]
    links = [
        line.split("](", 1)[1].split(")", 1)[0]
        for line in portfolio.splitlines()
        if line.startswith("| [")
    ]
    expected = [link.replace(".html#opp-", ".md#") for links in groups.values() for link in links]
    assert [link.rsplit("#", 1)[0] for link in links] == [e.split("#")[0] for e in expected]
    assert len(links) == sum(len(g) for g in groups.values())
    journeys = text.split("## ", 1)[0]
    assert sum(line.startswith("| [Journey ") for line in journeys.splitlines()) == JOURNEYS


# --- the builder against the all-in-memory index, on made-up entries -------------------------


def _old_index(entries: Sequence[Any], fmt: Any) -> tuple[Any, Any, Any]:
    """The journeys, top opportunities and portfolio groups as the index was built before it
    was spooled: every entry in memory, sorted at the end."""
    from cjmap.analysis.portfolio import STATUSES
    from cjmap.render.context import TOP_OPPORTUNITIES

    pool = [
        (opp, order, rank)
        for order, e in enumerate(entries)
        for rank, opp in enumerate(e.opportunities)
        if opp.score is not None
    ]
    pool.sort(key=lambda item: (-(item[0].score or 0.0), item[1], item[2]))
    top = [
        dataclasses.replace(opp, score_text=fmt.score(opp.score))
        for opp, _, _ in pool[:TOP_OPPORTUNITIES]
    ]
    groups: dict[str, list[tuple[str, str, float | None]]] = {s: [] for s in STATUSES}
    for e in entries:
        for item in e.portfolio:
            groups.setdefault(item.status, []).append((e.id, item.id, item.score))
    ordered = [
        (status, sorted(rows, key=lambda r: -(r[2] or 0.0)))
        for status, rows in groups.items()
        if rows
    ]
    return [e.id for e in entries], top, ordered


_scores = st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.25, 2.0, 3.5]))
_statuses = st.sampled_from(["idea", "planned", "in-progress", "done", "none", "later"])


@st.composite
def _entries(draw: st.DrawFn) -> list[Any]:
    from cjmap.render.context import IndexEntry, IndexOpportunity, PortfolioEntry

    entries = []
    for n in range(draw(st.integers(0, 40))):
        ident = f"j{n}"
        opportunities = tuple(
            IndexOpportunity(f"o{k}", "text", "idea", score, "", ident, "T", "tp", "h")
            for k, score in enumerate(draw(st.lists(_scores, max_size=5)))
        )
        portfolio = tuple(
            PortfolioEntry(f"o{k}", "text", "h", "tp", (), score, owner, status, ("x",))
            for k, (score, status, owner) in enumerate(
                draw(st.lists(st.tuples(_scores, _statuses, st.sampled_from([None, "a"]))))
            )
        )
        entries.append(
            IndexEntry(
                ident, "T", "h", "current", "en", "f", (), None, None, (1, 5), None, None,
                opportunities, portfolio,
            )
        )  # fmt: skip
    return entries


@settings(max_examples=60, deadline=None)
@given(_entries())
def test_builder_orders_as_the_all_in_memory_index(entries: list[Any]) -> None:
    from cjmap.render.index import IndexBuilder
    from cjmap.render.messages import Formatter, messages

    fmt = Formatter(messages("en"))
    journeys, top, groups = _old_index(entries, fmt)
    with IndexBuilder(fmt) as builder:
        for entry in entries:
            builder.add(entry)
        view = builder.finish()
        assert [row.id for row in view.journeys] == journeys
        assert list(view.opportunities) == top
        assert [
            (g.status, [(r.journey_id, r.id, r.score) for r in g.rows])
            for g in view.portfolio.groups
        ] == groups
        assert view.portfolio.count == sum(len(rows) for _, rows in groups)
        assert view.portfolio.unowned == any(
            item.owner is None for e in entries for item in e.portfolio
        )


def test_spooled_rows_read_back_in_any_order() -> None:
    from cjmap.render.context import IndexEntry
    from cjmap.render.index import IndexBuilder
    from cjmap.render.messages import Formatter, messages

    fmt = Formatter(messages("en"))
    entries = [
        IndexEntry(
            f"j{n}", f"Title {n}", f"j{n}.html", "current", "en", f"j{n}.yaml",
            ("Ana", "Ben"), 12.5, None, (1, 5), None, None, (),
        )
        for n in range(50)
    ]  # fmt: skip
    with IndexBuilder(fmt) as builder:
        for entry in entries:
            builder.add(entry)
        journeys = builder.finish().journeys
        assert len(journeys) == 50
        assert journeys
        assert journeys[7].title == "Title 7"
        assert journeys[-1].id == "j49"
        assert [row.id for row in journeys[10:13]] == ["j10", "j11", "j12"]
        picked = random.Random(5).sample(range(50), 20)
        assert [journeys[i].file for i in picked] == [f"j{i}.yaml" for i in picked]
        # Two loops over the rows at once (as nested template loops do) each see all of them.
        pairs = [(a.id, b.id) for a in journeys[:3] for b in journeys[:2]]
        assert pairs == [(f"j{a}", f"j{b}") for a in range(3) for b in range(2)]
        assert journeys[0].personas == ("Ana", "Ben")
        assert journeys[0].friction == "12.5"
        with pytest.raises(RuntimeError, match="already finished"):
            builder.add(entries[0])
    with pytest.raises(ValueError, match="closed file"):
        list(journeys)


def test_render_closes_the_index_file_however_it_ends(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder's file is closed after the index is written, and when a page fails."""
    from cjmap.render import index as index_module
    from cjmap.render import run

    made: list[Any] = []
    real = index_module.IndexBuilder

    class Watched(real):  # type: ignore[misc, valid-type]
        def __init__(self, fmt: Any) -> None:
            super().__init__(fmt)
            made.append(self)

    monkeypatch.setattr(index_module, "IndexBuilder", Watched)
    from cjmap.cli import main

    monkeypatch.chdir(many)
    monkeypatch.setenv("CJMAP_JOBS", "1")
    assert main(["render", "-o", str(tmp_path / "ok")]) == 0
    assert len(made) == 1
    assert made[0]._spool.closed

    calls = 0
    write = run.write_file

    def failing(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt
        return write(*args)

    monkeypatch.setattr(run, "write_file", failing)
    assert main(["render", "-o", str(tmp_path / "stopped")]) == 130
    assert calls == 5
    assert len(made) == 2
    assert all(builder._spool.closed for builder in made)
