"""cjmap.util.numbers: every figure rounded once, half away from zero, and written one way."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.util.numbers import (
    DATA,
    EMOTION_DIGITS,
    ENGLISH,
    FRICTION_DIGITS,
    SHARE_DIGITS,
    NumberStyle,
    centred,
    duration_text,
    emotion_text,
    neutral_of,
    number_text,
    percent_text,
    rounded,
    scale_text,
    with_unit,
)

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (26.53, 1, "26.5"),  # the journey friction
        (26.25, 1, "26.3"),  # an exact binary tie: round() gives 26.2
        (20.25, 1, "20.3"),
        (1.725, 2, "1.73"),  # 1.72499999... in binary, 1.725 as people read it
        (0.15, 1, "0.2"),
        (2.675, 2, "2.68"),
        (-26.25, 1, "-26.3"),  # away from zero on both sides
        (0.09999999999999998, 4, "0.1"),  # the analyze CSV's old cell
        (-1.2999999999999998, 2, "-1.3"),
        (-0.04, 1, "0"),  # never "-0"
        (26.0, 1, "26"),  # trailing zeros dropped
        (100.0, 1, "100"),
    ],
)
def test_a_figure_is_rounded_half_away_from_zero(value: float, digits: int, shown: str) -> None:
    assert number_text(value, digits, style=DATA) == shown
    # The JSON holds the same figure: the float whose shortest form is the rounded decimal.
    assert rounded(value, digits) == float(shown)


@pytest.mark.parametrize(
    ("value", "digits", "signed", "shown"),
    [
        (-0.04, 1, True, "0"),  # a zero has no sign, rounded from either side
        (0.04, 1, True, "0"),
        (0.0, 2, True, "0"),
        (-0.0, 2, False, "0"),
        (1234.5, 1, True, "+1,234.5"),
        (-1234.5, 1, True, "-1,234.5"),
        (-1234567.25, 1, False, "-1,234,567.3"),
        (1000.0, 0, False, "1,000"),
        (120.0, 2, False, "120"),  # zeros of the whole part stay
        (0.5, 2, True, "+0.5"),
    ],
)
def test_a_sign_is_written_only_where_the_figure_has_one(
    value: float, digits: int, signed: bool, shown: str
) -> None:
    assert number_text(value, digits, signed=signed) == shown


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([FRICTION_DIGITS, EMOTION_DIGITS, SHARE_DIGITS]),
)
@settings(max_examples=500, deadline=None)
def test_writing_a_rounded_figure_never_changes_it(value: float, digits: int) -> None:
    """The JSON holds the rounded figure; every other output writes it or the unrounded value
    with the same precision, and both read the same: there is no second rounding."""
    once = rounded(value, digits)
    assert once is not None
    assert number_text(once, digits) == number_text(value, digits)
    assert rounded(once, digits) == once


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
@settings(max_examples=300, deadline=None)
def test_a_percentage_is_the_rounded_share_times_100(share: float) -> None:
    once = rounded(share, SHARE_DIGITS)
    assert once is not None
    assert percent_text(once) == percent_text(share)
    shown = float(percent_text(share).removesuffix("%").replace(",", ""))
    assert math.isclose(shown, once * 100, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("style", "shown"),
    [
        (ENGLISH, "52,000"),  # en, zh
        (NumberStyle(decimal=",", group=NNBSP), f"52{NNBSP}000"),  # ru, cs
        (NumberStyle(decimal=",", group="."), "52.000"),  # el
        (DATA, "52000"),  # CSV
    ],
)
def test_thousands_are_grouped_as_the_language_groups_them(style: NumberStyle, shown: str) -> None:
    assert number_text(52000, 0, style=style) == shown


def test_grouping_and_decimals_together() -> None:
    assert number_text(1234567.25, 1) == "1,234,567.3"
    assert number_text(-1234.5, 1, style=NumberStyle(decimal=",", group=".")) == "-1.234,5"
    assert number_text(999, 0) == "999"
    assert percent_text(0.42345) == "42.35%"
    assert percent_text(1.0) == "100%"


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (6 * 24 * 60, f"6{NBSP}d"),  # analyze printed "6days"-like glued units
        (45, f"45{NBSP}min"),
        (7 * 24 * 60 + 60 + 5, f"1{NBSP}w 1{NBSP}h 5{NBSP}min"),
        (0, f"0{NBSP}min"),
        (1000 * 7 * 24 * 60, f"1,000{NBSP}w"),
    ],
)
def test_a_duration_puts_a_space_before_each_unit(minutes: int, shown: str) -> None:
    assert duration_text(minutes) == shown


def test_a_duration_in_another_language() -> None:
    units = {"w": "нед.", "d": "дн.", "h": "ч", "m": "мин"}
    assert duration_text(6 * 24 * 60 + 30, units=units) == f"6{NBSP}дн. 30{NBSP}мин"


@pytest.mark.parametrize(
    ("unit", "shown"),
    [("days", f"6{NBSP}days"), ("%", "6%"), ("‰", "6‰"), (None, "6"), ("", "6")],
)
def test_a_unit_follows_its_number(unit: str | None, shown: str) -> None:
    assert with_unit("6", unit) == shown


@pytest.mark.parametrize(
    ("scale", "neutral", "is_centred", "shown"),
    [
        ((-2, 2), 0, True, "-2 – 2"),
        ((1, 5), 3, False, "1–5"),
        ((0, 10), 5, False, "0–10"),
        ((-3, 1), -1, False, "-3 – 1"),
    ],
)
def test_a_scale_knows_its_neutral_point(
    scale: tuple[int, int], neutral: float, is_centred: bool, shown: str
) -> None:
    assert neutral_of(scale) == neutral
    assert centred(scale) is is_centred
    assert scale_text(scale) == shown


@pytest.mark.parametrize(
    ("value", "scale", "bare", "named"),
    [
        (1.725, (1, 5), "1.73", "1.73 on 1–5"),  # below neutral on 1..5: no plus sign
        (3.0, (1, 5), "3", "3 on 1–5"),  # a persona card once showed "+3"
        (1.5, (-2, 2), "+1.5", "+1.5 on -2 – 2"),
        (-0.4, (-2, 2), "-0.4", "-0.4 on -2 – 2"),
        (5.5, (0, 10), "5.5", "5.5 on 0–10"),
        (0.0, (-3, 1), "0", "0 on -3 – 1"),  # above neutral (-1), yet no sign
    ],
)
def test_an_emotion_is_shown_against_its_own_scale(
    value: float, scale: tuple[int, int], bare: str, named: str
) -> None:
    assert emotion_text(value, scale) == bare
    assert emotion_text(value, scale, with_scale=True) == named
    assert emotion_text(None, scale) == "–"


def test_a_huge_figure_is_written_whole_not_a_crash() -> None:
    assert number_text(1e30, 2) == "1," + ",".join(["000"] * 10)
    assert rounded(1e30, 2) == 1e30
    assert number_text(-2.5e20, 1, style=DATA) == "-250000000000000000000"
    assert number_text(float("inf"), 1) == "∞"
    assert rounded(float("-inf"), 1) == float("-inf")
