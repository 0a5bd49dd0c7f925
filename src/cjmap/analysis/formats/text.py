"""``--format text``: tables and sparklines for a terminal or a CI log, laid out here as plain
aligned text (no terminal library: drawing a thousand journeys' tables must cost less than
analysing them).

Every piece of journey text goes through ``escape_control`` before it is laid out, and the
whole output through ``guard_line_starts``: a title cannot style the output, forge terminal
escapes or start a line with a CI command. Colour (bold, dim, red, green) is added only when
asked for, around text already escaped. Widths are terminal cells: East Asian wide
characters count two, combining marks and zero-width characters none.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from cjmap.analysis.formats.common import (
    PATH_COLUMNS,
    PATH_NUMBERS,
    AnalyzeReport,
    Meta,
    Options,
    Part,
    curve_sparkline,
    measured,
    path_rows,
    render_with,
)
from cjmap.analysis.run import JourneyAnalysis, Mark, TouchpointFriction, friction_order
from cjmap.util.cells import cell_len, char_len, one_cell_each
from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    PART_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    duration_text,
    emotion_text,
    number_text,
    percent_text,
    scale_text,
)
from cjmap.util.textsafe import escape_control, guard_line_starts

TOP = 10
MAX_WIDTH = 1000
RULE = "─"
GAP = 3
"""Spaces between two columns of a table."""
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32"}

Segment = tuple[str, str]
"""A run of text and its style ("" for none)."""
Line = list[Segment]


def terminal_width() -> int:
    """The width to lay out for: the terminal's, from 80 to :data:`MAX_WIDTH` columns (100
    when there is no terminal). ``COLUMNS`` can say anything: a billion columns would make
    every table a gigabyte."""
    return min(max(80, shutil.get_terminal_size((100, 24)).columns), MAX_WIDTH)


def render(report: AnalyzeReport, color: bool = False) -> str:
    """The analysis for people, one section per journey and a ranking of several."""
    options = Options(explain=report.explain, color=color, width=terminal_width())
    return render_with(sys.modules[__name__], report, options)


def part(analysis: JourneyAnalysis, options: Options) -> Part:
    """A journey's section and its ranking row."""
    body = journey_text(analysis, options.explain, options.width, options.color)
    return Part(summary(analysis), body)


def write(
    bodies: Iterable[str], summaries: Sequence[RankRow], meta: Meta, options: Options
) -> Iterator[str]:
    """Every journey's section (in file order), then the ranking of several."""
    if not summaries:
        yield "No journeys to analyse.\n"
    yield from bodies
    if len(summaries) > 1:
        yield from ranking_pieces(summaries, options.width, options.color)


def journey_text(analysis: JourneyAnalysis, explain: bool, width: int, color: bool) -> str:
    """One journey's section: a rule, the heading, the summary and the tables."""
    journey = analysis.journey
    heading: Line = [
        *_safe(journey.title, "bold"),
        (f"  {analysis.id} · ", "dim"),
        (escape_control(analysis.file), "dim"),
    ]
    friction = analysis.friction
    combined = analysis.emotion.combined
    cov = analysis.coverage
    facts: Line = [
        (f"Friction {number_text(friction.journey, FRICTION_DIGITS)}/100", "bold"),
        (
            f" · peak-end {emotion_text(combined.peak_end, analysis.scale, with_scale=True)}"
            f" · conversion {percent_text(analysis.funnel.conversion)}"
            f" · time {duration_text(analysis.timing.total_minutes)}"
            f" · channel switches {len(analysis.channel_switches)}"
            f" · evidence: {percent_text(cov.touchpoints.share)} of touchpoints, "
            f"{percent_text(cov.pain_points.share)} of pain points",
            "",
        ),
    ]
    out = [_rule(width, color), _para(heading, width, color), _para(facts, width, color), "\n"]
    out.append(_emotion_table(analysis).draw(width, color))
    out.append(_stage_table(analysis).draw(width, color))
    out.append(_friction_table(analysis).draw(width, color))
    if analysis.sub_journeys:
        out.append(_sub_journey_table(analysis).draw(width, color))
    if explain:
        out.append(_explain(analysis, width, color))
    if analysis.funnel.steps:
        out.append(_funnel_table(analysis).draw(width, color))
    if analysis.paths.paths:
        out.append(_paths_table(analysis).draw(width, color))
    if analysis.pain_points:
        out.append(_pain_table(analysis).draw(width, color))
    if analysis.opportunities:
        out.append(_opportunity_table(analysis).draw(width, color))
    if analysis.metrics:
        out.append(_metric_table(analysis).draw(width, color))
    return guard_line_starts("".join(out))


