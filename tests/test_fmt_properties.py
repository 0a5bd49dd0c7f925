"""Properties of ``cjmap fmt`` over generated journeys with comments everywhere.

Each generated file is written the way people write them: keys in any order, unknown keys,
2- or 4-space indentation, sequences indented under their key or not, quoted and plain
text in several languages, flow lists, and comments above keys, above items and at the end
of lines. Every comment names the key it describes, so after formatting we can check that it
still sits above (or on the line of) that same key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from cjmap.fmt.formatter import BOM, format_text
from cjmap.fmt.keys import KEY_ORDER

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = [
    "onboarding", "Pricing page", "Онбординг", "Цены не видны", "Καλημέρα", "Ελένη",
    "试用期", "看到广告", "žluťoučký kůň", "Příliš", "a: b", "x # y", "50%", "yes", "no",
    "off", "null", "true", "42", "3.5", "", "-dash", "[not a list]", "it's", 'say "hi"',
]  # fmt: skip
NOTES = ["note", "заметка", "σημείωση", "注释", "poznámka", "TODO: check", "#hash", "a: b"]
PLAIN = re.compile(r"[A-Za-z\u0400-\u04ff\u0370-\u03ff\u4e00-\u9fff][\w .,%-]*")
YAML11 = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}

Draw = Callable[[st.SearchStrategy[Any]], Any]


def scalar_text(value: Any) -> str:
    """A YAML spelling of a scalar: plain when that is unambiguous, else JSON-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in YAML11 and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Writer:
    """Writes a journey as YAML text and remembers which key each comment describes."""

    draw: Draw
    step: int
    dash_offset: int
    lines: list[str] = field(default_factory=list)
    above: dict[str, tuple[str, ...]] = field(default_factory=dict)
    eol: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counter: int = 0

    def note(self, kind: str, path: tuple[str, ...]) -> str:
        self.counter += 1
        text = f"# {kind}{self.counter} {self.draw(st.sampled_from(NOTES))}"
        (self.above if kind == "c" else self.eol)[text] = path
        return text

    def maybe_above(self, indent: int, path: tuple[str, ...]) -> None:
        if self.draw(st.booleans()):
            if self.draw(st.booleans()):
                self.lines.append("")
            self.lines.append(" " * indent + self.note("c", path))

    def tail(self, path: tuple[str, ...]) -> str:
        return "  " + self.note("e", path) if self.draw(st.booleans()) else ""

    def mapping(
        self,
        items: list[tuple[str, Any]],
        indent: int,
        path: tuple[str, ...],
        first_prefix: str | None = None,
    ) -> None:
        for index, (key, value) in enumerate(items):
            here = (*path, key)
            prefix = " " * indent
            if index == 0 and first_prefix is not None:
                prefix = first_prefix
            else:
                # Comments above a document's first key are its header: they stay on top.
                self.maybe_above(indent, here if path or index else ("<head>",))
            self.entry(prefix + f"{key}:", value, indent, here)

    def entry(self, head: str, value: Any, indent: int, path: tuple[str, ...]) -> None:
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            self.lines.append(head + self.tail(path))
            self.sequence(value, indent + self.dash_offset, path)
        elif isinstance(value, list) and self.draw(st.booleans()):
            flow = ", ".join(scalar_text(v) for v in value)
            self.lines.append(f"{head} [{flow}]" + self.tail(path))
        elif isinstance(value, list) and value:
            self.lines.append(head + self.tail(path))
            dash = " " * (indent + self.dash_offset)
            for number, item in enumerate(value):
                self.maybe_above(indent + self.dash_offset, (*path, str(number)))
                self.lines.append(f"{dash}- {scalar_text(item)}" + self.tail((*path, str(number))))
        elif isinstance(value, list):
            self.lines.append(f"{head} []" + self.tail(path))
        elif isinstance(value, dict):
            self.lines.append(head + self.tail(path))
            self.mapping(list(value.items()), indent + self.step, path)
        else:
            self.lines.append(f"{head} {scalar_text(value)}" + self.tail(path))

    def sequence(self, items: list[dict[str, Any]], dash: int, path: tuple[str, ...]) -> None:
        for number, item in enumerate(items):
            here = (*path, str(number))
            self.maybe_above(dash, here)
            pairs = list(item.items())
            inner = dash + max(2, self.step)
            first = " " * dash + "-" + " " * (inner - dash - 1)
            self.mapping(pairs, inner, here, first_prefix=first)


