"""The workspace cache, ``.cjmap_cache/``: results are the same with and without it, after
every kind of edit; a stale, corrupt or foreign cache is rebuilt, never trusted; files the
cache stands for are not read again; ``--no-cache`` and ``CJMAP_NO_CACHE`` bypass it.

Also which files make the workspace without a ``cjmap.yaml``: the current folder with no
paths, only the paths given otherwise."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cjmap
from cjmap.validate import replay as replay_module
from cjmap.validate import run as validate_run
from cjmap.workspace import cache as cache_module
from cjmap.workspace.cache import FOLDER, Cache, Stat, digest, key_of
from test_validate_cli import CASES, Case, _workspace_with

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CACHE = Path(FOLDER) / "validate.cache"
HOUR_NS = 3600 * 10**9

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJMAP_NO_CACHE", raising=False)
    monkeypatch.setenv("CJMAP_JOBS", "1")  # every file is checked in this process: counted


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files checked (read and parsed), in order."""
    names: list[str] = []
    real = validate_run.check_file

    def counting(loaded: Any, setup: Any, *, target: bool) -> Any:
        names.append(loaded.name)
        return real(loaded, setup, target=target)

    monkeypatch.setattr(validate_run, "check_file", counting)
    return names


def _age(root: Path) -> None:
    """Date every file and folder an hour back, so that the cache's size+mtime rule
    applies (a file modified just before the cache was written is checked against its
    bytes) and a run can be replayed (:mod:`cjmap.validate.replay` trusts no recent time)."""
    then = time.time_ns() - HOUR_NS
    for path in [*root.rglob("*"), root]:
        if FOLDER not in path.parts and not path.is_symlink():
            os.utime(path, ns=(then, then))


def _same(cli: Run, root: Path, *args: str) -> dict[str, Any]:
    """Validate without the cache, then with it twice (cold or as left, then warm): the
    exit code, standard error and report are the same each time."""
    plain = cli("validate", "--no-cache", "-f", "json", *args, cwd=root)
    cold = cli("validate", "-f", "json", *args, cwd=root)
    warm = cli("validate", "-f", "json", *args, cwd=root)
    for run in (cold, warm):
        assert (run.exit_code, run.stdout, run.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        )
    assert "Traceback" not in plain.stderr
    report: dict[str, Any] = json.loads(plain.stdout)
    return report


def _rules(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f["file"], f["rule"]) for f in report["findings"])


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(FOLDER))
    _age(root)
    return root


# --- the bad-input corpus and the examples ----------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_case_same_with_and_without_cache(case: Case, cli: Run, tmp_path: Path) -> None:
    root = _workspace_with(case, tmp_path)
    if not case.special:
        _age(root)
    _same(cli, root, *case.args, *case.targets)
    _same(cli, root, *case.args)  # the whole workspace, cache now warm for every file
    assert (root / CACHE).is_file()


def test_warm_cache_reads_only_changed_files(cli: Run, examples: Path, checked: list[str]) -> None:
    whole = _same(cli, examples)
    assert (examples / CACHE).is_file()
    checked.clear()
    assert cli("validate", "-f", "json", cwd=examples).stdout == json.dumps(whole, indent=2) + "\n"
    assert checked == []  # nothing read but cjmap.yaml and the cache
    one = "journeys/trial-onboarding.yaml"
    assert cli("validate", one, cwd=examples).exit_code == 0
    assert checked == []
    (examples / one).write_text((examples / one).read_text() + "\n# a comment\n")
    cli("validate", one, cwd=examples)
    assert checked == [one]


def test_context_entries_serve_a_later_target(cli: Run, examples: Path, checked: list[str]) -> None:
    """A file read only for its ids is kept without findings: when it is a target later it
    is checked, and then kept with them."""
    one, other = "journeys/trial-onboarding.yaml", "journeys/eshop-order-el.yaml"
    cli("validate", one, cwd=examples)
    assert one in checked
    assert other in checked
    checked.clear()
    cli("validate", other, cwd=examples)
    assert checked == [other]
    checked.clear()
    _same(cli, examples, other)
    assert len(checked) == 13  # the run with --no-cache read them all; the others none


