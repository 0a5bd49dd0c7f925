"""The one error every importer raises: a problem in the file read, with its place."""

from __future__ import annotations


class ImportProblem(Exception):
    """A problem with a file being imported: ``file``, 1-based ``row`` (a line of a Mermaid
    file) and ``column`` (a column's header name, or a 1-based character position), and what
    is wrong in plain words. Nothing is written when one is raised."""

    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | int | None = None
    ) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.column = column
        self.message = message

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f", row {self.row}"
        if isinstance(self.column, str):
            place += f", column '{self.column}'"
        elif self.column is not None:
            place += f", column {self.column}"
        return f"{place}: {self.message}"
