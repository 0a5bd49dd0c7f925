"""Escaping of journey text for Markdown, Mermaid, CSV, and the link-scheme filter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.render.escape import csv_cell, md_cell, md_text, mermaid_text, safe_url

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=60,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/report",
        "http://example.com/a?b=c#d",
        "mailto:research@example.com",
        "HTTPS://EXAMPLE.COM/",
    ],
)
def test_safe_url_keeps_http_https_mailto(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "report.html",
        "http:/missing-host",
        'https://example.com/"onmouseover=alert(1)',
        "https://example.com/<script>",
        "https://exa\u202emple.com/",
        "mailto:",
        "",
        None,
    ],
)
def test_safe_url_drops_everything_else(url: str | None) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("a | b", r"a \| b"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**bold** and _it_", r"\*\*bold\*\* and \_it\_"),
        ("[link](javascript:alert(1))", r"\[link\](javascript:alert(1))"),
        ("![img](x)", r"!\[img\](x)"),
        ("`code`", r"\`code\`"),
        ("- not a list", r"\- not a list"),
        ("+ not a list", r"\+ not a list"),
        ("1. not a list", r"1\. not a list"),
        ("# not a heading", r"\# not a heading"),
        ("line one\nline two", "line one line two"),
        ("~~struck~~ $math$", r"\~\~struck\~\~ \$math\$"),
        ("back\\slash", r"back\\slash"),
        ("&amp; stays literal", "&amp;amp; stays literal"),
        ("\tindented code?", "indented code?"),
        ("    four spaces", "four spaces"),
        ("  - padded bullet", r"\- padded bullet"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


def test_md_cell_keeps_line_breaks_as_br() -> None:
    assert md_cell("first | one\nsecond\r\nthird") == r"first \| one<br>second<br>third"


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_md_cell_never_breaks_a_table_row(text: str) -> None:
    cell = md_cell(text)
    assert "\n" not in cell
    assert "\r" not in cell
    # Every pipe is escaped, so the cell cannot end early.
    assert re.search(r"(?<!\\)\|", cell.replace("\\\\", "")) is None
    # No raw HTML from the text survives (our own <br> is the only tag).
    assert "<" not in cell.replace("<br>", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pays: card; or cash", "Pays#58; card#59; or cash"),
        ("Issue #12", "Issue #35;12"),
        ("50% off %%{init}%%", "50#37; off #37;#37;{init}#37;#37;"),
        ("pipe | and `tick`", "pipe #124; and #96;tick#96;"),
        ("<b>bold</b>", "#60;b#62;bold#60;/b#62;"),
        ("two\nlines", "two lines"),
        ("Tom, café owner", "Tom, café owner"),
    ],
)
def test_mermaid_text(text: str, expected: str) -> None:
    assert mermaid_text(text) == expected


def test_mermaid_actor_escapes_commas() -> None:
    assert mermaid_text("Tom, café owner", actor=True) == "Tom#44; café owner"


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_mermaid_text_leaves_no_grammar_characters(text: str) -> None:
    label = mermaid_text(text, actor=True)
    bare = re.sub(r"#[0-9]+;", "", label)
    assert not set(bare) & set('#:;,%`|<>&"\n\r')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\n=cmd"),  # a carriage return is a line break, written as one
        ("  =HYPERLINK()", "'  =HYPERLINK()"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_cell_neutralises_formulas(text: str, expected: str) -> None:
    assert csv_cell(text) == expected


# --- Markdown block starts ---------------------------------------------------------------------

# Every way CommonMark and GFM start a block at the start of a line or cell.
BLOCK_STARTS = (
    "1) ordered with a parenthesis",
    "1. ordered with a dot",
    "123456789) nine digits",
    "+ plus",
    "* star",
    "- minus",
    "# heading",
    "###### heading six",
    "> quote",
    "===",
    "---",
    "***",
    "___",
    "- - -",
    "```python",
    "~~~",
    "    indented code",
    "\tindented by a tab",
    "| a | b |",
    "<div>html</div>",
    "<!-- comment -->",
    "[x]: https://evil.example/definition",
    "[^1]: a footnote",
    "- [x] task",
)


def _blocks(markdown: str) -> tuple[list[str], dict[str, object]]:
    from markdown_it import MarkdownIt

    env: dict[str, object] = {}
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = parser.parse(markdown, env)
    return [token.type for token in tokens if token.block], env


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_journey_text_starts_no_markdown_block(text: str) -> None:
    """In every Markdown output, text at the start of a line (alone, after a paragraph, or
    after another line of text) is one paragraph: no list, heading, quote, break, code,
    fence, HTML, table or definition."""
    from cjmap.analysis.formats.md import md as analyze_md
    from cjmap.diff.formats.md import md_text as diff_md

    for escape in (md_text, diff_md, analyze_md):
        line = escape(text)
        for document in (line, f"{line}\n", f"Some text\n{line}\n", f"{line}\n{line}\n"):
            blocks, env = _blocks(document)
            assert blocks == ["paragraph_open", "inline", "paragraph_close"], (escape, line)
            assert not env.get("references"), (escape, line)


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_journey_text_in_a_cell_starts_no_block(text: str) -> None:
    cell = md_cell(f"{text}\n{text}")
    blocks, _ = _blocks(f"| a |\n| --- |\n| {cell} |\n")
    assert blocks.count("tr_open") == 2
    assert "paragraph_open" not in blocks
