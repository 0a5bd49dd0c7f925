"""Making untrusted journey text safe for each output: Markdown, Mermaid, CSV, links.

HTML escaping is Jinja's job (autoescape is on for every HTML template); the functions here
cover the formats that Jinja does not write.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from cjmap.util.textsafe import md_line_start, show_hidden

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters a URL never carries raw: controls, whitespace, and quotes or angle brackets that
# would only be there to break out of an attribute or a Markdown link.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`\u2028\u2029\u200b-\u200f\u202a-\u202e]")


def safe_url(url: str | None) -> str | None:
    """``url`` when its scheme is http, https or mailto and it is well formed; else None.

    Anything else — ``javascript:``, ``data:``, ``file:``, relative or protocol-relative
    links, links hiding whitespace or control characters — is dropped, so the caller shows
    the text without a link.
    """
    if not url or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in {"http", "https"} and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return url


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029]")

# Markdown punctuation that can start a construct anywhere in a line: emphasis, code, links
# and images (with ``[`` escaped, ``(`` and ``!`` are plain), tables, strikethrough, math,
# headings, escapes.
_MD_INLINE = re.compile(r"([\\`*_\[\]#|~$])")


def _one_line(text: str, joiner: str) -> str:
    # Controls and noncharacters become visible escapes (``\x1b``), never raw, never dropped.
    return show_hidden(_LINE_BREAKS.sub(joiner, text))


def md_text(text: str) -> str:
    """Journey text as literal Markdown on one line (in a list item, a heading, a sentence).

    HTML is written as entities, Markdown punctuation is backslash-escaped, line breaks
    become spaces, and surrounding blanks go (a line that starts with a tab or four spaces
    would be a code block), so the text renders as written on GitHub and GitLab.
    """
    text = _one_line(text, " ").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Constructs that only count at the start of a line: lists, setext headings, breaks.
    return md_line_start(_MD_INLINE.sub(r"\\\1", text))


def md_cell(text: str) -> str:
    """Journey text as the content of a Markdown table cell: like :func:`md_text`, with line
    breaks kept as ``<br>`` (a cell cannot span lines)."""
    parts = [md_text(part) for part in _LINE_BREAKS.split(text)]
    return "<br>".join(part.strip() for part in parts)


# Mermaid decodes ``#<code>;`` entities in every label, before parsing: the safe way to show
# characters its grammar reserves (``:`` ends a task name, ``;`` ends a statement, ``#``
# starts an entity, ``%%`` starts a comment), HTML, pipes and backticks, and square brackets
# (so that a diagram shown as Markdown source carries no link syntax).
_MERMAID_RESERVED = re.compile(r"[#:;%`|<>&\"\\\[\]]")
_MERMAID_ACTOR = re.compile(r"[#:;%`|<>&\"\\\[\],]")


# Words Mermaid's journey lexer reads as a statement where a label starts (case-insensitive;
# its rules are tried in order at every token start): ``journey``, ``title <text>``,
# ``section <name>``, ``accTitle:``, ``accDescr:`` and ``accDescr {`` (which swallows the
# lines up to a ``}``). A label starting with one gets its first letter as an entity.
_MERMAID_KEYWORD = re.compile(r"(?:journey|title|section|acc\s*(?:title|descr))", re.IGNORECASE)


def mermaid_text(text: str, *, actor: bool = False) -> str:
    """Journey text as one safe Mermaid label: reserved characters as ``#<code>;`` entities,
    line breaks as spaces; in an ``actor`` name, commas too (they separate actors); a label
    that starts with a keyword of the journey grammar (``Section 2 of the form``) starts
    with an entity, so that it stays a label."""
    text = " ".join(_one_line(text, " ").split())
    pattern = _MERMAID_ACTOR if actor else _MERMAID_RESERVED
    text = pattern.sub(lambda m: f"#{ord(m.group())};", text)
    if _MERMAID_KEYWORD.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text


def csv_cell(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows and never evaluates, written as
    ``analyze --format csv`` writes it (:func:`cjmap.util.textsafe.csv_text`): a cell that would
    start a formula gets a leading apostrophe, characters that act on a terminal are shown as
    escapes, tabs and line breaks are kept."""
    from cjmap.util.textsafe import csv_text

    return csv_text(text)