def test_persona_renamed_in_another_file(cli: Run, examples: Path) -> None:
    one = "journeys/trial-onboarding.yaml"
    assert _same(cli, examples, one)["summary"]["errors"] == 0
    persona = examples / "personas" / "devon.yaml"
    persona.write_text(persona.read_text().replace("id: devon", "id: devin"))
    report = _same(cli, examples, one)
    assert (one, "unresolved-reference") in _rules(report)


def test_journey_deleted(cli: Run, examples: Path) -> None:
    before = _same(cli, examples)
    (examples / "journeys" / "trial-onboarding-future.yaml").unlink()
    after = _same(cli, examples)
    assert after["summary"]["files"] == before["summary"]["files"] - 1
    keys = _index(examples / CACHE)["entries"]
    assert "journeys/trial-onboarding-future.yaml" not in keys  # forgotten
    assert "journeys/trial-onboarding.yaml" in keys


def test_journey_deleted_that_another_improves(cli: Run, examples: Path) -> None:
    one = "journeys/trial-onboarding-future.yaml"
    assert _same(cli, examples, one)["summary"]["errors"] == 0
    (examples / "journeys" / "trial-onboarding.yaml").unlink()
    assert (one, "unresolved-reference") in _rules(_same(cli, examples, one))


def test_sub_journey_deleted_or_made_a_loop_in_another_file(cli: Run, examples: Path) -> None:
    """The sub-journeys a file names are in its cache entry: a change in another file (the
    sub-journey deleted, or made to name its parent) is seen in the file that names it, with
    and without the cache alike."""
    one = "journeys/business-account-ru.yaml"
    sub = examples / "journeys" / "business-account-kyc-ru.yaml"
    assert _same(cli, examples, one)["summary"]["errors"] == 0
    text = sub.read_text("utf-8")
    sub.write_text(
        text.replace(
            "      - id: upload-scans\n",
            "      - id: upload-scans\n        journey: business-account-opening\n",
        ),
        "utf-8",
    )
    report = _same(cli, examples, one)
    loops = [f for f in report["findings"] if f["rule"] == "sub-journey-loop"]
    assert len(loops) == 1  # once, at the touchpoint that closes it: in the file checked
    chain = "business-account-opening → business-account-kyc → business-account-opening"
    assert chain in loops[0]["message"]
    whole = _same(cli, examples)
    assert [f["rule"] for f in whole["findings"]].count("sub-journey-loop") == 1
    sub.unlink()
    report = _same(cli, examples, one)
    assert (one, "unresolved-reference") in _rules(report)
    assert "sub-journey-loop" not in {f["rule"] for f in report["findings"]}


def test_workspace_include_changed(cli: Run, examples: Path) -> None:
    before = _same(cli, examples)
    config = examples / "cjmap.yaml"
    config.write_text(
        config.read_text().replace('exclude: ["drafts/**"]', 'exclude: ["personas/**"]')
    )
    after = _same(cli, examples)
    assert after != before
    assert ("journeys/trial-onboarding.yaml", "unresolved-reference") in _rules(after)


def test_configuration_change_rebuilds(cli: Run, examples: Path, checked: list[str]) -> None:
    _same(cli, examples)
    config = examples / "cjmap.yaml"
    config.write_text(config.read_text().replace("stale: warning", "stale: error"))
    checked.clear()
    _same(cli, examples)
    assert len(checked) >= 12  # every file checked again, under the new severities


