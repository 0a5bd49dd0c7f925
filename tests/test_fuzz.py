"""Fuzzing with hypothesis: mutated YAML through the loader and validation (and, when a
mutant is still valid, analysis and rendering), ``fmt`` over generated and mutated files, and
``render`` and ``diff`` over generated valid journeys.

Each target runs a few hundred examples in ``make test`` (derandomised, so CI is
repeatable); ``make fuzz`` sets ``CJMAP_FUZZ_EXAMPLES`` to run each with a large budget and
fresh random seeds. Every crash, hang or traceback found becomes a case in ``tests/bad/``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from output_checks import (
    assert_mermaid,
    assert_no_formula,
    assert_terminal_safe,
    hang_guard,
    run,
)

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad"
BUDGET = int(os.environ.get("CJMAP_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int) -> settings:
    """``examples`` in ``make test``; the ``make fuzz`` budget, with random seeds, there."""
    return settings(
        max_examples=BUDGET or examples,
        derandomize=not BUDGET,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


# --- seeds and mutations --------------------------------------------------------------------


def _seed_files() -> list[bytes]:
    paths = [
        *sorted((ROOT / "examples").rglob("*.yaml")),
        *sorted(p for p in BAD.rglob("*.yaml") if "_workspace" not in p.parts),
        *sorted((ROOT / "tests" / "fmt_corpus").glob("*.yaml")),
    ]
    return [path.read_bytes() for path in paths]


SEEDS = _seed_files()
# What YAML gives meaning to, and bytes that are not text.
TOKENS = [
    *"[]{}&*!%:-|>'\"\t\x00#?,@`",
    "\xff",
    "\n",
    "  ",
    "---\n",
    "...\n",
    "&a ",
    "*a",
    "!!str ",
    "<<: ",
    "? ",
    "- ",
    ": ",
    "\r\n",
    "\ufeff",
    "\u2028",
    "\\",
    "%YAML 1.1\n",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes] = SEEDS) -> bytes:
    """A seed file with a few mutations: byte flips, YAML tokens inserted, a cut, lines
    duplicated, swapped or re-indented, the end cut off."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "dup", "swap", "indent", "cut"]))
        at = draw(st.integers(0, 1 << 20)) % (len(data) + 1)
        if kind == "flip" and data:
            at %= len(data)
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            token = draw(st.sampled_from(TOKENS))
            data[at:at] = token.encode("utf-8") if token != "\xff" else b"\xff"
        elif kind == "delete":
            data[at : at + draw(st.integers(1, 40))] = b""
        elif kind == "cut":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, 1 << 20)) % len(lines)
            j = draw(st.integers(0, 1 << 20)) % len(lines)
            if kind == "dup":
                lines.insert(i, lines[i])
            elif kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                shift = draw(st.integers(-4, 4))
                body = lines[i].lstrip(b" ")
                lines[i] = b" " * max(0, len(lines[i]) - len(body) + shift) + body
            data = bytearray(b"\n".join(lines))
    return bytes(data)


# --- (a) loader and validation ------------------------------------------------------------

VALIDATE_FORMATS = ("text", "json", "github", "sarif", "junit")
RENDER_FORMATS = ("html", "md", "mermaid", "csv", "json")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bad-input corpus's workspace (cjmap.yaml, personas maria and tom)."""
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    shutil.copytree(BAD / "_workspace", root)
    (root / "journeys").mkdir(exist_ok=True)
    return root


@contextlib.contextmanager
def parser(pure: bool) -> Iterator[None]:
    from cjmap.document import load

    load.use_pure_python(pure)
    try:
        yield
    finally:
        load._C_PARSER.clear()


def check_file(root: Path, data: bytes, *, pure: bool) -> None:
    """Validate a file as ``validate`` does, print every report, and render it when valid."""
    from cjmap.validate.formats import get_format as get_reporter
    from cjmap.validate.run import validate_paths

    target = root / "journeys" / "fuzzed.yaml"
    target.write_bytes(data)
    with hang_guard(), parser(pure):
        report = validate_paths(["journeys/fuzzed.yaml"], cwd=root)
        for fmt in VALIDATE_FORMATS:
            output = get_reporter(fmt)(report, False)
            assert_terminal_safe(output, github=fmt == "github")
            if fmt in ("json", "sarif"):
                json.loads(output)
        if report.summary.errors == 0:
            render_all(root, "journeys/fuzzed.yaml")


