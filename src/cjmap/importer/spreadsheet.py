"""``cjmap import csv``: the spreadsheet that ``cjmap render -f csv`` writes, edited, merged
back into the journey's YAML.

A cell counts as changed when it differs from what ``render -f csv`` writes for the journey
now (numbers compared as numbers, so ``3,5`` equals ``3.5`` and a rounded share equals the
exact one), so an export imported unedited changes nothing. Changed cells become edits of
the YAML (:mod:`cjmap.importer.yamledit`); rows with a new touchpoint id, or none, add
touchpoints in their row's stage, after the touchpoint of the row above; touchpoints without
a row are reported and removed only when asked. Columns that cjmap computes (``friction``,
``duration_minutes``, the scale) cannot be edited; pain points, opportunities and metrics can
be changed item by item in their cells as written (``[id] severity 4/5, frequency 3/5:
text``; ``[id] planned: text``; ``name: value``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from cjmap.document.model import Journey
from cjmap.fmt.keys import KEY_ORDER
from cjmap.importer.errors import ImportProblem
from cjmap.importer.slugs import slug
from cjmap.importer.table import Row, Table, formula_text, number
from cjmap.importer.yamledit import Edit, insert_key, plain
from cjmap.util.textsafe import listing

TEXT_FIELDS = {"touchpoint": "name", "path": "path", "sub_journey": "journey",
               "channel": "channel", "type": "type", "owner": "owner",
               "description": "description", "duration": "duration"}  # fmt: skip
LIST_FIELDS = ("personas", "actions", "thoughts", "frontstage", "backstage", "support", "evidence")
COMPUTED = ("duration_minutes", "friction", "expectation_gap", "scale_low", "scale_high")
REQUIRED = ("journey", "stage_id", "touchpoint_id")
_TRUE = frozenset({"yes", "true", "1", "x", "y", "ja", "ano", "да", "ναι", "是"})
_FALSE = frozenset({"", "no", "false", "0", "n", "ne", "нет", "όχι", "否"})


@dataclass(slots=True)
class Merge:
    """What a spreadsheet changes in a journey."""

    edits: list[Edit] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """One line per change, for the summary ("row 4: effort of 'signup' 3 → 4")."""
    missing: list[str] = field(default_factory=list)
    """Touchpoints without a row, in journey order."""


def _lines(cell: str) -> list[str]:
    return [formula_text(line.strip()) for line in cell.replace("\r\n", "\n").split("\n")
            if line.strip()]  # fmt: skip


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _whole(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _find_touchpoint(root: Any, tp_id: str) -> Any:
    for stage in root["stages"]:
        for tp in stage.get("touchpoints") or []:
            if tp["id"] == tp_id:
                return tp
    raise KeyError(tp_id)


def _find_stage(root: Any, stage_id: str) -> Any:
    for stage in root["stages"]:
        if stage["id"] == stage_id:
            return stage
    raise KeyError(stage_id)


def _set(tp_id: str, key: str, value: Any) -> Edit:
    def edit(root: Any) -> None:
        tp = _find_touchpoint(root, tp_id)
        if value is None or value in ([], ""):
            if key in tp:
                del tp[key]
        else:
            insert_key(tp, key, value, list(KEY_ORDER["touchpoint"]))

    return edit


def _set_in(tp_id: str, key: str, index: int, field_name: str, value: Any) -> Edit:
    """Set a field of the ``index``-th item of a touchpoint's list (a plain string item, the
    shorthand for ``{text: ...}``, becomes a mapping when another field changes)."""
    kind = {"pain_points": "pain_point", "opportunities": "opportunity", "metrics": "metric"}[key]

    def edit(root: Any) -> None:
        items = _find_touchpoint(root, tp_id)[key]
        item = items[index]
        if isinstance(item, str):
            if field_name == "text":
                items[index] = value
                return
            items[index] = item = {"text": item}
        insert_key(item, field_name, value, list(KEY_ORDER[kind]))

    return edit


def _set_emotion(tp_id: str, persona: str, value: float | None, key: str = "emotion") -> Edit:
    def edit(root: Any) -> None:
        emotion = _find_touchpoint(root, tp_id)[key]
        if value is None:
            emotion.pop(persona, None)
        else:
            emotion[persona] = _whole(value)

    return edit


def _stage_name(stage_id: str, name: str) -> Edit:
    def edit(root: Any) -> None:
        _find_stage(root, stage_id)["name"] = name

    return edit


def merge(
    table: Table,
    journey: Journey,
    rendered: Table,
    *,
    delete: bool = False,
) -> Merge:
    """The edits that make ``journey`` say what ``table`` says. ``rendered``: the table
    ``render -f csv`` writes for the journey now."""
    table.need(REQUIRED)
    result = Merge()
    current = {row.cells["touchpoint_id"]: row for row in rendered.rows}
    shown = {row.cells["stage_id"]: row.cells["stage"] for row in rendered.rows}
    places = {tp.id: (stage, tp) for stage, tp in journey.touchpoints()}
    stage_ids = [stage.id for stage in journey.stages]
    seen: dict[str, int] = {}
    stage_names: dict[str, tuple[str, int]] = {}
    previous: dict[str, str] = {}  # stage id -> the touchpoint of the last row in it
    taken = set(places) | set(stage_ids)
    for row in table.rows:
        cells = row.cells
        owner = cells["journey"].strip()
        if owner and owner != journey.id:
            raise ImportProblem(
                table.file,
                f"this row belongs to the journey '{owner}', but the file being updated is "
                f"the journey '{journey.id}'; give the right file with --journey",
                row=row.number,
                column="journey",
            )
        tp_id = cells["touchpoint_id"].strip()
        stage_id = cells["stage_id"].strip()
        if tp_id in seen:
            raise ImportProblem(
                table.file,
                f"the touchpoint '{tp_id}' has a row already (row {seen[tp_id]}); each "
                "touchpoint has one row",
                row=row.number,
                column="touchpoint_id",
            )
        if stage_id not in stage_ids:
            raise ImportProblem(
                table.file,
                f"there is no stage '{stage_id}' in the journey '{journey.id}' (its stages: "
                f"{listing(stage_ids)}); add the stage in the YAML first",
                row=row.number,
                column="stage_id",
            )
        if "stage" in table.header:
            _stage_rename(table, row, journey, stage_id, cells["stage"], shown, stage_names, result)
        if tp_id in places:
            seen[tp_id] = row.number
            stage, _ = places[tp_id]
            if stage.id != stage_id:
                raise ImportProblem(
                    table.file,
                    f"the touchpoint '{tp_id}' is in the stage '{stage.id}', not "
                    f"'{stage_id}'; move it between stages in the YAML (or give the row a "
                    "new touchpoint id to add a new touchpoint there)",
                    row=row.number,
                    column="stage_id",
                )
            _changes(table, row, current[tp_id], journey, tp_id, result)
        else:
            new = _new_touchpoint(table, row, journey, taken, result)
            seen[new["id"]] = row.number
            taken.add(new["id"])
            result.edits.append(_insert(stage_id, previous.get(stage_id), new))
            result.changed.append(f"row {row.number}: new touchpoint '{new['id']}'")
            tp_id = new["id"]
        previous[stage_id] = tp_id
    for tp_id in places:
        if tp_id not in seen:
            result.missing.append(tp_id)
            if delete:
                result.edits.append(_remove(tp_id))
    return result


def _stage_rename(
    table: Table,
    row: Row,
    journey: Journey,
    stage_id: str,
    cell: str,
    shown: dict[str, str],
    names: dict[str, tuple[str, int]],
    result: Merge,
) -> None:
    name = formula_text(cell.strip())
    stage = next(s for s in journey.stages if s.id == stage_id)
    if not name or cell == shown.get(stage_id, stage.name):
        return  # the name as the export shows it: no rename (other rows may rename it)
    if stage_id in names:
        if names[stage_id][0] != name:
            raise ImportProblem(
                table.file,
                f"the stage '{stage_id}' is called '{names[stage_id][0]}' in row "
                f"{names[stage_id][1]} and '{name}' here; give it one name",
                row=row.number,
                column="stage",
            )
        return
    names[stage_id] = (name, row.number)
    if stage.name != name:
        result.edits.append(_stage_name(stage_id, name))
        result.changed.append(f"row {row.number}: stage '{stage_id}' renamed")


def _changes(table: Table, row: Row, old: Row, journey: Journey, tp_id: str, result: Merge) -> None:
    file, cells = table.file, row.cells
    tp = next(t for _, t in journey.touchpoints() if t.id == tp_id)

    def changed(column: str) -> bool:
        return column in cells and cells[column] != old.cells.get(column, "")

    def numbers_differ(column: str) -> bool:
        if column not in cells:
            return False
        new = number(cells[column], file, row.number, column)
        return not _close(new, number(old.cells.get(column, ""), file, row.number, column))

    def note(what: str) -> None:
        result.changed.append(f"row {row.number}: {what} of '{tp_id}'")

    for column, key in TEXT_FIELDS.items():
        if changed(column):
            text = formula_text(cells[column].strip())
            if key == "name" and not text:
                raise ImportProblem(
                    file, "a touchpoint needs a name", row=row.number, column=column
                )
            result.edits.append(_set(tp_id, key, text or None))
            note(key)
    for key in LIST_FIELDS:
        if changed(key) and _lines(cells[key]) != _lines(old.cells[key]):
            result.edits.append(_set(tp_id, key, _lines(cells[key])))
            note(key)
    _emotions(table, row, old, tp, result, note)
    _emotions(table, row, old, tp, result, note, "expectation")
    if numbers_differ("effort"):
        effort = number(cells["effort"], file, row.number, "effort")
        if effort is not None and not effort.is_integer():
            raise ImportProblem(
                file, "effort is a whole number from 1 to 5", row=row.number, column="effort"
            )
        result.edits.append(_set(tp_id, "effort", None if effort is None else int(effort)))
        note("effort")
    if numbers_differ("completion"):
        completion = number(cells["completion"], file, row.number, "completion")
        result.edits.append(_set(tp_id, "completion", completion))
        note("completion")
    if changed("moment_of_truth"):
        value = cells["moment_of_truth"].strip().lower()
        if value not in _TRUE | _FALSE:
            raise ImportProblem(
                file,
                f"'{value}' is neither yes nor empty",
                row=row.number,
                column="moment_of_truth",
            )
        if (value in _TRUE) != tp.moment_of_truth:
            result.edits.append(_set(tp_id, "moment_of_truth", True if value in _TRUE else None))
            note("moment_of_truth")
    if changed("pain_points"):
        _pain_points(table, row, old, tp, result, note)
    if changed("opportunities"):
        _opportunities(table, row, old, tp, result, note)
    if changed("metrics"):
        _metrics(table, row, old, tp, result, note)


def _emotions(
    table: Table, row: Row, old: Row, tp: Any, result: Merge, note: Any, key: str = "emotion"
) -> None:
    """The changes of a touchpoint's ``emotion`` (or ``expectation``: the same form)."""
    file, cells = table.file, row.cells
    current = getattr(tp, key)
    persona_columns = [c for c in table.header if c.startswith(f"{key}:")]
    changed_personas = []
    for column in persona_columns:
        new = number(cells[column], file, row.number, column)
        if not _close(new, number(old.cells.get(column, ""), file, row.number, column)):
            changed_personas.append(column)
    combined_changed = key in cells and not _close(
        number(cells[key], file, row.number, key),
        number(old.cells.get(key, ""), file, row.number, key),
    )
    if changed_personas and isinstance(current, dict):
        # Each changed value in place: the mapping keeps its style and its other values.
        for column in changed_personas:
            value = number(cells[column], file, row.number, column)
            result.edits.append(_set_emotion(tp.id, column.removeprefix(f"{key}:"), value, key))
        note(key)
    elif changed_personas:
        # One value for everyone until now: each persona gets its own, as the row says.
        values: dict[str, Any] = {}
        for column in persona_columns:
            value = number(cells[column], file, row.number, column)
            if value is not None:
                values[column.removeprefix(f"{key}:")] = _whole(value)
        result.edits.append(_set(tp.id, key, values or None))
        note(key)
    elif combined_changed and not isinstance(current, dict):
        # With a value per persona, the plain column is their average (computed, not read).
        value = number(cells[key], file, row.number, key)
        result.edits.append(_set(tp.id, key, None if value is None else _whole(value)))
        note(key)


