"""Properties of ``cjmap import csv``: for generated journeys, ``render -f csv`` then
``import csv --write`` leaves the data unchanged; a changed cell changes exactly that field;
the comments of the YAML survive. Examples are few (each one renders and imports a journey
through the workspace); ``CJMAP_FUZZ_EXAMPLES`` raises the budget as for the fuzz tests."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.document.load import load_bytes
from cjmap.importer.run import import_csv

EXAMPLES = int(os.environ.get("CJMAP_FUZZ_EXAMPLES", "0")) or 20
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_ALPHABET = st.characters(
    categories=("Lu", "Ll", "Lo", "Nd", "Pd", "Po", "Ps", "Pe", "Sm"),
    include_characters=" ,;\"'=+-@#:",
    exclude_characters="\x85\u2028\u2029",
)
_TEXT = st.text(_ALPHABET, min_size=1, max_size=20).map(str.strip).filter(bool)


@st.composite
def journeys(draw: st.DrawFn) -> dict[str, Any]:
    per_persona = draw(st.booleans())
    personas = ["p0", "p1"] if per_persona else []
    stages = []
    count = 0
    for s in range(draw(st.integers(1, 3))):
        touchpoints = []
        for _ in range(draw(st.integers(1, 3))):
            tp: dict[str, Any] = {"id": f"t{count}", "name": draw(_TEXT)}
            count += 1
            if draw(st.booleans()):
                tp["channel"] = draw(_TEXT)
            if draw(st.booleans()):
                tp["actions"] = draw(st.lists(_TEXT, min_size=1, max_size=3))
            if per_persona:
                tp["emotion"] = {p: draw(st.integers(-2, 2)) for p in personas}
            elif draw(st.booleans()):
                tp["emotion"] = draw(st.integers(-2, 2))
            if draw(st.booleans()):
                tp["effort"] = draw(st.integers(1, 5))
            if draw(st.booleans()):
                tp["completion"] = draw(st.sampled_from([0.5, 0.25, 0.875, 1.0, 0.0]))
            if draw(st.booleans()):
                tp["moment_of_truth"] = True
            if draw(st.booleans()):
                tp["pain_points"] = [draw(_TEXT)]
            touchpoints.append(tp)
        stages.append({"id": f"s{s}", "name": draw(_TEXT), "touchpoints": touchpoints})
    data: dict[str, Any] = {"kind": "journey", "id": "gen", "title": draw(_TEXT)}
    if personas:
        data["personas"] = [{"id": p, "name": p.upper()} for p in personas]
    data["stages"] = stages
    return data


def _yaml(data: dict[str, Any]) -> str:
    """Block YAML with a comment on every stage and touchpoint (JSON scalars are YAML)."""
    out = ["# a journey made by the property test", "kind: journey", "id: gen"]
    out.append(f"title: {json.dumps(data['title'], ensure_ascii=False)}  # the title")
    if "personas" in data:
        out.append("personas:")
        out += [f"  - {{id: {p['id']}, name: {p['name']}}}" for p in data["personas"]]
    out.append("stages:")
    for stage in data["stages"]:
        out.append(f"  # stage {stage['id']}")
        out.append(f"  - id: {stage['id']}")
        out.append(f"    name: {json.dumps(stage['name'], ensure_ascii=False)}")
        out.append("    touchpoints:")
        for tp in stage["touchpoints"]:
            out.append(f"      - id: {tp['id']}  # touchpoint {tp['id']}")
            for key, value in tp.items():
                if key != "id":
                    out.append(f"        {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def _workspace(tmp_path: Path, data: dict[str, Any]) -> Path:
    import shutil

    shutil.rmtree(tmp_path / "ws", ignore_errors=True)
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    path = tmp_path / "ws" / "gen.yaml"
    path.write_text(_yaml(data), encoding="utf-8")
    return path


def _export(path: Path) -> list[list[str]]:
    from cjmap.analysis.run import analyze
    from cjmap.document.model import FrictionWeights
    from cjmap.render.formats.csv import render_csv
    from cjmap.workspace.corpus import load_corpus

    corpus = load_corpus([path.name], cwd=path.parent)
    (doc,) = corpus.journeys()
    resolved = corpus.resolve(doc)
    text = render_csv(resolved, analyze(resolved, FrictionWeights()))
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _data(path: Path) -> Any:
    (document,) = load_bytes(path.read_bytes(), path.name).documents
    return document.data


def _keys(data: Any, leave_out: str) -> Any:
    """Every mapping's keys in order (but ``leave_out``), to compare key order."""
    if isinstance(data, dict):
        return [(k, _keys(v, leave_out)) for k, v in data.items() if k != leave_out]
    if isinstance(data, list):
        return [_keys(v, leave_out) for v in data]
    return None


@SETTINGS
@given(journeys())
def test_an_unedited_export_imports_to_no_change(tmp_path: Path, data: dict[str, Any]) -> None:
    path = _workspace(tmp_path, data)
    _write_csv(tmp_path / "ws" / "export.csv", _export(path))
    outcome = import_csv("export.csv", cwd=path.parent)
    assert not outcome.changed
    assert outcome.after == path.read_bytes()


@SETTINGS
@given(journeys(), st.data())
def test_a_changed_cell_changes_exactly_that_field_and_keeps_comments(
    tmp_path: Path, data: dict[str, Any], choice: st.DataObject
) -> None:
    from cjmap.importer.yamledit import comments

    path = _workspace(tmp_path, data)
    rows = _export(path)
    header = rows[0]
    index = choice.draw(st.integers(1, len(rows) - 1))
    tp_id = rows[index][header.index("touchpoint_id")]
    column = choice.draw(st.sampled_from(["touchpoint", "effort", "channel", "completion"]))
    value: Any
    if column == "touchpoint":
        value = choice.draw(_TEXT)
        cell, key = value, "name"
    elif column == "effort":
        value = choice.draw(st.integers(1, 5))
        cell, key = str(value), "effort"
    elif column == "channel":
        value = choice.draw(_TEXT)
        cell, key = value, "channel"
    else:
        value = choice.draw(st.sampled_from([0.1, 0.35, 0.9]))
        cell, key = str(value).replace(".", ","), "completion"  # a decimal comma
    from cjmap.util.textsafe import neutralise_formula

    rows[index][header.index(column)] = neutralise_formula(cell)
    _write_csv(tmp_path / "ws" / "edited.csv", rows)
    before_text = path.read_text(encoding="utf-8")
    before = _data(path)
    outcome = import_csv("edited.csv", cwd=path.parent)
    path.write_bytes(outcome.after)
    after = _data(path)
    expected = json.loads(json.dumps(before))
    for stage in expected["stages"]:
        for tp in stage["touchpoints"]:
            if tp["id"] == tp_id:
                tp[key] = value
    # A new key goes to its canonical place, so key order is compared apart from values.
    assert json.dumps(after, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert _keys(after, key) == _keys(expected, key)
    assert comments(path.read_text(encoding="utf-8")) == comments(before_text)
    for line in before_text.splitlines():
        if line.lstrip().startswith("#"):
            assert line in path.read_text(encoding="utf-8")
