"""Making untrusted text safe to print on a terminal, in a CI log, or in a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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

# Unicode's noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) and
# lone surrogates: no page, file or terminal may carry them (the Nu HTML checker rejects them).
_BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
_ASTRAL_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Pattern:
    """A pattern with a character class that holds the astral noncharacters, matched without
    them in a text that has no astral character at all (nearly every text): Python's matcher
    tests such a scattered class slowly at every position (a tenth of a millisecond for a
    journey file), while the class without them is fast.

    Each is compiled when first needed: compiling them all took a tenth of the start-up of
    ``cjmap validate``, which needs one or two."""

    __slots__ = ("_bmp", "_full", "template")

    def __init__(self, template: str) -> None:
        # ``template`` names the class's noncharacters ``{nonchar}``.
        self.template = template
        self._bmp: re.Pattern[str] | None = None
        self._full: re.Pattern[str] | None = None

    def _for(self, text: str) -> re.Pattern[str]:
        if _ASTRAL.search(text):
            if self._full is None:
                nonchar = _BMP_NONCHARACTERS + _ASTRAL_NONCHARACTERS
                self._full = re.compile(self.template.format(nonchar=nonchar))
            return self._full
        if self._bmp is None:
            self._bmp = re.compile(self.template.format(nonchar=_BMP_NONCHARACTERS))
        return self._bmp

    def search(self, text: str) -> re.Match[str] | None:
        return self._for(text).search(text)

    def findall(self, text: str) -> list[str]:
        return self._for(text).findall(text)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        return self._for(text).sub(repl, text)


# What no output shows raw: the C0 controls but tab and the line breaks, DEL, the C1
# controls, and the noncharacters.
_HIDDEN = _Pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{nonchar}]")
_UNSAFE = _Pattern(f"[\x00-\x1f{_INVISIBLE}{{nonchar}}]|{_WORD_START_COMMAND}|{_LEGACY_COMMAND}")
# JSON escapes C0 controls itself; a '::' inside a JSON string never starts a line.
_JSON_UNSAFE = _Pattern(f"[{_INVISIBLE}{{nonchar}}]|{_LEGACY_COMMAND}")
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
    if len(char) == 1 and ord(char) >= 0x10000:
        return f"\\U{ord(char):08x}"
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


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def may_hold_hidden(source: str) -> bool:
    """Whether YAML ``source`` can hold a text with a hidden character: YAML allows none raw
    but the noncharacters, so only an escape (a backslash) or a raw noncharacter can."""
    return "\\" in source or _HIDDEN.search(source) is not None


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that :func:`show_hidden` would escape, in order."""
    return _HIDDEN.findall(text)


def holds_hidden(text: str) -> bool:
    """Whether :func:`show_hidden` would change ``text`` (a search, no copy)."""
    return _HIDDEN.search(text) is not None


def show_hidden(text: str) -> str:
    """``text`` with every control character (but tab and line breaks) and every Unicode
    noncharacter written as a visible escape (``\\x1b``, ``\\ufdd0``, ``\\U0001fffe``),
    for outputs that keep line breaks: pages, Markdown, CSV. The text still reads; what
    cannot be shown is shown as its code."""
    if text.isprintable():
        # No control character and no noncharacter (both are not printable): the common
        # case, answered in C without the pattern.
        return text
    return _HIDDEN.sub(_visible, text)


def escape_control(text: str) -> str:
    """``text`` with control characters (ANSI escapes, newlines, bidi overrides) made visible,
    so that journey text cannot forge log lines, CI commands or terminal output.

    A ``::`` that starts a word, and the ``#`` of ``##[`` and ``##vso[``, are escaped too
    (``\\x3a:``, ``#\\x23``): wherever the text lands in a line, it cannot start a CI
    workflow command.
    """
    if text.isprintable() and "::" not in text and "##" not in text:
        return text  # every character escaped here is one str.isprintable refuses
    return _UNSAFE.sub(_escape, text)


def escape_lines(text: str) -> str:
    """A message of one or more lines made safe to print: each line escaped as
    :func:`escape_control` does, the line breaks between them kept. Untrusted parts (a file
    name, journey text) should be escaped with :func:`escape_control` before they are put in
    a message, so that they stay on its line; this is the last guard of every message."""
    return "\n".join(escape_control(line) for line in text.split("\n"))