_ITEM_ID = re.compile(r"\[([^\]]+)\]\s*(.*)\Z", re.S)
_PAIN = re.compile(r"severity\s+(\d+)/5,\s*frequency\s+(\d+)/5:\s?(.*)\Z", re.S)


def _items(cell: str) -> list[tuple[str | None, str]]:
    found: list[tuple[str | None, str]] = []
    for line in _lines(cell):
        match = _ITEM_ID.match(line)
        found.append((match[1], match[2]) if match else (None, line))
    return found


def _list_problem(table: Table, row: Row, column: str, what: str) -> ImportProblem:
    return ImportProblem(table.file, what, row=row.number, column=column)


def _pain_points(table: Table, row: Row, old: Row, tp: Any, result: Merge, note: Any) -> None:
    from cjmap.document.model import pain_point_id

    ids = [pain_point_id(tp, i) for i in range(len(tp.pain_points))]
    new_items = _items(row.cells["pain_points"])
    if len(new_items) != len(ids) or any(ident is None for ident, _ in new_items):
        raise _list_problem(
            table, row, "pain_points",
            "pain points can be edited here but not added or removed; keep one line per pain "
            "point, starting with its [id], and add or remove pain points in the YAML",
        )  # fmt: skip
    for index, (ident, rest) in enumerate(new_items):
        if ident != ids[index]:
            raise _list_problem(
                table, row, "pain_points",
                f"line {index + 1} should start with [{ids[index]}]; keep the pain points in "
                "their order with their ids",
            )  # fmt: skip
        match = _PAIN.match(rest)
        if match is None:
            raise _list_problem(
                table, row, "pain_points",
                f"line {index + 1} should read '[{ids[index]}] severity S/5, frequency F/5: "
                "text'",
            )  # fmt: skip
        severity, frequency, text = int(match[1]), int(match[2]), match[3].strip()
        pain = tp.pain_points[index]
        if text != pain.text:
            result.edits.append(_set_in(tp.id, "pain_points", index, "text", text))
            note(f"pain point {ids[index]}")
        for name, value, was in (("severity", severity, pain.severity),
                                 ("frequency", frequency, pain.frequency)):  # fmt: skip
            if value != was:
                result.edits.append(_set_in(tp.id, "pain_points", index, name, value))
                note(f"{name} of pain point {ids[index]}")