def _emotion_table(analysis: JourneyAnalysis) -> Table:
    scale = analysis.scale
    table = Table(
        f"Emotion curves (scale {scale_text(scale)}, neutral "
        f"{number_text(analysis.emotion.neutral, EMOTION_DIGITS)}; "
        "one block per touchpoint, a space between stages, · no value)",
        [Column("", no_wrap=True), Column("")],
        grid=True,
    )
    rows = [*analysis.emotion.personas.items(), ("combined", analysis.emotion.combined)]
    for name, curve in rows:
        details = [
            f"best {_mark(curve.best, scale)}",
            f"worst {_mark(curve.worst, scale)}",
            f"end {_mark(curve.end, scale)}",
        ]
        drop = curve.biggest_drop
        if drop is not None:
            details.append(
                f"biggest drop {number_text(drop.delta, EMOTION_DIGITS, signed=True)}: "
                f"{drop.from_touchpoint} → {drop.to_touchpoint}"
            )
        second = curve.expectation
        if second is not None:
            largest = second.largest_negative
            shortfall = (
                "none"
                if largest is None
                else f"{number_text(largest.value, EMOTION_DIGITS, signed=True)} at "
                f"{largest.touchpoint}"
            )
            details.append(
                f"felt − expected: mean gap "
                f"{number_text(second.mean_gap, EMOTION_DIGITS, signed=True)}, "
                f"largest shortfall {shortfall}"
            )
        text: Line = [
            (curve_sparkline(curve, analysis), ""),
            (f"   peak-end {emotion_text(curve.peak_end, scale)}", "bold"),
            ("\n" + " · ".join(details), "dim"),
        ]
        table.add_row(_safe(name, "bold"), text)
    table.add_row([], [])
    return table


def _mark(mark: Mark | None, scale: tuple[int, int]) -> str:
    return "–" if mark is None else f"{emotion_text(mark.value, scale)} at {mark.touchpoint}"


def _stage_table(analysis: JourneyAnalysis) -> Table:
    table = _table("Stages", "Stage", "Friction", "Emotion", "Time", right=("Friction", "Emotion"))
    times = {s.stage: s.minutes for s in analysis.timing.stages}
    for stage in analysis.journey.stages:
        table.add_row(
            _safe(stage.name),
            _safe(number_text(analysis.friction.stages.get(stage.id), FRICTION_DIGITS)),
            _safe(emotion_text(analysis.emotion.combined.stages.get(stage.id), analysis.scale)),
            _safe(duration_text(times.get(stage.id))),
        )
    return table


def _friction_table(analysis: JourneyAnalysis) -> Table:
    table = _table(
        "Friction by touchpoint (0..100; – no data)",
        "Touchpoint",
        "Owner",
        "Friction",
        "",
        right=("Friction",),
    )
    names = {tp.id: tp.name for _, tp in analysis.journey.touchpoints()}
    hot = {ident: rank for rank, ident in enumerate(analysis.friction.hotspots, start=1)}
    for item in analysis.friction.touchpoints:
        is_hot = item.touchpoint in hot
        marker = f"{_bar(item.value)} #{hot[item.touchpoint]}" if is_hot else _bar(item.value)
        table.add_row(
            _safe(names.get(item.touchpoint, item.touchpoint)),
            _safe(item.owner),
            _safe(number_text(item.value, FRICTION_DIGITS), "bold" if is_hot else ""),
            _safe(marker, "red" if is_hot else ""),
        )
    if analysis.friction.by_owner:
        by_owner = ", ".join(
            f"{escape_control(owner)} {number_text(value, FRICTION_DIGITS)}"
            for owner, value in analysis.friction.by_owner.items()
        )
        table.caption = f"By owner: {by_owner}"
    return table


def _sub_journey_table(analysis: JourneyAnalysis) -> Table:
    table = _table(
        "Sub-journeys (* rolled up into the touchpoint: it gives no value of its own)",
        "Touchpoint",
        "Journey",
        "Friction",
        "Time",
        right=("Friction",),
    )
    names = {tp.id: tp.name for _, tp in analysis.journey.touchpoints()}
    for sub in analysis.sub_journeys:
        friction = number_text(sub.friction, FRICTION_DIGITS)
        time = duration_text(sub.minutes)
        table.add_row(
            _safe(names.get(sub.touchpoint, sub.touchpoint)),
            _safe(sub.journey),
            _safe(f"{friction}{' *' if sub.friction_rolled_up else ''}"),
            _safe(f"{time}{' *' if sub.minutes_rolled_up else ''}"),
        )
    return table


