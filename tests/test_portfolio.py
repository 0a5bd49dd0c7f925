"""The opportunity portfolio: its rows (hand-checked), ``analyze -f csv --portfolio`` on the
command line (columns, csv safety, refusals) and the Markdown index's tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from output_checks import assert_no_formula

Run = Callable[..., Any]

JOURNEY: dict[str, Any] = {
    "kind": "journey",
    "id": "trial",
    "title": "Trial",
    "tags": ["saas", "b2b"],
    "stages": [
        {
            "id": "discover",
            "name": "Discover",
            "touchpoints": [
                {
                    "id": "pricing",
                    "name": "Reads pricing",
                    "effort": 3,
                    "pain_points": [
                        {"id": "unclear", "text": "Unclear | price", "severity": 4, "frequency": 5},
                        {"id": "hidden", "text": "Hidden fees", "severity": 2, "frequency": 2},
                    ],
                    "opportunities": [
                        {
                            "id": "calculator",
                            "text": '=HYPERLINK("http://x")',
                            "impact": 4,
                            "effort": 2,
                            "confidence": 0.5,
                            "owner": "web",
                            "status": "planned",
                            "tags": ["quick-win", "saas"],
                            "addresses": ["unclear", "hidden"],
                        },
                        {"id": "faq", "text": "Add an FAQ"},
                    ],
                }
            ],
        }
    ],
}


def _analysis() -> Any:
    from cjmap.analysis.run import analyze
    from cjmap.document.model import Journey, Workspace
    from cjmap.workspace.corpus import resolve_journey

    config = Workspace.model_validate({"kind": "workspace"})
    journey = Journey.model_validate(JOURNEY)
    return analyze(resolve_journey(journey, "j.yaml", {}, config), config.friction.weights)


def test_rows_by_hand() -> None:
    from cjmap.analysis.portfolio import NO_STATUS, portfolio_rows

    calculator, faq = portfolio_rows(_analysis())
    # Friction of "pricing" = effort part only: (3-1)/4 × weight; the score's reach adds
    # the pain points: (4×5 + 2×2) / 25 = 0.96.
    analysis = _analysis()
    friction = analysis.friction.of("pricing") or 0.0
    assert calculator.score == pytest.approx(4 * 0.5 * (1 + friction / 100 + 0.96) / 2)
    assert calculator.pain_points == ("Unclear | price", "Hidden fees")
    assert calculator.tags == ("quick-win", "saas", "b2b")  # own first, journey's after, once
    assert calculator.own_tags == ("quick-win", "saas")
    assert (calculator.owner, calculator.status) == ("web", "planned")
    assert (calculator.journey, calculator.touchpoint_name, calculator.file) == (
        "trial",
        "Reads pricing",
        "j.yaml",
    )
    # No status given: scored as an idea, listed as "none"; no owner, the journey's tags.
    assert (faq.status, faq.owner, faq.tags, faq.pain_points) == (
        NO_STATUS,
        None,
        ("saas", "b2b"),
        (),
    )
    assert faq.score == pytest.approx(3 * 0.5 * (1 + friction / 100) / 3)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    (tmp_path / "trial.yaml").write_text(json.dumps(JOURNEY), encoding="utf-8")
    other = json.loads(json.dumps(JOURNEY))
    other["id"], other["title"], other["tags"] = "renewal", "Renewal", []
    (tmp_path / "renewal.yaml").write_text(json.dumps(other), encoding="utf-8")
    return tmp_path


def test_analyze_csv_portfolio(cli: Run, ws: Path) -> None:
    from cjmap.analysis.formats.csv import PORTFOLIO_COLUMNS

    result = cli("analyze", "-f", "csv", "--portfolio", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(rows[0]) == list(PORTFOLIO_COLUMNS)
    assert [(r["journey"], r["opportunity"]) for r in rows] == [
        ("renewal", "calculator"),
        ("renewal", "faq"),
        ("trial", "calculator"),
        ("trial", "faq"),
    ]
    calculator = rows[2]
    assert calculator["pain_points"] == "Unclear | price\nHidden fees"
    assert calculator["tags"] == "quick-win\nsaas\nb2b"
    assert (calculator["owner"], calculator["status"]) == ("web", "planned")
    assert rows[3]["status"] == ""  # none given
    assert rows[3]["owner"] == ""
    analysis = cli("analyze", "trial.yaml", "-f", "json", cwd=ws)
    scores = {
        o["id"]: o["score"] for o in json.loads(analysis.stdout)["journeys"][0]["opportunities"]
    }
    assert float(calculator["score"]) == scores["calculator"]
    assert calculator["text"].startswith("'=")  # a formula kept as text
    for row in rows:
        for name, cell in row.items():
            assert_no_formula(cell, name)


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_portfolio_in_another_format_is_a_usage_error(cli: Run, ws: Path, fmt: str) -> None:
    result = cli("analyze", "-f", fmt, "--portfolio", cwd=ws)
    assert result.exit_code == 2
    assert "--portfolio is written as CSV only" in result.stderr
    assert "-f csv" in result.stderr


def test_portfolio_with_explain_is_a_usage_error(cli: Run, ws: Path) -> None:
    result = cli("analyze", "-f", "csv", "--portfolio", "--explain", cwd=ws)
    assert result.exit_code == 2
    assert "--explain" in result.stderr


def test_markdown_index_has_a_table_per_status_escaped(cli: Run, ws: Path) -> None:
    out = ws / "site"
    result = cli("render", "-f", "md", "-o", str(out), cwd=ws)
    assert result.exit_code == 0, result.stderr
    text = (out / "README.md").read_text("utf-8")
    portfolio = text.split("## Opportunity portfolio", 1)[1]
    planned = portfolio.index("### Planned (2)")
    none = portfolio.index("### No status given (2)")
    assert planned < none
    assert (
        '| [\\=HYPERLINK("http://x")](trial.md) | [Trial](trial.md) | Reads pricing | '
        "• Unclear \\| price<br>• Hidden fees | 2.35 | web | quick-win, saas, b2b |"
    ) in portfolio  # a pipe cannot end the cell
    assert (
        "| [Add an FAQ](trial.md) | [Trial](trial.md) | Reads pricing | — | 0.7 | — | saas, b2b |"
        in portfolio
    )


def test_html_index_groups_by_status_without_script(cli: Run, ws: Path) -> None:
    import html5lib

    out = ws / "site"
    assert cli("render", "-o", str(out), cwd=ws).exit_code == 0
    tree = html5lib.parse((out / "index.html").read_text("utf-8"), namespaceHTMLElements=False)
    table = tree.find(".//table[@class='journeys portfolio']")
    groups = [body.get("class") for body in table.findall("tbody")]
    assert groups == ["group-planned", "group-none"]
    rows = table.findall("tbody/tr[@class='opp']")
    assert len(rows) == 4
    assert {r.get("data-owner") for r in rows} == {"web", ""}
