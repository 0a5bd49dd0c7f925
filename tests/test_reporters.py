"""Every ``validate --format`` checked against what reads it: GitHub's workflow-command
syntax, the SARIF 2.1.0 schema, a JUnit XML parser, the JSON contract of spec section 9, and
a terminal for ``text``."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jsonschema
import pytest

from cjmap.util.textsafe import escape_control
from cjmap.validate.rules import all_rules

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
GITHUB_COMMAND = re.compile(
    r"^::(error|warning|notice) "
    r"(file=[^,]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]*)::.*$"
)

# A key whose name tries everything: an ANSI colour, a bidi override, a comma and a colon
# (property separators), a newline followed by a workflow command, an already escaped
# newline. All within the first 39 characters: a finding quotes no more of a key.
HOSTILE_KEY = r"\e[31m\e[0m\u202e x, y: z\n::error::pwned %0A\r\n::add-mask::x"
HOSTILE_NAME = "journeys/карта 50%,v:1.yaml"

Run = Callable[..., Any]


def _today() -> str:
    return dt.date.today().isoformat()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with an error file, a lint file, a file with a hostile name, a clean one."""
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "broken.yaml").write_text(
        f"""kind: journey
id: broken
title: Broken
reviewed: {_today()}
"{HOSTILE_KEY}": 1
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: T
        emotion: 1
        effort: 9
""",
        encoding="utf-8",
    )
    (journeys / "lint.yaml").write_text(
        """kind: journey
id: lint
title: Lint
reviewed: 2000-01-01
stages:
  - id: first
    name: First
    touchpoints:
      - id: no-emotion
        name: No emotion
      - id: hurts
        name: Hurts
        emotion: 1
        pain_points:
          - id: pain
            text: It hurts
  - id: empty
    name: Empty
""",
        encoding="utf-8",
    )
    (tmp_path / HOSTILE_NAME).write_text(
        """kind: journey
id: no-review
title: Never reviewed
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: T
        emotion: 0
""",
        encoding="utf-8",
    )
    _write_clean(tmp_path)
    return tmp_path


def _write_clean(root: Path) -> None:
    (root / "journeys" / "clean.yaml").write_text(
        f"""kind: journey
id: clean
title: Clean
reviewed: {_today()}
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: T
        emotion: 1
""",
        encoding="utf-8",
    )


def _findings(cli: Run, cwd: Path, *paths: str) -> dict[str, Any]:
    result = cli("validate", "-f", "json", *paths, cwd=cwd)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _with_hint(finding: dict[str, Any]) -> str:
    message: str = finding["message"]
    return f"{message} (hint: {finding['hint']})" if finding["hint"] else message


# --- json -------------------------------------------------------------------------------


def test_json_matches_the_contract_of_section_9(cli: Run, workspace: Path) -> None:
    result = cli("validate", "-f", "json", cwd=workspace)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) >= {"findings", "summary"}
    keys = {"file", "line", "column", "end_line", "end_column", "rule", "severity", "message"}
    for finding in data["findings"]:
        assert set(finding) >= {*keys, "hint"}
        assert finding["line"] >= 1
        assert finding["column"] >= 1
        assert finding["severity"] in {"error", "warning", "info"}
    summary = data["summary"]
    assert set(summary) >= {"files", "documents", "errors", "warnings", "infos"}
    severities = [f["severity"] for f in data["findings"]]
    assert summary["errors"] == severities.count("error") > 0
    assert summary["warnings"] == severities.count("warning") > 0
    assert summary["infos"] == severities.count("info") > 0
    assert summary["files"] == 5  # cjmap.yaml and four journeys
    assert any(
        f["rule"] == "unknown-key" and "::error::pwned" in f["message"] for f in data["findings"]
    )


# --- github -----------------------------------------------------------------------------


def _unescape(text: str) -> str:
    # The exact inverse of the toolkit's escaping: one pass, so "%250A" stays "%0A".
    table = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub("%(?:25|0D|0A|3A|2C)", lambda m: table[m.group()], text)


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = GITHUB_COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    head, _, data = line[2:].partition("::")
    command, _, props = head.partition(" ")
    properties = dict(prop.split("=", 1) for prop in props.split(","))
    return command, {k: _unescape(v) for k, v in properties.items()}, _unescape(data)


