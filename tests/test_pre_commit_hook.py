"""The ``cjmap-validate`` pre-commit hook: pre-commit passes only the changed files, yet
references resolve against the whole workspace."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap.document.load import load_bytes

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parent.parent

PERSONA = "kind: persona\nid: {id}\nname: Maria, operations lead\n"
JOURNEY = """\
kind: journey
id: onboarding
title: Onboarding
reviewed: {today}
personas: [maria]
stages:
  - id: start
    name: Start
    touchpoints:
      - id: signup
        name: Signs up
        emotion: {{maria: 1}}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree whose journey maps live in ``cx/``, as pre-commit sees it."""
    import datetime as dt

    cx = tmp_path / "cx"
    (cx / "personas").mkdir(parents=True)
    (cx / "journeys").mkdir()
    (cx / "cjmap.yaml").write_text(
        'kind: workspace\ninclude: ["personas/**", "journeys/**"]\n', encoding="utf-8"
    )
    (cx / "personas" / "maria.yaml").write_text(PERSONA.format(id="maria"), encoding="utf-8")
    (cx / "journeys" / "onboarding.yaml").write_text(
        JOURNEY.format(today=dt.date.today().isoformat()), encoding="utf-8"
    )
    return tmp_path


def _findings(result: Any) -> list[dict[str, Any]]:
    return list(json.loads(result.stdout)["findings"])


def test_hook_definition() -> None:
    loaded = load_bytes((ROOT / ".pre-commit-hooks.yaml").read_bytes(), ".pre-commit-hooks.yaml")
    assert not loaded.problems
    (document,) = loaded.documents
    hooks = {hook["id"]: hook for hook in document.data}
    hook = hooks["cjmap-validate"]
    assert hook["entry"] == "cjmap validate"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["pass_filenames"] is True


def test_changed_journey_alone_sees_personas_of_the_workspace(repo: Path, cli: Cli) -> None:
    # pre-commit runs at the top of the work tree and passes only the changed file.
    result = cli("validate", "-f", "json", "--strict", "cx/journeys/onboarding.yaml", cwd=repo)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert _findings(result) == []


def test_renamed_persona_breaks_the_journey_that_names_it(repo: Path, cli: Cli) -> None:
    (repo / "cx" / "personas" / "maria.yaml").write_text(
        PERSONA.format(id="maria-k"), encoding="utf-8"
    )
    result = cli("validate", "-f", "json", "cx/journeys/onboarding.yaml", cwd=repo)
    assert result.exit_code == 1
    unresolved = [f for f in _findings(result) if f["rule"] == "unresolved-reference"]
    assert unresolved, result.stdout
    assert {f["file"] for f in unresolved} == {"cx/journeys/onboarding.yaml"}
    assert any("maria" in f["message"] for f in unresolved)
    # Only the files passed are reported on: the persona file is context.
    assert {f["file"] for f in _findings(result)} == {"cx/journeys/onboarding.yaml"}


def test_yaml_outside_the_include_globs_is_skipped_with_a_note(repo: Path, cli: Cli) -> None:
    # types: [yaml] also passes other YAML files; include/exclude say which are journey maps.
    (repo / "cx" / "docker-compose.yml").write_text("services: {}\n", encoding="utf-8")
    result = cli(
        "validate", "cx/docker-compose.yml", "cx/journeys/onboarding.yaml", "--strict", cwd=repo
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "skipped" in result.stderr
    assert "docker-compose.yml" in result.stderr
