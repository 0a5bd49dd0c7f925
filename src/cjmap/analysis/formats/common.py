"""What every format of ``cjmap analyze`` shares: the report they show, the way they write
its numbers, and the way a report is made one journey at a time.

Each format module has ``part(analysis, options) -> Part`` (what one journey adds: a small
``summary`` kept for the ranking or the header, and its ``body``, written in file order) and
``write(bodies, summaries, meta, options)``, the pieces of the whole output. ``render(report,
color)`` is those two over analyses held in memory; ``analyze`` on a workspace makes each part
in a worker as soon as the journey is analysed (:mod:`cjmap.analysis.stream`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from cjmap.analysis.run import Curve, JourneyAnalysis, WorkspaceAnalysis
from cjmap.util.numbers import (
    FRICTION_DIGITS,
    SCORE_DIGITS,
    emotion_text,
    number_text,
    percent_text,
    with_unit,
)

SPARKS = "▁▂▃▄▅▆▇█"

GAP = "·"


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    """What ``cjmap analyze`` shows: the analyses, the target files left out because they
    do not validate, and whether to explain each friction number with its parts."""

    analysis: WorkspaceAnalysis
    skipped: tuple[str, ...] = ()
    explain: bool = False


@dataclass(frozen=True, slots=True)
class Options:
    """How the parts are written: with ``explain``, in colour, (text) for a width, and (csv)
    as the opportunity portfolio instead of one row per touchpoint."""

    explain: bool = False
    color: bool = False
    width: int = 100
    portfolio: bool = False


@dataclass(frozen=True, slots=True)
class Meta:
    """What the output says besides the journeys: the persona the curves show, and the
    target files left out because they do not validate."""

    persona: str | None = None
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """What one journey adds to the output: a small ``summary`` and its ``body``."""

    summary: Any
    body: Any


def render_with(module: ModuleType, report: AnalyzeReport, options: Options) -> str:
    """The whole output of a format's module for analyses held in memory."""
    parts = [module.part(a, options) for a in report.analysis.journeys]
    meta = Meta(report.analysis.persona, report.skipped)
    pieces: Iterator[str] = module.write(
        (p.body for p in parts), [p.summary for p in parts], meta, options
    )
    return "".join(pieces)


def one_final_newline(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` with the line breaks at the very end made exactly one."""
    pending = ""
    for piece in pieces:
        text = pending + piece
        kept = text.rstrip("\n")
        if kept:
            yield kept
        pending = text[len(kept) :]
    yield "\n"


def sparkline(values: Sequence[float | None], scale: tuple[int, int]) -> str:
    """One block per point, from ▁ (the bottom of the scale) to █ (its top); ``·`` a gap."""
    low, high = scale
    span, top = high - low, len(SPARKS) - 1
    return "".join(
        GAP if value is None else SPARKS[min(top, max(0, round((value - low) / span * top)))]
        for value in values
    )


def curve_sparkline(curve: Curve, analysis: JourneyAnalysis) -> str:
    """A curve as sparklines, one group per stage with points, a space between groups
    (empty when the curve has no points)."""
    by_stage: dict[str, list[float | None]] = {}
    for point in curve.points:
        by_stage.setdefault(point.stage, []).append(point.value)
    groups = (by_stage.get(stage.id) for stage in analysis.journey.stages)
    return " ".join(sparkline(values, analysis.scale) for values in groups if values)


def measured(value: float | None, unit: str | None) -> str:
    """A metric's value with its unit: ``6 days``, ``92%``; ``–`` when there is none."""
    if value is None:
        return "–"
    return with_unit(number_text(value, SCORE_DIGITS), unit)


PATH_COLUMNS = (
    "Path",
    "Branches from",
    "Rejoins at",
    "Share",
    "Conversion",
    "Biggest drop-off",
    "Friction",
    "Peak-end",
)
"""The headers of the paths table (:func:`path_rows`), in every format that has one."""
PATH_NUMBERS = (3, 4, 6, 7)
"""The positions of its columns of figures (right-aligned)."""


def path_rows(analysis: JourneyAnalysis) -> list[tuple[str, ...]]:
    """The main path and each alternative path as text cells: the path (id and name), where
    it branches from, where it rejoins ("ends the journey" when it does not), its share,
    conversion, biggest drop-off (touchpoint and share lost), friction and peak-end."""
    rows: list[tuple[str, ...]] = []
    for route in (analysis.paths.main, *analysis.paths.paths):
        funnel = route.funnel
        biggest = funnel.biggest_dropoff
        if route.id is None:
            label, start, end = "main path", "", ""
        else:
            label = f"{route.id} ({route.name})"
            start = route.branches_from or ""
            end = route.rejoins if route.rejoins is not None else "ends the journey"
        rows.append(
            (
                label,
                start,
                end,
                percent_text(route.share) if route.share is not None else "",
                percent_text(funnel.conversion),
                f"{biggest.touchpoint} ({percent_text(biggest.lost)})" if biggest else "—",
                number_text(route.friction, FRICTION_DIGITS),
                emotion_text(route.peak_end, analysis.scale),
            )
        )
    return rows
