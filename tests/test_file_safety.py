"""File safety: every write is atomic, nothing is written over an input, ``init`` never
overwrites, targets that cannot be written give clear errors, and runs interrupted by SIGINT
or SIGTERM leave neither a half-written file nor a stray temporary one."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import payloads
from output_checks import Result, run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def temp_files(root: Path) -> list[Path]:
    """Temporary files atomic_write leaves if it is cut short (``.<name>.<random>.tmp``)."""
    return sorted(p for p in root.rglob(".*.tmp"))


def snapshot(root: Path) -> dict[str, str]:
    """Every input file under ``root`` (YAML) by its hash, to see that none was touched."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.y*ml"))
        if p.is_file() and not p.is_symlink()
    }


def unformatted(source: bytes) -> bytes:
    """A journey file with its ``kind`` moved to the end, which fmt moves back up."""
    assert b"\nkind: journey\n" in source
    return source.replace(b"\nkind: journey\n", b"\n") + b"kind: journey\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root)
    return root


def assert_refused(result: Result, *words: str) -> None:
    said = result.stdout + result.stderr
    assert result.exit_code == 2, said
    assert "Traceback" not in said
    assert "unexpected error" not in said
    for word in words:
        assert word in said, said


# --- atomic writes ---------------------------------------------------------------------------


def test_writes_leave_no_temporary_files(workspace: Path, tmp_path: Path) -> None:
    journey = workspace / "journeys" / "trial-onboarding.yaml"
    journey.write_bytes(unformatted(journey.read_bytes()))
    result = run("fmt", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert "reformatted journeys/trial-onboarding.yaml" in result.stderr
    assert run("render", "-o", str(tmp_path / "site"), cwd=workspace).exit_code == 0
    assert run("render", "-f", "md", "-o", str(tmp_path / "md"), cwd=workspace).exit_code == 0
    assert run("init", str(tmp_path / "new"), cwd=tmp_path).exit_code == 0
    assert run("validate", "--output-file", "report.txt", cwd=workspace).exit_code == 0
    assert temp_files(tmp_path) == []
    assert (tmp_path / "site" / "index.html").read_text("utf-8").endswith("</html>\n")


@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), KeyboardInterrupt()],
    ids=["disk-full", "interrupted"],
)
def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    from cjmap.util.fsutil import WriteRefused, atomic_write

    target = tmp_path / "map.html"
    target.write_text("old", "utf-8")

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    expected = WriteRefused if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        atomic_write(target, b"new")
    assert target.read_text("utf-8") == "old"
    assert temp_files(tmp_path) == []


def test_what_the_user_wrote_waits_for_the_disk_and_pages_do_not(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fmt (a file the user wrote) is forced to disk before it replaces the old one; rendered
    # pages, which render makes again from the journeys, are not (one fsync per page made a
    # 1,000-page render wait on the disk).
    from typer.testing import CliRunner

    from cjmap.cli import app

    synced: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    monkeypatch.chdir(workspace)
    runner = CliRunner()
    site = tmp_path / "site"
    assert runner.invoke(app, ["render", "-o", str(site)]).exit_code == 0
    assert (site / "index.html").is_file()
    assert synced == []
    journey = workspace / "journeys" / "trial-onboarding.yaml"
    journey.write_bytes(unformatted(journey.read_bytes()))
    assert runner.invoke(app, ["fmt", "--no-cache", str(journey)]).exit_code == 0
    assert len(synced) == 1


# --- never over an input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("journeys", "holds workspace files"),
        (".", "holds the whole workspace"),
        ("..", "holds the whole workspace"),
        ("journeys/trial-onboarding.yaml", "this is a file"),
        ("cjmap.yaml", "this is a file"),
    ],
)
def test_render_never_writes_into_the_inputs(workspace: Path, output: str, says: str) -> None:
    before = snapshot(workspace)
    assert_refused(run("render", "-o", output, cwd=workspace), says)
    assert snapshot(workspace) == before


