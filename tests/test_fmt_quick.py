"""The fast path of ``cjmap fmt``: a text proven canonical from the parser's events must be
exactly what the full formatter writes for it.

``is_canonical`` may say "not proven" for any text (the full formatter then decides); the
one thing it must never do is say yes for a text the full formatter would change or refuse.
The properties below perturb canonical journeys in the ways people (and editors) do and hold
every yes to the full formatter; the file test runs it over every YAML file in the repository
and a generated benchmark corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.fmt import formatter
from cjmap.fmt.errors import FormatError
from cjmap.fmt.formatter import BOM, format_text
from cjmap.fmt.quick import is_canonical
from cjmap.fmt.verify import _count_nodes, _read_as_cjmap
from test_fmt_properties import NOTES, WORDS, journeys

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def full_formatter(text: str) -> str | None:
    """What the full formatter writes for ``text`` (one pass, no fast path), or None when
    fmt refuses the text."""
    try:
        _count_nodes(text)
        _read_as_cjmap(text)
        return formatter._format_once(text)
    except (FormatError, RecursionError):
        return None


def agrees(text: str) -> None:
    """A fast yes must be the full formatter's verdict too."""
    if is_canonical(text):
        assert full_formatter(text) == text, "fast path said canonical; the formatter changes it"


def normalised(path: Path) -> str:
    data = path.read_bytes().removeprefix(BOM)
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


# --- perturbations of canonical text ---------------------------------------------------------

SCALARS = [
    "~", "null", "True", "FALSE", "yes", "off", "'quoted'", '"double"', '"a\\tb"', "'it''s'",
    "[a, b]", "[a,b]", "{a: 1}", "{ a: 1 }", "''", "|", ">-", "|+", "&anchor x", "*alias",
    "!!str 1", "-", "- x", "a  # note", "#not", "x #y", "'multi\n  line'", "plain\n  more",
]  # fmt: skip


def perturb(draw: Any, text: str) -> str:
    lines = text.split("\n")[:-1] or [""]
    for number in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        how = draw(
            st.sampled_from(
                [
                    "blank", "blank", "comment", "comment", "eol", "indent", "dedent",
                    "trailing", "swap", "delete", "value", "hash", "dash", "separator",
                    "end", "spaces",
                ]
            )
        )  # fmt: skip
        if how == "blank":
            lines.insert(at, draw(st.sampled_from(["", "", " "])))
        elif how == "comment":
            indent = draw(st.sampled_from([0, 2, 4, 6, 8, 10]))
            note = draw(st.sampled_from(NOTES))
            lines.insert(at, " " * indent + draw(st.sampled_from(["# ", "#", "## "])) + note)
        elif how == "eol" and line.strip():
            gap = " " * draw(st.integers(1, 3))
            lines[at] = f"{line}{gap}# end {number} {draw(st.sampled_from(NOTES))}"
        elif how == "indent":
            lines[at] = " " * draw(st.integers(1, 2)) + line
        elif how == "dedent" and line.startswith(" "):
            lines[at] = line[draw(st.integers(1, 2)) :]
        elif how == "trailing":
            lines[at] = line + " "
        elif how == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], line
        elif how == "delete" and len(lines) > 1:
            del lines[at]
        elif how == "value" and ": " in line:
            head = line.split(": ", 1)[0]
            lines[at] = f"{head}: {draw(st.sampled_from(SCALARS + WORDS))}"
        elif how == "hash" and "# " in line:
            lines[at] = line.replace("# ", "#", 1)
        elif how == "dash" and "- " in line:
            lines[at] = line.replace("- ", draw(st.sampled_from(["-  ", "-\n" + " " * 4])), 1)
        elif how == "separator":
            lines.insert(at, draw(st.sampled_from(["---", "...", "--- # doc"])))
        elif how == "end":
            lines.append(draw(st.sampled_from(["", "# last", "  # indented last"])))
        elif how == "spaces" and ": " in line:
            lines[at] = line.replace(": ", ":  ", 1)
    return "\n".join(lines) + "\n"


@st.composite
def canonical_journeys(draw: Any) -> str:
    """A generated journey (comments everywhere) after the full formatter."""
    text, _writer = draw(journeys())
    formatted = full_formatter(text)
    if formatted is None or full_formatter(formatted) != formatted:
        formatted = text
    return formatted


@SETTINGS
@given(st.data(), canonical_journeys())
def test_a_fast_yes_on_a_perturbed_journey_is_the_formatters_verdict(
    data: st.DataObject, text: str
) -> None:
    agrees(text)
    agrees(perturb(data.draw, text))


REPOSITORY_FILES = sorted(
    {
        *(ROOT / "examples").rglob("*.yaml"),
        *(ROOT / "tests").rglob("*.yaml"),
        *(ROOT / "tests").rglob("*.yml"),
    }
)


@st.composite
def perturbed_repository_files(draw: Any) -> str:
    path = draw(st.sampled_from(REPOSITORY_FILES))
    try:
        text = normalised(path)
    except UnicodeDecodeError:
        text = "kind: journey\n"
    formatted = full_formatter(text) or text
    return perturb(draw, formatted)


@SETTINGS
@given(perturbed_repository_files())
def test_a_fast_yes_on_a_perturbed_repository_file_is_the_formatters_verdict(text: str) -> None:
    agrees(text)


