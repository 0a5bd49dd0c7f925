"""GitHub-flavoured Markdown: a page per journey and a ``README.md`` index.

A journey page has its summary, the Mermaid ``journey`` diagram, a table per stage (lanes as
rows, touchpoints as columns, as on the HTML map), the personas and the sources. All journey
text goes through :mod:`cjmap.render.escape`, so it shows literally on GitHub and GitLab.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

from cjmap.render.context import (
    IndexView,
    JourneyView,
    StageView,
    TouchpointView,
)
from cjmap.render.escape import md_cell, md_text, safe_url
from cjmap.render.messages import Formatter


def _link(text: str, url: str | None) -> str:
    target = safe_url(url)
    if target is None:
        return md_text(text)
    # Parentheses and spaces would end a Markdown link destination early.
    target = quote(target, safe=":/?#[]@!$&'*+,;=%~-._")
    return f"[{md_text(text)}]({target.replace('(', '%28').replace(')', '%29')})"


def _strong(markdown: str) -> str:
    """Bold around already-escaped text. Emphasis cannot open after or close before
    whitespace, so the text is trimmed (and never left empty)."""
    return f"**{markdown.strip() or '…'}**"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """A table's lines (made as they are read: the rows may be many)."""
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---" for _ in header) + "|"
    for row in rows:
        yield "| " + " | ".join(cell or " " for cell in row) + " |"


def _cell_list(items: Sequence[str]) -> str:
    return "<br>".join(f"• {md_cell(item)}" for item in items)


def _lane_cell(lane: str, tp: TouchpointView, fmt: Formatter) -> str:
    t = fmt.labels
    if lane == "path":
        if tp.path is None:
            return ""
        rejoins = (
            f"{md_cell(t['rejoins_at'])}{t['colon']}{md_cell(tp.path.rejoins)}"
            if tp.path.rejoins is not None
            else md_cell(t["ends_journey"])
        )
        return (
            f"*{md_cell(t['path_named'].format(name=tp.path.name))}*<br>"
            f"{md_cell(t['branches_from'])}{t['colon']}{md_cell(tp.path.branches_from or '')}"
            f"<br>{rejoins}"
        )
    if lane in ("actions", "frontstage", "backstage", "support"):
        items: Sequence[str] = getattr(tp, lane)
        return _cell_list(items)
    if lane == "thoughts":
        return "<br>".join(md_cell(item) for item in tp.thoughts)
    if lane == "channel":
        parts = [md_cell(tp.channel)] if tp.channel else []
        if tp.type:
            parts.append(f"*{md_cell(t['type_' + tp.type])}*")
        return "<br>".join(parts)
    if lane == "owner":
        return md_cell(tp.owner or "")
    if lane == "emotion":
        return "<br>".join(f"{md_cell(name)}{t['colon']}{value}" for name, value in tp.emotions)
    if lane == "friction":
        return f"**{tp.friction_text}**" if tp.friction is not None else t["no_data"]
    if lane == "pain_points":
        return "<br>".join(
            f"**{t['severity']} {p.severity}/5** {md_cell(p.text)}" for p in tp.pain_points
        )
    if lane == "opportunities":
        return "<br>".join(
            (f"**#{o.rank}** " if o.rank else "")
            + f"{md_cell(o.text)} *({md_cell(t['status_' + o.status])})*"
            for o in tp.opportunities
        )
    if lane == "metrics":
        cells = []
        for metric in tp.metrics:
            status = {"met": f"✓ {t['metric_met']}", "missed": f"✗ {t['metric_missed']}"}.get(
                metric.status, ""
            )
            target = f" / {t['target']} {md_cell(metric.target)}" if metric.target else ""
            value = _strong(md_cell(metric.value))
            cells.append(f"{md_cell(metric.name)}{t['colon']}{value}{target} {status}")
        return "<br>".join(cell.strip() for cell in cells)
    if lane == "evidence":
        return "<br>".join(_link(s.title, s.url) for s in tp.evidence)
    return ""


