"""Reporters: one module per ``--format``, each turning a :class:`Report` into text.

The CLI's ``--format`` choices come from :data:`REPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from cjmap.validate.run import Report

Reporter = Callable[[Report, bool], str]
"""A reporter: (report, colour wanted?) → the whole output."""

Notes = Callable[[Report], str]
"""What a machine format tells people beside its document (for standard error)."""

REPORTERS: dict[str, str] = {
    "text": "cjmap.validate.formats.text",
    "json": "cjmap.validate.formats.json",
    "github": "cjmap.validate.formats.github",
    "sarif": "cjmap.validate.formats.sarif",
    "junit": "cjmap.validate.formats.junit",
}


def get_reporter(name: str) -> Reporter:
    """The ``render`` function of the reporter called ``name`` (imported on demand)."""
    module = import_module(REPORTERS[name])
    render: Reporter = module.render
    return render


def get_notes(name: str) -> Notes | None:
    """The ``notes`` function of the reporter called ``name``, if it has one: a summary that
    must not be mixed into a machine-read output."""
    notes: Notes | None = getattr(import_module(REPORTERS[name]), "notes", None)
    return notes
