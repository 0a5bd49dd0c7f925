"""Time every cjmap command a user waits for against its peers; write docs/performance.md.

    make bench                                      # the full run, as committed
    python bench/bench_validate.py --quick          # a smoke run of a minute or two
    python bench/bench_validate.py --sizes 100,1000 --output /tmp/perf.md

For each corpus size N the tools run on the same generated files (see
``bench/gen_corpus.py``), in turn, so that drift of the machine affects them alike:
``cjmap validate``, ``analyze`` (text and JSON), ``render`` and ``fmt --check`` (cold and warm
cache), the libyaml event-stream floor (``bench/yaml_floor.py``), and the peers
check-jsonschema, yamllint and ``yamlfix --check`` (up to 1,000 journeys: no target needs them
on larger corpora, where they take many minutes). At 1,000 journeys the validation peers also
run on a corpus of 20–25 KB journeys. Then one file: alone, and inside the 1,000- and
10,000-journey workspaces with a warm and a cold workspace cache.

Every run is a fresh process timed with ``time.perf_counter`` around its whole life; its peak
resident memory comes from GNU time (else ``wait4``), and the summed PSS of its process tree
is sampled. The doc gives medians and ratios against peers measured in the same run, never
one time alone, and a table of the targets of issue 13 with PASS or MISS.
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
# --quick: every table and target, on corpora small enough for a minute or two.
QUICK_SIZES = (10, 40)
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = CORPUS / "performance-quick.md"
# A peer that needs longer than this for one run is run once at that size.
LONG_RUN_SECONDS = 300.0
# A case is not run again once its runs have taken this long in all: the slow peers get
# fewer runs (a long run is a steadier figure), and the whole run stays near 25 minutes.
CASE_BUDGET_SECONDS = 60.0
# The targets of issue 13, each measured in one run (ratios of medians).
TARGET_SIZE = 1000
SPEEDUP_OVER = {"check-jsonschema": 15.0, "yamllint": 40.0}
FLOOR_FACTOR = 1.5  # cjmap validate ≤ this × the libyaml event-stream floor
COMMAND_FACTOR = 2.0  # analyze and render ≤ this × validate's time
FMT_COLD_SPEEDUP = 2.0  # fmt --check at least this much faster than yamlfix --check
FMT_WARM_SPEEDUP = 10.0
WARM_FILE_FACTOR = 1.5  # one file in a large workspace, warm cache: ≤ this × yamllint
ALONE_FACTOR = 1.0  # one file alone: ≤ this × yamllint
# "Flat" memory: the peak at the largest corpus at most this many times the smallest's.
FLAT_MEMORY_FACTOR = 1.5
# One file in a workspace before the workspace cache (cold: no slower than this). Before
# the cache, `cjmap validate one.yaml` read and checked the whole workspace, so at 10,000
# journeys (never measured for one file) the whole-workspace figure of the same run stands in.
PREVIOUS_COLD_SECONDS = {1000: 2.002, 10000: 11.9}
PREVIOUS_COLD_SOURCE = {
    1000: "docs/performance.md of 2026-11-23 (commit 51a4138), one file in the 1,000-journey "
    "workspace: 2.002 s (yamllint 0.196 s)",
    10000: "docs/performance.md of 2026-11-23 (commit 51a4138), `cjmap validate` of the "
    "whole 10,000-journey workspace: 11.9 s, which one file then cost",
}
# Above the target size, a case runs at most twice and stops after this many seconds: its
# memory is what is needed there (the largest over its runs), and the growth of its time.
LARGE_N_BUDGET_SECONDS = 30.0
# Above the target size, a cjmap command whose time, scaled from the size before, would
# exceed this is not run (its memory target is then not measured): a command that misses
# its time target by far must not stretch the run past half an hour.
SKIP_PREDICTED_SECONDS = 240.0
# Peers run on corpora up to this size only: no target needs them on larger ones.
PEER_MAX_SIZE = 1000
CACHE_FOLDER = ".cjmap_cache"
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
    cwd: Path = ROOT
    # Removed before every run: a render output, or the cache for a cold run without
    # --no-cache.
    clear: list[Path] = field(default_factory=list)
    # A warm-cache case: this cache folder is filled by an untimed run before the first
    # timed one, and again whenever a cold case removed it.
    warm: Path | None = None
    primed: bool = False

    def add_note(self, text: str) -> None:
        self.note = f"{self.note}; {text}" if self.note else text

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
    # Cases left out at this size, and why (a predicted time over SKIP_PREDICTED_SECONDS).
    skipped: dict[str, str] = field(default_factory=dict)


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
    # One file inside the workspace of N journeys, by N.
    in_workspace: dict[int, list[Case]] = field(default_factory=dict)
    startup: list[Case] = field(default_factory=list)
    imports: dict[str, list[ImportRow]] = field(default_factory=dict)
    # The size the targets are judged at (1,000; the largest size up to it in a short run).
    target_size: int = TARGET_SIZE
    # The corpus of 20–25 KB journeys at the target size.
    large: SizeResult | None = None
    # How a cold cache was made, per command: "--no-cache" or the folder removed.
    cold_method: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0


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
    env = {**os.environ, "NO_COLOR": "1"}
    # Whether a run may use the workspace cache is the benchmark's choice, case by case.
    env.pop("CJMAP_NO_CACHE", None)
    # Every tool runs from compiled bytecode, as an installed package does (pip compiles it);
    # an editable checkout under PYTHONDONTWRITEBYTECODE would compile cjmap on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_sources() -> None:
    """Compile cjmap's modules once, as ``pip install`` does for a wheel."""
    import compileall

    import cjmap

    compileall.compile_dir(Path(cjmap.__file__).parent, quiet=1)


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


