"""``docs/rules.md`` is generated from the rules, and every rule documents itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.validate.docs import main, render_rules_reference
from cjmap.validate.rules import RuleInfo, all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
REGENERATE = (
    "run `make docs` (or `python -m cjmap.validate.docs docs/rules.md`) and commit the result"
)


def _doc_problems(rule: RuleInfo) -> list[str]:
    """What is missing from a rule's documentation."""
    problems = []
    if not rule.summary.strip():
        problems.append("no summary")
    if not rule.doc.strip():
        return [*problems, "no documentation"]
    for label in ("Fails", "Passes"):
        # "Fails:" or "Fails (when ...):" on its own line, then a fenced block with content.
        opening = re.search(rf"^{label}\b[^\n]*:[ \t]*\n\s*```[a-z]*\n", rule.doc, re.M)
        body, closed, _ = rule.doc[opening.end() :].partition("```") if opening else ("", "", "")
        if not closed or not body.strip():
            problems.append(f"no '{label}' example (a '{label}:' line and a fenced block)")
    return problems


def test_rules_md_is_up_to_date() -> None:
    assert RULES_MD.is_file(), f"docs/rules.md is missing: {REGENERATE}"
    assert RULES_MD.read_text(encoding="utf-8") == render_rules_reference(), (
        f"docs/rules.md differs from the rules in src/cjmap/validate/rules/: {REGENERATE}"
    )


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_rule_is_documented_with_failing_and_passing_examples(rule: RuleInfo) -> None:
    assert _doc_problems(rule) == [], f"rule '{rule.id}' needs documentation"


def test_the_documentation_check_catches_missing_parts() -> None:
    bare = RuleInfo("bare", "warning", "", "", configurable=True)
    assert _doc_problems(bare) == ["no summary", "no documentation"]
    half = RuleInfo("half", "warning", "Half.", "Fails:\n\n```yaml\nx: 1\n```\n", True)
    assert _doc_problems(half) == ["no 'Passes' example (a 'Passes:' line and a fenced block)"]
    empty_block = RuleInfo(
        "empty", "info", "Empty.", "Fails:\n\n```yaml\n\n```\n\nPasses:\n\n```yaml\na: 1\n```", True
    )
    assert _doc_problems(empty_block) == ["no 'Fails' example (a 'Fails:' line and a fenced block)"]


def test_one_section_per_rule_in_registry_order() -> None:
    text = render_rules_reference()
    headings = re.findall(r"^## `([a-z0-9-]+)`$", text, re.M)
    assert headings == [rule.id for rule in all_rules()]
    assert len(re.findall(r"^## ", text, re.M)) == len(headings)


def test_sections_say_severity_and_whether_configurable() -> None:
    text = render_rules_reference()
    for rule in all_rules():
        section = text.split(f"## `{rule.id}`\n", 1)[1].split("\n## ", 1)[0]
        assert f"Default severity: **{rule.severity}**" in section
        assert rule.summary in section
        assert rule.doc.strip() in section
        if rule.configurable:
            assert f"`rules: {{{rule.id}: off}}`" in section
        else:
            assert "not configurable" in section


def test_intro_explains_severities_strict_and_the_rules_mapping() -> None:
    intro = render_rules_reference().split("\n## ", 1)[0]
    for needle in ("`error`", "`warning`", "`info`", "--strict", "rules:", "cjmap.yaml"):
        assert needle in intro


def test_summary_table_links_every_rule() -> None:
    text = render_rules_reference()
    for rule in all_rules():
        assert f"| [`{rule.id}`](#{rule.id}) | {rule.severity} |" in text


def test_module_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_rules_reference()


def test_module_runs_as_a_script_to_stdout() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap.validate.docs"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == render_rules_reference()


def test_module_rejects_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bogus"]) == 2
    assert main(["a.md", "b.md"]) == 2
    assert "usage: python -m cjmap.validate.docs" in capsys.readouterr().err


def test_module_reports_an_unwritable_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert main([str(tmp_path / "file" / "rules.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


CI_MD = ROOT / "docs" / "ci.md"


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", text, re.M | re.S)


def test_ci_recipes_are_valid_yaml_and_use_real_options() -> None:
    from cjmap.document.load import load_bytes
    from cjmap.validate.formats import FORMATS

    text = CI_MD.read_text(encoding="utf-8")
    blocks = _yaml_blocks(text)
    assert len(blocks) >= 4
    for block in blocks:
        loaded = load_bytes(block.encode("utf-8"), "ci.md")
        assert not loaded.problems, f"a YAML block in docs/ci.md does not parse:\n{block}"
    for name in re.findall(r"--format (\w+)", text):
        assert name in FORMATS, f"docs/ci.md uses --format {name}, which does not exist"
    commands = [line for line in text.splitlines() if "cjmap validate" in line]
    options = {option for line in commands for option in re.findall(r"(?<!\w)--[a-z-]+", line)}
    assert options == {"--format", "--strict", "--output-file"}, options


def test_ci_recipes_name_hooks_that_exist() -> None:
    from cjmap.document.load import load_bytes

    hooks_file = ROOT / ".pre-commit-hooks.yaml"
    (document,) = load_bytes(hooks_file.read_bytes(), hooks_file.name).documents
    defined = {hook["id"] for hook in document.data}
    used = set(re.findall(r"- id: (cjmap-[a-z-]+)", CI_MD.read_text(encoding="utf-8")))
    assert used
    assert used <= defined
