"""The loader's lean events: libyaml's parser is handed named tuples for one parse at a time,
and the rest of the process never sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.document import load

_ruamel_yaml = pytest.importorskip("_ruamel_yaml", reason="ruamel.yaml.clib is not installed")

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").rglob("*.yaml"))


def _event_classes() -> dict[str, object]:
    return {name: getattr(_ruamel_yaml, name) for name in load._EVENT_FIELDS}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_lean_events_build_the_same_data_and_positions(path: Path) -> None:
    text = path.read_text("utf-8")
    lean = load.load_text(text, path.name)
    load.use_pure_python(True)
    try:
        pure = load.load_text(text, path.name)
    finally:
        load.use_pure_python(False)
    assert [d.data for d in lean.documents] == [d.data for d in pure.documents]
    assert lean.problems == pure.problems == []
    for index in range(len(lean.documents)):
        assert lean.source_map(index).values == pure.source_map(index).values
        assert lean.source_map(index).keys == pure.source_map(index).keys


@pytest.mark.parametrize(
    "text",
    ["kind: journey\nid: [unclosed\n", "a: *nowhere\n", "a: !!str x\n", "a: 1\na: 2\n"],
)
def test_the_parser_gets_its_own_classes_back(text: str) -> None:
    from ruamel.yaml import YAML, events

    before = _event_classes()
    assert before["ScalarEvent"] is events.ScalarEvent
    loaded = load.load_text(text, "x.yaml")
    assert loaded.problems  # every text above is refused, part-way through the parse
    assert _event_classes() == before
    # ruamel's own C-based loader still works in the same process.
    assert YAML(typ="safe", pure=False).load("a: [1, 2]") == {"a": [1, 2]}