def test_render_never_writes_through_a_link_to_an_input(workspace: Path) -> None:
    site = workspace / "site"
    site.mkdir()
    (site / "trial-onboarding.html").symlink_to("../journeys/trial-onboarding.yaml")
    before = snapshot(workspace)
    assert_refused(run("render", "-o", "site", cwd=workspace), "one of the input files")
    assert snapshot(workspace) == before


@pytest.mark.parametrize("command", ["validate", "analyze", "diff"])
def test_a_report_is_never_written_over_a_map(workspace: Path, command: str) -> None:
    target = "journeys/trial-onboarding.yaml"
    args = {"validate": [], "analyze": [target], "diff": [target, target]}[command]
    before = snapshot(workspace)
    result = run(command, *args, "--output-file", target, cwd=workspace)
    assert_refused(result, "refusing to write the report over", target)
    assert snapshot(workspace) == before


# --- init never overwrites -------------------------------------------------------------------


def test_init_keeps_every_existing_file_and_link(tmp_path: Path) -> None:
    from cjmap.init.scaffold import JOURNEY_FILE

    root = tmp_path / "ws"
    root.mkdir()
    (root / "cjmap.yaml").write_text("# mine\nkind: workspace\n", "utf-8")
    (root / Path(JOURNEY_FILE).parent).mkdir(parents=True)
    (root / JOURNEY_FILE).symlink_to("nowhere.yaml")
    result = run("init", "ws", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "kept existing cjmap.yaml" in result.stderr
    assert (root / "cjmap.yaml").read_text("utf-8") == "# mine\nkind: workspace\n"
    assert os.readlink(root / JOURNEY_FILE) == "nowhere.yaml"
    before = snapshot(root)
    again = run("init", "ws", cwd=tmp_path)
    assert again.exit_code == 0
    assert "Nothing to do" in again.stderr
    assert snapshot(root) == before


# --- targets that cannot be written ------------------------------------------------------------


CANNOT_WRITE: list[tuple[list[str], Callable[[Path], None], tuple[str, ...]]] = [
    (["render", "-o", "cjmap.yaml/site"], lambda root: None, ("cjmap.yaml", "Not a directory")),
    (
        ["render", "-o", "site"],
        lambda root: (root / "site" / "trial-onboarding.html").mkdir(parents=True),
        ("trial-onboarding.html", "it is a folder"),
    ),
    (["validate", "--output-file", "journeys"], lambda root: None, ("it is a folder",)),
    (
        ["validate", "--output-file", "cjmap.yaml/report.txt"],
        lambda root: None,
        ("cjmap.yaml is a file, not a folder",),
    ),
    (["analyze", "--output-file", "personas"], lambda root: None, ("it is a folder",)),
    (["init", "cjmap.yaml"], lambda root: None, ("is a file, not a folder",)),
    (["init", "cjmap.yaml/new"], lambda root: None, ("a file is in the way",)),
]


@pytest.mark.parametrize(
    ("args", "prepare", "says"), CANNOT_WRITE, ids=[" ".join(c[0]) for c in CANNOT_WRITE]
)
def test_a_target_that_cannot_be_written_is_a_clear_error(
    workspace: Path, args: list[str], prepare: Callable[[Path], None], says: tuple[str, ...]
) -> None:
    prepare(workspace)
    before = snapshot(workspace)
    assert_refused(run(*args, cwd=workspace), *says)
    assert snapshot(workspace) == before
    assert temp_files(workspace) == []


# --- interrupted runs --------------------------------------------------------------------------
#
# Each run is stopped at an exact point (see interrupt_harness.py): the process says when it
# is there and waits for the signal, so no test passes or fails by timing.

HARNESS = Path(__file__).resolve().parent / "interrupt_harness.py"


def run_interrupted(
    args: list[str],
    cwd: Path,
    sig: signal.Signals,
    *,
    group: bool,
    where: str = "main",
    point: str = "created",
    nth: int = 3,
    jobs: int = 1,
) -> tuple[int, str]:
    """``cjmap ARGS``, sent ``sig`` (to it, or to its whole process group as a cancelled CI
    job would) when the process ``where`` reaches ``point`` the ``nth`` time; its exit code
    and standard error."""
    import select
    import tempfile

    claim = Path(tempfile.mkdtemp()) / "claimed"
    ready_read, ready_write = os.pipe()
    harness = [sys.executable, str(HARNESS), str(ready_write), str(claim), where, point, str(nth)]
    process = subprocess.Popen(
        [*harness, *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "CJMAP_JOBS": str(jobs)},
        pass_fds=(ready_write,),
        start_new_session=True,  # its own process group, as a CI job's processes are
    )
    os.close(ready_write)
    try:
        readable, _, _ = select.select([ready_read], [], [], 120)
        line = os.read(ready_read, 100) if readable else b""
    finally:
        os.close(ready_read)
    if not line:
        process.kill()
        _, stderr = process.communicate(timeout=60)
        pytest.fail(f"the run ended (or hung) before {point}: {stderr.decode()[-500:]}")
    if group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    shutil.rmtree(claim.parent)
    return process.returncode, stderr.decode("utf-8", "replace")


def assert_stopped(code: int, stderr: str, sig: signal.Signals) -> None:
    assert code == 128 + sig, stderr
    assert ("interrupted" if sig == signal.SIGINT else "terminated") in stderr
    assert "Traceback" not in stderr


# (signal, sent to the whole process group, worker processes, point)
STOPS = [
    (signal.SIGTERM, False, False, "created"),  # the example: the *.tmp was left
    (signal.SIGINT, False, False, "created"),
    (signal.SIGTERM, True, False, "flushing"),
    (signal.SIGINT, False, True, "created"),
    (signal.SIGTERM, True, True, "created"),
    (signal.SIGINT, True, True, "flushing"),
]
STOP_IDS = [
    f"{sig.name}{'-to-group' if group else ''}-{'workers' if workers else 'single'}-{point}"
    for sig, group, workers, point in STOPS
]

MESSY_PERSONA = b"name: Olga\nid: {id}\nkind: persona\n"
TIDY_PERSONA = b"kind: persona\nid: {id}\nname: Olga\n"


@pytest.mark.parametrize(("sig", "group", "workers", "point"), STOPS, ids=STOP_IDS)
def test_an_interrupted_fmt_leaves_every_file_old_or_new(
    tmp_path: Path, sig: signal.Signals, group: bool, workers: bool, point: str
) -> None:
    """Stopped while writing its third file, fmt has rewritten exactly two, left the others
    as they were, and left no temporary file, with or without worker processes."""
    from cjmap.util.parallel import PARALLEL_FROM

    count = PARALLEL_FROM if workers else 5
    files = {
        f"p{i:03d}.yaml": (
            MESSY_PERSONA.replace(b"{id}", b"p%03d" % i),
            TIDY_PERSONA.replace(b"{id}", b"p%03d" % i),
        )
        for i in range(count)
    }
    for name, (messy, _) in files.items():
        (tmp_path / name).write_bytes(messy)
    code, stderr = run_interrupted(
        ["fmt", "."], tmp_path, sig, group=group, point=point, jobs=2 if workers else 1
    )
    assert_stopped(code, stderr, sig)
    assert temp_files(tmp_path) == []
    states = [
        ["old", "new"][(tmp_path / name).read_bytes() == new]
        for name, (old, new) in files.items()
        if (tmp_path / name).read_bytes() in (old, new)
    ]
    assert len(states) == count, "a file is neither as it was nor formatted"
    assert states.count("new") == 2, states
    assert stderr.count("reformatted p") == 2, stderr


class Halt(BaseException):
    pass


def test_a_held_stop_is_raised_at_the_end_of_the_outermost_block() -> None:
    from cjmap.util import interrupts

    steps: list[str] = []

    def steps_with_stops() -> None:
        with interrupts.held():
            interrupts.stop(Halt("first"))
            steps.append("created")
            with interrupts.held():
                interrupts.stop(Halt("second"))  # the first stop wins
                steps.append("noted")
            steps.append("after the inner block")

    with pytest.raises(Halt, match="first"):
        steps_with_stops()
    assert steps == ["created", "noted", "after the inner block"]
    with pytest.raises(Halt, match="now"):
        interrupts.stop(Halt("now"))  # outside any block: at once
    with interrupts.held():
        pass  # nothing pending is left over


def test_a_stop_while_the_temporary_file_is_created_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process: the stop requested inside mkstemp is raised once the name is known."""
    import tempfile

    from cjmap.util import interrupts
    from cjmap.util.fsutil import atomic_write

    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        made = real(*args, **kwargs)  # type: ignore[call-overload]
        interrupts.stop(Halt())  # what the signal handler does
        return made  # type: ignore[no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    (tmp_path / "map.html").write_text("old", "utf-8")
    with pytest.raises(Halt):
        atomic_write(tmp_path / "map.html", b"new")
    assert (tmp_path / "map.html").read_text("utf-8") == "old"
    assert temp_files(tmp_path) == []


def test_sigterm_in_the_middle_of_init_removes_the_temporary_file(tmp_path: Path) -> None:
    """SIGTERM arrives while ``init`` flushes its first file to disk: the run stops with exit
    143 and neither the file nor its temporary copy is left."""
    code, stderr = run_interrupted(
        ["init", "new"], tmp_path, signal.SIGTERM, group=False, point="flushing", nth=1
    )
    assert_stopped(code, stderr, signal.SIGTERM)
    assert temp_files(tmp_path) == []
    assert [p for p in (tmp_path / "new").rglob("*") if p.is_file()] == []


@pytest.fixture(scope="module")
def render_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty journeys: more than render does in one process when workers are allowed."""
    texts = {f"j{i:03d}": payloads.plain for i in range(20)}
    return payloads.write_workspace(tmp_path_factory.mktemp("render") / "ws", texts)


# A worker caught at the point waits for a signal, so with workers it goes to the group.
RENDER_STOPS = [
    (stop, name) for stop, name in zip(STOPS, STOP_IDS, strict=True) if stop[1] or not stop[2]
]


@pytest.mark.parametrize(
    ("sig", "group", "workers", "point"),
    [stop for stop, _ in RENDER_STOPS],
    ids=[name for _, name in RENDER_STOPS],
)
def test_an_interrupted_render_leaves_only_whole_files(
    render_workspace: Path,
    tmp_path: Path,
    sig: signal.Signals,
    group: bool,
    workers: bool,
    point: str,
) -> None:
    """In one process, the render stops at its third page; with workers, a worker caught
    writing a page finishes it (workers leave the stopping to the main process, which starts
    nothing more) — either way, only whole pages and no temporary file remain."""
    site = tmp_path / "site"
    code, stderr = run_interrupted(
        ["render", "-f", "html", "-o", str(site)],
        render_workspace,
        sig,
        group=group,
        where="worker" if workers else "main",
        point=point,
        jobs=2 if workers else 1,
    )
    assert_stopped(code, stderr, sig)
    assert temp_files(tmp_path) == []
    written = sorted(site.iterdir())
    if not workers:
        assert len(written) == 2, written
    assert len(written) < 21, "the render stopped early (no index was written)"
    for page in written:
        assert page.read_text("utf-8").endswith("</html>\n"), f"{page.name} is cut short"


# --- symbolic links: never written through -----------------------------------------------------
#
# render replaces a link inside its output folder with the file it writes (the folder is
# cjmap's) and refuses an output folder reached through a link; --output-file refuses a link
# and a folder link on the way; init refuses a folder link; fmt follows a link only to a file
# inside the workspace.


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace, with a file of notes that must never change."""
    folder = tmp_path / "somewhere"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes\n", "utf-8")
    return folder


def assert_untouched(outside: Path) -> None:
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt"]
    assert (outside / "notes.txt").read_text("utf-8") == "my notes\n"


@pytest.mark.parametrize(
    ("name", "points_to"),
    [
        ("index.html", "../../somewhere/notes.txt"),  # the example: an existing file
        ("index.html", "../../somewhere/new.html"),  # dangling: would create a file out there
        ("trial-onboarding.html", "../../somewhere/notes.txt"),  # a map, not the index
        ("trial-onboarding.html", "../../somewhere"),  # a link to a folder
    ],
    ids=["index-to-file", "index-dangling", "map-to-file", "map-to-folder"],
)
def test_render_replaces_a_link_in_the_output_folder(
    workspace: Path, outside: Path, name: str, points_to: str
) -> None:
    site = workspace / "site"
    site.mkdir()
    (site / name).symlink_to(points_to)
    result = run("render", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert_untouched(outside)
    assert not (site / name).is_symlink()
    assert (site / name).read_text("utf-8").endswith("</html>\n")
    assert temp_files(workspace.parent) == []


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_render_replaces_links_whatever_the_format(
    workspace: Path, outside: Path, fmt: str
) -> None:
    site = workspace / "out"
    site.mkdir()
    (site / f"trial-onboarding.{fmt}").symlink_to(outside / "notes.txt")
    (site / f"eshop-order.{fmt}").symlink_to(outside / "gone.txt")
    result = run("render", "-f", fmt, "-o", "out", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert_untouched(outside)
    assert not any(p.is_symlink() for p in site.iterdir())


@pytest.mark.parametrize(
    ("make", "args"),
    [
        (lambda ws, out: (ws / "site").symlink_to(out), []),  # the default site/ is a link
        (lambda ws, out: (ws / "site").symlink_to(out / "new"), []),  # a dangling one
        (
            lambda ws, out: ((ws / "site").mkdir(), (ws / "site" / "md").symlink_to(out)),
            ["-f", "md", "-o", "site/md"],
        ),  # site/md -> /elsewhere
        (
            lambda ws, out: ((ws / "site").symlink_to(out), None),
            ["-f", "md", "-o", "site/md"],
        ),  # a link further up the way
    ],
    ids=["site-link", "site-dangling", "site-md-link", "parent-link"],
)
def test_render_refuses_an_output_folder_reached_through_a_link(
    workspace: Path, outside: Path, make: Callable[[Path, Path], object], args: list[str]
) -> None:
    make(workspace, outside)
    before = snapshot(workspace)
    assert_refused(run("render", *args, cwd=workspace), "is a symbolic link", "through links")
    assert_untouched(outside)
    assert snapshot(workspace) == before


REPORTERS = {
    "validate": [],
    "analyze": [],
    "diff": ["journeys/trial-onboarding.yaml", "journeys/trial-onboarding.yaml"],
}


@pytest.mark.parametrize("command", list(REPORTERS))
@pytest.mark.parametrize(
    ("name", "points_to"),
    [
        ("report.json", "journeys/trial-onboarding.yaml"),  # the example
        ("report.txt", "../somewhere/notes.txt"),  # a file outside the workspace
        ("report.txt", "../somewhere/new.txt"),  # dangling
        ("report.txt", "journeys"),  # a folder
    ],
    ids=["to-journey", "to-outside", "dangling", "to-folder"],
)
def test_output_file_refuses_a_link(
    workspace: Path, outside: Path, command: str, name: str, points_to: str
) -> None:
    (workspace / name).symlink_to(points_to)
    before = snapshot(workspace)
    result = run(command, *REPORTERS[command], "--output-file", name, cwd=workspace)
    assert_refused(result, name, "is a symbolic link", "Remove the link")
    assert snapshot(workspace) == before
    assert os.readlink(workspace / name) == points_to
    assert_untouched(outside)
    assert temp_files(workspace.parent) == []


@pytest.mark.parametrize("command", list(REPORTERS))
def test_output_file_refuses_a_folder_link_on_the_way(
    workspace: Path, outside: Path, command: str
) -> None:
    (workspace / "reports").symlink_to(outside)
    args = [*REPORTERS[command], "--output-file", "reports/report.txt"]
    assert_refused(run(command, *args, cwd=workspace), "reports", "is a symbolic link")
    assert_untouched(outside)


def test_init_refuses_a_folder_link(tmp_path: Path, outside: Path) -> None:
    from cjmap.init.scaffold import JOURNEY_FILE

    root = tmp_path / "ws"
    root.mkdir()
    (root / Path(JOURNEY_FILE).parts[0]).symlink_to(outside)
    result = run("init", "ws", cwd=tmp_path)
    assert_refused(result, "is a symbolic link", "through links")
    assert_untouched(outside)
    assert (root / "cjmap.yaml").is_file(), "the other files are still written"


def test_links_on_the_way(tmp_path: Path) -> None:
    from cjmap.util.fsutil import links_on_the_way

    (tmp_path / "ws" / "real").mkdir(parents=True)
    (tmp_path / "ws" / "site").symlink_to("real")
    (tmp_path / "up").symlink_to("ws")
    ws = tmp_path / "ws"
    assert links_on_the_way(ws / "site" / "md" / "x.html", [ws]) == ws / "site"
    assert links_on_the_way(ws / "real" / "x.html", [ws]) is None
    assert links_on_the_way(ws / "site", [ws]) == ws / "site"
    # A link above the folders named is the system's (/tmp -> /private/tmp on macOS).
    assert links_on_the_way(tmp_path / "up" / "real" / "x.html", [tmp_path / "up"]) is None
    assert links_on_the_way(tmp_path / "up" / "real", [tmp_path]) == tmp_path / "up"


@pytest.mark.parametrize(
    ("link", "points_to"),
    [("alias.yaml", "journeys/trial-onboarding.yaml"), ("linked", "journeys")],
    ids=["file-link", "folder-link"],
)
def test_fmt_follows_a_link_inside_the_workspace(
    workspace: Path, link: str, points_to: str
) -> None:
    """A link inside the workspace to a file inside it: fmt edits the file, the link stays."""
    from cjmap.fmt.formatter import format_bytes

    real = workspace / "journeys" / "trial-onboarding.yaml"
    formatted = real.read_bytes()
    real.write_bytes(unformatted(formatted))
    (workspace / link).symlink_to(points_to)
    named = link if link.endswith(".yaml") else f"{link}/trial-onboarding.yaml"
    result = run("fmt", named, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert (workspace / link).is_symlink()
    assert real.read_bytes() == format_bytes(unformatted(formatted))


def messy_outside(outside: Path, workspace: Path) -> bytes:
    source = (workspace / "journeys" / "trial-onboarding.yaml").read_bytes()
    messy = unformatted(source).replace(b"id: trial-onboarding", b"id: outside-journey")
    (outside / "outside.yaml").write_bytes(messy)
    return messy


@pytest.mark.parametrize(
    "link",
    [
        lambda ws, out: (ws / "journeys" / "x.yaml").symlink_to(out / "outside.yaml"),
        lambda ws, out: (ws / "journeys" / "x.yaml").symlink_to("../../somewhere/outside.yaml"),
        lambda ws, out: (ws / "journeys" / "ext").symlink_to(out),  # a folder link
    ],
    ids=["absolute-link", "relative-link", "folder-link"],
)
@pytest.mark.parametrize("named", [True, False], ids=["named", "workspace"])
def test_fmt_never_writes_outside_the_workspace(
    workspace: Path, outside: Path, link: Callable[[Path, Path], object], named: bool
) -> None:
    messy = messy_outside(outside, workspace)
    link(workspace, outside)
    name = "journeys/x.yaml" if (workspace / "journeys" / "x.yaml").is_symlink() else None
    name = name or "journeys/ext/outside.yaml"
    result = run("fmt", *([name] if named else []), cwd=workspace)
    said = result.stdout + result.stderr
    assert "Traceback" not in said
    assert "unexpected error" not in said
    assert (outside / "outside.yaml").read_bytes() == messy
    assert temp_files(outside) == []
    if named:
        # Not read, so not written: a notice says why (see "What cjmap reads").
        assert result.exit_code == 0, said
        assert "outside the workspace" in said, said


def test_fmt_writes_a_file_named_outside_the_workspace_without_links(
    workspace: Path, outside: Path
) -> None:
    """Only links are held to the workspace: a file the user names where it lies is theirs."""
    messy = messy_outside(outside, workspace)
    result = run("fmt", str(outside / "outside.yaml"), cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert (outside / "outside.yaml").read_bytes() != messy


# --- read-only files ---------------------------------------------------------------------------
#
# A file the user may not write is refused, not replaced (the rename would go around its
# permissions); a file with no write bit at all is refused even for root.


def test_fmt_refuses_a_read_only_file(workspace: Path) -> None:
    journey = workspace / "journeys" / "trial-onboarding.yaml"
    messy = unformatted(journey.read_bytes())
    journey.write_bytes(messy)
    journey.chmod(0o444)
    result = run("fmt", cwd=workspace)
    assert result.exit_code == 1, result.stderr
    assert "journeys/trial-onboarding.yaml: cannot write: the file is read-only" in result.stderr
    assert "could not be formatted" in result.stderr
    assert journey.read_bytes() == messy
    assert stat_mode(journey) == 0o444
    assert temp_files(workspace) == []


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555], ids=["0444", "0400", "0555"])
def test_render_refuses_a_read_only_output_file(workspace: Path, mode: int) -> None:
    site = workspace / "site"
    site.mkdir()
    (site / "index.html").write_text("mine\n", "utf-8")
    (site / "index.html").chmod(mode)
    assert_refused(run("render", cwd=workspace), "index.html", "read-only")
    assert (site / "index.html").read_text("utf-8") == "mine\n"
    assert temp_files(workspace) == []


@pytest.mark.parametrize("command", list(REPORTERS))
def test_output_file_refuses_a_read_only_report(workspace: Path, command: str) -> None:
    report = workspace / "report.txt"
    report.write_text("last week's report\n", "utf-8")
    report.chmod(0o444)
    result = run(command, *REPORTERS[command], "--output-file", "report.txt", cwd=workspace)
    assert_refused(result, "report.txt", "read-only", "chmod u+w")
    assert report.read_text("utf-8") == "last week's report\n"


def test_a_writable_file_keeps_its_mode(workspace: Path) -> None:
    journey = workspace / "journeys" / "trial-onboarding.yaml"
    journey.write_bytes(unformatted(journey.read_bytes()))
    journey.chmod(0o640)
    assert run("fmt", cwd=workspace).exit_code == 0
    assert stat_mode(journey) == 0o640


NOBODY = 65534


def as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``cjmap ARGS`` run as the unprivileged user ``nobody`` (this suite runs as root)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run cjmap as an unprivileged user")
    command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run(
        [*command, sys.executable, "-c", "import cjmap"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"the user nobody cannot run this Python: {probe.stderr[-200:]!r}")
    return subprocess.run(
        [*command, sys.executable, "-m", "cjmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the user nobody may write in (pytest's own are root's alone)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cjmap-nobody-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("owner", "mode"),
    [(0, 0o644), (NOBODY, 0o444), (0, 0o664)],
    ids=["root-owned-0644", "own-0444", "root-owned-0664-no-group"],
)
def test_fmt_as_an_ordinary_user_never_replaces_a_file_it_may_not_write(
    shared_folder: Path, owner: int, mode: int
) -> None:
    """The folder is writable, so a rename would go around the file's permissions."""
    journey = shared_folder / "journey.yaml"
    messy = unformatted((EXAMPLES / "journeys" / "trial-onboarding.yaml").read_bytes())
    journey.write_bytes(messy)
    os.chown(journey, owner, NOBODY if owner else 0)
    journey.chmod(mode)
    result = as_nobody(["fmt", "journey.yaml"], shared_folder)
    assert result.returncode == 1, result.stderr
    assert "journey.yaml: cannot write: the file is read-only" in result.stderr
    assert journey.read_bytes() == messy
    assert journey.stat().st_uid == owner
    assert temp_files(shared_folder) == []


def test_output_file_as_an_ordinary_user_never_replaces_a_file_it_may_not_write(
    shared_folder: Path,
) -> None:
    shutil.copytree(EXAMPLES, shared_folder / "ws")
    for path in [shared_folder / "ws", *(shared_folder / "ws").rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    report = shared_folder / "ws" / "report.txt"
    report.write_text("root's report\n", "utf-8")
    report.chmod(0o644)
    result = as_nobody(["validate", "--output-file", "report.txt"], shared_folder / "ws")
    assert result.returncode == 2, result.stderr
    assert "read-only" in result.stderr
    assert report.read_text("utf-8") == "root's report\n"