def test_github_annotations_follow_the_command_syntax(cli: Run, workspace: Path) -> None:
    expected = _findings(cli, workspace)["findings"]
    result = cli("validate", "-f", "github", cwd=workspace)
    assert result.exit_code == 1
    commands = result.stdout.splitlines()
    assert len(commands) == len(expected)
    # Standard output is for the runner: commands only. The summary is for people.
    assert all(GITHUB_COMMAND.match(line) for line in commands), result.stdout
    assert result.stderr.splitlines()[-1].startswith("cjmap: ")
    assert "error" in result.stderr
    parsed = [_parse_command(line) for line in commands]
    kinds = [command for command, _, _ in parsed]
    # Errors first, then warnings, then notices.
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)
    by_key = {
        (f["file"], f["line"], f["column"], f["rule"], escape_control(_with_hint(f))): f
        for f in expected
    }
    for command, props, data in parsed:
        finding = by_key[
            (props["file"], int(props["line"]), int(props["col"]), props["title"], data)
        ]
        assert (
            command
            == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        )
        assert int(props["endLine"]) == finding["end_line"]
        assert int(props["endColumn"]) == finding["end_column"]


def test_github_output_cannot_inject_workflow_commands(cli: Run, workspace: Path) -> None:
    result = cli("validate", "-f", "github", cwd=workspace)
    assert "\r" not in result.stdout
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.stdout)
    lines = result.stdout.splitlines()
    for line in lines:
        if line.startswith("::"):
            assert GITHUB_COMMAND.match(line), line
            assert not line.startswith(("::add-mask::", "::stop-commands::", "::error::"))
    hostile = [line for line in lines if "pwned" in line]
    assert len(hostile) == 1
    # The newline became a visible "\n", the literal "%0A" stayed literal (escaped as "%250A").
    assert r"\x1b[31m\x1b[0m\u202e x, y: z\n::error::pwned %250A\r\n…" in hostile[0]


def test_github_properties_escape_commas_and_colons(cli: Run, workspace: Path) -> None:
    result = cli("validate", "-f", "github", HOSTILE_NAME, cwd=workspace)
    assert result.exit_code == 0  # only a warning
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert "file=journeys/карта 50%25%2Cv%3A1.yaml," in line
    _, props, data = _parse_command(line)
    assert props["file"] == HOSTILE_NAME
    assert props["title"] == "stale"
    assert "(hint: " in data


