"""The test suite's own bookkeeping: under pytest-xdist, every module that builds an artefact
once per module or session runs whole on one worker (conftest.SHARED_FIXTURE_MODULES)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SHARED_FIXTURE_MODULES, work_unit

TESTS = Path(__file__).resolve().parent
SHARED_SCOPE = re.compile(r"@pytest\.fixture\(\s*scope=\"(?:module|session)\"")


def test_every_module_with_a_shared_fixture_is_listed() -> None:
    sharing = {
        path.stem
        for path in TESTS.glob("test_*.py")
        if SHARED_SCOPE.search(path.read_text("utf-8"))
    }
    assert sharing == SHARED_FIXTURE_MODULES


def test_a_listed_module_is_one_unit_and_any_other_test_its_own() -> None:
    assert work_unit("tests/test_ship.py::test_a") == "tests/test_ship.py"
    assert work_unit("tests/test_ship.py::test_b[x::y]") == "tests/test_ship.py"
    assert work_unit("tests/test_fmt.py::test_a") == "tests/test_fmt.py::test_a"
    assert work_unit("tests/test_fmt.py::test_a[1]") != work_unit("tests/test_fmt.py::test_a[2]")
