"""Time ``cjmap validate`` against check-jsonschema and yamllint; write docs/performance.md.

    make bench                                      # the full run, as committed
    python bench/bench_validate.py --quick          # a smoke run of a minute or so
    python bench/bench_validate.py --sizes 100,1000 --output /tmp/perf.md

For each corpus size N the three tools run on the same generated files (see
``bench/gen_corpus.py``), in turn, so that drift of the machine affects them alike. Every run
is a fresh process timed with ``time.perf_counter`` around its whole life, and its peak
resident memory is the ``ru_maxrss`` that ``wait4`` reports for that process alone. The doc
gives medians and ratios against peers measured in the same run, never one time alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gen_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
DEFAULT_SIZES = (100, 1000, 10000)
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = CORPUS / "performance-quick.md"
# A peer that needs longer than this for one run is run once at that size.
LONG_RUN_SECONDS = 300.0
TARGET_SPEEDUP = 10.0
# "Flat" memory: the peak at the largest corpus at most this many times the smallest's.
FLAT_MEMORY_FACTOR = 1.5
YAMLLINT_CONFIG = "relaxed"
TOOLS = ("cjmap", "check-jsonschema", "yamllint")


class BenchError(Exception):
    """The benchmark cannot go on; the message says why and what to do."""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int
    # Proportional set size of the whole process tree, sampled: counts worker processes.
    tree_mb: float = 0.0
    processes: int = 1
    # User + system CPU seconds of the process and its children (GNU time only).
    cpu_seconds: float = 0.0


@dataclass
class Case:
    """One command timed repeatedly."""

    tool: str
    argv: list[str]
    shown: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def tree_mb(self) -> float:
        return max(run.tree_mb for run in self.runs)

    @property
    def processes(self) -> int:
        return max(run.processes for run in self.runs)

    @property
    def memory_mb(self) -> float:
        """All the memory a run needs: the process tree's when sampled, else the peak."""
        return max(self.peak_mb, self.tree_mb)

    @property
    def exit_codes(self) -> set[int]:
        return {run.exit_code for run in self.runs}


@dataclass
class SizeResult:
    size: int
    files: int
    megabytes: float
    cases: list[Case]


@dataclass
class ImportRow:
    module: str
    depth: int
    cumulative_ms: float
    self_ms: float


@dataclass
class Results:
    date: str
    quick: bool
    machine: dict[str, str]
    schema_note: str
    sizes: list[SizeResult] = field(default_factory=list)
    single: list[Case] = field(default_factory=list)
    in_workspace: list[Case] = field(default_factory=list)
    in_workspace_size: int = 0
    startup: list[Case] = field(default_factory=list)
    imports: dict[str, list[ImportRow]] = field(default_factory=dict)


# --- running ----------------------------------------------------------------------------


