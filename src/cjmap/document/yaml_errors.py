"""YAML syntax errors in plain words: what is wrong, where, and the usual cause.

The parsers (libyaml and ruamel's pure-Python one) describe an error in their own terms
("mapping values are not allowed in this context", "did not find expected '-' indicator"),
and each in different words. People who edit journey maps are rarely programmers, so the
parser's words are only used to tell *which* kind of error it is; the message and the hint
are written from the text of the file itself (the line, its indentation, the lines above),
so both parsers give the same message for the same mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cjmap.util.textsafe import QUOTE_LIMIT

EXCERPT_WIDTH = QUOTE_LIMIT
"""The longest quoted line, in characters; a longer line is cut around the column (a finding
never quotes more of a file than that: see SECURITY.md, "What cjmap reads")."""

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([^\s#:'\"\[\]{},][^:#]*?)\s*:(?:\s|$)")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([^\s:'\"#\[\]{}][^\s:]*):([^\s/:])")
_BLOCK_SCALAR_START = re.compile(r":\s+[|>][-+0-9]*\s*(?:#.*)?$")
_TEXT_EXAMPLE = 40


@dataclass(frozen=True, slots=True)
class SyntaxFinding:
    """A parser error translated: 1-based position, message, hint."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class _Where:
    """The parser's report, reduced to what both parsers say alike."""

    problem: str
    context: str
    line: int  # 1-based, where the parser stopped
    column: int
    context_line: int | None
    context_column: int | None


class _Text:
    """The file's lines, for looking around the place of an error."""

    def __init__(self, text: str) -> None:
        self.lines = [line.rstrip("\r") for line in text.split("\n")]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def char(self, line: int, column: int) -> str:
        text = self.line(line)
        return text[column - 1] if 0 < column <= len(text) else ""

    def previous(self, number: int) -> int | None:
        """The nearest line above ``number`` that holds more than blanks or a comment."""
        for index in range(number - 1, 0, -1):
            stripped = self.line(index).strip()
            if stripped and not stripped.startswith("#"):
                return index
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the keys of ``line``'s mapping start: after its indentation and any '- '."""
    column = _indent(line)
    while line[column : column + 2] == "- ":
        column += 2
        column += _indent(line[column:])
    return column


