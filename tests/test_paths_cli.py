"""Alternative paths end to end through the command line (in-process): validate, analyze,
render, diff and import on a journey with a branch."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Result

Run = Callable[..., Result]

JOURNEY = """\
kind: journey
id: shop
title: Shop
reviewed: 2026-01-01
personas:
  - {id: ana, name: Ana, share: 0.75}
  - {id: bo, name: Bo}
paths:
  - id: declined
    name: Card <declined>
    branches_from: pay
    rejoins: done
    share: 0.1
stages:
  - id: buy
    name: Buy
    touchpoints:
      - id: cart
        name: Looks at the cart
        completion: 0.8
        emotion: {ana: 1, bo: 1}
      - id: pay
        name: Pays by card
        completion: 0.5
        emotion: {ana: 0, bo: 0}
      - id: retry
        name: Tries another card
        path: declined
        personas: [bo]
        completion: 0.5
        emotion: {bo: 0}
      - id: done
        name: Gets a confirmation
        completion: 0.9
        emotion: {ana: 2, bo: 1}
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\nreview_every: 36500\n", "utf-8")
    (tmp_path / "shop.yaml").write_text(JOURNEY, "utf-8")
    return tmp_path


def test_validate_accepts_the_branch(cli: Run, shop: Path) -> None:
    result = cli("validate", "shop.yaml", cwd=shop)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_validate_reports_a_rejoin_before_the_branch(cli: Run, shop: Path) -> None:
    text = JOURNEY.replace("rejoins: done", "rejoins: cart")
    (shop / "shop.yaml").write_text(text, "utf-8")
    result = cli("validate", "shop.yaml", cwd=shop)
    assert result.exit_code == 1
    assert re.search(
        r"shop\.yaml\n\s+12:14\s+error\s+the path 'declined' rejoins at 'cart'", result.stdout
    )
    assert "[path-order]" in result.stdout
    assert "leave 'rejoins' out if the path ends the journey" in result.stdout


def test_analyze_json_has_each_paths_figures(cli: Run, shop: Path) -> None:
    result = cli("analyze", "-f", "json", "shop.yaml", cwd=shop)
    assert result.exit_code == 0, result.stderr
    (journey,) = json.loads(result.stdout)["journeys"]
    assert journey["funnel"]["conversion"] == 0.36  # 0.8 × 0.5 × 0.9: the main path
    declined = journey["paths"]["branches"]["declined"]
    assert declined["touchpoints"] == ["cart", "pay", "retry", "done"]
    assert declined["funnel"]["conversion"] == 0.18  # 0.8 × 0.5 × 0.5 × 0.9
    assert declined["share"] == 0.1
    assert journey["paths"]["main"]["touchpoints"] == ["cart", "pay", "done"]
    # Ana's curve does not pass by 'retry' (for Bo only): no point, not a gap.
    ana = journey["emotion"]["personas"]["ana"]["points"]
    assert [p["touchpoint"] for p in ana] == ["cart", "pay", "done"]


