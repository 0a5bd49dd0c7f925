r"""Text holds a control character or a Unicode noncharacter.

YAML lets a quoted text carry any character as an escape (`"\x1b"`, `"\u0085"`,
`"\ufdd0"`, `"\U0001fffe"`), including ones that no page, spreadsheet or terminal can
show: control characters (which act on a terminal instead of showing) and noncharacters
(which the HTML standard forbids). They are usually pasted in by accident. cjmap never
writes them raw: every output shows them as visible escapes (`\x1b`), so the text still
reads, but they are almost never what the author meant. Remove the escape from the quoted
text, or retype the text if it was pasted. Tabs and line breaks are fine. The rule checks
journeys, personas and `cjmap.yaml`.

Fails:

```yaml
name: "Gets the welcome email\x1b[31m"
```

Passes:

```yaml
name: Gets the welcome email
```
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cjmap.document.hidden import HiddenText
from cjmap.document.load import Path
from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext

ID = "hidden-character"
SEVERITY: Severity = "warning"
SUMMARY = "Text holds a control character or a noncharacter that no output can show."

# Names people can recognise, for the controls pasted most often.
_NAMES = {
    0x00: "NUL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def describe(char: str) -> str:
    """``U+001B (ESCAPE, written "\\x1b" in YAML)``: which character, and how it looks in
    the file."""
    from cjmap.util.textsafe import show_hidden

    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = _NAMES.get(code, "a control character")
    else:
        kind = "a Unicode noncharacter"
    return f'U+{code:04X} ({kind}, written "{show_hidden(char)}" in YAML)'


def hits(found: Iterable[HiddenText]) -> Iterator[Hit]:
    """A hit for every text that the reader found holding a hidden character."""
    for text in found:
        yield _hit(text.path, list(text.chars), at_key=text.at_key)


def _hit(path: Path, found: list[str], *, at_key: bool) -> Hit:
    first = describe(found[0])
    more = len(dict.fromkeys(found)) - 1
    also = f" and {more} other such character{'s' * (more != 1)}" if more else ""
    return Hit(
        path,
        f"this text holds {first}{also}, which pages, spreadsheets and terminals cannot show",
        "remove the escape from the quoted text (or retype the text if it was pasted); "
        "cjmap shows it as a visible escape until then",
        at_key=at_key,
    )


def check(ctx: JourneyContext) -> Iterator[Hit]:
    # Found while the file was read (its plain data is not kept): see corpus.file_docs.
    yield from hits(ctx.doc.hidden)
