"""``--format md``: a summary fit for a pull-request comment (GitHub-flavoured Markdown).

Journey text is escaped for Markdown: it cannot close a table cell, open a code span, add
HTML or links, break a line, or @-mention anyone when the summary is posted as a comment.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cjmap.analysis.formats.common import (
    PATH_COLUMNS,
    PATH_NUMBERS,
    AnalyzeReport,
    Meta,
    Options,
    Part,
    curve_sparkline,
    measured,
    one_final_newline,
    path_rows,
    render_with,
)
from cjmap.analysis.run import Curve, JourneyAnalysis, friction_order
from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    duration_text,
    emotion_text,
    number_text,
    percent_text,
)
from cjmap.util.textsafe import ZERO_WIDTH_SPACE, escape_control, md_line_start

TOP = 5
_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")
_BREAK = re.compile(r"[\r\n\u2028\u2029]+")
_MENTION = "@" + ZERO_WIDTH_SPACE


def md(text: str | None) -> str:
    """``text`` safe inside Markdown (and a table cell): special characters backslashed,
    ``<``/``>``/``&`` as entities, line breaks as spaces, other control characters shown
    as escapes, ``@`` unable to mention."""
    if not text:
        return ""
    text = escape_control(_BREAK.sub(" ", text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return md_line_start(_SPECIAL.sub(r"\\\1", text).replace("@", _MENTION))


def render(report: AnalyzeReport, color: bool = False) -> str:
    """The analysis as Markdown: a ranking of several journeys, then one section each."""
    return render_with(sys.modules[__name__], report, Options(explain=report.explain))


def part(analysis: JourneyAnalysis, options: Options) -> Part:
    """A journey's section and its ranking row (without its rank)."""
    hot = analysis.friction.hotspots
    cells = (
        f"{md(analysis.title)} (`{analysis.id}`)",
        number_text(analysis.friction.journey, FRICTION_DIGITS),
        emotion_text(analysis.emotion.combined.peak_end, analysis.scale, with_scale=True),
        percent_text(analysis.funnel.conversion),
        f"`{hot[0]}`" if hot else "–",
    )
    body = "".join(line + "\n" for line in _journey(analysis, options.explain))
    return Part((analysis.friction.journey, cells), body)


def write(
    bodies: Iterable[str], summaries: Sequence[Any], meta: Meta, options: Options
) -> Iterator[str]:
    """The heading, the ranking of several journeys, their sections, the files left out."""
    return one_final_newline(_pieces(bodies, summaries, meta))


def _pieces(bodies: Iterable[str], summaries: Sequence[Any], meta: Meta) -> Iterator[str]:
    lines = ["## Journey analysis", ""]
    if not summaries:
        lines += ["No journeys to analyse.", ""]
    if len(summaries) > 1:
        lines += _ranking(summaries)
    yield "".join(line + "\n" for line in lines)
    yield from bodies
    if meta.skipped:
        skipped = ", ".join(f"`{md(name)}`" for name in meta.skipped)
        yield f"Not analysed (the files do not validate): {skipped}.\n\n"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(*cells: str, right: tuple[int, ...] = ()) -> list[str]:
    rule = [("---:" if i in right else "---") for i in range(len(cells))]
    return [_row(*cells), _row(*rule)]


def _ranking(summaries: Sequence[Any]) -> list[str]:
    lines = _header(
        "#", "Journey", "Friction", "Peak-end", "Conversion", "Top hotspot", right=(0, 2, 3, 4)
    )
    ranked = sorted(summaries, key=lambda s: friction_order(s[0]))
    for rank, (_, cells) in enumerate(ranked, start=1):
        lines.append(_row(str(rank), *cells))
    return [*lines, ""]


def _journey(analysis: JourneyAnalysis, explain: bool) -> list[str]:
    friction = analysis.friction
    combined = analysis.emotion.combined
    cov = analysis.coverage
    biggest = analysis.funnel.biggest_dropoff
    facts = [
        f"**Friction {number_text(friction.journey, FRICTION_DIGITS)}/100**",
        f"peak-end {emotion_text(combined.peak_end, analysis.scale, with_scale=True)}",
        f"conversion {percent_text(analysis.funnel.conversion)}",
    ]
    if biggest is not None:
        facts.append(f"biggest drop-off `{biggest.touchpoint}` ({percent_text(biggest.lost)} lost)")
    facts += [
        f"time {duration_text(analysis.timing.total_minutes)}",
        f"evidence {percent_text(cov.touchpoints.share)} of touchpoints, "
        f"{percent_text(cov.pain_points.share)} of pain points",
    ]
    lines = [f"### {md(analysis.title)} (`{analysis.id}`)", "", " · ".join(facts), ""]
    lines += _emotion(analysis)
    lines += _paths(analysis)
    lines += _expectation(analysis)
    lines += _sub_journeys(analysis)
    lines += _hotspots(analysis, explain)
    lines += _priorities(analysis)
    missed = [m for m in analysis.metrics if m.status == "missed"]
    if missed:
        lines += ["**Metrics missing their target**", ""]
        lines += _header("Touchpoint", "Metric", "Value", "Target", right=(2, 3))
        for m in missed:
            lines.append(
                _row(
                    f"`{m.touchpoint}`",
                    md(m.name),
                    md(measured(m.value, m.unit)),
                    md(measured(m.target, m.unit)),
                )
            )
        lines.append("")
    return lines


def _paths(analysis: JourneyAnalysis) -> list[str]:
    """The main path and each alternative path with its figures (none without paths)."""
    if not analysis.paths.paths:
        return []
    lines = ["**Paths** (the conversion above is the main path's)", ""]
    lines += _header(*PATH_COLUMNS, right=PATH_NUMBERS)
    for row in path_rows(analysis):
        lines.append(_row(*(md(cell) for cell in row)))
    return [*lines, ""]


