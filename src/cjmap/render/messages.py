"""UI labels of rendered maps, one message file per locale, and locale-aware number format.

The files live in ``cjmap/render/locales/<locale>.json``. English is complete; a key missing
from another locale falls back to English, so a new label never breaks a render.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

LOCALES = ("en", "ru", "el", "zh", "cs")
"""The locales that have a message file."""

DEFAULT_LOCALE = "en"
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def label_locale(requested: str | None) -> str | None:
    """The message file for a requested locale (``ru``, ``ru-RU``, ``zh_Hans``...), or None
    when there is none."""
    if not requested or not _TAG.match(requested):
        return None
    primary = re.split(r"[-_]", requested.lower(), maxsplit=1)[0]
    return primary if primary in LOCALES else None


def html_lang(requested: str | None, fallback: str) -> str:
    """The value for ``<html lang>``: the journey's own language tag when well formed."""
    if requested and _TAG.match(requested):
        return requested.replace("_", "-")
    return fallback


@cache
def _load(locale: str) -> dict[str, str]:
    text = resources.files("cjmap.render").joinpath(f"locales/{locale}.json").read_text("utf-8")
    data = json.loads(text)
    return {str(key): str(value) for key, value in data.items()}


@cache
def messages(locale: str) -> dict[str, str]:
    """Every label of ``locale``, English where the locale has none."""
    merged = dict(_load(DEFAULT_LOCALE))
    if locale != DEFAULT_LOCALE:
        merged.update(_load(locale))
    return merged


class Formatter:
    """Numbers, shares and durations written the way a locale writes them."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self._decimal = labels["decimal"]
        self._percent = labels["percent"]

    def num(self, value: float | None, digits: int = 1, *, signed: bool = False) -> str:
        """``value`` with at most ``digits`` decimals (trailing zeros dropped); ``—`` for None."""
        if value is None:
            return "—"
        text = f"{value:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in {"-0", ""}:
            text = "0"
        if signed and not text.startswith("-") and text != "0":
            text = "+" + text
        return text.replace("-", "−").replace(".", self._decimal)

    def pct(self, share: float | None, digits: int = 0) -> str:
        """A share (0..1) as a percentage; ``—`` for None."""
        if share is None:
            return "—"
        return self._percent.format(n=self.num(share * 100, digits))

    def minutes(self, total: int | float | None) -> str:
        """A duration in minutes as weeks, days, hours and minutes (``2w 3d``)."""
        if total is None:
            return "—"
        remaining = round(total)
        parts: list[str] = []
        for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
            count, remaining = divmod(remaining, size)
            if count:
                parts.append(f"{count}\u00a0{self.labels['unit_' + unit]}")
        return " ".join(parts) if parts else f"0\u00a0{self.labels['unit_m']}"
