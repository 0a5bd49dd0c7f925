"""Golden files: every format rendered from the examples, compared byte for byte.

When a change to the output is intended, regenerate them with

    pytest tests/test_render_golden.py --update-golden

and review the diff of tests/golden/ by eye before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
FORMATS = ("html", "md", "mermaid", "csv", "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_examples_match_golden_files(
    cli: Callable[..., Any], tmp_path: Path, update_golden: bool, fmt: str
) -> None:
    out = tmp_path / fmt
    result = cli("render", "-f", fmt, "-o", str(out), cwd=EXAMPLES)
    assert result.exit_code == 0, result.stderr
    rendered = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    folder = GOLDEN / fmt
    if update_golden:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            if stale.name not in rendered:
                stale.unlink()
        for name, data in rendered.items():
            (folder / name).write_bytes(data)
        return
    assert folder.is_dir(), f"no golden files for {fmt}: run pytest --update-golden"
    expected = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert sorted(rendered) == sorted(expected), "files differ: run pytest --update-golden"
    changed = [name for name in rendered if rendered[name] != expected[name]]
    assert changed == [], f"{fmt} output changed in {changed}: if intended, run --update-golden"


def test_rendering_is_deterministic(cli: Callable[..., Any], tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli("render", "-o", str(first), cwd=EXAMPLES).exit_code == 0
    assert cli("render", "-o", str(second), cwd=EXAMPLES).exit_code == 0
    for page in first.iterdir():
        assert page.read_bytes() == (second / page.name).read_bytes(), page.name
