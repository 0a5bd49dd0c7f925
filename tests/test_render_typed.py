"""Render reads the typed analysis, each figure rounded once as shown, and analyses every
journey of a run once (a current-state journey is not analysed again for each future state
that improves it)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_render_cli import journey, workspace

Cli = Callable[..., Any]

CURRENT = """\
kind: journey
id: now
title: Today
personas: [{id: ann, name: Ann}]
stages:
  - id: look
    name: Look
    touchpoints:
      - {id: ad, name: Sees an ad, emotion: 1}
      - {id: shop, name: Visits the shop, emotion: -1, pain_points: [Queue is long]}
"""


def future(ident: str) -> str:
    return CURRENT.replace("id: now", f"id: {ident}").replace(
        "title: Today", f"title: Better {ident}\nstate: future\nimproves: now"
    )


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the analyses made, by journey id."""
    from cjmap.analysis import run

    counts: Counter[str] = Counter()
    real = run.analyze

    def counting(resolved: Any, *args: Any, **kwargs: Any) -> Any:
        counts[resolved.journey.id] += 1
        return real(resolved, *args, **kwargs)

    monkeypatch.setattr(run, "analyze", counting)
    return counts


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_current_state_is_analysed_once_for_all_its_future_states(
    cli: Cli, tmp_path: Path, analyses: Counter[str], fmt: str
) -> None:
    ws = workspace(
        tmp_path / "ws",
        {"now.yaml": CURRENT, "a.yaml": future("a"), "b.yaml": future("b")},
    )
    result = cli("render", "-f", fmt, "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert analyses == {"now": 1, "a": 1, "b": 1}
    if fmt == "html":
        for ident in ("a", "b"):
            page = (ws / "out" / f"{ident}.html").read_text("utf-8")
            assert "Today" in page, "the current state is still drawn behind the future one"


def test_a_current_state_outside_the_targets_is_analysed_once(
    cli: Cli, tmp_path: Path, analyses: Counter[str]
) -> None:
    ws = workspace(
        tmp_path / "ws",
        {"now.yaml": CURRENT, "a.yaml": future("a"), "b.yaml": future("b"), "c.yaml": future("c")},
    )
    result = cli("render", "a.yaml", "b.yaml", "c.yaml", "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert analyses == {"now": 1, "a": 1, "b": 1, "c": 1}
    assert not (ws / "out" / "now.html").exists()


def test_parallel_chunks_get_the_current_state_analysed_by_the_parent(
    tmp_path: Path, analyses: Counter[str]
) -> None:
    from cjmap.render.run import Options, _needed, _write_chunk, improved_analyses, jobs_for
    from cjmap.workspace.corpus import load_corpus

    ws = workspace(
        tmp_path / "ws", {"now.yaml": CURRENT, **{f"f{i}.yaml": future(f"f{i}") for i in range(3)}}
    )
    jobs = jobs_for(load_corpus([], cwd=ws))
    assert improved_analyses(jobs, "csv").known(_needed(jobs)) == {}
    parent = improved_analyses(jobs, "html")
    assert analyses == {"now": 1}
    (tmp_path / "out").mkdir()
    # Two chunks, as two workers would get them: neither analyses the current state again.
    for chunk in (jobs[:2], jobs[2:]):
        known = parent.known(_needed(chunk))
        assert set(known) == {("now.yaml", "now")}
        _write_chunk(chunk, Options(), str(tmp_path / "out"), known)
    assert analyses == {"now": 1, "f0": 1, "f1": 1, "f2": 1}


def test_the_cache_keeps_journeys_with_the_same_id_in_different_files_apart(
    tmp_path: Path, analyses: Counter[str]
) -> None:
    from cjmap.render.run import Analyses, jobs_for
    from cjmap.workspace.corpus import load_corpus

    ws = workspace(tmp_path / "ws", {"x.yaml": journey("x")})
    job = jobs_for(load_corpus([], cwd=ws))[0]
    moved = type(job.resolved)(**{**_fields(job.resolved), "file": "elsewhere/x.yaml"})
    cache = Analyses()
    assert cache.of(job.resolved, job.weights) is cache.of(job.resolved, job.weights)
    assert cache.of(moved, job.weights).file == "elsewhere/x.yaml"
    assert analyses == {"x": 2}


def _fields(obj: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


@pytest.mark.parametrize("fmt", ["csv", "mermaid", "json"])
def test_formats_without_a_curve_do_not_analyse_the_current_state(
    cli: Cli, tmp_path: Path, analyses: Counter[str], fmt: str
) -> None:
    ws = workspace(tmp_path / "ws", {"now.yaml": CURRENT, "a.yaml": future("a")})
    result = cli("render", "a.yaml", "-f", fmt, "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert analyses == {"a": 1}


@pytest.mark.parametrize("fmt", ["csv", "mermaid", "md"])
def test_formats_other_than_json_and_html_never_read_the_analysis_as_a_dict(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from cjmap.analysis.run import JourneyAnalysis

    def refused(self: JourneyAnalysis, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("render read the analysis through to_dict()")

    monkeypatch.setattr(JourneyAnalysis, "to_dict", refused)
    ws = workspace(tmp_path / "ws", {"now.yaml": CURRENT, "a.yaml": future("a")})
    result = cli("render", "-f", fmt, "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr


def test_html_builds_the_template_mapping_once_per_journey(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmap.analysis.run import JourneyAnalysis

    calls: Counter[str] = Counter()
    real = JourneyAnalysis.to_dict

    def counted(self: JourneyAnalysis, **kwargs: Any) -> dict[str, Any]:
        calls[self.id] += 1
        return real(self, **kwargs)

    monkeypatch.setattr(JourneyAnalysis, "to_dict", counted)
    ws = workspace(tmp_path / "ws", {"now.yaml": CURRENT, "a.yaml": future("a")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert calls == {"now": 1, "a": 1}
    page = (ws / "out" / "a.html").read_text("utf-8")
    data = page.split('id="cjmap-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["analysis"]["id"] == "a"


# A combined emotion of exactly 0.495 (Ann 1 at share 0.495, Bo 0 at share 0.505): shown as
# 0.5, which is Mermaid score 4 on -2..2; the unrounded 0.495 would give 3.
HALFWAY = """\
kind: journey
id: half
title: Halfway
personas:
  - {id: ann, name: Ann, share: 0.495}
  - {id: bo, name: Bo, share: 0.505}
stages:
  - id: s
    name: Stage
    touchpoints:
      - id: t
        name: Step
        emotion: {ann: 1, bo: 0}
"""


def test_mermaid_scores_the_emotion_as_shown_not_unrounded(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"half.yaml": HALFWAY})
    shown = json.loads(cli("render", "-f", "json", "-o", "-", cwd=ws).stdout)
    assert shown["analysis"]["emotion"]["combined"]["points"][0]["value"] == 0.5
    mermaid = cli("render", "-f", "mermaid", "-o", "-", cwd=ws).stdout
    assert "    Step: 4: Ann, Bo" in mermaid


def test_csv_and_page_show_the_emotion_as_the_json_does(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"half.yaml": HALFWAY})
    csv_text = cli("render", "-f", "csv", "-o", "-", cwd=ws).stdout
    header, row = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert dict(zip(header.split(","), row.split(","), strict=True))["emotion"] == "0.5"
    md = cli("render", "-f", "md", "-o", "-", cwd=ws).stdout
    assert "+0.5" in md


def test_future_states_render_in_parallel_the_same_as_serially(
    tmp_path: Path, analyses: Counter[str]
) -> None:
    from cjmap.render.run import PARALLEL_ABOVE, Options, jobs_for, render_to_folder
    from cjmap.workspace.corpus import load_corpus

    count = PARALLEL_ABOVE + 3
    ws = workspace(
        tmp_path / "ws",
        {"now.yaml": CURRENT, **{f"f{i:02}.yaml": future(f"f{i:02}") for i in range(count)}},
    )
    jobs = jobs_for(load_corpus([], cwd=ws))
    for workers, folder in ((1, "serial"), (2, "parallel")):
        (tmp_path / folder).mkdir()
        render_to_folder(jobs, Options(), tmp_path / folder, workers=workers)
    serial = {p.name: p.read_bytes() for p in (tmp_path / "serial").iterdir()}
    parallel = {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()}
    assert len(serial) == count + 2
    assert serial == parallel
    assert b"Today" in serial["f00.html"]
    # In this process: the serial run analysed each journey once, and the parallel run
    # analysed the current state once, for every worker.
    assert analyses["now"] == 2
    assert all(analyses[f"f{i:02}"] == 1 for i in range(count))


def test_future_states_of_a_workspace_render_in_workers_as_in_one_process(
    run_cjmap: Cli, tmp_path: Path
) -> None:
    """Rendered file by file in worker processes, each future state's page draws the
    current state behind it, read again where it is drawn (the parent keeps none), the same
    bytes as in one process."""
    from cjmap.render.run import PARALLEL_ABOVE

    count = PARALLEL_ABOVE + 4
    files = {f"f{i:02}.yaml": future(f"f{i:02}") for i in range(count)}
    files["now.yaml"] = CURRENT
    ws = workspace(tmp_path / "ws", files)
    pages = {}
    for jobs in ("1", "2"):
        result = run_cjmap("render", "-o", f"out{jobs}", cwd=ws, env={"CJMAP_JOBS": jobs})
        assert result.exit_code == 0, result.stderr
        pages[jobs] = {p.name: p.read_bytes() for p in (ws / f"out{jobs}").iterdir()}
    assert len(pages["1"]) == count + 2
    assert pages["1"] == pages["2"]
    assert all(b"Before: Today" in pages["2"][f"f{i:02}.html"] for i in range(count))
    assert b"Before: Today" not in pages["2"]["now.html"]


def test_improved_journeys_are_found_not_analysed_by_the_parent(
    tmp_path: Path, analyses: Counter[str]
) -> None:
    from cjmap.render.run import FileSetup, Options, file_jobs, improved_journeys
    from cjmap.validate.run import check_paths
    from cjmap.workspace.corpus import file_docs, plan_corpus, read_file

    ws = workspace(tmp_path / "ws", {"now.yaml": CURRENT, "a.yaml": future("a")})
    plan = plan_corpus([], cwd=ws)
    checked = check_paths([], cwd=ws, plan=plan)
    improved = improved_journeys(checked, "html")
    assert analyses == {}
    assert set(improved.where) == {"now"}
    assert improved_journeys(checked, "csv").where == {}

    setup = FileSetup(Options(), str(tmp_path), plan.corpus.config, checked.personas, improved)
    job = plan.jobs()[0]
    assert job.name == "a.yaml"
    (found,) = file_jobs(file_docs(read_file(job.path, job.name, job.limits))[0], setup)
    assert found.improved is not None
    assert found.improved.journey.title == "Today"
    assert analyses == {"now": 1}
    assert set(setup.analyses().known([("now.yaml", "now")])) == {("now.yaml", "now")}