def guard_line_starts(text: str) -> str:
    """``text`` (a whole output) with no line starting with ``::``, for outputs laid out by a
    library that may wrap journey text onto a line of its own, even inside a word."""
    if "::" not in text:  # nearly always: the search is skipped
        return text
    return _LINE_START_COMMAND.sub(r"\1\\x3a:", text)


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##":
        return "#\\u0023"
    code = ord(found)
    if code < 0x10000:
        return f"\\u{code:04x}"
    # JSON writes a character beyond the first plane as its UTF-16 surrogate pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_dumps(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON text (UTF-8 kept) that is safe to print: characters that act on a
    terminal or a CI log, and Unicode's noncharacters, are written as ``\\u`` escapes
    (``\\u001b``, ``\\ufdd0``, ``\\ud83f\\udffe``), so the data reads back exact."""
    text = _indented(data) if indent == 2 else None
    if text is None:
        import json

        text = json.dumps(data, ensure_ascii=False, indent=indent)
    # Every character escaped here is one str.isprintable refuses (as is the line break of
    # the layout): the search, nearly all the work, is skipped when it cannot match.
    if "##" not in text and text.replace("\n", "").isprintable():
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _indented(data: Any) -> str | None:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, byte for byte, made by orjson
    (about twenty times as fast: the standard library indents in pure Python); None when
    orjson is not installed or refuses the data (an integer beyond 64 bits), for the
    standard library to do it. cjmap's data holds no NaN or infinity (the models refuse
    them), which the two write differently; a number below 0.0001 is the other difference
    (``0.00001`` and ``1e-7`` for Python's ``1e-05`` and ``1e-07``), rewritten as Python
    writes it."""
    try:
        import orjson
    except ImportError:  # an interpreter orjson has no build for
        return None
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None
    if _may_hold_small_number(text):
        text = _SMALL_NUMBER.sub(_python_number, text)
    return text


def _may_hold_small_number(text: str) -> bool:
    """Whether orjson's ``text`` may hold ``0.0000…`` or ``…e-…`` (found without a regular
    expression: a search through the whole text costs more than the dump)."""
    if "0.0000" in text:
        return True
    at = text.find("e-")
    while at != -1:
        if at and text[at - 1].isdigit() and text[at + 2 : at + 3].isdigit():
            return True
        at = text.find("e-", at + 2)
    return False


# A number alone after a key or on its line (where no string can hold it: a string ends on
# its line with a quote), written by orjson in the form Python does not use below 0.0001.
_SMALL_NUMBER = re.compile(r'(?m)(": |^ *)(-?(?:0\.0000\d+|\d(?:\.\d+)?e-\d+))(,?)$')


def _python_number(match: re.Match[str]) -> str:
    return f"{match[1]}{float(match[2])!r}{match[3]}"


# What starts a Markdown block at the start of a line once the inline punctuation is escaped:
# bullets and thematic breaks (-, +, *), setext underlines (=, -), and ordered-list markers
# of up to nine digits followed by '.' or ')' (CommonMark's two delimiters).
_MD_BLOCK_START = re.compile(r"^([-+=*])|^([0-9]{1,9})([.)])")


def md_line_start(text: str) -> str:
    """Markdown text (its inline punctuation already escaped, on one line) that starts no
    block wherever it lands: surrounding blanks go (four spaces or a tab would start code),
    and a leading list, setext or thematic-break marker, or an ordered-list ``1.`` or
    ``1)``, gets a backslash. ``#``, ``>``, ``<``, ``|``, fences and ``[`` are the inline
    escapers' job."""
    return _MD_BLOCK_START.sub(
        lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text.strip(" \t")
    )


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
    """Journey text for a CSV cell (both CSVs, ``analyze`` and ``render``), which is data for
    a spreadsheet and may also be printed on a terminal: tabs and line breaks kept as they are
    (a line break as ``\\n``; the writer quotes such a cell), every other control escaped
    as :func:`escape_control` does, and a formula neutralised."""
    lines = _LINE_BREAKS.split(text)
    return neutralise_formula(
        "\n".join("\t".join(escape_control(cell) for cell in line.split("\t")) for line in lines)
    )


QUOTE_LIMIT = 40
"""The most characters of a file's own text that a finding quotes (then '…')."""

_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A token quoted from a file, cut to at most ``limit`` characters (the last one an
    ellipsis): a finding shows what is wrong, never a long run of the file (which may be
    someone's secret, or 100 KB on one line)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


LIST_LIMIT = 8
"""The most items a message lists (then how many more): a list in a message may come from a
file or a table of any length."""


def listing(items: Iterable[str], most: int = LIST_LIMIT) -> str:
    """``items`` joined by commas, at most ``most`` of them, then how many were left out
    (``a, b, c and 1,204 more``), so that a message stays one readable line."""
    shown = list(items)
    if len(shown) <= most:
        return ", ".join(shown)
    return f"{', '.join(shown[:most])} and {len(shown) - most:,} more"


def clip_quotes(message: str, limit: int = QUOTE_LIMIT) -> str:
    """``message`` (from a parser, which quotes what it found) with every quoted part
    clipped as :func:`clip` does."""

    def one(match: re.Match[str]) -> str:
        quote = match.group()[0]
        return quote + clip(match.group()[1:-1], limit) + quote

    return _QUOTED.sub(one, message)