def run_once(argv: Sequence[str], log: Path, cwd: Path = ROOT) -> Run:
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
        proc = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=_env())
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


def measure(
    cases: list[Case],
    repeats: int,
    logs: Path,
    label: str,
    budget: float = CASE_BUDGET_SECONDS,
) -> None:
    """Run every case ``repeats`` times, round-robin; a case slower than LONG_RUN_SECONDS
    runs once, and a case whose runs have taken ``budget`` seconds in all is not run again."""
    for round_no in range(1, repeats + 1):
        for case in cases:
            spent = sum(run.seconds for run in case.runs)
            if case.runs and (case.runs[0].seconds > LONG_RUN_SECONDS or spent >= budget):
                continue
            log = logs / f"{label}-{_slug(case.tool)}.log"
            prepare(case, log)
            run = run_once(case.argv, log, case.cwd)
            case.runs.append(run)
            print(
                f"  {label:<16} {case.tool:<32} run {round_no}/{repeats}  "
                f"{run.seconds:8.3f} s  cpu {run.cpu_seconds:8.3f} s  {run.peak_mb:7.1f} MB  "
                f"exit {run.exit_code}",
                flush=True,
            )
            if run.exit_code != 0 and "exit code" not in case.note:
                text = _ANSI.sub("", log.read_text("utf-8", "replace"))
                tail = text.strip().splitlines()[-3:]
                case.add_note(f"exit code {run.exit_code}: " + " / ".join(tail))
    for case in cases:
        if len(case.runs) >= repeats:
            continue
        if case.runs[0].seconds > LONG_RUN_SECONDS:
            case.add_note(
                f"ran once: one run took {case.runs[0].seconds:.0f} s "
                f"(over {LONG_RUN_SECONDS:.0f} s)"
            )
        else:
            spent = sum(run.seconds for run in case.runs)
            case.add_note(
                f"ran {len(case.runs)} of {repeats} times: its runs took {spent:.0f} s, "
                f"the time one case may take is {budget:.0f} s"
            )


def prepare(case: Case, log: Path) -> None:
    """Before a timed run: remove what must not be there, fill a warm cache."""
    for path in case.clear:
        shutil.rmtree(path, ignore_errors=True)
    if case.warm is None:
        return
    if not case.primed:
        run_once(case.argv, log, case.cwd)  # untimed: only fills the cache
        case.primed = True
        if not case.warm.exists():
            case.add_note(
                f"no cache folder ({case.warm.name}) was written: this warm-cache case "
                "ran without a cache"
            )
    elif not case.warm.exists() and "no cache folder" not in case.note:
        run_once(case.argv, log, case.cwd)  # a cold case removed the cache: fill it again


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


@functools.cache
def no_cache_flag(command: str) -> bool:
    """Whether ``cjmap COMMAND`` has ``--no-cache`` (else a cold run removes the folder)."""
    proc = subprocess.run(
        [tool_path("cjmap"), command, "--help"], capture_output=True, env=_env(), check=False
    )
    return b"--no-cache" in proc.stdout


