"""Ids made from names (``Sign up`` → ``sign-up``), unique within a journey."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str, taken: Collection[str], fallback: str) -> str:
    """An id for ``name``: ASCII letters and digits joined by ``-`` (accents dropped), at most
    48 characters, made unique against ``taken`` with ``-2``, ``-3``... A name with no Latin
    letter or digit (Cyrillic, Greek, Chinese) gets ``fallback`` instead (``touchpoint-3``)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:48].strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate
