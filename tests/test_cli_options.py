"""The options and checks the commands share (cli/_options.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cjmap.cli._options import check_format
from cjmap.util.errors import UsageError
from conftest import Result


def test_a_registered_format_passes() -> None:
    check_format("json", {"text": "a", "json": "b"})


def test_an_unknown_format_names_the_choices_in_registry_order() -> None:
    with pytest.raises(UsageError, match=r"unknown format 'xml'; choose one of: text, json$"):
        check_format("xml", {"text": "a", "json": "b"})


@pytest.mark.parametrize("command", ["validate", "analyze", "render", "diff"])
def test_every_command_refuses_an_unknown_format_with_exit_2(
    cli: Callable[..., Result], tmp_path: Path, command: str
) -> None:
    result = cli(command, "--format", "nope", "a.yaml", "b.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "unknown format 'nope'; choose one of: " in result.stderr
