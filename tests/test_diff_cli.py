"""``cjmap diff`` through the command line: pairs of journeys with every kind of change, in
every format, files and ``REV:path``, ``--git`` against a real repository, and errors."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from output_checks import git

# The ``cli`` and ``run_cjmap`` fixtures of conftest.py: (*args, cwd=, stdin=) → a result
# with ``exit_code``, ``stdout`` and ``stderr``.
CLI = Callable[..., Any]
HAS_GIT = shutil.which("git") is not None
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")

CONFIG = "kind: workspace\nexclude: ['drafts/**']\n"
PERSONAS = {
    "personas/ann.yaml": "kind: persona\nid: ann\nname: Ann\nshare: 0.6\n",
    "personas/bob.yaml": "kind: persona\nid: bob\nname: Bob\nshare: 0.4\n",
}


def journey() -> dict[str, Any]:
    """The OLD side: four stages; personas named by id (defined in personas/)."""
    return {
        "kind": "journey",
        "id": "trial",
        "title": "Trial",
        "personas": ["ann", "bob"],
        "sources": [{"id": "survey", "type": "survey"}],
        "stages": [
            {
                "id": "discover",
                "name": "Discover",
                "touchpoints": [
                    {"id": "ad", "name": "Sees an ad", "emotion": 1, "evidence": ["survey"]},
                    {
                        "id": "pricing",
                        "name": "Reads pricing",
                        "emotion": {"ann": -1, "bob": 0},
                        "effort": 3,
                        "completion": 0.8,
                        "pain_points": [{"id": "unclear", "text": "Unclear price", "severity": 4}],
                        "opportunities": [
                            {
                                "id": "calculator",
                                "text": "Price calculator",
                                "status": "idea",
                                "addresses": ["unclear"],
                            }
                        ],
                    },
                    {"id": "blog", "name": "Reads the blog", "emotion": 0},
                ],
            },
            {
                "id": "signup",
                "name": "Sign up",
                "touchpoints": [
                    {
                        "id": "form",
                        "name": "Fills in the form",
                        "emotion": -1,
                        "effort": 2,
                        "completion": 0.7,
                    },
                    {"id": "verify", "name": "Verifies e-mail", "emotion": 0},
                ],
            },
            {
                "id": "use",
                "name": "Use",
                "touchpoints": [{"id": "publish", "name": "Publishes", "emotion": 2}],
            },
            {
                "id": "buy",
                "name": "Buy",
                "touchpoints": [{"id": "checkout", "name": "Pays", "emotion": 1}],
            },
        ],
    }


def _stage(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(s for s in data["stages"] if s["id"] == ident)


def _tp(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(tp for s in data["stages"] for tp in s["touchpoints"] if tp["id"] == ident)


def changed_journey() -> dict[str, Any]:
    """The NEW side: every kind of change the diff reports, at once."""
    data = copy.deepcopy(journey())
    stages = data["stages"]
    stages.remove(_stage(data, "buy"))  # stage removed
    stages.insert(1, stages.pop(2))  # stage "use" moved before "signup"
    stages.append({"id": "renew", "name": "Renew", "touchpoints": []})  # stage added
    _stage(data, "signup")["name"] = "Create an account"  # stage renamed
    verify = _stage(data, "signup")["touchpoints"].pop(1)
    _stage(data, "use")["touchpoints"].append(verify)  # touchpoint moved to another stage
    _stage(data, "discover")["touchpoints"].pop(2)  # touchpoint "blog" removed
    _stage(data, "renew")["touchpoints"].append(
        {"id": "renewal-mail", "name": "Gets a renewal e-mail", "effort": 2}
    )  # touchpoint added
    form = _tp(data, "form")
    form["name"] = "Signs up with Google"  # touchpoint renamed
    form["completion"] = 0.95  # funnel and friction
    pricing = _tp(data, "pricing")
    pricing["emotion"] = {"ann": 1, "bob": 0}  # emotion, peak-end
    pricing["pain_points"] = []  # pain point resolved
    pricing["opportunities"][0]["status"] = "done"  # opportunity status
    pricing["opportunities"][0]["addresses"] = []
    verify["pain_points"] = [{"id": "spam", "text": "Lands in spam", "evidence": ["survey"]}]
    form["opportunities"] = [{"id": "short-form", "text": "Three fields", "status": "planned"}]
    _tp(data, "publish")["evidence"] = ["survey"]  # evidence coverage
    return data


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON is YAML 1.2: the files stay exact and easy to build from data.
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with shared personas, and an OLD and a NEW version of one journey."""
    root = tmp_path / "ws"
    write(root / "cjmap.yaml", CONFIG)
    for name, text in PERSONAS.items():
        write(root / name, text)
    write(root / "old.yaml", journey())
    write(root / "new.yaml", changed_journey())
    return root


