"""One number, one value, everywhere (spec §5 and §6): the acceptance test.

The workspace tests/data/figures holds journeys whose figures sit on rounding edges: a
journey friction of 26.53 (the renderer once showed 26), a stage friction of exactly 26.25
(26.3 rounded half away from zero; 26.2 by Python's ``round``), touchpoint frictions 32.25 and
20.25, a combined peak-end of 1.725 on a 1–5 scale (1.73; 1.72 by ``round``), a 0–10 scale and
combined emotions such as -1.2999999999999998. The test reads every figure as each output shows
it — analyze (text, json, md, csv), render (html, md, csv, json) and diff (text, md, json) —
and asserts they all read the same, after the documented formatting (docs/analysis.md,
"Rounding in the output"): render writes the typographic minus sign and no-break spaces.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "data" / "figures"


@dataclass
class Figures:
    """Every figure of one journey as the outputs show it (text, already normalised)."""

    friction: str
    stages: dict[str, str]
    touchpoints: dict[str, str]
    peak_end: str
    conversion: str
    scale: str = ""


# Worked out by hand from the fixture; see the module docstring.
EXPECTED = {
    "ties": Figures(
        friction="26.5",
        stages={"look": "26.3", "buy": "26.8"},
        touchpoints={"ad": "32.3", "page": "20.3", "form": "25", "pay": "28.6"},
        peak_end="+1 on -2 – 2",
        conversion="10.99%",
    ),
    "stars": Figures(
        friction="22.6",
        stages={"choose": "22.6"},
        touchpoints={"notes": "11.6", "visit": "45.3", "call": "11"},
        peak_end="1.73 on 1–5",
        conversion="30.32%",
    ),
    "tens": Figures(
        friction="9.5",
        stages={"only": "9.5"},
        touchpoints={"first": "10", "last": "9"},
        peak_end="5.5 on 0–10",
        conversion="50%",
    ),
}
STAGE_NAMES = {"look": "Look", "buy": "Buy", "choose": "Choose", "only": "Only stage"}
TP_NAMES = {
    "ad": "Sees an ad",
    "page": "Reads the page",
    "form": "Fills in the form",
    "pay": "Pays by card",
    "notes": "Reads reviews",
    "visit": "Installer visits",
    "call": "Calls support",
    "first": "First contact",
    "last": "Last contact",
}
TOP_HOTSPOT = {"ties": "ad", "stars": "visit", "tens": "first"}
# The diffed copy: every completion a tenth of what it was, and the last emotion changed, so
# that every figure of the journey changes.
EDITS = {
    "ties": ("{ana: 0, bo: 1}", "{ana: -1, bo: 1}"),
    "stars": ("{li: 2, wang: 2}", "{li: 1, wang: 2}"),
}


def normalise(text: str) -> str:
    """The documented differences between outputs: render writes U+2212 for the minus sign
    and no-break spaces (U+00A0, U+202F) where the reports write plain ones."""
    return text.replace("\u2212", "-").replace("\u00a0", " ").replace("\u202f", " ").strip()


# --- the documented formatting of a JSON number, written out independently of cjmap -------


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _scale_text(scale: list[int]) -> str:
    low, high = scale
    return f"{low} – {high}" if low < 0 else f"{low}–{high}"


def json_figures(analysis: Mapping[str, Any]) -> Figures:
    """A journey object of the analysis JSON, written as docs/analysis.md says each figure
    reads: friction as it is, a share as a percentage, peak-end with its scale (a plus sign
    only on a scale centred on 0)."""
    friction = analysis["friction"]
    scale = analysis["scale"]
    peak = Decimal(repr(analysis["emotion"]["combined"]["peak_end"]))
    sign = "+" if peak > 0 and scale[0] + scale[1] == 0 else ""
    conversion = analysis["funnel"]["conversion"]
    return Figures(
        friction=_plain(Decimal(repr(friction["journey"]))),
        stages={k: _plain(Decimal(repr(v))) for k, v in friction["stages"].items()},
        touchpoints={k: _plain(Decimal(repr(v))) for k, v in friction["touchpoints"].items()},
        peak_end=f"{sign}{_plain(peak)} on {_scale_text(scale)}",
        conversion=f"{_plain(Decimal(repr(conversion)) * 100)}%",
    )


# --- readers: each output's figures, as it shows them ---------------------------------------


@dataclass
class Readings:
    """Figures read from one output: ``found[(journey, what)] = text``."""

    output: str
    found: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, journey: str, what: str, text: str) -> None:
        self.found[(journey, what)] = normalise(text)

    def add_all(self, journey: str, figures: Figures) -> None:
        self.add(journey, "friction", figures.friction)
        self.add(journey, "peak_end", figures.peak_end)
        self.add(journey, "conversion", figures.conversion)
        for stage, text in figures.stages.items():
            self.add(journey, f"stage:{stage}", text)
        for tp, text in figures.touchpoints.items():
            self.add(journey, f"tp:{tp}", text)


def _one(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    assert found is not None, f"{pattern!r} not found in:\n{text}"
    return found.group(1)


def read_analyze_text(out: str) -> Readings:
    readings = Readings("analyze text")
    sections = re.split(r"^─+\s*$", out, flags=re.MULTILINE)
    ranking = sections[-1].split("Journeys by friction")[-1]
    for journey, hot in TOP_HOTSPOT.items():
        row = re.search(
            r"^ +\d+ +.+? {2,}(\S+) {2,}(.+?) {2,}(\S+%) {2,}" + hot + r" *$",
            ranking,
            re.MULTILINE,
        )
        assert row is not None, ranking
        readings.add(f"{journey} (ranking)", "friction", row.group(1))
        readings.add(f"{journey} (ranking)", "peak_end", row.group(2))
        readings.add(f"{journey} (ranking)", "conversion", row.group(3))
    for section in sections:
        heading = re.search(r"^.+  (\w+) · ", section, re.MULTILINE)
        if heading is None or heading.group(1) not in EXPECTED:
            continue
        journey = heading.group(1)
        summary = re.search(
            r"Friction (\S+)/100 · peak-end (.+?) · conversion (\S+) ", section.replace("\n", " ")
        )
        assert summary is not None, section
        readings.add(journey, "friction", summary.group(1))
        readings.add(journey, "peak_end", summary.group(2))
        readings.add(journey, "conversion", summary.group(3))
        stages = section.split("\nStages")[1].split("Friction by touchpoint")[0]
        for stage in EXPECTED[journey].stages:
            name = re.escape(STAGE_NAMES[stage])
            readings.add(journey, f"stage:{stage}", _one(rf"^\s+{name}\s+(\S+)", stages))
        tps = section.split("Friction by touchpoint")[1].split("\nFunnel")[0]
        for tp in EXPECTED[journey].touchpoints:
            name = re.escape(TP_NAMES[tp])
            readings.add(journey, f"tp:{tp}", _one(rf"^\s+{name}\s+(?:[a-z]+\s+)?([\d.]+)\b", tps))
    return readings


def read_analyze_md(out: str) -> Readings:
    readings = Readings("analyze md")
    for journey, figures in EXPECTED.items():
        row = _one(rf"^(\| \d+ \| .+? \(`{journey}`\) \|.*)$", out)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        readings.add(f"{journey} (ranking)", "friction", cells[2])
        readings.add(f"{journey} (ranking)", "peak_end", cells[3])
        readings.add(f"{journey} (ranking)", "conversion", cells[4])
        section = out.split(f"(`{journey}`)\n\n", 1)[1].split("\n### ", maxsplit=1)[0]
        summary = re.search(
            r"\*\*Friction (\S+)/100\*\* · peak-end (.+?) · conversion (\S+) ", section
        )
        assert summary is not None, section
        readings.add(journey, "friction", summary.group(1))
        readings.add(journey, "peak_end", summary.group(2))
        readings.add(journey, "conversion", summary.group(3))
        for tp in figures.touchpoints:
            readings.add(
                journey, f"tp:{tp}", _one(rf"^\| .+? \(`{tp}`\) \| .+? \| (\S+) \|$", section)
            )
    return readings


def read_csv(out: str, output: str, *, journey_column: str, tp_column: str) -> Readings:
    readings = Readings(output)
    assert out.startswith("\ufeff"), f"{output} starts with a byte-order mark"
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert rows
    for row in rows:
        readings.add(row[journey_column], f"tp:{row[tp_column]}", row["friction"])
    return readings


def read_json_analysis(analyses: Iterable[Mapping[str, Any]], output: str) -> Readings:
    readings = Readings(output)
    for analysis in analyses:
        readings.add_all(str(analysis["id"]), json_figures(analysis))
    return readings


def read_render_html(folder: Path) -> Readings:
    readings = Readings("render html")
    index = (folder / "index.html").read_text("utf-8")
    for journey, expected in EXPECTED.items():
        page = (folder / f"{journey}.html").read_text("utf-8")
        readings.add(
            journey,
            "friction",
            _one(r'<h3>Friction</h3>\s*<p class="big"><span class="num heat-\d+">([^<]+)<', page),
        )
        readings.add(
            journey, "peak_end", _one(r'<h3>Peak-end</h3>\s*<p class="big">([^<]+)<', page)
        )
        readings.add(
            journey, "conversion", _one(r'<h3>Funnel</h3>\s*<p class="big">([^<]+)<', page)
        )
        stage_texts = re.findall(r'<span>Friction <span class="num heat-\d+">([^<]+)</span>', page)
        assert len(stage_texts) == len(expected.stages)
        for stage, text in zip(expected.stages, stage_texts, strict=True):
            readings.add(journey, f"stage:{stage}", text)
        cells = re.findall(r'<div class="heat-cell heat-\d+"><span class="num">([^<]+)<', page)
        assert len(cells) == len(expected.touchpoints)
        for tp, text in zip(expected.touchpoints, cells, strict=True):
            readings.add(journey, f"tp:{tp}", text)
        row = index.split(f'href="{journey}.html"', 1)[1].split("</tr>")[0]
        numbers = re.findall(r'<td class="n">(.*?)</td>', row)
        readings.add(f"{journey} (index)", "friction", re.sub(r"<[^>]+>", "", numbers[0]))
        readings.add(f"{journey} (index)", "peak_end", numbers[1])
    return readings


def read_render_md(folder: Path) -> Readings:
    readings = Readings("render md")
    index = (folder / "README.md").read_text("utf-8")
    for journey, expected in EXPECTED.items():
        page = (folder / f"{journey}.md").read_text("utf-8")
        readings.add(journey, "friction", _one(r"^\| Friction \| \*\*(.+?)\*\* / 100 \|$", page))
        readings.add(journey, "peak_end", _one(r"^\| Peak-end \| \*\*(.+?)\*\* \|$", page))
        readings.add(
            journey, "conversion", _one(r"Conversion through the journey: \*\*(.+?)\*\*", page)
        )
        stage_texts = re.findall(r" · Friction: \*\*(.+?)\*\*|^Friction: \*\*(.+?)\*\*", page, re.M)
        assert len(stage_texts) == len(expected.stages), page
        for stage, found in zip(expected.stages, stage_texts, strict=True):
            readings.add(journey, f"stage:{stage}", found[0] or found[1])
        cells = [
            cell.strip().strip("*")
            for line in re.findall(r"^\| \*Friction\* \|(.*)\|$", page, re.M)
            for cell in line.split("|")
        ]
        for tp, text in zip(expected.touchpoints, cells, strict=True):
            readings.add(journey, f"tp:{tp}", text)
        row = _one(rf"^(\| \[.+?\]\({journey}\.md\) \|.*)$", index)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        readings.add(f"{journey} (index)", "friction", cells[3])
        readings.add(f"{journey} (index)", "peak_end", cells[4])
    return readings


def read_diff_text(out: str, journey: str, side: int) -> Readings:
    """The ``before`` (side 0) or ``after`` (side 1) figures of a diff's text output."""
    readings = Readings(f"diff text ({'before' if side == 0 else 'after'})")
    rows = {
        "friction": r"^  Friction\s{2,}(.+?)\s{2,}(.+?)\s{2,}[▲▼=]",
        "peak_end": r"^  Peak-end\s{2,}(.+?)\s{2,}(.+?)\s{2,}[▲▼=]",
        "conversion": r"^  Funnel conversion\s{2,}(\S+)\s{2,}(\S+)\s{2,}[▲▼=]",
    }
    for what, pattern in rows.items():
        found = re.search(pattern, out, re.M)
        assert found is not None, (pattern, out)
        readings.add(journey, what, found.group(1 + side))
    for tp in EXPECTED[journey].touchpoints:
        found = re.search(rf"^    • {tp} (\S+) → (\S+) [▲▼]", out, re.M)
        assert found is not None, (tp, out)
        readings.add(journey, f"tp:{tp}", found.group(1 + side))
    return readings


