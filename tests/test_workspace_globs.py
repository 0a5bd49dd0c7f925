"""The workspace's include/exclude globs: git's wildmatch through ``pathspec``, bounded work.

Issue 11: ``exclude: ["drafts/**"]`` did not match a file whose name holds a newline, and a
two-line ``cjmap.yaml`` with twelve ``**/`` segments beside a folder 25 levels deep hung every
command. Every command runs in a subprocess with a timeout, so a regression fails instead of
hanging the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.document.globs import glob_problem
from cjmap.workspace.files import Globs
from test_limits import journey_text

TIMEOUT = 120
"""Seconds: generous (each run takes about one); only a hang reaches it."""

COMMANDS = {
    "validate": ["validate"],
    "analyze": ["analyze", "-f", "json"],
    "render": ["render", "-f", "md", "-o", "site"],
    "diff": ["diff", "journeys/ok.yaml", "journeys/ok.yaml"],
    "fmt --check": ["fmt", "--check"],
}

BROKEN = b"kind: journey\nid: [unclosed\n"
"""A file no command can read: if it is read, the run says so and exits 1."""


def cjmap(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def workspace(root: Path, config: str) -> Path:
    """A workspace with one valid, formatted journey at journeys/ok.yaml."""
    (root / "journeys").mkdir(parents=True)
    (root / "cjmap.yaml").write_text(f"kind: workspace\n{config}review_every: 36500\n", "utf-8")
    (root / "journeys" / "ok.yaml").write_text(journey_text(1, stages=1), "utf-8")
    cjmap(["fmt", "journeys/ok.yaml"], root)  # so that fmt --check has nothing to say about it
    return root


def put(root: Path, relative: str, data: bytes = BROKEN) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def assert_only_ok_is_read(root: Path, command: str) -> None:
    result = cjmap(COMMANDS[command], root)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-3000:]
    if command == "analyze":
        assert [j["id"] for j in json.loads(result.stdout)["journeys"]] == ["big"]


# --- the examples ---------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_an_excluded_folder_leaves_out_a_name_with_a_newline(tmp_path: Path, command: str) -> None:
    root = workspace(tmp_path, 'exclude: ["drafts/**"]\n')
    put(root, "drafts/first\nsecond.yaml")
    put(root, "drafts/sub/tab\there.yaml")
    assert_only_ok_is_read(root, command)


@pytest.mark.parametrize("command", COMMANDS)
def test_twelve_globstars_beside_a_deep_folder_do_not_hang(tmp_path: Path, command: str) -> None:
    root = workspace(tmp_path, f'exclude: ["{"**/" * 12}x.yaml"]\n')
    deep = "/".join(f"level-{i}" for i in range(25))
    put(root, f"{deep}/x.yaml")
    put(root, f"{deep}/note.txt", b"not yaml")
    assert_only_ok_is_read(root, command)


# --- invented cases of the same class -------------------------------------------------------


def test_a_name_with_a_newline_at_any_depth_is_matched(tmp_path: Path) -> None:
    root = workspace(tmp_path, 'exclude: ["*draft*.yaml"]\n')
    put(root, "journeys/a\ndraft\n.yaml")
    put(root, "journeys/deep/er/\nmy draft.yaml")
    assert_only_ok_is_read(root, "validate")


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("**/a/**/b/**/c.yaml", "3 '**' folders"),
        ("*a*a*a*.yaml", "4 '*' wildcards"),
        ("**/*a*/*a*.yaml", "5 '*' and '**' wildcards"),
        ("d" * 300, "300 characters long"),
    ],
)
def test_a_glob_too_costly_to_match_is_a_finding_on_cjmap_yaml(
    tmp_path: Path, pattern: str, why: str
) -> None:
    root = workspace(tmp_path, f"exclude:\n  - drafts/**\n  - {json.dumps(pattern)}\n")
    # As deep as a path may be (4,096 bytes on Linux), wherever tmp_path is (xdist adds a
    # folder to it).
    levels = min(20, (4000 - len(str(root)) - len("/b/c.yaml")) // 201)
    deep = "/".join(["a" * 200] * levels)
    put(root, f"{deep}/b/c.yaml")  # read: the refused pattern is left out (and reported)
    result = cjmap(["validate", "-f", "json"], root)
    assert result.returncode == 1, result.stderr[-2000:]
    findings = json.loads(result.stdout)["findings"]
    on_config = [f for f in findings if f["file"] == "cjmap.yaml"]
    assert len(on_config) == 1, findings
    assert on_config[0]["rule"] == "invalid-value"
    assert (on_config[0]["line"], on_config[0]["column"]) == (4, 5)
    assert why in on_config[0]["message"]
    assert "left out" in on_config[0]["hint"]
    for command in ("analyze", "render", "fmt --check"):
        cjmap(COMMANDS[command], root)  # finishes (the timeout would fail it)


def test_negation_takes_a_file_back(tmp_path: Path) -> None:
    root = workspace(tmp_path, 'exclude: ["drafts/*", "!drafts/keep.yaml"]\n')
    put(root, "drafts/skip.yaml")
    (root / "drafts" / "keep.yaml").write_text(
        journey_text(1, stages=1).replace("id: big", "id: kept")
    )
    result = cjmap(["analyze", "-f", "json"], root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(j["id"] for j in json.loads(result.stdout)["journeys"]) == ["big", "kept"]


def test_special_characters_in_globs_and_names(tmp_path: Path) -> None:
    config = (
        "exclude:\n"
        '  - "old/"\n'  # a folder at any depth
        '  - "a\\\\[1\\\\].yaml"\n'  # '[' escaped: the name itself
        '  - "back\\\\\\\\slash.yaml"\n'  # an escaped backslash
        '  - "with space.yaml"\n'
        '  - "черновики/**"\n'
    )
    root = workspace(tmp_path, config)
    for name in (
        "journeys/old/x.yaml",
        "old/y.yaml",
        "journeys/a[1].yaml",
        "back\\slash.yaml",
        "journeys/with space.yaml",
        "черновики/план.yaml",
    ):
        put(root, name)
    assert_only_ok_is_read(root, "validate")
    put(root, "journeys/a1.yaml")  # '[1]' escaped is not a class: a1.yaml is not excluded
    assert cjmap(["validate"], root).returncode == 1


# --- unit: the semantics the docs promise -------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "excluded"),
    [
        ("*.bak.yaml", "x.bak.yaml", True),
        ("*.bak.yaml", "a/b/x.bak.yaml", True),  # no '/': a name at any depth
        ("journeys/*.yaml", "journeys/a.yaml", True),  # with '/': a path from the root
        ("journeys/*.yaml", "x/journeys/a.yaml", False),
        ("journeys/*.yaml", "journeys/s/a.yaml", False),
        ("journeys/**/*.yaml", "journeys/s/t/a.yaml", True),  # '**': any number of folders
        ("journeys/**/*.yaml", "journeys/a.yaml", True),
        ("drafts/**", "drafts/a\nb.yaml", True),
        ("drafts", "x/drafts/a.yaml", True),
        ("drafts/", "x/drafts/a.yaml", True),
        ("/top.yaml", "top.yaml", True),
        ("/top.yaml", "s/top.yaml", False),
        ("?.yaml", "a.yaml", True),
        ("?.yaml", "ab.yaml", False),
        ("[ab].yaml", "b.yaml", True),
        ("\\[ab].yaml", "[ab].yaml", True),
        ("план*", "черновики/план 2.yaml", True),
        ("**/" * 12 + "x.yaml", "/".join("d" * 25) + "/x.yaml", True),
    ],
)
def test_exclude_semantics(pattern: str, path: str, excluded: bool) -> None:
    assert Globs(exclude=(pattern,)).wants_file(path) is not excluded


def test_excluded_folders_are_not_walked_unless_a_negation_may_take_a_file_back() -> None:
    assert not Globs(exclude=("drafts/**",)).wants_folder("drafts")
    assert not Globs(exclude=("old",)).wants_folder("a/old")
    assert Globs(exclude=("old",)).wants_folder("older")
    assert Globs(exclude=("drafts/**", "!drafts/keep.yaml")).wants_folder("drafts")
    for folder in ("drafts/", "drafts", "drafts/**"):  # the last matching pattern decides
        globs = Globs(exclude=(folder, "!drafts/keep.yaml"))
        assert globs.wants_file("drafts/keep.yaml")
        assert not globs.wants_file("drafts/other.yaml")


def test_glob_bounds() -> None:
    for fine in ("drafts/**", "journeys/**/*.yaml", "**/drafts/**", "**/" * 20 + "*-old-*"):
        assert glob_problem(fine) is None, fine
    assert glob_problem("**/a/**/b/**") is not None
    assert glob_problem("*a*b*c") is not None
    assert glob_problem("**/*a*/x/*") is not None
    assert glob_problem("x" * 257) is not None


def test_a_file_is_named_from_the_current_folder_as_a_finding_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative to the current folder when the file really lies in it (through a linked
    folder or a linked file too); as written otherwise."""
    from cjmap.workspace.corpus import Names, display_name

    cwd = tmp_path / "ws"
    (cwd / "journeys").mkdir(parents=True)
    (cwd / "journeys" / "a.yaml").write_text("kind: journey\n", "utf-8")
    (cwd / "linked").symlink_to("journeys", target_is_directory=True)
    (cwd / "journeys" / "also.yaml").symlink_to("a.yaml")
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("kind: persona\n", "utf-8")
    (cwd / "out.yaml").symlink_to(elsewhere)
    names = Names(cwd)
    cases = {
        cwd / "journeys" / "a.yaml": "journeys/a.yaml",
        cwd / "linked" / "a.yaml": "journeys/a.yaml",
        cwd / "journeys" / "also.yaml": "journeys/a.yaml",
        cwd / "journeys" / ".." / "journeys" / "a.yaml": "journeys/a.yaml",
        cwd / "out.yaml": "out.yaml",  # a link out of the folder: as the user wrote it
        elsewhere: elsewhere.as_posix(),
        cwd / "journeys": "journeys",
        cwd: cwd.as_posix(),
    }
    for path, shown in cases.items():
        assert names.of(path) == shown, path
        assert display_name(path, cwd) == shown, path
    monkeypatch.chdir(cwd)  # relative paths are taken from the process's folder
    assert names.of(Path("journeys/a.yaml")) == "journeys/a.yaml"
    assert names.of(Path("..")) == ".."
    assert names.of(Path(".")) == "."


def test_the_files_of_a_folder_come_in_the_order_of_their_paths(tmp_path: Path) -> None:
    """Folder by folder, as ``Path`` objects sort: ``a/z.yaml`` before ``a-b.yaml`` ('/' sorts
    after '-' in a string but a folder's name is compared first) and before ``a.yaml``."""
    from cjmap.workspace.files import walk, walk_names

    names = [
        "a/z.yaml",
        "a/b/c.yaml",
        "a-b.yaml",
        "a.yaml",
        "a b/x.yaml",
        "A.yaml",
        "ä/y.yaml",
        "a0.yaml",
        "a/b.yaml",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: persona\n", "utf-8")
    found = walk_names(tmp_path, Globs())
    assert found == [os.fspath(p) for p in sorted(tmp_path / name for name in names)]
    assert walk(tmp_path, Globs()) == sorted(tmp_path / name for name in names)