def shuffled(draw: Draw, keys: list[str]) -> list[str]:
    return list(draw(st.permutations(keys)))


def text_value(draw: Draw) -> Any:
    return draw(st.one_of(st.sampled_from(WORDS), st.integers(-5, 500), st.booleans()))


def some_keys(draw: Draw, kind: str, required: list[str], optional: list[str]) -> list[str]:
    chosen = required + [key for key in optional if draw(st.booleans())]
    if draw(st.booleans()):
        chosen.append(draw(st.sampled_from(["x-note", "zeta", "custom_field"])))
    assert all(
        key in KEY_ORDER[kind] or key in ("x-note", "zeta", "custom_field") for key in chosen
    )
    return shuffled(draw, chosen)


def pain_point(draw: Draw, ident: str) -> dict[str, Any]:
    values = {
        "id": ident,
        "text": draw(st.sampled_from(WORDS)),
        "severity": draw(st.integers(1, 5)),
    }
    return {key: values[key] for key in shuffled(draw, list(values))}


def touchpoint(draw: Draw, number: int) -> dict[str, Any]:
    optional = ["channel", "owner", "actions", "emotion", "effort", "pain_points"]
    keys = some_keys(draw, "touchpoint", ["id", "name"], optional)
    values: dict[str, Any] = {
        "id": f"tp-{number}",
        "name": draw(st.sampled_from(WORDS)) or "Touchpoint",
        "channel": draw(st.sampled_from(["web", "email", "телефон"])),
        "owner": "cx-team",
        "actions": draw(st.lists(st.sampled_from(WORDS), max_size=3)),
        "emotion": draw(st.one_of(st.integers(-2, 2), st.just({"maria": -1, "tom": 2}))),
        "effort": draw(st.integers(1, 5)),
        "pain_points": [pain_point(draw, f"p{number}-{n}") for n in range(draw(st.integers(1, 2)))],
    }
    return {key: values.get(key, text_value(draw)) for key in keys}


@st.composite
def journeys(draw: Draw) -> tuple[str, Writer]:
    writer = Writer(
        draw, step=draw(st.sampled_from([2, 4])), dash_offset=draw(st.sampled_from([0, 2]))
    )
    if draw(st.booleans()):
        writer.lines.append("# yaml-language-server: $schema=../schemas/journey.json")
    stages = []
    for number in range(draw(st.integers(1, 3))):
        keys = some_keys(draw, "stage", ["id", "name"], ["goal", "duration", "touchpoints"])
        values: dict[str, Any] = {
            "id": f"stage-{number}",
            "name": draw(st.sampled_from(WORDS)) or "Stage",
            "goal": draw(st.sampled_from(WORDS)),
            "duration": "2w",
            "touchpoints": [
                touchpoint(draw, number * 10 + n) for n in range(draw(st.integers(1, 3)))
            ],
        }
        stages.append({key: values.get(key, text_value(draw)) for key in keys})
    optional = ["description", "owner", "tags", "personas", "goals"]
    keys = some_keys(draw, "journey", ["kind", "id", "title", "stages"], optional)
    values = {
        "kind": "journey",
        "id": "generated",
        "title": draw(st.sampled_from(WORDS)) or "Journey",
        "description": draw(st.sampled_from(WORDS)),
        "owner": "cx-team",
        "tags": draw(st.lists(st.sampled_from(["b2b", "saas", "мобильный"]), max_size=3)),
        "personas": ["maria", "tom"],
        "goals": draw(st.lists(st.sampled_from(WORDS), max_size=2)),
        "stages": stages,
    }
    writer.mapping([(key, values.get(key, text_value(draw))) for key in keys], 0, ())
    if draw(st.booleans()):
        writer.lines.append(writer.note("c", ("<end>",)))
    return "\n".join(writer.lines) + "\n", writer