def test_the_fast_path_agrees_on_every_yaml_file_of_the_repository() -> None:
    disagreements = []
    for path in REPOSITORY_FILES:
        try:
            text = normalised(path)
        except UnicodeDecodeError:
            continue
        if is_canonical(text) and full_formatter(text) != text:
            disagreements.append(str(path.relative_to(ROOT)))
    assert disagreements == []


def test_every_example_is_proven_canonical_without_a_round_trip() -> None:
    """The fast path covers what real journeys hold (else it would save nothing)."""
    examples = sorted((ROOT / "examples").rglob("*.yaml"))
    assert examples
    assert [p.name for p in examples if not is_canonical(normalised(p))] == []


def test_a_formatted_benchmark_corpus_is_proven_canonical_and_agrees(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import gen_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    files = gen_corpus.generate(12, tmp_path / "corpus")
    proven = 0
    for path in files:
        formatted = format_text(normalised(path))
        assert is_canonical(formatted) == (full_formatter(formatted) == formatted)
        proven += is_canonical(formatted)
    assert proven == len(files)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("kind: journey\nid: a\ntitle: T\n", None),
        ("id: a\nkind: journey\ntitle: T\n", "kind after id"),
        ("kind: journey\nid: a\n\n\ntitle: T\n", "two blank lines"),
        ("\nkind: journey\n", "a blank line at the start"),
        ("kind: journey\nid: a\n\n", "a blank line at the end"),
        ("kind: journey\nid: a  # one\n", None),
        ("kind: journey\nid: a # one\n", "one space before an end-of-line comment"),
        ("kind: journey\n#note\nid: a\n", "no space after #"),
        ("kind: journey\n  # deeper\nid: a\n", "a comment indented unlike its key"),
        ("kind: journey\nid: ~\n", "a null spelled ~"),
        ("kind: journey\nid: yes\n", "a YAML 1.1 boolean"),
        ("kind: journey\nid: True\n", "a boolean spelled True"),
        ("kind: journey\ntags: [a,b]\n", "no space in a flow list"),
        ("kind: journey\ntags:\n- a\n", "a list not indented under its key"),
        ("kind: journey\ntags:\n    - a\n", "a list indented by four"),
        ("kind: journey\nid: &x a\n", "an anchor"),
        ("kind: journey\nid: 'a\n  b'\n", "a quoted text over two lines"),
        ("kind: journey\ndescription: |+\n  a\n", "keep chomping"),
        ("kind: journey\ndescription: >-\n  a\n  b\n", None),
        ("kind: journey\ndescription: >-\n  a\n\n  b\n", "a folded block with a blank line"),
        (
            "kind: journey\nstages:\n  - id: s\n    touchpoints:\n      - name: N\n        id: t\n",
            "a touchpoint's keys out of order",
        ),
        ("kind: journey\npersonas:\n  - {name: N, id: n}\n", "an inline persona out of order"),
        ("---\nkind: persona\nid: a\n---\nkind: persona\nid: b\n", None),
        ("kind: persona\nid: a\n\n---\nkind: persona\nid: b\n", "a blank line before ---"),
    ],
)
def test_what_the_fast_path_proves_and_what_it_leaves_to_the_formatter(
    text: str, why: str | None
) -> None:
    assert is_canonical(text) is (why is None), why
    if why is None:
        assert full_formatter(text) == text


def test_fmt_check_proves_canonical_files_without_a_round_trip_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI: already formatted files never reach the round trip; a file that
    needs changes still does, and is reported."""
    from cjmap.cli import main

    for path in (ROOT / "examples").rglob("*.yaml"):
        target = tmp_path / path.relative_to(ROOT / "examples")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    messy = tmp_path / "journeys" / "messy.yaml"
    messy.write_text("id: messy\nkind: journey\ntitle: Messy\nstages: []\n", encoding="utf-8")
    round_trips: list[str] = []
    once = formatter._format_once

    def counted(text: str) -> str:
        round_trips.append(text)
        return once(text)

    monkeypatch.setattr(formatter, "_format_once", counted)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CJMAP_JOBS", "1")
    assert main(["fmt", "--check"]) == 1
    said = capsys.readouterr().err
    assert "would reformat journeys/messy.yaml" in said
    assert "1 file would be reformatted, 14 files already formatted" in said
    assert round_trips == [messy.read_text(encoding="utf-8")]


def test_fmt_rewrites_a_file_the_fast_path_leaves_to_the_formatter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The writer keeps a proven-canonical file and still rewrites one with an anchor."""
    from cjmap.cli import main

    anchored = tmp_path / "anchored.yaml"
    anchored.write_text("id: a\nkind: journey\ntags: &t [a]\n", encoding="utf-8")
    canonical = tmp_path / "canonical.yaml"
    canonical.write_text("kind: journey\nid: c\ntags: [a]\n", encoding="utf-8")
    assert main(["fmt", str(anchored), str(canonical)]) == 0
    assert anchored.read_text(encoding="utf-8") == "kind: journey\nid: a\ntags: &t [a]\n"
    assert canonical.read_text(encoding="utf-8") == "kind: journey\nid: c\ntags: [a]\n"
    assert "1 file reformatted, 1 file already formatted" in capsys.readouterr().err
