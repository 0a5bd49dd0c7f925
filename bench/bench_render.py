"""Time ``cjmap render``: one very long journey, and a workspace of many journeys.

    python bench/bench_render.py            # the full run; rewrites the Rendering section
                                            # of docs/performance.md
    python bench/bench_render.py --quick    # a smoke run, written to bench/corpus/

Each case is a fresh ``python -m cjmap render`` process, timed with ``time.perf_counter``
around its whole life (start-up, reading, validating, analysing, rendering, writing), run
``--repeats`` times (at least 3); the report gives the median. Two series show how the time
grows: a journey of 100, 300 and 1,000 touchpoints (``bench/corpus/render/long-N.yaml``,
generated here), and workspaces of 100 and 1,000 journeys of 25 touchpoints each (the
corpora of ``bench/gen_corpus.py``). Only the section between ``<!-- render:start -->`` and
``<!-- render:end -->`` of the output file is rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchkit
import gen_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = CORPUS / "performance-render-quick.md"
START = "<!-- render:start -->"
END = "<!-- render:end -->"

CHANNELS = ("web", "email", "mobile app", "phone", "in-store", "chat", "post")
OWNERS = ("marketing", "web-team", "support", "billing", "logistics", "product")
VERBS = ("checks", "asks about", "pays for", "waits for")
OBJECTS = ("order", "invoice", "delivery", "account", "refund")
PERSONAS = (("ana", "Ana, team lead", 0.5), ("ben", "Ben, buyer", 0.3), ("cai", "Cai, admin", 0.2))


def long_journey(touchpoints: int, seed: int = 20261123) -> dict[str, object]:
    """A valid journey of ``touchpoints`` touchpoints (25 per stage), with every lane filled
    often enough to render them all: three personas, pain points, opportunities, metrics."""
    rng = random.Random(f"long-{seed}-{touchpoints}")
    sources = [
        {"id": f"src-{i}", "type": kind, "title": f"Study {i}", "n": rng.randint(8, 900)}
        for i, kind in enumerate(("survey", "interview", "analytics", "support"))
    ]
    stages = []
    for s in range((touchpoints + 24) // 25):
        tps = []
        for t in range(min(25, touchpoints - 25 * s)):
            n = 25 * s + t
            tp: dict[str, object] = {
                "id": f"tp-{n:04d}",
                "name": f"Step {n}: {rng.choice(VERBS)} the {rng.choice(OBJECTS)}",
                "channel": rng.choice(CHANNELS),
                "type": rng.choice(("digital", "physical", "human")),
                "owner": rng.choice(OWNERS),
                "actions": [f"Does thing {n}a", f"Does thing {n}b"],
                "thoughts": [f"Is step {n} really needed?"],
                "emotion": {
                    ident: rng.randint(-2, 2) for ident, _, _ in PERSONAS if rng.random() < 0.9
                },
                "effort": rng.randint(1, 5),
                "completion": round(rng.uniform(0.85, 1.0), 2),
                "duration": f"{rng.randint(1, 50)}m",
                "evidence": [sources[n % len(sources)]["id"]],
            }
            if n % 37 == 0:
                tp["moment_of_truth"] = True
            if n % 4 == 0:
                tp["frontstage"] = [f"Agent helps with {n}"]
                tp["backstage"] = [f"Back office checks {n}"]
                tp["support"] = ["CRM"]
            if n % 5 == 0:
                tp["metrics"] = [
                    {
                        "name": f"Metric {n}",
                        "value": rng.randint(1, 99),
                        "unit": "%",
                        "target": 80,
                        "source": sources[0]["id"],
                    }
                ]
            if n % 3 == 0:
                tp["pain_points"] = [
                    {
                        "id": f"pain-{n}",
                        "text": f"Step {n} is confusing",
                        "severity": rng.randint(1, 5),
                        "frequency": rng.randint(1, 5),
                        "evidence": [sources[1]["id"]],
                    }
                ]
                tp["opportunities"] = [
                    {
                        "id": f"opp-{n}",
                        "text": f"Simplify step {n}",
                        "impact": rng.randint(1, 5),
                        "effort": rng.randint(1, 5),
                        "addresses": [f"pain-{n}"],
                    }
                ]
            tps.append(tp)
        stages.append({"id": f"stage-{s:02d}", "name": f"Stage {s + 1}", "touchpoints": tps})
    return {
        "kind": "journey",
        "id": f"long-{touchpoints}",
        "title": f"A journey of {touchpoints} touchpoints",
        "locale": "en",
        "reviewed": "2026-11-01",
        "personas": [{"id": i, "name": name, "share": share} for i, name, share in PERSONAS],
        "sources": sources,
        "stages": stages,
    }


def long_workspace(touchpoints: int) -> Path:
    """A workspace holding the long journey (JSON text is YAML 1.2)."""
    folder = CORPUS / "render" / f"long-{touchpoints}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    (folder / "journey.yaml").write_text(
        json.dumps(long_journey(touchpoints), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder


def journeys_workspace(count: int) -> Path:
    """The benchmark corpus of ``count`` journeys (generated when missing or stale)."""
    folder = CORPUS / str(count)
    if not gen_corpus.is_current(folder, count):
        if folder.exists():
            shutil.rmtree(folder)
        gen_corpus.generate(count, folder)
    return folder


@dataclass
class Case:
    label: str
    folder: Path
    fmt: str
    size: int
    unit: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(case: Case, repeats: int) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "cjmap", "render", "-f", case.fmt, "-o", out],
                cwd=case.folder,
                capture_output=True,
                env=env,
                check=False,
                stdin=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(
                f"cjmap render failed in {case.folder} (exit {proc.returncode}):\n"
                + proc.stderr.decode("utf-8", "replace")[-2000:]
            )
        case.seconds.append(elapsed)
        print(f"  {case.label} -f {case.fmt}: {elapsed:.2f} s", file=sys.stderr)


def growth(cases: list[Case]) -> str:
    """How time grows from the smallest to the largest size of a series: the ratios, and a
    straight line through the two ends (a fixed cost plus a cost per unit)."""
    small, large = cases[0], cases[-1]
    size_ratio = large.size / small.size
    time_ratio = large.median / small.median
    per_unit = (large.median - small.median) / (large.size - small.size)
    fixed = small.median - per_unit * small.size
    unit = small.unit.rstrip("s")
    return (
        f"{size_ratio:.0f}× the {small.unit} → {time_ratio:.1f}× the time; "
        f"about {max(fixed, 0.0):.2f} s fixed plus {per_unit * 1000:.2f} ms per {unit}"
    )


def report(series: dict[str, list[Case]], repeats: int, load: float | None) -> str:
    lines = [
        START,
        "## Rendering",
        "",
        f"Written by `python bench/bench_render.py` on {dt.date.today().isoformat()}; "
        "each time is the median of "
        f"{repeats} runs of a fresh `cjmap render` process (start-up, reading, validating, "
        "analysing, rendering and writing every file atomically).",
        "",
        benchkit.machine(load)
        + ". Workspaces of more than 8 journeys render in parallel, one process per core.",
        "",
    ]
    for title, cases in series.items():
        lines += [f"### {title}", "", "| Size | Format | Median | Per unit |", "|---|---|---|---|"]
        for case in cases:
            per = case.median / case.size * 1000
            lines.append(
                f"| {case.size:,} {case.unit} | {case.fmt} | {case.median:.2f} s | "
                f"{per:.2f} ms per {case.unit.rstrip('s')} |"
            )
        by_format: dict[str, list[Case]] = {}
        for case in cases:
            by_format.setdefault(case.fmt, []).append(case)
        lines.append("")
        for fmt, group in by_format.items():
            if len(group) > 1:
                lines.append(f"- {fmt}: {growth(group)}.")
        lines.append("")
    lines += [
        "Each line above fits a fixed cost (start-up: Python, the imports, the templates; "
        "reading and validating the workspace; the index) plus a cost per touchpoint or per "
        "journey, through the smallest and the largest size. Time grows linearly with what is "
        "rendered; compare formats and sizes within one run, since a busy machine moves all "
        "of them.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, start: str = START, end: str = END) -> None:
    """Replace the section of ``path`` between the markers ``start`` and ``end`` (this
    script's Rendering section by default), or append it."""
    benchkit.write_section(path, section, start, end)


def main(argv: list[str] | None = None) -> int:
    parser = benchkit.options(__doc__.split("\n")[0], "small sizes, a smoke run")
    args = parser.parse_args(argv)
    repeats = max(3, args.repeats)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    long_sizes = (50, 100) if args.quick else (100, 300, 1000)
    workspace_sizes = (20, 40) if args.quick else (100, 1000)
    long_formats = ("html", "md", "csv", "json")
    workspace_formats = ("html", "md") if args.quick else ("html", "md", "json")

    load = benchkit.load_average()
    series: dict[str, list[Case]] = {
        "One long journey": [
            Case("long journey", long_workspace(n), fmt, n, "touchpoints")
            for fmt in long_formats
            for n in long_sizes
        ],
        "A workspace of many journeys (25 touchpoints each)": [
            Case("workspace", journeys_workspace(n), fmt, n, "journeys")
            for fmt in workspace_formats
            for n in workspace_sizes
        ],
    }
    for cases in series.values():
        for case in cases:
            run(case, repeats)
    write_section(output, report(series, repeats, load))
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