def _key_of(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    return match.group(2).strip() if match else None


def _example(value: str) -> str | None:
    """``value`` in quotes, as the hint's example, when it is short enough to read."""
    value = value.strip()
    if not value or len(value) > _TEXT_EXAMPLE:
        return None
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return None


def _quote_hint(key: str | None, value: str) -> str:
    example = _example(value)
    if example is None:
        return 'put the whole value in quotes ("..."); inside double quotes write \\" for a quote'
    return f"put the whole value in quotes: {key}: {example}" if key else f"write it as {example}"


def translate(exc: Any, text: str) -> SyntaxFinding | None:
    """The plain-words finding for a ruamel/libyaml scanner or parser error, or None when
    the error carries no position."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None or not problem:
        return None
    context_mark = getattr(exc, "context_mark", None)
    where = _Where(
        str(problem),
        str(getattr(exc, "context", None) or ""),
        mark.line + 1,
        mark.column + 1,
        context_mark.line + 1 if context_mark is not None else None,
        context_mark.column + 1 if context_mark is not None else None,
    )
    lines = _Text(text)
    for explain in _EXPLAINERS:
        found = explain(where, lines)
        if found is not None:
            return found
    return SyntaxFinding(
        where.line,
        where.column,
        f"this line cannot be read as YAML (the parser says: {where.problem})",
        "check the indentation, the ': ' after each key, and that every quote and bracket "
        "is closed",
    )


# --- one function per kind of mistake, tried in order ------------------------------------


def _tab(where: _Where, lines: _Text) -> SyntaxFinding | None:
    line = lines.line(where.line)
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    at = lines.char(where.line, where.column)
    if "\t" not in leading and at != "\t" and "tab" not in where.problem:
        return None
    if "\t" not in leading:
        return SyntaxFinding(
            where.line,
            where.column,
            "there is a tab where YAML expects a space",
            "replace the tab with a space (YAML separates and indents with spaces only)",
        )
    return SyntaxFinding(
        where.line,
        leading.index("\t") + 1,
        "this line is indented with a tab",
        "YAML indents with spaces only: replace the tab with spaces (set your editor to "
        "insert spaces for the Tab key)",
    )


def _unclosed(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if where.context_line is None or where.context_column is None:
        return None
    if not _at_end(lines, where.line, where.column):
        return None
    nouns = (
        (
            "quoted scalar",
            "the quoted text that starts here",
            "close the quote at the end of "
            "the text, or remove it; a quote inside single quotes is written twice ('it''s')",
        ),
        ("flow sequence", "the list opened with '[' here", "close the list with ']'"),
        ("flow mapping", "the mapping opened with '{' here", "close the mapping with '}'"),
    )
    for words, noun, hint in nouns:
        if words in where.context:
            return SyntaxFinding(
                where.context_line,
                where.context_column,
                f"the file ends inside {noun}",
                hint,
            )
    return None


def _at_end(lines: _Text, line: int, column: int) -> bool:
    """Whether nothing but blank space and comments follows a 1-based position."""
    rest = [lines.line(line)[column - 1 :], *lines.lines[line:]]
    return all(not part.strip() or part.lstrip().startswith("#") for part in rest)


def _block_scalar(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "block scalar" not in where.context and not (
        "line break" in where.problem or "chomping" in where.problem
    ):
        return None
    return SyntaxFinding(
        where.line,
        where.column,
        "after '|' or '>' nothing but a comment may follow on the same line",
        "start the text on the next line, indented under its key; or, for text on one line, "
        "remove the '|' or '>' and put the text in quotes",
    )


def _reserved_start(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "cannot start any token" in where.problem or "mapping keys are not allowed" in where.problem:
        line, column = where.line, where.column
    elif "scanning an anchor" in where.context or "scanning an alias" in where.context:
        if where.context_line is None or where.context_column is None:
            return None
        line, column = where.context_line, where.context_column
    else:
        return None
    char = lines.char(line, column)
    if not char:
        return None
    text = lines.line(line)
    value = text[column - 1 :].split(" #")[0]
    key = _key_of(text[: column - 1] + "x") if text[: column - 1].rstrip().endswith(":") else None
    meaning = {
        "@": "'@' is reserved in YAML",
        "`": "'`' is reserved in YAML",
        "&": "YAML reads '&' as the start of an anchor name",
        "*": "YAML reads '*' as the start of an alias",
        "%": "YAML reads '%' at the start of a line as a directive",
        "!": "YAML reads '!' as the start of a tag",
        "?": "YAML reads '? ' as the start of a key",
    }.get(char, f"YAML does not allow '{char}' there")
    return SyntaxFinding(
        line,
        column,
        f"a value cannot start with '{char}': {meaning}",
        _quote_hint(key, value),
    )


def reserved_start(text: str, line: int, column: int) -> SyntaxFinding | None:
    """The finding for a value that starts with a character YAML reserves (``@``, `` ` ``,
    ``*``, ``&``...) at a 1-based position."""
    where = _Where("cannot start any token", "", line, column, None, None)
    return _reserved_start(where, _Text(text))


def _colon_in_value(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "mapping values are not allowed" not in where.problem:
        return None
    text = lines.line(where.line)
    before = text[: where.column - 1]
    previous = lines.previous(where.line)
    own_key = _key_of(text)
    if previous is not None and own_key is not None and _key_of(before + ": ") == own_key:
        # 'title:' alone on its line, deeper than the line above: the line above has a
        # value, so this line can only be more of that value, and its ':' is out of place.
        above = lines.line(previous)
        extra = _indent(text) - _key_column(above)
        if _indent(text) > _indent(above) and not above.rstrip().endswith(":"):
            how = f"remove {extra} space{'s' * (extra != 1)} at the start of this line"
            return SyntaxFinding(
                where.line,
                _indent(text) + 1,
                f"'{own_key}:' is indented more than the line above it, so YAML reads it as "
                f"more of the value on line {previous}",
                f"line up '{own_key}:' with the keys above it"
                + (f" ({how})" if extra > 0 else "")
                + ", or end the line above with ':' if this line belongs under it",
            )
    key = _key_of(text)
    value = text[text.index(":", len(text) - len(text.lstrip())) + 1 :] if key else text
    return SyntaxFinding(
        where.line,
        where.column,
        f"the value of '{key}' holds ': ', which YAML reads as the start of another key"
        if key
        else "this ': ' is read as the start of a key, where none can be",
        _quote_hint(key, value.split(" #")[0]),
    )


def _missing_colon(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "could not find expected ':'" not in where.problem:
        return None
    number = where.context_line if where.context_line is not None else where.line
    text = lines.line(number)
    glued = _NO_SPACE_AFTER_COLON.match(text)
    if glued:
        key = glued.group(1)
        rest = text[glued.end(1) + 1 :].strip()
        return SyntaxFinding(
            number,
            glued.end(1) + 1,
            f"there is no space after the ':' of '{key}', so YAML does not read it as a key",
            f"put a space after the ':': {key}: {rest}"
            if len(rest) <= _TEXT_EXAMPLE
            else "put a space after the ':'",
        )
    previous = lines.previous(number)
    if previous is not None and _BLOCK_SCALAR_START.search(lines.line(previous).split(" #")[0]):
        return SyntaxFinding(
            number,
            _indent(text) + 1,
            f"the text that starts with '|' or '>' on line {previous} must be indented more "
            "than its key",
            f"indent every line of the text by two more spaces than the key on line {previous}",
        )
    return SyntaxFinding(
        number,
        _indent(text) + 1,
        "this line has no ':' after its key, and it does not continue the value above",
        "write 'key: value' with ': ' after the key; if the line continues the text above, "
        "put the whole text in quotes",
    )


def _flow_not_closed(where: _Where, lines: _Text) -> SyntaxFinding | None:
    closing = "]" if "',' or ']'" in where.problem else "}" if "',' or '}'" in where.problem else ""
    if not closing:
        return None
    noun = "list opened with '['" if closing == "]" else "mapping opened with '{'"
    opened = where.context_line
    text = lines.line(where.line)
    if (
        opened is not None
        and where.context_column is not None
        and opened < where.line
        and _key_of(text) is not None
        and _indent(text) <= _indent(lines.line(opened))
    ):
        # The next key was reached: the bracket was simply never closed.
        return SyntaxFinding(
            opened,
            where.context_column,
            f"the {noun} here is not closed",
            f"close it with '{closing}' at the end of the line",
        )
    return SyntaxFinding(
        where.line,
        where.column,
        f"the {noun} on line {opened} is not closed before this point"
        if opened is not None
        else f"the {noun} is not closed before this point",
        f"close it with '{closing}'; an item that holds ',', ':', '[' or '{{' must be put in "
        "quotes",
    )


def _wrong_place_in_mapping(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "block mapping" not in where.context or not (
        "expected key" in where.problem or "expected <block end>" in where.problem
    ):
        return None
    text = lines.line(where.line)
    char = lines.char(where.line, where.column)
    before = text[: where.column - 1].rstrip()
    if before.endswith(('"', "'")) and before.lstrip()[:1] not in ("-", ""):
        return SyntaxFinding(
            where.line,
            len(before),
            "there is more text after the closing quote of this value",
            "put the whole value in quotes; a quote inside it is written twice in single "
            "quotes ('it''s') or as \\\" in double quotes",
        )
    if char == ":" and not before:
        return SyntaxFinding(
            where.line,
            where.column,
            "a mapping entry has no key before its ':'",
            "write the key before the ':', such as 'name: …'",
        )
    if char in ("]", "}"):
        return SyntaxFinding(
            where.line,
            where.column,
            f"this '{char}' closes a {'list' if char == ']' else 'mapping'} that was never opened",
            f"remove the extra '{char}'",
        )
    items = _item_lines_above(lines, where.line)
    if char == "-":
        lined_up = [n for n in items if _indent(lines.line(n)) == _indent(text)]
        if lined_up:
            hint = "a list item cannot follow a key's value: start the list under a key that "
            hint += "ends with ':' on the line above the items"
        elif items:
            # The list it was meant for: the items whose '-' is nearest to this one's column.
            nearest = min(items, key=lambda n: abs(_indent(lines.line(n)) - _indent(text)))
            hint = f"indent it exactly as the '- ' items above it (line {nearest})"
        else:
            hint = "a list goes under a key that ends with ':', such as 'goals:', with each "
            hint += "'- ' item on its own line, indented the same"
        return SyntaxFinding(
            where.line,
            where.column,
            "a list item ('- ') is where YAML expects a key of the mapping it is in",
            hint,
        )
    key = _key_of(text)
    return SyntaxFinding(
        where.line,
        _indent(text) + 1,
        f"'{key}:' is not lined up with the keys of any mapping above it"
        if key
        else "this line is not lined up with the lines above it",
        "indent it exactly as much as the other keys of the same mapping (count the spaces "
        "on the lines above)",
    )


def _item_lines_above(lines: _Text, number: int) -> list[int]:
    """Lines above ``number`` that start a '- ' list item, nearest first."""
    return [
        index
        for index in range(number - 1, 0, -1)
        if lines.line(index).lstrip().startswith("- ") or lines.line(index).strip() == "-"
    ]


def _key_among_items(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "block collection" not in where.context and "block sequence" not in where.context:
        return None
    if "'-' indicator" not in where.problem and "expected <block end>" not in where.problem:
        return None
    text = lines.line(where.line)
    key = _key_of(text)
    start = where.context_line
    what = f"'{key}:'" if key else "this line"
    items = f"the list that starts on line {start}" if start else "the list above"
    return SyntaxFinding(
        where.line,
        _indent(text) + 1,
        f"{what} is lined up with the '- ' items of {items}, but is not an item",
        f"to add {what} to the item above, indent it 2 more spaces, like that item's other "
        "keys; to start a new item, begin the line with '- '",
    )


def _directive(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "document start" not in where.problem and "directive" not in where.problem:
        return None
    directive = next((n for n in range(where.line, 0, -1) if lines.line(n).startswith("%")), None)
    if directive is not None:
        return SyntaxFinding(
            directive,
            1,
            "a line that starts with '%' is read as a YAML directive, which may only come "
            "before a '---' line",
            "remove the line; if it is text, indent it under its key or put it in quotes",
        )
    return SyntaxFinding(
        where.line,
        where.column,
        "this line comes after the end of the document ('...')",
        "remove the '...' line above, or start a new document with '---'",
    )


def _escape(where: _Where, lines: _Text) -> SyntaxFinding | None:
    if "unknown escape" not in where.problem and "hexdecimal" not in where.problem:
        return None
    text = lines.line(where.line)
    slash = text.rfind("\\", 0, where.column)
    column = slash + 1 if slash >= 0 else where.column
    sequence = text[slash : slash + 2] if slash >= 0 else "\\"
    return SyntaxFinding(
        where.line,
        column,
        f"in double quotes '\\' starts an escape, and '{sequence}' here is not a valid one",
        "write '\\\\' for a backslash, or use single quotes, where '\\' is an ordinary character",
    )


_EXPLAINERS = (
    _unclosed,
    _tab,
    _escape,
    _block_scalar,
    _reserved_start,
    _colon_in_value,
    _missing_colon,
    _flow_not_closed,
    _key_among_items,
    _wrong_place_in_mapping,
    _directive,
)


def excerpt(text: str, line: int, column: int) -> tuple[str, int] | None:
    """Line ``line`` of ``text`` and the caret's index in it, cut to :data:`EXCERPT_WIDTH`
    characters around ``column`` (an ellipsis marks each cut). Untrusted: escape it to show."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    source = lines[line - 1].rstrip("\r")
    index = min(max(column - 1, 0), len(source))
    if len(source) <= EXCERPT_WIDTH:
        return source, index
    start = max(0, min(index - EXCERPT_WIDTH // 2, len(source) - EXCERPT_WIDTH))
    shown = source[start : start + EXCERPT_WIDTH]
    caret = index - start
    if start > 0:
        shown = "…" + shown[1:]
    if start + EXCERPT_WIDTH < len(source):
        shown = shown[:-1] + "…"
    return shown, caret
