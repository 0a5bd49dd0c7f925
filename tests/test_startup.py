"""Start-up: a command imports and builds only what it uses.

Timings are not tested (the machines that run the tests are too busy for them): what is
tested is what makes the time, the modules a run imports and the validators it builds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", re.MULTILINE)

# What `cjmap validate` never needs: the other commands, their outputs, the HTML and terminal
# libraries.
NOT_FOR_VALIDATE = (
    "typer._adapters",  # typer's pydantic TypeAdapters, one per parameter
    "jinja2",
    "markupsafe",
    "rich",
    "cjmap.render",
    "cjmap.diff",
    "cjmap.fmt",
    "cjmap.analysis",
    "cjmap.init",
    "cjmap.schema",
    "cjmap.cli.render",
    "cjmap.cli.diff",
    "cjmap.cli.fmt",
    "cjmap.cli.analyze",
    "cjmap.cli.init",
    "cjmap.cli.schema",
)


def _imports(*args: str, cwd: Path, cache: bool = False) -> tuple[int, str, set[str]]:
    """Run ``python -X importtime -m cjmap ARGS``: exit code, output, modules imported
    (without the workspace cache unless ``cache``: a run replayed imports less)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cjmap", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "CJMAP_NO_CACHE": "" if cache else "1"},
        timeout=120,
        check=False,
    )
    err = proc.stderr.decode("utf-8", "replace")
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), set(IMPORTED.findall(err))


def _within(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_validate_imports_nothing_of_the_other_commands(fmt: str) -> None:
    code, out, modules = _imports(
        "validate", "-f", fmt, "journeys/trial-onboarding.yaml", cwd=EXAMPLES
    )
    assert code == 0, out
    assert "cjmap.validate.run" in modules  # the check itself sees the imports
    assert _within(modules, NOT_FOR_VALIDATE) == []


def test_a_replayed_validate_imports_no_model_no_parser_and_no_check(tmp_path: Path) -> None:
    """A run that :mod:`cjmap.validate.replay` answers from the cache builds nothing."""
    shutil.copytree(EXAMPLES, tmp_path / "w", ignore=shutil.ignore_patterns(".cjmap_cache"))
    then = time.time_ns() - 3600 * 10**9
    for path in [*(tmp_path / "w").rglob("*"), tmp_path / "w"]:
        os.utime(path, ns=(then, then))
    args = ("validate", "-f", "json", "journeys/trial-onboarding.yaml")
    first = _imports(*args, cwd=tmp_path / "w", cache=True)
    assert "cjmap.validate.run" in first[2]
    again = _imports(*args, cwd=tmp_path / "w", cache=True)
    assert again[:2] == first[:2]
    heavy = ("pydantic", "ruamel", "_ruamel_yaml", "cjmap.validate.run", "cjmap.document.model")
    assert _within(again[2], heavy) == []
    assert "cjmap.validate.replay" in again[2]


def test_version_imports_no_command_and_no_pydantic() -> None:
    code, out, modules = _imports("--version", cwd=EXAMPLES)
    assert (code, out.strip()) == (0, f"cjmap {__import__('cjmap').__version__}")
    unused = ("pydantic", "ruamel", "typer._adapters", "cjmap.validate", "cjmap.cli.validate")
    assert _within(modules, unused) == []


def test_the_default_include_needs_no_pathspec(tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("kind: persona\nid: ann\nname: Ann\n", encoding="utf-8")
    code, out, modules = _imports("validate", cwd=tmp_path)
    assert code == 0, out
    assert _within(modules, ("pathspec",)) == []
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\nexclude: [old]\n", encoding="utf-8")
    code, out, modules = _imports("validate", cwd=tmp_path)
    assert code == 0, out
    assert "pathspec" in modules


def test_validators_are_built_only_for_the_kinds_present(tmp_path: Path) -> None:
    """A workspace of journeys builds no persona validator (pydantic's ``defer_build``)."""
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    journey = EXAMPLES / "journeys" / "trial-onboarding.yaml"
    text = journey.read_text(encoding="utf-8")
    (tmp_path / "j.yaml").write_text(text.replace("personas:\n", "personas: []\n_:\n", 1))
    probe = (
        "import sys\n"
        "from cjmap.cli import main\n"
        "code = main(['validate', '-f', 'json', 'j.yaml'])\n"
        "from cjmap.document import model\n"
        "print(code, model.Journey.__pydantic_complete__, model.Persona.__pydantic_complete__,"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert err.strip().splitlines()[-1].split()[1:] == ["True", "False"], err


# Typer checks every value with a pydantic TypeAdapter; cjmap's commands take str, bool and
# list[str] values as click gives them (cli/_help.py). Both must agree on every value.
VALUES: list[Any] = [None, "", "x", "-", "8", ("a", "b"), (), ["a"], True, False, 3, ("a", 3)]


def _commands() -> dict[str, Any]:
    """The root command (``""``) and every command, by name."""
    import typer

    from cjmap.cli import app

    group = typer.main.get_command(app)
    return {"": group, **group.commands}  # type: ignore[attr-defined]


def _params() -> list[tuple[str, str]]:
    """Every parameter of every command, the help options included."""
    return [
        (name, param.name or "")
        for name, command in _commands().items()
        for param in command.get_params(command.context_class(command))
    ]


@pytest.mark.parametrize(("command", "param"), _params())
def test_plain_values_are_what_typer_would_give(command: str, param: str) -> None:
    from typer.core import TyperArgument, TyperOption

    sub = _commands()[command]
    found = next(p for p in sub.get_params(sub.context_class(sub)) if p.name == param)
    assert type(found) not in (TyperArgument, TyperOption)  # cjmap's own classes
    typer_own = TyperArgument if isinstance(found, TyperArgument) else TyperOption
    for value in VALUES:
        if found.callback is not None and value:
            continue  # --version and --help would print and exit
        ctx = sub.context_class(sub)
        try:
            expected: Any = ("ok", typer_own.process_value(found, ctx, value))
        except Exception as exc:  # typer refuses it: so must the plain path, alike
            expected = ("error", type(exc).__name__, str(exc))
        try:
            got: Any = ("ok", found.process_value(ctx, value))
        except Exception as exc:
            got = ("error", type(exc).__name__, str(exc))
        assert got == expected, (value, got, expected)
        if got[0] == "ok":
            assert type(got[1]) is type(expected[1])


SEGMENT = st.text(alphabet="ab.yYmlLAML*?[]! -_é", min_size=1, max_size=8)


@given(st.lists(SEGMENT, min_size=1, max_size=3))
def test_the_default_include_without_pathspec_is_pathspec_s_answer(parts: list[str]) -> None:
    from cjmap.workspace.files import DEFAULT_INCLUDE, _includes

    relative = "/".join(parts)
    # The same patterns in another order: decided by pathspec, not by the short cut.
    assert _includes(DEFAULT_INCLUDE, relative) == _includes(DEFAULT_INCLUDE[::-1], relative)