def tool_path(name: str) -> str:
    """The console script next to this Python (the bench venv), else one on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise BenchError(
            f"'{name}' is not installed; run `make bench`, or "
            f"`{sys.executable} -m pip install -e '.[bench]'` and try again"
        )
    return found


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


@functools.cache
def gnu_time() -> str | None:
    """GNU time, when installed: it measures its child from a tiny parent process."""
    path = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if path is None:
        return None
    proc = subprocess.run([path, "--version"], capture_output=True, check=False)
    return path if b"GNU" in proc.stdout + proc.stderr else None


def _maxrss_mb(usage: object) -> float:
    raw = float(getattr(usage, "ru_maxrss", 0))
    # Linux reports kilobytes, macOS bytes.
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def run_once(argv: Sequence[str], log: Path) -> Run:
    """Run a command to its end; its wall time, peak memory and exit code.

    On Linux a child's ``ru_maxrss`` starts from its parent's resident size at fork, so
    ``wait4`` from this Python process would floor every figure at the benchmark's own
    size; GNU time (a small C program) forks the command itself and reports its peak.
    """
    rss_file = log.with_suffix(".rss")
    timer = gnu_time()
    full = [timer, "-f", "%M %U %S", "-o", str(rss_file), *argv] if timer else list(argv)
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=_env())
        sampler = TreeSampler(proc.pid, skip_root=timer is not None)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        sampler.finish()
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = _maxrss_mb(usage)
    cpu = usage.ru_utime + usage.ru_stime
    if timer:
        lines = rss_file.read_text().splitlines() if rss_file.exists() else []
        fields = lines[-1].split() if lines else []
        try:
            peak, cpu = int(fields[0]) / 1024, float(fields[1]) + float(fields[2])
        except (IndexError, ValueError):
            raise BenchError(f"GNU time wrote no figures for: {' '.join(argv)}") from None
    return Run(elapsed, peak, proc.returncode, sampler.peak_kb / 1024, sampler.processes, cpu)


class TreeSampler(threading.Thread):
    """Samples the summed proportional set size (PSS) of a process and its descendants.

    ``ru_maxrss`` is one process's peak; a tool that reads files in worker processes needs
    the sum. PSS shares pages that forked workers have in common among them, so the sum
    does not count them twice. Linux only; elsewhere nothing is sampled.
    """

    INTERVAL = 0.1

    def __init__(self, pid: int, *, skip_root: bool) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.skip_root = skip_root
        self.peak_kb = 0
        self.processes = 1
        self._done = threading.Event()

    def finish(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
            return
        while not self._done.is_set():
            tree = self._tree()
            if tree:
                self.processes = max(self.processes, len(tree))
                self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in tree))
            self._done.wait(self.INTERVAL)

    def _tree(self) -> list[int]:
        found: list[int] = []
        stack = _children(self.pid) if self.skip_root else [self.pid]
        while stack:
            pid = stack.pop()
            found.append(pid)
            stack.extend(_children(pid))
        return found


def _children(pid: int) -> list[int]:
    """A process's children, from each of its threads' ``children`` file: a few small reads,
    where scanning all of /proc would cost the machine more than the tools it measures."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(
                int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            )
        except (OSError, ValueError):
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def memory_method() -> str:
    if gnu_time():
        peak = (
            "*peak RSS* is the largest process's maximum resident set size as GNU time "
            "(`time -f %M`) reports it"
        )
    else:
        peak = (
            "*peak RSS* is `ru_maxrss` from `wait4`; GNU time was not found, so each figure "
            "is floored at the benchmark process's own size (compare the `python -c pass` row)"
        )
    return (
        f"{peak}; *all processes* is the summed proportional set size (PSS) of the tool and "
        "any worker processes it starts, sampled every 100 ms (so it can miss a short peak); "
        "*processes* is how many ran at once. Each is the largest over the runs"
    )


def measure(cases: list[Case], repeats: int, logs: Path, label: str) -> None:
    """Run every case ``repeats`` times, round-robin; a case slower than LONG_RUN_SECONDS
    runs once."""
    for round_no in range(1, repeats + 1):
        for case in cases:
            if case.runs and case.runs[0].seconds > LONG_RUN_SECONDS:
                continue
            log = logs / f"{label}-{case.tool}.log"
            run = run_once(case.argv, log)
            case.runs.append(run)
            print(
                f"  {label:<14} {case.tool:<17} run {round_no}/{repeats}  "
                f"{run.seconds:8.3f} s  cpu {run.cpu_seconds:8.3f} s  {run.peak_mb:7.1f} MB  "
                f"exit {run.exit_code}",
                flush=True,
            )
            if run.exit_code != 0 and not case.note:
                tail = log.read_text("utf-8", "replace").strip().splitlines()[-3:]
                case.note = f"exit code {run.exit_code}: " + " / ".join(tail)
    for case in cases:
        if len(case.runs) < repeats:
            case.note = (
                f"ran once: one run took {case.runs[0].seconds:.0f} s "
                f"(over {LONG_RUN_SECONDS:.0f} s)"
            )


# --- the corpus -------------------------------------------------------------------------


def corpus_for(size: int) -> Path:
    """The corpus of ``size`` journeys, generated when missing or out of date."""
    folder = CORPUS / str(size)
    if not gen_corpus.is_current(folder, size):
        if folder.exists():
            shutil.rmtree(folder)
        print(f"generating {size} journeys into {folder.relative_to(ROOT)} ...", flush=True)
        gen_corpus.generate(size, folder)
    return folder


