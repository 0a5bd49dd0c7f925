"""The committed JSON Schemas: in sync with the models, valid, portable, and true to the files.

Cases live in ``tests/schema_cases/valid`` and ``tests/schema_cases/invalid``: one YAML
document per file. Adding a case means adding a file; cjmap (the model, and for workspace
settings ``cjmap validate``) and the schema must both accept every valid case and both reject
every invalid one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regress
from pydantic import ValidationError

from cjmap.document.load import load_bytes
from cjmap.document.model import KINDS
from cjmap.schema.export import SCHEMA_KINDS, build_schema, schema_text, schema_url

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
EXAMPLES = ROOT / "examples"
CASES = Path(__file__).resolve().parent / "schema_cases"
MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        build_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _documents(path: Path) -> list[Any]:
    loaded = load_bytes(path.read_bytes(), path.name)
    assert not loaded.problems, f"{path} does not parse: {loaded.problems}"
    return [document.data for document in loaded.documents]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_matches_the_model(kind: str) -> None:
    committed = SCHEMAS / f"{kind}.schema.json"
    expected = schema_text(kind)
    fix = (
        f"run `make schemas` (or `cjmap schema {kind} > schemas/{kind}.schema.json`) "
        "and commit the result"
    )
    assert committed.is_file(), f"{committed.relative_to(ROOT)} is missing: {fix}"
    assert committed.read_text(encoding="utf-8") == expected, (
        f"{committed.relative_to(ROOT)} is out of date with src/cjmap/document/model.py and "
        f"src/cjmap/schema/export.py: {fix}"
    )


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_cli_prints_the_committed_schema(kind: str, cli: Any) -> None:
    result = cli("schema", kind)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")


def test_cli_default_kind_is_journey(cli: Any) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$id"] == schema_url("journey")


def test_cli_unknown_kind_is_a_usage_error(cli: Any) -> None:
    result = cli("schema", "jounrey")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown kind 'jounrey'" in result.stderr
    assert "journey, persona, workspace" in result.stderr


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_draft_2020_12_with_identity(kind: str) -> None:
    schema = build_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://cjmap.dev/schemas/{kind}.schema.json"
    assert schema["title"]
    assert schema["description"]


def _walk(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_patterns_mean_the_same_in_python_and_ecma_262(kind: str) -> None:
    patterns: list[tuple[str, str]] = []
    for where, node in _walk(build_schema(kind)):
        if isinstance(node.get("pattern"), str):
            patterns.append((where, node["pattern"]))
        if isinstance(node.get("patternProperties"), dict):
            patterns.extend((where, key) for key in node["patternProperties"])
    if kind != "workspace":
        assert patterns, "expected patterns for ids, durations and completion"
    for where, pattern in patterns:
        re.compile(pattern)
        # Unicode mode is the strict ECMA-262 grammar: no \Z, atomic or possessive groups.
        regress.Regex(pattern, "u")
        assert pattern.startswith("^"), f"{where}: {pattern} is not anchored"
        assert pattern.endswith("$"), f"{where}: {pattern} is not anchored"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_objects_forbid_unknown_keys_and_fields_are_described(kind: str) -> None:
    for where, node in _walk(build_schema(kind)):
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, f"{where} allows unknown keys"
            for name, prop in node["properties"].items():
                assert prop.get("description"), f"{where}/properties/{name} has no description"


def test_slug_pattern_is_the_spec_pattern() -> None:
    journey = build_schema("journey")
    assert journey["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9_-]{0,63}$"


def test_dates_use_the_date_format() -> None:
    journey = build_schema("journey")
    reviewed = journey["properties"]["reviewed"]["anyOf"][0]
    assert reviewed == {"format": "date", "type": "string"}
    source_date = journey["$defs"]["Source"]["properties"]["date"]["anyOf"][0]
    assert source_date == {"format": "date", "type": "string"}


def _cases(verdict: str) -> list[Path]:
    return sorted((CASES / verdict).glob("*.yaml"))


def _cjmap_accepts(data: Any, tmp_path: Path, cli: Any) -> bool:
    """The model's verdict; for workspace settings, that of ``cjmap validate`` on a
    ``cjmap.yaml``, which also checks that ``rules:`` names only configurable rules."""
    if data["kind"] == "workspace":
        config = tmp_path / "cjmap.yaml"
        config.write_text(json.dumps(data), encoding="utf-8")
        result = cli("validate", "cjmap.yaml", cwd=tmp_path)
        assert result.exit_code in (0, 1), result.stderr
        return bool(result.exit_code == 0)
    try:
        KINDS[data["kind"]].model_validate(data)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.stem)
def test_valid_case_is_valid_for_cjmap_and_schema(case: Path, tmp_path: Path, cli: Any) -> None:
    (data,) = _documents(case)
    assert _cjmap_accepts(data, tmp_path, cli), f"cjmap rejects {case.name}"
    errors = [error.message for error in _validator(data["kind"]).iter_errors(data)]
    assert errors == [], f"the schema rejects {case.name}"


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.stem)
def test_invalid_case_is_invalid_for_cjmap_and_schema(case: Path, tmp_path: Path, cli: Any) -> None:
    (data,) = _documents(case)
    assert not _cjmap_accepts(data, tmp_path, cli), f"cjmap accepts {case.name}"
    assert not _validator(data["kind"]).is_valid(data), f"the schema accepts {case.name}"


def test_there_are_cases_of_each_verdict_and_kind() -> None:
    for verdict in ("valid", "invalid"):
        kinds = {_documents(case)[0]["kind"] for case in _cases(verdict)}
        assert kinds == set(SCHEMA_KINDS), f"{verdict} cases cover only {sorted(kinds)}"


def _example_files() -> dict[str, list[Path]]:
    """Example files by kind (a file's kind is that of its documents)."""
    by_kind: dict[str, list[Path]] = {kind: [] for kind in SCHEMA_KINDS}
    for path in sorted([*EXAMPLES.rglob("*.yaml"), *EXAMPLES.rglob("*.yml")]):
        kinds = {document["kind"] for document in _documents(path)}
        assert len(kinds) == 1, f"{path} mixes kinds {sorted(kinds)}"
        by_kind[kinds.pop()].append(path)
    return by_kind


@pytest.fixture(scope="module")
def example_files() -> dict[str, list[Path]]:
    if not EXAMPLES.is_dir():
        pytest.fail("examples/ is missing")
    return _example_files()


def test_example_files_point_at_the_schema_of_their_kind(
    example_files: dict[str, list[Path]],
) -> None:
    for kind, paths in example_files.items():
        for path in paths:
            first = path.read_text(encoding="utf-8").splitlines()[0]
            match = MODELINE.fullmatch(first.strip())
            assert match, f"{path.relative_to(ROOT)} does not start with a schema modeline"
            target = (path.parent / match.group(1)).resolve()
            assert target == (SCHEMAS / f"{kind}.schema.json").resolve(), (
                f"{path.relative_to(ROOT)} points at {match.group(1)}, not at the {kind} schema"
            )


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_check_jsonschema_accepts_every_example_of_the_kind(
    kind: str, example_files: dict[str, list[Path]], tmp_path: Path
) -> None:
    paths = example_files[kind]
    assert paths, f"examples/ has no {kind} file"
    targets: list[str] = []
    for path in paths:
        documents = _documents(path)
        if len(documents) == 1:
            targets.append(str(path))
            continue
        # check-jsonschema reads one document per file: check each document on its own.
        for index, document in enumerate(documents, start=1):
            part = tmp_path / f"{path.stem}-{index}.json"
            part.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            targets.append(str(part))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(SCHEMAS / f"{kind}.schema.json"),
            *targets,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_what_the_model_rejects(tmp_path: Path) -> None:
    # The same tool run on a file with a mistake fails, so the test above can fail too.
    bad = tmp_path / "bad.yaml"
    bad.write_bytes((CASES / "invalid" / "completion-percent-over-100.yaml").read_bytes())
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(SCHEMAS / "journey.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "completion" in proc.stdout + proc.stderr
