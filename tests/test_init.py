"""``cjmap init``: a workspace that validates cleanly, and never a lost file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cjmap import __version__
from cjmap.document.load import load_bytes
from cjmap.init.scaffold import (
    REPO_URL,
    init_workspace,
    pip_requirement,
    schema_path,
    starter_files,
)
from cjmap.schema.export import schema_text

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parent.parent

STARTER = [relative for relative, _ in starter_files(dt.date(2026, 1, 1))] + [".gitignore"]
CJMAP_FILES = {
    "cjmap.yaml": "workspace",
    "personas/alex.yaml": "persona",
    "journeys/first-order.yaml": "journey",
}


def _data(path: Path) -> Any:
    loaded = load_bytes(path.read_bytes(), path.name)
    assert not loaded.problems, loaded.problems
    (document,) = loaded.documents
    return document.data


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def workspace(tmp_path: Path, cli: Cli) -> Path:
    folder = tmp_path / "maps"
    result = cli("init", str(folder))
    assert result.exit_code == 0, result.stderr
    return folder


def test_init_creates_every_starter_file_and_says_what_next(tmp_path: Path, cli: Cli) -> None:
    result = cli("init", "new maps", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(_snapshot(tmp_path / "new maps")) == sorted(STARTER)
    for relative in STARTER:
        assert f"created {relative}" in result.stderr
    assert "kept existing" not in result.stderr
    assert "cd 'new maps'" in result.stderr
    assert "cjmap validate" in result.stderr
    assert "cjmap render" in result.stderr
    assert result.stdout == ""


def test_init_defaults_to_the_current_folder(tmp_path: Path, cli: Cli) -> None:
    result = cli("init", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "cjmap.yaml").is_file()
    assert "  cd " not in result.stderr


def test_new_workspace_validates_with_no_findings_under_strict(workspace: Path, cli: Cli) -> None:
    strict = cli("validate", "--strict", cwd=workspace)
    assert strict.exit_code == 0, strict.stdout + strict.stderr
    report = cli("validate", "--format", "json", cwd=workspace)
    assert report.exit_code == 0
    parsed = json.loads(report.stdout)
    assert parsed["findings"] == []
    assert parsed["summary"]["files"] == 3
    assert parsed["summary"]["documents"] == 3


def test_journey_is_reviewed_today_and_uses_the_persona(workspace: Path) -> None:
    journey = _data(workspace / "journeys" / "first-order.yaml")
    assert journey["reviewed"] == dt.date.today().isoformat()
    assert journey["personas"] == [_data(workspace / "personas" / "alex.yaml")["id"]]


def test_every_yaml_file_starts_with_a_schema_modeline(workspace: Path) -> None:
    for relative in STARTER:
        if not relative.endswith((".yaml", ".yml")) or relative in CJMAP_FILES:
            continue
        first = (workspace / relative).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=https://"), relative


def test_cjmap_file_modelines_name_the_schema_files_init_wrote(workspace: Path) -> None:
    # Relative paths inside the workspace: editors check the files offline.
    for relative, kind in CJMAP_FILES.items():
        first = (workspace / relative).read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), relative
        target = first.removeprefix(prefix)
        assert "://" not in target
        resolved = ((workspace / relative).parent / target).resolve()
        assert resolved == (workspace / schema_path(kind)).resolve(), relative
        assert resolved.read_text(encoding="utf-8") == schema_text(kind)
        assert resolved.read_text(encoding="utf-8") == (
            ROOT / "schemas" / f"{kind}.schema.json"
        ).read_text(encoding="utf-8")


def test_schema_files_in_the_workspace_are_not_read_as_maps(workspace: Path, cli: Cli) -> None:
    result = cli("validate", "--format", "json", "--strict", cwd=workspace)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["summary"]["files"] == len(CJMAP_FILES)


def test_cjmap_files_are_valid_for_the_committed_schemas(workspace: Path) -> None:
    for relative, kind in CJMAP_FILES.items():
        schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors = [e.message for e in validator.iter_errors(_data(workspace / relative))]
        assert errors == [], relative


def test_cjmap_files_are_already_in_canonical_form(workspace: Path, cli: Cli) -> None:
    result = cli("fmt", "--check", cwd=workspace)
    if result.exit_code == 2 and "No such command" in result.stderr:
        pytest.skip("cjmap fmt is not available")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_pre_commit_config_uses_this_repository_hooks(workspace: Path) -> None:
    config = _data(workspace / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == REPO_URL == "https://github.com/cjmap/cjmap"
    assert repo["rev"] == f"v{__version__}"
    wanted = {hook["id"] for hook in repo["hooks"]}
    assert wanted == {"cjmap-validate", "cjmap-fmt"}
    defined = _data(ROOT / ".pre-commit-hooks.yaml")
    assert {"cjmap-validate"} <= {hook["id"] for hook in defined}


def test_workflow_validates_with_annotations_and_uploads_sarif(workspace: Path) -> None:
    workflow = _data(workspace / ".github" / "workflows" / "cjmap.yml")
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert f'pip install "{pip_requirement(__version__)}"' in runs
    assert pip_requirement(__version__) == (
        f"cjmap @ {REPO_URL}/archive/refs/tags/v{__version__}.tar.gz"
    )
    assert any("cjmap validate --format github" in run for run in runs)
    sarif = next(step for step in steps if "--format sarif" in step.get("run", ""))
    assert "--output-file cjmap.sarif" in sarif["run"]
    assert sarif["if"] == "always()"
    upload = next(
        step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload")
    )
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == "cjmap.sarif"
    assert workflow["permissions"]["security-events"] == "write"


def test_second_run_changes_nothing_and_keeps_user_edits(workspace: Path, cli: Cli) -> None:
    journey = workspace / "journeys" / "first-order.yaml"
    edited = journey.read_bytes().replace(b"First online order", b"Mon premier achat")
    journey.write_bytes(edited)
    before = _snapshot(workspace)
    result = cli("init", str(workspace))
    assert result.exit_code == 0, result.stderr
    assert _snapshot(workspace) == before
    assert journey.read_bytes() == edited
    assert "created" not in result.stderr
    for relative in STARTER:
        assert f"kept existing {relative}" in result.stderr


def test_existing_files_are_kept_and_the_rest_created(tmp_path: Path, cli: Cli) -> None:
    mine = b"kind: workspace\nlocale: cs\n"
    (tmp_path / "cjmap.yaml").write_bytes(mine)
    # A symlink, even a dangling one, is the user's: never replaced.
    (tmp_path / ".pre-commit-config.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "cjmap.yaml").read_bytes() == mine
    assert (tmp_path / ".pre-commit-config.yaml").is_symlink()
    assert not (tmp_path / "nowhere.yaml").exists()
    assert "kept existing cjmap.yaml" in result.stderr
    assert "kept existing .pre-commit-config.yaml" in result.stderr
    assert "created journeys/first-order.yaml" in result.stderr


def test_no_temporary_files_are_left_behind(workspace: Path) -> None:
    leftovers = [p for p in workspace.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_dir_that_is_a_file_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("hello", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "hello"


def test_unwritable_location_is_a_clear_usage_error(tmp_path: Path, run_cjmap: Any) -> None:
    # Running as root makes chmod ineffective; a folder whose parent is a file cannot be
    # created by anyone.
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    result = run_cjmap("init", str(tmp_path / "blocker" / "maps"))
    assert result.exit_code == 2
    assert "cannot create the folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_in_the_way_of_a_folder_fails_that_file_only(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "personas").write_text("not a folder\n", encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 2
    assert "cannot create personas/alex.yaml" in result.stderr
    assert (tmp_path / "personas").read_text(encoding="utf-8") == "not a folder\n"
    assert (tmp_path / "journeys" / "first-order.yaml").is_file()


def test_core_reports_created_and_kept(tmp_path: Path) -> None:
    first = init_workspace(tmp_path, today=dt.date(2026, 3, 1))
    assert first.created == STARTER
    assert first.kept == []
    assert first.failed == []
    assert "reviewed: 2026-03-01" in (tmp_path / "journeys" / "first-order.yaml").read_text(
        encoding="utf-8"
    )
    second = init_workspace(tmp_path)
    assert second.created == []
    assert second.kept == STARTER


# --- .gitignore: what cjmap writes is never committed by accident ------------------------


def _ignored(folder: Path, *names: str) -> set[str]:
    """The names git itself ignores in ``folder`` (a fresh repository)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    done = subprocess.run(
        ["git", "-C", str(folder), "check-ignore", "--no-index", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(done.stdout.split())


def test_init_writes_a_gitignore_for_the_rendered_site(workspace: Path) -> None:
    text = (workspace / ".gitignore").read_text(encoding="utf-8")
    assert "/site/" in text.splitlines()
    assert "/.cjmap_cache/" in text.splitlines()
    names = ("site/index.html", "cjmap.sarif", ".cjmap_cache/validate.cache", "journeys/a.yaml")
    assert _ignored(workspace, *names) == {
        "site/index.html",
        "cjmap.sarif",
        ".cjmap_cache/validate.cache",
    }


def test_init_appends_missing_lines_to_an_existing_gitignore(tmp_path: Path, cli: Cli) -> None:
    mine = b"# mine\nnode_modules/\n*.log"  # no newline at the end
    (tmp_path / ".gitignore").write_bytes(mine)
    (tmp_path / ".gitignore").chmod(0o640)
    result = cli("init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / ".gitignore").read_bytes()
    assert data == mine + b"\n/site/\n/cjmap.sarif\n/.cjmap_cache/\n"
    assert (tmp_path / ".gitignore").stat().st_mode & 0o777 == 0o640
    assert "added /site/, /cjmap.sarif, /.cjmap_cache/ to .gitignore" in result.stderr
    assert _ignored(tmp_path, "site/a.html", "x.log", "node_modules/y") == {
        "site/a.html",
        "x.log",
        "node_modules/y",
    }
    again = cli("init", str(tmp_path))
    assert again.exit_code == 0
    assert (tmp_path / ".gitignore").read_bytes() == data
    assert "kept existing .gitignore" in again.stderr


@pytest.mark.parametrize("spelling", ["site", "site/", "/site", "  /site/  "])
def test_init_knows_a_line_already_there_in_another_spelling(
    tmp_path: Path, cli: Cli, spelling: str
) -> None:
    mine = f"{spelling}\ncjmap.sarif\n.cjmap_cache\n"
    (tmp_path / ".gitignore").write_text(mine, encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == mine
    assert "kept existing .gitignore" in result.stderr


def test_init_adds_only_the_line_that_is_missing(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / ".gitignore").write_text("site/\n", encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    assert text == "site/\n/cjmap.sarif\n/.cjmap_cache/\n"
    assert "added /cjmap.sarif, /.cjmap_cache/ to .gitignore" in result.stderr


def test_a_gitignore_that_is_a_link_is_never_written_through(tmp_path: Path, cli: Cli) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("secret-notes\n", encoding="utf-8")
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / ".gitignore").symlink_to(elsewhere)
    result = cli("init", str(maps))
    assert result.exit_code == 0, result.stderr
    assert elsewhere.read_text(encoding="utf-8") == "secret-notes\n"
    assert (maps / ".gitignore").is_symlink()
    assert "kept existing .gitignore" in result.stderr
