"""What the formats of ``cjmap history`` share: how a point's figures and dates are written
(through :mod:`cjmap.util.numbers`, as ``analyze`` writes them) and the friction sparkline."""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.analysis.formats.common import sparkline
from cjmap.history.run import OK, History, JourneyHistory, Point
from cjmap.util.numbers import EMOTION_DIGITS, FRICTION_DIGITS, number_text, percent_text

FRICTION_SCALE = (0, 100)
"""Friction runs from 0 to 100: the sparkline's bottom and top."""

SHORT = 8
"""The characters of a commit id shown to people."""


def short(commit: str) -> str:
    return commit[:SHORT]


def day(point: Point) -> str:
    """The commit's date (committer date, the commit's own time zone) as YYYY-MM-DD."""
    return point.date[:10]


def friction_text(value: float | None) -> str:
    return number_text(value, FRICTION_DIGITS)


def peak_end_text(value: float | None) -> str:
    return number_text(value, EMOTION_DIGITS)


def share_text(value: float | None) -> str:
    return percent_text(value)


def status_text(point: Point) -> str:
    """``ok``; ``invalid (N errors)``; ``removed``."""
    if point.status == "invalid":
        return f"invalid ({point.errors} error{'s' * (point.errors != 1)})"
    return point.status


def friction_sparkline(journey: JourneyHistory) -> str:
    """One block per point, ▁ (0) to █ (100); ``·`` where the journey was invalid or
    removed."""
    return sparkline([p.friction if p.status == OK else None for p in journey.points],
                     FRICTION_SCALE)  # fmt: skip


def trend(journey: JourneyHistory) -> str:
    """The first and last friction with their dates: ``12.5 (2026-01-02) → 20 (2026-03-04)``
    (empty when the journey never validated)."""
    valued = [p for p in journey.valued() if p.friction is not None]
    if not valued:
        return ""
    first, last = valued[0], valued[-1]
    if first is last:
        return f"{friction_text(first.friction)} ({day(first)})"
    return (
        f"{friction_text(first.friction)} ({day(first)}) → "
        f"{friction_text(last.friction)} ({day(last)})"
    )


def heading(history: History) -> str:
    """What was read: the journeys, the commits, the revisions."""
    count = len(history.journeys)
    parts = [
        f"{count} journey{'s' * (count != 1)} over {history.commits} "
        f"commit{'s' * (history.commits != 1)} that changed the workspace's folder",
        f"up to {short(history.tip)}",
    ]
    if history.base is not None:
        parts.append(f"after {short(history.base)}")
    if history.since is not None:
        parts.append(f"since {history.since}")
    return ", ".join(parts)


def columns(points: Sequence[Point]) -> list[list[str]]:
    """The cells every table of points shows (text and Markdown), journey text unescaped."""
    return [
        [
            day(p),
            short(p.commit),
            status_text(p),
            friction_text(p.friction),
            peak_end_text(p.peak_end),
            share_text(p.conversion),
            evidence_text(p),
            ", ".join(p.changed),
            p.subject,
        ]
        for p in points
    ]


HEADERS = (
    "Date",
    "Commit",
    "Status",
    "Friction",
    "Peak-end",
    "Conversion",
    "Evidence",
    "Changed",
    "Commit message",
)
NUMERIC = ("Friction", "Peak-end", "Conversion", "Evidence")
EVIDENCE_NOTE = (
    "Evidence: the share of touchpoints, then of pain points, that cite a source "
    "(cjmap analyze's evidence coverage)."
)


def evidence_text(point: Point) -> str:
    """Evidence coverage of touchpoints and pain points: ``80% / 100%`` (empty when the
    journey has no numbers at that commit)."""
    if point.status != OK:
        return ""
    return f"{share_text(point.coverage_touchpoints)} / {share_text(point.coverage_pain_points)}"
