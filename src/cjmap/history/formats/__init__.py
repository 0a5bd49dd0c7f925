"""The formats of ``cjmap history``: one module per ``--format``, each with
``render(history, color) -> str`` over one :class:`cjmap.history.run.History`.

The CLI's ``--format`` choices come from :data:`FORMATS`. This module stays light (it is read
when the CLI starts); a format's module is imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cjmap.util.registry import format_function

if TYPE_CHECKING:
    from cjmap.history.run import History

Formatter = Callable[["History", bool], str]
"""A format: (history, colour wanted?) → the whole output."""

FORMATS: dict[str, str] = {
    "text": "cjmap.history.formats.text",
    "json": "cjmap.history.formats.json",
    "csv": "cjmap.history.formats.csv",
    "md": "cjmap.history.formats.md",
}


def get_format(name: str) -> Formatter:
    """The ``render`` function of the format called ``name`` (imported on demand)."""
    render: Formatter = format_function(FORMATS, name)
    return render
