"""Formatters for ``cjmap diff``: one module per ``--format``, each turning a
:class:`cjmap.diff.compare.WorkspaceDiff` into text. The CLI's choices come from :data:`FORMATS`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from cjmap.diff.compare import WorkspaceDiff

Formatter = Callable[[WorkspaceDiff, bool], str]
"""A formatter: (diff, colour wanted?) → the whole output."""

FORMATS: dict[str, str] = {
    "text": "cjmap.diff.formats.text",
    "md": "cjmap.diff.formats.md",
    "json": "cjmap.diff.formats.json",
}


def get_formatter(name: str) -> Formatter:
    """The ``render`` function of the formatter called ``name`` (imported on demand)."""
    module = import_module(FORMATS[name])
    render: Formatter = module.render
    return render