def _opportunities(table: Table, row: Row, old: Row, tp: Any, result: Merge, note: Any) -> None:
    from cjmap.document.model import opportunity_id

    ids = [opportunity_id(tp, i) for i in range(len(tp.opportunities))]
    new_items = _items(row.cells["opportunities"])
    if len(new_items) != len(ids) or any(ident is None for ident, _ in new_items):
        raise _list_problem(
            table, row, "opportunities",
            "opportunities can be edited here but not added or removed; keep one line per "
            "opportunity, starting with its [id], and add or remove them in the YAML",
        )  # fmt: skip
    for index, (ident, rest) in enumerate(new_items):
        status, sep, text = rest.partition(":")
        if ident != ids[index] or not sep:
            raise _list_problem(
                table, row, "opportunities",
                f"line {index + 1} should read '[{ids[index]}] status: text'",
            )  # fmt: skip
        item = tp.opportunities[index]
        if status.strip() != item.status:
            result.edits.append(_set_in(tp.id, "opportunities", index, "status", status.strip()))
            note(f"status of opportunity {ids[index]}")
        if text.strip() != item.text:
            result.edits.append(_set_in(tp.id, "opportunities", index, "text", text.strip()))
            note(f"opportunity {ids[index]}")


def _metrics(table: Table, row: Row, old: Row, tp: Any, result: Merge, note: Any) -> None:
    old_lines, new_lines = _lines(old.cells["metrics"]), _lines(row.cells["metrics"])
    if len(old_lines) != len(new_lines):
        raise _list_problem(
            table, row, "metrics",
            "metrics can get new values here but cannot be added or removed; keep one line "
            "per metric (add metrics in the YAML, or with cjmap import metrics)",
        )  # fmt: skip
    for index, (before, after) in enumerate(zip(old_lines, new_lines, strict=True)):
        if before == after:
            continue
        metric = tp.metrics[index]
        prefix = f"{metric.name}: "
        if not after.startswith(prefix):
            raise _list_problem(
                table, row, "metrics",
                f"line {index + 1} should start with '{prefix}' (a metric's name is changed "
                "in the YAML)",
            )  # fmt: skip
        found = re.match(r"\s*([+-]?\d+(?:[.,]\d+)?|—)", after[len(prefix) :])
        old_value = re.match(r"\s*([+-]?\d+(?:[.,]\d+)?|—)", before[len(prefix) :])
        if found is None:
            raise _list_problem(
                table,
                row,
                "metrics",
                f"line {index + 1}: the value after '{prefix}' is not a number",
            )
        if old_value is not None and found[1] == old_value[1]:
            raise _list_problem(
                table, row, "metrics",
                f"line {index + 1}: only the value of a metric can be changed here; change "
                "its unit or target in the YAML",
            )  # fmt: skip
        value = None if found[1] == "—" else _whole(float(found[1].replace(",", ".")))
        result.edits.append(_set_in(tp.id, "metrics", index, "value", value))
        note(f"value of metric '{metric.name}'")