def cold(case: Case, command: str, workspace: Path, results: Results | None = None) -> Case:
    """``case`` with a cold workspace cache: ``--no-cache`` when the command has it, else the
    cache folder removed before every run."""
    if no_cache_flag(command):
        case.argv.append("--no-cache")
        case.shown += " --no-cache"
        method = "`--no-cache`"
    else:
        case.clear.append(workspace / CACHE_FOLDER)
        method = f"`{CACHE_FOLDER}/` removed before each run (no `--no-cache` option)"
    if results is not None:
        results.cold_method[command] = method
    return case


# --- the corpus -------------------------------------------------------------------------


def corpus_for(size: int, *, large: bool = False) -> Path:
    """The corpus of ``size`` journeys (of 20–25 KB when ``large``), generated when missing
    or out of date."""
    folder = CORPUS / (f"large-{size}" if large else str(size))
    if not gen_corpus.is_current(folder, size, large=large):
        if folder.exists():
            shutil.rmtree(folder)
        print(f"generating {size} journeys into {folder.relative_to(ROOT)} ...", flush=True)
        gen_corpus.generate(size, folder, large=large)
    return folder


def formatted_copy(folder: Path) -> Path:
    """A fresh copy of the corpus, formatted by ``cjmap fmt`` (untimed), for ``fmt --check``
    and ``yamlfix --check``: their caches and rewrites stay out of the corpus the other
    commands read."""
    copy = folder.with_name(f"{folder.name}-formatted")
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(CACHE_FOLDER))
    proc = subprocess.run(
        [tool_path("cjmap"), "fmt", rel(copy)],
        cwd=ROOT,
        capture_output=True,
        env=_env(),
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(
            f"`cjmap fmt {rel(copy)}` failed (exit {proc.returncode}):\n"
            + (proc.stdout + proc.stderr).decode("utf-8", "replace")[-2000:]
        )
    return copy


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


def _schema_arg(schema: Path) -> str:
    return rel(schema) if schema.is_relative_to(ROOT) else str(schema)


def corpus_cases(
    folder: Path,
    schema: Path,
    *,
    commands: bool = True,
    peers: bool = True,
    formatted: Path | None = None,
    out: Path | None = None,
    results: Results | None = None,
) -> list[Case]:
    """The cases of one corpus: cjmap validate first (the base of every ratio), the other
    cjmap commands, the libyaml floor, then the peers."""
    journeys = sorted((folder / "journeys").glob("*.yaml"))
    cj = tool_path("cjmap")
    where = rel(folder)
    cases = [
        cold(
            Case("cjmap", [cj, "validate", where], f"cjmap validate {where}"),
            "validate",
            folder,
            results,
        ),
    ]
    if commands:
        out = out or folder / "_site"
        cases += [
            cold(
                Case("cjmap analyze", [cj, "analyze", where], f"cjmap analyze {where}"),
                "analyze",
                folder,
                results,
            ),
            cold(
                Case(
                    "cjmap analyze -f json",
                    [cj, "analyze", "-f", "json", where],
                    f"cjmap analyze -f json {where}",
                ),
                "analyze",
                folder,
                results,
            ),
            cold(
                Case(
                    "cjmap render",
                    [cj, "render", where, "-o", str(out)],
                    f"cjmap render {where} -o TMP (html)",
                    clear=[out],
                ),
                "render",
                folder,
                results,
            ),
        ]
    if commands and formatted is not None:
        fmt_where = rel(formatted)
        cases += [
            cold(
                Case(
                    "cjmap fmt --check",
                    [cj, "fmt", "--check", fmt_where],
                    f"cjmap fmt --check {fmt_where}",
                ),
                "fmt",
                formatted,
                results,
            ),
            Case(
                "cjmap fmt --check, warm cache",
                [cj, "fmt", "--check", fmt_where],
                f"cjmap fmt --check {fmt_where} (after one untimed run)",
                warm=formatted / CACHE_FOLDER,
            ),
        ]
    cases.append(
        Case(
            "libyaml floor",
            [sys.executable, str(HERE / "yaml_floor.py"), where],
            f"python bench/yaml_floor.py {where}",
        )
    )
    if not peers:
        return cases
    schema_arg = _schema_arg(schema)
    cases += [
        Case(
            "check-jsonschema",
            [tool_path("check-jsonschema"), "--schemafile", schema_arg, *map(rel, journeys)],
            f"check-jsonschema --schemafile {schema_arg} {where}/journeys/*.yaml",
        ),
        Case(
            "yamllint",
            [tool_path("yamllint"), "-d", YAMLLINT_CONFIG, where],
            f"yamllint -d {YAMLLINT_CONFIG} {where}",
        ),
    ]
    if formatted is not None:
        fmt_where = rel(formatted)
        cases.append(
            Case(
                "yamlfix --check",
                [tool_path("yamlfix"), "--check", fmt_where],
                f"yamlfix --check {fmt_where}",
            )
        )
    return cases


def file_cases(
    workspace: Path, inside: str, schema: Path, results: Results | None = None
) -> list[Case]:
    """One file of ``workspace`` (``inside``, relative to it), each tool run from the
    workspace root: cjmap with a warm cache (the usual case: a hook or an editor runs it
    again and again), cjmap with a cold one, and the peers on that one file."""
    cj = tool_path("cjmap")
    where = f"in {rel(workspace)}: "
    schema_arg = str(schema.resolve())
    return [
        Case(
            "cjmap",
            [cj, "validate", inside],
            f"{where}cjmap validate {inside} (warm cache: after one untimed run)",
            cwd=workspace,
            warm=workspace / CACHE_FOLDER,
        ),
        cold(
            Case(
                "cjmap, cold cache",
                [cj, "validate", inside],
                f"{where}cjmap validate {inside}",
                cwd=workspace,
            ),
            "validate",
            workspace,
            results,
        ),
        Case(
            "check-jsonschema",
            [tool_path("check-jsonschema"), "--schemafile", schema_arg, inside],
            f"{where}check-jsonschema --schemafile {os.path.relpath(schema, workspace)} {inside}",
            cwd=workspace,
        ),
        Case(
            "yamllint",
            [tool_path("yamllint"), "-d", YAMLLINT_CONFIG, inside],
            f"{where}yamllint -d {YAMLLINT_CONFIG} {inside}",
            cwd=workspace,
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
    text = (proc.stdout or proc.stderr).decode("utf-8", "replace")
    # yamlfix frames its version in lines of dashes: the first line with a word in it.
    lines = [line.strip() for line in text.splitlines() if re.search(r"\w", line)]
    return lines[0] if lines else "unknown"


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
        "yamlfix": _version([tool_path("yamlfix"), "--version"]),
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


Row = tuple[str, str, bool | None]


def _unmeasured(goal: str) -> Row:
    return (goal, "not measured in this run", None)


def _speedup(goal: str, cases: list[Case], tool: str, peer: str, factor: float) -> Row:
    """``tool`` at least ``factor`` times faster than ``peer`` (medians of one table)."""
    tools = _by_tool(cases)
    if tool not in tools or peer not in tools:
        return _unmeasured(goal)
    mine, theirs = tools[tool].median, tools[peer].median
    speedup = theirs / mine
    return (goal, f"{speedup:.1f}× ({_s(mine)} s vs {_s(theirs)} s)", speedup >= factor)


def _at_most(goal: str, cases: list[Case], tool: str, other: str, factor: float) -> Row:
    """``tool`` takes at most ``factor`` times ``other``'s time (medians of one table)."""
    tools = _by_tool(cases)
    if tool not in tools or other not in tools:
        return _unmeasured(goal)
    mine, theirs = tools[tool].median, tools[other].median
    ratio = mine / theirs
    return (goal, f"{ratio:.2f}× ({_s(mine)} s vs {_s(theirs)} s)", ratio <= factor)


def _memory_row(command: str, low: Case, high: Case, low_size: int, high_size: int) -> Row:
    """Flat memory: the peak RSS of the largest process at most FLAT_MEMORY_FACTOR times as
    large at the largest size as at the smallest (the measure the issue's figures use:
    "36 MB at 100 → 63 MB at 10,000" are validate's peak RSS). The summed PSS of all
    processes is shown beside it: it also counts the worker process that starts only above
    200 files (using the second core, as the issue asks), a cost that does not grow with N."""
    goal = (
        f"memory of `{command}` flat: at {high_size:,} journeys ≤ {FLAT_MEMORY_FACTOR}× "
        f"that at {low_size:,} (peak RSS)"
    )
    ratio = high.peak_mb / low.peak_mb if low.peak_mb else float("inf")
    measured = f"peak RSS {low.peak_mb:.0f} → {high.peak_mb:.0f} MB ({ratio:.2f}×)"
    if low.tree_mb and high.tree_mb:
        measured += (
            f"; all processes {low.tree_mb:.0f} → {high.tree_mb:.0f} MB "
            f"({high.tree_mb / low.tree_mb:.2f}×, {low.processes} → {high.processes} "
            "processes)"
        )
    return (goal, measured, ratio <= FLAT_MEMORY_FACTOR)


def _corpus_label(result: SizeResult, large: bool) -> str:
    kib = result.megabytes * 1024 / result.files
    kind = "20–25 KB journeys" if large else "bench/'s corpus"
    return f"{result.size:,} journeys, {kind} ({kib:.1f} KiB per file)"


def target_rows(results: Results) -> list[Row]:
    """Every target of issue 13: (goal, what was measured, PASS / MISS / not measured)."""
    rows: list[Row] = []
    n = results.target_size
    for size, cases in sorted(results.in_workspace.items()):
        rows.append(
            _at_most(
                f"one file in a {size:,}-journey workspace, warm cache: cjmap ≤ "
                f"{WARM_FILE_FACTOR}× yamllint's time on that file",
                cases,
                "cjmap",
                "yamllint",
                WARM_FILE_FACTOR,
            )
        )
        rows.append(_cold_row(size, cases))
    rows.append(
        _at_most(
            f"one file alone: cjmap ≤ {ALONE_FACTOR}× yamllint's time",
            results.single,
            "cjmap",
            "yamllint",
            ALONE_FACTOR,
        )
    )
    standard = next((r for r in results.sizes if r.size == n), None)
    for result, large in ((standard, False), (results.large, True)):
        if result is None:
            rows.append(_unmeasured(f"{n:,} journeys: validation speed"))
            continue
        label = _corpus_label(result, large)
        for peer, factor in SPEEDUP_OVER.items():
            rows.append(
                _speedup(
                    f"{label}: cjmap validate ≥ {factor:.0f}× faster than {peer}",
                    result.cases,
                    "cjmap",
                    peer,
                    factor,
                )
            )
        rows.append(
            _at_most(
                f"{label}: cjmap validate ≤ {FLOOR_FACTOR}× the libyaml event-stream floor",
                result.cases,
                "cjmap",
                "libyaml floor",
                FLOOR_FACTOR,
            )
        )
    cases = standard.cases if standard else []
    for command in ("cjmap analyze", "cjmap analyze -f json", "cjmap render"):
        rows.append(
            _at_most(
                f"{n:,} journeys: `{command}` ≤ {COMMAND_FACTOR}× validate's time",
                cases,
                command,
                "cjmap",
                COMMAND_FACTOR,
            )
        )
    rows.append(
        _speedup(
            f"{n:,} formatted journeys: `cjmap fmt --check`, cold cache, ≥ "
            f"{FMT_COLD_SPEEDUP:.0f}× faster than `yamlfix --check`",
            cases,
            "cjmap fmt --check",
            "yamlfix --check",
            FMT_COLD_SPEEDUP,
        )
    )
    rows.append(
        _speedup(
            f"{n:,} formatted journeys: `cjmap fmt --check`, warm cache, ≥ "
            f"{FMT_WARM_SPEEDUP:.0f}× faster than `yamlfix --check`",
            cases,
            "cjmap fmt --check, warm cache",
            "yamlfix --check",
            FMT_WARM_SPEEDUP,
        )
    )
    if len(results.sizes) > 1:
        first, last = results.sizes[0], results.sizes[-1]
        low, high = _by_tool(first.cases), _by_tool(last.cases)
        for tool, case in low.items():
            command = "cjmap validate" if tool == "cjmap" else tool
            if tool.startswith("cjmap") and tool in high:
                rows.append(_memory_row(command, case, high[tool], first.size, last.size))
            elif tool in last.skipped:
                goal = (
                    f"memory of `{command}` flat: at {last.size:,} journeys ≤ "
                    f"{FLAT_MEMORY_FACTOR}× that at {first.size:,}"
                )
                rows.append((goal, last.skipped[tool], None))
    else:
        rows.append(_unmeasured("memory flat as N grows (needs two sizes)"))
    return rows


def _cold_row(size: int, cases: list[Case]) -> Row:
    goal = f"one file in a {size:,}-journey workspace, cold cache: no slower than before the cache"
    tools = _by_tool(cases)
    if "cjmap, cold cache" not in tools:
        return _unmeasured(goal)
    seconds = tools["cjmap, cold cache"].median
    versus = ""
    if "yamllint" in tools:
        versus = f"; {seconds / tools['yamllint'].median:.1f}× yamllint's time in this run"
    before = PREVIOUS_COLD_SECONDS.get(size)
    if before is None:
        return (
            goal,
            f"{_s(seconds)} s{versus}; no figure from before the cache at this size",
            None,
        )
    return (goal, f"{_s(seconds)} s vs {_s(before)} s before{versus}", seconds <= before)


def _targets(results: Results) -> list[str]:
    lines = ["| target | measured | result |", "|---|---|---|"]
    for goal, measured, ok in target_rows(results):
        verdict = "n/a" if ok is None else ("PASS" if ok else "MISS")
        lines.append(f"| {goal} | {measured} | {verdict} |")
    return lines


def _growth(results: Results) -> list[str]:
    tools: list[str] = []
    for result in results.sizes:
        tools += [case.tool for case in result.cases if case.tool not in tools]
    names = ["cjmap validate" if tool == "cjmap" else tool for tool in tools]
    lines = [
        "Seconds per 1,000 files at each size (median time ÷ N × 1,000): flat means linear "
        "growth; falling means a fixed start-up cost spread over more files; – where a tool "
        "was not run at that size.",
        "",
        "| N | "
        + " | ".join(f"{name} s/1,000" for name in names)
        + " | cjmap validate memory MB | cjmap validate memory per file KB |",
        "|---:|" + "---:|" * (len(tools) + 2),
    ]
    for result in results.sizes:
        found = _by_tool(result.cases)
        cells = [
            f"{found[tool].median / result.size * 1000:.2f}" if tool in found else "–"
            for tool in tools
        ]
        memory = found["cjmap"].memory_mb if "cjmap" in found else 0.0
        lines.append(
            f"| {result.size:,} | "
            + " | ".join(cells)
            + (
                f" | {memory:.0f} | {memory * 1024 / result.files:.0f} |"
                if memory
                else " | – | – |"
            )
        )
    return lines


def _imports(rows: list[ImportRow]) -> list[str]:
    lines = ["| module | cumulative ms | self ms |", "|---|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {'· ' * row.depth}`{row.module}` | {row.cumulative_ms:.1f} | {row.self_ms:.1f} |"
        )
    return lines


HOW_MEASURED = (
    "- *One file in a workspace*: from the root of the generated 1,000- and 10,000-journey "
    "workspaces, `cjmap validate journeys/journey-00000.yaml` against yamllint on that file. "
    "Warm: after one untimed run. Cold: `--no-cache`, or the cache folder removed before "
    "each run when the command has no such option; compared with the figure from before "
    "the cache (`PREVIOUS_COLD_SECONDS` in `bench/bench_validate.py`, which names its "
    "source).",
    "- *One file alone*: `cjmap validate one.yaml` in `bench/corpus/single/` (its own "
    "workspace), warm cache, against yamllint on that file.",
    "- *Validation speed*: `cjmap validate` of the whole 1,000-journey workspace, cold cache, "
    "against check-jsonschema (journey files) and yamllint (the workspace), on bench/'s "
    "corpus and on the 20–25 KB one; and against the libyaml floor (`bench/yaml_floor.py`, "
    "one process parsing every file's events with ruamel.yaml's C parser), timed as a "
    "process like the others.",
    "- *analyze and render*: `cjmap analyze` (text), `cjmap analyze -f json` and "
    "`cjmap render` (HTML) of the same 1,000 journeys, cold cache, against `cjmap validate` "
    "in the same rounds.",
    "- *fmt --check*: on a copy of the 1,000 journeys that `cjmap fmt` formatted first, "
    "against `yamlfix --check` on the same copy; cold (as above) and warm (after one untimed "
    "run).",
    "- *Memory*: for each cjmap command, the largest peak RSS over its runs (the largest "
    "process), at 10,000 journeys against 100, must stay within the factor: the issue's own "
    "figures (validate: 36 MB at 100, 63 MB at 10,000) are peak RSS. The largest sampled "
    "sum of PSS over all its processes is shown beside it; it also counts the worker "
    "process that starts only above 200 files, a fixed cost of using the second core.",
)


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
        "At 1,000 journeys a second corpus, written with `gen_corpus.py --large`, holds "
        "journeys of 20–25 KB on average (7 touchpoints per stage instead of 5, each with "
        "two actions, a thought and the service-blueprint lanes, some with a description); the "
        "validation tools run on it too.",
        "",
        "The tools run on the same files, one after the other in each round (so drift "
        "of the machine affects them alike), each run a fresh process from start to exit:",
        "",
        "- **cjmap** `validate`: YAML syntax, the schema, ids and references across the "
        "workspace, and every lint rule — the most work of the three validators.",
        "- **cjmap** `analyze` (text and `-f json`), `render` (HTML, to a temporary folder) "
        "and `fmt --check` (on a copy of the corpus that `cjmap fmt` formatted first): the "
        "other commands a user runs on a whole workspace.",
        "- The **libyaml floor**, `bench/yaml_floor.py`: one Python process that reads every "
        "file and pulls each parse event out of ruamel.yaml's C parser (libyaml), and does "
        "nothing else — what any YAML checker built on libyaml events costs at least, on "
        "one core.",
        "- **check-jsonschema** with " + results.schema_note + ": YAML syntax and the journey "
        "schema, journey files only (no references, no lint rules).",
        f"- **yamllint** `-d {YAMLLINT_CONFIG}` (its built-in relaxed config): YAML syntax and "
        "style only.",
        "- **yamlfix** `--check` (its default settings), on the formatted copy: the peer of "
        "`cjmap fmt --check`. Its default style is not cjmap's canonical form, so it exits 1 "
        "(it would change files) after reading and checking every file: that work is what "
        "is timed.",
        "",
        f"The peers run on corpora of up to {PEER_MAX_SIZE:,} journeys: no target needs them "
        "on larger ones, where one run of yamllint takes ten minutes.",
        "",
        "**The workspace cache.** Every whole-workspace command runs with a cold cache: "
        + "; ".join(f"{cmd}: {how}" for cmd, how in sorted(results.cold_method.items()))
        + ". A *warm cache* row ran the same command once, untimed, before its timed runs "
        "(and again whenever a cold row had removed the cache).",
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
        *(
            [f"| Duration of the run | {results.elapsed_seconds / 60:.1f} min |"]
            if results.elapsed_seconds
            else []
        ),
        "",
        "## Targets",
        "",
        "The targets of issue 13, each judged on medians measured in this run"
        + (
            f" (this run had no 1,000-journey corpus: {results.target_size:,} stands in)"
            if results.target_size != TARGET_SIZE
            else ""
        )
        + ".",
        "",
        *_targets(results),
        "",
        "How each target is measured:",
        "",
        *HOW_MEASURED,
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
            *(f"- {tool}: {why}" for tool, why in result.skipped.items()),
            "",
        ]
        if results.large is not None and result.size == results.target_size:
            large = results.large
            out += [
                f"### {large.size:,} journeys of 20–25 KB",
                "",
                f"{large.files:,} files, {large.megabytes:.1f} MB "
                f"({large.megabytes * 1024 / large.files:.1f} KiB per file), "
                f"`bench/corpus/large-{large.size}/`.",
                "",
                *_case_table(large.cases),
                "",
            ]
    if results.single:
        out += [
            "## One file",
            "",
            "Start-up dominates here. `bench/corpus/single/` is a workspace of one journey "
            "(inline personas, so it needs no other file), as a pre-commit hook on a small "
            "repository sees it; every tool runs from that folder.",
            "",
            *_case_table(results.single),
            "",
        ]
    for size, cases in sorted(results.in_workspace.items()):
        out += [
            f"### One file in a {size:,}-journey workspace",
            "",
            "Each tool runs from the workspace root on one journey file, as a pre-commit hook "
            "or an editor's on-save check does. References (personas, `improves`) resolve "
            "across files, so without a cache `cjmap validate` reads every file of the "
            "workspace; with a warm cache it reads the one file and the cache. The peers look "
            "at the one file only.",
            "",
            *_case_table(cases),
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
        ".venv/bin/python bench/bench_validate.py --quick          # smoke run, N = 10 and 40",
        ".venv/bin/python bench/bench_validate.py --sizes 100,1000 --output /tmp/perf.md",
        "```",
        "",
        "The corpora are written to `bench/corpus/` (git-ignored) and reused while the "
        "generator is unchanged; the formatted copies are made afresh on every run. A tool "
        f"that needs more than {LONG_RUN_SECONDS:.0f} s for one run is run once at that size, "
        f"and one whose runs have taken {CASE_BUDGET_SECONDS:.0f} s in all is not run again; "
        "the table's notes say so. Above 1,000 journeys a case runs at most twice, stopping "
        f"after {LARGE_N_BUDGET_SECONDS:.0f} s, and a cjmap command whose time at the size "
        f"before predicts more than {SKIP_PREDICTED_SECONDS:.0f} s for one run is left out "
        "(its memory target then reads n/a): the whole run stays near 25 minutes.",
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


def target_size(sizes: tuple[int, ...]) -> int:
    """The size the targets are judged at: 1,000, or the largest size below it."""
    return max((size for size in sizes if size <= TARGET_SIZE), default=min(sizes))


def too_slow(before: SizeResult, size: int) -> dict[str, str]:
    """The cjmap commands not to run at ``size``: those whose median at the size before,
    scaled linearly, predicts more than SKIP_PREDICTED_SECONDS for one run. Never
    ``validate``: it is what every other figure of the size is compared with."""
    skipped = {}
    for case in before.cases:
        if not case.tool.startswith("cjmap ") or not case.runs:
            continue
        predicted = case.median * size / before.size
        if predicted > SKIP_PREDICTED_SECONDS:
            shown = f"{predicted / 60:.0f} min" if predicted >= 120 else f"{predicted:.0f} s"
            skipped[case.tool] = (
                f"not run: {_s(case.median)} s at {before.size:,} journeys predicts "
                f"{shown} for one run here (over {SKIP_PREDICTED_SECONDS:.0f} s)"
            )
    return skipped


def _size_result(folder: Path, size: int, cases: list[Case]) -> SizeResult:
    files = list(folder.rglob("*.yaml"))
    megabytes = sum(p.stat().st_size for p in files) / 1024 / 1024
    return SizeResult(size, len(files), megabytes, cases)


def bench(sizes: tuple[int, ...], quick: bool) -> Results:
    """Generate, check and time everything; the results of this one run."""
    started = time.perf_counter()
    results = Results(
        date=dt.date.today().isoformat(), quick=quick, machine=machine_info(), schema_note=""
    )
    results.target_size = target = target_size(sizes)
    with tempfile.TemporaryDirectory(prefix="cjmap-bench-") as tmp_name:
        tmp = Path(tmp_name)
        schema, results.schema_note = schema_file(tmp)
        single = gen_corpus.generate_single(CORPUS / "single")
        single_cases = file_cases(single.parent, single.name, schema, results)
        # Warm-up: compile bytecode and fill the page cache before anything is timed.
        for case in single_cases:
            run_once(case.argv, tmp / "warm-up.log", case.cwd)
        for size in sizes:
            folder = corpus_for(size)
            check_valid(folder)
            skipped = too_slow(results.sizes[-1], size) if size > target else {}
            fmt_skipped = {"cjmap fmt --check", "cjmap fmt --check, warm cache"} <= set(skipped)
            formatted = None if fmt_skipped else formatted_copy(folder)
            cases = corpus_cases(
                folder,
                schema,
                peers=size <= PEER_MAX_SIZE,
                formatted=formatted,
                out=tmp / f"site-{size}",
                results=results,
            )
            cases = [case for case in cases if case.tool not in skipped]
            result = _size_result(folder, size, cases)
            result.skipped = skipped
            print(f"N = {size:,}: {result.files:,} files, {result.megabytes:.1f} MB", flush=True)
            for tool, why in skipped.items():
                print(f"  N={size:<14} {tool:<32} {why}", flush=True)
            if size > target:
                measure(cases, 2, tmp, f"N={size}", budget=LARGE_N_BUDGET_SECONDS)
            else:
                measure(cases, 2 if quick else 5, tmp, f"N={size}")
            results.sizes.append(result)
            if size == target:
                large = corpus_for(size, large=True)
                check_valid(large)
                cases = corpus_cases(large, schema, commands=False, results=results)
                results.large = _size_result(large, size, cases)
                print(
                    f"N = {size:,}, 20–25 KB journeys: {results.large.files:,} files, "
                    f"{results.large.megabytes:.1f} MB",
                    flush=True,
                )
                measure(cases, 2 if quick else 5, tmp, f"N={size} large")

        print("one file", flush=True)
        measure(single_cases, 3 if quick else 10, tmp, "one file")
        results.single = single_cases
        for size in (size for size in sizes if size >= target):
            cases = file_cases(CORPUS / str(size), "journeys/journey-00000.yaml", schema, results)
            measure(cases, 3 if quick else 10, tmp, f"one in {size}")
            results.in_workspace[size] = cases

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
    results.elapsed_seconds = time.perf_counter() - started
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
        help="corpus sizes, comma-separated (default 100,1000,10000; --quick: 10,40)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run: few repeats, N = 10 and 40"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the report (default {rel(DEFAULT_OUTPUT)}; "
        f"--quick: {rel(QUICK_OUTPUT)})",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    compile_sources()
    try:
        results = bench(sizes, args.quick)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    # The raw figures first: a run of many minutes is never lost to a fault in the report.
    CORPUS.mkdir(exist_ok=True)
    raw = json.dumps(asdict(results), indent=1, default=str)
    (CORPUS / "last-run.json").write_text(raw, encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(results) + kept_sections(output), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