def render_all(root: Path, name: str) -> None:
    """Analyse and render every valid journey of ``name`` in every format (nothing written)."""
    from cjmap.analysis.formats import get_format
    from cjmap.analysis.formats.common import AnalyzeReport
    from cjmap.render.run import Options, jobs_for, render_index, render_job
    from cjmap.workspace.corpus import load_corpus

    corpus = load_corpus([name], cwd=root)
    jobs = jobs_for(corpus)
    for fmt in RENDER_FORMATS:
        rendered = [render_job(job, Options(format=fmt)) for job in jobs]
        index = render_index(rendered, Options(format=fmt))
        if index is not None:
            b"".join(index[1]).decode("utf-8")  # made as it would be written
        for item in rendered:
            assert item.data is not None
            text = item.data.decode("utf-8")
            if fmt == "mermaid":
                assert_mermaid(text)
            elif fmt == "csv":
                header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
                assert len(rows) == len(item_touchpoints(jobs, item.id))
                for row in rows:
                    assert len(row) == len(header)
                    for cell in row:
                        assert_no_formula(cell, "render csv")
    if jobs:
        from cjmap.analysis.run import analyze_all

        analysis = analyze_all(corpus.resolved_targets(), corpus.config.friction.weights)
        for fmt in ("text", "md", "csv", "json"):
            output = get_format(fmt)(AnalyzeReport(analysis), False)
            # CSV ends its records with CRLF, and a tab in a cell is data, kept as it is.
            csv_out = fmt == "csv"
            assert_terminal_safe(output.replace("\r\n", "\n") if csv_out else output, tabs=csv_out)


def item_touchpoints(jobs: list[Any], journey_id: str) -> list[Any]:
    (job,) = [job for job in jobs if job.resolved.journey.id == journey_id]
    return job.resolved.journey.touchpoints()


@given(data=mutated(), pure=st.booleans())
@fuzz_settings(200)
def test_validate_survives_mutated_yaml(workspace: Path, data: bytes, pure: bool) -> None:
    check_file(workspace, data, pure=pure)


@given(data=mutated())
@fuzz_settings(25)
def test_validate_cli_exits_with_a_finding_never_a_crash(workspace: Path, data: bytes) -> None:
    (workspace / "journeys" / "fuzzed.yaml").write_bytes(data)
    with hang_guard():
        result = run("validate", "journeys/fuzzed.yaml", cwd=workspace)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- (b) fmt ------------------------------------------------------------------------------


def plain_data(data: bytes) -> list[Any] | None:
    """The documents of a file as cjmap reads them, or None when it does not load cleanly."""
    from cjmap.document.load import load_bytes

    loaded = load_bytes(data, "x.yaml")
    if loaded.problems:
        return None
    return [doc.data for doc in loaded.documents]


def check_fmt(data: bytes) -> bytes | None:
    """Format ``data``: it fails cleanly, or keeps every value and formats to itself."""
    from cjmap.fmt.formatter import FormatError, format_bytes

    with hang_guard():
        try:
            formatted = format_bytes(data)
        except FormatError:
            return None
        assert format_bytes(formatted) == formatted, "fmt is not idempotent"
    before = plain_data(data)
    if before is not None:
        assert plain_data(formatted) == before, "fmt changed the data"
    return formatted


@given(data=mutated())
@fuzz_settings(150)
def test_fmt_never_loses_data_on_mutated_files(data: bytes) -> None:
    check_fmt(data)


