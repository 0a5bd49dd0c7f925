"""Valid-looking input must not crash a later command (issue 11).

A 5,000-digit duration and an emotion scale with 400-digit bounds passed ``validate`` and then
crashed ``analyze``, ``render`` and ``diff`` (exit 3). Every numeric field either works in every
command or is a finding at its position that every command agrees on: ``validate`` reports
it, and ``analyze``, ``render`` and ``diff`` refuse the file as they refuse any file with
errors. ``fmt`` never crashes on it either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from output_checks import Result, hang_guard, run

BIG400 = "1" + "0" * 400
BIG5000 = "1" + "0" * 5000

JOURNEY = """kind: journey
id: numbers
title: Numbers
reviewed: 2026-01-01
emotion_scale: SCALE
personas:
  - id: pat
    name: Pat
    share: SHARE
    demographics: {age: AGE}
sources:
  - id: survey
    type: survey
    n: SAMPLE
stages:
  - id: sign-up
    name: Sign up
    duration: STAGE_DURATION
    touchpoints:
      - id: form
        name: Form
        emotion: EMOTION
        effort: EFFORT
        completion: COMPLETION
        duration: DURATION
        evidence: [survey]
        metrics:
          - name: Sign-ups
            value: VALUE
            target: TARGET
            source: survey
        pain_points:
          - id: slow
            text: Slow
            severity: SEVERITY
            frequency: FREQUENCY
            evidence: [survey]
        opportunities:
          - text: Faster
            addresses: [slow]
            impact: IMPACT
            effort: OPPORTUNITY_EFFORT
            confidence: CONFIDENCE
"""
WORKSPACE = """kind: workspace
emotion_scale: WORKSPACE_SCALE
review_every: REVIEW_EVERY
friction:
  weights:
    pain: PAIN_WEIGHT
    effort: EFFORT_WEIGHT
    dropoff: 0.2
    emotion: 0.2
