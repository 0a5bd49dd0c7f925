"""Making untrusted text safe to print on a terminal, in a CI log, or in a spreadsheet."""

from __future__ import annotations

import re
from typing import Any

# DEL and the C1 controls, the Unicode bidi controls that can reorder what a reader sees, and
# the line and paragraph separators that some viewers break lines at; with the C0 controls,
# everything that acts on a terminal instead of showing.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# CI runners read commands from log lines: GitHub Actions takes '::name::' at the start of a
# line (after blanks), and its legacy '##[name]' (like Azure Pipelines' '##vso[') anywhere.
_LEGACY_COMMAND = r"##(?=\[|vso\[)"
# A '::' that starts the text or follows a blank (one that stays a blank once escaped).
_WORD_START_COMMAND = r"(?:\A|(?<=[^\S\x00-\x1f\x7f-\x9f\u2028\u2029]))::"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]|{_WORD_START_COMMAND}|{_LEGACY_COMMAND}")
# JSON escapes C0 controls itself; a '::' inside a JSON string never starts a line.
_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}]|{_LEGACY_COMMAND}")
_LINE_START_COMMAND = re.compile(r"^(\s*)::", re.MULTILINE)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029]")

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV
# injection"); full-width forms count too in some locales.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")

ZERO_WIDTH_SPACE = "&#8203;"
"""A zero-width space as a Markdown/HTML entity: placed after '@' (or inside 'www.' and
'://'), it keeps GitHub and GitLab from turning text into a mention or a link."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "::":
        return "\\x3a:"
    if char == "##":
        return "#\\x23"
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """``text`` with control characters (ANSI escapes, newlines, bidi overrides) made visible,
    so that journey text cannot forge log lines, CI commands or terminal output.

    A ``::`` that starts a word, and the ``#`` of ``##[`` and ``##vso[``, are escaped too
    (``\\x3a:``, ``#\\x23``): wherever the text lands in a line, it cannot start a CI
    workflow command.
    """
    return _UNSAFE.sub(_escape, text)


def guard_line_starts(text: str) -> str:
    """``text`` (a whole output) with no line starting with ``::``, for outputs laid out by a
    library that may wrap journey text onto a line of its own, even inside a word."""
    return _LINE_START_COMMAND.sub(r"\1\\x3a:", text)


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##":
        return "#\\u0023"
    return f"\\u{ord(found):04x}"


def json_dumps(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON text (UTF-8 kept) that is safe to print: characters that act on a
    terminal or a CI log are written as ``\\u`` escapes (``\\u001b``), so the data reads back
    exact."""
    import json

    return _JSON_UNSAFE.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=indent))


def neutralise_formula(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows and never evaluates: a cell that would
    start a formula (``=``, ``+``, ``-``, ``@``, their full-width forms, possibly after
    blanks, or a leading tab or carriage return) gets a leading apostrophe."""
    if not text:
        return text
    if text[0] in "\t\r" or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def csv_text(text: str) -> str:
    """Journey text for a CSV cell that is also printed on a terminal: line breaks kept (as
    ``\\n``, inside the quoted cell), every other control escaped as :func:`escape_control`
    does, and a formula neutralised."""
    lines = _LINE_BREAKS.split(text)
    return neutralise_formula("\n".join(escape_control(line) for line in lines))


QUOTE_LIMIT = 40
"""The most characters of a file's own text that a finding quotes (then '…')."""

_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A token quoted from a file, cut to at most ``limit`` characters (the last one an
    ellipsis): a finding shows what is wrong, never a long run of the file (which may be
    someone's secret, or 100 KB on one line)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_quotes(message: str, limit: int = QUOTE_LIMIT) -> str:
    """``message`` (from a parser, which quotes what it found) with every quoted part
    clipped as :func:`clip` does."""

    def one(match: re.Match[str]) -> str:
        quote = match.group()[0]
        return quote + clip(match.group()[1:-1], limit) + quote

    return _QUOTED.sub(one, message)