# --- checks ---------------------------------------------------------------------------------


def safe(text: str) -> Any:
    return YAML(typ="safe").load(text)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The 0-based line of every key and sequence item of the formatted text."""
    found: dict[tuple[str, ...], int] = {}

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key in node:
                found[(*path, str(key))] = node.lc.key(key)[0]
                walk(node[key], (*path, str(key)))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                found[(*path, str(index))] = node.lc.item(index)[0]
                walk(item, (*path, str(index)))

    walk(YAML(typ="rt").load(text), ())
    return found


def comment_block_above(lines: list[str], line: int) -> list[str]:
    """The comment and blank lines right above ``line``."""
    block = []
    number = line - 1
    while number >= 0 and (not lines[number].strip() or lines[number].lstrip().startswith("#")):
        block.append(lines[number].strip())
        number -= 1
    return block


@SETTINGS
@given(journeys())
def test_fmt_properties(generated: tuple[str, Writer]) -> None:
    """One generated journey, every property (generating and formatting is the slow part)."""
    text, writer = generated
    out = format_text(text)
    assert format_text(out) == out, "idempotent"
    assert safe(out) == safe(text), "the same data"
    check_comments_kept_with_their_keys(out, writer)
    check_canonical_order(out)


def check_comments_kept_with_their_keys(out: str, writer: Writer) -> None:
    lines = out.split("\n")
    where = key_lines(out)
    for comment, path in writer.above.items():
        if path == ("<end>",):
            assert lines[-2].strip() == comment
        elif path == ("<head>",):
            assert comment in comment_block_above(lines, where[("kind",)]), out
        else:
            assert comment in comment_block_above(lines, where[path]), (comment, path, out)
    for comment, path in writer.eol.items():
        assert lines[where[path]].rstrip().endswith(comment), (comment, path, out)


def check_canonical_order(out: str) -> None:
    data = YAML(typ="rt").load(out)
    assert in_order(data, "journey")
    for stage in data["stages"]:
        assert in_order(stage, "stage")
        for point in stage.get("touchpoints", []):
            assert in_order(point, "touchpoint")


def in_order(mapping: dict[str, Any], kind: str) -> bool:
    order = KEY_ORDER[kind]
    keys = list(mapping)
    known = [key for key in keys if key in order]
    unknown_after_known = all(key in order for key in keys[: len(known)])
    return known == sorted(known, key=order.index) and unknown_after_known


# --- comments dropped anywhere into real files ----------------------------------------------

CORPUS = sorted((Path(__file__).parent / "fmt_corpus").glob("*.yaml"))


@st.composite
def corpus_with_comments(draw: Draw) -> tuple[str, str]:
    """A corpus file with comment lines, blank lines and end-of-line comments added anywhere
    (at any indentation), as long as the data stays the same."""
    path = draw(st.sampled_from(CORPUS))
    text = path.read_bytes().removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    for number in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["comment", "comment", "blank", "end of line"]))
        if how == "comment":
            indent = draw(st.sampled_from([0, 2, 4, 6, 8, 10]))
            lines.insert(at, " " * indent + f"# added {number} {draw(st.sampled_from(NOTES))}")
        elif how == "blank":
            lines.insert(at, "")
        elif lines[at].strip() and "#" not in lines[at]:
            lines[at] += " " * draw(st.integers(1, 3)) + f"# end {number}"
    changed = "\n".join(lines)
    try:
        same_data = safe_all(changed) == safe_all(text)
    except YAMLError:
        same_data = False
    assume(same_data)
    return text, changed


def safe_all(text: str) -> list[Any]:
    return list(YAML(typ="safe").load_all(text))


@settings(SETTINGS, max_examples=40)
@given(corpus_with_comments())
def test_comments_added_anywhere_are_kept(case: tuple[str, str]) -> None:
    _, text = case
    out = format_text(text)
    assert format_text(out) == out
    assert safe_all(out) == safe_all(text)
    added = sorted(line.strip() for line in text.split("\n") if "# added" in line)
    assert sorted(line.strip() for line in out.split("\n") if "# added" in line) == added
    assert out.count("# end ") == text.count("# end ")