def test_version_bump_rebuilds(
    cli: Run, examples: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _same(cli, examples)
    monkeypatch.setattr(cjmap, "__version__", "99.0.0")
    checked.clear()
    cli("validate", cwd=examples)
    assert len(checked) == 13  # nothing from the old version's cache
    assert _index(examples / CACHE)["version"] == "99.0.0"
    _same(cli, examples)


def test_stale_rule_results_are_not_reused_across_days(
    cli: Run, examples: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("validate", cwd=examples)
    checked.clear()
    real = dt.date
    tomorrow = real.fromordinal(real.today().toordinal() + 1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls(tomorrow.year, tomorrow.month, tomorrow.day)

    monkeypatch.setattr(dt, "date", Tomorrow)  # the module run.py reads today from
    cli("validate", cwd=examples)
    assert len(checked) == 13


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-40])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _index(path: Path) -> dict[str, Any]:
    """The JSON index of a cache file."""
    header, _, body = path.read_bytes().partition(b"\n")
    index: dict[str, Any] = json.loads(body[: int(header.split()[2])])
    return index


def _rewrite(path: Path, index: dict[str, Any], details: bytes) -> None:
    """A well-formed cache file (right header and hash) holding ``index`` and ``details``."""
    raw = json.dumps(index).encode()
    body = raw + details
    path.write_bytes(b"cjmap-cache 1 %d %d %s\n" % (len(raw), len(details), digest(body).encode()))
    with path.open("ab") as file:
        file.write(body)


def _forged(path: Path) -> None:
    """Values of the wrong type in well-formed entries: as a hostile repository could carry."""
    index = _index(path)
    for entry in index["entries"].values():
        entry[3][2] = [["zero", None, 5, "yes", 1, 2, 3, 4]]
    _rewrite(path, index, b"")


def _forged_details(path: Path) -> None:
    """Findings that are not findings, in a well-formed file."""
    index = _index(path)
    details = b'[["one", 2]]'
    for entry in index["entries"].values():
        entry[4:6] = [0, len(details)]
    _rewrite(path, index, details)


def _odd_findings(path: Path) -> None:
    """Findings of odd shapes: deeply nested, mappings where lists go."""
    index = _index(path)
    shapes = [b"[" * 100_000, b'[{"a": 1}]', b"[[1,2,3,4,5,6,7,8,{},{}]]", b'{"x": []}']
    details = b"".join(shapes)
    offsets = [0]
    for shape in shapes:
        offsets.append(offsets[-1] + len(shape))
    for n, entry in enumerate(index["entries"].values()):
        entry[4:6] = [offsets[n % 4], len(shapes[n % 4])]
    _rewrite(path, index, details)


def _hide_findings(path: Path) -> None:
    """Well-formed, well-typed, no findings, but for another version: never trusted."""
    index = _index(path)
    index["version"] = "0.0.1"
    for entry in index["entries"].values():
        entry[4:6] = [0, 2]
    _rewrite(path, index, b"[]")


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": _truncate,
    "bit-flipped": _flip,
    "empty": lambda path: path.write_bytes(b""),
    "garbage": lambda path: path.write_bytes(os.urandom(3000)),
    "pickle": lambda path: path.write_bytes(b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01."),
    "without-header": lambda path: path.write_bytes(path.read_bytes().partition(b"\n")[2]),
    "wrong-types": _forged,
    "wrong-findings": _forged_details,
    "odd-findings": _odd_findings,
    "other-version": _hide_findings,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_rebuilt_never_trusted(
    damage: str, cli: Run, examples: Path, checked: list[str]
) -> None:
    persona = examples / "personas" / "devon.yaml"
    persona.write_text(persona.read_text().replace("id: devon", "id: devin"))
    _age(examples)
    clean = _same(cli, examples)
    assert clean["summary"]["errors"] > 0  # findings the cache must not lose
    DAMAGE[damage](examples / CACHE)
    for record in _records(examples):  # else the run is replayed, the cache not read
        record.unlink()
    checked.clear()
    assert _same(cli, examples) == clean
    assert len(checked) >= 12  # the first run after the damage read every file
    data = (examples / CACHE).read_bytes()
    assert data.startswith(b"cjmap-cache 1 ")  # rebuilt


def test_a_folder_in_place_of_the_cache_file(cli: Run, examples: Path) -> None:
    (examples / CACHE).parent.mkdir()
    (examples / CACHE).mkdir()
    _same(cli, examples)
    assert (examples / CACHE).is_dir()


def test_unwritable_cache_folder_works_silently(cli: Run, examples: Path) -> None:
    (examples / FOLDER).write_text("not a folder")
    report = _same(cli, examples)
    assert report["summary"]["files"] == 14
    assert (examples / FOLDER).read_text() == "not a folder"


def test_linked_cache_folder_is_neither_read_nor_written(
    cli: Run, examples: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (examples / FOLDER).symlink_to(elsewhere)
    _same(cli, examples)
    assert list(elsewhere.iterdir()) == []


def test_cache_folder_is_ignored_by_git_and_never_read_as_workspace_files(
    cli: Run, examples: Path
) -> None:
    cli("validate", cwd=examples)
    folder = examples / FOLDER
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f0688680")
    )
    (folder / "stray.yaml").write_text("kind: journey\nid: [broken\n")
    report = json.loads(cli("validate", "-f", "json", cwd=examples).stdout)
    assert report["summary"]["files"] == 14
    assert not any(FOLDER in f["file"] for f in report["findings"])


def test_no_cache_option_and_variable_bypass_it(
    cli: Run, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("validate", "--no-cache", cwd=examples).exit_code == 0
    assert not (examples / FOLDER).exists()
    monkeypatch.setenv("CJMAP_NO_CACHE", "1")
    cli("validate", cwd=examples)
    cli("fmt", "--check", cwd=examples)
    assert not (examples / FOLDER).exists()
    monkeypatch.setenv("CJMAP_NO_CACHE", "0")
    cli("validate", cwd=examples)
    assert (examples / CACHE).is_file()
    # and --no-cache does not read an existing one either
    _forged(examples / CACHE)
    assert cli("validate", "--no-cache", cwd=examples).exit_code == 0


def test_standard_input_is_never_cached(cli: Run, examples: Path) -> None:
    text = (examples / "journeys" / "trial-onboarding.yaml").read_bytes()
    args = ("validate", "-f", "json", "--stdin-filename", "journeys/x.yaml", "-")
    first = cli(*args, cwd=examples, stdin=text)
    second = cli(*args, cwd=examples, stdin=text)
    assert first.stdout == second.stdout
    entries = _index(examples / CACHE)["entries"]
    assert "journeys/x.yaml" not in entries
    assert "-" not in entries
    assert "journeys/trial-onboarding.yaml" in entries  # context: read for its ids


def test_racy_entry_is_checked_against_the_bytes(
    cli: Run, examples: Path, checked: list[str]
) -> None:
    """A file changed right after the cache was written, keeping its size and mtime, is
    still seen: its entry is too recent to be trusted on size and mtime alone."""
    one = examples / "journeys" / "trial-onboarding.yaml"
    one.write_text(one.read_text())  # modified now: racy
    assert _same(cli, examples)["summary"]["errors"] == 0
    stat = one.stat()
    text = one.read_text()
    assert "  - devon\n" in text
    one.write_text(text.replace("  - devon\n", "  - dev0n\n", 1))
    os.utime(one, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert one.stat().st_size == stat.st_size
    checked.clear()
    report = json.loads(cli("validate", "-f", "json", cwd=examples).stdout)
    assert "journeys/trial-onboarding.yaml" in checked
    assert ("journeys/trial-onboarding.yaml", "unresolved-reference") in _rules(report)


def test_touched_file_with_same_bytes_is_not_checked_again(
    cli: Run, examples: Path, checked: list[str]
) -> None:
    cli("validate", cwd=examples)
    one = examples / "journeys" / "eshop-order-el.yaml"
    one.touch()
    checked.clear()
    cli("validate", cwd=examples)
    assert checked == []  # hashed, same bytes


def test_another_current_folder_checks_again(cli: Run, examples: Path, checked: list[str]) -> None:
    """Findings name files from the current folder: an entry made from another folder
    does not stand for the file."""
    whole = _same(cli, examples)
    checked.clear()
    inner = json.loads(cli("validate", "-f", "json", cwd=examples / "journeys").stdout)
    assert checked
    assert len(inner["findings"]) == len(whole["findings"])
    assert all(not f["file"].startswith("journeys/") for f in inner["findings"])


# --- a run replayed --------------------------------------------------------------------------


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each run of ``validate`` that was not replayed (\"full\")."""
    runs: list[str] = []
    real = validate_run.validate_paths

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(validate_run, "validate_paths", counting)
    return runs


def _records(root: Path) -> list[Path]:
    return sorted((root / FOLDER).glob(replay_module.PREFIX + "*"))


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_unchanged_workspace_is_replayed_in_every_format(
    fmt: str, cli: Run, examples: Path, replays: list[str], checked: list[str]
) -> None:
    persona = examples / "personas" / "devon.yaml"
    persona.write_text(persona.read_text().replace("id: devon", "id: devin"))
    (examples / "journeys" / "broken.yaml").write_text("kind: journey\nid: [oops\n")
    _age(examples)
    args = ("validate", "--strict", "-f", fmt)
    plain = cli(*args, "--no-cache", cwd=examples)
    assert plain.exit_code == 1
    first = cli(*args, cwd=examples)
    assert len(_records(examples)) == 1
    replays.clear()
    checked.clear()
    again = cli(*args, cwd=examples)
    assert (replays, checked) == ([], [])  # nothing read, nothing checked
    for run in (first, again):
        assert (run.exit_code, run.stdout, run.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        )


@pytest.mark.parametrize(
    "edit",
    ["add-file", "delete-file", "add-folder", "edit-persona", "edit-config", "rename-file"],
)
def test_any_change_to_what_a_run_read_is_seen(
    edit: str, cli: Run, examples: Path, replays: list[str]
) -> None:
    one = "journeys/trial-onboarding.yaml"
    before = _same(cli, examples, one)
    replays.clear()
    _same(cli, examples, one)
    assert replays == ["full"]  # only the --no-cache run: the others were replayed
    journeys = examples / "journeys"
    if edit == "add-file":  # a second journey with the same id
        shutil.copy(journeys / "trial-onboarding.yaml", journeys / "copy.yaml")
    elif edit == "delete-file":
        (journeys / "trial-onboarding-future.yaml").unlink()
    elif edit == "add-folder":
        (journeys / "more").mkdir()
        shutil.copy(journeys / "trial-onboarding.yaml", journeys / "more" / "copy.yaml")
    elif edit == "edit-persona":
        persona = examples / "personas" / "devon.yaml"
        persona.write_text(persona.read_text().replace("id: devon", "id: devin"))
    elif edit == "edit-config":
        config = examples / "cjmap.yaml"
        config.write_text(
            config.read_text().replace(
                "stale: warning", "stale: warning\n  opportunity-addresses-nothing: error"
            )
        )
    else:  # a persona file renamed: its folder changes, not the file
        personas = examples / "personas"
        (personas / "devon.yaml").rename(personas / "devon-2.yaml")
        (personas / "devon-2.yaml").rename(personas / "devon.yaml")
        (personas / "maria.yaml").rename(examples / "maria.yaml")
    _age(examples)  # even with every time old again, the sizes or the folders tell
    replays.clear()
    after = _same(cli, examples, one)
    assert replays.count("full") == 2  # the --no-cache run and the first after the edit
    if edit not in ("delete-file", "rename-file"):
        assert after != before


def test_a_record_is_not_trusted_when_damaged_or_too_recent(
    cli: Run, examples: Path, replays: list[str]
) -> None:
    cli("validate", cwd=examples)
    (record,) = _records(examples)
    for damage in (_truncate, _flip, lambda path: path.write_bytes(b"")):
        damage(record)
        replays.clear()
        assert cli("validate", cwd=examples).exit_code == 0
        assert replays == ["full"]
        replays.clear()
        cli("validate", cwd=examples)
        assert replays == []  # the full run wrote it again
    one = examples / "journeys" / "trial-onboarding.yaml"
    one.write_text(one.read_text())  # modified just now: no run can vouch for it yet
    replays.clear()
    cli("validate", cwd=examples)
    cli("validate", cwd=examples)
    assert replays == ["full", "full"]


def test_each_way_of_calling_has_its_record_and_few_are_kept(
    cli: Run, examples: Path, replays: list[str]
) -> None:
    names = sorted(p.relative_to(examples).as_posix() for p in examples.rglob("*.yaml"))
    for name in names:
        cli("validate", name, cwd=examples)
    assert len(_records(examples)) == replay_module.KEEP < len(names)
    replays.clear()
    cli("validate", names[-1], cwd=examples)
    cli("validate", "--max-file-size", "2", names[-1], cwd=examples)
    assert replays == ["full"]  # another size limit is another call


def test_no_record_for_standard_input_or_without_a_workspace(
    cli: Run, examples: Path, projects: Path
) -> None:
    text = (examples / "journeys" / "trial-onboarding.yaml").read_bytes()
    cli("validate", "--stdin-filename", "journeys/x.yaml", "-", cwd=examples, stdin=text)
    assert _records(examples) == []
    cli("validate", "--no-cache", cwd=examples)
    assert _records(examples) == []
    cli("validate", "a/journey.yaml", cwd=projects)
    assert not (projects / FOLDER).exists()


# --- the store itself -------------------------------------------------------------------------


def test_cache_round_trip_and_trust_rule(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("kind: persona\n")
    then = time.time_ns() - HOUR_NS
    os.utime(file, ns=(then, then))
    stat = Stat.of(file)
    assert stat is not None
    cache = Cache.open(tmp_path, "t.cache", "1", "fp")
    cache.put("a.yaml", stat, digest(file.read_bytes()), {"x": [1, "é"]})
    cache.save()
    again = Cache.open(tmp_path, "t.cache", "1", "fp")
    entry = again.get("a.yaml")
    assert entry is not None
    assert entry.payload == {"x": [1, "é"]}
    assert again.fresh(entry, stat)
    assert not again.fresh(entry, Stat(stat.size + 1, stat.mtime_ns))
    assert again.same_bytes(entry, digest(b"kind: persona\n"))
    assert not again.same_bytes(entry, digest(b"kind: journey\n"))
    assert Cache.open(tmp_path, "t.cache", "2", "fp").get("a.yaml") is None
    assert Cache.open(tmp_path, "t.cache", "1", "other").get("a.yaml") is None
    recent = Stat(stat.size, time.time_ns())
    racy = cache_module.Entry(recent.size, recent.mtime_ns, entry.hash, None)
    assert not again.fresh(racy, recent)


def test_unchanged_cache_is_not_written(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path, "t.cache", "1", "fp")
    cache.save()
    assert not (tmp_path / FOLDER).exists()


def test_key_of(tmp_path: Path) -> None:
    root = os.path.realpath(tmp_path)
    assert key_of(Path(root) / "a" / "b.yaml", root) == "a/b.yaml"
    assert key_of(Path(root) / "a" / ".." / "c.yaml", root) == "c.yaml"
    assert key_of(Path(root).parent / "x.yaml", root) is None


# --- fmt --check ------------------------------------------------------------------------------


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files fmt formatted (or tried to)."""
    from cjmap.fmt import formatter

    names: list[str] = []
    real = formatter.format_job

    def counting(job: tuple[str, bool]) -> Any:
        names.append(Path(job[0]).name)
        return real(job)

    monkeypatch.setattr(formatter, "format_job", counting)
    return names


def test_fmt_check_skips_files_known_formatted(
    cli: Run, examples: Path, formatted: list[str]
) -> None:
    first = cli("fmt", "--check", cwd=examples)
    assert first.exit_code == 0
    assert len(formatted) == 14
    formatted.clear()
    second = cli("fmt", "--check", cwd=examples)
    assert (second.exit_code, second.stderr) == (0, first.stderr)
    assert formatted == []
    one = examples / "personas" / "devon.yaml"
    one.touch()  # new mtime, same bytes: a hash lookup
    assert cli("fmt", "--check", cwd=examples).exit_code == 0
    assert formatted == []
    one.write_text(one.read_text().replace("kind: persona\nid: devon", "id: devon\nkind: persona"))
    third = cli("fmt", "--check", cwd=examples)
    assert third.exit_code == 1
    assert "would reformat personas/devon.yaml" in third.stderr
    assert formatted == ["devon.yaml"]
    assert cli("fmt", "--check", "--no-cache", cwd=examples).exit_code == 1
    assert cli("fmt", cwd=examples).exit_code == 0
    assert cli("fmt", "--check", cwd=examples).exit_code == 0


def test_fmt_cache_is_versioned(
    cli: Run, examples: Path, formatted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("fmt", "--check", cwd=examples)
    monkeypatch.setattr(cjmap, "__version__", "99.0.0")
    formatted.clear()
    cli("fmt", "--check", cwd=examples)
    assert len(formatted) == 14


# --- which files make the workspace -----------------------------------------------------------

JOURNEY = """kind: journey
id: {id}
title: A journey
reviewed: {today}
personas: [{persona}]
stages:
  - id: one
    name: One
    touchpoints:
      - id: t
        name: T
        channel: web
        emotion: 0
"""


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    """A folder of two projects without cjmap.yaml, each with a journey of the same id."""
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "journey.yaml").write_text(
            JOURNEY.format(id="same", persona="p", today=dt.date.today())
        )
        (folder / "persona.yaml").write_text("kind: persona\nid: p\nname: P\n")
    return tmp_path


def test_without_cjmap_yaml_only_the_named_files_are_read(
    cli: Run, projects: Path, checked: list[str]
) -> None:
    result = cli("validate", "-f", "json", "a/journey.yaml", cwd=projects)
    report = json.loads(result.stdout)
    assert checked == ["a/journey.yaml"]
    rules = _rules(report)
    assert ("a/journey.yaml", "duplicate-id") not in rules
    assert ("a/journey.yaml", "unresolved-reference") in rules
    assert "cjmap init" in result.stderr
    assert "kind: workspace" in result.stderr
    assert result.stderr.count("hint:") == 1
    assert not (projects / FOLDER).exists()  # no workspace: no cache


def test_without_cjmap_yaml_named_files_resolve_each_other_and_no_hint(
    cli: Run, projects: Path
) -> None:
    result = cli("validate", "-f", "json", "a/journey.yaml", "a/persona.yaml", cwd=projects)
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0
    assert "hint" not in result.stderr


def test_without_cjmap_yaml_and_no_paths_the_current_folder_is_the_workspace(
    cli: Run, projects: Path
) -> None:
    report = json.loads(cli("validate", "-f", "json", cwd=projects).stdout)
    assert ("b/journey.yaml", "duplicate-id") in _rules(report)
    assert (projects / CACHE).is_file()


def test_an_empty_workspace_file_makes_the_workspace(cli: Run, projects: Path) -> None:
    (projects / "a" / "cjmap.yaml").write_text("kind: workspace\n")
    result = cli("validate", "-f", "json", "a/journey.yaml", cwd=projects)
    assert json.loads(result.stdout)["findings"] == []
    assert "hint" not in result.stderr
    assert (projects / "a" / CACHE).is_file()


@pytest.mark.parametrize("command", ["render", "analyze"])
def test_commands_after_validate_are_the_same_with_a_warm_cache(
    cli: Run, examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """analyze and render never take their personas or journeys from validate's cache: the
    same output whether or not a warm cache lies in the workspace."""

    def output(name: str) -> str:
        if command == "render":
            out = tmp_path / name
            assert cli("render", "-o", str(out), cwd=examples).exit_code == 0
            return "\n".join(
                p.read_text("utf-8") for p in sorted(out.iterdir()) if p.suffix == ".html"
            )
        run = cli("analyze", "-f", "json", cwd=examples)
        assert run.exit_code == 0
        return str(run.stdout)

    monkeypatch.setenv("CJMAP_NO_CACHE", "1")
    plain = output("plain")
    monkeypatch.delenv("CJMAP_NO_CACHE")
    assert cli("validate", cwd=examples).exit_code == 0
    assert (examples / CACHE).is_file()
    assert output("warm") == plain
    # a workspace persona, resolved from another file
    assert ("Devon, IT administrator" if command == "render" else '"devon"') in plain
