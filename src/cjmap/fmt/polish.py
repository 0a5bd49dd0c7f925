"""Stage 4 of fmt (polish): the last touches to the emitted text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cjmap.fmt.scan import _scan, _Source, canonical_comment

if TYPE_CHECKING:
    pass

# --- polishing the output ------------------------------------------------------------------


def _polish(text: str) -> tuple[str, _Source]:
    """Indent comment lines like the content they sit in (yamllint's ``comments-indentation``),
    put two spaces before end-of-line comments and one after the ``#``, and drop the space
    ruamel leaves after the ``-`` of an empty (null) item (yamllint's ``trailing-spaces``)."""
    text = _compact_nested_sequences(_dedent_root_sequences(text))
    source = _scan(text)
    lines = list(source.lines)
    for number, line in enumerate(lines):
        if (
            line.endswith(" ")
            and _EMPTY_ITEM.fullmatch(line)
            and number not in source.inside
            # An empty scalar there spans nothing; text reaching the spaces keeps them.
            and all(stop <= len(line.rstrip(" ")) for _, stop in source.covered.get(number, []))
        ):
            lines[number] = line.rstrip(" ")
    comments = source.comment_at()
    next_indent = _next_token_indents(source)
    previous_indent = 0
    run_column: int | None = None
    for number, line in enumerate(lines):
        comment = comments.get(number)
        if comment is None:
            if source.token_lines[number]:
                previous_indent = _indent(line)
                run_column = None
            continue
        text = canonical_comment(comment.text)
        if number == 0 and comment.text.startswith("#!"):
            text = comment.text
        if not comment.own_line:
            content = line[: comment.column].rstrip()
            lines[number] = f"{content}{' ' * max(2, comment.column - len(content))}{text}"
            if source.token_lines[number]:
                previous_indent = _indent(line)
            run_column = None
            continue
        following = next_indent[number]
        other = max(previous_indent, following) if run_column is None else run_column
        column = comment.column
        if column not in (following, other):
            column = other if column > following and other > following else following
        lines[number] = " " * column + text
        run_column = column
    polished = "\n".join(lines)
    if polished == text:
        return text, source
    return polished, _scan(polished)


# A line holding only the "-" of empty sequence items, and the space ruamel writes after it.
_EMPTY_ITEM = re.compile(r" *(?:- +)+")


def _dedent_root_sequences(text: str) -> str:
    """Start a document that is a sequence at column 0 (ruamel indents it like a nested one)."""
    source = _scan(text)
    if all(not document.sequence_column for document in source.documents):
        return text
    lines = source.lines
    bounds = [document.line for document in source.documents] + [len(lines)]
    for number, document in enumerate(source.documents):
        shift = document.sequence_column or 0
        for line in range(bounds[number], bounds[number + 1]):
            if lines[line].startswith(" " * shift):
                lines[line] = lines[line][shift:]
    return "\n".join(lines)


_NESTED_SEQUENCE = re.compile(r"((?:- | )*?)-   -(?= |$)")


def _compact_nested_sequences(text: str) -> str:
    """Write a sequence item that is itself a sequence as ``- - a`` (yamllint's ``hyphens``).

    ruamel writes ``-   - a`` with the inner items indented to match; the inner sequence
    moves two columns left, with everything inside it.
    """
    for _ in range(64):
        source = _scan(text)
        lines = source.lines
        for number, line in enumerate(lines):
            match = _NESTED_SEQUENCE.match(line)
            if match is None or number in source.inside:
                continue
            dash = len(match.group(1))
            ranges = source.covered.get(number, [])
            if any(start <= dash + 4 < stop or start <= dash < stop for start, stop in ranges):
                continue
            lines[number] = f"{line[:dash]}- -{line[dash + 5 :]}"
            later = number + 1
            while later < len(lines) and (
                later in source.inside
                or not lines[later].strip()
                or _indent(lines[later]) >= dash + 4
            ):
                if lines[later].startswith("  "):
                    lines[later] = lines[later][2:]
                later += 1
            text = "\n".join(lines)
            break
        else:
            return text
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _next_token_indents(source: _Source) -> list[int]:
    """For each line, the indentation of the next line on which a token starts (0 at the end)."""
    indents = [0] * len(source.lines)
    following = 0
    for number in range(len(source.lines) - 1, -1, -1):
        indents[number] = following
        if source.token_lines[number]:
            following = _indent(source.lines[number])
    return indents