def read_diff_md(out: str, journey: str, side: int) -> Readings:
    readings = Readings(f"diff md ({'before' if side == 0 else 'after'})")
    rows = {"friction": "Friction", "peak_end": "Peak-end", "conversion": "Funnel conversion"}
    for what, label in rows.items():
        row = _one(rf"^(\| {label} \|.*)$", out)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        readings.add(journey, what, cells[1 + side])
    for tp in EXPECTED[journey].touchpoints:
        found = re.search(rf"^- `{tp}` (\S+) → (\S+) [▲▼]", out, re.M)
        assert found is not None, (tp, out)
        readings.add(journey, f"tp:{tp}", found.group(1 + side))
    return readings


def read_diff_json(
    out: str, journey: str, side: int, scales: tuple[list[int], list[int]]
) -> Readings:
    readings = Readings(f"diff json ({'before' if side == 0 else 'after'})")
    key = ("old", "new")[side]
    numbers = json.loads(out)["journeys"][0]
    change = numbers["friction"]["journey"]
    readings.add(journey, "friction", _plain(Decimal(repr(change[key]))))
    for item in numbers["friction"]["touchpoints"]:
        readings.add(journey, f"tp:{item['touchpoint']}", _plain(Decimal(repr(item[key]))))
    scale = scales[side]
    peak = Decimal(repr(numbers["peak_end"]["combined"][key]))
    sign = "+" if peak > 0 and scale[0] + scale[1] == 0 else ""
    readings.add(journey, "peak_end", f"{sign}{_plain(peak)} on {_scale_text(scale)}")
    conversion = Decimal(repr(numbers["funnel"]["conversion"][key])) * 100
    readings.add(journey, "conversion", f"{_plain(conversion)}%")
    return readings


