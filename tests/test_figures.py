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

import pytest

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
            journey,
            "peak_end",
            # The card shows the figure, and its scale in the caption under it.
            "{} on {}".format(
                *re.search(
                    r'<h3>Peak-end</h3>\s*<p class="big">([^<]+)</p>\s*'
                    r'<p class="note">on the scale ([^<·]+) ·',
                    page,
                ).groups()  # type: ignore[union-attr]
            ),
        )
        readings.add(
            journey, "conversion", _one(r'<h3>Funnel</h3>\s*<p class="big">([^<]+)<', page)
        )
        # The map's table, then its touchpoint cards (phones, print): the same figures twice.
        stage_texts = re.findall(r'<span>Friction <span class="num heat-\d+">([^<]+)</span>', page)
        stages = len(expected.stages)
        assert len(stage_texts) == 2 * stages
        assert stage_texts[stages:] == stage_texts[:stages], "the cards show the table's figures"
        for stage, text in zip(expected.stages, stage_texts[:stages], strict=True):
            readings.add(journey, f"stage:{stage}", text)
        cells = re.findall(r'<div class="heat-cell heat-\d+"><span class="num">([^<]+)<', page)
        count = len(expected.touchpoints)
        assert len(cells) == 2 * count
        assert cells[count:] == cells[:count], "the cards show the table's figures"
        for tp, text in zip(expected.touchpoints, cells[:count], strict=True):
            readings.add(journey, f"tp:{tp}", text)
        row = index.split(f'href="{journey}.html"', 1)[1].split("</tr>")[0]
        numbers = re.findall(r'<td class="n"[^>]*>(.*?)</td>', row)
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


def test_every_output_reads_the_same_figures(cli: Callable[..., Any], tmp_path: Path) -> None:
    workspace = tmp_path / "figures"
    shutil.copytree(FIXTURE, workspace)

    def run(*args: str, cwd: Path = workspace) -> str:
        result = cli(*args, cwd=cwd)
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


# --- the classes of the examples, one by one ------------------------------------------

Cli = Callable[..., Any]
NBSP, NNBSP = "\u00a0", "\u202f"


def _workspace(tmp_path: Path, *journeys: str) -> Path:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    for index, text in enumerate(journeys):
        (tmp_path / f"j{index}.yaml").write_text(text, "utf-8")
    return tmp_path


def _ok(cli: Cli, *args: str, cwd: Path) -> str:
    result = cli(*args, cwd=cwd)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "a byte-order mark, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_analyze_csv_writes_figures_rounded_once(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "w")
    out = _ok(cli, "analyze", "-f", "csv", cwd=tmp_path / "w")
    assert not re.search(r"\d\.\d{5,}", out), "no float noise such as 0.09999999999999998"
    rows = {row["touchpoint"]: row for row in _csv_rows(out)}
    assert rows["form"]["emotion"] == "-1.3"  # -1.2999999999999998 before rounding
    assert rows["ad"]["emotion"] == "0.7"
    assert rows["ad"]["friction"] == "32.3"  # 32.25: half away from zero
    assert rows["visit"]["emotion"] == "1.45"  # 1.4500000000000002
    assert rows["page"]["reached"] == "0.3875"
    assert (rows["visit"]["scale_low"], rows["visit"]["scale_high"]) == ("1", "5")


HOSTILE_CSV = """\
kind: journey
id: csv-text
title: Тест Δοκιμή 测试
personas: [{id: ana, name: Ana}, {id: bo, name: Bo}]
stages:
  - id: s
    name: Этап
    touchpoints:
      - {id: tab, name: "Pays\\tby card", completion: 0.3, emotion: {ana: 0.1, bo: 0.2}}
      - {id: formula, name: "=SUM(A1:A9)", effort: 4, emotion: {ana: -0.7, bo: 0.1}}
      - {id: minus, name: "-1 item left", completion: 0.97}
      - {id: esc, name: "red \\x1b[31m text", effort: 2}
      - {id: lines, name: "one\\r\\ntwo", effort: 1}
      - {id: greek, name: Καλάθι 购物车 Корзина, emotion: {ana: 1, bo: 2}}
"""


