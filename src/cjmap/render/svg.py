"""Geometry of the emotion curve: pure functions from values to SVG coordinates and paths.

The curve sits in one row of the map, under columns of equal width, so a touchpoint's point
is drawn at the centre of its column. Values come from the analysis; nothing here computes
an emotion, it only places them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.util.numbers import (
    EMOTION_DIGITS,
    MINUS_SIGN,
    NumberStyle,
    centred,
    neutral_of,
    number_text,
)

SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")
"""Marker shapes, one per persona in order (colour is never the only signal)."""

DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
"""Stroke dash patterns, one per persona in order."""

EXPECTED_SHAPE = "cross"
"""The marker of an expected line: a shape no felt line uses."""
EXPECTED_DASH = "4 4"
"""The dash of an expected line (a felt line's dash stays its persona's)."""

COLUMN_WIDTH = 208
"""Width of one touchpoint column in SVG units (the map's columns scale with it)."""

HEIGHT = 232
PAD_TOP = 30
PAD_BOTTOM = 26
MARKER_RADIUS = 5.5


@dataclass(frozen=True, slots=True)
class Marker:
    """One point of a series: where it is drawn, its shape's path and its label."""

    x: float
    y: float
    path: str
    label: str
    label_y: float
    title: str


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the curve: a persona, the combined curve, or the improved journey's."""

    key: str
    name: str
    index: int
    shape: str
    dash: str
    segments: tuple[str, ...]
    markers: tuple[Marker, ...]
    legend_marker: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A horizontal grid line at a value of the emotion scale."""

    y: float
    label: str
    neutral: bool


@dataclass(frozen=True, slots=True)
class Curve:
    """Everything the template needs to draw the emotion curve."""

    width: float
    height: float
    ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    background: tuple[Series, ...]
    combined: Series | None
    moments: tuple[float, ...]
    stage_bounds: tuple[float, ...]
    expected: tuple[Series, ...] = ()
    """The second curve: what customers expected, one line per felt line that has one."""
    gaps: tuple[str, ...] = ()
    """Path data of the gaps: at each point, a line from what was felt to what was expected."""


def fmt(number: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable output)."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def column_x(index: int, width: float = COLUMN_WIDTH) -> float:
    """The x of the centre of column ``index``."""
    return (index + 0.5) * width


def value_y(value: float, scale: tuple[int, int], height: float = HEIGHT) -> float:
    """The y of ``value`` on ``scale`` (the highest value at the top)."""
    low, high = scale
    plot = height - PAD_TOP - PAD_BOTTOM
    share = (high - value) / (high - low)
    return PAD_TOP + max(0.0, min(1.0, share)) * plot


def marker_path(shape: str, x: float, y: float, r: float = MARKER_RADIUS) -> str:
    """An SVG path of a marker ``shape`` centred on (x, y) with radius ``r``."""
    if shape == "cross":
        # An × drawn as a filled outline, so it reads as a marker like the others.
        a, b = r * 1.1, r * 0.35
        arms = ((-a, -a + b), (-a + b, -a), (0.0, -b), (a - b, -a), (a, -a + b), (b, 0.0))
        outline = [*arms, *((-dx, -dy) for dx, dy in arms)]
        return "M" + "L".join(f"{fmt(x + dx)} {fmt(y + dy)}" for dx, dy in outline) + "Z"
    if shape == "square":
        s = r * 0.9
        return f"M{fmt(x - s)} {fmt(y - s)}h{fmt(2 * s)}v{fmt(2 * s)}h{fmt(-2 * s)}Z"
    if shape == "diamond":
        s = r * 1.25
        corners = ((x, y - s), (x + s, y), (x, y + s), (x - s, y))
        return "M" + "L".join(f"{fmt(px)} {fmt(py)}" for px, py in corners) + "Z"
    if shape in {"triangle", "triangle-down", "hexagon"}:
        sides = 6 if shape == "hexagon" else 3
        start = -math.pi / 2 if shape != "triangle-down" else math.pi / 2
        radius = r * (1.1 if sides == 6 else 1.35)
        points = [
            (
                x + radius * math.cos(start + 2 * math.pi * k / sides),
                y + radius * math.sin(start + 2 * math.pi * k / sides),
            )
            for k in range(sides)
        ]
        body = "L".join(f"{fmt(px)} {fmt(py)}" for px, py in points)
        return f"M{body}Z"
    # A circle as two arcs, so every marker is one path.
    return (
        f"M{fmt(x - r)} {fmt(y)}a{fmt(r)} {fmt(r)} 0 1 0 {fmt(2 * r)} 0"
        f"a{fmt(r)} {fmt(r)} 0 1 0 {fmt(-2 * r)} 0Z"
    )


def segments(points: Sequence[tuple[float, float] | None]) -> list[str]:
    """Path data for the runs of consecutive points; a None (a gap) breaks the line.

    A run of one point has no line (its marker shows it)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(point)
    return ["M" + "L".join(f"{fmt(x)} {fmt(y)}" for x, y in run) for run in runs if len(run) > 1]


def dodge(index: int, count: int, spread: float = 15.0) -> float:
    """Horizontal offset of series ``index`` of ``count``, so equal values stay visible."""
    if count <= 1:
        return 0.0
    step = min(spread, 60.0 / (count - 1))
    return (index - (count - 1) / 2) * step


# U+2212, the typographic minus, as in the rest of the map.
SVG_NUMBERS = NumberStyle(minus=MINUS_SIGN)
"""How the curve writes numbers unless told the page's locale."""


def value_label(value: float, signed: bool = True, style: NumberStyle = SVG_NUMBERS) -> str:
    """A value as shown next to its point, with the precision of every emotion figure and the
    page's number ``style``; on a scale around zero (``signed``), positive values with a plus
    sign."""
    return number_text(value, EMOTION_DIGITS, style=style, signed=signed)


@dataclass(frozen=True, slots=True)
class SeriesInput:
    """One line to draw: its values in column order (None: a gap) and its names. Columns
    in ``skip`` are not on this line (another path's touchpoints, or a touchpoint for other
    personas): the line passes them by without a point and without a break."""

    key: str
    name: str
    values: tuple[float | None, ...]
    point_titles: tuple[str, ...]
    skip: frozenset[int] = frozenset()


def build_series(
    line: SeriesInput,
    index: int,
    count: int,
    scale: tuple[int, int],
    *,
    labelled: bool = True,
    style_index: int | None = None,
    numbers: NumberStyle = SVG_NUMBERS,
    expected: bool = False,
) -> Series:
    """Place one line: its segments (broken at gaps) and its markers (small and without
    labels unless ``labelled``); an ``expected`` line has the × marker and its own dash."""
    style = index if style_index is None else style_index
    shape = EXPECTED_SHAPE if expected else SHAPES[style % len(SHAPES)]
    dash = EXPECTED_DASH if expected else DASHES[style % len(DASHES)]
    offset = dodge(index, count)
    points: list[tuple[float, float] | None] = []
    markers: list[Marker] = []
    neutral = neutral_of(scale)
    for column, value in enumerate(line.values):
        if column in line.skip:
            continue
        if value is None:
            points.append(None)
            continue
        x = column_x(column) + offset
        y = value_y(value, scale)
        points.append((x, y))
        label_y = y - 10 if value >= neutral else y + 17
        title = line.point_titles[column] if column < len(line.point_titles) else ""
        markers.append(
            Marker(
                x=float(fmt(x)),
                y=float(fmt(y)),
                path=marker_path(shape, x, y, MARKER_RADIUS if labelled else 3.0),
                label=value_label(value, centred(scale), numbers) if labelled else "",
                label_y=float(fmt(label_y)),
                title=title,
            )
        )
    return Series(
        key=line.key,
        name=line.name,
        index=style,
        shape=shape,
        dash=dash,
        segments=tuple(segments(points)),
        markers=tuple(markers),
        legend_marker=marker_path(shape, 12, 8, 4.5),
    )


def build_curve(
    lines: Sequence[SeriesInput],
    scale: tuple[int, int],
    columns: int,
    *,
    background: Sequence[tuple[SeriesInput, tuple[int, int]]] = (),
    moments: Sequence[int] = (),
    stage_starts: Sequence[int] = (),
    combined: SeriesInput | None = None,
    numbers: NumberStyle = SVG_NUMBERS,
    expected: Sequence[tuple[SeriesInput, int]] = (),
) -> Curve:
    """The whole curve: one labelled line per persona, an optional unlabelled combined line,
    faint background lines (each on its own scale), grid lines at each whole value of the
    scale, moments of truth and stage boundaries (both as column indexes); and the second
    curve, ``expected``: each line with the index in ``lines`` of the felt line it goes
    with, drawn in that line's colour and place with the × marker and its own dash, and a
    gap line at every point where both have a value."""
    width = max(columns, 1) * COLUMN_WIDTH
    low, high = scale
    step = max(1, math.ceil((high - low) / 10))
    neutral = neutral_of((low, high))
    ticks = [
        Tick(float(fmt(value_y(v, scale))), value_label(v, centred(scale), numbers), v == neutral)
        for v in range(low, high + 1, step)
    ]
    if neutral not in range(low, high + 1, step):
        ticks.append(
            Tick(
                float(fmt(value_y(neutral, scale))),
                value_label(neutral, centred(scale), numbers),
                True,
            )
        )
    series = [
        build_series(line, i, len(lines), scale, numbers=numbers) for i, line in enumerate(lines)
    ]
    behind = [
        build_series(line, 0, 1, own_scale, labelled=False, style_index=0)
        for line, own_scale in background
    ]
    mean = (
        build_series(combined, 0, 1, scale, labelled=False, style_index=0)
        if combined is not None
        else None
    )
    second = []
    gaps = []
    for line, felt in expected:
        drawn = build_series(
            line, felt, len(lines), scale, labelled=False, numbers=numbers, expected=True
        )
        second.append(drawn)
        offset = dodge(felt, len(lines))
        for column, (was, hoped) in enumerate(zip(lines[felt].values, line.values, strict=False)):
            if was is not None and hoped is not None and was != hoped:
                x = fmt(column_x(column) + offset)
                top, bottom = fmt(value_y(hoped, scale)), fmt(value_y(was, scale))
                gaps.append(f"M{x} {top}V{bottom}")
    return Curve(
        width=float(width),
        height=float(HEIGHT),
        ticks=tuple(sorted(ticks, key=lambda t: t.y)),
        series=tuple(series),
        background=tuple(behind),
        combined=mean,
        moments=tuple(float(fmt(column_x(c))) for c in moments),
        stage_bounds=tuple(float(c * COLUMN_WIDTH) for c in stage_starts if c > 0),
        expected=tuple(second),
        gaps=tuple(gaps),
    )
