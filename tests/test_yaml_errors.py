"""YAML syntax errors in plain words: the same message from both parsers, no parser jargon,
and the offending line quoted under a caret (text report only, escaped, bounded)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cjmap.document import load
from cjmap.document.yaml_errors import EXCERPT_WIDTH, excerpt

BAD = Path(__file__).resolve().parent / "bad"
Run = Callable[..., Any]

# The parsers' own words, which people who edit journey maps should never have to decode.
JARGON = re.compile(
    r"mapping values|block (?:mapping|collection|sequence|end)|scalar|indicator|token|"
    r"simple key|flow (?:sequence|mapping)|<[a-z ]+>|stream|in this context",
    re.IGNORECASE,
)


def _syntax_cases() -> list[Path]:
    cases = []
    for path in sorted(BAD.rglob("*.yaml")):
        if "_workspace" in path.parts:
            continue
        if re.search(r"^# expect: rule=yaml-syntax ", path.read_text("utf-8"), re.M):
            cases.append(path)
    return cases


SYNTAX_CASES = _syntax_cases()


@pytest.fixture
def both_parsers() -> Iterator[Callable[[bytes], list[tuple[Any, ...]]]]:
    def findings(data: bytes) -> list[tuple[Any, ...]]:
        seen = []
        for pure in (False, True):
            load.use_pure_python(pure)
            loaded = load.load_bytes(data, "case.yaml")
            seen.append(
                [
                    (p.rule, p.span.line, p.span.column, p.message, p.hint, p.excerpt)
                    for p in loaded.problems
                ]
            )
        assert seen[0] == seen[1], "libyaml and the pure-Python parser disagree"
        return seen[0]

    if load._c_parser() is None:
        pytest.skip("ruamel.yaml.clib (libyaml) is not installed")
    yield findings
    load.use_pure_python(False)


def test_the_corpus_covers_a_dozen_common_syntax_mistakes() -> None:
    assert len(SYNTAX_CASES) >= 24


@pytest.mark.parametrize("path", SYNTAX_CASES, ids=lambda path: path.stem)
def test_both_parsers_give_the_same_plain_message(
    path: Path, both_parsers: Callable[[bytes], list[tuple[Any, ...]]]
) -> None:
    problems = both_parsers(path.read_bytes())
    syntax = [p for p in problems if p[0] == "yaml-syntax"]
    assert syntax
    for _, line, column, message, hint, quoted in syntax:
        assert not JARGON.search(message), message
        assert hint, message
        assert not JARGON.search(hint), hint
        assert not message.startswith("YAML syntax")
        assert quoted is not None
        source, caret = quoted
        full = path.read_text("utf-8").split("\n")[line - 1]
        if len(full) <= EXCERPT_WIDTH:
            assert (source, caret) == (full, column - 1)
        else:
            assert source[caret] == full[column - 1]


def test_an_over_indented_key_is_not_told_to_quote_its_value(cli: Run, tmp_path: Path) -> None:
    """The issue's example: the old hint said to quote the value."""
    (tmp_path / "p.yaml").write_text("kind: persona\nid: olga\n  name: Olga\n", encoding="utf-8")
    result = cli("validate", "-f", "json", "p.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (3, 3)
    assert "quote" not in finding["hint"]
    assert "line up 'name:' with the keys above it (remove 2 spaces" in finding["hint"]


def test_the_text_report_quotes_the_line_with_a_caret_under_the_column(
    cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "p.yaml").write_text(
        "kind: persona\nid: olga\nrole: Владелица: кафе\n", encoding="utf-8"
    )
    result = cli("validate", "p.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "[yaml-syntax]" in line)
    assert lines[at].startswith("  3:16  error    the value of 'role' holds ': '")
    quoted, caret = lines[at + 1], lines[at + 2]
    margin = " " * len("  3:16  ") + "| "
    assert quoted == margin + "role: Владелица: кафе"
    assert caret == margin + " " * 15 + "^"
    assert quoted[caret.index("^")] == ":"
    assert (
        lines[at + 3]
        == " " * len("  3:16  ") + 'hint: put the whole value in quotes: role: "Владелица: кафе"'
    )


def test_the_caret_allows_for_wide_characters_and_escapes(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "kind: persona\nid: olga\nrole: 店主\u202e: x\n", encoding="utf-8"
    )
    result = cli("validate", "p.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "[yaml-syntax]" in line)
    quoted, caret = lines[at + 1], lines[at + 2]
    # The bidi override is shown escaped, never raw; the two CJK characters take two columns
    # each on a terminal, so the caret sits two columns further right than their length.
    margin = " " * len("  3:12  ") + "| "
    assert quoted == margin + "role: 店主\\u202e: x"
    assert "\u202e" not in result.stdout
    assert caret.index("^") - len(margin) == len("role: ") + 4 + len("\\u202e")


def test_a_long_line_is_quoted_in_part_around_the_column(cli: Run, tmp_path: Path) -> None:
    long_value = "word " * 2000
    (tmp_path / "p.yaml").write_text(
        f"kind: persona\nid: olga\nrole: {long_value}end: x\n", encoding="utf-8"
    )
    result = cli("validate", "p.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "[yaml-syntax]" in line)
    quoted, caret = lines[at + 1], lines[at + 2]
    margin = " " * len("  3:10011  ") + "| "
    assert quoted.startswith(margin + "…")
    assert len(quoted) == len(margin) + EXCERPT_WIDTH
    assert quoted[caret.index("^")] == ":"
    assert len(result.stdout) < 2_000


def test_machine_formats_carry_no_quoted_line(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "kind: persona\nid: olga\nrole: SECRET-ish: x\n", encoding="utf-8"
    )
    report = json.loads(cli("validate", "-f", "json", "p.yaml", cwd=tmp_path).stdout)
    [finding] = report["findings"]
    assert set(finding) == {
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
        "hint",
    }
    for format in ("github", "sarif", "junit"):
        output = cli("validate", "-f", format, "p.yaml", cwd=tmp_path).stdout
        assert "SECRET-ish" not in output.replace('role: \\"SECRET-ish: x\\"', "").replace(
            'role: "SECRET-ish: x"', ""
        ).replace("role: &quot;SECRET-ish: x&quot;", ""), format


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("short: line", 6, ("short: line", 5)),
        ("", 1, ("", 0)),
        ("x" * EXCERPT_WIDTH, EXCERPT_WIDTH, ("x" * EXCERPT_WIDTH, EXCERPT_WIDTH - 1)),
    ],
)
def test_excerpt_of_a_short_line_is_the_line(
    line: str, column: int, expected: tuple[str, int]
) -> None:
    assert excerpt(f"a: 1\n{line}\n", 2, column) == expected


@pytest.mark.parametrize("column", [1, 40, 500, 999, 1000, 1001])
def test_excerpt_of_a_long_line_keeps_the_column_in_view(column: int) -> None:
    source = "".join(chr(ord("a") + i % 26) for i in range(1000))
    shown, caret = excerpt(source + "\r\n", 1, column) or ("", -1)
    assert len(shown) == EXCERPT_WIDTH
    index = min(column - 1, len(source))
    if index < len(source):
        assert shown[caret] == source[index]
    assert shown.startswith("…") == (caret != index)
    assert not shown.endswith("\r")


def test_excerpt_outside_the_text_is_none() -> None:
    assert excerpt("a: 1\n", 5, 1) is None
