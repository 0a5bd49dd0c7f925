"""``--help`` of every command reads as words: metavars, not Python types, and whole
descriptions, never cut."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest

from cjmap.cli import app

Run = Callable[..., Any]
COMMANDS = [info.name for info in app.registered_commands]

# What typer or click show when a parameter has no metavar, or a description is cut.
INTERNALS = re.compile(
    r"<(?:str|int|float|bool|path|list|tuple|datetime|uuid|text|file|choice)\b|range>|"
    r"list\[|\bNoneType\b|\bx[<>]="
)


def _description(name: str) -> str:
    """A command's first paragraph, on one line."""
    info = next(info for info in app.registered_commands if info.name == name)
    assert info.callback is not None
    text = inspect.cleandoc(info.callback.__doc__ or "")
    return " ".join(text.split("\n\n")[0].split())


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_command_is_checked() -> None:
    assert set(COMMANDS) == {
        "validate",
        "fmt",
        "schema",
        "analyze",
        "diff",
        "history",
        "init",
        "render",
        "serve",
    }


@pytest.mark.parametrize("columns", ["80", "60", "200"])
def test_top_level_help_shows_every_description_whole(
    cli: Run, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = cli("--help")
    assert result.exit_code == 0
    body = result.stdout.split("\n", 1)[1]  # the usage line ends with 'ARGS...'
    assert "..." not in body
    assert "…" not in body
    assert not INTERNALS.search(result.stdout), result.stdout
    listing = _words(result.stdout.split("Commands:", 1)[1])
    for name in COMMANDS:
        description = _description(name)
        assert description.endswith("."), name
        assert f"{name} {description}" in listing, f"{name}: cut in\n{result.stdout}"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_shows_metavars_not_types(cli: Run, name: str) -> None:
    result = cli(name, "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert not INTERNALS.search(text), text
    assert "…" not in text
    assert _description(name) in _words(text)
    # Every option that takes a value shows a metavar in capitals: 'FILE', 'PATH', 'MIB'.
    for line in text.splitlines():
        match = re.match(r"^\s+(-\w, )?--[\w-]+ (\S+)", line)
        if match:
            assert re.fullmatch(r"[A-Z][A-Z0-9_-]*", match.group(2)), line


def test_validate_help_names_its_values(cli: Run) -> None:
    text = cli("validate", "--help").stdout
    assert "[PATH]..." in text
    assert "--output-file FILE" in text
    assert "--stdin-filename NAME" in text
    assert "--max-file-size MIB" in text
    assert "<float" not in text
    assert "<list[str]>" not in text
