"""Time ``cjmap render -f pdf``: one journey of 1,000 touchpoints, and the examples.

    python bench/bench_print.py            # the full run; rewrites the Printing section of
                                           # docs/performance.md
    python bench/bench_print.py --quick    # a smoke run (100 touchpoints, one run each),
                                           # written to bench/corpus/

Each case is a fresh ``python -m cjmap render -f pdf`` process (or ``-f png``), timed with
``time.perf_counter`` around its whole life: start-up, reading, validating, analysing,
rendering the HTML, starting the browser, printing every page and writing the files. The
long journey is ``bench_render``'s (``bench/corpus/render/long-N``); the examples are
``examples/`` (every journey and the index, printed by one browser). Only the
section between ``<!-- print:start -->`` and ``<!-- print:end -->`` of the output file is
rewritten. Needs Chromium, Chrome or Edge (see docs/printing.md).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import benchkit
from bench_render import Case, long_workspace, run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = HERE / "corpus" / "performance-print-quick.md"
START = "<!-- print:start -->"
END = "<!-- print:end -->"


def report(cases: list[Case], repeats: int, load: float | None) -> str:
    lines = [
        START,
        "## Printing (PDF and PNG)",
        "",
        f"Written by `python bench/bench_print.py` on {dt.date.today().isoformat()}; each time "
        f"is the median of {repeats} run{'s' * (repeats != 1)} of a fresh `cjmap render -f pdf` "
        "(or `-f png`) process: start-up, reading, validating, analysing, rendering the HTML, "
        "starting one headless browser, printing every page and writing the files.",
        "",
        benchkit.machine(load) + ".",
        "",
        "| What | Format | HTML pages printed | Median |",
        "|---|---|---|---|",
    ]
    for case in cases:
        lines.append(f"| {case.label} | {case.fmt} | {case.size} | {case.median:.2f} s |")
    lines += [
        "",
        "Most of the time of a small run is the browser starting and laying out the pages; "
        "one browser prints every journey of a run, so many journeys cost little more than one.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = benchkit.options(__doc__.split("\n")[0], "a smaller journey, one run each")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else max(3, args.repeats)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    size = 100 if args.quick else 1000
    examples = ROOT / "examples"
    pages = len(list((examples / "journeys").glob("*.yaml"))) + 1
    cases = [
        Case(f"one journey of {size:,} touchpoints (A3)", long_workspace(size), "pdf", 2, "pages"),
        Case("the examples and the index (A3)", examples, "pdf", pages, "pages"),
        Case("the examples and the index (1,440 px)", examples, "png", pages, "pages"),
    ]
    load = benchkit.load_average()
    for case in cases:
        run(case, repeats)
    write_section_between(output, report(cases, repeats, load))
    print(f"wrote {output}", file=sys.stderr)
    return 0


def write_section_between(path: Path, section: str) -> None:
    """``benchkit.write_section`` with this script's markers."""
    benchkit.write_section(path, section, START, END)


if __name__ == "__main__":
    sys.exit(main())