def test_both_csvs_write_text_and_numbers_the_same_way(cli: Cli, tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, HOSTILE_CSV)
    analyzed = _ok(cli, "analyze", "-f", "csv", cwd=workspace)
    rendered = _ok(cli, "render", "-f", "csv", "-o", "-", "j0.yaml", cwd=workspace)
    assert '"Pays\tby card"' in analyzed, "a tab stays a tab, inside a quoted cell"
    assert '"Pays\tby card"' in rendered
    a_rows, r_rows = _csv_rows(analyzed), _csv_rows(rendered)
    assert (
        [r["name"] for r in a_rows]
        == [r["touchpoint"] for r in r_rows]
        == [
            "Pays\tby card",
            "'=SUM(A1:A9)",
            "'-1 item left",
            "red \\x1b[31m text",
            "one\ntwo",
            "Καλάθι 购物车 Корзина",
        ]
    )
    assert a_rows[0]["stage_name"] == r_rows[0]["stage"] == "Этап"
    for a_row, r_row in zip(a_rows, r_rows, strict=True):
        for column in ("emotion", "emotion:ana", "emotion:bo", "effort", "completion", "friction"):
            assert a_row[column] == r_row[column], (column, a_row, r_row)
        assert (a_row["scale_low"], a_row["scale_high"]) == (
            r_row["scale_low"],
            r_row["scale_high"],
        )
    assert a_rows[0]["emotion"] == "0.15"
    assert a_rows[1]["emotion"] == "-0.3"  # -0.29999999999999993 unrounded


OFF_CENTRE = """\
kind: journey
id: off-centre
title: A scale from -3 to 1
emotion_scale: [-3, 1]
personas: [{id: ana, name: Ana}]
stages:
  - id: s
    name: Stage
    touchpoints:
      - {id: a, name: First, emotion: 1}
      - {id: b, name: Last, emotion: 0}
"""


def test_an_emotion_figure_is_shown_against_its_own_scale(cli: Cli, tmp_path: Path) -> None:
    workspace = tmp_path / "w"
    shutil.copytree(FIXTURE, workspace)
    (workspace / "journeys" / "off-centre.yaml").write_text(OFF_CENTRE, "utf-8")
    out = tmp_path / "site"
    _ok(cli, "render", "-o", str(out), cwd=workspace)
    stars = (out / "stars.html").read_text("utf-8")
    # The example: persona cards said "+1.5" and "+3" on a 1-5 scale.
    cards = re.findall(r"<dt>Peak-end</dt><dd>([^<]+)</dd>", stars)
    assert cards == ["1.5 on 1–5", "3 on 1–5"]
    assert '<p class="big">1.73</p>\n      <p class="note">on the scale 1–5 ·' in stars
    assert "+1" not in re.sub(r"<style>.*?</style>", "", stars, flags=re.S).split("<main>")[1]
    # The index tells scales apart: 1.73 on 1-5 is below neutral, +1 on -2..2 above it.
    index = (out / "index.html").read_text("utf-8")
    peak_ends = re.findall(r'<td class="n"[^>]*>([^<]*on[^<]*)</td>', index)
    assert sorted(peak_ends) == sorted(
        ["+1 on −2 – 2", "1.73 on 1–5", "5.5 on 0–10", "0.5 on −3 – 1"]
    )
    # A scale that is not centred on 0 gets no signs, even above its neutral point (-1).
    off = (out / "off-centre.html").read_text("utf-8")
    assert '<p class="big">0.5</p>\n      <p class="note">on the scale −3 – 1 ·' in off
    assert "Ana · First: 1" in off
    assert "+1" not in off.split("<main>")[1]
    tens = (out / "tens.html").read_text("utf-8")
    assert '<p class="big">5.5</p>\n      <p class="note">on the scale 0–10 ·' in tens
    assert "+7" not in tens.split("<main>")[1]
    # analyze names the scale wherever journeys are compared, and signs only on -2..2.
    text = _ok(cli, "analyze", cwd=workspace)
    assert "peak-end 1.73 on 1–5" in text
    assert "peak-end 0.5 on -3 – 1" in text
    assert "peak-end 5.5 on 0–10" in text
    md = _ok(cli, "analyze", "-f", "md", cwd=workspace)
    assert "| `li` | `▆▁▃` | 1 `visit` | 2 `call` | -3 `notes` → `visit` | 1.5 |" in md
    # Machine-readable outputs keep raw numbers on the journey's scale, and say which scale.
    data = json.loads(_ok(cli, "analyze", "-f", "json", cwd=workspace))
    by_id = {j["id"]: j for j in data["journeys"]}
    assert by_id["stars"]["scale"] == [1, 5]
    assert by_id["stars"]["emotion"]["neutral"] == 3
    assert by_id["stars"]["emotion"]["personas"]["wang"]["peak_end"] == 3
    assert by_id["off-centre"]["emotion"]["neutral"] == -1


