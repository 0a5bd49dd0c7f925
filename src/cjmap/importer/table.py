"""Reading a CSV export as a table: the encoding, the delimiter and decimal commas found out.

Spreadsheets save CSV in many ways: UTF-8 with or without a byte-order mark, UTF-16 with one
(Excel's "Unicode text", tab-separated), commas, semicolons (Excel in locales whose decimal
separator is a comma) or tabs between cells. The delimiter is the one of ``, ; tab`` that
splits the header row into the most known column names (or, without known names, into the
most cells). Cells are read with the standard library's ``csv`` module.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cjmap.importer.errors import ImportProblem

MAX_BYTES = 20 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass(frozen=True, slots=True)
class Row:
    """One row of data: its 1-based row number in the file (the header is row 1) and its
    cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    delimiter: str
    header_row: int = 1

    def need(self, columns: Sequence[str], why: str = "") -> None:
        """An error naming the first of ``columns`` the header lacks."""
        missing = [name for name in columns if name not in self.header]
        if missing and len(self.header) == 1:
            raise ImportProblem(
                self.file,
                f"the header row is one single cell ('{_clip(self.header[0])}'): cjmap reads "
                "cells separated by commas, semicolons or tabs; save the file as CSV with "
                "one of them",
                row=self.header_row,
            )
        if missing:
            shown = ", ".join(f"'{name}'" for name in missing)
            found = ", ".join(f"'{name}'" for name in self.header[:12])
            raise ImportProblem(
                self.file,
                f"the header row has no column {shown}{why}; it has {found}. Check that the "
                "first row holds the column names and that no column was renamed",
                row=self.header_row,
            )


def decode(data: bytes, file: str) -> str:
    """The text of a CSV file: UTF-16 with a byte-order mark, else UTF-8 (with or without)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportProblem(
                file, f"the file says it is UTF-16 but byte {exc.start} is not; save it again"
            ) from None
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        row = before.count(b"\n") + 1
        at = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ImportProblem(
            file,
            f"the file is not UTF-8 text (byte 0x{body[exc.start]:02x}). Save it from the "
            "spreadsheet as 'CSV UTF-8' (Excel) or with the character set 'Unicode (UTF-8)' "
            "(LibreOffice)",
            row=row,
            column=at,
        ) from None


def read_table(data: bytes, file: str, known: Collection[str] = ()) -> Table:
    """The rows of a CSV file. ``known``: column names the header is expected to hold."""
    text = decode(data, file)
    if "\x00" in text:
        raise ImportProblem(file, "the file holds NUL characters; it is not a CSV text file")
    skipped = 0
    while True:
        # Google Analytics starts its exports with '#' lines that describe the report.
        line, _, rest = text.partition("\n")
        if not (line.startswith("#") or (not line.strip() and rest)):
            break
        text, skipped = rest, skipped + 1
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise ImportProblem(
            file, "the first row is empty; it must hold the column names", row=skipped + 1
        )
    delimiter = _delimiter(first, known)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ImportProblem(
            file,
            f"the CSV cannot be read: {exc} (a quote is not closed?)",
            row=skipped + reader.line_num,
        ) from None
    header = tuple(cell.strip() for cell in records[0])
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            raise ImportProblem(
                file, f"the column '{name}' appears twice", row=skipped + 1, column=name
            )
        seen.add(name)
    rows = []
    # csv.reader counts physical lines; a data row is numbered as a spreadsheet shows it.
    for number, record in enumerate(records[1:], start=skipped + 2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            raise ImportProblem(
                file,
                f"the row has {len(record)} cells but the header only {len(header)} "
                f"(the file is split at {_DELIMITER_NAMES[delimiter]})",
                row=number,
            )
        cells = {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
        rows.append(Row(number, cells))
    return Table(file, header, tuple(rows), delimiter, skipped + 1)


def _delimiter(header: str, known: Collection[str]) -> str:
    def score(delimiter: str) -> tuple[int, int]:
        cells = [cell.strip().strip('"') for cell in header.split(delimiter)]
        return sum(cell in known for cell in cells), len(cells)

    return max(DELIMITERS, key=score)


def formula_text(cell: str) -> str:
    """A cell as cjmap wrote it, read back: the apostrophe that kept a formula from running
    (``'=SUM(A1)``) is dropped. A spreadsheet usually drops it itself on saving."""
    from cjmap.util.textsafe import neutralise_formula

    if cell.startswith("'") and neutralise_formula(cell[1:]) == cell:
        return cell[1:]
    return cell


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def number(cell: str, file: str, row: int, column: str) -> float | None:
    """A number cell: empty is None; a decimal comma (``3,5``) reads as a point; a trailing
    ``%`` divides by 100 (for shares)."""
    text = cell.strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    percent = text.endswith("%")
    text = text.removesuffix("%")
    if _NUMBER.fullmatch(text) is None:
        raise ImportProblem(
            file,
            f"'{_clip(cell)}' is not a number (write it as 3.5 or 3,5)",
            row=row,
            column=column,
        )
    value = float(text.replace(",", "."))
    return value / 100 if percent else value


def _clip(text: str) -> str:
    from cjmap.util.textsafe import clip, escape_control

    return clip(escape_control(text))
