"""``cjmap validate`` from the command line, over the bad-input corpus in ``tests/bad/``
(see its README.md).

Adding a case is adding a file. Each ``tests/bad/<case>.yaml`` (or folder ``tests/bad/<case>/``
whose files are all copied) carries its expectations in full-line comments:

    # args: --strict                       extra command-line arguments (optional)
    # expect: rule=unknown-key line=9      one line per finding; optional column=N,
    #         severity=S, hint="..." and message="..." (substrings), exit=N
    # exit: 1                              the exit code

The findings must be exactly those expected (no more, no fewer). Every case runs inside a copy
of ``tests/bad/_workspace/`` (a ``cjmap.yaml`` and the personas ``maria`` and ``tom``), with
the libyaml parser and again with the pure-Python one: both must give the same rules on the
same lines. Inputs that cannot carry a comment (other encodings, binary, empty, huge, deeply
nested) are generated from the table ``GENERATED`` below, and also run in a real process.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cjmap.document import load

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad"
WORKSPACE = BAD / "_workspace"
EXAMPLES = ROOT / "examples"

Run = Callable[..., Any]

# --- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One finding a case must produce."""

    file: str
    rule: str
    line: int
    column: int | None = None
    severity: str | None = None
    hint: str | None = None
    message: str | None = None

    def matches(self, finding: dict[str, Any]) -> bool:
        return (
            finding["file"] == self.file
            and finding["rule"] == self.rule
            and finding["line"] == self.line
            and (self.column is None or finding["column"] == self.column)
            and (self.severity is None or finding["severity"] == self.severity)
            and (self.hint is None or self.hint in (finding["hint"] or ""))
            and (self.message is None or self.message in finding["message"])
        )


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]
    exit: int
    expects: tuple[Expect, ...] = ()
    args: tuple[str, ...] = ()
    generated: bool = False
    special: str = ""
    """For a path that is no regular file: "fifo", or the target of a symbolic link."""

    @property
    def targets(self) -> list[str]:
        return sorted(self.files)


@dataclass
class _Header:
    exit: int | None = None
    args: list[str] = field(default_factory=list)
    expects: list[Expect] = field(default_factory=list)


_DIRECTIVE = re.compile(r"^# (expect|args|exit):(.*)$")


def _read_header(name: str, text: str, header: _Header) -> None:
    for line in text.splitlines():
        match = _DIRECTIVE.match(line)
        if match is None:
            continue
        kind, rest = match.group(1), match.group(2).strip()
        if kind == "args":
            header.args.extend(shlex.split(rest))
        elif kind == "exit":
            header.exit = int(rest)
        else:
            values = dict(part.split("=", 1) for part in shlex.split(rest))
            if "exit" in values:
                header.exit = int(values.pop("exit"))
            header.expects.append(
                Expect(
                    file=name,
                    rule=values.pop("rule"),
                    line=int(values.pop("line")),
                    column=int(values["column"]) if "column" in values else None,
                    severity=values.get("severity"),
                    hint=values.get("hint"),
                    message=values.get("message"),
                )
            )
            unknown = set(values) - {"column", "severity", "hint", "message"}
            assert not unknown, f"{name}: unknown expect fields {unknown}"


def _corpus() -> list[Case]:
    cases = []
    for path in sorted(BAD.iterdir()):
        if path.name.startswith(("_", ".")) or path.suffix == ".md":
            continue
        sources = (
            {p.relative_to(path).as_posix(): p for p in sorted(path.rglob("*")) if p.is_file()}
            if path.is_dir()
            else {path.name: path}
        )
        header = _Header()
        files = {}
        for name, source in sources.items():
            files[name] = source.read_bytes()
            _read_header(name, files[name].decode("utf-8", "replace"), header)
        assert header.exit is not None, f"tests/bad/{path.name}: no '# exit:' line"
        stem = path.name.removesuffix(".yaml")
        cases.append(Case(stem, files, header.exit, tuple(header.expects), tuple(header.args)))
    return cases


