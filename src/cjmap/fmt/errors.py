"""What fmt says when it cannot format a file: :class:`FormatError`, with the place it names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ruamel.yaml.error import MarkedYAMLError

if TYPE_CHECKING:
    pass


class FormatError(Exception):
    """A file that cannot be formatted: it does not parse, or formatting would lose something.

    ``line`` and ``column`` are 1-based and None when unknown.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        from cjmap.util.textsafe import clip_quotes

        message = clip_quotes(message)  # what it quotes of the file: 40 characters at most
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[type[FormatError], tuple[str, int | None, int | None]]:
        # Keeps line and column when the error comes back from a worker process.
        return (FormatError, (self.message, self.line, self.column))

    def located(self, name: str) -> str:
        """The error as ``name:line:column: message`` (the parts that are known)."""
        where = name
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def _complex_key_error(text: str) -> FormatError:
    """The error for a key that is a list or a mapping, where cjmap's loader finds it."""
    from cjmap.document.load import load_text

    message = "a mapping key must be plain text, not a list or a mapping"
    for problem in load_text(text, "").problems:
        if problem.rule == "complex-key":
            return FormatError(message, problem.span.line, problem.span.column)
    return FormatError(message)


def _syntax_error(exc: BaseException, text: str) -> FormatError:
    """A ruamel error as a FormatError at the place it names."""
    mark: Any = None
    merging = isinstance(exc, MarkedYAMLError) and "for merging" in str(exc.problem or "")
    if (
        isinstance(exc, MarkedYAMLError)
        and not merging
        and not (exc.context and "duplicate anchor" in exc.context)
    ):
        from cjmap.document.yaml_errors import translate

        found = translate(exc, text)
        if found is not None:
            # The words validate uses, so that both commands explain a mistake alike.
            return FormatError(
                f"YAML syntax: {found.message} (hint: {found.hint})", found.line, found.column
            )
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and "duplicate anchor" in exc.context:
            # ruamel's problem is only "second occurrence"; its context names the anchor.
            message = f"{exc.context.split(';')[0]}; fmt needs each anchor name to be unique"
    else:
        message = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    if isinstance(line, int) and isinstance(column, int):
        if "for merging" in message:
            # Valid YAML 1.2 (cjmap reads '<<' as a key like any other), but fmt's library
            # takes a plain '<<' for a merge key.
            return FormatError(
                "fmt takes a plain '<<' key for a YAML merge key, whose value must be a "
                "mapping or a list of them (such as *defaults); if '<<' is meant as text, "
                "write it in quotes: '<<'",
                line + 1,
                column + 1,
            )
        return FormatError(f"YAML syntax: {message}", line + 1, column + 1)
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        line_start = text.rfind("\n", 0, position) + 1
        return FormatError(
            f"YAML syntax: {message}", text.count("\n", 0, position) + 1, position - line_start + 1
        )
    return FormatError(f"YAML syntax: {message}")