def test_analyze_text_and_md_show_the_paths(
    cli: Run, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Wide enough for the paths table on one line a row.
    monkeypatch.setenv("COLUMNS", "200")
    text = cli("analyze", "shop.yaml", cwd=shop).stdout
    assert "Paths (the funnel above is the main path's)" in text
    assert re.search(r"main path\s+36%", text)
    md = cli("analyze", "-f", "md", "shop.yaml", cwd=shop).stdout
    assert "| declined (Card &lt;declined&gt;) | pay | done | 10% | 18% | pay (50%) |" in md


def test_render_html_draws_the_branch(cli: Run, shop: Path) -> None:
    result = cli("render", "-f", "html", "shop.yaml", "-o", "site", cwd=shop)
    assert result.exit_code == 0, result.stderr
    page = (shop / "site" / "shop.html").read_text("utf-8")
    # The path lane, with the path's name escaped, where it branches and rejoins.
    assert '<tr class="lane lane-path">' in page
    assert "Path: Card &lt;declined&gt;" in page
    assert "Branches from: Pays by card" in page
    assert "Rejoins at: Gets a confirmation" in page
    assert "<declined>" not in page
    # 'Only for' Bo at the retry.
    assert "Only for: Bo" in page
    # The curve has a line for the path (in the legend and the text alternative).
    assert re.search(r'<desc id="curve-desc">[^<]*Path: Card &lt;declined&gt;', page)
    # The summary lists the main path and the path with their conversion.
    summary = page[page.index('class="paths"') :]
    for shown in ("Main path", "36%", "18%"):
        assert shown in summary


def test_render_md_and_mermaid_put_the_path_in_its_own_section(cli: Run, shop: Path) -> None:
    mermaid = cli("render", "-f", "mermaid", "shop.yaml", "-o", "-", cwd=shop).stdout
    sections = re.findall(r"^  section (.*)$", mermaid, re.MULTILINE)
    assert sections == ["Buy", "Path#58; Card #60;declined#62;"]
    buy = mermaid[mermaid.index("section Buy") : mermaid.index("section Path")]
    assert "Tries another card" not in buy
    assert "Tries another card: 3: Bo" in mermaid
    result = cli("render", "-f", "md", "shop.yaml", "-o", "md", cwd=shop)
    assert result.exit_code == 0, result.stderr
    page = (shop / "md" / "shop.md").read_text("utf-8")
    assert "**Paths**" in page
    assert "**Tries another card** (Path: Card &lt;declined&gt;)<br>*Only for: Bo*" in page


def test_render_csv_and_json_carry_the_fields(cli: Run, shop: Path) -> None:
    csv_text = cli("render", "-f", "csv", "shop.yaml", "-o", "-", cwd=shop).stdout
    header, *rows = csv_text.lstrip("\ufeff").splitlines()
    columns = header.split(",")
    retry = dict(zip(columns, next(r for r in rows if ",retry," in r).split(","), strict=False))
    assert (retry["path"], retry["personas"]) == ("declined", "bo")
    data = json.loads(cli("render", "-f", "json", "shop.yaml", "-o", "-", cwd=shop).stdout)
    assert data["journey"]["paths"][0]["branches_from"] == "pay"
    assert data["analysis"]["paths"]["branches"]["declined"]["funnel"]["conversion"] == 0.18


def test_csv_export_imports_back_to_no_change(cli: Run, shop: Path) -> None:
    exported = cli("render", "-f", "csv", "shop.yaml", "-o", "-", cwd=shop).stdout
    (shop / "shop.csv").write_text(exported, "utf-8", newline="")
    result = cli("import", "csv", "shop.csv", "--journey", "shop.yaml", cwd=shop)
    assert result.exit_code == 0, result.stderr
    assert (shop / "shop.yaml").read_text("utf-8") == JOURNEY


def test_diff_reports_a_move_off_the_path(cli: Run, shop: Path) -> None:
    moved = JOURNEY.replace("        path: declined\n", "").replace(
        "paths:", "paths:\n  - {id: later, name: Later, branches_from: done}"
    )
    (shop / "new.yaml").write_text(moved, "utf-8")
    result = cli("diff", "shop.yaml", "new.yaml", cwd=shop)
    assert result.exit_code == 0, result.stderr
    assert 'moved retry "Tries another card" from the path declined to the main path' in (
        result.stdout
    )
    data = json.loads(cli("diff", "-f", "json", "shop.yaml", "new.yaml", cwd=shop).stdout)
    (journey,) = data["journeys"]
    assert journey["touchpoints"]["path_changed"] == [
        {"id": "retry", "name": "Tries another card", "old_path": "declined", "new_path": None}
    ]
    # declined now has no touchpoint: its route is cart, pay, done, 36%.
    assert journey["funnel"]["paths"]["declined"] == {"old": 0.18, "new": 0.36, "delta": 0.18}