def _bar(value: float | None) -> str:
    if value is None:
        return ""
    return "█" * int(value // 10) + ("▌" if value % 10 >= 5 else "")


_PART_TEXT = {
    "pain": ("pain", "load {source}"),
    "effort": ("effort", "effort {source}"),
    "dropoff": ("drop-off", "completion {source}"),
    "emotion": ("emotion", "{source} below neutral"),
}


def _explained(item: TouchpointFriction) -> Line:
    if item.value is None:
        return [("no data (no pain point, effort, completion or emotion)", "")]
    line: Line = [(f"{number_text(item.value, FRICTION_DIGITS)} =", "bold")]
    for index, part in enumerate(item.parts):
        label, source = _PART_TEXT[part.name]
        given = (
            "absent"
            if part.source is None
            else source.format(source=number_text(part.source, PART_DIGITS))
        )
        line.append((" + " if index else " ", ""))
        line.append((f"{label} {number_text(part.points, SCORE_DIGITS)}", ""))
        line.append((f" ({given} → {number_text(part.value, PART_DIGITS)})", "dim"))
    return line


def _w(weight: float) -> str:
    return number_text(weight, SHARE_DIGITS)


def _explain(analysis: JourneyAnalysis, width: int, color: bool) -> str:
    weights = analysis.friction.weights
    total = weights.pain + weights.effort + weights.dropoff + weights.emotion
    half = number_text((analysis.scale[1] - analysis.scale[0]) / 2, EMOTION_DIGITS)
    lines = [
        f"friction = 100 × ({_w(weights.pain)}·pain + {_w(weights.effort)}·"
        f"effort + {_w(weights.dropoff)}·drop-off + {_w(weights.emotion)}·"
        f"emotion) / {_w(total)}; each part runs from 0 to 1:",
        "  pain = load / (load + 9), load = Σ severity × frequency;  "
        "effort: (effort − 1) / 4;  drop-off: 1 − completion;",
        f"  emotion: the share-weighted distance below neutral / half the scale ({half}).",
        "Each term below: points of friction (input → part).",
    ]
    out = [_para([("Friction explained", "bold")], width, color)]
    out.extend(_para([(line, "dim")], width, color) for line in lines)
    grid = Table("", [Column("", no_wrap=True), Column("")], grid=True)
    for item in analysis.friction.touchpoints:
        grid.add_row(_safe(item.touchpoint), _explained(item))
    out.append(grid.draw(width, color))
    out.append("\n")
    return "".join(out)


def _funnel_table(analysis: JourneyAnalysis) -> Table:
    funnel = analysis.funnel
    biggest = funnel.biggest_dropoff
    title = f"Funnel: conversion {percent_text(funnel.conversion)}"
    if biggest is not None:
        title += f", biggest drop-off at {biggest.touchpoint} (lost {percent_text(biggest.lost)})"
    table = _table(
        title,
        "Touchpoint",
        "Reached",
        "Completion",
        "Lost",
        "Lost of all",
        right=("Reached", "Completion", "Lost", "Lost of all"),
    )
    for step in funnel.steps:
        table.add_row(
            _safe(step.touchpoint, "bold" if step is biggest else ""),
            _safe(percent_text(step.reached)),
            _safe(percent_text(step.completion)),
            _safe(percent_text(step.lost)),
            _safe(percent_text(step.lost_overall)),
        )
    return table


def _paths_table(analysis: JourneyAnalysis) -> Table:
    table = _table(
        "Paths (the funnel above is the main path's)",
        *PATH_COLUMNS,
        right=tuple(PATH_COLUMNS[i] for i in PATH_NUMBERS),
    )
    for row in path_rows(analysis):
        table.add_row(*(_safe(cell) for cell in row))
    return table


def _pain_table(analysis: JourneyAnalysis) -> Table:
    shown = analysis.pain_points[:TOP]
    table = _table(
        f"Pain points by severity × frequency ({len(shown)} of {len(analysis.pain_points)})",
        "Score",
        "Pain point",
        "Touchpoint",
        "Evidence",
        right=("Score",),
    )
    for pain in shown:
        table.add_row(
            _safe(str(pain.score)),
            _safe(pain.text),
            _safe(pain.touchpoint),
            _safe("yes" if pain.cited else "none"),
        )
    return table


def _opportunity_table(analysis: JourneyAnalysis) -> Table:
    shown = analysis.opportunities[:TOP]
    table = _table(
        "Opportunities by impact × confidence × reach / effort "
        f"({len(shown)} of {len(analysis.opportunities)})",
        "Score",
        "Opportunity",
        "Touchpoint",
        "Status",
        "Addresses",
        right=("Score",),
    )
    for opp in shown:
        status = opp.status + (f" (assumed {', '.join(opp.assumed)})" if opp.assumed else "")
        table.add_row(
            _safe(number_text(opp.score, SCORE_DIGITS)),
            _safe(opp.text),
            _safe(opp.touchpoint),
            _safe(status),
            _safe(", ".join(opp.addresses) or "–"),
        )
    return table


def _metric_table(analysis: JourneyAnalysis) -> Table:
    table = _table(
        "Metrics against target",
        "Touchpoint",
        "Metric",
        "Value",
        "Target",
        "Status",
        right=("Value", "Target"),
    )
    styles = {"met": "green", "missed": "red"}
    for metric in analysis.metrics:
        table.add_row(
            _safe(metric.touchpoint),
            _safe(metric.name),
            _safe(measured(metric.value, metric.unit)),
            _safe(measured(metric.target, metric.unit)),
            _safe(metric.status, styles.get(metric.status, "")),
        )
    return table


def ranking_text(rows: Sequence[RankRow], width: int, color: bool) -> str:
    """The journeys by friction, highest first; undefined last; ties in file order."""
    return "".join(ranking_pieces(rows, width, color))


def ranking_pieces(rows: Sequence[RankRow], width: int, color: bool) -> Iterator[str]:
    """:func:`ranking_text` a row at a time: the ranking of ten thousand journeys is never
    laid out whole in memory."""
    table = _table(
        "Journeys by friction",
        "#",
        "Journey",
        "Friction",
        "Peak-end",
        "Conversion",
        "Top hotspot",
        right=("#", "Friction", "Peak-end", "Conversion"),
    )
    ranked = sorted(rows, key=lambda r: friction_order(r.friction))

    def cells() -> Iterator[list[Line]]:
        for rank, row in enumerate(ranked, start=1):
            yield [
                _safe(str(rank)),
                [*_safe(row.title), (f"\n{escape_control(row.id)}", "dim")],
                _safe(number_text(row.friction, FRICTION_DIGITS)),
                _safe(row.peak_end),
                _safe(row.conversion),
                _safe(row.hotspot),
            ]

    yield guard_line_starts(_rule(width, color))
    for piece in table.stream(cells, width, color):
        yield guard_line_starts(piece)


@dataclass(frozen=True, slots=True)
class RankRow:
    """What the ranking shows of one journey (all that is kept of it once its section is
    written)."""

    id: str
    title: str
    friction: float | None
    peak_end: str
    conversion: str
    hotspot: str


def summary(analysis: JourneyAnalysis) -> RankRow:
    """The ranking row of one journey."""
    hotspots = analysis.friction.hotspots
    return RankRow(
        analysis.id,
        analysis.journey.title,
        analysis.friction.journey,
        emotion_text(analysis.emotion.combined.peak_end, analysis.scale, with_scale=True),
        percent_text(analysis.funnel.conversion),
        hotspots[0] if hotspots else "–",
    )


# --- laying out -------------------------------------------------------------------------------


def _plain(line: Line) -> str:
    if len(line) == 1:  # most lines: one piece
        return line[0][0]
    return "".join(text for text, _ in line)


def _line_len(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


_WORD = re.compile(r"\S+\s*|\s+")


def _wrap(line: Line, width: int) -> list[Line]:
    """``line`` in lines of at most ``width`` cells, broken between words; a word longer
    than a line is folded. Spaces at a break are dropped."""
    return [piece for piece, _ in _wrap_measured(line, width)]


def _wrap_measured(line: Line, width: int) -> list[tuple[Line, int]]:
    """:func:`_wrap`, each line with its width in cells."""
    text = _plain(line)
    # Most texts take one cell per character (every ASCII, Cyrillic or Greek one does).
    one_cell = one_cell_each(text)
    measure = len if one_cell else cell_len
    if (size := measure(text)) <= width:
        return [(line, size)]
    ranges: list[tuple[int, int]] = []
    start, used = 0, 0
    for match in _WORD.finditer(text):
        word = match.group().rstrip()
        size = measure(word)
        if used and used + size > width:
            ranges.append((start, _trimmed(text, start, match.start())))
            start, used = match.start(), 0
        if size > width:
            # Fold a long word: as many characters per line as fit.
            position = match.start()
            for char in word:
                step = char_len(char)
                if used + step > width and used:
                    ranges.append((start, position))
                    start, used = position, 0
                used += step
                position += len(char)
            used += measure(match.group()[len(word) :])
            continue
        used += measure(match.group())
    ranges.append((start, _trimmed(text, start, len(text))))
    if one_cell:
        return [(_slice(line, a, b), b - a) for a, b in ranges]
    return [(piece, _line_len(piece)) for piece in (_slice(line, a, b) for a, b in ranges)]


def _trimmed(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _slice(line: Line, start: int, end: int) -> Line:
    """The segments of ``line`` between two character offsets of its text."""
    out: Line = []
    position = 0
    for text, style in line:
        a, b = max(start, position), min(end, position + len(text))
        if a < b:
            out.append((text[a - position : b - position], style))
        position += len(text)
    return out


def _paint(line: Line, color: bool) -> str:
    if not color:
        return _plain(line)
    out = []
    for text, style in line:
        codes = ";".join(_SGR[s] for s in style.split() if s in _SGR)
        out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
    return "".join(out)


def _lines(lines: Iterable[Line], color: bool) -> str:
    return "".join(_paint(line, color).rstrip() + "\n" for line in lines)


def _safe(text: str | None, style: str = "") -> Line:
    return [(escape_control(text or ""), style)]


def _para(line: Line, width: int, color: bool) -> str:
    """A paragraph wrapped to the width."""
    return _lines(_wrap(line, width), color)


@dataclass(slots=True)
class Column:
    header: str
    right: bool = False
    no_wrap: bool = False


@dataclass(slots=True)
class Table:
    """A table drawn as aligned text: a bold title, the headers, a rule, the rows (a cell may
    hold several lines) and a caption; or, as a grid, rows only."""

    title: str
    columns: list[Column]
    rows: list[list[Line]] = field(default_factory=list)
    caption: str | None = None
    grid: bool = False

    def add_row(self, *cells: Line) -> None:
        """A row: one line of segments per cell; a "\\n" in a segment starts a new line."""
        self.rows.append(list(cells))

    def draw(self, width: int, color: bool) -> str:
        rows = [[_measured(cell) for cell in row] for row in self.rows]
        widths = [
            max(
                [0 if self.grid else cell_len(column.header)]
                + [size for row in rows for _, size in row[index]]
            )
            for index, column in enumerate(self.columns)
        ]
        return "".join(self._pieces(lambda: rows, width, color, widths))

    def stream(
        self, rows: Callable[[], Iterable[Sequence[Line]]], width: int, color: bool
    ) -> Iterator[str]:
        """The table of ``rows`` instead of those added, drawn a row at a time: ``rows()``
        is called twice (to measure the columns, then to draw), so that a long table is
        never whole in memory."""
        return self._pieces(
            lambda: ([_measured(cell) for cell in row] for row in rows()), width, color
        )

    def _pieces(
        self,
        measured: Callable[[], Iterable[list[list[tuple[Line, int]]]]],
        width: int,
        color: bool,
        widths: list[int] | None = None,
    ) -> Iterator[str]:
        """The table's text in pieces; ``widths``: each column's widest line (measured
        here, in a first pass over the rows, when not given)."""
        gap = 2 if self.grid else GAP
        edge = 0 if self.grid else 2
        if widths is None:
            widths = [0 if self.grid else cell_len(column.header) for column in self.columns]
            for row in measured():
                for index, cell in enumerate(row):
                    for _, size in cell:
                        widths[index] = max(widths[index], size)
        _fit(widths, self.columns, width - edge - gap * (len(widths) - 1) - (0 if self.grid else 1))
        layout = _Layout(self, widths, color)
        if self.title:
            yield _para([(self.title, "bold")], width, color)
        if not self.grid:
            yield "\n"
            yield layout.row([_measured([(c.header, "bold")]) for c in self.columns])
            inner = sum(widths) + gap * (len(widths) - 1) + 2
            yield " " + _paint([(RULE * inner, "dim")], color) + "\n"
        for row in measured():
            yield layout.row(row)
        if not self.grid:
            yield "\n"
        if self.caption:
            yield _para([(self.caption, "")], width, color)


class _Layout:
    """A table's rows drawn at its columns' widths."""

    __slots__ = ("color", "columns", "gap", "lead")

    def __init__(self, table: Table, widths: list[int], color: bool) -> None:
        self.lead = "" if table.grid else "  "
        self.gap = " " * (2 if table.grid else GAP)
        self.color = color
        # Per column: its width, the widest line that is not wrapped, and its alignment.
        self.columns = [
            (w, max(1, w), column.right) for w, column in zip(widths, table.columns, strict=True)
        ]

    def row(self, row: list[list[tuple[Line, int]]]) -> str:
        if not self.color and (plain := self._plain_row(row)) is not None:
            return plain
        return self._lines(row)

    def _plain_row(self, row: list[list[tuple[Line, int]]]) -> str | None:
        """The common row, without colour: each cell one line that fits (else None)."""
        parts = []
        for cell, (w, room, right) in zip(row, self.columns, strict=True):
            if len(cell) != 1:
                return None
            line, size = cell[0]
            if size > room:
                return None
            text = _plain(line)
            parts.append(" " * (w - size) + text if right else text + " " * (w - size))
        return (self.lead + self.gap.join(parts)).rstrip() + "\n"

    def _lines(self, row: list[list[tuple[Line, int]]]) -> str:
        """Any row: its cells wrapped to their columns, side by side line by line."""
        wrapped = [
            _fitted(cell, room) for cell, (_, room, _) in zip(row, self.columns, strict=True)
        ]
        height = max(1, *(len(cell) for cell in wrapped))
        lines = []
        for number in range(height):
            parts = []
            for cell, (w, _, right) in zip(wrapped, self.columns, strict=True):
                line, size = cell[number] if number < len(cell) else ([], 0)
                pad = " " * (w - size)
                text = _paint(line, self.color)
                parts.append(pad + text if right else text + pad)
            lines.append((self.lead + self.gap.join(parts)).rstrip() + "\n")
        return "".join(lines)


def _measured(cell: Line) -> list[tuple[Line, int]]:
    """A cell's lines, each with its width in cells."""
    if len(cell) == 1 and "\n" not in (text := cell[0][0]):  # most: one piece of one line
        return [(cell, cell_len(text))]
    return [(line, _line_len(line)) for line in _split(cell)]


def _fitted(cell: list[tuple[Line, int]], width: int) -> list[tuple[Line, int]]:
    """A cell's lines wrapped to ``width``."""
    if all(size <= width for _, size in cell):
        return cell
    return [measured for line, _ in cell for measured in _wrap_measured(line, width)]


def _split(cell: Line) -> list[Line]:
    """A cell's lines: its segments split at each line break."""
    if len(cell) == 1 and "\n" not in cell[0][0]:
        return [cell]
    lines: list[Line] = [[]]
    for text, style in cell:
        first, *rest = text.split("\n")
        if first:
            lines[-1].append((first, style))
        for piece in rest:
            lines.append([(piece, style)] if piece else [])
    return lines


def _fit(widths: list[int], columns: Sequence[Column], room: int) -> None:
    """Narrow the widest wrappable columns until the table fits in ``room`` cells (a column
    keeps at least 4 cells, so a very narrow terminal gets a wide table rather than none)."""
    excess = sum(widths) - room
    wrappable = [i for i, c in enumerate(columns) if not c.no_wrap]
    # One cell at a time from the widest (the first of equals) is the same as this: every
    # column at the widest width narrowed together, level by level, down to the next
    # width; what is left, one cell from each of the first of them.
    while excess > 0:
        level = max((widths[i] for i in wrappable), default=0)
        if level <= 4:
            return
        top = [i for i in wrappable if widths[i] == level]
        below = max([widths[i] for i in wrappable if widths[i] < level] + [4])
        steps = min(level - below, excess // len(top))
        if not steps:
            for i in top[:excess]:
                widths[i] -= 1
            return
        for i in top:
            widths[i] -= steps
        excess -= steps * len(top)


def _table(title: str, *headers: str, right: tuple[str, ...] = ()) -> Table:
    return Table(title, [Column(h, right=h in right) for h in headers])


def _rule(width: int, color: bool) -> str:
    return _paint([(RULE * width, "dim")], color) + "\n"
