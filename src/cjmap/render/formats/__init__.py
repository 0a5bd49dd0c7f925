"""The formats of ``cjmap render``: one module per ``--format`` (``html``, ``md``,
``mermaid``, ``csv``, ``json``; ``pdf`` and ``png`` are the HTML pages printed by a browser,
:mod:`cjmap.render.formats.printed`); :mod:`cjmap.render.run` picks the one asked for.

The CLI's ``--format`` choices come from :data:`FORMATS`. This module stays light (it is read
when the CLI starts).
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "html": ".html",
    "md": ".md",
    "mermaid": ".mmd",
    "csv": ".csv",
    "json": ".json",
    "pdf": ".pdf",
    "png": ".png",
}
"""Each ``--format`` and the extension of its files."""

INDEX_NAMES: dict[str, str] = {
    "html": "index.html",
    "md": "README.md",
    "pdf": "index.pdf",
    "png": "index.png",
}
"""The index page each format writes next to the journeys (none for the others)."""

PRINTED = frozenset({"pdf", "png"})
"""The formats printed from the HTML pages by a browser."""