"""
DEFAULTS = {
    "SCALE": "[-2, 2]",
    "SHARE": "0.5",
    "AGE": "30",
    "SAMPLE": "100",
    "STAGE_DURATION": "1d",
    "EMOTION": "1",
    "EFFORT": "2",
    "COMPLETION": "0.9",
    "DURATION": "5m",
    "VALUE": "10",
    "TARGET": "20",
    "SEVERITY": "3",
    "FREQUENCY": "3",
    "IMPACT": "3",
    "OPPORTUNITY_EFFORT": "2",
    "CONFIDENCE": "0.5",
    "WORKSPACE_SCALE": "[-2, 2]",
    "REVIEW_EVERY": "36500",
    "PAIN_WEIGHT": "0.4",
    "EFFORT_WEIGHT": "0.2",
}

# case → (the values it changes, the rule validate reports; None: the file is valid)
REFUSED: dict[str, tuple[dict[str, str], str]] = {
    "5,000-digit duration (issue 11)": ({"DURATION": "9" * 5000 + "d"}, "out-of-range"),
    "400-digit scale bounds (issue 11)": (
        {"SCALE": f"[-{BIG400}, {BIG400}]"},
        "out-of-range",
    ),
    "400-digit workspace scale": (
        {"SCALE": "null", "WORKSPACE_SCALE": f"[-{BIG400}, {BIG400}]"},
        "out-of-range",
    ),
    "20-digit weeks": ({"STAGE_DURATION": "99999999999999999999w"}, "out-of-range"),
    "5,000-digit emotion": ({"EMOTION": BIG5000}, "out-of-range"),
    "400-digit metric value": ({"VALUE": BIG400}, "out-of-range"),
    "1e308 metric value": ({"VALUE": "1e308"}, "out-of-range"),
    "1e309 target": ({"TARGET": "1e309"}, "wrong-type"),
    ".nan confidence": ({"CONFIDENCE": ".nan"}, "wrong-type"),
    "-.inf completion": ({"COMPLETION": "-.inf"}, "out-of-range"),
    "400-digit effort": ({"EFFORT": BIG400}, "out-of-range"),
    "5,000-digit severity": ({"SEVERITY": BIG5000}, "out-of-range"),
    "1e308 share": ({"SHARE": "1e308"}, "out-of-range"),
    "huge n": ({"SAMPLE": BIG400}, "out-of-range"),
    "huge review_every": ({"REVIEW_EVERY": "99999999999"}, "out-of-range"),
    "1e308 friction weights": (
        {"PAIN_WEIGHT": "1e308", "EFFORT_WEIGHT": "1e308"},
        "out-of-range",
    ),
}
ACCEPTED: dict[str, dict[str, str]] = {
    "largest metric value and target": {"VALUE": "1e15", "TARGET": "-1000000000000000"},
    "huge demographics": {"AGE": BIG400},
    "widest scale": {"SCALE": "[-1000, 1000]", "EMOTION": "-1000"},
    "longest duration": {"DURATION": "520w", "STAGE_DURATION": "3640d"},
}

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "-f", "json"],
    "analyze json": ["analyze", "-f", "json", "journeys/numbers.yaml"],
    "analyze text": ["analyze", "journeys/numbers.yaml"],
    "analyze csv": ["analyze", "-f", "csv", "journeys/numbers.yaml"],
    "render html": ["render", "-o", "site", "journeys/numbers.yaml"],
    "render md": ["render", "-f", "md", "-o", "site-md", "journeys/numbers.yaml"],
    "render csv": ["render", "-f", "csv", "-o", "site-csv", "journeys/numbers.yaml"],
    "render json": ["render", "-f", "json", "-o", "site-json", "journeys/numbers.yaml"],
    "diff": ["diff", "../clean.yaml", "journeys/numbers.yaml"],
    "fmt --check": ["fmt", "--check", "journeys/numbers.yaml"],
}


def fill(template: str, values: dict[str, str]) -> str:
    # Longest names first: EFFORT must not replace the start of EFFORT_WEIGHT.
    for name in sorted(DEFAULTS, key=len, reverse=True):
        template = template.replace(name, values.get(name, DEFAULTS[name]))
    return template


def workspace(base: Path, values: dict[str, str]) -> Path:
    root = base / "ws"
    (root / "journeys").mkdir(parents=True)
    (root / "cjmap.yaml").write_text(fill(WORKSPACE, values), "utf-8")
    (root / "journeys" / "numbers.yaml").write_text(fill(JOURNEY, values), "utf-8")
    # The other side of the diff, outside the workspace (inside, a second journey with the
    # same id would be a duplicate).
    (base / "clean.yaml").write_text(fill(JOURNEY, {}), "utf-8")
    return root


def cjmap(args: list[str], cwd: Path) -> Result:
    with hang_guard(120):
        return run(*args, cwd=cwd)


def test_the_template_is_valid(tmp_path: Path) -> None:
    root = workspace(tmp_path, {})
    result = cjmap(["validate", "journeys/numbers.yaml"], root)
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", REFUSED)
def test_an_absurd_number_is_a_finding_every_command_agrees_on(
    tmp_path: Path, case: str, command: str
) -> None:
    values, rule = REFUSED[case]
    root = workspace(tmp_path, values)
    result = cjmap(COMMANDS[command], root)
    said = result.stdout + result.stderr
    assert "unexpected error" not in said, said[-2000:]
    assert "Traceback" not in said, said[-2000:]
    if command == "fmt --check":
        assert result.exit_code in (0, 1), said[-2000:]
        if result.exit_code == 1 and "would reformat" not in said:
            assert "too large to format" in said, said[-2000:]
        return
    assert result.exit_code == 1, said[-2000:]
    if command == "validate":
        findings = json.loads(result.stdout)["findings"]
        errors = [f for f in findings if f["severity"] == "error"]
        assert {f["rule"] for f in errors} == {rule}, findings
        for finding in errors:
            assert finding["line"] > 1
            assert len(finding["message"]) < 200, finding["message"]
    assert not (root / "site").exists()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", ACCEPTED)
def test_a_large_but_sensible_number_works_in_every_command(
    tmp_path: Path, case: str, command: str
) -> None:
    root = workspace(tmp_path, ACCEPTED[case])
    result = cjmap(COMMANDS[command], root)
    said = result.stdout + result.stderr
    assert result.exit_code in ((0, 1) if command == "fmt --check" else (0,)), said[-2000:]
    if command == "analyze json":

        def refuse(constant: str) -> None:
            raise AssertionError(f"{constant} in analyze's JSON")

        journey = json.loads(result.stdout, parse_constant=refuse)["journeys"][0]
        for metric in journey["metrics"]:
            assert abs(metric["value"]) <= 10**15, metric
    for bad in ("nan", "NaN", "Infinity"):
        assert bad not in result.stdout, (bad, result.stdout[-2000:])