def _new_touchpoint(
    table: Table, row: Row, journey: Journey, taken: set[str], result: Merge
) -> dict[str, Any]:
    file, cells = table.file, row.cells
    name = formula_text(cells.get("touchpoint", "").strip())
    if not name:
        raise ImportProblem(
            file, "a new touchpoint needs a name", row=row.number, column="touchpoint"
        )
    tp_id = cells["touchpoint_id"].strip() or slug(name, taken, f"touchpoint-{row.number - 1}")
    return touchpoint_data(table, row, tp_id, name)


def touchpoint_data(table: Table, row: Row, tp_id: str, name: str) -> dict[str, Any]:
    """A new touchpoint from a row, keys in canonical order."""
    file, cells = table.file, row.cells
    data: dict[str, Any] = {"id": tp_id, "name": name}
    sub = formula_text(cells.get("sub_journey", "").strip())
    if sub:
        data["journey"] = sub
    for column in ("path", "channel", "type", "owner", "description"):
        text = formula_text(cells.get(column, "").strip())
        if text:
            data[column] = text
    for column in ("personas", "actions", "thoughts", "frontstage", "backstage", "support"):
        if _lines(cells.get(column, "")):
            data[column] = _lines(cells[column])
    for key in ("emotion", "expectation"):
        personas = {
            c.removeprefix(f"{key}:"): number(cells[c], file, row.number, c)
            for c in table.header
            if c.startswith(f"{key}:") and cells.get(c, "").strip()
        }
        single = number(cells.get(key, ""), file, row.number, key)
        if personas:
            data[key] = {k: _whole(v) for k, v in personas.items() if v is not None}
        elif single is not None:
            data[key] = _whole(single)
    effort = number(cells.get("effort", ""), file, row.number, "effort")
    if effort is not None:
        data["effort"] = _whole(effort)
    completion = number(cells.get("completion", ""), file, row.number, "completion")
    if completion is not None:
        data["completion"] = completion
    if cells.get("duration", "").strip():
        data["duration"] = cells["duration"].strip()
    if cells.get("moment_of_truth", "").strip().lower() in _TRUE:
        data["moment_of_truth"] = True
    pains = [_pain_item(tp_id, i, ident, text)
             for i, (ident, text) in enumerate(_items(cells.get("pain_points", "")))]  # fmt: skip
    if pains:
        data["pain_points"] = pains
    opportunities = [
        _opportunity_item(tp_id, i, ident, text)
        for i, (ident, text) in enumerate(_items(cells.get("opportunities", "")))
    ]
    if opportunities:
        data["opportunities"] = opportunities
    return data


