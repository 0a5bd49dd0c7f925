"""Resource limits: large and hostile inputs work or are refused with a clear error, in every
command, and never hang.

The inputs: a journey of 10,000 touchpoints, a 5 MB file, a 100 KB line, a file over the
size limit, deep nesting, and alias bombs. Timing is not asserted (a loaded CI machine is
slow); every run has a generous timeout that only catches a hang. Run this file as a script
to measure time and memory and write them into docs/performance.md::

    python tests/test_limits.py [--write]
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from output_checks import Result, hang_guard, run

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
START, END = "<!-- limits:start -->", "<!-- limits:end -->"
HANG = 300
"""Seconds after which a run counts as hung (the slowest run measured takes a few)."""


# --- inputs ----------------------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's quoting is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def journey_text(touchpoints: int, *, stages: int = 100, description: str = "") -> str:
    """A valid, lint-quiet journey with ``touchpoints`` touchpoints in ``stages`` stages."""
    lines = [
        "kind: journey",
        "id: big",
        "title: A very long journey",
        "reviewed: 2026-01-01",
        "personas:",
        "  - id: pat",
        "    name: Pat",
        "sources:",
        "  - id: survey",
        "    type: survey",
        "stages:",
    ]
    per_stage = max(1, touchpoints // stages)
    number = 0
    for stage in range(stages):
        lines += [f"  - id: stage-{stage}", f"    name: {q(f'Этап {stage}')}", "    touchpoints:"]
        for _ in range(per_stage if stage < stages - 1 else touchpoints - number):
            lines += [
                f"      - id: tp-{number}",
                f"        name: {q(f'Touchpoint {number} · 触点')}",
                f"        channel: {['web', 'email', 'phone'][number % 3]}",
                f"        owner: team-{number % 7}",
                f"        emotion: {number % 5 - 2}",
                f"        effort: {1 + number % 5}",
                "        completion: 0.999",
                "        duration: 5m",
                "        evidence: [survey]",
                f"        actions: [{q(f'Does step {number}')}]",
            ]
            if description:
                lines.append(f"        description: {q(description)}")
            if number % 4 == 0:
                lines += [
                    "        pain_points:",
                    f"          - id: pain-{number}",
                    f"            text: {q(f'Pain {number}')}",
                    "            evidence: [survey]",
                    "        opportunities:",
                    f"          - text: {q(f'Fix {number}')}",
                    f"            addresses: [pain-{number}]",
                ]
            number += 1
    return "\n".join(lines) + "\n"


def ten_thousand_touchpoints() -> bytes:
    return journey_text(10_000).encode("utf-8")


def five_megabytes() -> bytes:
    # 2,000 touchpoints with a 2 KB description each.
    return journey_text(2_000, stages=20, description="Подробное описание шага. " * 80).encode()


def long_line() -> bytes:
    """A small journey whose description is one line of 100 KB."""
    text = journey_text(3, stages=1, description=("x <b>&</b> ω " * 10_000)[:100_000])
    return text.encode("utf-8")


def over_the_limit() -> bytes:
    """A 9 MiB file (the limit is 8 MiB): refused before it is parsed."""
    head = journey_text(1, stages=1).encode()
    return head + b"# " + b"x" * (9 * 1024 * 1024) + b"\n"


def deep_brackets() -> bytes:
    return b"kind: persona\nid: deep\nname: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def deep_blocks() -> bytes:
    return b"kind: persona\nid: deep\ndemographics:\n" + b"".join(
        b"  " * (i + 1) + f"level{i}:\n".encode() for i in range(1_000)
    )


def billion_laughs() -> bytes:
    lines = ["kind: persona", "id: lol", "name: lol", "demographics:", "  a: &a [lol, lol, lol]"]
    names = "abcdefghijklmnopqrstu"  # 20 levels of 9 aliases: 9**20 values if expanded
    for previous, name in itertools.pairwise(names):
        lines.append(f"  {name}: &{name} [{', '.join(f'*{previous}' for _ in range(9))}]")
    return ("\n".join(lines) + "\n").encode()


def wide_aliases() -> bytes:
    """Many aliases of one list: 50,000 × 10 values, far over the budget, in a flat file."""
    lines = ["kind: journey", "id: wide", "title: Wide", "tags: &t [a, b, c, d, e, f, g, h, i, j]"]
    lines.append("goals:")
    lines += ["  - *t"] * 50_000
    return ("\n".join(lines) + "\n").encode()


def dense_flow_list() -> bytes:
    """7.6 MiB (under the size limit) of one flow list of 4 million tiny items."""
    return b"kind: persona\nid: dense\ndemographics:\n  list: [" + b"1," * 4_000_000 + b"1]\n"


def long_text_aliases() -> bytes:
    """Issue 11: one 6 MB text repeated by 90,000 aliases (within the node budget)."""
    head = ["kind: journey", "id: wide", "title: Wide", "reviewed: 2026-01-01"]
    lines = [*head, "description: &s " + "x" * 6_000_000, "goals:"]
    lines += ["  - *s"] * 90_000
    return ("\n".join(lines) + "\n").encode()


def mapping_aliases() -> bytes:
    """A mapping of 200 texts of 100 characters, aliased 100 times: 2 M characters."""
    entries = ", ".join(f"k{i}: {'y' * 100}" for i in range(200))
    lines = ["kind: persona", "id: many", "name: Many", f"demographics: &m {{{entries}}}"]
    lines += ["behaviors:"] + ["  - *m"] * 100
    return ("\n".join(lines) + "\n").encode()


def nested_list_aliases() -> bytes:
    """Nested aliases of lists of long texts: 10 × 1,000 characters, × 10, × 10, × 2."""
    long = "z" * 1_000
    lines = ["kind: persona", "id: nest", "name: Nest", "demographics:"]
    lines.append(f"  a: &a [{', '.join([long] * 10)}]")
    lines.append(f"  b: &b [{', '.join(['*a'] * 10)}]")
    lines.append(f"  c: &c [{', '.join(['*b'] * 10)}]")
    lines.append("  d: [*c, *c]")
    return ("\n".join(lines) + "\n").encode()


def merge_key_aliases() -> bytes:
    """A merge key '<<: *big' repeated in 300 touchpoints, each bringing 5,000 characters."""
    text = journey_text(300, stages=3)
    big = "x-defaults: &big\n  description: " + "w" * 5_000 + "\n"
    text = text.replace("reviewed: 2026-01-01\n", "reviewed: 2026-01-01\n" + big, 1)
    text = re.sub(r"(\n      - id: tp-\d+\n)", r"\1        <<: *big\n", text)
    return text.encode()


INPUTS: dict[str, Callable[[], bytes]] = {
    "10,000 touchpoints": ten_thousand_touchpoints,
    "5 MB file": five_megabytes,
    "100 KB line": long_line,
    "9 MiB file": over_the_limit,
    "100,000 nested brackets": deep_brackets,
    "1,000 nested blocks": deep_blocks,
    "billion laughs": billion_laughs,
    "50,000 aliases": wide_aliases,
    "4 million flow items": dense_flow_list,
    "6 MB text × 90,000 aliases": long_text_aliases,
    "mapping × 100 aliases": mapping_aliases,
    "nested list aliases": nested_list_aliases,
    "'<<: *big' × 300": merge_key_aliases,
}
REFUSED = {
    "9 MiB file": "file-too-large",
    "100,000 nested brackets": "nesting-too-deep",
    "1,000 nested blocks": "nesting-too-deep",
    "billion laughs": "alias-budget",
    "50,000 aliases": "alias-budget",
    "6 MB text × 90,000 aliases": "alias-budget",
    "mapping × 100 aliases": "alias-budget",
    "nested list aliases": "alias-budget",
    "'<<: *big' × 300": "alias-budget",
}
# Refused by fmt only: more values than its round trip formats in reasonable time.
FMT_REFUSED = {"4 million flow items": "300,000 values"}


def workspace(root: Path, name: str) -> Path:
    """A workspace at ``root`` holding the input as journeys/input.yaml."""
    (root / "journeys").mkdir(parents=True)
    (root / "cjmap.yaml").write_text("kind: workspace\nreview_every: 36500\n", "utf-8")
    (root / "journeys" / "input.yaml").write_bytes(INPUTS[name]())
    return root


# --- running ---------------------------------------------------------------------------------


COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "journeys/input.yaml"],
    "analyze": ["analyze", "-f", "json", "journeys/input.yaml"],
    "render html": ["render", "-o", "site", "journeys/input.yaml"],
    "render md": ["render", "-f", "md", "-o", "site-md", "journeys/input.yaml"],
    "render csv": ["render", "-f", "csv", "-o", "site-csv", "journeys/input.yaml"],
    "diff": ["diff", "journeys/input.yaml", "journeys/input.yaml"],
    "fmt --check": ["fmt", "--check", "journeys/input.yaml"],
    "fmt": ["fmt", "journeys/input.yaml"],
}


def cjmap(args: list[str], cwd: Path) -> Result:
    """``cjmap ARGS`` in this process, failing instead of hanging."""
    with hang_guard(HANG):
        return run(*args, cwd=cwd)


# Large valid inputs, through the commands a CI job runs on them (fmt and HTML on the largest
# are measured, not tested: see docs/performance.md).
WORKS = [
    ("10,000 touchpoints", "validate"),
    ("10,000 touchpoints", "render csv"),
    ("5 MB file", "validate"),
    ("5 MB file", "render md"),
    ("100 KB line", "validate"),
    ("100 KB line", "render html"),
    ("100 KB line", "diff"),
    ("100 KB line", "fmt"),
]


@pytest.mark.parametrize(("name", "command"), WORKS)
def test_large_input_works(tmp_path: Path, name: str, command: str) -> None:
    from cjmap.document.load import load_bytes

    root = workspace(tmp_path, name)
    source = (root / "journeys" / "input.yaml").read_bytes()
    result = cjmap(COMMANDS[command], root)
    assert result.exit_code == 0, result.stderr[-2000:]
    written = (root / "journeys" / "input.yaml").read_bytes()
    if written != source:  # rewritten (fmt): what cjmap reads is the same
        before, after = load_bytes(source, "input.yaml"), load_bytes(written, "input.yaml")
        assert [d.data for d in after.documents] == [d.data for d in before.documents]
    if command == "analyze":
        (journey,) = json.loads(result.stdout)["journeys"]
        expected = 10_000 if name.startswith("10,000") else 3
        assert len(journey["friction"]["touchpoints"]) == expected
    if command.startswith("render"):
        (written,) = [p for p in root.iterdir() if p.name.startswith("site")]
        assert (written / f"big.{command.split()[1]}").stat().st_size > 100_000


# fmt refuses what cjmap does not read whole (as validate reports it), and a file of more
# values than it formats; "fmt --check" stands for fmt here.
REFUSING = [
    *((name, command) for name in REFUSED for command in COMMANDS if command != "fmt"),
    *((name, "fmt --check") for name in FMT_REFUSED),
]


# fmt keeps aliases as aliases, but it refuses the files every other command refuses (it
# checks the same limits first), so that no command formats what none can read.
REFUSING = [(name, command) for name in REFUSED for command in COMMANDS if command != "fmt"]


@pytest.mark.parametrize(("name", "command"), REFUSING)
def test_hostile_input_is_refused_with_a_clear_error(
    tmp_path: Path, name: str, command: str
) -> None:
    root = workspace(tmp_path, name)
    result = cjmap(COMMANDS[command], root)
    said = result.stdout + result.stderr
    assert result.exit_code == 1, said[-2000:]
    if command == "fmt --check":
        assert "could not be formatted" in said
        assert re.search(r"journeys/input\.yaml(:\d+:\d+)?: ", said), said
        if name in FMT_REFUSED:
            assert FMT_REFUSED[name] in said
    elif command == "analyze":
        assert "journeys/input.yaml was not analysed: it does not validate" in said
    else:
        assert REFUSED[name] in said, said[-2000:]
    assert not (root / "site").exists()


# --- the alias budget, unit by unit -----------------------------------------------------------


@pytest.fixture(params=["libyaml", "pure-python"])
def both_parsers(request: pytest.FixtureRequest) -> Iterator[None]:
    from cjmap.document import load

    load.use_pure_python(request.param == "pure-python")
    yield
    load.use_pure_python(False)


def _budget(text: str, chars: int = 100) -> list[tuple[str, int]]:
    from cjmap.document.load import Limits, load_text

    loaded = load_text(text, "t.yaml", Limits(max_alias_chars=chars))
    return [(p.rule, p.span.line) for p in loaded.problems]


@pytest.mark.usefixtures("both_parsers")
def test_the_alias_budget_counts_the_characters_aliases_repeat() -> None:
    anchor = "a: &a " + "x" * 30 + "\n"
    assert _budget(anchor + "b: [*a, *a, *a]\n") == []  # 90 characters repeated
    assert _budget(anchor + "b: [*a, *a, *a]\nc: *a\n") == [("alias-budget", 3)]


@pytest.mark.usefixtures("both_parsers")
def test_the_alias_budget_counts_keys_and_nested_aliases() -> None:
    keys = "m: &m {" + "k" * 40 + ": v}\n"  # 41 characters in the mapping
    assert _budget(keys + "n: [*m, *m]\n") == []
    assert _budget(keys + "n: [*m, *m, *m]\n") == [("alias-budget", 2)]
    nested = "a: &a [xxxxx, xxxxx]\nb: &b [*a, *a]\n"  # *b stands for 20 characters
    assert _budget(nested + "c: [*b, *b, *b, *b]\n") == []  # 20 + 80
    assert _budget(nested + "c: [*b, *b, *b, *b, *b]\n") == [("alias-budget", 3)]


def test_fmt_checks_the_limits_every_command_checks() -> None:
    from cjmap.fmt.formatter import FormatError, format_text

    bomb = long_text_aliases().decode()
    with pytest.raises(FormatError) as raised:
        format_text(bomb)
    assert (raised.value.line, raised.value.column) == (7, 5)
    assert "6,000,000 characters" in raised.value.message


# --- measuring (python tests/test_limits.py) -------------------------------------------------

MEASURED = [
    *(
        (name, command)
        for name in ("10,000 touchpoints", "5 MB file", "100 KB line")
        for command in COMMANDS
        if command != "fmt"
    ),
    *((name, "validate") for name in REFUSED),
    *((name, "fmt --check") for name in (*REFUSED, *FMT_REFUSED)),
]
RUNS = 3
PEAK = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code, file=sys.stderr)"
)


def measure(name: str, command: str, base: Path) -> tuple[float, int, int]:
    """Wall seconds, peak memory (MiB, of the largest process) and exit code of one run."""
    root = workspace(base / f"m-{len(list(base.iterdir()))}", name)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "-m", "cjmap", *COMMANDS[command]],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_kib, code = result.stderr.strip().splitlines()[-1].split()
    return seconds, round(int(peak_kib) / 1024), int(code)


def _outcome(name: str, command: str, code: int) -> str:
    if (name in REFUSED or name in FMT_REFUSED) and code == 1:
        return "refused (exit 1)"
    if command == "fmt --check" and code == 1:
        return "works (exit 1: the file would be reformatted)"
    return "works" if code == 0 else f"unexpected exit {code}"


def report(rows: list[tuple[str, str, float, int, int]]) -> str:
    import platform

    lines = [
        START,
        "## Resource limits",
        "",
        f"Written by `python tests/test_limits.py --write` on {dt.date.today().isoformat()}:"
        " each row is the median time of"
        f" {RUNS} fresh `cjmap` processes (start-up included) and the largest peak resident"
        " size among them (of the largest process, when there are worker processes).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}; load average at the end "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| Input | Size | Command | Time | Peak memory | Outcome |",
        "|---|---|---|---|---|---|",
    ]
    sizes = {name: len(make()) for name, make in INPUTS.items()}
    for name, command, seconds, peak, code in rows:
        outcome = _outcome(name, command, code)
        size = sizes[name]
        shown = f"{size / 1024 / 1024:.1f} MiB" if size > 1024 * 1024 else f"{size / 1024:.0f} KiB"
        lines.append(
            f"| {name} | {shown} | `cjmap {command}` | {seconds:.1f} s | {peak} MiB | {outcome} |"
        )
    lines += ["", END]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, command in MEASURED:
            runs = [measure(name, command, Path(folder)) for _ in range(RUNS)]
            seconds = statistics.median(run[0] for run in runs)
            peak = max(run[1] for run in runs)
            code = runs[0][2]
            assert all(run[2] == code for run in runs), f"{name}: exit codes differ: {runs}"
            print(f"{name:>24}  {command:<12} {seconds:7.1f} s {peak:6d} MiB  exit {code}")
            rows.append((name, command, seconds, peak, code))
    section = report(rows)
    if "--write" in argv:
        text = PERFORMANCE_MD.read_text("utf-8")
        if START in text:
            text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        PERFORMANCE_MD.write_text(text, "utf-8")
    else:
        print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
