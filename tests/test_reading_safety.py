"""Reading safety: cjmap reads only regular files, never more than the size limit plus one
byte, never through a symbolic link out of the workspace, never a folder as a file, never an
over-limit git blob; and no finding quotes more of a file than its offending token.

Every command runs as a real process with a timeout, so a pipe or a device that made cjmap
wait or read forever fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Result
from output_checks import git

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TIMEOUT = 60
HAS_GIT = shutil.which("git") is not None

JOURNEY = "journeys/trial-onboarding.yaml"
OTHER = "journeys/trial-onboarding-future.yaml"


def cjmap(*args: str, cwd: Path) -> Result:
    """``python -m cjmap ARGS`` in a real process that is killed after ``TIMEOUT`` seconds."""
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        cwd=cwd,
        input=b"",
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=TIMEOUT,
        check=False,
    )
    result = Result(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    said = result.stdout + result.stderr
    assert "Traceback" not in said, said
    assert "unexpected error" not in said, said
    return result


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root)
    return root


def command_args(command: str, target: str, out: Path) -> list[str]:
    """Each command over a workspace whose file ``target`` is the one under test."""
    return {
        "validate": ["validate"],
        "analyze": ["analyze"],
        "render": ["render", "-o", str(out)],
        "fmt": ["fmt", "--check"],
        "fmt-write": ["fmt"],
        "diff": ["diff", target, JOURNEY],
    }[command]


COMMANDS = ["validate", "analyze", "render", "fmt", "fmt-write", "diff"]


# --- paths that are no regular file ----------------------------------------------------------


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path: a socket's path must fit in about 100 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="cj", dir="/tmp" if os.path.isdir("/tmp") else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def make_fifo(path: Path, elsewhere: Path) -> None:
    os.mkfifo(path)


def link_to_dev_zero(path: Path, elsewhere: Path) -> None:
    path.symlink_to("/dev/zero")  # the example: endless, and committable


def link_to_dev_urandom(path: Path, elsewhere: Path) -> None:
    path.symlink_to("/dev/urandom")


def link_to_a_fifo_elsewhere(path: Path, elsewhere: Path) -> None:
    os.mkfifo(elsewhere / "pipe")
    path.symlink_to(elsewhere / "pipe")


def make_socket(path: Path, elsewhere: Path) -> None:
    # Bound in a short folder, then linked: the workspace path may be too long to bind.
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(os.fspath(elsewhere / "sock"))
    server.close()
    path.symlink_to(elsewhere / "sock")


SPECIALS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "fifo": (make_fifo, "a named pipe (FIFO)"),
    "link-to-dev-zero": (link_to_dev_zero, "a character device"),
    "link-to-dev-urandom": (link_to_dev_urandom, "a character device"),
    "link-to-a-fifo-elsewhere": (link_to_a_fifo_elsewhere, "a named pipe (FIFO)"),
    "link-to-a-socket": (make_socket, "a socket"),
}


@pytest.mark.parametrize("special", list(SPECIALS))
@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_that_is_no_regular_file_is_a_finding_at_once(
    command: str, special: str, ws: Path, tmp_path: Path, short_dir: Path
) -> None:
    make, what = SPECIALS[special]
    make(ws / "journeys" / "z.yaml", short_dir)
    started = time.monotonic()
    result = cjmap(*command_args(command, "journeys/z.yaml", tmp_path / "site"), cwd=ws)
    assert time.monotonic() - started < TIMEOUT / 2
    said = result.stdout + result.stderr
    assert result.exit_code == 1, said
    assert "journeys/z.yaml" in said
    if command == "analyze":
        assert "journeys/z.yaml was not analysed" in result.stderr
    else:
        assert f"not a regular file: it is {what}" in said, said
    if command == "validate":
        assert "[not-a-file]" in result.stdout
    if command == "render":
        assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_cjmap_yaml_that_is_a_pipe_does_not_hang(command: str, ws: Path, tmp_path: Path) -> None:
    (ws / "cjmap.yaml").unlink()
    os.mkfifo(ws / "cjmap.yaml")
    result = cjmap(*command_args(command, OTHER, tmp_path / "site"), cwd=ws)
    said = result.stdout + result.stderr
    assert result.exit_code == 1, said
    assert "cjmap.yaml" in said
    if command not in ("analyze",):
        assert "not a regular file" in said


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
@pytest.mark.parametrize("special", ["fifo", "link-to-dev-zero"])
def test_diff_git_reports_a_working_tree_file_that_is_no_regular_file(
    special: str, ws: Path, short_dir: Path
) -> None:
    git(ws, "init", "-q")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "maps")
    SPECIALS[special][0](ws / "journeys" / "z.yaml", short_dir)
    result = cjmap("diff", "--git", "HEAD", cwd=ws)
    assert result.exit_code == 1, result.stderr
    assert "cannot compare working tree" in result.stderr
    assert "journeys/z.yaml:1:1: not a regular file" in result.stderr


def test_cjmap_yaml_linked_to_a_device_is_a_finding(ws: Path) -> None:
    (ws / "cjmap.yaml").unlink()
    (ws / "cjmap.yaml").symlink_to("/dev/zero")
    result = cjmap("validate", "-f", "json", cwd=ws)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["file"], f["rule"]) for f in findings if f["severity"] == "error"] == [
        ("cjmap.yaml", "not-a-file")
    ]


def test_read_regular_reads_files_only_and_never_past_the_limit(tmp_path: Path) -> None:
    from cjmap.util.fsutil import FileTooLarge, NotRegularFile, read_regular

    small = tmp_path / "small.yaml"
    small.write_bytes(b"x" * 100)
    assert read_regular(small, 100) == b"x" * 100
    with pytest.raises(FileTooLarge) as too_large:
        read_regular(small, 99)
    assert too_large.value.size == 100
    os.mkfifo(tmp_path / "pipe")  # no writer: opening it must not wait
    with pytest.raises(NotRegularFile, match="named pipe"):
        read_regular(tmp_path / "pipe", 100)
    with pytest.raises(NotRegularFile, match="character device"):
        read_regular("/dev/zero", 100)
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 100)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing.yaml", 100)


def test_read_regular_stops_at_the_limit_when_a_file_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows between ``fstat`` and the read: at most limit + 1 bytes are read."""
    from cjmap.util import fsutil

    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a: 1\n")
    asked: list[int] = []
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size) or b"x" * size  # never ends, like a growing log
        asked.append(len(chunk))
        return chunk

    monkeypatch.setattr(fsutil.os, "read", read)
    with pytest.raises(fsutil.FileTooLarge):
        fsutil.read_regular(path, 1000)
    assert sum(asked) == 1001


