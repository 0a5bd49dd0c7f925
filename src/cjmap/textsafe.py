"""Making untrusted text safe to print on a terminal or in a CI log."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode bidi controls that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """``text`` with control characters (ANSI escapes, newlines, bidi overrides) made visible,
    so that journey text cannot forge log lines, CI commands or terminal output."""
    return _UNSAFE.sub(_escape, text)