METRICS = """\
kind: journey
id: metrics
title: Metrics and durations
locale: {locale}
sources:
  - {{id: funnel, type: analytics, title: Funnel, n: 52000}}
stages:
  - id: s
    name: Stage
    touchpoints:
      - id: t
        name: Delivery
        duration: 6d
        effort: 2
        emotion: 1.5
        metrics:
          - {{name: Time to deliver, value: 6, unit: days, target: 3, better: lower}}
          - {{name: Visitors, value: 52000, target: 60000, source: funnel}}
          - {{name: Paid, value: 92.5, unit: "%", target: 95}}
"""


def test_analyze_writes_units_apart_and_groups_thousands(cli: Cli, tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, METRICS.format(locale="en"))
    text = _ok(cli, "analyze", cwd=workspace)
    assert f"6{NBSP}days" in text  # the "6days"
    assert f"3{NBSP}days" in text
    assert "52,000" in text  # the "52000"
    assert "60,000" in text
    assert "92.5%" in text  # no space before a percent sign
    assert f"time 6{NBSP}d" in text
    md = _ok(cli, "analyze", "-f", "md", cwd=workspace)
    assert f"| `t` | Time to deliver | 6{NBSP}days | 3{NBSP}days |" in md
    assert "| `t` | Visitors | 52,000 | 60,000 |" in md


@pytest.mark.parametrize(
    ("locale", "sample", "duration"),
    [
        ("en", "n = 52,000", f"6{NBSP}d"),
        ("zh", "n = 52,000", f"6{NBSP}天"),
        ("ru", f"n = 52{NNBSP}000", f"6{NBSP}дн."),
        ("cs", f"n = 52{NNBSP}000", f"6{NBSP}d"),
        ("el", "n = 52.000", f"6{NBSP}ημ."),
    ],
)
def test_render_writes_numbers_as_the_journeys_language_does(
    cli: Cli, tmp_path: Path, locale: str, sample: str, duration: str
) -> None:
    from cjmap.render.messages import messages

    unit = messages(locale)["unit_d"]
    assert duration == f"6{NBSP}{unit}", "the locale's own unit for days"
    workspace = _workspace(tmp_path, METRICS.format(locale=locale))
    page = _ok(cli, "render", "-o", "-", "j0.yaml", cwd=workspace)
    assert sample in page
    assert duration in page
    decimal = messages(locale)["decimal"]
    # The curve's label next to its point, as the page's table writes it.
    assert re.search(rf"<text [^>]*>\+1{re.escape(decimal)}5</text>", page), "curve label"
    assert f"92{decimal}5%" in page or f"92{decimal}5{NBSP}%" in page or f"92{decimal}5 %" in page
    md = _ok(cli, "render", "-f", "md", "-o", "-", "j0.yaml", cwd=workspace)
    assert sample in md


def test_a_huge_metric_is_written_in_every_output(cli: Cli, tmp_path: Path) -> None:
    # The largest metric value validate allows is 10^15 (see SECURITY.md, resource limits).
    journey = METRICS.format(locale="en").replace("value: 52000,", "value: 1.0e+15,")
    workspace = _workspace(tmp_path, journey)
    whole = "1," + ",".join(["000"] * 5)
    assert whole in _ok(cli, "analyze", cwd=workspace)
    assert whole in _ok(cli, "render", "-o", "-", "j0.yaml", cwd=workspace)
    rendered = _ok(cli, "render", "-f", "csv", "-o", "-", "j0.yaml", cwd=workspace)
    assert "Visitors: 1" + "0" * 15 in rendered