def _stage_table(stage: StageView, lanes: Sequence[str], fmt: Formatter) -> list[str]:
    t = fmt.labels
    tps = stage.touchpoints
    header = [t["touchpoint"]]
    for tp in tps:
        name = md_cell(tp.name)
        cell = f"{_strong(name)} ★" if tp.moment_of_truth else _strong(name)
        if tp.path is not None:
            # Marked in the header too: a reader of the table sees which columns branch off.
            cell += f" ({md_cell(t['path_named'].format(name=tp.path.name))})"
        if tp.personas:
            cell += f"<br>*{md_cell(t['only_for'])}{t['colon']}{md_cell(', '.join(tp.personas))}*"
        if tp.sub_journey is not None:
            cell += f"<br>{_sub_journey(tp, fmt)}"
        header.append(cell)
    rows: list[list[str]] = []
    for lane in lanes:
        cells = [_lane_cell(lane, tp, fmt) for tp in tps]
        if lane != "friction" and not any(cells):
            continue
        label = t["emotion"] if lane == "emotion" else t[lane]
        rows.append([f"*{md_cell(label)}*", *cells])
        if lane == "emotion":
            expected = [_expectation_cell(tp, fmt) for tp in tps]
            if any(expected):
                rows.append([f"*{md_cell(t['expectation'])}*", *expected])
    return list(_table(header, rows))


def _sub_journey(tp: TouchpointView, fmt: Formatter) -> str:
    """A link to the sub-journey's page and the figures taken from it."""
    sub = tp.sub_journey
    assert sub is not None
    t = fmt.labels
    link = f"[{md_cell(sub.label)}]({quote(sub.id)}.md)"
    taken = []
    if sub.friction_text:
        taken.append(f"{md_cell(t['friction'])} {sub.friction_text}")
    if sub.duration:
        taken.append(f"{md_cell(t['duration'])} {sub.duration}")
    if not taken:
        return link
    return f"{link} *({md_cell(t['sub_journey_figures'])}{t['colon']}{' · '.join(taken)})*"


def _expectation_cell(tp: TouchpointView, fmt: Formatter) -> str:
    """Each persona's expectation, and the gap of the combined curve."""
    t = fmt.labels
    lines = [f"{md_cell(name)}{t['colon']}{value}" for name, value in tp.expectations]
    if tp.gap:
        lines.append(f"*{md_cell(t['expectation_gap'])}{t['colon']}{tp.gap}*")
    return "<br>".join(lines)


