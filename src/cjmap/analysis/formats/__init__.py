"""The formats of ``cjmap analyze``: one module per ``--format``, each with
``render(report, color) -> str`` over one :class:`cjmap.analysis.formats.common.AnalyzeReport`.

The CLI's ``--format`` choices come from :data:`FORMATS`. This module stays light (it is read
when the CLI starts); a format's module is imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cjmap.util.registry import format_function

if TYPE_CHECKING:
    from cjmap.analysis.formats.common import AnalyzeReport

FORMATS: dict[str, str] = {
    "text": "cjmap.analysis.formats.text",
    "json": "cjmap.analysis.formats.json",
    "csv": "cjmap.analysis.formats.csv",
    "md": "cjmap.analysis.formats.md",
}

Formatter = Callable[["AnalyzeReport", bool], str]
"""A format: (report, colour wanted?) → the whole output."""


def get_format(name: str) -> Formatter:
    """The ``render`` function of the format called ``name`` (imported on demand)."""
    render: Formatter = format_function(FORMATS, name)
    return render
