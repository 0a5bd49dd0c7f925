"""Time ``cjmap history``: a repository of 500 commits over a workspace of 100 journeys.

    python bench/bench_history.py            # the full run; rewrites the History section of
                                             # docs/performance.md
    python bench/bench_history.py --quick    # a smoke run (40 commits, 10 journeys, one
                                             # run), written to bench/corpus/

The repository (``bench/corpus/history-C-J/``, built once with one ``git fast-import``) starts
with the corpus of ``bench/gen_corpus.py`` and then changes as a team's maps change: most
commits edit one to three journeys (an effort score), every 50th a persona's share (which
changes the numbers of every journey naming that persona), every 100th the friction weights in
``cjmap.yaml`` (every journey), every 70th moves a journey to another file, every 40th is a
merge of a side branch's edit, and one journey is deleted and added back later. Each case is a
fresh ``python -m cjmap history -f json`` process, timed with ``time.perf_counter`` around its
whole life, run ``--repeats`` times (at least 3); the report gives the median. Only the
section between ``<!-- history:start -->`` and ``<!-- history:end -->`` is rewritten.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
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
from benchkit import write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
QUICK_OUTPUT = CORPUS / "performance-history-quick.md"
START = "<!-- history:start -->"
END = "<!-- history:end -->"
SEED = 20261207
STAMP = "history-2"
_EFFORT = re.compile(r"effort: [1-5]\b")
_SHARE = re.compile(r"share: 0\.\d+")


@dataclass
class _Builder:
    """A fast-import stream: commits on ``main``, some merged from a side branch."""

    lines: list[bytes] = field(default_factory=list)
    mark: int = 0
    day: int = 0

    def _next(self) -> int:
        self.mark += 1
        return self.mark

    def commit(
        self,
        branch: str,
        message: str,
        changes: dict[str, bytes | None],
        *,
        parent: int | None = None,
        merge: int | None = None,
    ) -> int:
        mark = self._next()
        self.day += 1
        when = int(dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp()) + self.day * 3600 * 7
        data = message.encode()
        self.lines += [
            f"commit refs/heads/{branch}".encode(),
            f"mark :{mark}".encode(),
            f"committer Researcher <r@example.com> {when} +0000".encode(),
            f"data {len(data)}".encode(),
            data,
        ]
        if parent is not None:
            self.lines.append(f"from :{parent}".encode())
        if merge is not None:
            self.lines.append(f"merge :{merge}".encode())
        for path, content in changes.items():
            if content is None:
                self.lines.append(f"D {path}".encode())
            else:
                self.lines += [f"M 100644 inline {path}".encode(), f"data {len(content)}".encode()]
                self.lines.append(content)
        self.lines.append(b"")
        return mark

    def stream(self) -> bytes:
        return b"\n".join(self.lines) + b"\n"


def history_repo(commits: int, journeys: int, folder: Path | None = None) -> Path:
    """The benchmark repository (built when missing or stale)."""
    folder = folder or CORPUS / f"history-{commits}-{journeys}"
    stamp = folder / ".git" / "cjmap-bench-stamp"
    wanted = f"{STAMP} commits={commits} journeys={journeys} seed={SEED}"
    if stamp.exists() and stamp.read_text("utf-8") == wanted:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus"
        gen_corpus.generate(journeys, source)
        files = {
            path.relative_to(source).as_posix(): path.read_bytes()
            for path in sorted(source.rglob("*.yaml"))
        }
    build = _script(files, commits)
    folder.mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=build, check=True, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=folder, check=True, env=env)
    stamp.write_text(wanted, "utf-8")
    return folder


def _script(files: dict[str, bytes], commits: int) -> bytes:
    rng = random.Random(SEED)
    build = _Builder()
    state = dict(files)
    head = build.commit("main", "The maps as first written", dict(state))
    names = [name for name in state if name.startswith("journeys/")]
    parked: tuple[str, bytes] | None = None
    gone_at = commits // 2 + 1  # neither a 50th nor a 70th nor a 100th commit
    back_at = gone_at + 12
    for number in range(2, commits + 1):
        changes: dict[str, bytes | None] = {}
        if number == gone_at:
            gone = names.pop(rng.randrange(len(names)))
            parked = (gone, state[gone])
            changes[gone] = None
        elif number == back_at and parked is not None:
            changes[parked[0]] = parked[1]
            names.append(parked[0])
        elif number % 100 == 0:
            config = state["cjmap.yaml"].decode()
            pain = rng.choice(("0.3", "0.4", "0.5"))
            config = re.sub(r"pain: 0\.\d+", f"pain: {pain}", config)
            changes["cjmap.yaml"] = config.encode()
        elif number % 50 == 0:
            personas = state["personas/personas.yaml"].decode()
            spots = list(_SHARE.finditer(personas))
            spot = rng.choice(spots)
            value = f"share: 0.{rng.randint(10, 30)}"
            personas = personas[: spot.start()] + value + personas[spot.end() :]
            changes["personas/personas.yaml"] = personas.encode()
        elif number % 70 == 0:
            old = rng.choice(names)
            new = old.replace("journeys/", "journeys/moved/", 1)
            if new != old and new not in state:
                changes[old] = None
                changes[new] = state[old]
                names[names.index(old)] = new
        else:
            for name in rng.sample(names, rng.randint(1, 3)):
                changes[name] = _edit(state[name], rng)
        for path, content in changes.items():
            if content is None:
                state.pop(path, None)
            else:
                state[path] = content
        if number % 40 == 0:
            side = build.commit("side", f"Edit {number} on a branch", changes, parent=head)
            head = build.commit("main", f"Merge edit {number}", changes, parent=head, merge=side)
        else:
            head = build.commit("main", f"Edit {number}", changes, parent=head)
    return build.stream()


def _edit(content: bytes, rng: random.Random) -> bytes:
    text = content.decode()
    spots = list(_EFFORT.finditer(text))
    spot = rng.choice(spots)
    value = f"effort: {rng.randint(1, 5)}"
    return (text[: spot.start()] + value + text[spot.end() :]).encode()


@dataclass
class Case:
    commits: int
    journeys: int
    folder: Path
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(case: Case, repeats: int) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            target = Path(out) / "history.json"
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "cjmap", "history", "-f", "json", "--output-file",
                 str(target)],
                cwd=case.folder,
                capture_output=True,
                env=env,
                check=False,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
            elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(
                f"cjmap history failed in {case.folder} (exit {proc.returncode}):\n"
                + proc.stderr.decode("utf-8", "replace")[-2000:]
            )
        case.seconds.append(elapsed)
        print(
            f"  {case.commits} commits, {case.journeys} journeys: {elapsed:.2f} s", file=sys.stderr
        )


def report(cases: list[Case], repeats: int, load: float | None) -> str:
    lines = [
        START,
        "## History",
        "",
        f"Written by `python bench/bench_history.py` on {dt.date.today().isoformat()}; each time "
        f"is the median of {repeats} run{'s' * (repeats != 1)} of a fresh `cjmap history -f json` "
        "process over a generated repository (see the script for its edit pattern). The target "
        "is 500 commits and 100 journeys in under 10 s.",
        "",
        benchkit.machine(load) + ".",
        "",
        "| Commits | Journeys | Median |",
        "|---|---|---|",
    ]
    for case in cases:
        lines.append(f"| {case.commits} | {case.journeys} | {case.median:.2f} s |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = benchkit.options(__doc__.split("\n")[0], "a small repository, one run")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else max(3, args.repeats)
    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    sizes = [(40, 10)] if args.quick else [(500, 100)]
    load = benchkit.load_average()
    cases = [Case(c, j, history_repo(c, j)) for c, j in sizes]
    for case in cases:
        run(case, repeats)
    write_section(output, report(cases, repeats, load), START, END)
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
