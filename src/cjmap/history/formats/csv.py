"""``--format csv``: one row per journey and commit, for a spreadsheet (written as
``analyze -f csv`` is: :mod:`cjmap.util.csvdoc`; text through ``csv_text``)."""

from __future__ import annotations

from cjmap.history.run import History
from cjmap.util.csvdoc import csv_document
from cjmap.util.numbers import (
    DATA,
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    SHARE_DIGITS,
    number_text,
)
from cjmap.util.textsafe import csv_text

COLUMNS = (
    "journey",
    "title",
    "commit",
    "date",
    "status",
    "changed",
    "file",
    "friction",
    "peak_end",
    "conversion",
    "coverage_touchpoints",
    "coverage_pain_points",
    "errors",
    "error",
    "subject",
)


def _figure(value: float | None, digits: int) -> str:
    return number_text(value, digits, style=DATA, none="")


def render(history: History, color: bool = False) -> str:
    rows: list[list[str]] = [list(COLUMNS)]
    for journey in history.journeys:
        for p in journey.points:
            rows.append(
                [
                    csv_text(journey.id),
                    csv_text(p.title or journey.title),
                    p.commit,
                    p.date,
                    p.status,
                    " ".join(p.changed),
                    csv_text(p.file or ""),
                    _figure(p.friction, FRICTION_DIGITS),
                    _figure(p.peak_end, EMOTION_DIGITS),
                    _figure(p.conversion, SHARE_DIGITS),
                    _figure(p.coverage_touchpoints, SHARE_DIGITS),
                    _figure(p.coverage_pain_points, SHARE_DIGITS),
                    str(p.errors),
                    csv_text(p.error or ""),
                    csv_text(p.subject),
                ]
            )
    return csv_document(rows)
