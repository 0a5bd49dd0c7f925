"""The formats of ``cjmap diff``: one module per ``--format``, each with
``render(diff, color) -> str`` over one :class:`cjmap.diff.compare.WorkspaceDiff`.

The CLI's ``--format`` choices come from :data:`FORMATS`. This module stays light (it is read
when the CLI starts); a format's module is imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cjmap.util.registry import format_function

if TYPE_CHECKING:
    from cjmap.diff.compare import WorkspaceDiff

Formatter = Callable[["WorkspaceDiff", bool], str]
"""A formatter: (diff, colour wanted?) → the whole output."""

FORMATS: dict[str, str] = {
    "text": "cjmap.diff.formats.text",
    "md": "cjmap.diff.formats.md",
    "json": "cjmap.diff.formats.json",
}


def get_format(name: str) -> Formatter:
    """The ``render`` function of the formatter called ``name`` (imported on demand)."""
    render: Formatter = format_function(FORMATS, name)
    return render
