"""The size an alias repeats is counted for anchored values only (the builder counts nothing
outside them): the budget's message names the exact size of each anchored value, however it
sits among other containers and anchors."""

from __future__ import annotations

import re

import pytest

from cjmap.document import load

CASES = [
    # (YAML with an anchor &a used by the last alias, nodes and characters *a stands for)
    ("top: {x: [hello, {y: world}]}\na: &a {x: [hello, {y: world}]}\nb: *a\n", 6, 12),
    ("outer: &o\n  a: &a [ab, cd]\n  z: q\nb: *a\n", 3, 4),
    ("list:\n  - plain\n  - &a {k: [v, w]}\nb: *a\n", 4, 3),
    ("a: &a [&s abc, [de]]\nb: *s\nc: *a\n", 4, 5),
    ("a: &a {k: vv}\nb: &c {m: *a}\nz: *c\n", 5, 4),
]


@pytest.mark.parametrize(("text", "nodes", "chars"), CASES)
@pytest.mark.parametrize("pure", [False, True])
def test_an_anchored_value_s_size_is_counted_in_full(
    text: str, nodes: int, chars: int, pure: bool
) -> None:
    load.use_pure_python(pure)
    try:
        fits = load.load_text(text, "t.yaml", load.Limits(max_alias_chars=10_000))
        assert fits.problems == []
        over = load.load_text(text, "t.yaml", load.Limits(max_alias_chars=chars - 1))
        nodes_over = load.load_text(text, "t.yaml", load.Limits(max_alias_nodes=nodes - 1))
    finally:
        load.use_pure_python(False)
    messages = [p.message for p in over.problems if p.rule == "alias-budget"]
    assert len(messages) == 1, over.problems
    assert re.search(rf"stands for {chars:,} characters", messages[0]), messages[0]
    assert [p.rule for p in nodes_over.problems] == ["alias-budget"]