def _pain_item(tp_id: str, index: int, ident: str | None, text: str) -> Any:
    """A pain point line as ``render -f csv`` writes it, or plain text, as YAML."""
    match = _PAIN.match(text) if ident is not None else None
    if ident is None or match is None:
        return text if ident is None else f"[{ident}] {text}"
    item: dict[str, Any] = {}
    if ident != f"{tp_id}-pain-{index + 1}":
        item["id"] = ident
    item["text"] = match[3].strip()
    item["severity"], item["frequency"] = int(match[1]), int(match[2])
    return item


def _opportunity_item(tp_id: str, index: int, ident: str | None, text: str) -> Any:
    status, sep, rest = text.partition(":")
    if ident is None or not sep or status.strip() not in _STATUSES:
        return text if ident is None else f"[{ident}] {text}"
    item: dict[str, Any] = {}
    if ident != f"{tp_id}-opp-{index + 1}":
        item["id"] = ident
    item["text"] = rest.strip()
    item["status"] = status.strip()
    return item


_STATUSES = frozenset({"idea", "planned", "in-progress", "done"})


def _insert(stage_id: str, after: str | None, data: dict[str, Any]) -> Edit:
    def edit(root: Any) -> None:
        stage = _find_stage(root, stage_id)
        if "touchpoints" not in stage or stage["touchpoints"] is None:
            insert_key(stage, "touchpoints", [], list(KEY_ORDER["stage"]))
        touchpoints = stage["touchpoints"]
        position = 0
        if after is not None:
            position = next(i for i, tp in enumerate(touchpoints) if tp["id"] == after) + 1
        touchpoints.insert(position, plain(data))

    return edit