@given(data=mutated())
@fuzz_settings(25)
@example(data=(BAD / "fuzz-complex-key-holding-a-list.yaml").read_bytes())
def test_fmt_cli_leaves_a_file_it_cannot_format_untouched(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fmt")
    target = folder / "journey.yaml"
    target.write_bytes(data)
    with hang_guard():
        result = run("fmt", "journey.yaml", cwd=folder)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert target.read_bytes() == data
    else:
        assert target.read_bytes() == check_fmt(data)
    assert sorted(p.name for p in folder.iterdir()) == ["journey.yaml"], "a temp file was left"


# --- generated valid journeys ---------------------------------------------------------------

# Any character YAML can carry once escaped (no surrogates: UTF-8 has none).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
SLUG_CHARS = string.ascii_lowercase + string.digits + "-_"
SLUG = st.text(SLUG_CHARS, min_size=1, max_size=12).filter(lambda s: s[0] not in "-_")
SHORT_LIST = st.lists(TEXT, max_size=3)


@st.composite
def journeys(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-valid journey with arbitrary Unicode text, unique ids and valid references."""
    used: set[str] = set()

    def fresh(prefix: str) -> str:
        ident = f"{prefix}-{draw(SLUG)}"
        assume(ident not in used)
        used.add(ident)
        return ident

    def maybe(key: str, strategy: st.SearchStrategy[Any], out: dict[str, Any]) -> None:
        if draw(st.booleans()):
            out[key] = draw(strategy)

    personas = [
        {"id": fresh("p"), "name": draw(TEXT), **({"share": 0.5} if draw(st.booleans()) else {})}
        for _ in range(draw(st.integers(0, 2)))
    ]
    for persona in personas:
        maybe("role", TEXT, persona)
        maybe("quote", TEXT, persona)
        maybe("goals", SHORT_LIST, persona)
        maybe("demographics", st.dictionaries(TEXT, TEXT | st.integers(), max_size=2), persona)
    sources = [
        {"id": fresh("s"), "type": draw(st.sampled_from(["survey", "interview", "other"]))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    for source in sources:
        maybe("title", TEXT, source)
        maybe("url", TEXT | st.just("https://example.com/a b") | st.just("mailto:x@y"), source)
    source_ids = [s["id"] for s in sources]
    evidence = (
        st.lists(st.sampled_from(source_ids), max_size=2, unique=True) if source_ids else None
    )
    emotion_values = st.integers(-2, 2) | st.floats(-2, 2, allow_nan=False)
    stages = []
    for _ in range(draw(st.integers(1, 3))):
        stage: dict[str, Any] = {"id": fresh("st"), "name": draw(TEXT), "touchpoints": []}
        maybe("description", TEXT, stage)
        maybe("expectations", SHORT_LIST, stage)
        maybe("duration", st.sampled_from(["15m", "2h", "1h30m", "3d", "2w"]), stage)
        for _ in range(draw(st.integers(0, 3))):
            tp: dict[str, Any] = {"id": fresh("tp"), "name": draw(TEXT)}
            for key in ("channel", "owner", "description"):
                maybe(key, TEXT, tp)
            for key in ("actions", "thoughts", "frontstage", "backstage", "support"):
                maybe(key, SHORT_LIST, tp)
            maybe("type", st.sampled_from(["digital", "physical", "human"]), tp)
            if personas and draw(st.booleans()):
                tp["emotion"] = {p["id"]: draw(emotion_values) for p in personas}
            else:
                maybe("emotion", emotion_values, tp)
            maybe("effort", st.integers(1, 5), tp)
            maybe("completion", st.floats(0, 1) | st.just("82%"), tp)
            maybe("duration", st.sampled_from(["5m", "1h", "2d"]), tp)
            maybe("moment_of_truth", st.booleans(), tp)
            if evidence is not None:
                maybe("evidence", evidence, tp)
            pains = []
            for _ in range(draw(st.integers(0, 2))):
                if draw(st.booleans()):
                    pains.append(draw(TEXT))
                else:
                    pain = {"id": fresh("pain"), "text": draw(TEXT)}
                    maybe("severity", st.integers(1, 5), pain)
                    maybe("root_cause", TEXT, pain)
                    pains.append(pain)
            if pains:
                tp["pain_points"] = pains
            pain_ids = [p["id"] for p in pains if isinstance(p, dict)]
            opportunities = []
            for _ in range(draw(st.integers(0, 2))):
                opp: dict[str, Any] = {"text": draw(TEXT)}
                maybe("impact", st.integers(1, 5), opp)
                maybe("owner", TEXT, opp)
                if pain_ids:
                    maybe("addresses", st.lists(st.sampled_from(pain_ids), unique=True), opp)
                opportunities.append(opp)
            if opportunities:
                tp["opportunities"] = opportunities
            if draw(st.booleans()):
                metric = {"name": draw(TEXT), "value": draw(st.integers(-5, 500))}
                maybe("unit", TEXT, metric)
                maybe("target", st.floats(-1e6, 1e6, allow_nan=False), metric)
                tp["metrics"] = [metric]
            stage["touchpoints"].append(tp)
        stages.append(stage)
    journey: dict[str, Any] = {
        "kind": "journey",
        "id": fresh("j"),
        "title": draw(TEXT),
        "personas": personas,
        "sources": sources,
        "stages": stages,
        "reviewed": "2026-01-01",
    }
    maybe("description", TEXT, journey)
    maybe("owner", TEXT, journey)
    maybe("tags", SHORT_LIST, journey)
    maybe("goals", SHORT_LIST, journey)
    maybe("locale", st.sampled_from(["en", "ru", "el", "zh", "cs", "xx"]) | TEXT, journey)
    return journey


def as_yaml(data: Any) -> bytes:
    """JSON text (which is YAML 1.2), with what YAML cannot carry raw written as escapes."""
    from payloads import yaml_text

    return yaml_text(data).encode("utf-8")


def as_block_yaml(data: Any) -> bytes:
    """Block-style YAML, the way people write it (ruamel's emitter picks the quoting)."""

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


# --- (c) render -----------------------------------------------------------------------------


@given(journey=journeys())
@fuzz_settings(40)
def test_render_never_raises_on_a_valid_journey(workspace: Path, journey: dict[str, Any]) -> None:
    from cjmap.validate.run import validate_paths

    target = workspace / "journeys" / "generated.yaml"
    target.write_bytes(as_yaml(journey))
    try:
        with hang_guard():
            report = validate_paths(["journeys/generated.yaml"], cwd=workspace)
            errors = [p for p in report.problems if p.severity == "error"]
            assert errors == [], "the strategy builds valid journeys"
            render_all(workspace, "journeys/generated.yaml")
    finally:
        target.unlink()


@given(journey=journeys(), block=st.booleans())
@fuzz_settings(60)
def test_fmt_keeps_generated_journeys(journey: dict[str, Any], block: bool) -> None:
    if block:
        # libyaml reads NEL, LS and PS written raw as line breaks (YAML 1.1), which folds them
        # into spaces; in JSON form they are escapes, which every parser reads back exactly.
        assume(not any(c in json.dumps(journey, ensure_ascii=False) for c in "\x85\u2028\u2029"))
    data = as_block_yaml(journey) if block else as_yaml(journey)
    assert plain_data(data) == [json.loads(json.dumps(journey))], "the file holds the journey"
    assert check_fmt(data) is not None, "a valid journey can be formatted"


@given(old=journeys(), new=journeys())
@fuzz_settings(20)
def test_diff_never_raises_on_two_valid_journeys(
    workspace: Path, old: dict[str, Any], new: dict[str, Any]
) -> None:
    new["id"] = old["id"]
    folder = workspace / "journeys"
    (folder / "old.yaml").write_bytes(as_yaml(old))
    (folder / "new.yaml").write_bytes(as_yaml(new))
    try:
        for fmt in ("text", "md", "json"):
            with hang_guard():
                result = run(
                    "diff", "journeys/old.yaml", "journeys/new.yaml", "-f", fmt, cwd=workspace
                )
            assert result.exit_code == 0, result.stderr
            assert_terminal_safe(result.stdout)
            if fmt == "json":
                json.loads(result.stdout)
    finally:
        (folder / "old.yaml").unlink()
        (folder / "new.yaml").unlink()


# --- what fuzzing found ----------------------------------------------------------------------

# tests/bad/ cases that fuzzing found through fmt → what fmt says (None: it formats them).
FMT_FINDINGS = {
    "fuzz-complex-key-holding-a-list.yaml": "17:1: a mapping key must be plain text",
    "fuzz-long-float.yaml": None,
    # The later anchor counts, for cjmap's loader as for fmt's round trip: fmt formats it.
    "fuzz-anchor-defined-twice.yaml": None,
    "fmt-yaml11-lookalikes.yaml": None,
}


@pytest.mark.parametrize(("name", "refusal"), FMT_FINDINGS.items())
def test_fmt_on_what_fuzzing_found(tmp_path: Path, name: str, refusal: str | None) -> None:
    data = (BAD / name).read_bytes()
    (tmp_path / name).write_bytes(data)
    result = run("fmt", name, cwd=tmp_path)
    assert "Warning" not in result.stderr
    if refusal is None:
        assert result.exit_code == 0, result.stderr
        assert check_fmt(data) is not None
        assert plain_data((tmp_path / name).read_bytes()) == plain_data(data)
    else:
        assert result.exit_code == 1
        assert f"{name}:{refusal}" in result.stderr
        assert (tmp_path / name).read_bytes() == data
