"""``analyze`` and ``render`` on a workspace go over the journeys one file at a time, in
worker processes when there are many: the outputs must be byte for byte those of one process
doing all the work, and the journeys must be analysed with the workspace's personas even when
a persona file escapes the quick look that finds them ahead of the checks."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.analysis.formats import text
from cjmap.util import cells
from conftest import EXAMPLES, Result

Run = Callable[..., Result]


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target


def _record_pids(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, log: Path) -> None:
    """Wrap ``module.name`` so that every process that calls it notes its pid in ``log``."""
    original = getattr(module, name)

    here = os.getpid()

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        if os.getpid() == here and os.environ.get("CJMAP_JOBS") != "1":
            # The main process takes chunks too: slowed down, it leaves some to the worker.
            time.sleep(0.2)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)


def _pids(log: Path) -> set[int]:
    return {int(line) for line in log.read_text(encoding="utf-8").split()}


def _force_workers(monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    import cjmap.render.run
    import cjmap.util.parallel

    monkeypatch.setenv("CJMAP_JOBS", jobs)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(cjmap.util.parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cjmap.util.parallel, "_chunk_size", lambda jobs, workers: 1)
    monkeypatch.setattr(cjmap.render.run, "PARALLEL_ABOVE", 0)


@pytest.mark.parametrize("format", ["text", "json", "csv", "md"])
def test_analyze_same_with_workers(
    cli: Run, monkeypatch: pytest.MonkeyPatch, examples_copy: Path, tmp_path: Path, format: str
) -> None:
    import cjmap.analysis.formats

    # A file that does not validate (its journey id is taken) is left out either way.
    twin = (examples_copy / "journeys" / "eshop-order-el.yaml").read_text(encoding="utf-8")
    (examples_copy / "journeys" / "zz-twin.yaml").write_text(twin, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        _force_workers(monkeypatch, jobs)
        log = tmp_path / f"pids-{format}-{jobs}"
        module = __import__(cjmap.analysis.formats.FORMATS[format], fromlist=["part"])
        _record_pids(monkeypatch, module, "part", log)
        result = cli("analyze", "-f", format, "--explain", cwd=examples_copy)
        assert result.exit_code == 1, result.stderr
        assert "zz-twin.yaml was not analysed" in result.stderr
        outputs.append(result.stdout)
        monkeypatch.undo()
        workers = _pids(log) - {os.getpid()}
        assert bool(workers) == (jobs == "2"), (jobs, workers)
    assert outputs[0] == outputs[1]
    assert "aircon-purchase" in outputs[0]


@pytest.mark.parametrize("format", ["html", "md", "csv", "json", "mermaid"])
def test_render_same_with_workers(
    cli: Run, monkeypatch: pytest.MonkeyPatch, examples_copy: Path, tmp_path: Path, format: str
) -> None:
    import cjmap.render.run

    written = []
    for jobs in ("1", "2"):
        _force_workers(monkeypatch, jobs)
        log = tmp_path / f"pids-{format}-{jobs}"
        _record_pids(monkeypatch, cjmap.render.run, "_write_job", log)
        out = tmp_path / f"site-{jobs}"
        result = cli("render", "-f", format, "-o", str(out), cwd=examples_copy)
        assert result.exit_code == 0, result.stderr
        written.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
        monkeypatch.undo()
        workers = _pids(log) - {os.getpid()}
        assert bool(workers) == (jobs == "2"), (jobs, workers)
    assert written[0] == written[1]
    assert any(name.startswith("trial-onboarding-future.") for name in written[0])


HIDDEN_PERSONA = """\
kind: >-
  persona
