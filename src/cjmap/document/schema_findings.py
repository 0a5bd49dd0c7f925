"""Schema checks: one document's plain data → a model, or findings a person can act on.

pydantic reports errors in its own words and with paths that include the names of union
members; here they become findings with a path into the user's data, a rule id, a message
that names the field as the user wrote it, and a hint that says how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from cjmap.document.load import Path, resolve_plain
from cjmap.document.model import (
    ITEM_NAMES,
    KINDS,
    FrictionSettings,
    FrictionWeights,
    Metric,
    ModelDoc,
    Opportunity,
    PainPoint,
    PersonaFields,
    Source,
    Stage,
    Touchpoint,
)
from cjmap.util.textsafe import clip


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a path in one document, before it is given a line and column."""

    path: Path
    rule: str
    message: str
    hint: str | None = None
    at_key: bool = True
    foreign: bool = False
    """The document is not a cjmap document at all (its hint names the file to exclude)."""


_LIST_ITEMS: dict[str, type[BaseModel]] = {
    "stages": Stage,
    "touchpoints": Touchpoint,
    "pain_points": PainPoint,
    "opportunities": Opportunity,
    "metrics": Metric,
    "sources": Source,
    "personas": PersonaFields,
}
_NESTED: dict[str, type[BaseModel]] = {"friction": FrictionSettings, "weights": FrictionWeights}

RANGES = {
    "effort": "1 to 5",
    "severity": "1 to 5",
    "frequency": "1 to 5",
    "impact": "1 to 5",
    "confidence": "0 to 1",
    "share": "0 to 1",
    "completion": '0 to 1 (or a percentage such as "82%")',
    "n": "0 to 1,000,000,000,000",
    "review_every": "1 to 36,500 (days: at most 100 years)",
    "value": "a number from -10^15 to 10^15 (minus to plus one quadrillion)",
    "target": "a number from -10^15 to 10^15 (minus to plus one quadrillion)",
    "emotion_scale": "two whole numbers from -1,000 to 1,000",
}

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)",
    "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "date_type": "a date such as 2026-10-01",
    "date_parsing": "a date such as 2026-10-01",
    "date_from_datetime_parsing": "a date such as 2026-10-01",
    "date_from_datetime_inexact": "a date such as 2026-10-01",
    "union_tag_invalid": "a value of another kind",
}

_CUSTOM_HINTS = {
    "invalid_duration": "write durations like 15m, 2h, 3d, 2w or 1h30m",
    "invalid_completion": 'write 0.82 or "82%"',
    "invalid_scale": "write emotion_scale: [1, 5] or [1, 10]",
    "invalid_glob": "shorten the pattern: 'drafts/**' or 'journeys/**/*.yaml' are enough; "
    "this pattern is left out until it is fixed",
}

_SLUG_HINT = (
    "ids use lower-case ASCII letters, digits, '-' and '_' (at most 64 characters), "
    "starting with a letter or a digit"
)


EXCLUDE_HINT = (
    "if this is another tool's file, leave it out of the workspace with this line in "
    "cjmap.yaml: {line} (or add {pattern} to the 'exclude:' list already there); if it is "
    "meant to be a journey, add 'kind: journey' as its first line"
)
"""The hint for a file that is not a cjmap file; ``{pattern}`` and ``{line}`` are filled in
with the file's path from the workspace root."""


# Keys that only a cjmap document has; other keys (name, description, goals...) are common
# in other tools' YAML files too.
_DISTINCTIVE_KEYS = frozenset(
    {"id", "stages", "personas", "touchpoints", "emotion_scale", "review_every", "improves"}
)


def _top_level_keys() -> frozenset[str]:
    keys: set[str] = set()
    for model in KINDS.values():
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
    return frozenset(keys - {"kind"})