def _curve(curve: Curve, analysis: JourneyAnalysis) -> str:
    line = curve_sparkline(curve, analysis)
    return f"`{line}`" if line else "–"


def _emotion(analysis: JourneyAnalysis) -> list[str]:
    lines = _header("Curve", "Shape", "Worst", "End", "Biggest drop", "Peak-end", right=(5,))
    rows = [*analysis.emotion.personas.items(), ("combined", analysis.emotion.combined)]
    scale = analysis.scale
    for name, curve in rows:
        drop = curve.biggest_drop
        worst, end = curve.worst, curve.end
        lines.append(
            _row(
                f"**{name}**" if name == "combined" else f"`{name}`",
                _curve(curve, analysis),
                "–"
                if worst is None
                else f"{emotion_text(worst.value, scale)} `{worst.touchpoint}`",
                "–" if end is None else f"{emotion_text(end.value, scale)} `{end.touchpoint}`",
                "–"
                if drop is None
                else f"{number_text(drop.delta, EMOTION_DIGITS, signed=True)} "
                f"`{drop.from_touchpoint}` → `{drop.to_touchpoint}`",
                emotion_text(curve.peak_end, scale),
            )
        )
    return [*lines, ""]


def _expectation(analysis: JourneyAnalysis) -> list[str]:
    """The second curve: each curve's mean gap and largest shortfall (felt − expected)."""
    rows = [*analysis.emotion.personas.items(), ("combined", analysis.emotion.combined)]
    shown = [(name, curve.expectation) for name, curve in rows if curve.expectation is not None]
    if not shown:
        return []
    lines = ["**Felt − expected**", ""]
    lines += _header("Curve", "Mean gap", "Largest shortfall", right=(1,))
    for name, second in shown:
        largest = second.largest_negative
        lines.append(
            _row(
                f"**{name}**" if name == "combined" else f"`{name}`",
                number_text(second.mean_gap, EMOTION_DIGITS, signed=True),
                "–"
                if largest is None
                else f"{number_text(largest.value, EMOTION_DIGITS, signed=True)} "
                f"`{largest.touchpoint}`",
            )
        )
    return [*lines, ""]


def _sub_journeys(analysis: JourneyAnalysis) -> list[str]:
    """The touchpoints told by a sub-journey, and its figures (* rolled up)."""
    if not analysis.sub_journeys:
        return []
    lines = ["**Sub-journeys** (* rolled up into the touchpoint)", ""]
    lines += _header("Touchpoint", "Journey", "Friction", "Time", right=(2,))
    star = " \\*"
    for sub in analysis.sub_journeys:
        friction = number_text(sub.friction, FRICTION_DIGITS)
        time = md(duration_text(sub.minutes))
        lines.append(
            _row(
                f"`{sub.touchpoint}`",
                f"`{sub.journey}`",
                friction + (star if sub.friction_rolled_up else ""),
                time + (star if sub.minutes_rolled_up else ""),
            )
        )
    return [*lines, ""]


def _hotspots(analysis: JourneyAnalysis, explain: bool) -> list[str]:
    friction = analysis.friction
    if not friction.hotspots:
        return ["No touchpoint has friction above 0.", ""]
    names = {tp.id: tp.name for _, tp in analysis.journey.touchpoints()}
    items = {t.touchpoint: t for t in friction.touchpoints}
    parts = ("Pain", "Effort", "Drop-off", "Emotion") if explain else ()
    lines = ["**Hotspots**", ""]
    lines += _header(
        "Touchpoint",
        "Owner",
        *parts,
        "Friction",
        right=tuple(range(2, 3 + len(parts))),
    )
    for ident in friction.hotspots:
        item = items[ident]
        cells = [f"{md(names.get(ident, ident))} (`{ident}`)", md(item.owner) or "–"]
        if explain:
            for name in ("pain", "effort", "dropoff", "emotion"):
                part = item.part(name)
                cells.append("–" if part is None else number_text(part.points, SCORE_DIGITS))
        cells.append(number_text(item.value, FRICTION_DIGITS))
        lines.append(_row(*cells))
    lines.append("")
    if explain:
        w = friction.weights
        lines += [
            f"Friction parts in points of 100; weights: pain {number_text(w.pain, SHARE_DIGITS)}, "
            f"effort {number_text(w.effort, SHARE_DIGITS)}, drop-off "
            f"{number_text(w.dropoff, SHARE_DIGITS)}, "
            f"emotion {number_text(w.emotion, SHARE_DIGITS)}.",
            "",
        ]
    return lines


def _priorities(analysis: JourneyAnalysis) -> list[str]:
    lines: list[str] = []
    if analysis.pain_points:
        lines += ["**Top pain points** (severity × frequency)", ""]
        lines += _header("Score", "Pain point", "Touchpoint", right=(0,))
        for pain in analysis.pain_points[:TOP]:
            lines.append(_row(str(pain.score), md(pain.text), f"`{pain.touchpoint}`"))
        lines.append("")
    open_opps = [o for o in analysis.opportunities if o.status != "done"]
    if open_opps:
        lines += ["**Top opportunities** (impact × confidence × reach / effort)", ""]
        lines += _header("Score", "Opportunity", "Touchpoint", "Status", right=(0,))
        for opp in open_opps[:TOP]:
            lines.append(
                _row(
                    number_text(opp.score, SCORE_DIGITS),
                    md(opp.text),
                    f"`{opp.touchpoint}`",
                    opp.status,
                )
            )
        lines.append("")
    return lines