id: hidden
name: Hidden
share: 0.25
"""

NAMED = """\
kind: journey
id: named
title: Names a persona that only the full pass finds
personas: [hidden, {id: seen, name: Seen, share: 0.75}]
stages:
  - id: find
    name: Find
    touchpoints:
      - id: search
        name: Searches
        emotion: {hidden: -2, seen: 2}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_analyze_persona_missed_by_the_quick_look(
    cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: str
) -> None:
    from cjmap.analysis.stream import _MAY_HOLD_PERSONA

    assert not _MAY_HOLD_PERSONA.search(HIDDEN_PERSONA.encode())  # the quick look misses it
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    (tmp_path / "hidden.yaml").write_text(HIDDEN_PERSONA, encoding="utf-8")
    (tmp_path / "named.yaml").write_text(NAMED, encoding="utf-8")
    _force_workers(monkeypatch, jobs)
    result = cli("analyze", "-f", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    journey = json.loads(result.stdout)["journeys"][0]
    assert set(journey["emotion"]["personas"]) == {"hidden", "seen"}
    assert journey["emotion"]["weights"] == {"hidden": 0.25, "seen": 0.75}


def test_cell_len_counts_terminal_cells() -> None:
    assert cells.cell_len("abc") == 3
    assert cells.cell_len("线上购买") == 8  # East Asian wide: two cells each
    assert cells.cell_len("Ｆｕｌｌ") == 8  # full-width forms too
    assert cells.cell_len("e\u0301") == 1  # a combining accent takes none
    assert cells.cell_len("Жёлтый Ελλάδα") == 13
    assert cells.cell_len("▁▂▃ ─ · – →") == 11
    assert cells.cell_len("a\u200bb") == 2  # a zero-width space takes none


def _fit_one_cell_at_a_time(widths: list[int], wrappable: list[bool], room: int) -> list[int]:
    """The plain statement of how a table is narrowed: one cell at a time from the widest
    wrappable column (the first of equals) until it fits or every one is down to 4."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if wrappable[i] and w > 4]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


@given(
    st.lists(st.tuples(st.integers(0, 120), st.booleans()), min_size=1, max_size=7),
    st.integers(0, 300),
)
@settings(max_examples=400, deadline=None)
def test_a_table_is_narrowed_as_one_cell_at_a_time_would(
    columns: list[tuple[int, bool]], room: int
) -> None:
    widths = [w for w, _ in columns]
    wrappable = [wraps for _, wraps in columns]
    fitted = list(widths)
    text._fit(fitted, [text.Column("", no_wrap=not wraps) for wraps in wrappable], room)
    assert fitted == _fit_one_cell_at_a_time(widths, wrappable, room)


@given(
    st.text(
        st.sampled_from([*"ab  ЖλΩ-.\t\u3000", "线", "\u0301", "Ｆ", "\u200b"]),
        max_size=60,
    ),
    st.integers(1, 30),
)
@settings(max_examples=400, deadline=None)
def test_wrapping_by_length_is_wrapping_by_cells(words: str, width: int) -> None:
    """A text whose characters all take one cell is wrapped by its length: the same lines,
    with the same widths, as measuring every word in cells gives."""
    line: text.Line = [(words, "")]
    quick = text._wrap_measured(line, width)
    everything = re.compile(r"[\s\S]")
    original = cells._not_one
    try:
        cells._not_one = lambda: everything  # every text measured, word by word
        measured = text._wrap_measured(line, width)
    finally:
        cells._not_one = original
    assert quick == measured
    assert all(size == text._line_len(piece) for piece, size in quick)


def test_text_tables_align_wide_characters(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("analyze", str(EXAMPLES / "journeys" / "aircon-purchase-zh.yaml"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Stages") + 2
    table = lines[start : lines.index("", start)]
    header, rule, *rows = table
    assert set(rule.strip()) == {"─"}
    # The right-aligned Friction column ends at the same cell in every row, Chinese or not.
    end = cells.cell_len(header[: header.index("Friction") + len("Friction")])
    for row in rows:
        stage, friction, *_ = re.split(r" {3,}", row.strip())
        friction_end = row.index(friction, 2 + len(stage)) + len(friction)
        assert cells.cell_len(row[:friction_end]) == end, row
    assert all(cells.cell_len(line) <= 100 for line in lines)


def test_analyze_leaves_no_temporary_file(
    cli: Run, monkeypatch: pytest.MonkeyPatch, examples_copy: Path, tmp_path: Path
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen: list[list[str]] = []
    import cjmap.analysis.stream

    original = cjmap.analysis.stream.Collected.add

    def add(self: Any, file: str, parts: object) -> None:
        seen.append(os.listdir(scratch))
        original(self, file, parts)

    monkeypatch.setattr(cjmap.analysis.stream.Collected, "add", add)
    result = cli("analyze", "-f", "json", cwd=examples_copy)
    assert result.exit_code == 0, result.stderr
    assert seen
    assert all(names == [] for names in seen)  # unlinked while in use
    assert os.listdir(scratch) == []
    assert len(json.loads(result.stdout)["journeys"]) == 7


def test_a_table_drawn_a_row_at_a_time_is_the_table_drawn_whole() -> None:
    # The ranking of a workspace is drawn a row at a time (Table.stream) so that ten thousand
    # journeys are never laid out whole; it must be the text Table.draw gives, wrapping
    # (narrow widths), wide characters, multi-line cells and colour included.
    rows = [
        [
            [(str(n), "")],
            [(title, "bold"), (f"\njourney-{n}", "dim")],
            [(f"{n * 7.25:.2f}", "")],
            [("Δ 3 / 1–5", "")],
        ]
        for n, title in enumerate(
            [
                "Onboarding",
                "Ипотека без визита в банк",
                "網上開戶流程（含視訊驗證）",
                "Objednávka " * 6,
            ]
        )
    ]
    for width in (30, 60, 120):
        for color in (False, True):
            whole = text._table("Ranking", "#", "Journey", "Friction", "Peak-end", right=("#",))
            for row in rows:
                whole.add_row(*row)
            streamed = text._table("Ranking", "#", "Journey", "Friction", "Peak-end", right=("#",))
            pieces = list(streamed.stream(lambda: iter(rows), width, color))
            assert len(pieces) > len(rows)  # a piece per row at least, not one text
            assert "".join(pieces) == whole.draw(width, color)


def _stash_many(fd: int, label: str, count: int, send: Any) -> None:
    from cjmap.analysis.stream import Stashed
    from cjmap.util.spool import append

    send.send(
        [
            (f"{label}-{n}", Stashed(append(fd, f"{label}-{n} " + "x" * (n * 37 % 5000))))
            for n in range(count)
        ]
    )
    send.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the parts are shared with forked workers")
def test_parts_written_by_several_processes_at_once_read_back_whole() -> None:
    # Every process appends the parts it makes to the one file (analyze's workers never send
    # a part back): bodies written at the same time by three processes must each read back
    # whole, from the offset their writer was given.
    import multiprocessing

    from cjmap.analysis.formats.common import Part
    from cjmap.analysis.stream import Collected

    context = multiprocessing.get_context("fork")
    collected = Collected()
    try:
        fd = collected.spool
        assert fd is not None
        pipes = [context.Pipe(duplex=False) for _ in range(2)]
        workers = [
            context.Process(target=_stash_many, args=(fd, f"w{i}", 300, send))
            for i, (_, send) in enumerate(pipes)
        ]
        for worker in workers:
            worker.start()
        here = _Sink()
        _stash_many(fd, "main", 300, here)
        refs = [item for receive, _ in pipes for item in receive.recv()]
        for worker in workers:
            worker.join()
        refs += here.got
        assert len(refs) == 900
        for label, where in refs:
            collected.add(label, [Part(None, where)])
        for label, body in zip(
            [label for label, _ in refs], collected.bodies(label for label, _ in refs), strict=True
        ):
            assert body.startswith(label + " ")
            n = int(label.rsplit("-", 1)[1])
            assert body == f"{label} " + "x" * (n * 37 % 5000)
    finally:
        collected.close()


class _Sink:
    """A pipe's sending end for the test's own process."""

    def __init__(self) -> None:
        self.got: list[Any] = []

    def send(self, items: list[Any]) -> None:
        self.got = items

    def close(self) -> None:
        pass
