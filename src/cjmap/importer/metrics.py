"""``cjmap import metrics``: analytics and survey exports onto a journey's numbers.

A mapping under ``imports:`` in ``cjmap.yaml`` (:class:`cjmap.document.model.ImportMapping`)
says which column holds the touchpoint (its id or its name), the value, and optionally the
metric name, the persona, the date and the number of responses, and what the value sets:

- ``metric``: ``metrics[].value`` of the metric with that name (added when missing);
- ``completion``: the touchpoint's completion (a share 0..1, or a percentage such as 45%);
- ``emotion``: the emotion of the touchpoint (per persona with a persona column; without
  one, every persona the touchpoint already has a value for gets the same), from a
  survey answer ``x`` on the answer scale ``[a, b]`` (``csat`` is [1, 5], ``nps`` [0, 10]),
  mapped linearly onto the journey's emotion scale ``[low, high]``:
  ``emotion = low + (x − a) × (high − low) / (b − a)``, rounded to two decimals.

Rows for the same touchpoint (and metric, and persona) are combined: with a date column only
the rows of the latest date count; their values are averaged, weighted by the number of
responses when there is such a column. Every touchpoint that gets a value cites the mapping's
``source`` in its ``evidence``, and the journey's ``sources`` gets (or updates) that source
with its type, title, latest date and ``n``, the responses (or rows) counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cjmap.document.model import ImportMapping, Journey
from cjmap.fmt.keys import KEY_ORDER
from cjmap.importer.errors import ImportProblem
from cjmap.importer.table import Row, Table, number
from cjmap.importer.yamledit import Edit, insert_key
from cjmap.util.textsafe import listing

ANSWER_SCALES = {"csat": (1, 5), "nps": (0, 10)}


@dataclass(slots=True)
class Plan:
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Group:
    touchpoint: str
    name: str  # the metric's name ("" for completion and emotion)
    persona: str | None
    rows: list[tuple[float, float, dt.date | None, int]] = field(default_factory=list)
    """(value, weight, date, row number)"""


def answer_scale(mapping: ImportMapping) -> tuple[int, int]:
    scale = mapping.scale
    if isinstance(scale, str):
        return ANSWER_SCALES[scale]
    assert scale is not None
    return scale[0], scale[1]


def to_emotion(answer: float, answers: tuple[int, int], scale: tuple[int, int]) -> float | int:
    """A survey answer on ``answers`` mapped linearly onto the emotion ``scale``."""
    a, b = answers
    low, high = scale
    value = round(low + (answer - a) * (high - low) / (b - a), 2)
    return int(value) if float(value).is_integer() else value


def _date(cell: str, table: Table, row: Row, column: str) -> dt.date | None:
    text = cell.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text[:10] if "-" in text else text, pattern).date()
        except ValueError:
            continue
    raise ImportProblem(
        table.file,
        f"'{text[:20]}' is not a date cjmap reads; write it as 2026-11-30 (or 20261130, as "
        "GA4 exports it)",
        row=row.number,
        column=column,
    )


def plan(
    table: Table,
    mapping: ImportMapping,
    journey: Journey,
    personas: dict[str, str],
    scale: tuple[int, int],
    *,
    ignore_unmatched: bool = False,
) -> Plan:
    """The edits an export makes to ``journey``. ``personas``: the journey's persona ids
    and names → id."""
    columns = mapping.columns
    wanted = [columns.touchpoint, columns.value]
    wanted += [c for c in (columns.metric, columns.persona, columns.date, columns.n) if c]
    table.need(wanted, " (named in the mapping under imports: in cjmap.yaml)")
    by_id = {tp.id: tp.id for _, tp in journey.touchpoints()}
    by_name: dict[str, str] = {}
    for _, tp in journey.touchpoints():
        by_name.setdefault(_key(tp.name), tp.id)
    result = Plan()
    groups: dict[tuple[str, str, str | None], _Group] = {}
    for row in table.rows:
        cell = row.cells[columns.touchpoint].strip()
        tp_id = by_id.get(cell) or by_name.get(_key(cell))
        if tp_id is None:
            result.unmatched.append(row.number)
            continue
        value = number(row.cells[columns.value], table.file, row.number, columns.value)
        if value is None:
            continue
        name = mapping.metric or ""
        if columns.metric:
            name = row.cells[columns.metric].strip() or name
        persona = None
        if columns.persona and row.cells[columns.persona].strip():
            text = row.cells[columns.persona].strip()
            persona = mapping.segments.get(text) or personas.get(text) or personas.get(_key(text))
            if persona is None:
                raise ImportProblem(
                    table.file,
                    f"'{text[:40]}' is not a persona of the journey '{journey.id}' (its "
                    f"personas: {', '.join(sorted(set(personas.values()))) or 'none'})",
                    row=row.number,
                    column=columns.persona,
                )
        weight = 1.0
        if columns.n:
            n = number(row.cells[columns.n], table.file, row.number, columns.n)
            if n is None or n < 0 or not n.is_integer():
                raise ImportProblem(
                    table.file,
                    "the number of responses must be a whole number, 0 or more",
                    row=row.number,
                    column=columns.n,
                )
            weight = n
        date = _date(row.cells[columns.date], table, row, columns.date) if columns.date else None
        _check_value(mapping, value, table, row, scale)
        key = (tp_id, name, persona)
        groups.setdefault(key, _Group(tp_id, name, persona)).rows.append(
            (value, weight, date, row.number)
        )
    if result.unmatched and not ignore_unmatched:
        shown = ", ".join(str(n) for n in result.unmatched[:20])
        more = "…" if len(result.unmatched) > 20 else ""
        raise ImportProblem(
            table.file,
            f"{len(result.unmatched)} row(s) name no touchpoint of the journey "
            f"'{journey.id}' in the column '{columns.touchpoint}' (rows {shown}{more}); use "
            "the touchpoint's id or name, or add --ignore-unmatched to skip such rows",
        )
    if not groups:
        raise ImportProblem(table.file, "no row holds a value for a touchpoint of the journey")
    total_n = 0
    latest: dt.date | None = None
    cited: list[str] = []
    for group in groups.values():
        dates = [d for _, _, d, _ in group.rows if d is not None]
        newest = max(dates) if dates else None
        rows = [r for r in group.rows if newest is None or r[2] == newest]
        weights = sum(w for _, w, _, _ in rows)
        if weights == 0:
            mean = sum(v for v, _, _, _ in rows) / len(rows)
        else:
            mean = sum(v * w for v, w, _, _ in rows) / weights
        count = int(weights) if mapping.columns.n else len(rows)
        total_n += count
        if newest is not None:
            latest = newest if latest is None else max(latest, newest)
        result.edits.append(_edit(mapping, group, mean, scale))
        what = {"metric": f"metric '{group.name}'", "completion": "completion",
                "emotion": "emotion"}[mapping.sets]  # fmt: skip
        who = f" for {group.persona}" if group.persona else ""
        result.notes.append(
            f"{what} of '{group.touchpoint}'{who} from row(s) " + listing(str(r[3]) for r in rows)
        )
        if group.touchpoint not in cited:
            cited.append(group.touchpoint)
    for tp_id in cited:
        result.edits.append(_cite(tp_id, mapping.source))
    result.edits.append(_source(mapping, latest, total_n))
    return result


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _check_value(
    mapping: ImportMapping, value: float, table: Table, row: Row, scale: tuple[int, int]
) -> None:
    column = mapping.columns.value
    if mapping.sets == "completion" and not 0 <= value <= 1:
        raise ImportProblem(
            table.file,
            f"a completion is a share from 0 to 1 (or a percentage such as 45%), not {value:g}",
            row=row.number,
            column=column,
        )
    if mapping.sets == "emotion":
        a, b = answer_scale(mapping)
        if not a <= value <= b:
            raise ImportProblem(
                table.file,
                f"the answer {value:g} is outside the answer scale {a}..{b} of this import",
                row=row.number,
                column=column,
            )


def _find(root: Any, tp_id: str) -> Any:
    for stage in root["stages"]:
        for tp in stage.get("touchpoints") or []:
            if tp["id"] == tp_id:
                return tp
    raise KeyError(tp_id)


_ORDER = list(KEY_ORDER["touchpoint"])


def _edit(mapping: ImportMapping, group: _Group, mean: float, scale: tuple[int, int]) -> Edit:
    if mapping.sets == "completion":
        share = round(mean, 4)

        def completion(root: Any) -> None:
            insert_key(_find(root, group.touchpoint), "completion", share, _ORDER)

        return completion
    if mapping.sets == "emotion":
        feeling = to_emotion(mean, answer_scale(mapping), scale)

        def emotion(root: Any) -> None:
            tp = _find(root, group.touchpoint)
            current = tp.get("emotion")
            if group.persona is None:
                if isinstance(current, dict):
                    # One answer for everyone: every persona the touchpoint names gets it.
                    for ident in current:
                        current[ident] = feeling
                else:
                    insert_key(tp, "emotion", feeling, _ORDER)
                return
            if isinstance(current, dict):
                current[group.persona] = feeling
            else:
                insert_key(tp, "emotion", {group.persona: feeling}, _ORDER)
                if current is not None:
                    _keep_others(root, tp, current, group.persona)

        return emotion
    value = round(mean, 4)
    value_out: int | float = int(value) if float(value).is_integer() else value

    def metric(root: Any) -> None:
        tp = _find(root, group.touchpoint)
        if "metrics" not in tp or tp["metrics"] is None:
            insert_key(tp, "metrics", [], _ORDER)
        for item in tp["metrics"]:
            if item.get("name") == group.name:
                insert_key(item, "value", value_out, list(KEY_ORDER["metric"]))
                insert_key(item, "source", mapping.source, list(KEY_ORDER["metric"]))
                return
        entry: dict[str, Any] = {"name": group.name, "value": value_out}
        if mapping.unit:
            entry["unit"] = mapping.unit
        entry["source"] = mapping.source
        tp["metrics"].append(entry)

    return metric


def _keep_others(root: Any, tp: Any, value: Any, changed: str) -> None:
    """A touchpoint whose one emotion applied to every persona: the others keep it."""
    for entry in root.get("personas") or []:
        ident = entry if isinstance(entry, str) else entry.get("id")
        if ident and ident != changed:
            tp["emotion"][ident] = value


def _cite(tp_id: str, source: str) -> Edit:
    def edit(root: Any) -> None:
        tp = _find(root, tp_id)
        evidence = tp.get("evidence")
        if evidence is None:
            insert_key(tp, "evidence", [source], _ORDER)
        elif source not in evidence:
            evidence.append(source)

    return edit


def _source(mapping: ImportMapping, latest: dt.date | None, n: int) -> Edit:
    fields: dict[str, Any] = {"id": mapping.source, "type": mapping.type}
    if mapping.title:
        fields["title"] = mapping.title
    if latest is not None:
        fields["date"] = latest.isoformat()
    fields["n"] = n
    order = list(KEY_ORDER["source"])

    def edit(root: Any) -> None:
        if "sources" not in root or root["sources"] is None:
            insert_key(root, "sources", [], list(KEY_ORDER["journey"]))
        for entry in root["sources"]:
            if entry.get("id") == mapping.source:
                for key, value in fields.items():
                    insert_key(entry, key, value, order)
                return
        root["sources"].append(dict(fields))

    return edit