def render_markdown(
    view: JourneyView, mermaid: str, fmt: Formatter, *, index_href: str | None = "README.md"
) -> str:
    """The Markdown page of one journey."""
    t = fmt.labels
    colon = t["colon"]
    s = view.summary
    out: list[str] = []
    if index_href:
        out += [f"[← {md_text(t['all_journeys'])}]({index_href})", ""]
    out += [f"# {md_text(view.title)}", ""]
    meta = [f"**{md_text(t['state_' + view.state])}**"]
    if view.improves:
        target = view.improves_title or view.improves
        meta.append(f"{md_text(t['improves'])}{colon}[{md_text(target)}]({view.improves}.md)")
    if view.owner:
        meta.append(f"{md_text(t['owner'])}{colon}{md_text(view.owner)}")
    meta.append(f"{md_text(t['reviewed'])}{colon}{md_text(view.reviewed or t['not_reviewed'])}")
    if view.personas:
        names = " · ".join(md_text(p.name) for p in view.personas)
        meta.append(f"{md_text(t['personas'])}{colon}{names}")
    out += [" · ".join(meta), ""]
    if view.description:
        out += [md_text(view.description), ""]
    if view.goals:
        out += [f"**{md_text(t['business_goals'])}**", ""]
        out += [f"- {md_text(goal)}" for goal in view.goals]
        out.append("")

    out += [f"## {md_text(t['summary'])}", ""]
    rows = [[md_cell(t["friction"]), f"**{s.friction}** / 100"]]
    rows.append([md_cell(t["peak_end"]), f"**{s.peak_end}**"])
    if s.biggest_drop:
        start, end, delta = s.biggest_drop
        rows.append(
            [md_cell(t["biggest_drop"]), f"{md_cell(start.name)} → {md_cell(end.name)} ({delta})"]
        )
    if s.conversion:
        funnel = f"{md_cell(t['conversion'])}{colon}**{s.conversion}**"
        if s.biggest_dropoff:
            lost = md_cell(t["lost"].format(n=s.biggest_dropoff.value))
            where = md_cell(s.biggest_dropoff.name)
            funnel += f"<br>{md_cell(t['biggest_dropoff'])}{colon}{where} ({lost})"
        rows.append([md_cell(t["funnel"]), funnel])
    rows.append(
        [
            md_cell(t["coverage"]),
            f"{s.coverage_touchpoints} ({s.coverage_touchpoints_detail}) "
            f"{md_cell(t['coverage_touchpoints'])}<br>"
            f"{s.coverage_pain_points} ({s.coverage_pain_points_detail}) "
            f"{md_cell(t['coverage_pain_points'])}",
        ]
    )
    if s.journey_time:
        rows.append([md_cell(t["journey_time"]), s.journey_time])
    rows.append([md_cell(t["channel_switches"]), str(s.channel_switches)])
    out += _table([" ", " "], rows)
    out.append("")
    if s.paths:
        out += [f"**{md_text(t['paths'])}**", ""]
        out += _table(
            [
                md_cell(t["path"]),
                md_cell(t["branches_from"]),
                md_cell(t["rejoins_at"]),
                md_cell(t["path_share"]),
                md_cell(t["path_conversion"]),
                md_cell(t["biggest_dropoff"]),
                md_cell(t["path_friction"]),
                md_cell(t["peak_end"]),
            ],
            [
                [
                    _strong(md_cell(p.name)),
                    md_cell(p.branches_from or "—"),
                    "—"
                    if p.id is None
                    else md_cell(p.rejoins if p.rejoins is not None else t["ends_journey"]),
                    p.share or "—",
                    p.conversion,
                    f"{md_cell(p.biggest_dropoff.name)} "
                    f"({md_cell(t['lost'].format(n=p.biggest_dropoff.value))})"
                    if p.biggest_dropoff
                    else "—",
                    p.friction,
                    p.peak_end,
                ]
                for p in s.paths
            ],
        )
        out += ["", md_text(t["paths_note"]), ""]
    if s.hotspots:
        out += [f"**{md_text(t['hotspots'])}**", ""]
        out += [
            f"{i}. {md_text(h.name)} ({md_text(h.stage)}) — {md_text(t['friction'])} **{h.value}**"
            for i, h in enumerate(s.hotspots, 1)
        ]
        out.append("")
    if s.top_opportunities:
        out += [f"**{md_text(t['top_opportunities'])}**", ""]
        out += [
            f"{i}. {md_text(o.text)} — {md_text(where)} · "
            f"{md_text(t['status_' + o.status])} · {md_text(t['score'])} {o.score_text}"
            for i, (o, where) in enumerate(s.top_opportunities, 1)
        ]
        out.append("")

    if "emotion" in view.lanes:
        out += [
            f"## {md_text(t['emotion_curve'])}",
            "",
            "```mermaid",
            mermaid.rstrip("\n"),
            "```",
            "",
        ]

    lanes = list(view.lanes)
    for number, stage in enumerate(view.stages, 1):
        out += [f"## {number}. {md_text(stage.name)}", ""]
        facts = []
        if stage.goal:
            facts.append(f"{md_text(t['stage_goal'])}{colon}{md_text(stage.goal)}")
        if stage.heat >= 0:
            facts.append(f"{md_text(t['friction'])}{colon}**{stage.friction_text}**")
        if stage.duration:
            facts.append(f"{md_text(t['duration'])}{colon}{stage.duration}")
        if facts:
            out += [" · ".join(facts), ""]
        if stage.description:
            out += [md_text(stage.description), ""]
        if stage.expectations:
            out += [
                f"*{md_text(t['expectations'])}*{colon}"
                + "; ".join(md_text(e) for e in stage.expectations),
                "",
            ]
        if stage.touchpoints:
            out += _stage_table(stage, lanes, fmt)
        else:
            out.append(f"*{md_text(t['empty_stage'])}*")
        out.append("")

    if view.personas:
        out += [f"## {md_text(t['personas'])}", ""]
        for p in view.personas:
            facts = [x for x in (p.role, p.segment) if x]
            line = f"- {_strong(md_text(p.name))}"
            if facts:
                line += " — " + " · ".join(md_text(x) for x in facts)
            if p.share:
                line += f" · {md_text(t['share'])}{colon}{p.share}"
            line += f" · {md_text(t['peak_end'])}{colon}{p.peak_end}"
            out.append(line)
            if p.quote:
                out.append(f"  > {md_text(p.quote)}")
        out.append("")

    if view.sources:
        out += [f"## {md_text(t['sources'])}", ""]
        for source in view.sources:
            extra = [source.type_label]
            if source.date:
                extra.append(source.date)
            if source.n is not None:
                extra.append(t["sample"].format(n=fmt.count(source.n)))
            out.append(f"- {_link(source.title, source.url)} — {md_text(' · '.join(extra))}")
        out.append("")
    out.append(f"<sub>{md_text(t['made_with'])} · {md_text(view.file)}</sub>")
    return "\n".join(out) + "\n"


