"""Reporters: one module per ``--format``, each turning a :class:`Report` into text.

The CLI's ``--format`` choices come from :data:`REPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from cjmap.validation import Report

Reporter = Callable[[Report, bool], str]
"""A reporter: (report, colour wanted?) → the whole output."""

REPORTERS: dict[str, str] = {
    "text": "cjmap.reporters.text",
    "json": "cjmap.reporters.json",
    "github": "cjmap.reporters.github",
    "sarif": "cjmap.reporters.sarif",
    "junit": "cjmap.reporters.junit",
}


def get_reporter(name: str) -> Reporter:
    """The ``render`` function of the reporter called ``name`` (imported on demand)."""
    module = import_module(REPORTERS[name])
    render: Reporter = module.render
    return render