PERSONA = "kind: persona\nid: olga\nname: Ольга, владелица кафе\nsegment: Μικρή επιχείρηση\n"
JOURNEY = (
    "kind: journey\nid: onboarding\ntitle: Trial onboarding\nreviewed: 2026-01-01\n"
    "personas: [maria]\nstages:\n  - id: signup\n    name: Регистрация\n    touchpoints:\n"
    "      - id: signup-form\n        name: 填写注册表\n        emotion: 1\n"
)
BOM = b"\xef\xbb\xbf"


def _billion_laughs() -> bytes:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(f'*{previous}' for _ in range(10))}]")
    return ("\n".join(lines) + "\n").encode()


def _nested_block(levels: int) -> bytes:
    return "".join(f"{'  ' * i}level{i}:\n" for i in range(levels)).encode()


# name → (bytes, [(rule, line)], exit, extra args)
GENERATED: dict[str, tuple[bytes, list[tuple[str, int]], int, tuple[str, ...]]] = {
    "encoding-utf16-bom": (PERSONA.encode("utf-16"), [("encoding", 1)], 1, ()),
    "encoding-utf16-le-no-bom": (PERSONA.encode("utf-16-le"), [("encoding", 1)], 1, ()),
    "encoding-utf16-be-no-bom": (PERSONA.encode("utf-16-be"), [("encoding", 1)], 1, ()),
    "encoding-utf32-bom": (PERSONA.encode("utf-32"), [("encoding", 1)], 1, ()),
    "encoding-utf32-no-bom": (PERSONA.encode("utf-32-le"), [("encoding", 1)], 1, ()),
    "encoding-latin1": (
        "kind: persona\nid: renee\nname: Renée\n".encode("latin-1"),
        [("encoding", 3)],
        1,
        (),
    ),
    "encoding-windows-1251": (
        PERSONA.replace("Μικρή επιχείρηση", "ИП").encode("cp1251"),
        [("encoding", 3)],
        1,
        (),
    ),
    "encoding-bad-byte-late": (PERSONA.encode() + b"role: \xff\n", [("encoding", 5)], 1, ()),
    "binary-nul-byte": (b"kind: persona\nid: olga\nname: Ol\x00ga\n", [("binary-file", 3)], 1, ()),
    "binary-png": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06",
        [("binary-file", 3)],
        1,
        (),
    ),
    "empty-file": (b"", [("empty-file", 1)], 1, ()),
    "empty-file-comments-only": (
        b"# TODO: map the journey\n# (later)\n",
        [("empty-file", 1)],
        1,
        (),
    ),
    "empty-file-blank-lines": (b"\n\n   \n", [("empty-file", 1)], 1, ()),
    "empty-file-bom-only": (BOM, [("empty-file", 1)], 1, ()),
    "file-too-large": (
        (PERSONA + "".join(f"# filler line {i:04d}\n" for i in range(100))).encode(),
        [("file-too-large", 1)],
        1,
        ("--max-file-size", "0.001"),
    ),
    "nesting-brackets-100k": (b"[" * 100_000, [("nesting-too-deep", 1)], 1, ()),
    "nesting-braces-100k": (b"{a: " * 25_000, [("nesting-too-deep", 1)], 1, ()),
    "nesting-block-100-levels": (_nested_block(100), [("nesting-too-deep", 65)], 1, ()),
    "alias-billion-laughs": (_billion_laughs(), [("alias-budget", 5)], 1, ()),
    # Issue 11: valid-looking numbers too large for any use (a 5,000-digit duration crashed
    # every command after validate; Python converts at most 4,300 digits).
    "number-duration-5000-digits": (
        (
            JOURNEY.replace("id: onboarding", "id: long")
            + "        duration: "
            + "9" * 5000
            + "d\n"
        ).encode(),
        [("out-of-range", 13)],
        1,
        (),
    ),
    "number-emotion-5000-digits": (
        JOURNEY.replace("id: onboarding", "id: moved")
        .replace("emotion: 1", "emotion: " + "1" * 5000)
        .encode(),
        [("out-of-range", 12)],
        1,
        (),
    ),
    "number-scale-5000-digits": (
        JOURNEY.replace("id: onboarding", "id: scaled")
        .replace("personas:", f"emotion_scale: [1, {'7' * 5000}]\npersonas:")
        .encode(),
        [("out-of-range", 5)],
        1,
        (),
    ),
    "control-char-bell": (
        b"kind: persona\nid: olga\nname: Olga\x07\n",
        [("yaml-syntax", 3)],
        1,
        (),
    ),
    "control-char-after-cyrillic": (
        "kind: persona\nid: olga\nname: Ольга Новакова\x08\n".encode(),
        [("yaml-syntax", 3)],
        1,
        (),
    ),
    "control-char-raw-escape": (
        b"kind: persona\nid: olga\nname: Olga\nrole: \x1b[2Jboss\n",
        [("yaml-syntax", 4)],
        1,
        (),
    ),
    "bom-utf8-valid": (BOM + JOURNEY.encode(), [], 0, ()),
    "bom-utf8-lines-unshifted": (
        BOM + b"kind: persona\nid: Olga\nname: Olga\n",
        [("invalid-id", 2)],
        1,
        (),
    ),
    "crlf-line-endings": (
        b"kind: persona\r\nid: olga\r\nname: Olga\r\nnmae: Olga\r\n",
        [("unknown-key", 4)],
        1,
        (),
    ),
}