def render_markdown_index(view: IndexView, fmt: Formatter) -> str:
    """``README.md``: every journey rendered, and the top opportunities across them."""
    return "".join(line + "\n" for line in _index_lines(view, fmt))


def stream_markdown_index(view: IndexView, fmt: Formatter) -> Iterator[bytes]:
    """:func:`render_markdown_index` in UTF-8 pieces of about 64 KiB, made as they are
    written: the index of thousands of journeys is never whole in memory."""
    pieces: list[str] = []
    size = 0
    for line in _index_lines(view, fmt):
        pieces.append(line + "\n")
        size += len(line) + 1
        if size >= _PIECE:
            yield "".join(pieces).encode("utf-8")
            pieces, size = [], 0
    yield "".join(pieces).encode("utf-8")


_PIECE = 64 * 1024


def _index_lines(view: IndexView, fmt: Formatter) -> Iterator[str]:
    t = fmt.labels
    yield from (f"# {md_text(t['journey_maps'])}", "")
    rows = (
        [
            f"[{md_cell(row.title)}]({row.href})",
            md_cell(" · ".join(row.personas)) or "—",
            md_cell(t["state_" + row.state]),
            row.friction,
            row.peak_end,
            f"{md_cell(row.top_hotspot)} ({row.top_hotspot_friction})" if row.top_hotspot else "—",
        ]
        for row in view.journeys
    )
    header = [
        t["journey"],
        t["personas"],
        t["state"],
        t["friction"],
        t["peak_end"],
        t["top_hotspot"],
    ]
    yield from _table([md_cell(h) for h in header], rows)
    yield from ("", f"## {md_text(t['top_opportunities'])}", "")
    if view.opportunities:
        yield from (
            f"{i}. [{md_text(o.text)}]({o.href}) — {md_text(o.journey_title)} · "
            f"{md_text(o.touchpoint)} · {md_text(t['status_' + o.status])} · "
            f"{md_text(t['score'])} {o.score_text}"
            for i, o in enumerate(view.opportunities, 1)
        )
    else:
        yield md_text(t["no_opportunities"])
    yield from _portfolio(view, fmt)
    yield from ("", f"<sub>{md_text(t['made_with'])}</sub>")


def _portfolio(view: IndexView, fmt: Formatter) -> Iterator[str]:
    """The opportunity portfolio: a table per status, highest score first."""
    t = fmt.labels
    yield from ("", f"## {md_text(t['portfolio'])}", "")
    if not view.portfolio.count:
        yield md_text(t["no_opportunities"])
        return
    yield md_text(t["portfolio_note"])
    header = [
        md_cell(t[key])
        for key in (
            "opportunity",
            "journey",
            "touchpoint",
            "pain_points_addressed",
            "score",
            "owner",
            "tags",
        )
    ]
    for group in view.portfolio.groups:
        yield from ("", f"### {md_text(t['status_' + group.status])} ({len(group.rows)})", "")
        rows = (
            [
                f"[{md_cell(row.text)}]({row.href})",
                f"[{md_cell(row.journey_title)}]({row.journey_href})",
                md_cell(row.touchpoint),
                _cell_list(row.pain_points) or "—",
                row.score_text,
                md_cell(row.owner) if row.owner else "—",
                md_cell(", ".join(row.tags)) or "—",
            ]
            for row in group.rows
        )
        yield from _table(header, rows)
