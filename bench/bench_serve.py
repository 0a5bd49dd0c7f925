"""Time ``cjmap serve``: from saving a file to the open page showing the change.

    python bench/bench_serve.py            # the full run; rewrites the Live preview section
                                           # of docs/performance.md
    python bench/bench_serve.py --quick    # a smoke run, written to bench/corpus/

Two workspaces: one journey (``gen_corpus.generate_single``) and the 1,000-journey corpus of
``bench/gen_corpus.py``, each copied to a temporary folder. ``cjmap serve`` runs in it; a
headless Chromium (``tests/chromium.py``, over the DevTools protocol) opens the edited
journey's page. Each edit rewrites the journey's title (as an editor saves: a new file renamed
over the old one) and records the wall-clock time just before the rename; a MutationObserver in
the page records the time the page's body first holds the new title. The difference is one
sample; the report gives the median and the slowest of ``--edits`` edits (20 by default).
Both clocks are the same machine's clock. Only the section between ``<!-- serve:start -->``
and ``<!-- serve:end -->`` of the output file is rewritten.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchkit
import gen_corpus
from bench_render import journeys_workspace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Chromium, find_chromium  # noqa: E402

CORPUS = HERE / "corpus"
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = CORPUS / "performance-serve-quick.md"
START = "<!-- serve:start -->"
END = "<!-- serve:end -->"
TARGET_MS = 300.0
TITLE = re.compile(r"^title: .*$", re.MULTILINE)

WATCH = """
window.cjmapBenchDone = null;
new MutationObserver(function (records, observer) {
  if (document.body && document.body.textContent.includes(%s)) {
    window.cjmapBenchDone = Date.now();
    observer.disconnect();
  }
}).observe(document.documentElement, {childList: true, subtree: true});
"""


@dataclass
class Case:
    label: str
    journeys: int
    samples: list[float] = field(default_factory=list)
    first_build: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def one_journey(folder: Path) -> tuple[Path, int]:
    return gen_corpus.generate_single(folder / "one"), 1


def many_journeys(folder: Path, count: int) -> tuple[Path, int]:
    source = journeys_workspace(count)
    target = folder / str(count)
    shutil.copytree(source, target)
    return sorted((target / "journeys").glob("journey-*.yaml"))[0], count


def journey_id(path: Path) -> str:
    found = re.search(r"^id: (.+)$", path.read_text("utf-8"), re.MULTILINE)
    assert found is not None, path
    return found.group(1).strip().strip("'\"")


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a new file, rename it over the old one."""
    temporary = path.with_name(f".{path.name}.bench")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def measure(case: Case, journey: Path, edits: int, browser: Chromium) -> None:
    root = journey.parent.parent if journey.parent.name == "journeys" else journey.parent
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "serve", "--port", "0"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stderr is not None
        url = None
        for raw in iter(proc.stderr.readline, b""):
            line = raw.decode("utf-8", "replace")
            if "serving at " in line:
                url = line.split("serving at ", 1)[1].split()[0]
                break
        if url is None:
            raise SystemExit(f"cjmap serve did not start in {root}")
        case.first_build = time.perf_counter() - start
        # Keep reading its messages, or a full pipe would stall it.
        drain = subprocess.Popen(["cat"], stdin=proc.stderr, stdout=subprocess.DEVNULL)
        browser.open(f"{url}{journey_id(journey)}.html")
        browser.wait_until("document.getElementById('cjmap-serve') !== null")
        original = journey.read_text("utf-8")
        for n in range(edits):
            marker = f"Bench edit {n} {time.time_ns()}"
            browser.evaluate(WATCH % repr(marker))
            saved = time.time() * 1000
            save(journey, TITLE.sub(f"title: {marker}", original, count=1))
            done = browser.wait_until("window.cjmapBenchDone", timeout=120)
            case.samples.append(float(done) - saved)
            print(f"  {case.label}: {case.samples[-1]:.0f} ms", file=sys.stderr)
            time.sleep(0.3)
        save(journey, original)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        if "drain" in locals():
            drain.wait(timeout=10)


def report(cases: list[Case], edits: int, load: float | None) -> str:
    lines = [
        START,
        "## Live preview",
        "",
        f"Written by `python bench/bench_serve.py` on {dt.date.today().isoformat()}: the time "
        "from saving a journey file to the page open in headless Chromium showing the change "
        f"(the median and the slowest of {edits} saves; the target is a median under "
        f"{TARGET_MS:.0f} ms). A save is a new file renamed over the old one, as editors do; "
        "`cjmap serve` notices it, re-reads and re-checks that file, renders that journey and "
        "the index again, and tells the page, which fetches the new page and swaps its body.",
        "",
        benchkit.machine(load) + ".",
        "",
        "| Workspace | First build | Median save → page | Slowest | Target |",
        "|---|---|---|---|---|",
    ]
    for case in cases:
        met = "met" if case.median < TARGET_MS else "missed"
        lines.append(
            f"| {case.label} | {case.first_build:.1f} s | {case.median:.0f} ms | "
            f"{max(case.samples):.0f} ms | < {TARGET_MS:.0f} ms: {met} |"
        )
    lines += [
        "",
        "The first build reads, checks and renders everything before the URL is printed; "
        "after it, a save costs what the changed file costs, plus the index, which lists "
        "every journey.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace the Live preview section of ``path`` (between the markers), or append it."""
    benchkit.write_section(path, section, START, END)


def main(argv: list[str] | None = None) -> int:
    parser = benchkit.options(__doc__.split("\n")[0], "few edits, a small corpus", repeats=False)
    parser.add_argument("--edits", type=int, default=20, help="saves timed per workspace")
    args = parser.parse_args(argv)
    edits = 3 if args.quick else max(5, args.edits)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    executable, reason = find_chromium()
    if executable is None:
        print(f"cannot run the benchmark: {reason}", file=sys.stderr)
        return 1
    load = benchkit.load_average()
    count = 40 if args.quick else 1000
    cases = []
    with (
        tempfile.TemporaryDirectory(prefix="cjmap-bench-serve-") as folder,
        Chromium(executable) as browser,
    ):
        for label, (journey, journeys) in (
            ("1 journey", one_journey(Path(folder))),
            (f"{count:,} journeys", many_journeys(Path(folder), count)),
        ):
            case = Case(label, journeys)
            measure(case, journey, edits, browser)
            cases.append(case)
    write_section(output, report(cases, edits, load))
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
