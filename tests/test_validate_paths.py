"""Validation of alternative paths beyond the bad-input corpus: loops of three, a path that
rejoins where it branches, ids used twice, and what is allowed (nesting without a loop)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Result


def _journey(paths: str, branch: str) -> str:
    return f"""\
kind: journey
id: shop
title: Shop
reviewed: 2026-01-01
paths:
{paths}stages:
  - id: buy
    name: Buy
    touchpoints:
      - {{id: cart, name: Cart, emotion: 0}}
      - {{id: pay, name: Pay, emotion: 0}}
{branch}      - {{id: done, name: Done, emotion: 1}}
"""


def _findings(cli: Callable[..., Result], tmp_path: Path, text: str) -> list[dict[str, Any]]:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\nreview_every: 36500\n", "utf-8")
    (tmp_path / "shop.yaml").write_text(text, "utf-8")
    result = cli("validate", "-f", "json", "shop.yaml", cwd=tmp_path)
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


BRANCHES = """\
      - {id: a1, name: A1, path: a, emotion: 0}
      - {id: b1, name: B1, path: b, emotion: 0}
      - {id: c1, name: C1, path: c, emotion: 0}
"""


def test_a_loop_of_three_paths_is_shown_path_by_path(cli: Any, tmp_path: Path) -> None:
    paths = """\
  - {id: a, name: A, branches_from: c1, rejoins: done}
  - {id: b, name: B, branches_from: a1, rejoins: done}
  - {id: c, name: C, branches_from: b1, rejoins: done}
"""
    findings = _findings(cli, tmp_path, _journey(paths, BRANCHES))
    assert [(f["rule"], f["line"]) for f in findings] == [("path-cycle", 6)]
    message = findings[0]["message"]
    assert "(a → c → b → a)" in message
    assert "'a' branches from 'c1', which is on 'c'" in message
    assert "'b' branches from 'a1', which is on 'a'" in message


def test_paths_may_branch_from_and_rejoin_at_other_paths_without_a_loop(
    cli: Any, tmp_path: Path
) -> None:
    paths = """\
  - {id: a, name: A, branches_from: pay, rejoins: done}
  - {id: b, name: B, branches_from: a1, rejoins: c1}
  - {id: c, name: C, branches_from: pay}
"""
    assert _findings(cli, tmp_path, _journey(paths, BRANCHES)) == []


def test_a_path_cannot_rejoin_where_it_branches(cli: Any, tmp_path: Path) -> None:
    paths = "  - {id: a, name: A, branches_from: pay, rejoins: pay}\n"
    branch = "      - {id: a1, name: A1, path: a, emotion: 0}\n"
    (finding,) = _findings(cli, tmp_path, _journey(paths, branch))
    assert finding["rule"] == "path-order"
    assert finding["message"] == "the path 'a' rejoins at 'pay', the touchpoint it branches from"


def test_a_path_id_is_used_once(cli: Any, tmp_path: Path) -> None:
    paths = """\
  - {id: a, name: A, branches_from: pay, rejoins: done}
  - {id: a, name: Again, branches_from: cart}
"""
    branch = "      - {id: a1, name: A1, path: a, emotion: 0}\n"
    (finding,) = _findings(cli, tmp_path, _journey(paths, branch))
    assert (finding["rule"], finding["line"]) == ("duplicate-id", 7)
    assert "the path id 'a' is used twice" in finding["message"]
