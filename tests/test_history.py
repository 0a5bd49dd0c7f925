"""``cjmap history`` on a scripted git repository: its numbers are ``analyze``'s at each commit.

The repository (built once, with fixed dates) holds the examples and, along its first-parent
line: an edit, a rename, a persona change, a ``cjmap.yaml`` weight change, a journey deleted
and added back, a journey that stops validating and is fixed, a merge of a side branch, and a
commit that changes no workspace file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap.history.run import parse_range
from cjmap.util.errors import UsageError
from cjmap.util.git import Git, parse_log

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HAS_GIT = shutil.which("git") is not None
pytestmark = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")


def _git(repo: Path, *args: str, day: int = 1) -> str:
    date = f"2026-01-{day:02d}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Researcher",
        "GIT_AUTHOR_EMAIL": "r@example.com",
        "GIT_COMMITTER_NAME": "Researcher",
        "GIT_COMMITTER_EMAIL": "r@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


class Repo:
    """The scripted repository and the commit ids of its steps, by name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.commits: dict[str, str] = {}

    def commit(self, name: str, day: int, message: str | None = None) -> None:
        _git(self.path, "add", "-A", day=day)
        _git(self.path, "commit", "-q", "-m", message or name, day=day)
        self.commits[name] = _git(self.path, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    path = tmp_path_factory.mktemp("history") / "maps"
    shutil.copytree(EXAMPLES, path)
    journeys = path / "journeys"
    r = Repo(path)
    _git(path, "init", "-q", "-b", "main")
    r.commit("init", 1, "The example maps")
    _edit(journeys / "trial-onboarding.yaml", "effort: 1", "effort: 5")
    r.commit("edit", 2, "Importing staff is harder than we thought")
    (journeys / "sme").mkdir()
    _git(path, "mv", "journeys/business-account-ru.yaml", "journeys/sme/business-account.yaml")
    r.commit("rename", 3, "Move the SME journeys to their own folder")
    _edit(path / "personas" / "devon.yaml", "share: 0.25", "share: 0.6")
    r.commit("persona", 4, "Devon's segment is bigger")
    _edit(path / "cjmap.yaml", "pain: 0.4", "pain: 0.1")
    _edit(path / "cjmap.yaml", "effort: 0.2", "effort: 0.5")
    r.commit("weights", 5, "Effort weighs more")
    kept = (journeys / "trial-onboarding.yaml").read_bytes()
    (journeys / "trial-onboarding.yaml").unlink()
    r.commit("delete", 6, "Retire the current state map")
    (journeys / "trial-onboarding.yaml").write_bytes(kept)
    r.commit("readd", 7, "Bring the current state map back")
    broken = journeys / "air-purifier-cs.yaml"
    good = broken.read_bytes()
    _edit(broken, "id: air-purifier-purchase", "id: air-purifier-purchase\nstages: oops")
    r.commit("break", 8, "Half-finished edit")
    broken.write_bytes(good)
    r.commit("fix", 9, "Finish the edit")
    _git(path, "checkout", "-q", "-b", "side")
    _edit(journeys / "eshop-order-el.yaml", "effort: 1", "effort: 4")
    r.commit("side", 10, "Checkout is harder on mobile")
    _git(path, "checkout", "-q", "main")
    _edit(journeys / "aircon-purchase-zh.yaml", "effort: 1", "effort: 3")
    r.commit("main-edit", 11, "Installation booking is harder")
    _git(path, "merge", "-q", "--no-ff", "-m", "Merge the mobile findings", "side", day=12)
    r.commits["merge"] = _git(path, "rev-parse", "HEAD")
    (path / "NOTES.txt").write_text("not a map\n", "utf-8")
    r.commit("notes", 13, "Notes")
    return r


def _history(cli: Callable[..., Any], repo: Repo, *args: str) -> dict[str, Any]:
    result = cli("history", "-f", "json", *args, cwd=repo.path)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _journeys(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {j["id"]: j for j in data["journeys"]}


def _checkout(repo: Repo, commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=repo.path, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _numbers(journey: dict[str, Any]) -> dict[str, Any]:
    return {
        "friction": journey["friction"]["journey"],
        "peak_end": journey["emotion"]["combined"]["peak_end"],
        "conversion": journey["funnel"]["conversion"],
        "coverage": {
            "touchpoints": journey["coverage"]["touchpoints"]["share"],
            "pain_points": journey["coverage"]["pain_points"]["share"],
        },
    }


def _point_numbers(point: dict[str, Any]) -> dict[str, Any]:
    return {k: point[k] for k in ("friction", "peak_end", "conversion", "coverage")}


def test_history_equals_analyze_at_every_commit(
    cli: Callable[..., Any], repo: Repo, tmp_path: Path
) -> None:
    history = _journeys(_history(cli, repo))
    first_parent = _git(repo.path, "rev-list", "--first-parent", "--reverse", "HEAD").split()
    assert len(first_parent) == 12  # the side branch's commit is not on the line
    for number, commit in enumerate(first_parent):
        checkout = _checkout(repo, commit, tmp_path / f"c{number}")
        result = cli("analyze", "-f", "json", cwd=checkout)
        analysed = {j["id"]: j for j in json.loads(result.stdout)["journeys"]}
        at = first_parent[: number + 1]
        for ident, journey in history.items():
            # The journey's state at this commit: its last point at or before it.
            points = [p for p in journey["points"] if p["commit"] in at]
            last = points[-1] if points else None
            if last is None or last["status"] == "removed":
                assert ident not in analysed, (ident, number)
            elif last["status"] == "invalid":
                assert ident not in analysed, (ident, number)
                assert result.exit_code == 1
                assert last["file"] in result.stderr
            else:
                assert ident in analysed, (ident, number)
                assert _point_numbers(last) == _numbers(analysed[ident]), (ident, number)
                assert last["file"] == analysed[ident]["file"]
        assert set(analysed) <= set(history)


def test_each_change_gives_a_point_with_its_reason(cli: Callable[..., Any], repo: Repo) -> None:
    data = _history(cli, repo)
    c = repo.commits
    journeys = _journeys(data)
    assert data["commits"] == 12
    assert data["tip"] == c["notes"]
    assert data["base"] is None
    assert data["unread"] == []

    def reasons(ident: str) -> dict[str, list[str]]:
        return {p["commit"]: p["changed"] for p in journeys[ident]["points"]}

    trial = reasons("trial-onboarding")
    assert trial[c["init"]] == ["added"]
    assert trial[c["edit"]] == ["journey"]
    assert trial[c["persona"]] == ["personas"]  # it names devon
    assert trial[c["weights"]] == ["settings"]
    assert trial[c["delete"]] == ["removed"]
    assert trial[c["readd"]] == ["added"]
    assert c["break"] not in trial
    assert c["notes"] not in trial
    points = journeys["trial-onboarding"]["points"]
    removed = next(p for p in points if p["status"] == "removed")
    assert removed["friction"] is None
    assert removed["file"] is None
    edited = [p for p in points if p["commit"] in (c["init"], c["edit"])]
    assert edited[0]["friction"] < edited[1]["friction"]  # more effort, more friction

    business = reasons("business-account-opening")
    assert business[c["rename"]] == ["moved"]
    files = [p["file"] for p in journeys["business-account-opening"]["points"]]
    assert files[0] == "journeys/business-account-ru.yaml"
    assert files[-1] == "journeys/sme/business-account.yaml"

    air = journeys["air-purifier-purchase"]["points"]
    broken = next(p for p in air if p["commit"] == c["break"])
    assert broken["status"] == "invalid"
    assert broken["friction"] is None
    assert broken["errors"] >= 1
    assert "stages" in broken["error"]
    assert broken["changed"] == ["journey", "validity"]
    fixed = next(p for p in air if p["commit"] == c["fix"])
    assert fixed["status"] == "ok"
    assert fixed["changed"] == ["journey", "validity"]

    # A merge counts with its changes against its first parent.
    eshop = reasons("eshop-order")
    assert eshop[c["merge"]] == ["journey"]
    assert c["side"] not in eshop
    assert reasons("aircon-purchase")[c["main-edit"]] == ["journey"]

    # A journey whose 'improves' target is deleted stops validating, then validates again.
    future = {p["commit"]: p for p in journeys["trial-onboarding-future"]["points"]}
    assert future[c["delete"]]["status"] == "invalid"
    assert future[c["delete"]]["changed"] == ["validity"]
    assert future[c["readd"]]["status"] == "ok"


def test_since_and_rev_range_limit_the_commits(cli: Callable[..., Any], repo: Repo) -> None:
    c = repo.commits
    since = _history(cli, repo, "--since", "2026-01-08T00:00:00+00:00")
    commits = {p["commit"] for j in since["journeys"] for p in j["points"]}
    assert commits == {c["break"], c["fix"], c["main-edit"], c["merge"]}
    assert since["since"] == "2026-01-08T00:00:00+00:00"
    assert since["commits"] == 5  # break, fix, main-edit, merge, notes
    ranged = _history(cli, repo, "--rev-range", f"{c['weights']}..{c['readd']}")
    assert ranged["base"] == c["weights"]
    assert ranged["tip"] == c["readd"]
    assert ranged["commits"] == 2
    points = {j["id"]: [p["commit"] for p in j["points"]] for j in ranged["journeys"]}
    assert points["trial-onboarding"] == [c["readd"]]  # deleted when the range starts
    # Every journey starts at the first commit of the range, whatever changed before.
    assert points["eshop-order"] == [c["delete"]]


def test_paths_choose_the_journeys(cli: Callable[..., Any], repo: Repo) -> None:
    data = _history(cli, repo, "journeys/sme")
    assert [j["id"] for j in data["journeys"]] == ["business-account-opening"]
    # Before the move, its file was elsewhere: the history starts where it came in.
    points = data["journeys"][0]["points"]
    assert points[0]["commit"] == repo.commits["rename"]
    assert points[0]["changed"] == ["added"]


def test_text_csv_and_md(cli: Callable[..., Any], repo: Repo, tmp_path: Path) -> None:
    text = cli("history", cwd=repo.path)
    assert text.exit_code == 0
    assert "trial-onboarding — Shiftly trial onboarding (current state)" in text.stdout
    assert "Friction over time:" in text.stdout
    assert "removed" in text.stdout
    assert "invalid (1 error)" in text.stdout or "invalid (" in text.stdout
    assert "12 commits" in text.stdout

    out = tmp_path / "history.csv"
    result = cli("history", "-f", "csv", "--output-file", str(out), cwd=repo.path)
    assert result.exit_code == 0
    assert result.stdout == ""
    raw = out.read_text("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    data = _history(cli, repo)
    assert len(rows) == sum(len(j["points"]) for j in data["journeys"])
    first = next(r for r in rows if r["journey"] == "trial-onboarding")
    point = _journeys(data)["trial-onboarding"]["points"][0]
    assert first["commit"] == point["commit"]
    assert float(first["friction"]) == point["friction"]
    assert float(first["coverage_touchpoints"]) == point["coverage"]["touchpoints"]
    assert first["changed"] == "added"

    md = cli("history", "-f", "md", cwd=repo.path)
    assert md.exit_code == 0
    assert md.stdout.startswith("# Journey history\n")
    assert "## Shiftly trial onboarding (current state) (trial-onboarding)" in md.stdout
    assert "| Date | Commit | Status |" in md.stdout


def test_commit_messages_and_titles_are_escaped(cli: Callable[..., Any], tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.path.mkdir()
    _git(repo.path, "init", "-q")
    (repo.path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    shutil.copy(EXAMPLES / "journeys" / "air-purifier-cs.yaml", repo.path / "a.yaml")
    for persona in (EXAMPLES / "personas").glob("*.yaml"):
        shutil.copy(persona, repo.path / persona.name)
    repo.commit("one", 1, "=HYPERLINK(1) | *bold* \x1b[31m ::error::x")
    text = cli("history", cwd=repo.path).stdout
    assert "\x1b" not in text
    md = cli("history", "-f", "md", cwd=repo.path).stdout
    assert "\\*bold\\*" in md
    assert "\\|" in md
    rows = cli("history", "-f", "csv", cwd=repo.path).stdout
    assert ",'=HYPERLINK(1)" in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rev-range", "nope..HEAD"), "unknown revision 'nope'"),
        (("--rev-range", "HEAD"), "is not of the form A..B"),
        (("--rev-range", "--all..HEAD"), "is not a git revision"),
        (("-f", "yaml"), "unknown format 'yaml'"),
    ],
)
def test_usage_errors(
    run_cjmap: Callable[..., Any], repo: Repo, args: tuple[str, ...], message: str
) -> None:
    result = run_cjmap("history", *args, cwd=repo.path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_outside_git_is_a_usage_error(run_cjmap: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    result = run_cjmap("history", cwd=tmp_path, env=env)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert "cjmap history reads the journeys' past from git" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [("history",), ("diff", "--git", "HEAD")])
def test_a_repository_without_commits_says_so(
    run_cjmap: Callable[..., Any], tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run_cjmap(*command, cwd=tmp_path)
    assert result.exit_code == 2
    assert "has no commits yet: commit your journeys first" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_shallow_clone_says_its_history_stops_short(
    cli: Callable[..., Any], repo: Repo, tmp_path: Path
) -> None:
    """CI's default checkout holds one commit: the history is that commit's, and a note on
    standard error says how to fetch the rest (for render --history too); a full clone
    says nothing."""
    clone = tmp_path / "clone"
    url = repo.path.resolve().as_uri()
    subprocess.run(["git", "clone", "-q", "--depth", "2", url, str(clone)], check=True)
    shallow = cli("history", "-f", "json", cwd=clone)
    assert shallow.exit_code == 0, shallow.stderr
    assert "shallow clone" in shallow.stderr
    assert "fetch-depth: 0" in shallow.stderr
    assert json.loads(shallow.stdout)["commits"] <= 2
    render = cli("render", "--history", "-o", str(tmp_path / "site"), cwd=clone)
    assert render.exit_code == 0, render.stderr
    assert "shallow clone" in render.stderr
    assert "shallow" not in cli("history", "-f", "json", cwd=repo.path).stderr


def _journey_doc(ident: str, touchpoint: dict[str, Any]) -> str:
    return json.dumps(
        {
            "kind": "journey",
            "id": ident,
            "title": ident.title(),
            "stages": [{"id": "s", "name": "S", "touchpoints": [touchpoint]}],
        }
    )


def test_sub_journeys_roll_up_at_every_commit_as_analyze_rolls_them(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """A touchpoint told by a sub-journey takes its friction and time from it: a commit
    that changes only the sub-journey moves the parent's numbers too, as analyze says."""
    root = tmp_path / "maps"
    root.mkdir()
    (root / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    parent = _journey_doc("parent", {"id": "pay", "name": "Pays", "journey": "checkout"})
    (root / "parent.yaml").write_text(parent, "utf-8")
    r = Repo(root)
    _git(root, "init", "-q", "-b", "main")
    for day, effort in enumerate((2, 5, 4), start=1):
        sub = {"id": "card", "name": "Card", "effort": effort, "duration": f"{day}m"}
        (root / "checkout.yaml").write_text(_journey_doc("checkout", sub), "utf-8")
        r.commit(f"effort-{effort}", day)
    data = _journeys(_history(cli, r))["parent"]
    assert [p["changed"] for p in data["points"]] == [
        ["added"],
        ["sub-journeys"],
        ["sub-journeys"],
    ]
    frictions = []
    for point, name in zip(data["points"], ("effort-2", "effort-5", "effort-4"), strict=True):
        folder = _checkout(r, r.commits[name], tmp_path / name)
        result = cli("analyze", "-f", "json", cwd=folder)
        assert result.exit_code == 0, result.stderr
        (analysed,) = [j for j in json.loads(result.stdout)["journeys"] if j["id"] == "parent"]
        assert _point_numbers(point) == _numbers(analysed)
        frictions.append(point["friction"])
    assert frictions[0] < frictions[2] < frictions[1]


def test_git_runs_a_fixed_number_of_times(
    cli: Callable[..., Any], repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never one process per commit: rev-parse calls, one log, one cat-file."""
    import cjmap.util.git as git_module

    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], **kwargs: Any) -> Any:
        calls.append(list(args))
        return real_popen(args, **kwargs)

    # subprocess.run starts its process through Popen: every process is counted once.
    monkeypatch.setattr(git_module.subprocess, "Popen", popen)
    _history(cli, repo)
    verbs = [call[1] for call in calls]
    assert verbs.count("log") == 1, calls
    assert verbs.count("cat-file") == 1
    assert len(calls) <= 5, calls


def test_parse_log_reads_any_path() -> None:
    blob = "a" * 40
    zero = "0" * 40
    out = (
        b"\x1e" + b"c" * 40 + b"\x1f2026-01-01T00:00:00+00:00\x1fFirst \x1e line\0\n"
        b":000000 100644 " + zero.encode() + b" " + blob.encode() + b" A\0odd\nname :x.yaml\0"
        b":100644 120000 " + blob.encode() + b" " + blob.encode() + b" T\0link.yaml\0"
        b"\x1e" + b"d" * 40 + b" " + b"c" * 40 + b"\x1f2026-01-02T00:00:00+00:00\x1f\0\n"
        b":100644 000000 " + blob.encode() + b" " + zero.encode() + b" D\0odd\nname :x.yaml\0"
    )
    first, second = parse_log(out)
    assert first.id == "c" * 40
    assert first.parents == ()
    assert first.subject == "First \x1e line"
    assert [(ch.path, ch.blob) for ch in first.changes] == [
        ("odd\nname :x.yaml", blob),
        ("link.yaml", None),  # a symbolic link is no file of the workspace
    ]
    assert second.parents == ("c" * 40,)
    assert [(ch.path, ch.blob) for ch in second.changes] == [("odd\nname :x.yaml", None)]


def test_blob_stream_reads_exact_bytes(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    payloads = [b"", b"one\n", b"two\nlines\n\n", bytes(range(256)) * 10]
    ids = []
    for number, payload in enumerate(payloads):
        (tmp_path / f"f{number}").write_bytes(payload)
        ids.append(_git(tmp_path, "hash-object", "-w", f"f{number}"))
    with Git(tmp_path).blobs() as stream:
        for oid, payload in zip(ids, payloads, strict=True):
            assert stream.read(oid, 10_000) == payload
        assert stream.read(ids[3], 100) == 2560  # over the limit: its size, unkept
        assert stream.read(ids[1], 100) == b"one\n"  # and the stream goes on
        assert stream.read("f" * 40, 100) is None
        with pytest.raises(UsageError):
            stream.read("--batch", 100)


def test_parse_range() -> None:
    assert parse_range("v1..v2") == ("v1", "v2")
    assert parse_range("..v2") == ("HEAD", "v2")
    assert parse_range("v1..") == ("v1", "HEAD")
    with pytest.raises(UsageError, match=r"A\.\.B"):
        parse_range("v1...v2")


def test_render_history_draws_each_journeys_friction_over_time(
    cli: Callable[..., Any], repo: Repo, tmp_path: Path
) -> None:
    import re

    out = tmp_path / "site"
    result = cli("render", "--history", "-o", str(out), cwd=repo.path)
    assert result.exit_code == 0, result.stderr
    page = (out / "index.html").read_text("utf-8")
    section = page[page.index('<section aria-labelledby="trends-title">') :]
    section = section[: section.index("</section>")]
    items = re.findall(r"<li>.*?</li>", section, re.DOTALL)
    data = _journeys(_history(cli, repo))
    assert len(items) == len(data)
    trial = next(item for item in items if 'href="trial-onboarding.html"' in item)
    points = [p for p in data["trial-onboarding"]["points"] if p["status"] == "ok"]
    first, last = points[0], points[-1]
    text = (
        f"Friction: {first['friction']:g} ({first['date'][:10]}) → "
        f"{last['friction']:g} ({last['date'][:10]})"
    )
    assert text in trial
    # Removed at one commit: the line stops there; added back at the next, a dot of its own.
    assert trial.count("<polyline") == 1
    assert trial.count("<circle") == len(points)
    assert 'aria-hidden="true"' in trial  # the text beside it says what it shows
    # Without --history, the index is as before.
    plain = tmp_path / "plain"
    assert cli("render", "-o", str(plain), cwd=repo.path).exit_code == 0
    assert "trends-title" not in (plain / "index.html").read_text("utf-8")


def test_render_history_refusals(run_cjmap: Callable[..., Any], repo: Repo, tmp_path: Path) -> None:
    result = run_cjmap("render", "--history", "-f", "md", "-o", str(tmp_path / "md"), cwd=repo.path)
    assert result.exit_code == 2
    assert "--history draws the trend lines on the index page" in result.stderr
    lone = tmp_path / "lone"
    shutil.copytree(EXAMPLES, lone)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run_cjmap("render", "--history", "-o", str(tmp_path / "out"), cwd=lone, env=env)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert not (tmp_path / "out").exists()


def test_trend_line_breaks_where_the_journey_has_no_number() -> None:
    from cjmap.render.trend import HEIGHT, PAD, WIDTH, _geometry

    segments, dots = _geometry([0.0, 100.0, None, 50.0, 50.0])
    bottom, top = HEIGHT - PAD, PAD
    step = (WIDTH - 2 * PAD) / 4
    assert segments == (
        f"{PAD:g},{bottom:g} {PAD + step:g},{top:g}",
        f"{PAD + 3 * step:g},{HEIGHT / 2:g} {WIDTH - PAD:g},{HEIGHT / 2:g}",
    )
    assert len(dots) == 4
    assert _geometry([None]) == ((), ())
    one, dot = _geometry([20.0])
    assert one == ()  # a single point is a dot, not a line
    assert dot == ((f"{WIDTH / 2:g}", f"{HEIGHT - PAD - 0.2 * (HEIGHT - 2 * PAD):g}"),)


def test_a_broken_file_that_never_held_a_journey_is_listed_apart(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    repo = Repo(tmp_path / "r")
    repo.path.mkdir()
    _git(repo.path, "init", "-q")
    (repo.path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    shutil.copy(EXAMPLES / "journeys" / "air-purifier-cs.yaml", repo.path / "a.yaml")
    for persona in (EXAMPLES / "personas").glob("*.yaml"):
        shutil.copy(persona, repo.path / persona.name)
    repo.commit("one", 1)
    (repo.path / "draft.yaml").write_text("kind: journey\nid: [unclosed\n", "utf-8")
    repo.commit("two", 2)
    (repo.path / "a.yaml").write_text("kind: journey\nid: {broken\n", "utf-8")
    repo.commit("three", 3)
    data = json.loads(cli("history", "-f", "json", cwd=repo.path).stdout)
    assert [(u["commit"], u["file"]) for u in data["unread"]] == [
        (repo.commits["two"], "draft.yaml")
    ]
    assert data["unread"][0]["error"].startswith("draft.yaml:2:")
    # A file that held a journey and breaks is that journey's invalid point.
    points = _journeys(data)["air-purifier-purchase"]["points"]
    assert [p["status"] for p in points] == ["ok", "invalid"]
    assert points[1]["commit"] == repo.commits["three"]
    text = cli("history", cwd=repo.path).stdout
    assert "Files that did not validate and named no journey:" in text
    assert "draft.yaml:2:" in text