# --- links out of the workspace --------------------------------------------------------------

SECRET = "hunter2-5f0c1e9a7b3d-do-not-leak"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the workspace, not in it: a secret .env, a YAML file, a folder."""
    (tmp_path / ".env").write_text(f"DATABASE_PASSWORD={SECRET}\n", "utf-8")
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(f"kind: persona\nid: x\nname: {SECRET}\nbad: 1\n")
    (folder / "cfg.yaml").write_text(f"kind: workspace\n{SECRET}: 1\n", "utf-8")
    return tmp_path


def link_env(ws: Path, out: Path) -> str:
    (ws / "journeys" / "x.yaml").symlink_to("../../.env")  # the example
    return "journeys/x.yaml"


def link_absolute_yaml(ws: Path, out: Path) -> str:
    (ws / "journeys" / "y.yaml").symlink_to(out / "outside" / "secret.yaml")
    return "journeys/y.yaml"


def link_folder(ws: Path, out: Path) -> str:
    (ws / "journeys" / "shared").symlink_to(out / "outside", target_is_directory=True)
    return "journeys/shared/secret.yaml"


def link_config(ws: Path, out: Path) -> str:
    (ws / "cjmap.yaml").unlink()
    (ws / "cjmap.yaml").symlink_to(out / "outside" / "cfg.yaml")
    return "cjmap.yaml"


LINKS: dict[str, Callable[[Path, Path], str]] = {
    "dotenv": link_env,
    "absolute-yaml": link_absolute_yaml,
    "linked-folder": link_folder,
    "config": link_config,
}


@pytest.mark.parametrize("link", list(LINKS))
@pytest.mark.parametrize("command", ["validate", "analyze", "render", "fmt", "fmt-write"])
def test_a_link_out_of_the_workspace_is_never_read(
    command: str, link: str, ws: Path, outside: Path, tmp_path: Path
) -> None:
    name = LINKS[link](ws, outside)
    before = {p: p.read_bytes() for p in (outside / "outside").iterdir()}
    result = cjmap(*command_args(command, name, tmp_path / "site"), cwd=ws)
    said = result.stdout + result.stderr
    assert SECRET not in said
    assert "hunter2" not in said
    if link != "linked-folder":  # a linked folder is never walked into at all
        assert f"cjmap: not read: {name}: a symbolic link takes it outside" in result.stderr
    if command == "render":
        assert result.exit_code == 0, said
        site = "".join(p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html"))
        assert SECRET not in site
    elif command in ("validate", "fmt", "fmt-write"):
        assert result.exit_code == 0, said
    assert {p: p.read_bytes() for p in (outside / "outside").iterdir()} == before


@pytest.mark.parametrize("link", ["dotenv", "absolute-yaml", "linked-folder"])
@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_a_link_out_named_on_the_command_line_is_not_read_either(
    link: str, fmt: str, ws: Path, outside: Path
) -> None:
    name = LINKS[link](ws, outside)
    named = name if link != "linked-folder" else "journeys/shared"
    result = cjmap("validate", "-f", fmt, named, JOURNEY, cwd=ws)
    assert SECRET not in result.stdout + result.stderr
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "cjmap: not read: " in result.stderr
    assert ": a symbolic link takes it outside the workspace" in result.stderr


@pytest.mark.parametrize("link", ["dotenv", "absolute-yaml"])
def test_diff_refuses_a_link_out_of_the_workspace(link: str, ws: Path, outside: Path) -> None:
    name = LINKS[link](ws, outside)
    for args in (("diff", name, JOURNEY), ("diff", JOURNEY, name)):
        result = cjmap(*args, cwd=ws)
        assert result.exit_code == 2
        assert SECRET not in result.stdout + result.stderr
        assert f"cannot compare {name}: a symbolic link takes it outside" in result.stderr


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_diff_git_leaves_a_link_out_of_the_working_tree_unread(ws: Path, outside: Path) -> None:
    git(ws, "init", "-q")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "maps")
    name = link_env(ws, outside)
    result = cjmap("diff", "--git", "HEAD", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert f"cjmap: not read: {name}: a symbolic link takes it outside" in result.stderr


def test_a_link_inside_the_workspace_is_still_read(ws: Path) -> None:
    hidden = ws / ".shared"
    hidden.mkdir()  # hidden: not walked, so read only through the link
    (hidden / "extra.yaml").write_text("kind: persona\nid: extra\nname: Extra\nnmae: x\n")
    (ws / "personas" / "extra.yaml").symlink_to("../.shared/extra.yaml")
    result = cjmap("validate", "-f", "json", cwd=ws)
    assert "not read" not in result.stderr
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "unknown-key" in rules


def test_the_notice_escapes_the_link_name(ws: Path, outside: Path) -> None:
    evil = "x\n::error file=a.yaml::forged\x1b]0;t\x07.yaml"
    (ws / "journeys" / evil).symlink_to("../../.env")
    result = cjmap("validate", cwd=ws)
    assert result.exit_code == 0
    [notice] = [line for line in result.stderr.splitlines() if "not read" in line]
    assert "journeys/x\\n::error file=a.yaml::forged\\x1b]0;t\\x07.yaml" in notice
    assert not any(line.startswith("::") for line in result.stderr.splitlines())


def test_leaves_root_unit(tmp_path: Path) -> None:
    from cjmap.workspace.files import leaves_root

    root = tmp_path / "ws"
    (root / "j").mkdir(parents=True)
    (tmp_path / "out.yaml").write_text("a: 1\n")
    (root / "j" / "in.yaml").write_text("a: 1\n")
    (root / "j" / "out.yaml").symlink_to(tmp_path / "out.yaml")
    (root / "j" / "in-link.yaml").symlink_to("in.yaml")
    (root / "j" / "dev.yaml").symlink_to("/dev/null")
    (root / "linked").symlink_to(tmp_path, target_is_directory=True)
    assert leaves_root(root / "j" / "out.yaml", root)
    assert leaves_root(root / "linked" / "out.yaml", root)
    assert leaves_root(root / "linked", root)
    assert not leaves_root(root / "j" / "in.yaml", root)
    assert not leaves_root(root / "j" / "in-link.yaml", root)
    assert not leaves_root(root / "j" / "dev.yaml", root)  # refused as not a regular file
    assert not leaves_root(tmp_path / "out.yaml", root)  # named by its own path: chosen


# --- no finding quotes more than its token ---------------------------------------------------

FILLER = "zx" * 150  # 300 characters a finding must not carry more than 40 of
LONG_RUN = re.compile("(?:zx){21}")

QUOTE_CASES = {
    "dotenv-content": f"DATABASE_PASSWORD={FILLER}\n",
    "scalar-document": f"{FILLER}\n",
    "unknown-key": f"kind: persona\nid: olga\nname: Olga\n{FILLER}: 1\n",
    "invalid-id": f"kind: persona\nid: {FILLER}\nname: Olga\n",
    "wrong-kind": f"kind: {FILLER}\n",
    "list-expected": f"kind: persona\nid: olga\nname: Olga\ngoals: {FILLER}\n",
    "tag": f"kind: persona\nid: olga\nname: !{FILLER} Olga\n",
    "undefined-alias": f"kind: persona\nid: olga\nname: *{FILLER}\n",
    "duplicate-key": f"kind: persona\nid: olga\nname: Olga\n{FILLER}: 1\n{FILLER}: 2\n",
    "tag-handle": f"kind: persona\nid: olga\nname: !{FILLER}!x Olga\n",
    "syntax-long-line": f"kind: persona\nid: olga\nname: Olga {FILLER}: x\n",
    "huge-number": "kind: persona\nid: olga\nname: Olga\nshare: " + "7" * 5000 + "\n",
}


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "text"])
def test_no_finding_quotes_more_than_its_token(fmt: str, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "cjmap.yaml").write_text("kind: workspace\n")
    for name, text in QUOTE_CASES.items():
        (root / f"{name}.yaml").write_text(text, "utf-8")
    result = cjmap("validate", "-f", fmt, cwd=root)
    assert result.exit_code == 1
    said = result.stdout + result.stderr
    assert not LONG_RUN.search(said), LONG_RUN.search(said)
    assert "7" * 41 not in said
    if fmt == "json":
        findings = json.loads(result.stdout)["findings"]
        assert {f["file"] for f in findings} == {f"{name}.yaml" for name in QUOTE_CASES}
        assert any("zxzx…" in f["message"] for f in findings)


def test_clip_keeps_short_tokens_and_cuts_long_ones() -> None:
    from cjmap.util.textsafe import QUOTE_LIMIT, clip, clip_quotes

    assert clip("short") == "short"
    assert clip("x" * QUOTE_LIMIT) == "x" * QUOTE_LIMIT
    assert clip("x" * 100) == "x" * (QUOTE_LIMIT - 1) + "…"
    assert clip_quotes(f"found '{'y' * 99}' and \"{'z' * 99}\"") == (
        f"found '{'y' * 39}…' and \"{'z' * 39}…\""
    )


# --- a folder named like a YAML file ---------------------------------------------------------


def make_yaml_named_folders(ws: Path) -> None:
    assets = ws / "assets.yaml"  # the example
    assets.mkdir()
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (assets / "notes.txt").write_text("not: [yaml\n")
    (ws / "journeys" / "old.yml").mkdir()  # in a folder the globs take
    (ws / "journeys" / "old.yml" / "README").write_text("{{ not yaml\n")
    deep = ws / "personas" / "archive.yaml" / "2024.yaml"  # a .yaml folder inside another
    deep.mkdir(parents=True)
    (deep / "data.csv").write_text("a,b\n1,2\n")


def _workspace_names(ws: Path) -> list[str]:
    """The names in the workspace, but for the render output and cjmap's cache."""
    return sorted(p.name for p in ws.rglob("*") if not {"site", ".cjmap_cache"} & set(p.parts))