def check_valid(folder: Path) -> None:
    """The corpus must validate with no findings: then every tool times a clean run."""
    proc = subprocess.run(
        [tool_path("cjmap"), "validate", "--format", "json", rel(folder)],
        cwd=ROOT,
        capture_output=True,
        env=_env(),
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    if proc.returncode != 0 or report is None or report["findings"]:
        shown = proc.stdout.decode("utf-8", "replace")[:2000] or proc.stderr.decode()[:2000]
        raise BenchError(
            f"the generated corpus {rel(folder)} does not validate cleanly "
            f"(exit {proc.returncode}); bench/gen_corpus.py must write valid files:\n{shown}"
        )


def rel(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def schema_file(tmp: Path) -> tuple[Path, str]:
    """The committed journey schema, or one exported from the model when it is missing."""
    committed = ROOT / "schemas" / "journey.schema.json"
    if committed.is_file():
        return committed, "the committed `schemas/journey.schema.json`"
    from cjmap.document.model import Journey

    exported = tmp / "journey.schema.json"
    exported.write_text(json.dumps(Journey.model_json_schema()), encoding="utf-8")
    return exported, (
        "a schema exported from `cjmap.document.model.Journey.model_json_schema()` "
        "(`schemas/journey.schema.json` was not committed yet)"
    )


def corpus_cases(folder: Path, schema: Path) -> list[Case]:
    journeys = sorted((folder / "journeys").glob("*.yaml"))
    schema_arg = rel(schema) if schema.is_relative_to(ROOT) else str(schema)
    return [
        Case(
            "cjmap", [tool_path("cjmap"), "validate", rel(folder)], f"cjmap validate {rel(folder)}"
        ),
        Case(
            "check-jsonschema",
            [tool_path("check-jsonschema"), "--schemafile", schema_arg, *map(rel, journeys)],
            f"check-jsonschema --schemafile {schema_arg} {rel(folder)}/journeys/*.yaml",
        ),
        Case(
            "yamllint",
            [tool_path("yamllint"), "-d", YAMLLINT_CONFIG, rel(folder)],
            f"yamllint -d {YAMLLINT_CONFIG} {rel(folder)}",
        ),
    ]


def file_cases(path: Path, schema: Path) -> list[Case]:
    schema_arg = rel(schema) if schema.is_relative_to(ROOT) else str(schema)
    return [
        Case("cjmap", [tool_path("cjmap"), "validate", rel(path)], f"cjmap validate {rel(path)}"),
        Case(
            "check-jsonschema",
            [tool_path("check-jsonschema"), "--schemafile", schema_arg, rel(path)],
            f"check-jsonschema --schemafile {schema_arg} {rel(path)}",
        ),
        Case(
            "yamllint",
            [tool_path("yamllint"), "-d", YAMLLINT_CONFIG, rel(path)],
            f"yamllint -d {YAMLLINT_CONFIG} {rel(path)}",
        ),
    ]


# --- start-up ---------------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
ImportPath = tuple[str, ...]
# Rows of the start-up table: modules from this many milliseconds, this deep at most.
IMPORT_MIN_MS = 3.0
IMPORT_MAX_DEPTH = 4
IMPORT_MAX_CHILDREN = 3
IMPORT_MAX_ROWS = 50


def parse_importtime(stderr: str) -> dict[ImportPath, tuple[float, float]]:
    """``-X importtime`` output as {path from a top-level import: (cumulative, self) ms}.

    Python prints a module after the modules it imports, one indentation level deeper, so a
    line adopts the deeper lines printed since the last line at its own depth.
    """
    waiting: dict[int, list[tuple[str, float, float, list[Any]]]] = {}
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        own, cumulative, indent, module = match.groups()
        depth = len(indent) // 2
        children = waiting.pop(depth + 1, [])
        node = (module, int(cumulative) / 1000, int(own) / 1000, children)
        waiting.setdefault(depth, []).append(node)
    found: dict[ImportPath, tuple[float, float]] = {}

    def walk(nodes: list[tuple[str, float, float, list[Any]]], parent: ImportPath) -> None:
        for module, cumulative, own, children in nodes:
            path = (*parent, module)
            found[path] = (cumulative, own)
            walk(children, path)

    walk(waiting.get(0, []), ())
    return found


def import_rows(runs: list[dict[ImportPath, tuple[float, float]]]) -> list[ImportRow]:
    """The import tree with median times over ``runs``, slowest first at every level,
    without the modules that cost little."""
    samples: dict[ImportPath, list[tuple[float, float]]] = {}
    for run in runs:
        for path, times in run.items():
            samples.setdefault(path, []).append(times)
    median = {
        path: (statistics.median(c for c, _ in values), statistics.median(s for _, s in values))
        for path, values in samples.items()
    }
    children: dict[ImportPath, list[ImportPath]] = {}
    for path in median:
        children.setdefault(path[:-1], []).append(path)
    rows: list[ImportRow] = []

    def visit(parent: ImportPath) -> None:
        slowest = sorted(children.get(parent, []), key=lambda p: -median[p][0])
        for path in slowest[:IMPORT_MAX_CHILDREN] if parent else slowest:
            cumulative, own = median[path]
            depth = len(path) - 1
            if cumulative < IMPORT_MIN_MS or depth > IMPORT_MAX_DEPTH:
                continue
            rows.append(ImportRow(path[-1], depth, cumulative, own))
            visit(path)

    visit(())
    return rows[:IMPORT_MAX_ROWS]


def import_times(argv: list[str], runs: int) -> list[ImportRow]:
    """The slow part of the import tree of ``python -X importtime ARGV``, median over runs."""
    parsed = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", *argv],
            cwd=ROOT,
            capture_output=True,
            env=_env(),
            check=False,
        )
        parsed.append(parse_importtime(proc.stderr.decode("utf-8", "replace")))
    return import_rows(parsed)


# --- machine ----------------------------------------------------------------------------


def _version(argv: list[str]) -> str:
    proc = subprocess.run(argv, capture_output=True, env=_env(), check=False)
    text = (proc.stdout or proc.stderr).decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine_info() -> dict[str, str]:
    try:
        from _ruamel_yaml import CParser  # noqa: F401

        parser = "libyaml (ruamel.yaml.clib)"
    except ImportError:
        parser = "pure Python (ruamel.yaml.clib missing: expect cjmap to be much slower)"
    import pydantic

    return {
        "CPU": _cpu_model(),
        "CPU count": str(os.cpu_count()),
        "Memory": _memory(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "cjmap": _version([tool_path("cjmap"), "--version"]),
        "cjmap source": _commit(),
        "cjmap YAML parser": parser,
        "pydantic": pydantic.VERSION,
        "check-jsonschema": _version([tool_path("check-jsonschema"), "--version"]),
        "yamllint": _version([tool_path("yamllint"), "--version"]),
        "Load average at the start": _load(),
    }


def _commit() -> str:
    """The commit measured, and whether ``src/`` had changes not yet committed."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, check=False
    )
    if head.returncode != 0:
        return "unknown (not a git checkout)"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, check=False
    )
    changed = " with uncommitted changes in src/" if dirty.stdout.strip() else ""
    return f"commit {head.stdout.decode().strip()}{changed}"


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine slows every tool."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (on {os.cpu_count()} CPUs)"


# --- the report -------------------------------------------------------------------------


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _ratio(case: Case, base: Case) -> str:
    return f"{case.median / base.median:.1f}×"


def _case_table(cases: list[Case]) -> list[str]:
    base = cases[0]
    lines = [
        "| tool | median s | fastest–slowest s | time vs cjmap | median CPU s "
        "| peak RSS MB | all processes MB | processes | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        times = [run.seconds for run in case.runs]
        lines.append(
            f"| {case.tool} | {_s(case.median)} | {_s(min(times))}–{_s(max(times))} "
            f"| {_ratio(case, base)} | {_s(case.cpu_median)} | {case.peak_mb:.0f} "
            f"| {_mb(case.tree_mb)} | {case.processes} | {len(case.runs)} |"
        )
    lines.append("")
    lines.extend(f"- `{case.shown}`" for case in cases)
    notes = [f"- {case.tool}: {case.note}" for case in cases if case.note]
    if notes:
        lines.extend(["", "Notes:", *notes])
    return lines


def _mb(value: float) -> str:
    return f"{value:.0f}" if value else "–"


def _by_tool(cases: list[Case]) -> dict[str, Case]:
    return {case.tool: case for case in cases}


def _targets(results: Results) -> list[str]:
    rows: list[tuple[str, str, bool | None]] = []
    at_1000 = next((r for r in results.sizes if r.size == 1000), None)
    for peer in ("check-jsonschema", "yamllint"):
        goal = f"1,000 journeys: cjmap at least {TARGET_SPEEDUP:.0f}× faster than {peer}"
        if at_1000 is None:
            rows.append((goal, "not measured in this run", None))
            continue
        tools = _by_tool(at_1000.cases)
        speedup = tools[peer].median / tools["cjmap"].median
        rows.append(
            (
                goal,
                f"{speedup:.1f}× ({_s(tools['cjmap'].median)} s vs {_s(tools[peer].median)} s)",
                speedup >= TARGET_SPEEDUP,
            )
        )
    if results.single:
        tools = _by_tool(results.single)
        ratio = tools["cjmap"].median / tools["yamllint"].median
        rows.append(
            (
                "one file: cjmap no slower than yamllint",
                f"cjmap takes {ratio:.2f}× yamllint's time "
                f"({_s(tools['cjmap'].median)} s vs {_s(tools['yamllint'].median)} s)",
                ratio <= 1.0,
            )
        )
    if len(results.sizes) > 1:
        first, last = results.sizes[0], results.sizes[-1]
        low = _by_tool(first.cases)["cjmap"].memory_mb
        high = _by_tool(last.cases)["cjmap"].memory_mb
        rows.append(
            (
                f"memory flat as N grows (peak at the largest N ≤ {FLAT_MEMORY_FACTOR}× "
                "the smallest's)",
                f"{low:.0f} MB at {first.size:,} → {high:.0f} MB at {last.size:,} "
                f"({high / low:.1f}×)",
                high <= low * FLAT_MEMORY_FACTOR,
            )
        )
    lines = ["| target | measured | result |", "|---|---|---|"]
    for goal, measured, ok in rows:
        verdict = "n/a" if ok is None else ("PASS" if ok else "MISS")
        lines.append(f"| {goal} | {measured} | {verdict} |")
    return lines


def _growth(results: Results) -> list[str]:
    lines = [
        "Seconds per 1,000 files at each size (median time ÷ N × 1,000): flat means linear "
        "growth; falling means a fixed start-up cost spread over more files.",
        "",
        "| N | "
        + " | ".join(f"{tool} s/1,000" for tool in TOOLS)
        + " | cjmap memory MB | cjmap memory per file KB |",
        "|---:|" + "---:|" * (len(TOOLS) + 2),
    ]
    for result in results.sizes:
        tools = _by_tool(result.cases)
        cells = [f"{tools[tool].median / result.size * 1000:.2f}" for tool in TOOLS]
        lines.append(
            f"| {result.size:,} | "
            + " | ".join(cells)
            + f" | {tools['cjmap'].memory_mb:.0f} "
            + f"| {tools['cjmap'].memory_mb * 1024 / result.files:.0f} |"
        )
    return lines


def _imports(rows: list[ImportRow]) -> list[str]:
    lines = ["| module | cumulative ms | self ms |", "|---|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {'· ' * row.depth}`{row.module}` | {row.cumulative_ms:.1f} | {row.self_ms:.1f} |"
        )
    return lines


def render(results: Results) -> str:
    """docs/performance.md, from one run's results."""
    out = [
        f"<!-- generated by bench/bench_validate.py on {results.date}; "
        "do not edit by hand: run `make bench` -->",
        "",
        "# Performance",
        "",
        f"Generated by `bench/bench_validate.py` on {results.date}"
        + (" (**quick smoke run**: too few runs to quote)" if results.quick else "")
        + ". Every figure of the validation sections below comes from this one run on this "
        "one machine: compare the tools with each other (the ratios), not with timings taken "
        "elsewhere. The sections on rendering and on resource limits, at the end, are written "
        "by their own scripts, each with its own date.",
        "",
        "## What is measured",
        "",
        "`bench/gen_corpus.py` writes a workspace of N journey maps (5 stages × 5 touchpoints "
        "with actions, thoughts, emotions — some per persona —, effort, completion, durations, "
        "evidence, pain points, the opportunities that address them, metrics with targets and "
        "sources), in English, Russian, Greek, Chinese and Czech, plus `cjmap.yaml` and a "
        "personas file. The same seed always gives the same files. Every corpus validates with "
        "no findings, and that is checked before anything is timed.",
        "",
        "The three tools run on the same files, one after the other in each round (so drift "
        "of the machine affects them alike), each run a fresh process from start to exit:",
        "",
        "- **cjmap** `validate`: YAML syntax, the schema, ids and references across the "
        "workspace, and every lint rule — the most work of the three.",
        "- **check-jsonschema** with " + results.schema_note + ": YAML syntax and the journey "
        "schema, journey files only (no references, no lint rules).",
        f"- **yamllint** `-d {YAMLLINT_CONFIG}` (its built-in relaxed config): YAML syntax and "
        "style only.",
        "",
        "Times are wall-clock seconds (`time.perf_counter` around the process); *median* over "
        "the runs; *time vs cjmap* is a tool's median divided by cjmap's in the same table "
        "(10.0× means ten times as long as cjmap). *CPU s* is user + system time of the "
        "tool and any worker processes: it shows work done, and is less disturbed than wall "
        "time by other load on the machine, but a tool that uses several cores finishes "
        "sooner than its CPU time. Memory: " + memory_method() + ". The machine's load "
        "average is recorded below: when it is above the CPU count, other work competes "
        "for the cores, every wall time grows, and the ratios are the figures to read.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in results.machine.items()),
        "",
        "## Targets",
        "",
        *_targets(results),
        "",
    ]
    for result in results.sizes:
        out += [
            f"## {result.size:,} journeys",
            "",
            f"{result.files:,} files, {result.megabytes:.1f} MB "
            f"({result.megabytes * 1024 / result.files:.1f} KiB per file).",
            "",
            *_case_table(result.cases),
            "",
        ]
    if results.single:
        out += [
            "## One file",
            "",
            "Start-up dominates here. `bench/corpus/single/` is a workspace of one journey "
            "(inline personas, so it needs no other file), as a pre-commit hook on a small "
            "repository sees it.",
            "",
            *_case_table(results.single),
            "",
        ]
    if results.in_workspace:
        out += [
            f"### One file in a {results.in_workspace_size:,}-journey workspace",
            "",
            "`cjmap validate` on one file still reads every other file of its workspace, "
            "because references (personas, `improves`) resolve across files; the peers look "
            "at the one file only. This is what a pre-commit hook costs in a large workspace.",
            "",
            *_case_table(results.in_workspace),
            "",
        ]
    if len(results.sizes) > 1:
        out += ["## Growth", "", *_growth(results), ""]
    if results.startup or results.imports:
        out += ["## Start-up", ""]
        if results.startup:
            out += [
                "The interpreter alone against cjmap's two shortest paths:",
                "",
                "| command | median s | peak memory MB | runs |",
                "|---|---:|---:|---:|",
            ]
            out += [
                f"| `{case.shown}` | {_s(case.median)} | {case.peak_mb:.0f} | {len(case.runs)} |"
                for case in results.startup
            ]
            out.append("")
        for command, rows in results.imports.items():
            out += [
                f"Where the imports of `python -X importtime {command}` go (milliseconds, "
                "median over runs): each `·` is one level down, imported by the nearest row "
                f"above with fewer; at most the {IMPORT_MAX_CHILDREN} slowest imports of a module "
                f"are shown, none under {IMPORT_MIN_MS:.0f} ms.",
                "",
                *_imports(rows),
                "",
            ]
    out += [
        "## How to reproduce",
        "",
        "```sh",
        "make bench                                  # installs the bench extra, runs all sizes",
        ".venv/bin/python bench/bench_validate.py --quick          # smoke run, N = 100",
        ".venv/bin/python bench/bench_validate.py --sizes 100,1000 --output /tmp/perf.md",
        "```",
        "",
        "The corpora are written to `bench/corpus/` (git-ignored) and reused while the "
        "generator is unchanged. A peer that needs more than "
        f"{LONG_RUN_SECONDS:.0f} s for one run is run once at that size, and the table says so.",
        "",
    ]
    return "\n".join(out)


# --- main -------------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        message = f"'{text}' is not a list of numbers such as 100,1000"
        raise argparse.ArgumentTypeError(message) from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are whole numbers of journeys, 1 or more")
    return sizes


def bench(sizes: tuple[int, ...], quick: bool) -> Results:
    """Generate, check and time everything; the results of this one run."""
    results = Results(
        date=dt.date.today().isoformat(), quick=quick, machine=machine_info(), schema_note=""
    )
    with tempfile.TemporaryDirectory(prefix="cjmap-bench-") as tmp_name:
        tmp = Path(tmp_name)
        schema, results.schema_note = schema_file(tmp)
        single = gen_corpus.generate_single(CORPUS / "single")
        single_cases = file_cases(single, schema)
        # Warm-up: compile bytecode and fill the page cache before anything is timed.
        for case in single_cases:
            run_once(case.argv, tmp / "warm-up.log")
        for size in sizes:
            folder = corpus_for(size)
            check_valid(folder)
            files = list(folder.rglob("*.yaml"))
            megabytes = sum(p.stat().st_size for p in files) / 1024 / 1024
            cases = corpus_cases(folder, schema)
            repeats = 2 if quick else (5 if size <= 1000 else 3)
            print(f"N = {size:,}: {len(files):,} files, {megabytes:.1f} MB", flush=True)
            measure(cases, repeats, tmp, f"N={size}")
            results.sizes.append(SizeResult(size, len(files), megabytes, cases))

        print("one file", flush=True)
        measure(single_cases, 3 if quick else 10, tmp, "one file")
        results.single = single_cases

        workspace_size = max((s for s in sizes if s <= 1000), default=min(sizes))
        inside = CORPUS / str(workspace_size) / "journeys" / "journey-00000.yaml"
        results.in_workspace = file_cases(inside, schema)
        results.in_workspace_size = workspace_size
        measure(results.in_workspace, 3 if quick else 10, tmp, "one in corpus")

        python = sys.executable
        results.startup = [
            Case("python", [python, "-c", "pass"], "python -c pass"),
            Case(
                "cjmap --version",
                [python, "-m", "cjmap", "--version"],
                "python -m cjmap --version",
            ),
            Case(
                "cjmap validate",
                [python, "-m", "cjmap", "validate", rel(single)],
                f"python -m cjmap validate {rel(single)}",
            ),
        ]
        measure(results.startup, 3 if quick else 10, tmp, "start-up")
        runs = 2 if quick else 7
        results.machine["Load average at the end"] = _load()
        results.imports = {
            "-m cjmap --version": import_times(["-m", "cjmap", "--version"], runs),
            f"-m cjmap validate {rel(single)}": import_times(
                ["-m", "cjmap", "validate", rel(single)], runs
            ),
        }
    return results


_SECTION = re.compile(r"<!-- ([a-z]+):start -->.*?<!-- \1:end -->", re.S)


def kept_sections(path: Path) -> str:
    """The sections other scripts write into the same file, between their own
    ``<!-- name:start -->`` and ``<!-- name:end -->`` markers: kept as they are."""
    if not path.exists():
        return ""
    found = _SECTION.finditer(path.read_text(encoding="utf-8"))
    return "".join(f"\n{match.group(0)}\n" for match in found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help="corpus sizes, comma-separated (default 100,1000,10000; --quick: 100)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run: few repeats, N = 100 by default"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the report (default {rel(DEFAULT_OUTPUT)}; "
        f"--quick: {rel(QUICK_OUTPUT)})",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ((100,) if args.quick else DEFAULT_SIZES)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    try:
        results = bench(sizes, args.quick)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(results) + kept_sections(output), encoding="utf-8")
    CORPUS.mkdir(exist_ok=True)
    (CORPUS / "last-run.json").write_text(json.dumps(asdict(results), indent=1), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
