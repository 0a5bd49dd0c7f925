"""The index's friction trend lines (``render --history``): each journey's friction over its
git history as a small SVG line, with its first and last value and their dates as text.

The history is :func:`cjmap.history.run.history`'s: the numbers are ``analyze``'s at each
commit. A journey that did not validate at a commit, or was removed, breaks the line there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.history.run import History
    from cjmap.render.context import IndexRow
    from cjmap.render.messages import Formatter

WIDTH = 160
HEIGHT = 36
PAD = 3
"""The drawing's size in CSS pixels, and the room kept around the line for its dots."""


@dataclass(frozen=True, slots=True)
class Trend:
    """A journey's friction at each of its points (None: invalid or removed there), with the
    commit dates; plain values, so it crosses processes."""

    id: str
    dates: tuple[str, ...]
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One journey's trend as the index draws it."""

    id: str
    title: str
    href: str
    lang: str
    segments: tuple[str, ...]
    """SVG ``points`` lists, one per unbroken run of the line."""
    dots: tuple[tuple[str, str], ...]
    text: str
    """The text alternative: first and last friction with their dates."""
    width: int = WIDTH
    height: int = HEIGHT


def trends_of(history: History) -> tuple[Trend, ...]:
    """The trend of every journey of ``history``."""
    return tuple(
        Trend(
            journey.id,
            tuple(p.date[:10] for p in journey.points),
            tuple(p.friction if p.status == "ok" else None for p in journey.points),
        )
        for journey in history.journeys
    )


def trend_rows(
    trends: Sequence[Trend], journeys: Sequence[IndexRow], fmt: Formatter
) -> tuple[TrendRow, ...]:
    """A row for each journey of the index (in its order), drawn from its trend."""
    by_id: Mapping[str, Trend] = {trend.id: trend for trend in trends}
    rows = []
    for journey in journeys:
        trend = by_id.get(journey.id)
        segments, dots = _geometry(trend.values if trend else ())
        rows.append(
            TrendRow(
                journey.id,
                journey.title,
                journey.href,
                journey.lang,
                segments,
                dots,
                _text(trend, fmt),
            )
        )
    return tuple(rows)


def _geometry(
    values: Sequence[float | None],
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The line's runs and its dots: x by order of commit, y from friction 0 (bottom) to
    100 (top)."""
    count = len(values)
    step = (WIDTH - 2 * PAD) / (count - 1) if count > 1 else 0.0
    segments: list[str] = []
    run: list[str] = []
    dots: list[tuple[str, str]] = []
    for index, value in enumerate(values):
        if value is None:
            if len(run) > 1:
                segments.append(" ".join(run))
            run = []
            continue
        x = round(PAD + index * step if count > 1 else WIDTH / 2, 1)
        y = round(HEIGHT - PAD - (min(max(value, 0.0), 100.0) / 100) * (HEIGHT - 2 * PAD), 1)
        run.append(f"{x:g},{y:g}")
        dots.append((f"{x:g}", f"{y:g}"))
    if len(run) > 1:
        segments.append(" ".join(run))
    return tuple(segments), tuple(dots)


def _text(trend: Trend | None, fmt: Formatter) -> str:
    labels = fmt.labels
    if trend is None:
        return str(labels["no_history"])
    valued = [(d, v) for d, v in zip(trend.dates, trend.values, strict=True) if v is not None]
    if not valued:
        return str(labels["no_history"])
    (first_date, first), (last_date, last) = valued[0], valued[-1]
    if len(valued) == 1:
        return f"{fmt.friction(first)} ({first_date})"
    return f"{fmt.friction(first)} ({first_date}) → {fmt.friction(last)} ({last_date})"