@pytest.mark.parametrize("command", ["validate", "analyze", "render", "fmt", "fmt-write"])
def test_a_folder_named_like_yaml_is_no_file(command: str, ws: Path, tmp_path: Path) -> None:
    make_yaml_named_folders(ws)
    before = _workspace_names(ws)
    result = cjmap(*command_args(command, OTHER, tmp_path / "site"), cwd=ws)
    said = result.stdout + result.stderr
    assert result.exit_code == 0, said
    for name in ("assets.yaml", "logo.png", "notes.txt", "old.yml", "README", "data.csv"):
        assert name not in said
    if command.startswith("fmt"):
        assert "14 files already formatted" in said
    # Nothing is written in the workspace but what cjmap may write there: site/, its cache.
    assert _workspace_names(ws) == before


def test_a_journey_file_inside_a_yaml_named_folder_is_still_read(ws: Path) -> None:
    make_yaml_named_folders(ws)
    (ws / "assets.yaml" / "extra.yaml").write_text("kind: persona\nid: extra\nname: E\nx: 1\n")
    for args in (("validate", "-f", "json"), ("validate", "-f", "json", "assets.yaml")):
        result = cjmap(*args, cwd=ws)
        files = {f["file"] for f in json.loads(result.stdout)["findings"]}
        assert "assets.yaml/extra.yaml" in files
        assert not any("logo" in f or "notes" in f for f in files)