def _generated() -> list[Case]:
    cases = []
    for name, (data, expected, code, args) in GENERATED.items():
        target = f"{name}.yaml"
        expects = tuple(Expect(target, rule, line) for rule, line in expected)
        cases.append(Case(name, {target: data}, code, expects, args, generated=True))
    return cases


# name → (what the path is, [(rule, line)], exit): paths that are no regular file, so cannot
# be committed as bytes. "fifo" is a named pipe with no writer (reading it would wait
# forever); anything else is the target of a symbolic link, here devices that never end
# (/dev/zero, /dev/urandom) or are empty (/dev/null).
SPECIAL: dict[str, tuple[str, list[tuple[str, int]], int]] = {
    "not-a-file-fifo": ("fifo", [("not-a-file", 1)], 1),
    "not-a-file-link-to-dev-zero": ("/dev/zero", [("not-a-file", 1)], 1),
    "not-a-file-link-to-dev-urandom": ("/dev/urandom", [("not-a-file", 1)], 1),
    "not-a-file-link-to-dev-null": ("/dev/null", [("not-a-file", 1)], 1),
}


def _special() -> list[Case]:
    return [
        Case(
            name,
            {f"{name}.yaml": b""},
            code,
            tuple(Expect(f"{name}.yaml", rule, line) for rule, line in expected),
            special=what,
        )
        for name, (what, expected, code) in SPECIAL.items()
    ]


def make_special(path: Path, what: str) -> None:
    """A path that is no regular file: a named pipe ("fifo") or a link to ``what``."""
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(what)


CASES = _corpus() + _generated() + _special()
BYTE_CASES = [case for case in CASES if case.generated]


