"""``cjmap render`` on the command line: outputs, refusals, exit codes, locales, templates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES

JOURNEY = """\
kind: journey
id: {id}
title: {title}
locale: {locale}
personas: [{{id: ann, name: Ann}}]
stages:
  - id: look
    name: Look
    touchpoints:
      - id: ad
        name: Sees an ad
        emotion: 1
        completion: 0.5
      - id: shop
        name: Visits the shop
        emotion: -1
        pain_points: [Queue is long]
"""


def workspace(root: Path, journeys: dict[str, str], config: str = "kind: workspace\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cjmap.yaml").write_text(config, "utf-8")
    for name, text in journeys.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def journey(ident: str, title: str = "A journey", locale: str = "en") -> str:
    return JOURNEY.format(id=ident, title=title, locale=locale)


Cli = Callable[..., Any]


@pytest.mark.parametrize(
    ("fmt", "ext", "index"),
    [
        ("html", ".html", "index.html"),
        ("md", ".md", "README.md"),
        ("mermaid", ".mmd", None),
        ("csv", ".csv", None),
        ("json", ".json", None),
    ],
)
def test_renders_every_example_journey(
    cli: Cli, tmp_path: Path, fmt: str, ext: str, index: str | None
) -> None:
    out = tmp_path / "out"
    result = cli("render", "-f", fmt, "-o", str(out), cwd=EXAMPLES)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    journeys = [n for n in names if n != index]
    assert len(journeys) == len(list((EXAMPLES / "journeys").glob("*.yaml")))
    assert all(n.endswith(ext) for n in journeys)
    if index:
        assert index in names
    assert f"wrote {len(names)} files" in result.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary files left"
    assert result.stdout == ""


def test_default_output_is_site_at_the_workspace_root(cli: Cli, examples_copy: Path) -> None:
    result = cli("render", cwd=examples_copy / "journeys")
    assert result.exit_code == 0, result.stderr
    assert (examples_copy / "site" / "index.html").is_file()
    assert not (examples_copy / "journeys" / "site").exists()
    # The output folder is never read back as part of the workspace.
    again = cli("render", cwd=examples_copy)
    assert again.exit_code == 0, again.stderr


def test_one_journey_to_stdout(cli: Cli) -> None:
    result = cli(
        "render", "journeys/trial-onboarding.yaml", "-f", "mermaid", "-o", "-", cwd=EXAMPLES
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("journey\n  title Shiftly trial onboarding")
    html = cli("render", "journeys/trial-onboarding.yaml", "-o", "-", cwd=EXAMPLES)
    assert html.stdout.startswith("<!DOCTYPE html>")
    assert 'href="index.html"' not in html.stdout, "no index next to a page on stdout"


def test_several_journeys_to_stdout_is_a_usage_error(cli: Cli) -> None:
    result = cli("render", "-o", "-", cwd=EXAMPLES)
    assert result.exit_code == 2
    assert "-o - writes one journey" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("target", ["journeys", ".", "personas"])
def test_refuses_a_folder_holding_workspace_files(
    cli: Cli, examples_copy: Path, target: str
) -> None:
    before = sorted(p.name for p in (examples_copy / target).iterdir())
    result = cli("render", "-o", target, cwd=examples_copy)
    assert result.exit_code == 2
    assert "refusing to write maps into" in result.stderr
    assert sorted(p.name for p in (examples_copy / target).iterdir()) == before


def test_refuses_a_folder_that_holds_the_workspace(cli: Cli, examples_copy: Path) -> None:
    result = cli("render", "-o", "..", cwd=examples_copy)
    assert result.exit_code == 2
    assert "holds the whole workspace" in result.stderr


def test_refuses_a_file_as_output_folder(cli: Cli, examples_copy: Path) -> None:
    result = cli("render", "-o", "cjmap.yaml", cwd=examples_copy)
    assert result.exit_code == 2
    assert "this is a file" in result.stderr


def test_refuses_to_overwrite_an_input_file(cli: Cli, tmp_path: Path) -> None:
    # A journey outside the workspace, written as JSON (JSON is YAML), rendered as JSON into
    # its own folder: the output would be the input itself.
    ws = workspace(tmp_path / "ws", {})
    other = tmp_path / "other"
    other.mkdir()
    source = other / "solo.json"
    source.write_text(
        json.dumps(
            {"kind": "journey", "id": "solo", "title": "T", "stages": [{"id": "s", "name": "S"}]}
        ),
        "utf-8",
    )
    original = source.read_bytes()
    result = cli("render", str(source), "-f", "json", "-o", str(other), cwd=ws)
    assert result.exit_code == 2, result.stderr
    assert "it is one of the input files" in result.stderr
    assert source.read_bytes() == original


def test_errors_stop_the_render(cli: Cli, tmp_path: Path) -> None:
    bad = journey("broken").replace("emotion: 1", "emotion: 7")
    ws = workspace(tmp_path / "ws", {"broken.yaml": bad, "good.yaml": journey("good")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr
    assert "nothing rendered" in result.stderr
    assert not (ws / "out").exists()


def test_warnings_do_not_stop_the_render(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"good.yaml": journey("good")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert (ws / "out" / "good.html").is_file()


def test_no_journeys_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"p.yaml": "kind: persona\nid: ann\nname: Ann\n"})
    result = cli("render", cwd=ws)
    assert result.exit_code == 2
    assert "no journeys to render" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "docx"], "unknown format 'docx'"),
        (["--locale", "de"], "no labels for locale 'de'"),
        (["--templates", "nowhere"], "--templates nowhere: no such folder"),
    ],
)
def test_bad_options(cli: Cli, args: list[str], message: str) -> None:
    result = cli("render", *args, "-o", "-", cwd=EXAMPLES)
    assert result.exit_code == 2
    assert message in result.stderr


def test_journey_id_index_would_overwrite_the_index(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"index.yaml": journey("index")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 2
    assert "would overwrite index.html" in result.stderr
    assert cli("render", "-f", "csv", "-o", "out", cwd=ws).exit_code == 0


def test_locale_sets_labels_and_html_lang(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a", locale="ru")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    page = (ws / "out" / "a.html").read_text("utf-8")
    assert '<html lang="ru"' in page
    assert "Болевые точки" in page
    forced = cli("render", "--locale", "cs", "-o", "out2", cwd=ws)
    assert forced.exit_code == 0
    page = (ws / "out2" / "a.html").read_text("utf-8")
    assert '<html lang="cs"' in page
    assert "Bolesti" in page


def test_unknown_journey_locale_falls_back_to_english(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a", locale="de-AT")})
    result = cli("render", "-o", "out", cwd=ws)
    assert result.exit_code == 0
    assert "no labels for locale 'de-AT'" in result.stderr
    page = (ws / "out" / "a.html").read_text("utf-8")
    assert '<html lang="de-AT"' in page
    assert "Pain points" in page


def test_templates_override_file_by_file(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a", title="Own <b>title</b>")})
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "index.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p class="mine">{{ index.journeys|length }}'
        " maps: {% for r in index.journeys %}{{ r.title }}{% endfor %}</p>{% endblock %}",
        "utf-8",
    )
    result = cli("render", "--templates", str(templates), "-o", "out", cwd=ws)
    assert result.exit_code == 0, result.stderr
    index = (ws / "out" / "index.html").read_text("utf-8")
    assert '<p class="mine">1 maps: Own &lt;b&gt;title&lt;/b&gt;</p>' in index
    # The journey page still comes from the built-in template.
    assert 'class="map"' in (ws / "out" / "a.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% extends 'base.html.j2' %}{% block body %}{{ j.title }{% endblock %}",
            "journey.html.j2:1",
        ),
        (
            "{% extends 'base.html.j2' %}{% block body %}{{ j.no_such_field }}{% endblock %}",
            "no_such_field",
        ),
        ("{% include 'missing.html.j2' %}", "missing.html.j2 not found"),
    ],
)
def test_broken_template_is_a_clear_usage_error(
    run_cjmap: Callable[..., Any], tmp_path: Path, template: str, message: str
) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a")})
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(template, "utf-8")
    result = run_cjmap("render", "--templates", str(templates), "-o", "out", cwd=ws)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_many_journeys_render_in_parallel_the_same_as_serially(tmp_path: Path) -> None:
    from cjmap.render.run import Options, jobs_for, render_to_folder
    from cjmap.workspace.corpus import load_corpus

    ws = workspace(
        tmp_path / "ws",
        {f"j{i:02}.yaml": journey(f"j{i:02}", title=f"Journey {i}") for i in range(12)},
    )
    jobs = jobs_for(load_corpus([], cwd=ws))
    seen: list[tuple[int, int]] = []
    for workers, folder in ((1, "serial"), (2, "parallel")):
        (tmp_path / folder).mkdir()
        render_to_folder(
            jobs,
            Options(),
            tmp_path / folder,
            workers=workers,
            progress=lambda done, total: seen.append((done, total)),
        )
    serial = {p.name: p.read_bytes() for p in (tmp_path / "serial").iterdir()}
    parallel = {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()}
    assert len(serial) == 13
    assert serial == parallel
    assert seen[-1] == (12, 12)


def test_rerender_replaces_files(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a", title="First")})
    assert cli("render", "-o", "out", cwd=ws).exit_code == 0
    (ws / "a.yaml").write_text(journey("a", title="Second"), "utf-8")
    assert cli("render", "-o", "out", cwd=ws).exit_code == 0
    page = (ws / "out" / "a.html").read_text("utf-8")
    assert "Second" in page
    assert "First" not in page


def test_stdin_journey(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {})
    result = cli("render", "-", "-f", "csv", "-o", "-", cwd=ws, stdin=journey("piped").encode())
    assert result.exit_code == 0, result.stderr
    assert "piped" in result.stdout


def test_a_failing_journey_in_a_worker_stops_the_render(tmp_path: Path) -> None:
    from cjmap.render.run import Options, RenderError, jobs_for, render_to_folder
    from cjmap.workspace.corpus import load_corpus

    journeys = {f"j{i:02}.yaml": journey(f"j{i:02}") for i in range(12)}
    ws = workspace(tmp_path / "ws", journeys)
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(
        "{% extends 'base.html.j2' %}{% block body %}"
        "{% if j.id == 'j07' %}{{ j.no_such_field }}{% endif %}{{ j.title }}{% endblock %}",
        "utf-8",
    )
    (tmp_path / "out").mkdir()
    jobs = jobs_for(load_corpus([], cwd=ws))
    with pytest.raises(RenderError, match="no_such_field"):
        render_to_folder(jobs, Options(templates=str(templates)), tmp_path / "out", workers=2)
    assert not (tmp_path / "out" / "index.html").exists(), "no index for a failed render"


def test_output_folder_that_cannot_be_created_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a")})
    (tmp_path / "plain-file").write_text("not a folder", "utf-8")
    result = cli("render", "-o", str(tmp_path / "plain-file" / "site"), cwd=ws)
    assert result.exit_code == 2, result.stderr
    assert "cannot write" in result.stderr


def test_index_template_failing_half_way_leaves_the_last_index(
    run_cjmap: Callable[..., Any], tmp_path: Path
) -> None:
    """The index is written as it is made: a template that fails half-way through is a
    clear usage error, and the index written before stays whole, with no temporary file."""
    ws = workspace(tmp_path / "ws", {"a.yaml": journey("a")})
    assert run_cjmap("render", "-o", "out", cwd=ws).exit_code == 0
    before = (ws / "out" / "index.html").read_bytes()
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "index.html.j2").write_text(
        "<p>{{ 'x' * 100000 }}</p>{% for r in index.journeys %}{{ r.no_such|int(r) }}"
        "{{ r.title.nothing() }}{% endfor %}",
        "utf-8",
    )
    result = run_cjmap("render", "--templates", str(templates), "-o", "out", cwd=ws)
    assert result.exit_code == 2, result.stderr
    assert "index.html.j2" in result.stderr
    assert "Traceback" not in result.stderr
    assert (ws / "out" / "index.html").read_bytes() == before
    assert sorted(p.name for p in (ws / "out").iterdir()) == ["a.html", "index.html"]