def test_include_globs_match_files_not_folders() -> None:
    from cjmap.workspace.files import Globs

    default = Globs()
    assert default.wants_file("assets.yaml/b.yaml")
    assert not default.wants_file("assets.yaml/logo.png")
    assert not default.wants_file("a/b.yml/c/d.txt")
    literal = Globs(include=("journeys",))  # a literal folder still takes what it holds
    assert literal.wants_file("journeys/a.yaml")
    assert literal.wants_file("journeys/x/a.yaml")
    deep = Globs(include=("journeys/**",))
    assert deep.wants_file("journeys/x/a.yaml")
    assert not Globs(exclude=("drafts",)).wants_file("drafts/a.yaml")


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_diff_git_lists_no_file_of_a_yaml_named_folder(ws: Path) -> None:
    make_yaml_named_folders(ws)
    git(ws, "init", "-q")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "maps")
    (ws / "assets.yaml" / "notes.txt").write_text("changed: [still not yaml\n")
    for args in (("diff", "--git", "HEAD"), ("diff", "--git", "HEAD", "HEAD")):
        result = cjmap(*args, "-f", "json", cwd=ws)
        assert result.exit_code == 0, result.stderr
        assert "assets.yaml" not in result.stdout + result.stderr


# --- git blobs -------------------------------------------------------------------------------


