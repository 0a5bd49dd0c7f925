"""docs/architecture.md, the map of the package, stays true: every room and file it names
exists, every room is on it, its flow is the one import-linter checks, and the README links
it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "cjmap"
MAP = ROOT / "docs" / "architecture.md"


def _tree() -> dict[str, str]:
    """The rooms of the tree drawing: folder → what the map says it holds."""
    block = MAP.read_text("utf-8").split("```", 2)[1]
    rooms = {}
    for line in block.splitlines():
        match = re.match(r"^  (\w+)/\s+(.*)$", line)
        if match:
            rooms[match.group(1)] = match.group(2)
    return rooms


def _named_in_room(text: str) -> list[str]:
    """The files (``x.py``) and folders (``x/``) a line of the drawing names."""
    return re.findall(r"(?<![\w/.<-])(\w+\.py|\w+/)(?=[\s,()]|$)", text)


def test_every_room_and_file_on_the_map_exists() -> None:
    rooms = _tree()
    assert len(rooms) >= 10, rooms
    missing = [
        f"{room}/{name}"
        for room, text in rooms.items()
        for name in [*_named_in_room(text), ""]
        if not (PACKAGE / room / name).exists()
    ]
    assert not missing, f"docs/architecture.md names what src/cjmap/ does not hold: {missing}"


def test_every_room_of_the_package_is_on_the_map() -> None:
    packages = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file())
    unmapped = sorted(set(packages) - set(_tree()))
    assert not unmapped, f"add these folders to docs/architecture.md: {unmapped}"


def test_every_path_the_text_names_exists() -> None:
    text = MAP.read_text("utf-8").split("```", 2)[2]
    paths = {
        path
        for path in re.findall(r"`([\w<>]+/[\w/.<>]*)`", text)
        if "<" not in path and not path.startswith(("docs/", "tests/", "src/"))
    }
    assert "validate/rules/__init__.py" in paths
    missing = sorted(path for path in paths if not (PACKAGE / path).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"
    for path in re.findall(r"`((?:docs|tests)/[\w/.]*)`", text):
        assert (ROOT / path).exists(), path


def test_the_flow_on_the_map_is_the_one_import_linter_checks() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    written = " → ".join(layer.replace("cjmap.", "") for layer in layers)
    flow = re.search(r"^    (cli → .*)$", MAP.read_text("utf-8"), re.MULTILINE)
    assert flow is not None, "docs/architecture.md shows no flow line"
    assert flow.group(1) == written
    named = {name for layer in layers for name in re.findall(r"cjmap\.(\w+)", layer)}
    assert named == set(_tree()), "every room has its place in the layers"


def test_readme_links_the_map() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text("utf-8")


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists() and shutil.which("lint-imports") is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    command = str(lint_imports) if lint_imports.exists() else "lint-imports"
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# Every command's outputs: its formats registry, the modules of its formats folder, and the
# --format choices the CLI offers are one list.
REGISTRIES = {
    "validate": "cjmap.validate.formats",
    "analyze": "cjmap.analysis.formats",
    "diff": "cjmap.diff.formats",
    "render": "cjmap.render.formats",
}


@pytest.mark.parametrize("command", list(REGISTRIES))
def test_the_cli_offers_exactly_the_formats_of_the_registry(command: str, cli: Any) -> None:
    import importlib

    formats = list(importlib.import_module(REGISTRIES[command]).FORMATS)
    assert len(formats) >= 3
    help_text = " ".join(cli(command, "--help").stdout.split())
    assert f"Output format: {', '.join(formats)}." in help_text
    refused = cli(command, "--format", "no-such-format")
    assert refused.exit_code == 2
    assert f"choose one of: {', '.join(formats)}" in refused.stderr


@pytest.mark.parametrize("command", ["validate", "analyze", "diff"])
def test_every_format_module_is_registered_and_every_entry_renders(command: str) -> None:
    import importlib

    package = REGISTRIES[command]
    registry = importlib.import_module(package)
    folder = PACKAGE.joinpath(*package.split(".")[1:])
    with_render = {
        path.stem
        for path in folder.glob("*.py")
        if re.search(r"^def render\(", path.read_text("utf-8"), re.MULTILINE)
    }
    assert with_render == set(registry.FORMATS), "a format module that is not registered"
    for name, module in registry.FORMATS.items():
        assert module == f"{package}.{name}"
        assert callable(registry.get_format(name))


def test_every_render_format_has_its_module() -> None:
    from cjmap.render.formats import FORMATS, PRINTED

    # PDF and PNG are the HTML pages printed by a browser: one module, printed.py, for both.
    modules = {path.stem for path in (PACKAGE / "render" / "formats").glob("*.py")}
    assert set(FORMATS) >= PRINTED
    assert set(FORMATS) - PRINTED == modules - {"__init__", "printed"}
