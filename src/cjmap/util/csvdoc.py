"""One way to write a CSV document, for ``analyze --format csv`` and ``render --format csv``.

Both are data for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Cyrillic,
Greek and Chinese text correctly), CRLF line ends (RFC 4180), commas between cells. A cell is
quoted when it holds a comma, a quote, a line break or a tab, so a tab stays inside its cell
even in an import dialog that also splits at tabs. The callers pass cells already written:
text through :func:`cjmap.util.textsafe.csv_text`, numbers through :mod:`cjmap.util.numbers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
_QUOTED = re.compile(r'[,"\r\n\t]')


def csv_document(rows: Iterable[Sequence[str]]) -> str:
    """``rows`` (the header first) as the text of a CSV file, starting with the BOM."""
    return BOM + csv_lines(rows)


def csv_lines(rows: Iterable[Sequence[str]]) -> str:
    """``rows`` as lines of a CSV file (a file written in pieces: the BOM comes first)."""
    return "".join(",".join(_field(cell) for cell in row) + "\r\n" for row in rows)


def _field(cell: str) -> str:
    if _QUOTED.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell
