"""How every figure is rounded and written: one place for ``analyze``, ``render`` and ``diff``.

A figure is rounded once, from its unrounded value, to the precision of its kind (friction
to 1 decimal, emotion to 2, shares to 4, that is percentages to 2, scores to 2), half away
from zero on the decimal digits people read (``26.25`` → ``26.3``, ``0.15`` → ``0.2``), not
half to even on the binary float. Writing a figure that is already rounded to its kind's
precision gives it back unchanged, so the JSON value, the table cell and the page read the
same. Emotion figures are written against their own scale (:func:`emotion_text`).
See docs/analysis.md ("Rounding in the output").
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

FRICTION_DIGITS = 1
"""Friction (0..100): journey, stage, touchpoint and owner."""
EMOTION_DIGITS = 2
"""Emotion: values, stage means, deltas, best/worst/end and peak-end."""
SHARE_DIGITS = 4
"""Shares from 0 to 1 (conversion, completion, coverage, weights): 4 decimals, which is a
percentage with 2."""
SCORE_DIGITS = 2
"""Opportunity and pain point scores, and friction points in an explanation."""
PART_DIGITS = 4
"""The parts of a touchpoint's friction (each 0..1) in an explanation."""

NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"
MINUS_SIGN = "\u2212"


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How a language writes numbers: the decimal mark, the thousands separator (empty for
    none), the minus sign and the pattern of a percentage."""

    decimal: str = "."
    group: str = ""
    minus: str = "-"
    percent: str = "{n}%"


DATA = NumberStyle()
"""Numbers as data (CSV cells): ``1234.5``, ``-0.25``; no grouping, ASCII minus."""
ENGLISH = NumberStyle(group=",")
"""The reports of ``analyze`` and ``diff``, written in English: ``52,000``, ``-0.25``."""

DURATION_UNITS: Mapping[str, str] = {"w": "w", "d": "d", "h": "h", "m": "min"}
"""English units of a duration (week, day, hour, minute)."""


@functools.lru_cache(maxsize=4096)
def rounded_decimal(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals, half away from zero, on the shortest decimal
    that reads back as the same float (``repr``), so ``0.15`` rounds to ``0.2``; never −0.
    An infinite value (only possible from an absurd input) is returned as it is.

    Remembered: a report rounds the same few values (emotions, scores, shares) many times
    over, and a Decimal is immutable."""
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        return exact
    # Enough precision for every digit of a large value (1e30 with 2 decimals has 33).
    needed = exact.adjusted() + digits + 2
    context = _CONTEXT if needed <= _CONTEXT.prec else Context(prec=needed)
    result = exact.quantize(
        _STEPS[digits] if digits in _STEPS else Decimal(1).scaleb(-digits), ROUND_HALF_UP, context
    )
    return result.copy_abs() if result.is_zero() else result


_CONTEXT = Context(prec=28)
_STEPS = {digits: Decimal(1).scaleb(-digits) for digits in range(7)}


def rounded(value: float | None, digits: int) -> float | None:
    """``value`` rounded once for machine-readable output (JSON): a float whose shortest form
    is the rounded decimal; ``None`` stays ``None``."""
    if value is None:
        return None
    return _rounded_float(value, digits)


@functools.lru_cache(maxsize=4096)
def _rounded_float(value: float, digits: int) -> float:
    return float(rounded_decimal(value, digits))


def number_text(
    value: float | None,
    digits: int,
    *,
    style: NumberStyle = ENGLISH,
    signed: bool = False,
    none: str = "–",
) -> str:
    """``value`` for people: rounded to ``digits`` decimals (see :func:`rounded_decimal`),
    trailing zeros dropped, thousands grouped and marks as ``style`` writes them; with
    ``signed``, a plus sign before a positive value; ``none`` for ``None``."""
    if value is None:
        return none
    return _decimal_text(rounded_decimal(value, digits), style, signed=signed)


def _decimal_text(value: Decimal, style: NumberStyle, *, signed: bool = False) -> str:
    if not value.is_finite():
        return ("-" if value < 0 else "") + "∞" if value.is_infinite() else "NaN"
    text = f"{value:f}"
    negative = text[0] == "-"
    if negative:
        text = text[1:]
    whole, dot, fraction = text.partition(".")
    if dot:
        fraction = fraction.rstrip("0")
    if style.group and len(whole) > 3:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = style.group.join(groups)
    body = whole + (style.decimal + fraction if fraction else "")
    if value.is_zero():  # no sign, rounded from either side
        return body
    if negative:
        return style.minus + body
    return "+" + body if signed else body


def percent_text(share: float | None, *, style: NumberStyle = ENGLISH, none: str = "–") -> str:
    """A share (0..1) as a percentage: the share rounded to :data:`SHARE_DIGITS` and times
    100 exactly (``0.42345`` → ``42.35%``)."""
    if share is None:
        return none
    percentage = rounded_decimal(share, SHARE_DIGITS).scaleb(2)
    return style.percent.format(n=_decimal_text(percentage, style))


def points_text(share_delta: float, *, style: NumberStyle = ENGLISH) -> str:
    """A difference of two shares in percentage points, unsigned (``0.06`` → ``6``)."""
    return _decimal_text(rounded_decimal(abs(share_delta), SHARE_DIGITS).scaleb(2), style)


def duration_text(
    minutes: float | None,
    *,
    units: Mapping[str, str] = DURATION_UNITS,
    style: NumberStyle = ENGLISH,
    none: str = "–",
) -> str:
    """A number of minutes in weeks, days, hours and minutes, each count and its unit joined
    by a no-break space: ``2 w 3 d``, ``45 min``."""
    if minutes is None:
        return none
    remaining = int(rounded_decimal(minutes, 0))
    parts: list[str] = []
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{_decimal_text(Decimal(count), style)}{NO_BREAK_SPACE}{units[unit]}")
    return " ".join(parts) if parts else f"0{NO_BREAK_SPACE}{units['m']}"


def with_unit(text: str, unit: str | None, *, space: str = NO_BREAK_SPACE) -> str:
    """A number and its unit: ``6 days`` (a no-break space between, or ``space``), ``92%``
    and ``5‰`` (no space before a percent or per-mille sign)."""
    if not unit:
        return text
    if unit in {"%", "‰", "°"}:
        return text + unit
    return f"{text}{space}{unit}"


# --- emotion, on its own scale ---------------------------------------------------------------


def neutral_of(scale: tuple[int, int]) -> float:
    """The neutral point of an emotion scale: its midpoint (0 on -2..2, 3 on 1..5)."""
    low, high = scale
    return (low + high) / 2


def centred(scale: tuple[int, int]) -> bool:
    """Whether the scale's neutral point is 0, where a sign says which side a value is on."""
    return neutral_of(scale) == 0


def scale_text(scale: tuple[int, int], *, style: NumberStyle = ENGLISH) -> str:
    """A scale as a range: ``1–5``; spaced when a bound is negative: ``-2 – 2``."""
    low, high = scale
    low_text = _decimal_text(Decimal(low), style)
    high_text = _decimal_text(Decimal(high), style)
    joiner = " – " if low < 0 or high < 0 else "–"
    return f"{low_text}{joiner}{high_text}"


def emotion_text(
    value: float | None,
    scale: tuple[int, int],
    *,
    style: NumberStyle = ENGLISH,
    with_scale: bool = False,
    on: str = "{value} on {scale}",
    none: str = "–",
) -> str:
    """An emotion figure on ``scale``: a plus sign only where the scale is centred on 0
    (``+1.5``; ``1.73`` on 1..5, where 3 is neutral); with ``with_scale``, the scale named
    (``1.73 on 1–5``, ``+1.5 on -2 – 2``), so figures on different scales never pass for
    comparable."""
    if value is None:
        return none
    text = number_text(value, EMOTION_DIGITS, style=style, signed=centred(scale))
    if not with_scale:
        return text
    return on.format(value=text, scale=scale_text(scale, style=style))