def as_json(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- every kind of change, in every format ------------------------------------------------


def test_json_reports_every_kind_of_change(cli: CLI, ws: Path) -> None:
    data = as_json(cli("diff", "old.yaml", "new.yaml", "-f", "json", cwd=ws))
    assert data["changed"] is True
    assert (data["old"], data["new"]) == ("old.yaml", "new.yaml")
    assert data["summary"]["journeys_changed"] == 1
    (j,) = data["journeys"]
    assert j["id"] == "trial"
    stages, tps = j["stages"], j["touchpoints"]
    assert stages["added"] == [{"id": "renew", "name": "Renew", "position": 4}]
    assert stages["removed"] == [{"id": "buy", "name": "Buy", "position": 4}]
    assert stages["renamed"] == [
        {"id": "signup", "old_name": "Sign up", "new_name": "Create an account"}
    ]
    assert stages["moved"] == [{"id": "use", "name": "Use", "old_position": 3, "new_position": 2}]
    assert [t["id"] for t in tps["added"]] == ["renewal-mail"]
    assert tps["added"][0]["stage"] == "renew"
    assert isinstance(tps["added"][0]["friction"], float)
    assert {t["id"] for t in tps["removed"]} == {"blog", "checkout"}
    assert tps["renamed"] == [
        {"id": "form", "old_name": "Fills in the form", "new_name": "Signs up with Google"}
    ]
    assert tps["moved"] == [
        {
            "id": "verify",
            "name": "Verifies e-mail",
            "old_stage": "signup",
            "new_stage": "use",
            "old_position": 2,
            "new_position": 2,
        }
    ]
    assert {"touchpoint": "pricing", "persona": "ann", "old": -1, "new": 1, "delta": 2} in j[
        "emotion"
    ]
    assert [p["id"] for p in j["pain_points"]["added"]] == ["spam"]
    assert [p["id"] for p in j["pain_points"]["resolved"]] == ["unclear"]
    assert j["pain_points"]["resolved"][0]["score"] == 12
    assert [o["id"] for o in j["opportunities"]["added"]] == ["short-form"]
    assert j["opportunities"]["status_changed"] == [
        {
            "id": "calculator",
            "touchpoint": "pricing",
            "text": "Price calculator",
            "old_status": "idea",
            "new_status": "done",
        }
    ]
    friction = j["friction"]["journey"]
    assert friction["delta"] == pytest.approx(friction["new"] - friction["old"])
    assert friction["delta"] != 0
    assert "pricing" in {t["touchpoint"] for t in j["friction"]["touchpoints"]}
    assert j["peak_end"]["combined"]["delta"] != 0
    assert set(j["peak_end"]["personas"]) == {"ann", "bob"}
    assert j["funnel"]["conversion"]["delta"] > 0
    assert j["coverage"]["touchpoints"]["delta"] > 0
    assert j["coverage"]["pain_points"]["new"] == 1.0


def test_numbers_match_cjmap_analyze(cli: CLI, ws: Path, tmp_path: Path) -> None:
    diff = as_json(cli("diff", "old.yaml", "new.yaml", "-f", "json", cwd=ws))["journeys"][0]
    for side, name in (("old", "old.yaml"), ("new", "new.yaml")):
        # Each version alone in a workspace (in one workspace their ids would clash).
        alone = tmp_path / side
        shutil.copytree(ws, alone, ignore=shutil.ignore_patterns("old.yaml", "new.yaml"))
        shutil.copy(ws / name, alone / name)
        analysis = cli("analyze", name, "-f", "json", cwd=alone)
        assert analysis.exit_code == 0, analysis.stderr
        (numbers,) = json.loads(analysis.stdout)["journeys"]
        assert diff["friction"]["journey"][side] == numbers["friction"]["journey"]
        assert diff["peak_end"]["combined"][side] == numbers["emotion"]["combined"]["peak_end"]
        assert diff["funnel"]["conversion"][side] == numbers["funnel"]["conversion"]
        touchpoints = numbers["friction"]["touchpoints"]
        for item in diff["friction"]["touchpoints"]:
            assert item[side] == touchpoints[item["touchpoint"]]


def test_text_reports_every_kind_of_change(cli: CLI, ws: Path) -> None:
    result = cli("diff", "old.yaml", "new.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("cjmap diff: old.yaml → new.yaml\n")
    assert re.search(r"^1 journey changed \(trial: friction [▲▼] [0-9.]+\)$", out, re.M)
    for fragment in (
        '+ added renew "Renew" at position 4',
        '- removed buy "Buy"',
        '~ renamed signup "Sign up" → "Create an account"',
        '↕ moved use "Use" from position 3 to 2',
        '+ added renewal-mail "Gets a renewal e-mail" in renew',
        '- removed blog "Reads the blog" from discover',
        '~ renamed form "Fills in the form" → "Signs up with Google"',
        '↕ moved verify "Verifies e-mail" from signup #2 to use #2',
        "• pricing for ann -1 → +1 ▲ 2",
        '+ added spam at verify "Lands in spam"',
        '✔ resolved unclear at pricing "Unclear price" (score 12)',
        '+ added short-form at form "Three fields" [planned]',
        '• status calculator idea → done: "Price calculator"',
    ):
        assert fragment in out, fragment
    for label in ("Friction", "Peak-end", "Peak-end (ann)", "Funnel conversion"):
        assert f"\n  {label} " in out, label
    assert "Evidence: touchpoints" in out
    assert "\x1b[" not in out  # NO_COLOR


def test_md_reports_every_kind_of_change(cli: CLI, ws: Path) -> None:
    result = cli("diff", "old.yaml", "new.yaml", "--format", "md", cwd=ws)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    first = out.splitlines()[0]
    assert re.fullmatch(
        r"\*\*cjmap diff\*\* `old\.yaml` → `new\.yaml`: "
        r"1 journey changed: friction [▲▼] [0-9.]+ in `trial`",
        first,
    )
    assert "### `trial` Trial" in out
    assert "| | Before | After | Change |" in out
    assert "| Friction |" in out
    assert "| Funnel conversion |" in out
    assert "▲" in out
    for fragment in (
        "- added `renew` Renew at position 4",
        "- removed `buy` Buy",
        "- renamed `signup` Sign up → Create an account",
        "- moved `use` Use from position 3 to 2",
        "- moved `verify` Verifies e\\-mail from `signup` #2 to `use` #2",
        "- `pricing` for `ann` -1 → +1 ▲ 2 🟢",
        "- resolved `unclear` at `pricing` Unclear price (score 12) 🟢",
        "- status `calculator` idea → done: Price calculator 🟢",
    ):
        assert fragment in out, fragment
    html = _markdown_html(out)
    assert html.count("<table>") == 1
    assert "<strong>Stages</strong>" in html
    assert "<strong>Pain points</strong>" in html


def _markdown_html(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    renderer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html: str = renderer.render(text)
    return html


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_no_differences(cli: CLI, ws: Path, fmt: str) -> None:
    result = cli("diff", "old.yaml", "old.yaml", "-f", fmt, "--exit-code", cwd=ws)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["changed"] is False
        assert data["journeys"] == []
        assert data["unchanged"] == ["trial"]
    elif fmt == "md":
        assert "no changes to journey maps (1 compared)" in result.stdout
    else:
        assert "no differences (1 journey compared)" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_exit_code_only_when_asked(cli: CLI, ws: Path, fmt: str) -> None:
    assert cli("diff", "old.yaml", "new.yaml", "-f", fmt, cwd=ws).exit_code == 0
    assert cli("diff", "old.yaml", "new.yaml", "-f", fmt, "--exit-code", cwd=ws).exit_code == 1


def test_output_file(cli: CLI, ws: Path) -> None:
    result = cli("diff", "old.yaml", "new.yaml", "-f", "md", "--output-file", "diff.md", cwd=ws)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (ws / "diff.md").read_text(encoding="utf-8").startswith("**cjmap diff**")


def test_one_side_from_stdin(cli: CLI, ws: Path) -> None:
    stdin = (ws / "old.yaml").read_bytes()
    data = as_json(cli("diff", "-", "new.yaml", "-f", "json", cwd=ws, stdin=stdin))
    assert data["old"] == "<stdin>"
    assert data["summary"]["journeys_changed"] == 1
    both = cli("diff", "-", "-", cwd=ws, stdin=stdin)
    assert both.exit_code == 2


def test_two_journeys_with_different_ids_are_compared(cli: CLI, ws: Path) -> None:
    future = changed_journey()
    future["id"] = "trial-future"
    write(ws / "future.yaml", future)
    data = as_json(cli("diff", "old.yaml", "future.yaml", "-f", "json", cwd=ws))
    (j,) = data["journeys"]
    assert (j["old_id"], j["id"]) == ("trial", "trial-future")


def test_files_with_several_journeys_match_by_id(cli: CLI, ws: Path) -> None:
    other = journey()
    other["id"] = "other"
    third = journey()
    third["id"] = "third"
    to_yaml = json.dumps
    write(ws / "a.yaml", f"{to_yaml(journey())}\n---\n{to_yaml(other)}\n")
    write(ws / "b.yaml", f"{to_yaml(changed_journey())}\n---\n{to_yaml(third)}\n")
    data = as_json(cli("diff", "a.yaml", "b.yaml", "-f", "json", cwd=ws))
    assert [j["id"] for j in data["added"]] == ["third"]
    assert [j["id"] for j in data["removed"]] == ["other"]
    assert [j["id"] for j in data["journeys"]] == ["trial"]


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_journeys_added_and_removed_in_every_format(cli: CLI, ws: Path, fmt: str) -> None:
    other = journey()
    other["id"], other["title"] = "other", "Other journey"
    third = journey()
    third["id"], third["title"] = "third", "Third journey"
    write(ws / "a.yaml", f"{json.dumps(journey())}\n---\n{json.dumps(other)}\n")
    write(ws / "b.yaml", f"{json.dumps(journey())}\n---\n{json.dumps(third)}\n")
    result = cli("diff", "a.yaml", "b.yaml", "-f", fmt, "--exit-code", cwd=ws)
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert [(j["id"], j["title"]) for j in data["added"]] == [("third", "Third journey")]
        assert [(j["id"], j["file"]) for j in data["removed"]] == [("other", "a.yaml")]
        assert data["unchanged"] == ["trial"]
    elif fmt == "md":
        assert out.splitlines()[0].endswith(": 1 added: `third` · 1 removed: `other` · 1 unchanged")
        assert "**Journeys added**\n\n- `third` Third journey (friction " in out
        assert "**Journeys removed**\n\n- `other` Other journey\n" in out
    else:
        assert "1 added (third), 1 removed (other), 1 unchanged" in out
        assert '+ third  "Third journey"  b.yaml  (friction ' in out
        assert '- other  "Other journey"  a.yaml' in out


# --- sides that do not validate, and usage errors -----------------------------------------


def test_a_side_that_does_not_validate_exits_1(cli: CLI, ws: Path) -> None:
    broken = journey()
    _tp(broken, "ad")["emotoin"] = 1
    write(ws / "broken.yaml", broken)
    result = cli("diff", "old.yaml", "broken.yaml", cwd=ws)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "cannot compare broken.yaml: 1 error in its journey files" in result.stderr
    assert "broken.yaml:" in result.stderr
    assert "[unknown-key]" in result.stderr
    assert "cjmap validate broken.yaml" in result.stderr


def test_lint_rules_set_to_error_count(cli: CLI, ws: Path) -> None:
    write(ws / "cjmap.yaml", CONFIG + "rules:\n  negative-without-pain: error\n")
    result = cli("diff", "old.yaml", "new.yaml", cwd=ws)
    assert result.exit_code == 1
    assert "[negative-without-pain]" in result.stderr
    assert "cannot compare old.yaml" in result.stderr


def test_unknown_persona_is_a_validation_error(cli: CLI, ws: Path) -> None:
    data = journey()
    data["personas"] = ["ann", "zed"]
    write(ws / "zed.yaml", data)
    result = cli("diff", "old.yaml", "zed.yaml", cwd=ws)
    assert result.exit_code == 1
    assert "no persona with the id 'zed'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff",), "give two files to compare"),
        (("diff", "old.yaml"), "give two files to compare"),
        (("diff", "old.yaml", "new.yaml", "x.yaml"), "give two files to compare"),
        (("diff", "old.yaml", "missing.yaml"), "no such file: missing.yaml"),
        (("diff", "old.yaml", "personas"), "personas is a folder"),
        (("diff", "old.yaml", "new.yaml", "-f", "html"), "unknown format 'html'"),
    ],
)
def test_usage_errors_exit_2(cli: CLI, ws: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args, cwd=ws)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- Markdown and terminal injection ------------------------------------------------------

