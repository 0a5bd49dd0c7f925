"""``json_dumps``: the indented JSON of every machine output is the standard library's, byte
for byte, whichever encoder made it (orjson when installed, the standard library otherwise)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.util import textsafe
from cjmap.util.textsafe import json_dumps

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
KEYS = st.text() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.booleans() | st.none()
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=30,
)


def _standard(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return textsafe._JSON_UNSAFE.sub(textsafe._json_escape, text)


@settings(max_examples=500, deadline=None)
@given(DATA)
def test_indented_json_is_the_standard_library_s(data: Any) -> None:
    assert json_dumps(data) == _standard(data)


def test_a_big_integer_falls_back_to_the_standard_library() -> None:
    data = {"n": 2**70, "x": [1.5, "é\x1b"]}
    assert json_dumps(data) == _standard(data)
    assert json.loads(json_dumps(data)) == data


def test_without_orjson_the_standard_library_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now fails
    data = {"a": [1, {"b": None}], "c": "\u2028"}
    assert textsafe._indented(data) is None
    assert json_dumps(data) == _standard(data)


def test_orjson_makes_it_when_installed() -> None:
    pytest.importorskip("orjson")
    assert textsafe._indented({"a": 1}) == '{\n  "a": 1\n}'


@pytest.mark.parametrize(
    "value", [1e-05, -1e-05, 1e-06, 1e-07, 9.999e-05, 1.2345e-10, 5e-324, 1e-4]
)
def test_small_numbers_are_written_as_python_writes_them(value: float) -> None:
    data = {"v": value, "list": [value, {"w": value}], 'x": 1e-5': value}
    assert json_dumps(data) == _standard(data)
    assert json_dumps(value) == _standard(value)


def test_every_character_the_escapers_change_is_one_isprintable_refuses() -> None:
    """What lets ``escape_control`` and ``json_dumps`` skip their search on printable text."""
    every = "".join(map(chr, range(0x110000)))
    for pattern in (textsafe._UNSAFE, textsafe._JSON_UNSAFE, textsafe._HIDDEN):
        found = [m for m in pattern.findall(every) if len(m) == 1]
        assert found
        assert [hex(ord(c)) for c in found if c.isprintable()] == []


@pytest.mark.parametrize(
    "text",
    ["plain", "Привет", "::set-output", "a ::x", "##[error]", "##vso[task]", "\u2028", "é\x9b"],
)
def test_the_fast_path_gives_what_the_search_gives(text: str) -> None:
    assert textsafe.escape_control(text) == textsafe._UNSAFE.sub(textsafe._escape, text)
    assert json_dumps([text]) == _standard([text])