def _assert_reads(expected: Figures, journey: str, readings: Readings) -> int:
    """Every figure ``readings`` holds for ``journey`` reads as ``expected``; how many."""
    want = Readings("expected")
    want.add_all(journey, expected)
    checked = 0
    for (name, what), text in readings.found.items():
        if name.split(" ")[0] != journey:
            continue
        assert text == want.found[(journey, what)], (
            f"{readings.output}: {what} of {name} reads {text!r}, "
            f"elsewhere {want.found[(journey, what)]!r}"
        )
        checked += 1
    return checked


def test_every_output_reads_the_same_figures(run_cjmap: Callable[..., Any], tmp_path: Path) -> None:
    workspace = tmp_path / "figures"
    shutil.copytree(FIXTURE, workspace)

    def run(*args: str, cwd: Path = workspace) -> str:
        result = run_cjmap(*args, cwd=cwd)
        assert result.exit_code == 0, (args, result.stderr)
        return str(result.stdout)

    analysis = json.loads(run("analyze", "-f", "json"))
    from_json = {str(j["id"]): json_figures(j) for j in analysis["journeys"]}
    assert from_json == EXPECTED, "the analysis JSON holds each figure rounded once"

    outputs = [
        read_json_analysis(analysis["journeys"], "analyze json"),
        read_analyze_text(run("analyze")),
        read_analyze_md(run("analyze", "-f", "md")),
        read_csv(
            run("analyze", "-f", "csv"),
            "analyze csv",
            journey_column="journey",
            tp_column="touchpoint",
        ),
    ]
    for fmt in ("html", "md", "csv", "json"):
        run("render", "-f", fmt, "-o", str(tmp_path / fmt))
    outputs += [read_render_html(tmp_path / "html"), read_render_md(tmp_path / "md")]
    render_csv, render_json = Readings("render csv"), Readings("render json")
    for journey in EXPECTED:
        text = (tmp_path / "csv" / f"{journey}.csv").read_text("utf-8")
        one = read_csv(text, "render csv", journey_column="journey", tp_column="touchpoint_id")
        render_csv.found.update(one.found)
        document = json.loads((tmp_path / "json" / f"{journey}.json").read_text("utf-8"))
        render_json.found.update(read_json_analysis([document["analysis"]], "render json").found)
    outputs += [render_csv, render_json]

    after: dict[str, Figures] = {}
    for journey, (old, new) in EDITS.items():
        source = (workspace / "journeys" / f"{journey}.yaml").read_text("utf-8")
        assert old in source
        changed = source.replace("completion: 0.", "completion: 0.0").replace(old, new)
        for side, text in (("old", source), ("new", changed)):
            (tmp_path / f"{journey}-{side}").mkdir()
            (tmp_path / f"{journey}-{side}" / f"{journey}.yaml").write_text(text, "utf-8")
        new_analysis = json.loads(run("analyze", "-f", "json", cwd=tmp_path / f"{journey}-new"))
        after[journey] = json_figures(new_analysis["journeys"][0])
        scale = new_analysis["journeys"][0]["scale"]
        files = (f"{journey}-old/{journey}.yaml", f"{journey}-new/{journey}.yaml")
        text = run("diff", *files, cwd=tmp_path)
        md = run("diff", "-f", "md", *files, cwd=tmp_path)
        data = run("diff", "-f", "json", *files, cwd=tmp_path)
        for side, figures in ((0, EXPECTED[journey]), (1, after[journey])):
            for readings in (
                read_diff_text(text, journey, side),
                read_diff_md(md, journey, side),
                read_diff_json(data, journey, side, (scale, scale)),
            ):
                assert _assert_reads(figures, journey, readings) >= 6

    for readings in outputs:
        checked = sum(_assert_reads(EXPECTED[journey], journey, readings) for journey in EXPECTED)
        assert checked >= 9, f"{readings.output}: only {checked} figures read"
