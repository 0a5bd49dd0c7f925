"""``show_hidden``'s shortcut for printable text gives what its pattern gives, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cjmap.util import textsafe


def _by_pattern(text: str) -> str:
    return textsafe._HIDDEN.sub(textsafe._visible, text)


@given(st.text())
def test_the_printable_shortcut_is_the_patterns_answer(text: str) -> None:
    assert textsafe.show_hidden(text) == _by_pattern(text)


def test_what_is_hidden_is_still_shown_as_its_code() -> None:
    for hidden in ("\x1b", "\x7f", "\x85", "\ufdd0", "\U0001fffe"):
        shown = textsafe.show_hidden(f"a{hidden}b")
        assert hidden not in shown
        assert shown == _by_pattern(f"a{hidden}b")
    assert textsafe.show_hidden("tab\tand\nbreak") == "tab\tand\nbreak"