def looks_like_cjmap(data: dict[Any, Any]) -> bool:
    """Whether a mapping without ``kind`` looks like a cjmap document that lacks it, rather
    than another tool's file: it has a key only cjmap uses, or mostly cjmap's keys."""
    keys = [key for key in data if isinstance(key, str)]
    if not keys or _DISTINCTIVE_KEYS.intersection(keys):
        return True
    known = _top_level_keys()
    return 2 * sum(key in known for key in keys) >= len(keys)


def check_document(data: Any) -> tuple[ModelDoc | None, list[Finding]]:
    """Validate one document's data; the model when it is valid, else the findings."""
    if not isinstance(data, dict):
        return None, [
            Finding(
                (),
                "wrong-type",
                f"a cjmap document must be a mapping (key: value pairs), not {_kind_of(data)}",
                "start the document with 'kind: journey', 'kind: persona' or 'kind: workspace'",
                at_key=False,
            )
        ]
    kind = data.get("kind")
    if "kind" not in data:
        if not looks_like_cjmap(data):
            return None, [
                Finding(
                    ("kind",),
                    "missing-key",
                    "this does not look like a cjmap file: it has no 'kind', and its keys "
                    "are not those of a journey, a persona or a workspace",
                    EXCLUDE_HINT,
                    foreign=True,
                )
            ]
        return None, [
            Finding(
                ("kind",),
                "missing-key",
                "the document has no 'kind'",
                "add 'kind: journey', 'kind: persona' or 'kind: workspace' as its first line",
            )
        ]
    model: type[BaseModel] | None = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None, [
            Finding(
                ("kind",),
                "invalid-value",
                f"'kind' must be journey, persona or workspace; got {_show(kind)}",
                _did_you_mean(kind, list(KINDS)),
                at_key=False,
            )
        ]
    try:
        return cast(ModelDoc, model.model_validate(data)), []
    except ValidationError as exc:
        return None, list(_findings(exc, data, model))


def _findings(exc: ValidationError, data: Any, root: type[BaseModel]) -> Iterator[Finding]:
    seen: set[tuple[Path, str]] = set()
    for error in exc.errors(include_url=False):
        path = _clean_path(data, error["loc"])
        finding = _translate(error, path, data, root)
        if (finding.path, finding.rule) in seen:
            continue
        seen.add((finding.path, finding.rule))
        yield finding


def _clean_path(data: Any, loc: tuple[int | str, ...]) -> Path:
    """Drop the parts of pydantic's path that are not in the data (union member names)."""
    path: list[str | int] = []
    node = data
    last = len(loc) - 1
    for index, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and (part in node or index == last):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            continue  # a union tag such as 'inline' or 'per_persona'
        else:
            # A scalar standing for a mapping (a plain-string pain point): stop at the scalar,
            # but keep the key a 'missing' error names.
            if isinstance(part, str) and part in {"text", "name", "id"}:
                break
            continue
    return tuple(path)