EVIL = (
    "Evil | name ](javascript:alert(1)) <img src=x onerror=alert(1)> `code` "
    "![i](https://x.example/i.png) @everyone www.evil.example\nnew line"
)


def test_markdown_injection_is_inert(cli: CLI, ws: Path) -> None:
    old = journey()
    new = changed_journey()
    new["title"] = EVIL
    _stage(new, "signup")["name"] = EVIL
    _tp(new, "form")["name"] = "Form | with ] pipe [x](javascript:alert(1))"
    _tp(new, "verify")["pain_points"][0]["text"] = "<script>alert(1)</script>"
    write(ws / "old.yaml", old)
    write(ws / "new.yaml", new)
    result = cli("diff", "old.yaml", "new.yaml", "-f", "md", cwd=ws)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "<img" not in out
    assert "<script" not in out
    assert "](javascript" not in out
    assert "://" not in out  # bare URLs would be turned into links
    assert "@everyone" not in out  # no mention of everyone
    html = _markdown_html(out)
    assert "<a " not in html
    assert "<img" not in html
    assert "<script" not in html
    assert "<code>code</code>" not in html
    for line in out.splitlines():
        if line.startswith("| "):
            # Every table row keeps its four cells: no pipe from journey text splits one.
            assert line.replace("\\|", "").count("|") == 5, line
    # The text is still there, readable.
    assert "onerror=alert" in html
    assert "Evil | name" in html


