"""Control characters and noncharacters written as YAML escapes: ``validate`` warns at each
text, and no output of any command carries one raw; JSON carries them exactly, as ``\\u``
escapes. Linked from SECURITY.md ("HTML", "CSV", "JSON")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from output_checks import run
from test_nu_checker import HIDDEN, hidden_workspace

RAW = re.compile("[" + "".join(HIDDEN) + "]")
SHOWN = "Hidden \\x01\\x1b\\x7f\\x85\\x9b\\ufdd0\\ufffe\\U0001fffe\\U0010ffff characters"
TITLE = "Hidden " + "".join(HIDDEN) + " characters"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hidden_workspace(tmp_path_factory.mktemp("hidden") / "ws")


def test_validate_warns_at_the_text(root: Path) -> None:
    result = run("validate", "-f", "json", "journeys/hidden.yaml", cwd=root)
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    found = [p for p in findings if p["rule"] == "hidden-character"]
    assert [(p["line"], p["severity"]) for p in found] == [(7, "warning"), (590, "warning")]
    assert "U+0001 (a control character" in found[0]["message"]
    assert "and 8 other such characters" in found[0]["message"]
    strict = run("validate", "--strict", "journeys/hidden.yaml", cwd=root)
    assert strict.exit_code == 1


@pytest.mark.parametrize("fmt", ["html", "md", "mermaid", "csv", "json"])
def test_render_never_writes_them_raw(root: Path, tmp_path: Path, fmt: str) -> None:
    result = run("render", "-f", fmt, "-o", str(tmp_path / fmt), cwd=root)
    assert result.exit_code == 0, result.stderr
    files = [p for p in (tmp_path / fmt).iterdir() if p.is_file()]
    assert files
    for path in files:
        text = path.read_text("utf-8-sig")
        raw = RAW.search(text)
        assert raw is None, f"{path.name}: raw U+{ord(raw.group()):04X}"
    page = (tmp_path / fmt / f"hidden.{ {'mermaid': 'mmd'}.get(fmt, fmt) }").read_text("utf-8-sig")
    # One-line outputs take U+0085 (NEXT LINE) as the line break it is: a space.
    one_line = SHOWN.replace("\\x85", " ")
    if fmt == "json":
        assert json.loads(page)["journey"]["title"] == TITLE, "JSON keeps the text exact"
    elif fmt == "mermaid":
        # Visible escapes, their backslash written as Mermaid's entity.
        assert one_line.replace("\\", "#92;") in page
    elif fmt == "md":
        assert one_line.replace("\\", "\\\\") in page
    elif fmt == "html":
        assert SHOWN in page
    else:
        # A CSV cell keeps line breaks as line breaks, and U+0085 is one.
        shown = SHOWN.replace("Hidden", "Receives").replace("characters", "a printed")
        assert shown.replace("\\x85", "\n") in page


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json"])
def test_analyze_never_writes_them_raw(root: Path, fmt: str) -> None:
    result = run("analyze", "-f", fmt, "journeys/hidden.yaml", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert RAW.search(result.stdout) is None
    if fmt == "json":
        assert json.loads(result.stdout)["journeys"][0]["title"] == TITLE


def test_a_custom_template_marking_text_safe_still_shows_them(root: Path, tmp_path: Path) -> None:
    """``|safe`` turns off HTML escaping, not the showing of hidden characters: a value marked
    safe, alone or inside a macro's output, is searched for them too."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(
        '{% extends "base.html.j2" %}{% macro title() %}<h1>{{ j.title|safe }}</h1>{% endmacro %}'
        "{% block body %}{{ title() }}<p>{{ j.title|safe }}</p>{% endblock %}",
        "utf-8",
    )
    out = tmp_path / "o"
    result = run("render", "--templates", str(templates), "-o", str(out), cwd=root)
    assert result.exit_code == 0, result.stderr
    page = (out / "hidden.html").read_text("utf-8")
    assert RAW.search(page) is None
    assert page.count(SHOWN) == 2