def _remove(tp_id: str) -> Edit:
    def edit(root: Any) -> None:
        for stage in root["stages"]:
            touchpoints = stage.get("touchpoints") or []
            for index, tp in enumerate(touchpoints):
                if tp["id"] == tp_id:
                    del touchpoints[index]
                    return

    return edit


def new_journey(
    table: Table,
    journey_id: str,
    scale: Sequence[int] | None = None,
    known_personas: Collection[str] = (),
) -> dict[str, Any]:
    """A fresh journey from a spreadsheet (``--new ID``): stages and touchpoints in row order."""
    table.need(("stage_id", "touchpoint"))
    stages: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    personas = [c.removeprefix("emotion:") for c in table.header if c.startswith("emotion:")]
    for row in table.rows:
        stage_id = row.cells["stage_id"].strip()
        stage_name = formula_text(row.cells.get("stage", "").strip()) or stage_id
        if not stage_id:
            stage_id = slug(stage_name, set(stages), f"stage-{len(stages) + 1}")
        stage = stages.setdefault(stage_id, {"id": stage_id, "name": stage_name, "touchpoints": []})
        name = formula_text(row.cells["touchpoint"].strip())
        if not name:
            raise ImportProblem(
                table.file, "every row needs a touchpoint name", row=row.number, column="touchpoint"
            )
        tp_id = row.cells.get("touchpoint_id", "").strip() or slug(
            name, taken, f"touchpoint-{row.number - 1}"
        )
        if tp_id in taken:
            raise ImportProblem(
                table.file, f"the touchpoint id '{tp_id}' is used twice", row=row.number,
                column="touchpoint_id",
            )  # fmt: skip
        taken.add(tp_id)
        stage["touchpoints"].append(touchpoint_data(table, row, tp_id, name))
    if not stages:
        raise ImportProblem(table.file, "the spreadsheet has no rows below its header")
    data: dict[str, Any] = {"kind": "journey", "id": journey_id, "title": journey_id}
    if scale is not None:
        data["emotion_scale"] = list(scale)
    if personas:
        # A persona the workspace does not define is kept inline, named by its id.
        data["personas"] = [p if p in known_personas else {"id": p, "name": p} for p in personas]
    paths = inferred_paths(table, [tp for stage in stages.values() for tp in stage["touchpoints"]])
    if paths:
        data["paths"] = paths
    data["stages"] = list(stages.values())
    return data


def inferred_paths(table: Table, touchpoints: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The paths a new journey's ``path`` column names, declared from the rows' order: each
    branches from the last touchpoint of the main path before its first touchpoint and
    rejoins at the first one after its last (none: it ends the journey); its name is its id
    (rename it in the YAML). A spreadsheet cannot say more: nested paths need the YAML."""
    order = {tp["id"]: i for i, tp in enumerate(touchpoints)}
    own: dict[str, list[int]] = {}
    for tp in touchpoints:
        if tp.get("path"):
            own.setdefault(tp["path"], []).append(order[tp["id"]])
    main = [i for i, tp in enumerate(touchpoints) if not tp.get("path")]
    paths = []
    for ident, positions in own.items():
        before = [i for i in main if i < positions[0]]
        after = [i for i in main if i > positions[-1]]
        if not before:
            raise ImportProblem(
                table.file,
                f"the path '{ident}' starts before any touchpoint of the main path; a path "
                "branches from a touchpoint, so put a row without 'path' before it",
                column="path",
            )
        path: dict[str, Any] = {
            "id": ident,
            "name": ident,
            "branches_from": touchpoints[before[-1]]["id"],
        }
        if after:
            path["rejoins"] = touchpoints[after[0]]["id"]
        paths.append(path)
    return paths
