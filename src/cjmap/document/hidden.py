"""Texts that hold a control character or a noncharacter, found while a document is read
(its plain data is let go afterwards); the ``hidden-character`` rule reports them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cjmap.document.load import Path


@dataclass(frozen=True, slots=True)
class HiddenText:
    """A key or a text value under ``path`` and the hidden characters it holds, in order."""

    path: Path
    chars: tuple[str, ...]
    at_key: bool


def hidden_texts(data: Any, path: Path = ()) -> Iterator[HiddenText]:
    """Every key and text value under ``data`` that holds a hidden character."""
    from cjmap.util.textsafe import hidden_characters

    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (found := hidden_characters(key)):
                yield HiddenText((*path, key), tuple(found), at_key=True)
            yield from hidden_texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from hidden_texts(value, (*path, index))
    elif isinstance(data, str) and (found := hidden_characters(data)):
        yield HiddenText(path, tuple(found), at_key=False)