def test_github_says_when_annotations_will_be_cut(cli: Run, tmp_path: Path) -> None:
    touchpoints = "".join(f"      - id: t{n}\n        name: T{n}\n" for n in range(11))
    (tmp_path / "j.yaml").write_text(
        f"kind: journey\nid: j\ntitle: J\nreviewed: {_today()}\nstages:\n"
        f"  - id: s\n    name: S\n    touchpoints:\n{touchpoints}",
        encoding="utf-8",
    )
    result = cli("validate", "-f", "github", "j.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 11
    assert all(line.startswith("::warning ") for line in lines)
    notes = result.stderr.splitlines()
    assert notes[-2] == "cjmap: 0 errors, 11 warnings, 0 infos in 1 file"
    assert "first 10 annotations" in notes[-1]
    few = cli("validate", "-f", "github", "j.yaml", cwd=tmp_path)
    assert few.exit_code == 0
    (tmp_path / "j.yaml").write_text(
        (tmp_path / "j.yaml")
        .read_text("utf-8")
        .replace("      - id: t10\n        name: T10\n", ""),
        encoding="utf-8",
    )
    result = cli("validate", "-f", "github", "j.yaml", cwd=tmp_path)
    assert result.stderr.splitlines()[-1] == "cjmap: 0 errors, 10 warnings, 0 infos in 1 file"
    assert "first 10" not in result.stderr
    assert len(result.stdout.splitlines()) == 10


def test_github_output_with_no_findings_is_empty(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\nlocale: cs\n", encoding="utf-8")
    result = cli("validate", "-f", "github", "cjmap.yaml", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "cjmap: 0 errors, 0 warnings, 0 infos in 1 file\n"


def _parse_document(format: str, text: str) -> None:
    """Fail unless ``text`` is exactly one document of ``format`` and nothing else."""
    if format in ("json", "sarif"):
        json.loads(text)
    elif format == "junit":
        ET.fromstring(text)
    else:
        assert format == "github"
        for line in text.splitlines():
            assert GITHUB_COMMAND.match(line), f"not a workflow command: {line!r}"


@pytest.mark.parametrize("format", ["github", "json", "sarif", "junit"])
def test_machine_formats_write_only_their_document_to_stdout(
    format: str, run_cjmap: Run, workspace: Path
) -> None:
    """In a real process, with findings of every severity, a file left out by the workspace's
    excludes (a note on standard error) and a summary: standard output is the document
    alone, to the terminal and to --output-file alike."""
    (workspace / "cjmap.yaml").write_text(
        'kind: workspace\nexclude: ["drafts/**"]\n', encoding="utf-8"
    )
    (workspace / "drafts").mkdir()
    (workspace / "drafts" / "d.yaml").write_text("kind: persona\nid: d\n", encoding="utf-8")
    result = run_cjmap("validate", "-f", format, ".", "drafts/d.yaml", cwd=workspace)
    assert result.exit_code == 1, result.stderr
    assert result.stdout.strip()
    _parse_document(format, result.stdout)
    assert "skipped drafts/d.yaml" in result.stderr
    to_file = run_cjmap(
        "validate", "-f", format, "--output-file", "out.txt", ".", "drafts/d.yaml", cwd=workspace
    )
    assert to_file.exit_code == 1
    assert to_file.stdout == ""
    assert (workspace / "out.txt").read_text(encoding="utf-8") == result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "-f", "json"),
        ("analyze", "-f", "csv"),
        ("diff", "-f", "json", "old.yaml", "new.yaml"),
        ("render", "-f", "json", "-o", "-", "new.yaml"),
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_other_machine_outputs_write_only_their_document_to_stdout(
    args: tuple[str, ...], run_cjmap: Run, tmp_path: Path
) -> None:
    """The same for analyze, diff and render: notes (a journey that does not validate, a
    file left out) go to standard error, never into the document."""
    import csv
    import io

    (tmp_path / "cjmap.yaml").write_text(
        'kind: workspace\nexclude: ["drafts/**"]\n', encoding="utf-8"
    )
    journey = (
        f"kind: journey\nid: j\ntitle: J\nreviewed: {_today()}\nstages:\n"
        "  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: T, emotion: EMOTION}\n"
    )
    (tmp_path / "old.yaml").write_text(
        journey.replace("id: j\n", "id: i\n").replace("EMOTION", "-1"), encoding="utf-8"
    )
    (tmp_path / "new.yaml").write_text(journey.replace("EMOTION", "1"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        journey.replace("id: j\n", "id: b\n").replace("EMOTION", "9"), encoding="utf-8"
    )
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.yaml").write_text("kind: persona\nid: d\n", encoding="utf-8")
    extra = (".", "drafts/d.yaml") if args[0] == "analyze" else ()
    result = run_cjmap(*args, *extra, cwd=tmp_path)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.strip(), result.stderr
    if "csv" in args:
        rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
        assert len({len(row) for row in rows}) == 1, result.stdout
    else:
        json.loads(result.stdout)
    if args[0] == "analyze":
        assert "skipped " in result.stderr
        assert "drafts/d.yaml" in result.stderr
        assert "broken.yaml was not analysed" in result.stderr


# --- sarif ------------------------------------------------------------------------------


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    # The schema is draft 4 but uses draft 7's "uri-reference" format; check that one too.
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    assert {"uri", "uri-reference"} <= set(checker.checkers), "rfc3986-validator is missing"
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def _sarif(cli: Run, cwd: Path, *paths: str) -> dict[str, Any]:
    result = cli("validate", "-f", "sarif", *paths, cwd=cwd)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_sarif_is_valid_against_the_2_1_0_schema(cli: Run, workspace: Path) -> None:
    validator = _sarif_validator()
    log = _sarif(cli, workspace)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    assert run["results"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cjmap"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    # The validator is not a rubber stamp: a broken log fails it.
    run["results"][0]["level"] = "fatal"
    run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b"
    assert len(list(validator.iter_errors(log))) == 3


def test_sarif_lists_every_rule_and_results_point_at_theirs(cli: Run, workspace: Path) -> None:
    log = _sarif(cli, workspace)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    infos = all_rules()
    assert [rule["id"] for rule in rules] == [info.id for info in infos]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule, info in zip(rules, infos, strict=True):
        assert rule["shortDescription"]["text"] == info.summary
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == levels[info.severity]
    findings = _findings(cli, workspace)["findings"]
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["rule"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == escape_control(_with_hint(finding))


def test_sarif_locations_are_relative_encoded_uris_with_sane_regions(
    cli: Run, workspace: Path
) -> None:
    log = _sarif(cli, workspace)
    results = log["runs"][0]["results"]
    uris = set()
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith("/")
        assert "\\" not in artifact["uri"]
        uris.add(artifact["uri"])
        region = physical["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
        if region["endLine"] == region["startLine"]:
            assert region["endColumn"] >= region["startColumn"]
    encoded = quote(HOSTILE_NAME, safe="/")
    assert encoded in uris
    assert unquote(encoded) == HOSTILE_NAME
    assert {"journeys/broken.yaml", "journeys/lint.yaml"} <= uris
    assert "\u202e" not in json.dumps(log, ensure_ascii=False)
    assert "\x1b" not in json.dumps(log, ensure_ascii=False)


def test_sarif_fingerprints_are_unique_and_survive_moved_lines(cli: Run, workspace: Path) -> None:
    def fingerprints() -> list[tuple[str, int]]:
        results = _sarif(cli, workspace, "journeys/lint.yaml")["runs"][0]["results"]
        return [
            (
                result["partialFingerprints"]["cjmapFindingHash/v1"],
                result["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for result in results
        ]

    before = fingerprints()
    assert len({fp for fp, _ in before}) == len(before) > 1
    lint = workspace / "journeys" / "lint.yaml"
    lint.write_text("# moved down by a comment\n\n" + lint.read_text(encoding="utf-8"), "utf-8")
    after = fingerprints()
    assert sorted(fp for fp, _ in after) == sorted(fp for fp, _ in before)
    assert [line for _, line in after] == [line + 2 for _, line in before]


# --- junit ------------------------------------------------------------------------------


def _junit(cli: Run, cwd: Path, *paths: str) -> ET.Element:
    result = cli("validate", "-f", "junit", *paths, cwd=cwd)
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(result.stdout.encode("utf-8"))


def test_junit_counts_names_and_failure_texts(cli: Run, workspace: Path) -> None:
    data = _findings(cli, workspace)
    findings = data["findings"]
    root = _junit(cli, workspace)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "cjmap validate"
    cases = suite.findall("testcase")
    failing = [f for f in findings if f["severity"] in {"error", "warning"}]
    # One case per finding, plus one passing case per file without findings.
    clean_files = {"cjmap.yaml", "journeys/clean.yaml"}
    assert len(cases) == len(findings) + len(clean_files)
    assert suite.get("tests") == root.get("tests") == str(len(cases))
    assert suite.get("failures") == root.get("failures") == str(len(failing))
    assert suite.get("errors") == "0"
    names = [case.get("name") for case in cases]
    assert len(set(names)) == len(names)
    failures = [case.find("failure") for case in cases if case.find("failure") is not None]
    assert len(failures) == len(failing)
    for case, finding in zip(cases, findings, strict=False):
        assert case.get("classname") == finding["file"]
        assert case.get("name", "").startswith(f"{finding['rule']} at {finding['file']}:")
        failure = case.find("failure")
        if finding["severity"] == "info":
            assert failure is None
            assert escape_control(finding["message"]) in (case.findtext("system-out") or "")
            continue
        assert failure is not None
        assert failure.get("type") == finding["severity"]
        assert failure.get("message") == escape_control(finding["message"])
        assert escape_control(finding["message"]) in (failure.text or "")
        if finding["hint"]:
            assert f"hint: {escape_control(finding['hint'])}" in (failure.text or "")
    passing = {case.get("classname") for case in cases[len(findings) :]}
    assert passing == clean_files


def test_junit_clean_run_is_not_an_empty_report(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    (tmp_path / "journeys").mkdir()
    _write_clean(tmp_path)
    root = _junit(cli, tmp_path)
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "2"
    assert suite.get("failures") == "0"
    assert {case.get("classname") for case in suite} == {"cjmap.yaml", "journeys/clean.yaml"}
    assert all(len(case) == 0 for case in suite)


def test_junit_has_no_characters_xml_forbids(cli: Run, workspace: Path) -> None:
    text = cli("validate", "-f", "junit", cwd=workspace).stdout
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text)
    assert "\u202e" not in text
    root = ET.fromstring(text.encode("utf-8"))
    assert any("::error::pwned" in (el.text or "") for el in root.iter("failure"))


def test_junit_names_stay_unique_for_findings_at_one_place(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "j.yaml").write_text(
        "kind: journey\nid: j\ntitle: J\nstages:\n"
        "  - id: s\n    name: S\n    touchpoints:\n"
        "      - id: t\n        name: T\n        emotion: 1\n"
        "        pain_points: [{id: p, text: P}]\n",
        encoding="utf-8",
    )
    findings = _findings(cli, tmp_path, "j.yaml")["findings"]
    places = [(f["line"], f["column"]) for f in findings if f["rule"] != "stale"]
    assert len(places) > len(set(places))  # two rules report the same pain point
    cases = _junit(cli, tmp_path, "j.yaml").findall("testsuite/testcase")
    names = [case.get("name") for case in cases]
    assert len(names) == len(set(names)) == len(findings)


# --- text -------------------------------------------------------------------------------


def test_text_groups_by_file_without_colour_under_no_color(
    cli: Run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # NO_COLOR (set by the fixture) wins
    result = cli("validate", cwd=workspace)
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    files = sorted({f["file"] for f in _findings(cli, workspace)["findings"]})
    headers = [line for line in result.stdout.splitlines() if line in files]
    assert headers == files  # each file once, in order, as a header
    assert r"\x1b[31m\x1b[0m\u202e" in result.stdout


def test_the_caret_stands_under_the_character_on_screen(cli: Run, tmp_path: Path) -> None:
    """A mark that takes no cell (U+20DD, an enclosing circle drawn over the character
    before it) and a wide character (two cells) before the error: the caret is still under
    the ':' that YAML refused, as a terminal shows the line."""
    (tmp_path / "k.yaml").write_text('kind: journey\nid: j\ntitle: "\u20ddx线" : bad\n', "utf-8")
    result = cli("validate", "k.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    shown = next(i for i, line in enumerate(lines) if line.lstrip().startswith("| title:"))
    source, caret = lines[shown], lines[shown + 1]
    margin = source.index("| ") + 2
    before = source[margin : source.index(" : bad") + 1]  # 'title: "⃝x线" '
    cells = len(before) - 1 + 1  # the circle takes none, the wide character two
    assert caret == caret[:margin] + " " * cells + "^"


def test_text_has_colour_with_force_color(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from cjmap.cli import main

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.chdir(workspace)
    capsysbinary.readouterr()
    assert main(["validate"]) == 1
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert re.search(r"\x1b\[\d+m", out)
    # The colour comes from cjmap; the file's own escape sequence stays visible text.
    assert "\x1b[31m\x1b[0m" not in out
    assert r"\x1b[31m\x1b[0m\u202e" in out


# --- all formats ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_output_file_gets_the_report_and_output_is_deterministic(
    cli: Run, workspace: Path, fmt: str
) -> None:
    first = cli("validate", "-f", fmt, cwd=workspace)
    target = workspace.parent / f"report.{fmt}"
    written = cli("validate", "-f", fmt, "--output-file", str(target), cwd=workspace)
    assert written.exit_code == first.exit_code == 1
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == first.stdout
    assert cli("validate", "-f", fmt, cwd=workspace).stdout == first.stdout


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_strict_and_exit_codes_do_not_depend_on_the_format(
    cli: Run, workspace: Path, fmt: str
) -> None:
    lint_only = ("journeys/lint.yaml",)
    assert cli("validate", "-f", fmt, *lint_only, cwd=workspace).exit_code == 0
    assert cli("validate", "-f", fmt, "--strict", *lint_only, cwd=workspace).exit_code == 1


def test_unknown_format_is_a_usage_error(cli: Run, workspace: Path) -> None:
    result = cli("validate", "--format", "bogus", cwd=workspace)
    assert result.exit_code == 2
    assert "bogus" in result.stderr
    for name in ("text", "json", "github", "sarif", "junit"):
        assert name in result.stderr
    assert result.stdout == ""


def test_every_format_is_registered() -> None:
    from cjmap.validate.formats import FORMATS, get_format

    assert set(FORMATS) >= {"text", "json", "github", "sarif", "junit"}
    for name in FORMATS:
        assert callable(get_format(name))
