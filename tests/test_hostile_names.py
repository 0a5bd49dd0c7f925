"""File and folder names are untrusted text: every command that shows one (findings, notices,
usage errors, "wrote …"/"reformatted …" lines, ``fmt --diff`` headers, diff's side labels,
init's messages) escapes it, so that no name can forge a CI annotation, act on a terminal, or
be read as rich markup. Linked from SECURITY.md ("Terminal and CI logs")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from output_checks import Result, assert_terminal_safe, run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# The example first, then more of the same class: rich markup, colour escapes and a
# bidi override, a command after blanks, a carriage return that rewrites the line.
NAMES = {
    "issue": "x\n::error file=a.yaml,line=1::forged\x1b]0;t\x07",
    "markup": "[bold red]loud [link=https:evil.example]x [blink]",
    "colour": "\x1b[31mred\x1b[0m \u202egnp.exe",
    "blank-led": "  ::warning::after blanks",
    "carriage": "ok\r::error::rewritten\x7f\x9b",
}


def journey_text(new_id: str, *, locale: str = "en", unformatted: bool = False) -> str:
    text = (EXAMPLES / "journeys" / "trial-onboarding.yaml").read_text("utf-8")
    text = text.replace("id: trial-onboarding\n", f"id: {new_id}\n", 1)
    text = text.replace("\nlocale: en\n", f"\nlocale: {locale}\n", 1)
    if unformatted:
        text = text.replace("\nkind: journey\n", "\n") + "kind: journey\n"
    return text


def workspace(root: Path, name: str) -> Path:
    """The example personas, a journey under ``name`` (its locale has no labels, so render
    notes it; fmt would reformat it), and a folder under ``name`` holding an unformatted journey."""
    root.mkdir()
    shutil.copy(EXAMPLES / "cjmap.yaml", root / "cjmap.yaml")
    shutil.copytree(EXAMPLES / "personas", root / "personas")
    journeys = root / "journeys"
    journeys.mkdir()
    (journeys / f"{name}.yaml").write_text(
        journey_text("named", locale="fr", unformatted=True), "utf-8"
    )
    folder = journeys / name
    folder.mkdir()
    (folder / "inner.yaml").write_text(journey_text("inner", unformatted=True), "utf-8")
    drafts = root / "drafts"
    drafts.mkdir()
    (drafts / f"{name}.yaml").write_text(journey_text("draft"), "utf-8")
    return root


def assert_safe(result: Result, what: str) -> None:
    assert "Traceback" not in result.stderr, what
    assert result.exit_code != 3, f"{what}: {result.stderr}"
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream, what
        assert_terminal_safe(stream, github="-f github" in what)


@pytest.mark.parametrize("key", sorted(NAMES))
def test_every_command_escapes_hostile_file_and_folder_names(tmp_path: Path, key: str) -> None:
    name = NAMES[key]
    root = workspace(tmp_path / "ws", name)
    journey = f"journeys/{name}.yaml"
    inner = f"journeys/{name}/inner.yaml"
    (tmp_path / "report.yaml").write_text("kind: persona\n", "utf-8")
    commands: list[list[str]] = [
        ["validate"],
        ["validate", "-f", "github", journey, inner],
        ["validate", "-f", "json", journey],
        ["validate", f"drafts/{name}.yaml"],  # skipped by the workspace's exclude
        ["validate", f"{name}-missing.yaml"],
        ["analyze", journey, inner],
        ["analyze", "-f", "md", journey],
        ["analyze", f"drafts/{name}.yaml", journey],
        ["analyze", "--output-file", str(tmp_path / "report.yaml"), journey],
        ["render", "-o", "-", journey],
        ["render", "-f", "md", "-o", f"site-{name}"],
        ["render", "-f", "mermaid", "-o", "site", journey],
        ["render", "--templates", f"{name}-missing", "-o", "site"],
        ["render", "-o", f"{name}.yaml", journey],
        ["fmt", "--check"],
        ["fmt", "--diff", f"journeys/{name}"],
        ["fmt", f"journeys/{name}"],
        ["fmt", "--diff", journey],
        ["fmt", journey],
        ["fmt", f"{name}-missing"],
        ["diff", journey, inner],
        ["diff", "-f", "md", journey, inner],
        ["init", f"new-{name}"],
        ["init", journey],
        ["validate", f"--{name}"],  # an unknown option, quoted by the usage error
        ["render", "-f", name],
    ]
    (root / f"{name}.yaml").write_text("a file where render wants a folder\n", "utf-8")
    outputs = []
    for args in commands:
        result = run(*args, cwd=root)
        what = " ".join(repr(arg) if arg in (journey, inner) else arg for arg in args)
        assert_safe(result, what.replace("'-f' 'github'", "-f github"))
        outputs.append(result.stdout + result.stderr)
    said = "\n".join(outputs)
    # The names are shown (escaped), not dropped: the messages still say which file.
    assert "reformatted journeys/" in said
    assert "wrote " in said
    if key == "markup":
        # Shown as typed, never read as rich markup.
        assert f"reformatted journeys/{name}/inner.yaml" in said
        assert f"skipped drafts/{name}.yaml" in said


def test_a_hostile_name_stays_on_its_message_line(tmp_path: Path) -> None:
    """A name with a line break is one line of the message, its break shown as ``\\n``."""
    name = NAMES["issue"]
    root = workspace(tmp_path / "ws", name)
    result = run("fmt", f"journeys/{name}.yaml", cwd=root)
    assert result.stderr.splitlines()[0] == (
        "reformatted journeys/x\\n::error file=a.yaml,line=1::forged\\x1b]0;t\\x07.yaml"
    )
    result = run("render", "-o", "-", f"journeys/{name}.yaml", cwd=root)
    assert result.exit_code == 0, result.stderr
    (note,) = result.stderr.splitlines()
    assert note.startswith("cjmap: journeys/x\\n::error file=a.yaml"), note
    assert "no labels for locale 'fr'" in note


def test_escape_lines_keeps_line_breaks_and_escapes_each_line() -> None:
    from cjmap.util.textsafe import escape_lines

    assert escape_lines("a\n::error::x\n  ::b\x1b[1m") == "a\n\\x3a:error::x\n  \\x3a:b\\x1b[1m"
    assert escape_lines("plain\n\nlines") == "plain\n\nlines"
    assert escape_lines("r\rn\u202e") == "r\\rn\\u202e"