BIG = 9 * 1024 * 1024  # over the 8 MiB limit


@pytest.fixture
def big_repo(ws: Path) -> Path:
    """The examples in git: HEAD~1 without, HEAD with an over-limit journey and cjmap.yaml
    padding, then the big file removed from the working tree."""
    if not HAS_GIT:
        pytest.skip("git is not installed")
    git(ws, "init", "-q")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "maps")
    big = ws / "journeys" / "big.yaml"
    big.write_bytes(b"# padding\n" * (BIG // 10))
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "a big file")
    big.unlink()
    return ws


@pytest.fixture
def git_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of everything git hands cjmap (in this process)."""
    sizes: list[int] = []
    real_run = subprocess.run

    def run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        result = real_run(*args, **kwargs)  # type: ignore[call-overload]
        if isinstance(result.stdout, bytes):
            sizes.append(len(result.stdout))
        return result  # type: ignore[no-any-return]

    monkeypatch.setattr(subprocess, "run", run)
    return sizes


@pytest.mark.parametrize(
    ("args", "side"),
    [
        (("diff", "--git", "HEAD"), "HEAD"),  # the example: a big blob in history
        (("diff", "--git", "HEAD~1", "HEAD"), "HEAD"),
        (("diff", "HEAD:journeys/big.yaml", JOURNEY), "HEAD:journeys/big.yaml"),
        (("diff", JOURNEY, "HEAD:journeys/big.yaml"), "HEAD:journeys/big.yaml"),
    ],
)
def test_an_over_limit_git_blob_is_refused_unread(
    args: tuple[str, ...], side: str, big_repo: Path, git_reads: list[int]
) -> None:
    from output_checks import run

    result = run(*args, cwd=big_repo)
    assert result.exit_code == 1, result.stderr
    assert f"cannot compare {side}" in result.stderr
    assert "[file-too-large]" in result.stderr
    assert "journeys/big.yaml:1:1: the file is 9.0 MiB, over the limit of 8.0 MiB" in (
        result.stderr
    )
    assert git_reads
    assert max(git_reads) < 1024 * 1024  # the blob itself never came through


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_git_read_files_asks_sizes_first(ws: Path) -> None:
    from cjmap.util.git import Git

    git(ws, "init", "-q")
    (ws / "small.yaml").write_bytes(b"a: 1\n")
    (ws / "edge.yaml").write_bytes(b"x" * 100)
    (ws / "over.yaml").write_bytes(b"x" * 101)
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "files")
    repo = Git(ws)
    head = repo.commit("HEAD")
    contents, too_large = repo.read_files(
        head, ["small.yaml", "edge.yaml", "over.yaml", "missing.yaml", "journeys"], 100
    )
    assert contents == {"small.yaml": b"a: 1\n", "edge.yaml": b"x" * 100}
    assert too_large == {"over.yaml": 101}


# --- standard input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "-"),
        ("analyze", "-"),
        ("fmt", "-"),
        ("diff", "-", JOURNEY),
        ("render", "-o", "-", "-"),
    ],
    ids=lambda args: args[0],
)
def test_an_endless_standard_input_is_refused_after_the_limit(
    args: tuple[str, ...], ws: Path
) -> None:
    with open("/dev/zero", "rb") as endless:
        proc = subprocess.run(
            [sys.executable, "-m", "cjmap", *args],
            cwd=ws,
            stdin=endless,
            capture_output=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=TIMEOUT,
            check=False,
        )
    said = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode == 1, said
    assert "Traceback" not in said
    assert ("was not analysed" if args[0] == "analyze" else "limit of 8") in said
