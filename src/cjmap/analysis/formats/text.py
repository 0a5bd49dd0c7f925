"""``--format text``: tables and sparklines for a terminal or a CI log (rich, loaded here).

Journey text goes into ``rich.text.Text`` objects, never through markup, after
``escape_control``: a title cannot style the output or forge terminal escapes.
"""

from __future__ import annotations

import io
import shutil
from typing import TYPE_CHECKING

from cjmap.analysis.formats.common import AnalyzeReport, curve_sparkline, measured
from cjmap.analysis.run import JourneyAnalysis, Mark, TouchpointFriction
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

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

TOP = 10
MAX_WIDTH = 1000
NO_WRAP: tuple[str, ...] = ()


def render(report: AnalyzeReport, color: bool = False) -> str:
    """The analysis for people, one section per journey and a ranking of several."""
    from rich.console import Console

    out = io.StringIO()
    # COLUMNS (read by get_terminal_size) can say anything: a billion columns would make
    # every table a gigabyte.
    width = min(max(80, shutil.get_terminal_size((100, 24)).columns), MAX_WIDTH)
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    journeys = report.analysis.journeys
    if not journeys:
        console.print("No journeys to analyse.")
    for analysis in journeys:
        _journey(console, analysis, report.explain)
    if len(journeys) > 1:
        _ranking(console, report)
    # Tables wrap and fold long text, which can put a '::' of a name at the start of a line.
    return guard_line_starts(out.getvalue())


def _safe(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(escape_control(text or ""), style=style)


def _table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")
    for column in columns:
        table.add_column(
            column,
            justify="right" if column in right else "left",
            overflow="fold",
            no_wrap=column in NO_WRAP,
        )
    return table


def _journey(console: Console, analysis: JourneyAnalysis, explain: bool) -> None:
    from rich.rule import Rule
    from rich.text import Text

    journey = analysis.journey
    heading = _safe(journey.title, "bold")
    heading.append(f"  {analysis.id} · ", style="dim")
    heading.append(escape_control(analysis.file), style="dim")
    console.print(Rule(style="dim"))
    console.print(heading)
    friction = analysis.friction
    combined = analysis.emotion.combined
    summary = Text()
    summary.append(f"Friction {number_text(friction.journey, FRICTION_DIGITS)}/100", style="bold")
    summary.append(
        f" · peak-end {emotion_text(combined.peak_end, analysis.scale, with_scale=True)}"
    )
    summary.append(f" · conversion {percent_text(analysis.funnel.conversion)}")
    summary.append(f" · time {duration_text(analysis.timing.total_minutes)}")
    summary.append(f" · channel switches {len(analysis.channel_switches)}")
    cov = analysis.coverage
    summary.append(
        f" · evidence: {percent_text(cov.touchpoints.share)} of touchpoints, "
        f"{percent_text(cov.pain_points.share)} of pain points"
    )
    console.print(summary)
    console.print()
    console.print(_emotion_table(analysis))
    console.print(_stage_table(analysis))
    console.print(_friction_table(analysis))
    if explain:
        _explain(console, analysis)
    if analysis.funnel.steps:
        console.print(_funnel_table(analysis))
    if analysis.pain_points:
        console.print(_pain_table(analysis))
    if analysis.opportunities:
        console.print(_opportunity_table(analysis))
    if analysis.metrics:
        console.print(_metric_table(analysis))


def _emotion_table(analysis: JourneyAnalysis) -> Table:
    from rich.table import Table
    from rich.text import Text

    scale = analysis.scale
    table = Table.grid(padding=(0, 2))
    table.title = (
        f"Emotion curves (scale {scale_text(scale)}, neutral "
        f"{number_text(analysis.emotion.neutral, EMOTION_DIGITS)}; "
        "one block per touchpoint, a space between stages, · no value)"
    )
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    rows = [*analysis.emotion.personas.items(), ("combined", analysis.emotion.combined)]
    for name, curve in rows:
        text = Text()
        text.append(curve_sparkline(curve, analysis))
        text.append(f"   peak-end {emotion_text(curve.peak_end, scale)}", style="bold")
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
        text.append("\n" + " · ".join(details), style="dim")
        table.add_row(_safe(name, "bold"), text)
    table.add_row("", "")
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
        table.caption_justify = "left"
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


def _explained(item: TouchpointFriction) -> Text:
    from rich.text import Text

    line = Text()
    if item.value is None:
        line.append("no data (no pain point, effort, completion or emotion)")
        return line
    line.append(f"{number_text(item.value, FRICTION_DIGITS)} =", style="bold")
    for index, part in enumerate(item.parts):
        label, source = _PART_TEXT[part.name]
        given = (
            "absent"
            if part.source is None
            else source.format(source=number_text(part.source, PART_DIGITS))
        )
        line.append(" + " if index else " ")
        line.append(f"{label} {number_text(part.points, SCORE_DIGITS)}")
        line.append(f" ({given} → {number_text(part.value, PART_DIGITS)})", style="dim")
    return line


def _w(weight: float) -> str:
    return number_text(weight, SHARE_DIGITS)


def _explain(console: Console, analysis: JourneyAnalysis) -> None:
    from rich.text import Text

    weights = analysis.friction.weights
    total = weights.pain + weights.effort + weights.dropoff + weights.emotion
    console.print(Text("Friction explained", style="bold"))
    console.print(
        Text(
            f"friction = 100 × ({_w(weights.pain)}·pain + {_w(weights.effort)}·"
            f"effort + {_w(weights.dropoff)}·drop-off + {_w(weights.emotion)}·"
            f"emotion) / {_w(total)}; each part runs from 0 to 1:\n"
            "  pain = load / (load + 9), load = Σ severity × frequency;  "
            "effort: (effort − 1) / 4;  drop-off: 1 − completion;\n"
            "  emotion: the share-weighted distance below neutral / half the scale "
            f"({number_text((analysis.scale[1] - analysis.scale[0]) / 2, EMOTION_DIGITS)}).\n"
            "Each term below: points of friction (input → part).",
            style="dim",
        )
    )
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in analysis.friction.touchpoints:
        grid.add_row(_safe(item.touchpoint), _explained(item))
    console.print(grid)
    console.print()


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


def _ranking(console: Console, report: AnalyzeReport) -> None:
    from rich.rule import Rule

    console.print(Rule(style="dim"))
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
    for rank, analysis in enumerate(report.analysis.ranking(), start=1):
        hotspots = analysis.friction.hotspots
        name = _safe(analysis.journey.title)
        name.append(f"\n{analysis.id}", style="dim")
        table.add_row(
            _safe(str(rank)),
            name,
            _safe(number_text(analysis.friction.journey, FRICTION_DIGITS)),
            _safe(
                emotion_text(analysis.emotion.combined.peak_end, analysis.scale, with_scale=True)
            ),
            _safe(percent_text(analysis.funnel.conversion)),
            _safe(hotspots[0] if hotspots else "–"),
        )
    console.print(table)