def _translate(error: Any, path: Path, data: Any, root: type[BaseModel]) -> Finding:
    kind = error["type"]
    field = _field_name(path)
    value = error.get("input")
    where = _describe(data, path[:-1]) if path else "the document"
    if kind == "missing":
        missing = str(error["loc"][-1])
        parent = path if path and path[-1] != missing else path[:-1]
        return Finding(
            (*parent, missing),
            "missing-key",
            f"{_describe(data, parent)} needs '{missing}'",
            f"add '{missing}: …' to it",
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(path[:-1], root)
        if field == "<<":
            key_hint = "merge keys ('<<') are not part of YAML 1.2: write the keys out"
        else:
            key_hint = _did_you_mean(field, allowed) or f"allowed keys: {', '.join(allowed)}"
        return Finding(path, "unknown-key", f"unknown key '{field}' in {where}", key_hint)
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        return Finding(
            path,
            "invalid-value",
            f"'{field}' must be {_one_of(options)}; got {_show(value)}",
            _did_you_mean(value, options),
            at_key=False,
        )
    if kind in {"string_pattern_mismatch", "string_too_short"} and field == "duration":
        return Finding(
            path,
            "invalid-value",
            f"'{field}': {_show(value)} is not a duration",
            _CUSTOM_HINTS["invalid_duration"],
            at_key=False,
        )
    if kind == "string_pattern_mismatch":
        return Finding(
            path,
            "invalid-id",
            f"{_show(value)} is not a valid id for '{_id_owner(path, data)}'",
            f"{_SLUG_HINT}; for example '{_slugify(value)}'",
            at_key=False,
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        allowed_range = "0 to 1,000" if "weights" in path else RANGES.get(field)
        return Finding(
            path,
            "out-of-range",
            f"'{field}' must be {allowed_range or _bound(kind, error)}; got {_show(value)}",
            None,
            at_key=False,
        )
    if kind == "too_short":
        return Finding(
            path,
            "invalid-value",
            f"'{field}' needs at least one entry",
            "a journey has at least one stage" if field == "stages" else None,
            at_key=False,
        )
    if kind in _CUSTOM_HINTS:
        return Finding(
            path,
            "invalid-value",
            f"'{field}': {error['msg']}",
            _CUSTOM_HINTS[kind],
            at_key=False,
        )
    expected_type = _EXPECTED.get(kind)
    if expected_type is not None:
        hint = None
        # A list item is named as such: "stage 2 of 'stages'", not "'stages'".
        subject = _describe(data, path) if path and isinstance(path[-1], int) else f"'{field}'"
        digits = _huge_number_digits(value) if kind in {"int_type", "float_type"} else 0
        if digits:
            return Finding(
                path,
                "out-of-range",
                f"{subject} is a number of {digits:,} digits, too large to compute with",
                f"write {RANGES[field]}" if field in RANGES else "write a number of usual size",
                at_key=False,
            )
        if isinstance(value, str) and kind in {"int_type", "float_type", "bool_type"}:
            hint = _typed_text_hint(value, kind, path)
        elif kind == "list_type" and isinstance(value, str):
            hint = f"write it as a list: '{field}: [{clip(value)}]'"
        elif kind == "string_type" and value is None:
            hint = f"give '{field}' a value, or remove the key"
        elif kind == "string_type" and isinstance(value, bool | int | float):
            hint = "put the value in quotes to make it text"
        elif kind == "model_type" and isinstance(value, str) and path[-2:-1] in _NAMED:
            hint = "write it as key: value pairs, such as '- id: …' with 'name: …' below it"
        return Finding(
            path,
            "wrong-type",
            f"{subject} must be {expected_type}, not {_kind_of(value)}",
            hint,
            at_key=False,
        )
    return Finding(path, "invalid-value", f"'{field}': {error['msg']}", None, at_key=False)


_NAMED = {("stages",), ("touchpoints",)}  # list items that need an id and a name
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _typed_text_hint(value: str, kind: str, path: Path) -> str | None:
    """How to fix text given where a number or true/false is expected."""
    field = _field_name(path)
    plain = resolve_plain(value.strip())
    if kind == "bool_type":
        if isinstance(plain, bool):
            return "remove the quotes around the value"
        if value.strip().lower() in _YAML11_BOOLEANS:
            return f"YAML 1.2 reads '{value}' as text: write true or false"
        return "write true or false"
    if isinstance(plain, int | float) and not isinstance(plain, bool):
        return "remove the quotes around the value"
    if "touchpoints" in path and field.startswith("emotion"):
        return "write a number on the emotion scale (by default -2 to 2)"
    if field in RANGES:
        return f"write {'a whole number' if kind == 'int_type' else 'a number'} ({RANGES[field]})"
    return None


def _field_name(path: Path) -> str:
    """The key a finding is about (cut to 40 characters: keys come from the file)."""
    if len(path) >= 2 and path[-2] == "emotion":
        return f"emotion of {clip(str(path[-1]))}"
    for part in reversed(path):
        if isinstance(part, str):
            return clip(part)
    return "document"


def _describe(data: Any, path: Path) -> str:
    """'touchpoint 'signup-form'', 'stage 2', 'the journey' — what the mapping at path is."""
    if not path:
        kind = data.get("kind") if isinstance(data, dict) else None
        return f"the {kind}" if isinstance(kind, str) and kind in KINDS else "the document"
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    last = path[-1]
    if isinstance(last, int) and len(path) >= 2 and isinstance(path[-2], str):
        noun = ITEM_NAMES.get(path[-2], "item")
        ident = node.get("id") if isinstance(node, dict) else None
        if isinstance(ident, str) and ident:
            return f"{noun} '{clip(ident)}'"
        name = node.get("name") if isinstance(node, dict) else None
        if isinstance(name, str) and name and noun == "metric":
            return f"metric '{clip(name)}'"
        return f"{noun} {last + 1} of '{clip(path[-2])}'"
    return f"'{clip(str(last))}'"


def _allowed_keys(parent: Path, root: type[BaseModel]) -> list[str]:
    model: type[BaseModel] = root
    for index, part in enumerate(parent):
        if isinstance(part, str) and part in _NESTED:
            model = _NESTED[part]
        elif isinstance(part, int) and index > 0 and isinstance(parent[index - 1], str):
            model = _LIST_ITEMS.get(str(parent[index - 1]), model)
    return list(model.model_fields)


def _id_owner(path: Path, data: Any) -> str:
    if path and path[-1] == "id" and len(path) >= 3 and isinstance(path[-3], str):
        return f"{ITEM_NAMES.get(path[-3], clip(path[-3]))} id"
    if path == ("id",) and isinstance(data, dict) and data.get("kind") in KINDS:
        return f"{data['kind']} id"
    return _field_name(path)


def _did_you_mean(value: Any, options: list[str]) -> str | None:
    if not isinstance(value, str):
        return None
    matches = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not matches:
        lowered = [option for option in options if option.lower() == value.lower()]
        matches = lowered
    return f"did you mean '{matches[0]}'?" if matches else None


def _one_of(options: list[str]) -> str:
    if len(options) <= 1:
        return "".join(options)
    return ", ".join(options[:-1]) + " or " + options[-1]


def _bound(kind: str, error: Any) -> str:
    ctx = error.get("ctx", {})
    words = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    word, key = words[kind]
    return f"{word} {ctx.get(key)}"


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {_show(value)}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_HUGE_TEXT_NUMBER = re.compile(r"[-+]?[0-9]{4301,}\Z")


def _huge_number_digits(value: Any) -> int:
    """The digits of a number too large for its field's type, else 0: an integer given for a
    number that no float holds (over 1.8e308), or digits that the loader kept as text
    because Python converts at most 4,300 of them."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return len(str(abs(value)))
    if isinstance(value, str) and _HUGE_TEXT_NUMBER.match(value):
        return len(value.lstrip("+-"))
    return 0


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{clip(value)}'"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, int) and value.bit_length() > 128:
        # Not written out: it would be a long run of the file (and Python refuses to
        # write an int of more than 4,300 digits as text).
        return f"a number of {_len_digits(value)} digits"
    return clip(str(value))


def _len_digits(value: int) -> str:
    """How many decimal digits ``value`` has ("402"; "about 5,000" past what Python writes
    out as text)."""
    if value.bit_length() < 14_000:
        return f"{len(str(abs(value))):,}"
    return f"about {int(abs(value).bit_length() * 0.30103) + 1:,}"


def _slugify(value: Any) -> str:
    text = str(value).strip().lower()
    text = re.sub(r"[^a-z0-9_-]+", "-", text).strip("-_")
    # A suggestion, cut like any quote of the file (an id may have 64 characters).
    return text[:40].rstrip("-_") or "my-id"
