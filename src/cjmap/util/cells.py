"""How many cells of a terminal a text takes: East Asian wide characters two, combining marks
and zero-width characters none, every other character one. For every layout of text in
columns: ``analyze``'s tables and the caret under a finding of ``validate``."""

from __future__ import annotations

import functools
import re
import unicodedata

_USUAL = ((0x20, 0x2FF), (0x370, 0x590), (0x2010, 0x25FF))
"""Latin, Greek and Cyrillic letters, punctuation, arrows, maths, box drawing and blocks:
the ranges where the characters known to take one cell are looked up once."""


@functools.cache
def _not_one() -> re.Pattern[str]:
    """Every character that may not take exactly one cell."""
    runs: list[str] = []
    for low, high in _USUAL:
        start = None
        for code in range(low, high + 2):
            one = code <= high and char_len(chr(code)) == 1
            if one and start is None:
                start = code
            elif not one and start is not None:
                runs.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
                start = None
    return re.compile(f"[^{''.join(runs)}]")


def cell_len(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    others = _not_one().findall(text)
    if not others:
        return len(text)
    return len(text) - len(others) + sum(char_len(char) for char in others)


@functools.cache
def char_len(char: str) -> int:
    """How many cells one character takes."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def one_cell_each(text: str) -> bool:
    """Whether every character of ``text`` takes one cell (every ASCII, Cyrillic or Greek
    one does): its width is then its length, and so is that of any part of it."""
    return text.isascii() or not _not_one().search(text)
