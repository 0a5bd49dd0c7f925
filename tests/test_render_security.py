"""Rendered maps are safe to open when the journey came from someone else.

These checks read the HTML with a real parser (html5lib, as a browser would); the browser
tests (test_render_browser.py) also load the pages in Chromium.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import html5lib
import pytest

from cjmap.render.formats.html import portfolio_script
from render_support import all_payload_texts, write_hostile_workspace

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cjmap.cli import main

    root = write_hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    out = root.parent / "site"
    for fmt in ("html", "md", "csv", "mermaid", "json"):
        code = main(["render", str(root), "-f", fmt, "-o", str(out / fmt)])
        assert code == 0
    return out


def parse(path: Path) -> Any:
    return html5lib.parse(path.read_text("utf-8"), namespaceHTMLElements=True)


def local(tag: str) -> str:
    return tag.split("}", 1)[-1]


PAGES = ("hostile.html", "baseline.html", "index.html")


@pytest.mark.parametrize("page", PAGES)
def test_no_executable_or_loading_element(hostile_site: Path, page: str) -> None:
    tree = parse(hostile_site / "html" / page)
    forbidden = {"iframe", "img", "link", "object", "embed", "base", "form", "frame", "video"}
    for element in tree.iter():
        name = local(str(element.tag))
        assert name not in forbidden, f"<{name}> in {page}"
        if name == "script" and element.get("type") != "application/json":
            # Besides JSON data blocks, only the index's own portfolio script, byte for byte.
            assert page == "index.html", f"a script in {page}"
            assert element.text == portfolio_script(), "a script that is not the portfolio's"
        if name == "meta":
            assert element.get("http-equiv") in (None, "Content-Security-Policy")
        for attribute, value in element.attrib.items():
            assert not local(attribute).lower().startswith("on"), f"{attribute}= in {page}"
            if local(attribute) in {"href", "src", "xlink:href", "action", "formaction"}:
                assert re.match(r"^(https?://|mailto:|#|[a-z0-9_-]+\.html(#[\w-]+)?$)", value), (
                    f"unsafe link {value!r} in {page}"
                )


@pytest.mark.parametrize("page", PAGES)
def test_csp_first_in_head_and_hashes_the_only_style(hostile_site: Path, page: str) -> None:
    tree = parse(hostile_site / "html" / page)
    head = tree.find(f"{XHTML}head")
    first = next(iter(head))
    assert local(first.tag) == "meta"
    assert first.get("http-equiv") == "Content-Security-Policy"
    policy = first.get("content")
    assert "default-src 'none'" in policy
    assert "script-src" not in policy or "'unsafe-inline'" not in policy
    scripts = [s for s in tree.iter(f"{XHTML}script") if s.get("type") != "application/json"]
    if page == "index.html":
        # The portfolio's script is allowed by its hash, and only it.
        (script,) = scripts
        digest = base64.b64encode(hashlib.sha256(script.text.encode("utf-8")).digest()).decode()
        assert f"script-src 'sha256-{digest}';" in policy
    else:
        assert scripts == []
        assert "script-src" not in policy
    assert "unsafe" not in policy
    styles = list(tree.iter(f"{XHTML}style"))
    assert len(styles) == 1, "journey text must never open a <style>"
    digest = base64.b64encode(hashlib.sha256(styles[0].text.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    referrer = [m for m in tree.iter(f"{XHTML}meta") if m.get("name") == "referrer"]
    assert referrer
    assert referrer[0].get("content") == "no-referrer"
    # No element may carry an inline style: the policy would block it, and it could smuggle CSS.
    assert not [e for e in tree.iter() if "style" in e.attrib]


def test_style_block_is_the_builtin_stylesheet(hostile_site: Path) -> None:
    from cjmap.render.formats.html import stylesheet

    tree = parse(hostile_site / "html" / "hostile.html")
    (style,) = tree.iter(f"{XHTML}style")
    assert style.text == stylesheet()


def test_every_payload_is_text(hostile_site: Path) -> None:
    tree = parse(hostile_site / "html" / "hostile.html")
    body = tree.find(f"{XHTML}body")
    for script in body.findall(f".//{XHTML}script"):
        script.text = ""
    text = "".join(body.itertext())
    shown = [p for p in all_payload_texts()[:30] if p.split("\n")[0] in text]
    # Payloads show literally (minus what the map leaves out, such as ids).
    assert len(shown) >= 25
    assert "{{ 7*7 }}" in text
    assert re.search(r"(?<![P\d.])49(?!\d)", text) is None, "a template expression ran"


def test_lang_attribute_falls_back_when_the_locale_is_hostile(hostile_site: Path) -> None:
    tree = parse(hostile_site / "html" / "hostile.html")
    assert tree.get("lang") == "en"


def test_unsafe_source_links_are_dropped_safe_ones_kept(hostile_site: Path) -> None:
    page = (hostile_site / "html" / "hostile.html").read_text("utf-8")
    assert 'href="https://example.com/ok"' in page
    assert "javascript:alert(&#39;source&#39;)" not in page
    assert 'href="data:' not in page
    assert 'href="javascript:' not in page


def test_embedded_json_round_trips(hostile_site: Path) -> None:
    tree = parse(hostile_site / "html" / "hostile.html")
    (block,) = list(tree.iter(f"{XHTML}script"))
    data = json.loads(block.text)
    assert data["journey"] == "hostile"
    raw = (hostile_site / "html" / "hostile.html").read_text("utf-8")
    data_block = raw[raw.index('id="cjmap-data">') :]
    assert "</script><script>" not in data_block.split("</script>", 1)[0]


def test_markdown_escapes_every_payload(hostile_site: Path) -> None:
    text = (hostile_site / "md" / "hostile.md").read_text("utf-8")
    assert "<script" not in text
    assert "<img" not in text
    assert "<iframe" not in text
    assert "](javascript:" not in text
    assert "](data:" not in text
    # Every row of a table has as many cells as its header: no payload split a row.
    widths: list[int] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            widths.append(len(re.split(r"(?<!\\)\|", line)))
            continue
        assert len(set(widths)) <= 1, widths
        widths = []


def test_markdown_parses_to_no_foreign_markup(hostile_site: Path) -> None:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for page in ("hostile.md", "baseline.md", "README.md"):
        tokens = parser.parse((hostile_site / "md" / page).read_text("utf-8"))
        inline = [child for t in tokens for child in t.children or ()]
        assert not [c for c in inline if c.type == "image"], page
        html = {c.content for c in inline if c.type == "html_inline"}
        assert html <= {"<br>", "<sub>", "</sub>"}, page
        for link in (c for c in inline if c.type == "link_open"):
            href = link.attrs["href"]
            assert re.match(r"^(https?://|mailto:|[a-z0-9_-]+\.md$|README\.md$)", str(href)), href
        assert not [t for t in tokens if t.type == "html_block"], page


def test_markdown_bold_survives_padded_names(tmp_path: Path, cli: Callable[..., Any]) -> None:
    from markdown_it import MarkdownIt

    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    (tmp_path / "j.yaml").write_text(
        "kind: journey\nid: j\ntitle: T\npersonas: [{id: a, name: '  padded '}]\n"
        'stages: [{id: s, name: S, touchpoints: [{id: t, name: "\\tpadded ", emotion: 1}]}]\n',
        "utf-8",
    )
    result = cli("render", "-f", "md", "-o", "-", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(result.stdout)
    bold = [
        t.children[i + 1].content
        for t in tokens
        for i, c in enumerate(t.children or ())
        if c.type == "strong_open"
    ]
    assert bold.count("padded") == 2, bold


def test_mermaid_has_no_raw_grammar_characters(hostile_site: Path) -> None:
    text = (hostile_site / "mermaid" / "hostile.mmd").read_text("utf-8")
    for line in text.splitlines()[1:]:
        body = line.strip()
        keyword, _, rest = body.partition(" ")
        if keyword in {"accTitle:", "accDescr:"}:
            rest = body.split(":", 1)[1]
        label = re.sub(r"#[0-9]+;", "", rest)
        if keyword not in {"title", "section", "accTitle:", "accDescr:"}:
            # A task: name, score, actors separated by exactly two colons.
            assert label.count(":") == 2, line
            label = label.replace(":", "")
        assert not set(label) & set(";#%`|<>"), line


def test_csv_neutralises_formulas(hostile_site: Path) -> None:
    raw = (hostile_site / "csv" / "hostile.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
            assert not (cell.startswith("-") and not re.fullmatch(r"-[0-9.]+", cell)), cell


def test_json_keeps_text_exact(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "json" / "hostile.json").read_text("utf-8"))
    from render_support import hostile_journey

    assert data["journey"]["title"] == hostile_journey()["title"]


def test_custom_templates_are_autoescaped_too(tmp_path: Path, cli: Callable[..., Any]) -> None:
    root = write_hostile_workspace(tmp_path / "ws")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<h1>{{ j.title }}</h1>'
        "<p>{{ j.stages[0].touchpoints[0].name }}</p>{% endblock %}",
        "utf-8",
    )
    result = cli("render", str(root), "--templates", str(templates), "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "o" / "hostile.html").read_text("utf-8")
    assert "<img" not in page
    assert "<svg onload" not in page
    assert "&lt;img src=x onerror=" in page
