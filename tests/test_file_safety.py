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
import time
from collections.abc import Callable
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
    from cjmap.fsutil import WriteRefused, atomic_write

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


def test_sigterm_in_the_middle_of_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    """SIGTERM arrives while ``init`` flushes its first file to disk: the run stops with exit
    143 and neither the file nor its temporary copy is left."""
    script = (
        "import os, signal, sys\n"
        "real = os.fsync\n"
        "def fsync(fd):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(fd)\n"
        "os.fsync = fsync\n"
        "from cjmap.cli import main\n"
        "sys.exit(main(['init', 'new']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "cjmap: terminated" in result.stderr
    assert "Traceback" not in result.stderr
    assert temp_files(tmp_path) == []
    assert [p for p in (tmp_path / "new").rglob("*") if p.is_file()] == []


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
    from cjmap.scaffold import JOURNEY_FILE

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


def start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cjmap", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
        start_new_session=True,  # its own process group, as a CI job's processes are
    )


def interrupt(
    process: subprocess.Popen[bytes], sig: signal.Signals, *, group: bool, ready: Callable[[], bool]
) -> tuple[int, str]:
    """Send ``sig`` once ``ready()`` (to the process, or to its whole group as a cancelled CI
    job would), and return its exit code and standard error."""
    deadline = time.monotonic() + 120
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the run ended (or hung) before it could be interrupted")
        time.sleep(0.02)
    if group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr.decode("utf-8", "replace")


SIGNALS = [
    (signal.SIGINT, False),
    (signal.SIGTERM, False),
    (signal.SIGTERM, True),
]
IDS = ["SIGINT", "SIGTERM", "SIGTERM-to-group"]


def assert_stopped(code: int, stderr: str, sig: signal.Signals) -> None:
    assert code == 128 + sig, stderr
    assert ("interrupted" if sig == signal.SIGINT else "terminated") in stderr
    assert "Traceback" not in stderr


@pytest.fixture(scope="module")
def big_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 journeys: rendering them takes seconds, so a signal lands in the middle."""
    texts = {f"j{i:03d}": payloads.plain for i in range(300)}
    return payloads.write_workspace(tmp_path_factory.mktemp("big") / "ws", texts)


@pytest.mark.parametrize(("sig", "group"), SIGNALS, ids=IDS)
def test_an_interrupted_render_leaves_only_whole_files(
    big_workspace: Path, tmp_path: Path, sig: signal.Signals, group: bool
) -> None:
    site = tmp_path / "site"
    process = start(["render", "-f", "html", "-o", str(site)], big_workspace)
    code, stderr = interrupt(
        process, sig, group=group, ready=lambda: site.is_dir() and len(os.listdir(site)) >= 5
    )
    assert_stopped(code, stderr, sig)
    assert temp_files(tmp_path) == []
    written = sorted(site.iterdir())
    assert written, "some maps were written before the signal"
    assert len(written) < 301, "the render stopped early"
    for page in written:
        assert page.read_text("utf-8").endswith("</html>\n"), f"{page.name} is cut short"


@pytest.fixture(scope="module")
def messy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """200 journey files that fmt rewrites: name → (as written, as formatted)."""
    from cjmap.fmt import format_bytes

    messy = unformatted((EXAMPLES / "journeys" / "trial-onboarding.yaml").read_bytes())
    formatted = format_bytes(messy)
    assert formatted != messy
    return {f"j{i:03d}.yaml": (messy, formatted) for i in range(200)}


@pytest.mark.parametrize(("sig", "group"), SIGNALS, ids=IDS)
def test_an_interrupted_fmt_leaves_every_file_old_or_new(
    messy_files: dict[str, tuple[bytes, bytes]], tmp_path: Path, sig: signal.Signals, group: bool
) -> None:
    for name, (messy, _) in messy_files.items():
        (tmp_path / name).write_bytes(messy)

    def some_done() -> bool:
        return any((tmp_path / n).read_bytes() == new for n, (_, new) in messy_files.items())

    code, stderr = interrupt(start(["fmt", "."], tmp_path), sig, group=group, ready=some_done)
    assert_stopped(code, stderr, sig)
    assert temp_files(tmp_path) == []
    states = {
        name: ["old", "new"][(tmp_path / name).read_bytes() == new]
        for name, (old, new) in messy_files.items()
        if (tmp_path / name).read_bytes() in (old, new)
    }
    assert len(states) == len(messy_files), "a file is neither as it was nor formatted"
    assert "old" in states.values(), "fmt stopped before the end"
