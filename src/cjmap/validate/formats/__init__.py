"""The formats of ``cjmap validate`` (its reporters): one module per ``--format``, each with
``render(report, color) -> str`` over one :class:`cjmap.validate.report.Report`.

The CLI's ``--format`` choices come from :data:`FORMATS`. This module stays light (it is read
when the CLI starts); a format's module is imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cjmap.util.registry import format_function

if TYPE_CHECKING:
    from cjmap.validate.report import Report

Reporter = Callable[["Report", bool], str]
"""A reporter: (report, colour wanted?) → the whole output."""

Notes = Callable[["Report"], str]
"""What a machine format tells people beside its document (for standard error)."""

FORMATS: dict[str, str] = {
    "text": "cjmap.validate.formats.text",
    "json": "cjmap.validate.formats.json",
    "github": "cjmap.validate.formats.github",
    "sarif": "cjmap.validate.formats.sarif",
    "junit": "cjmap.validate.formats.junit",
}


def get_format(name: str) -> Reporter:
    """The ``render`` function of the reporter called ``name`` (imported on demand)."""
    render: Reporter = format_function(FORMATS, name)
    return render


def get_notes(name: str) -> Notes | None:
    """The ``notes`` function of the reporter called ``name``, if it has one: a summary that
    must not be mixed into a machine-read output."""
    notes: Notes | None = format_function(FORMATS, name, "notes", optional=True)
    return notes