# --- running a case --------------------------------------------------------------------------


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each case runs with both parsers; they must agree on rules and lines."""
    load.use_pure_python(False)
    if request.param == "libyaml" and load._c_parser() is None:
        pytest.skip("ruamel.yaml.clib (libyaml) is not installed")
    load.use_pure_python(request.param == "pure-python")
    yield request.param
    load.use_pure_python(False)


def _workspace_with(case: Case, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    for name, data in case.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if case.special:
            make_special(root / name, case.special)
        else:
            (root / name).write_bytes(data)
    return root


def _check_findings(case: Case, findings: list[dict[str, Any]]) -> None:
    got = Counter((f["file"], f["rule"], f["line"]) for f in findings)
    want = Counter((e.file, e.rule, e.line) for e in case.expects)
    assert got == want, (
        f"{case.name}: findings differ\n  missing: {sorted((want - got).elements())}"
        f"\n  unexpected: {sorted((got - want).elements())}\n  all: {_show(findings)}"
    )
    unmatched = list(findings)
    for expect in case.expects:
        match = next((f for f in unmatched if expect.matches(f)), None)
        assert match is not None, f"{case.name}: nothing matches {expect}\n  all: {_show(findings)}"
        unmatched.remove(match)


def _show(findings: list[dict[str, Any]]) -> str:
    return "".join(
        f"\n    {f['file']}:{f['line']}:{f['column']} {f['rule']} {f['severity']}: "
        f"{f['message']} (hint: {f['hint']})"
        for f in findings
    )


def _no_traceback(*outputs: str) -> None:
    for output in outputs:
        assert "Traceback" not in output
        assert "unexpected error" not in output


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, parser: str, cli: Run, tmp_path: Path) -> None:
    root = _workspace_with(case, tmp_path)
    result = cli("validate", "-f", "json", *case.args, *case.targets, cwd=root)
    _no_traceback(result.stdout, result.stderr)
    assert result.exit_code == case.exit, (
        f"{case.name}: exit {result.exit_code}, expected {case.exit}\n{result.stdout}"
        f"{result.stderr}"
    )
    report = json.loads(result.stdout)
    _check_findings(case, report["findings"])
    assert report["summary"]["errors"] == sum(f["severity"] == "error" for f in report["findings"])
    if parser == "libyaml":
        _check_text_output(case, cli("validate", *case.args, *case.targets, cwd=root))


def _check_text_output(case: Case, result: Any) -> None:
    """The text report: same exit code, each finding's place and rule shown, and no terminal
    control character from the input let through."""
    _no_traceback(result.stdout, result.stderr)
    assert result.exit_code == case.exit
    for expect in case.expects:
        assert re.search(
            rf"^  {expect.line}:\d+ .*\[{re.escape(expect.rule)}\]$", result.stdout, re.M
        ), f"{case.name}: {expect.rule} on line {expect.line} not in\n{result.stdout}"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", result.stdout)


def _byte_groups() -> dict[tuple[str, ...], list[Case]]:
    groups: dict[tuple[str, ...], list[Case]] = {}
    for case in BYTE_CASES:
        groups.setdefault(case.args, []).append(case)
    return groups


@pytest.mark.parametrize("args", list(_byte_groups()), ids=lambda args: " ".join(args) or "default")
def test_byte_hazards_in_a_real_process(
    args: tuple[str, ...], run_cjmap: Run, tmp_path: Path
) -> None:
    """Every generated input once through ``python -m cjmap``, all in one process per set of
    options (a process costs more than the check): real stdin, stdout and exit codes."""
    cases = _byte_groups()[args]
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    for case in cases:
        for name, data in case.files.items():
            (root / name).write_bytes(data)
    targets = [name for case in cases for name in case.targets]
    result = run_cjmap("validate", "-f", "json", *args, *targets, cwd=root)
    _no_traceback(result.stdout, result.stderr)
    assert result.exit_code == max(case.exit for case in cases), result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {f["file"] for f in findings} <= set(targets)
    for case in cases:
        _check_findings(case, [f for f in findings if f["file"] in case.files])


def test_byte_hazard_on_stdin_in_a_real_process(run_cjmap: Run, tmp_path: Path) -> None:
    data, [(rule, line)], _, _ = GENERATED["encoding-utf16-bom"]
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    result = run_cjmap(
        "validate", "-f", "json", "--stdin-filename", "journeys/in.yaml", "-", cwd=root, stdin=data
    )
    _no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 1, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["file"], finding["rule"], finding["line"]) == ("journeys/in.yaml", rule, line)


def test_corpus_is_big_enough_and_covers_every_rule() -> None:
    from cjmap.validate.rules import all_rules

    assert len(CASES) >= 80
    covered = {expect.rule for case in CASES for expect in case.expects}
    missing = {info.id for info in all_rules()} - covered
    assert not missing, f"no case in tests/bad/ for: {sorted(missing)}"
    strict = {e.rule for case in CASES if "--strict" in case.args for e in case.expects}
    warnings = {info.id for info in all_rules() if info.severity == "warning"}
    assert warnings <= strict, f"no --strict case for: {sorted(warnings - strict)}"


# --- the rest of the command line ------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    (root / "journeys").mkdir()
    return root


def test_examples_validate_cleanly(cli: Run) -> None:
    if not list((EXAMPLES / "journeys").glob("*.yaml")):
        pytest.skip("examples/journeys/ holds no journey yet")
    result = cli("validate", "examples", cwd=ROOT)
    _no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 0, result.stdout
    report = json.loads(cli("validate", "-f", "json", "examples", cwd=ROOT).stdout)
    assert not [f for f in report["findings"] if f["severity"] == "error"]
    assert report["summary"]["files"] >= 2


def test_stdin_resolves_personas_from_the_workspace(cli: Run, workspace: Path) -> None:
    journey = JOURNEY.replace("personas: [maria]", "personas: [maria, tom]").encode()
    result = cli(
        "validate",
        "-f",
        "json",
        "--stdin-filename",
        "journeys/x.yaml",
        "-",
        cwd=workspace,
        stdin=journey,
    )
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []


def test_stdin_findings_carry_the_given_name(cli: Run, workspace: Path) -> None:
    journey = JOURNEY.replace("personas: [maria]", "personas: [maria, olga]").encode()
    result = cli(
        "validate",
        "-f",
        "json",
        "--stdin-filename",
        "journeys/x.yaml",
        "-",
        cwd=workspace,
        stdin=journey,
    )
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["file"], finding["line"], finding["rule"]) == (
        "journeys/x.yaml",
        5,
        "unresolved-reference",
    )


def test_missing_path_is_a_usage_error(cli: Run, workspace: Path) -> None:
    result = cli("validate", "journeys/nope.yaml", cwd=workspace)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no such file or folder: journeys/nope.yaml" in result.stderr
    _no_traceback(result.stderr)


def test_unknown_format_is_a_usage_error(cli: Run, workspace: Path) -> None:
    result = cli("validate", "-f", "yaml", cwd=workspace)
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr


@pytest.mark.parametrize(
    ("extra", "strict", "code"),
    [
        ("", False, 0),
        ("", True, 0),
        ("  - id: loyalty\n    name: Loyalty\n", False, 0),
        ("  - id: loyalty\n    name: Loyalty\n", True, 1),
    ],
    ids=["clean", "clean-strict", "warning", "warning-strict"],
)
def test_strict_fails_on_warnings_only(
    cli: Run, workspace: Path, extra: str, strict: bool, code: int
) -> None:
    (workspace / "journeys" / "j.yaml").write_text(JOURNEY + extra, "utf-8")
    args = ["--strict"] if strict else []
    result = cli("validate", *args, "journeys/j.yaml", cwd=workspace)
    assert result.exit_code == code, result.stdout


def _run_in_process(
    argv: list[str],
    cwd: Path,
    env: dict[str, str | None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str]:
    from cjmap.cli import main

    monkeypatch.chdir(cwd)
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().out


def test_no_color_wins_over_force_color(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "journeys" / "j.yaml").write_text(JOURNEY + "  - id: loyalty\n    name: L\n")
    argv = ["validate", "journeys/j.yaml"]
    code, coloured = _run_in_process(
        argv, workspace, {"NO_COLOR": None, "FORCE_COLOR": "1"}, capsys, monkeypatch
    )
    assert code == 0
    assert "\x1b[" in coloured  # the control: colour is on when forced
    code, plain = _run_in_process(
        argv, workspace, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, capsys, monkeypatch
    )
    assert code == 0
    assert "\x1b" not in plain
    assert "[empty-stage]" in plain


def test_one_journey_file_sees_personas_defined_elsewhere(cli: Run, workspace: Path) -> None:
    journey = JOURNEY.replace("personas: [maria]", "personas: [maria, tom]")
    (workspace / "journeys" / "j.yaml").write_text(journey, "utf-8")
    from_root = cli("validate", "-f", "json", "journeys/j.yaml", cwd=workspace)
    assert from_root.exit_code == 0, from_root.stdout
    assert json.loads(from_root.stdout)["findings"] == []
    # From a sub-folder the workspace root is found upwards, through cjmap.yaml.
    from_inside = cli("validate", "-f", "json", "j.yaml", cwd=workspace / "journeys")
    assert from_inside.exit_code == 0, from_inside.stdout
    assert json.loads(from_inside.stdout)["findings"] == []


def test_several_files_as_pre_commit_passes_them(cli: Run, workspace: Path) -> None:
    (workspace / "journeys" / "good.yaml").write_text(JOURNEY, "utf-8")
    bad = JOURNEY.replace("id: onboarding", "id: other").replace("emotion: 1", "emotoin: 1")
    (workspace / "journeys" / "bad.yaml").write_text(bad, "utf-8")
    (workspace / "olga.yaml").write_text(PERSONA, "utf-8")
    result = cli(
        "validate",
        "-f",
        "json",
        "journeys/good.yaml",
        "journeys/bad.yaml",
        "olga.yaml",
        "journeys/good.yaml",
        cwd=workspace,
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert sorted((f["file"], f["line"], f["rule"]) for f in report["findings"]) == [
        ("journeys/bad.yaml", 12, "unknown-key"),
        ("olga.yaml", 2, "unused-persona"),
    ]
    assert report["summary"]["files"] == 4  # the three named (one twice) and cjmap.yaml


def test_a_file_reached_by_several_ways_is_read_once(cli: Run, workspace: Path) -> None:
    """Named directly, inside a folder also named, through ``..``, through a linked folder,
    and as the target of a linked file in the workspace: one file, read once (read twice,
    its journey id would be a duplicate)."""
    (workspace / "journeys" / "good.yaml").write_text(JOURNEY, "utf-8")
    (workspace / "olga.yaml").write_text(PERSONA, "utf-8")
    (workspace / "linked").symlink_to("journeys", target_is_directory=True)
    (workspace / "journeys" / "also.yaml").symlink_to("good.yaml")
    result = cli(
        "validate",
        "-f",
        "json",
        "journeys",
        "journeys/good.yaml",
        "journeys/../journeys/good.yaml",
        "linked/good.yaml",
        "linked",
        "olga.yaml",
        cwd=workspace,
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report["findings"]
    assert [(f["file"], f["rule"]) for f in report["findings"]] == [("olga.yaml", "unused-persona")]
    assert report["summary"]["files"] == 3  # also.yaml (sorted first) stands for good.yaml


def test_excluded_file_is_skipped_with_a_note(cli: Run, workspace: Path) -> None:
    config = (workspace / "cjmap.yaml").read_text("utf-8") + 'exclude: ["drafts/**"]\n'
    (workspace / "cjmap.yaml").write_text(config, "utf-8")
    (workspace / "drafts").mkdir()
    (workspace / "drafts" / "wip.yaml").write_text("kind: journey\nid: [\n", "utf-8")
    (workspace / "journeys" / "j.yaml").write_text(JOURNEY, "utf-8")
    result = cli("validate", "drafts/wip.yaml", "journeys/j.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stdout
    assert "skipped" in result.stderr
    assert "wip.yaml" in result.stderr
    assert "wip.yaml" not in result.stdout
    whole = cli("validate", "-f", "json", cwd=workspace)
    assert whole.exit_code == 0, whole.stdout
    assert "wip.yaml" not in whole.stdout + whole.stderr


def test_dangling_symlink_in_the_workspace_is_not_a_file(cli: Run, workspace: Path) -> None:
    (workspace / "journeys" / "j.yaml").write_text(JOURNEY, "utf-8")
    try:
        (workspace / "journeys" / "moved.yaml").symlink_to(workspace / "gone.yaml")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    whole = cli("validate", cwd=workspace)
    assert whole.exit_code == 0, whole.stdout + whole.stderr
    named = cli("validate", "journeys/moved.yaml", cwd=workspace)
    assert named.exit_code == 2
    assert "no such file or folder: journeys/moved.yaml" in named.stderr