def test_control_characters_are_escaped_in_text(cli: CLI, ws: Path) -> None:
    new = changed_journey()
    _tp(new, "form")["name"] = "Red\x1b[31m alert\x1b]0;title\x07"
    write(ws / "new.yaml", new)
    result = cli("diff", "old.yaml", "new.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "Red\\x1b[31m alert" in result.stdout


def test_colour_only_when_asked(ws: Path) -> None:
    from cjmap.diff.compare import diff_workspaces
    from cjmap.diff.formats import get_format
    from cjmap.diff.sides import file_sides

    harder = journey()
    _tp(harder, "form")["effort"] = 5  # only one part gets worse: friction rises
    _stage(harder, "buy")["touchpoints"].pop()
    write(ws / "harder.yaml", harder)
    old, new = file_sides("old.yaml", "harder.yaml", cwd=ws)
    diff = diff_workspaces(
        old.journeys, new.journeys, old_weights=old.weights, new_weights=new.weights
    )
    coloured = get_format("text")(diff, True)
    assert "\x1b[31m▲" in coloured  # friction went up: red
    assert "\x1b[31m-\x1b[0m removed checkout" in coloured
    assert "\x1b[1m" in coloured
    assert "\x1b[" not in get_format("text")(diff, False)
    assert "\x1b[" not in get_format("md")(diff, True)


def test_no_colour_with_no_color_even_when_forced(
    cli: CLI, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("diff", "old.yaml", "new.yaml", cwd=ws)  # the fixture sets NO_COLOR
    assert "\x1b[" not in result.stdout


# --- git ----------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose folder ``maps/`` is a workspace with one committed journey."""
    if not HAS_GIT:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    maps = root / "maps"
    write(maps / "cjmap.yaml", CONFIG)
    for name, text in PERSONAS.items():
        write(maps / name, text)
    write(maps / "journeys" / "trial.yaml", journey())
    other = journey()
    other["id"], other["title"] = "renewal", "Renewal"
    write(maps / "journeys" / "renewal.yaml", other)
    draft = journey()
    draft["id"] = "draft"
    write(maps / "drafts" / "draft.yaml", draft)
    write(root / "README.md", "not a journey\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first maps")
    return root


@needs_git
def test_git_head_against_the_working_tree(cli: CLI, repo: Path) -> None:
    maps = repo / "maps"
    write(maps / "journeys" / "trial.yaml", changed_journey())
    (maps / "journeys" / "renewal.yaml").unlink()
    added = journey()
    added["id"], added["title"] = "support", "Support"
    write(maps / "journeys" / "support.yaml", added)
    write(maps / "drafts" / "another.yaml", "not: [valid")  # excluded: never read
    data = as_json(cli("diff", "--git", "HEAD", "-f", "json", cwd=maps))
    assert (data["old"], data["new"]) == ("HEAD", "working tree")
    assert [j["id"] for j in data["added"]] == ["support"]
    assert data["added"][0]["file"] == "journeys/support.yaml"
    assert [j["id"] for j in data["removed"]] == ["renewal"]
    assert data["removed"][0]["file"] == "HEAD:maps/journeys/renewal.yaml"
    (j,) = data["journeys"]
    assert j["id"] == "trial"
    assert j["old_file"] == "HEAD:maps/journeys/trial.yaml"
    assert [s["id"] for s in j["stages"]["moved"]] == ["use"]
    assert "draft" not in json.dumps(data)


@needs_git
def test_git_from_the_repository_top_and_a_subfolder(cli: CLI, repo: Path) -> None:
    write(repo / "maps" / "journeys" / "trial.yaml", changed_journey())
    for where in (repo / "maps", repo / "maps" / "journeys"):
        data = as_json(cli("diff", "--git", "HEAD", "-f", "json", cwd=where))
        assert [j["id"] for j in data["journeys"]] == ["trial"]
        assert data["unchanged"] == ["renewal"]


@needs_git
def test_git_between_two_revisions(cli: CLI, repo: Path) -> None:
    maps = repo / "maps"
    write(maps / "journeys" / "trial.yaml", changed_journey())
    git(repo, "commit", "-q", "-am", "change the trial")
    write(maps / "journeys" / "trial.yaml", journey())  # the working tree is not compared
    data = as_json(cli("diff", "--git", "HEAD~1", "HEAD", "-f", "json", cwd=maps))
    assert (data["old"], data["new"]) == ("HEAD~1", "HEAD")
    (j,) = data["journeys"]
    assert j["file"] == "HEAD:maps/journeys/trial.yaml"
    assert j["stages"]["renamed"][0]["new_name"] == "Create an account"
    # And in the other direction, with a path.
    back = as_json(
        cli("diff", "--git", "HEAD", "HEAD~1", "journeys/trial.yaml", "-f", "json", cwd=maps)
    )
    assert back["journeys"][0]["stages"]["renamed"][0]["new_name"] == "Sign up"


@needs_git
@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_git_paths_restrict_the_journeys(cli: CLI, repo: Path, fmt: str) -> None:
    maps = repo / "maps"
    write(maps / "journeys" / "trial.yaml", changed_journey())
    other = journey()
    other["id"], other["title"] = "renewal", "Renewal renamed"
    write(maps / "journeys" / "renewal.yaml", other)
    result = cli("diff", "--git", "HEAD", "journeys/renewal.yaml", "-f", fmt, cwd=maps)
    assert result.exit_code == 0, result.stderr
    assert "renewal" in result.stdout
    assert "Renewal renamed" in result.stdout
    assert "trial" not in result.stdout.replace("Trial", "")
    with_exit = cli("diff", "--git", "HEAD", "journeys", "-f", fmt, "--exit-code", cwd=maps)
    assert with_exit.exit_code == 1


@needs_git
def test_git_md_is_a_pull_request_comment(cli: CLI, repo: Path) -> None:
    maps = repo / "maps"
    write(maps / "journeys" / "trial.yaml", changed_journey())
    # From the top of the repository, the path names the workspace (maps/cjmap.yaml).
    result = cli("diff", "--git", "HEAD", "maps", "-f", "md", cwd=repo)
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("**cjmap diff** `HEAD` → `working tree`: 1 journey changed: friction")
    assert first.endswith("· 1 unchanged")


@needs_git
def test_rev_path_sides(cli: CLI, repo: Path) -> None:
    maps = repo / "maps"
    write(maps / "journeys" / "trial.yaml", changed_journey())
    spellings = [
        (repo, "HEAD:maps/journeys/trial.yaml", "maps/journeys/trial.yaml"),
        (maps, "HEAD:journeys/trial.yaml", "journeys/trial.yaml"),  # from the current folder
        (maps, "HEAD:maps/journeys/trial.yaml", "journeys/trial.yaml"),  # from the top
        (maps / "journeys", "HEAD:./trial.yaml", "trial.yaml"),
        (maps / "journeys", "HEAD:../journeys/trial.yaml", "trial.yaml"),
    ]
    for cwd, old, new in spellings:
        data = as_json(cli("diff", old, new, "-f", "json", cwd=cwd))
        assert data["old"] == "HEAD:maps/journeys/trial.yaml", (cwd, old)
        assert data["summary"]["journeys_changed"] == 1
    # Both sides from git.
    git(repo, "commit", "-q", "-am", "change")
    data = as_json(
        cli(
            "diff", "HEAD~1:journeys/trial.yaml", "HEAD:journeys/trial.yaml", "-f", "json", cwd=maps
        )
    )
    assert data["journeys"][0]["touchpoints"]["renamed"][0]["id"] == "form"


@needs_git
def test_rev_path_resolves_workspace_personas(cli: CLI, repo: Path) -> None:
    data = as_json(
        cli(
            "diff",
            "HEAD:journeys/trial.yaml",
            "journeys/trial.yaml",
            "-f",
            "json",
            cwd=repo / "maps",
        )
    )
    assert data["changed"] is False


@needs_git
def test_revision_that_does_not_validate(cli: CLI, repo: Path) -> None:
    broken = journey()
    broken["stages"] = []
    write(repo / "maps" / "journeys" / "trial.yaml", broken)
    git(repo, "commit", "-q", "-am", "break it")
    write(repo / "maps" / "journeys" / "trial.yaml", journey())
    result = cli("diff", "--git", "HEAD", cwd=repo / "maps")
    assert result.exit_code == 1
    assert "cannot compare HEAD" in result.stderr
    assert "HEAD:maps/journeys/trial.yaml:" in result.stderr
    assert "check out HEAD and run cjmap validate there" in result.stderr
    single = cli("diff", "HEAD:journeys/trial.yaml", "journeys/trial.yaml", cwd=repo / "maps")
    assert single.exit_code == 1
    assert "git show HEAD:maps/journeys/trial.yaml | cjmap validate -" in single.stderr


@needs_git
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--git", "no-such-rev"), "unknown revision 'no-such-rev'"),
        (("--git", "--output=x"), "is not a git revision"),
        (("--git", "HEAD", "nowhere.yaml"), "no workspace file matches nowhere.yaml"),
        (("--git", "HEAD", "../../outside"), "is outside the workspace"),
        (("HEAD:journeys/none.yaml", "journeys/trial.yaml"), "does not exist in revision 'HEAD'"),
        (("HEAD:journeys", "journeys/trial.yaml"), "is not a file in revision 'HEAD'"),
        (("nope:journeys/trial.yaml", "journeys/trial.yaml"), "unknown revision 'nope'"),
        (("HEAD:", "journeys/trial.yaml"), "needs a path after the ':'"),
    ],
)
def test_git_errors_exit_2(cli: CLI, repo: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("diff", *args, cwd=repo / "maps")
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert result.stdout == ""


def test_not_a_git_repository_exits_2(cli: CLI, ws: Path) -> None:
    if not HAS_GIT:
        pytest.skip("git is not installed")
    for args in (("--git", "HEAD"), ("HEAD:old.yaml", "new.yaml")):
        result = cli("diff", *args, cwd=ws)
        assert result.exit_code == 2
        assert "is not inside a git repository" in result.stderr


def test_git_not_installed_exits_2(
    cli: CLI, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli("diff", "--git", "HEAD", cwd=ws)
    assert result.exit_code == 2
    assert "git is not installed" in result.stderr


@needs_git
def test_no_traceback_from_a_real_process(run_cjmap: CLI, repo: Path) -> None:
    result = run_cjmap("diff", "--git", "does-not-exist", cwd=repo)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("cjmap: unknown revision 'does-not-exist'")


# --- the example workspace ----------------------------------------------------------------


@needs_git
def test_examples_in_git(cli: CLI, examples_copy: Path) -> None:
    from cjmap.document.load import load_bytes

    git(examples_copy, "init", "-q")
    git(examples_copy, "add", ".")
    git(examples_copy, "commit", "-q", "-m", "examples")
    path = examples_copy / "journeys" / "trial-onboarding.yaml"
    data = load_bytes(path.read_bytes(), path.name).documents[0].data
    first = data["stages"][0]["touchpoints"][0]
    first["name"] = "Renamed in a test"
    removed = data["stages"][-1]["touchpoints"].pop()
    write(path, data)
    for fmt in ("text", "md", "json"):
        result = cli("diff", "--git", "HEAD", "-f", fmt, cwd=examples_copy)
        assert result.exit_code == 0, result.stderr
        assert "Renamed in a test" in result.stdout
        assert removed["id"] in result.stdout
    result = cli("diff", "--git", "HEAD", "-f", "json", cwd=examples_copy)
    (j,) = json.loads(result.stdout)["journeys"]
    assert j["touchpoints"]["renamed"][0]["id"] == first["id"]
    assert [t["id"] for t in j["touchpoints"]["removed"]] == [removed["id"]]


@needs_git
def test_symbolic_links_in_a_revision_are_not_read_as_files(repo: Path) -> None:
    from cjmap.util.git import Git

    (repo / "maps" / "link.yaml").symlink_to("journeys/trial.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a link")
    listed = Git(repo).list_files(Git(repo).commit("HEAD"), "maps")
    assert "maps/journeys/trial.yaml" in listed
    assert "maps/link.yaml" not in listed


# --- the documented recipe ----------------------------------------------------------------


def test_ci_recipe_uses_real_diff_options() -> None:
    from cjmap.diff.formats import FORMATS

    text = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text("utf-8")
    section = text[text.index("## Pull-request comments with `cjmap diff`") :]
    commands = re.findall(r"cjmap diff [^`\n]*", section)
    assert any("--git origin/${{ github.base_ref }} -f md > diff.md" in c for c in commands)
    options = {o for c in commands for o in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", c)}
    assert options <= {"--git", "-f", "--format", "--exit-code", "--output-file"}, options
    for name in re.findall(r"(?:-f|--format) (\w+)", section):
        assert name in FORMATS
    assert "fetch-depth: 0" in section


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_opportunity_tags_changed_in_every_format(cli: CLI, ws: Path, fmt: str) -> None:
    tagged = journey()
    _tp(tagged, "pricing")["opportunities"][0]["tags"] = ["quick-win", "pricing"]
    write(ws / "tagged.yaml", tagged)
    result = cli("diff", "old.yaml", "tagged.yaml", "-f", fmt, "--exit-code", cwd=ws)
    assert result.exit_code == 1, result.stderr
    if fmt == "json":
        (change,) = json.loads(result.stdout)["journeys"][0]["opportunities"]["retagged"]
        assert (change["id"], change["old_tags"], change["new_tags"]) == (
            "calculator",
            [],
            ["quick-win", "pricing"],
        )
    elif fmt == "md":
        # Journey text, escaped for Markdown.
        assert "tags `calculator` \\[\\] → \\[quick\\-win, pricing\\]" in result.stdout
        assert "Price calculator" in result.stdout
    else:
        assert 'tags calculator "[]" → "[quick-win, pricing]" "Price calculator"' in result.stdout
