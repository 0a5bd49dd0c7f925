"""UI labels of rendered maps, one message file per locale, and locale-aware number format.

The files live in ``cjmap/render/locales/<locale>.json``. English is complete; a key missing
from another locale falls back to English, so a new label never breaks a render.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    MINUS_SIGN,
    SCORE_DIGITS,
    NumberStyle,
    duration_text,
    emotion_text,
    number_text,
    percent_text,
    scale_text,
    with_unit,
)

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
    """Numbers, shares and durations written the way a locale writes them, rounded by the one
    function every output uses (:mod:`cjmap.util.numbers`)."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.style = NumberStyle(
            decimal=labels["decimal"],
            group=labels["group"],
            minus=MINUS_SIGN,
            percent=labels["percent"],
        )
        self._units = {unit: labels[f"unit_{unit}"] for unit in ("w", "d", "h", "m")}

    def num(self, value: float | None, digits: int = 1, *, signed: bool = False) -> str:
        """``value`` with at most ``digits`` decimals (trailing zeros dropped), thousands
        grouped; ``—`` for None."""
        return number_text(value, digits, style=self.style, signed=signed, none="—")

    def count(self, value: int | None) -> str:
        """A whole number such as a sample size, grouped (``52,000``; ``52 000`` in ru)."""
        return self.num(value, 0)

    def friction(self, value: float | None) -> str:
        """A friction score (0..100) with the precision it has in every output."""
        return self.num(value, FRICTION_DIGITS)

    def score(self, value: float | None) -> str:
        """A pain point's or an opportunity's score."""
        return self.num(value, SCORE_DIGITS)

    def emotion(
        self, value: float | None, scale: tuple[int, int], *, with_scale: bool = False
    ) -> str:
        """An emotion figure against its own scale (a sign only on a scale centred on 0);
        with ``with_scale``, the scale named (``1.73 on 1–5``)."""
        return emotion_text(
            value,
            scale,
            style=self.style,
            with_scale=with_scale,
            on=self.labels["on_scale"],
            none="—",
        )

    def delta(self, value: float | None) -> str:
        """A change of emotion, always signed."""
        return self.num(value, EMOTION_DIGITS, signed=True)

    def scale(self, scale: tuple[int, int]) -> str:
        """An emotion scale as a range (``1–5``)."""
        return scale_text(scale, style=self.style)

    def pct(self, share: float | None, digits: int | None = None) -> str:
        """A share (0..1) as a percentage with the precision it has in every output; ``—``
        for None. ``digits`` (for custom templates) rounds the percentage to fewer decimals."""
        if digits is None or share is None:
            return percent_text(share, style=self.style, none="—")
        return self.labels["percent"].format(n=self.num(share * 100, digits))

    def minutes(self, total: int | float | None) -> str:
        """A duration in minutes as weeks, days, hours and minutes (``2 w 3 d``)."""
        return duration_text(total, units=self._units, style=self.style, none="—")

    def measured(self, value: float | None, unit: str | None) -> str:
        """A metric's value with its unit (``6 days``, ``92%``); ``—`` for None."""
        return "—" if value is None else with_unit(self.num(value, SCORE_DIGITS), unit)
