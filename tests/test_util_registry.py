"""The one helper every formats registry reads its modules through."""

from __future__ import annotations

import pytest

from cjmap.util.registry import format_function

FORMATS = {"json": "json", "missing": "cjmap.no_such_module"}


def test_a_registered_function_is_imported_on_demand() -> None:
    import json

    assert format_function(FORMATS, "json", "dumps") is json.dumps


def test_a_missing_function_is_an_error_unless_optional() -> None:
    with pytest.raises(AttributeError):
        format_function(FORMATS, "json", "render")
    assert format_function(FORMATS, "json", "render", optional=True) is None


def test_an_unregistered_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        format_function(FORMATS, "yaml")


def test_every_registry_gives_the_render_function_of_its_modules() -> None:
    import importlib

    from cjmap.analysis.formats import get_format as analysis_format
    from cjmap.diff.formats import get_format as diff_format
    from cjmap.validate.formats import FORMATS as VALIDATE
    from cjmap.validate.formats import get_format as validate_format
    from cjmap.validate.formats import get_notes

    assert analysis_format("json") is importlib.import_module("cjmap.analysis.formats.json").render
    assert diff_format("md") is importlib.import_module("cjmap.diff.formats.md").render
    assert (
        validate_format("sarif") is importlib.import_module("cjmap.validate.formats.sarif").render
    )
    for name, module in VALIDATE.items():
        assert get_notes(name) is getattr(importlib.import_module(module), "notes", None)
