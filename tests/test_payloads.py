"""The payload suite: every format of every command, fed journeys with an attack in every
text field (``tests/payloads.py``; the promises checked here are written in SECURITY.md).

Each hostile output is compared with the output of a *clean twin*: the same journeys with
harmless text. Journey text may change what is written, never the shape of the output: the
same HTML elements and scripts, the same Markdown blocks and tables, the same Mermaid
statements, the same CSV rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import payloads
from cjmap.render.formats.html import portfolio_script
from output_checks import (
    MERMAID_LINE,
    Result,
    assert_mermaid,
    assert_no_formula,
    assert_terminal_safe,
    git,
    run,
)
from payloads import PAYLOADS, payload_journeys

XHTML = "{http://www.w3.org/1999/xhtml}"

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "ping",
    "cite",
    "longdesc",
    "srcdoc",
}
# Links a page may carry: http(s) with a host, mailto, in-page anchors, and links between
# the rendered pages themselves (named after journey ids, which are slugs).
ALLOWED_LINK = re.compile(
    r"^(https?://[^\s\"'<>`]+|mailto:\S+|#[\w-]*|[a-z0-9][\w-]*\.html(#[\w-]*)?)$"
)
JOURNEYS = sorted(payload_journeys())


def expected(journey_id: str) -> dict[str, Any]:
    """The journey as written to the hostile workspace."""
    text = payload_journeys()[journey_id]
    return payloads.journey(journey_id, f"{journey_id}-persona", text)


TOUCHPOINTS_PER_JOURNEY = 3


@dataclass
class Spaces:
    hostile: Path
    clean: Path
    bad: Path
    out: Path


@pytest.fixture(scope="module")
def spaces(tmp_path_factory: pytest.TempPathFactory) -> Spaces:
    base = tmp_path_factory.mktemp("payloads")
    return Spaces(
        hostile=payloads.write_payload_workspace(base / "hostile"),
        clean=payloads.write_clean_workspace(base / "clean"),
        bad=payloads.write_bad_workspace(base / "bad"),
        out=base / "out",
    )


@pytest.fixture(scope="module")
def rendered(spaces: Spaces) -> dict[tuple[str, str], Path]:
    """(side, format) → the folder it was rendered to."""
    folders = {}
    for side, formats in (
        ("hostile", ("html", "md", "mermaid", "csv", "json")),
        ("clean", ("html", "md", "mermaid")),
    ):
        for fmt in formats:
            folder = spaces.out / side / fmt
            result = run("render", "-f", fmt, "-o", str(folder), cwd=getattr(spaces, side))
            assert result.exit_code == 0, result.stderr
            # Notes quote the journeys' locales, which are payloads too.
            assert_terminal_safe(result.stderr)
            folders[side, fmt] = folder
    return folders


# --- HTML ------------------------------------------------------------------------------------


def parse_html(path: Path) -> Any:
    return html5lib.parse(path.read_text("utf-8"), namespaceHTMLElements=True)


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


# Pages read with the HTML5 parser (pure Python, so not all of them): the one with every
# payload, the index, those of the markup families, and one per URL payload.
HTML5_PAGES = [
    "all-payloads.html",
    "index.html",
    *(f"{journey}.html" for journey in JOURNEYS if journey.startswith("family-")),
    *(f"p{index:03d}.html" for index, (family, _) in enumerate(PAYLOADS) if family == "url"),
]


def page_shape(tree: Any) -> dict[str, Any]:
    elements = Counter(local(str(e.tag)) for e in tree.iter() if isinstance(e.tag, str))
    scripts = [(s.get("type"), s.get("id")) for s in tree.iter(f"{XHTML}script")]
    metas = [(m.get("http-equiv"), m.get("name")) for m in tree.iter(f"{XHTML}meta")]
    return {"elements": set(elements), "scripts": scripts, "metas": metas}


@pytest.fixture(scope="module")
def clean_html_shapes(rendered: dict[tuple[str, str], Path]) -> dict[str, dict[str, Any]]:
    """The shape of a journey page and of the index, rendered from harmless text."""
    folder = rendered["clean", "html"]
    return {
        "journey": page_shape(parse_html(folder / "all-payloads.html")),
        "index": page_shape(parse_html(folder / "index.html")),
    }


@pytest.mark.parametrize("page", HTML5_PAGES)
def test_html_runs_nothing_and_links_only_to_safe_places(
    rendered: dict[tuple[str, str], Path], clean_html_shapes: dict[str, dict[str, Any]], page: str
) -> None:
    tree = parse_html(rendered["hostile", "html"] / page)
    shape = page_shape(tree)
    clean_html_shape = clean_html_shapes["index" if page == "index.html" else "journey"]
    assert shape["scripts"] == clean_html_shape["scripts"], "a script that is not ours"
    assert shape["metas"] == clean_html_shape["metas"]
    assert shape["elements"] <= clean_html_shape["elements"] | {"a"}, "an element not ours"
    links = 0
    for element in tree.iter():
        for attribute, value in element.attrib.items():
            name = local(str(attribute)).lower()
            assert not name.startswith("on"), f"{name}= on <{local(str(element.tag))}>"
            if name in URL_ATTRIBUTES:
                links += 1
                assert ALLOWED_LINK.match(value), f"{name}={value!r}"
    assert links > 0, "the page has links: the check above looked at them"
    head = tree.find(f"{XHTML}head")
    first = next(iter(head))
    assert local(first.tag) == "meta"
    assert first.get("http-equiv") == "Content-Security-Policy"
    policy = first.get("content")
    assert policy.startswith("default-src 'none'")
    assert "unsafe" not in policy
    if page == "index.html":
        # The portfolio's own script, by its hash, and nothing else.
        from cjmap.render.formats.html import portfolio_script, source_hash

        assert f"script-src {source_hash(portfolio_script())};" in policy
    else:
        assert "script-src" not in policy


def tag_counts_of(html: str) -> Counter[str]:
    return Counter(m.lower() for m in re.findall(r"<(/?[A-Za-z][\w:-]*)", html))


def tag_counts(path: Path) -> Counter[str]:
    return tag_counts_of(path.read_text("utf-8"))


@pytest.mark.parametrize("journey", [*JOURNEYS, "index"])
def test_html_has_exactly_the_markup_of_its_clean_twin(
    rendered: dict[tuple[str, str], Path], journey: str
) -> None:
    """Every '<' of journey text is escaped, so the tags in a page are those of the same page
    rendered from harmless text (a cheap check that also covers the 100 KB page)."""
    hostile = tag_counts(rendered["hostile", "html"] / f"{journey}.html")
    clean = tag_counts(rendered["clean", "html"] / f"{journey}.html")
    assert hostile == clean


def test_html_shows_the_payloads_as_text(rendered: dict[tuple[str, str], Path]) -> None:
    from cjmap.util.textsafe import show_hidden

    tree = parse_html(rendered["hostile", "html"] / "all-payloads.html")
    body = tree.find(f"{XHTML}body")
    for script in body.iter(f"{XHTML}script"):
        script.text = ""
    text = "".join(body.itertext())
    for _, payload in PAYLOADS:
        # Controls and noncharacters are shown as visible escapes, never raw.
        first_line = show_hidden(payload.split("\n")[0].strip())
        if first_line and "\r" not in first_line:
            assert first_line in text, first_line
    assert "{{ 7*7 }}" in text
    assert re.search(r"(?<![\d.])49(?![\d.])", text) is None, "a template expression ran"


@pytest.mark.browser
def test_html_executes_nothing_in_chromium(rendered: dict[tuple[str, str], Path]) -> None:
    from chromium import Chromium, find_chromium

    executable, missing = find_chromium()
    if executable is None:
        pytest.skip(missing)
    pytest.importorskip("websockets", reason="the browser tests need the websockets package")
    folder = rendered["hostile", "html"]
    pages = [
        "all-payloads.html",
        "index.html",
        "family-script.html",
        "family-breakout.html",
        *(f"p{index:03d}.html" for index, (family, _) in enumerate(PAYLOADS) if family == "url"),
    ]
    with Chromium(executable, timeout=60) as browser:
        for page in pages:
            report = browser.open(folder / page)
            assert report.dialogs == [], f"{page}: a payload opened a dialog"
            assert report.requests == [], f"{page}: a payload loaded {report.requests}"
            assert report.errors == [], f"{page}: {report.errors}"
            assert browser.evaluate("typeof window.__pwned") == "undefined", page
            # No script but the index's own portfolio script.
            scripts = browser.evaluate(
                "[...document.querySelectorAll('script:not([type])')].map(s => s.textContent)"
            )
            assert scripts == ([portfolio_script()] if page == "index.html" else []), page
            assert browser.evaluate("document.querySelectorAll('img, iframe, object').length") == 0


# --- Markdown and Mermaid ------------------------------------------------------------------


def markdown_shape(text: str) -> dict[str, Any]:
    """The structure of a Markdown text as GitHub would parse it, without its words."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    blocks = [(t.type, t.tag) for t in tokens if t.type != "inline"]
    # Line breaks in journey text become <br> in table cells: how many is the text's business,
    # which tags are ours.
    inline = Counter(
        child.type
        for t in tokens
        for child in t.children or ()
        if child.type not in ("text", "html_inline", "softbreak")
    )
    html = {
        child.content for t in tokens for child in t.children or () if child.type == "html_inline"
    }
    links = [
        child.attrs.get("href")
        for t in tokens
        for child in t.children or ()
        if child.type == "link_open"
    ]
    fences = [t.content for t in tokens if t.type == "fence"]
    return {
        "blocks": blocks,
        "inline": inline,
        "html": html,
        "links": links,
        "fences": fences,
        "raw_lt": re.sub(r"<br>|</?sub>", "", text).count("<"),
        # '](' not escaped: after an even number of backslashes (each pair is a literal one).
        "link_syntax": len(re.findall(r"(?<!\\)(?:\\\\)*\]\(", text)),
    }


def assert_same_markdown_shape(hostile: str, clean: str) -> None:
    got, want = markdown_shape(hostile), markdown_shape(clean)
    assert got["blocks"] == want["blocks"], "journey text changed the block structure"
    assert got["inline"] == want["inline"], "journey text added emphasis, code, links or HTML"
    assert got["html"] <= want["html"] | {"<br>"}, "HTML came from journey text"
    assert got["raw_lt"] == want["raw_lt"], "a raw '<' came from journey text"
    assert got["link_syntax"] == want["link_syntax"], "a '](' came from journey text"
    for href in got["links"]:
        assert re.match(r"^(https?://|mailto:|#|[a-z0-9][\w-]*\.md$|README\.md$)", href), href
    for fence in got["fences"]:
        assert_mermaid(fence)


def mermaid_statements(source: str) -> list[str]:
    """The kind of each statement: journey, title, acc, descr, section or task."""
    kinds = []
    for line in source.splitlines():
        match = MERMAID_LINE.match(line)
        assert match, line
        found = [name for name, value in match.groupdict().items() if value is not None]
        kinds.append(found[0] if found and found[0] != "actors" else "journey")
    return kinds


@pytest.mark.parametrize("journey", [*JOURNEYS, "README"])
def test_markdown_keeps_its_structure(rendered: dict[tuple[str, str], Path], journey: str) -> None:
    hostile = (rendered["hostile", "md"] / f"{journey}.md").read_text("utf-8")
    clean = (rendered["clean", "md"] / f"{journey}.md").read_text("utf-8")
    assert_same_markdown_shape(hostile, clean)


@pytest.mark.parametrize("journey", JOURNEYS)
def test_mermaid_lines_are_journey_statements(
    rendered: dict[tuple[str, str], Path], journey: str
) -> None:
    hostile = (rendered["hostile", "mermaid"] / f"{journey}.mmd").read_text("utf-8")
    clean = (rendered["clean", "mermaid"] / f"{journey}.mmd").read_text("utf-8")
    assert_mermaid(hostile)
    assert mermaid_statements(hostile) == mermaid_statements(clean)


# --- CSV and JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize("journey", JOURNEYS)
def test_render_csv_has_a_row_per_touchpoint_and_no_formula(
    rendered: dict[tuple[str, str], Path], journey: str
) -> None:
    from cjmap.util.textsafe import csv_text

    path = rendered["hostile", "csv"] / f"{journey}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == TOUCHPOINTS_PER_JOURNEY
    for row in rows:
        assert len(row) == len(header)
        for name, cell in zip(header, row, strict=True):
            assert_no_formula(cell, name)
    names = [tp["name"] for stage in expected(journey)["stages"] for tp in stage["touchpoints"]]
    assert [row[header.index("touchpoint")] for row in rows] == [
        csv_text(name) for name in names
    ], "text kept exact, but for what acts on a terminal (as in analyze -f csv)"
    assert_terminal_safe(text.replace("\r\n", "\n"), tabs=True)


@pytest.mark.parametrize("journey", JOURNEYS)
def test_render_json_keeps_the_text_exact(
    rendered: dict[tuple[str, str], Path], journey: str
) -> None:
    data = json.loads((rendered["hostile", "json"] / f"{journey}.json").read_text("utf-8"))
    source = expected(journey)
    assert data["journey"]["title"] == source["title"]
    assert data["journey"]["description"] == source["description"]
    for got, want in zip(data["journey"]["stages"], source["stages"], strict=True):
        assert got["name"] == want["name"]
        for tp, tp_source in zip(got["touchpoints"], want["touchpoints"], strict=True):
            assert tp["name"] == tp_source["name"]
            assert tp["thoughts"] == tp_source["thoughts"]


# --- validate ------------------------------------------------------------------------------

VALIDATE_FORMATS = ("text", "json", "github", "sarif", "junit")


@pytest.fixture(scope="module")
def validated(spaces: Spaces) -> dict[str, Result]:
    return {fmt: run("validate", "-f", fmt, cwd=spaces.bad) for fmt in VALIDATE_FORMATS}


@pytest.mark.parametrize("fmt", VALIDATE_FORMATS)
def test_validate_reports_are_terminal_and_ci_safe(validated: dict[str, Result], fmt: str) -> None:
    result = validated[fmt]
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_terminal_safe(result.stdout, github=fmt == "github")
    assert_terminal_safe(result.stderr)
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)
    if fmt == "junit":
        ET.fromstring(result.stdout.encode("utf-8"))


def test_validate_findings_quote_the_payloads_exactly(validated: dict[str, Result]) -> None:
    """The reports above were checked with payloads in them: the JSON has them verbatim,
    up to the 40 characters a finding quotes of a file (then '…')."""
    from cjmap.util.textsafe import clip

    findings = json.loads(validated["json"].stdout)["findings"]
    quoted = {p for _, p in PAYLOADS if any(f"'{clip(p)}'" in f["message"] for f in findings)}
    assert len(quoted) == len(PAYLOADS)
    named = {f["file"] for f in findings}
    for name in payloads.FILE_NAME_PAYLOADS:
        assert f"{name}.yaml" in named
    annotations = [
        line for line in validated["github"].stdout.splitlines() if line.startswith("::")
    ]
    assert len(annotations) == len(findings)


# --- analyze -------------------------------------------------------------------------------

ANALYZE_FORMATS = ("text", "md", "csv", "json")


@pytest.fixture(scope="module")
def analyzed(spaces: Spaces) -> dict[tuple[str, str], Result]:
    results = {}
    for side in ("hostile", "clean"):
        for fmt in ANALYZE_FORMATS if side == "hostile" else ("md",):
            result = run("analyze", "-f", fmt, cwd=getattr(spaces, side))
            assert result.exit_code == 0, result.stderr
            results[side, fmt] = result
    return results


@pytest.mark.parametrize("fmt", ANALYZE_FORMATS)
def test_analyze_outputs_are_terminal_and_ci_safe(
    analyzed: dict[tuple[str, str], Result], fmt: str
) -> None:
    result = analyzed["hostile", fmt]
    # CSV ends its records with CRLF; any other CR would be journey text.
    # and a tab in a cell is data, kept as it is.
    if fmt == "csv":
        assert_terminal_safe(result.stdout.replace("\r\n", "\n"), tabs=True)
    else:
        assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)


def test_analyze_md_keeps_its_structure(analyzed: dict[tuple[str, str], Result]) -> None:
    assert_same_markdown_shape(analyzed["hostile", "md"].stdout, analyzed["clean", "md"].stdout)


# Markdown made to be posted as a pull-request comment must not notify anyone: a mention is
# '@' followed directly by a user or team name.
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9]")


def test_analyze_md_mentions_nobody(analyzed: dict[tuple[str, str], Result]) -> None:
    hostile = analyzed["hostile", "md"].stdout
    assert "everyone" in hostile
    assert _MENTION.findall(hostile) == []


def test_analyze_csv_has_a_row_per_touchpoint_and_no_formula(
    analyzed: dict[tuple[str, str], Result],
) -> None:
    header, *rows = list(csv.reader(io.StringIO(analyzed["hostile", "csv"].stdout)))
    assert len(rows) == TOUCHPOINTS_PER_JOURNEY * len(JOURNEYS)
    for row in rows:
        assert len(row) == len(header)
        for name, cell in zip(header, row, strict=True):
            assert_no_formula(cell, name)


def test_analyze_json_keeps_the_text_exact(analyzed: dict[tuple[str, str], Result]) -> None:
    data = json.loads(analyzed["hostile", "json"].stdout)
    titles = {j["id"]: j["title"] for j in data["journeys"]}
    for journey in JOURNEYS:
        assert titles[journey] == expected(journey)["title"]


# --- diff ----------------------------------------------------------------------------------

DIFF_FORMATS = ("text", "md", "json")


@pytest.fixture(scope="module")
def diffed(spaces: Spaces) -> dict[tuple[str, str], Result]:
    results = {}
    for side in ("hostile", "clean"):
        root = spaces.out / "diff" / side
        texts = payload_journeys(clean=side == "clean")
        payloads.write_workspace(root, texts)
        git(root, "init", "-q")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "v1")
        payloads.write_next_version(root, payload_journeys(clean=side == "clean"))
        for fmt in DIFF_FORMATS if side == "hostile" else ("md",):
            result = run("diff", "--git", "HEAD", "-f", fmt, cwd=root)
            assert result.exit_code == 0, result.stderr
            results[side, fmt] = result
    return results


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_diff_outputs_are_terminal_and_ci_safe(
    diffed: dict[tuple[str, str], Result], fmt: str
) -> None:
    result = diffed["hostile", fmt]
    assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)


def test_diff_shows_the_changed_text(diffed: dict[tuple[str, str], Result]) -> None:
    data = json.loads(diffed["hostile", "json"].stdout)
    dumped = json.dumps(data, ensure_ascii=False)
    renamed = payloads.combined_payload() + " renamed"
    assert json.dumps(renamed, ensure_ascii=False)[1:-1] in dumped


def test_diff_md_keeps_its_structure(diffed: dict[tuple[str, str], Result]) -> None:
    assert_same_markdown_shape(diffed["hostile", "md"].stdout, diffed["clean", "md"].stdout)


def test_diff_md_mentions_nobody(diffed: dict[tuple[str, str], Result]) -> None:
    hostile = diffed["hostile", "md"].stdout
    assert "everyone" in hostile
    assert _MENTION.findall(hostile) == []


# --- a 100 KB text --------------------------------------------------------------------------

RENDER_FORMATS = ("html", "md", "mermaid", "csv", "json")
LONG_RUNS = [
    *(("render", fmt) for fmt in RENDER_FORMATS),
    *(("validate", fmt) for fmt in VALIDATE_FORMATS),
    *(("analyze", fmt) for fmt in ANALYZE_FORMATS),
]


@pytest.fixture(scope="module")
def long_space(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("long")
    texts = payloads.long_journeys()
    return (
        payloads.write_workspace(base / "hostile", texts),
        payloads.write_clean_workspace(base / "clean", texts),
    )


MARKDOWN_LINE_KINDS = (
    ("fence", re.compile(r"```")),
    ("table", re.compile(r"\|")),
    ("heading", re.compile(r"#{1,6} ")),
    ("bullet", re.compile(r"[-*+] ")),
    ("ordered", re.compile(r"[0-9]+\. ")),
    ("quote", re.compile(r">")),
)


def line_shape(text: str) -> list[tuple[str, int]]:
    """Each Markdown line's kind and, for table rows, its number of unescaped '|' (a cheap
    stand-in for a parser on very long lines)."""
    shape = []
    for line in text.splitlines():
        kind = next((k for k, p in MARKDOWN_LINE_KINDS if p.match(line)), "text" if line else "")
        pipes = len(re.findall(r"(?<!\\)(?:\\\\)*\|", line)) if kind == "table" else 0
        shape.append((kind, pipes))
    return shape


@pytest.mark.parametrize(("command", "fmt"), LONG_RUNS)
def test_a_100_kb_text_goes_through_every_format(
    long_space: tuple[Path, Path], command: str, fmt: str
) -> None:
    hostile, clean = long_space
    args = [command, "-f", fmt]
    if command == "render":
        args += ["-o", "-", "journeys/long-text.yaml"]
    result = run(*args, cwd=hostile)
    assert result.exit_code == 0, result.stderr
    twin = run(*args, cwd=clean)
    if command == "validate":
        assert_terminal_safe(result.stdout, github=fmt == "github")
        return
    assert len(result.stdout) > payloads.LONG_SIZE
    if command == "analyze":
        # CSV ends its records with CRLF, and a tab in a cell is data, kept as it is.
        csv_out = fmt == "csv"
        assert_terminal_safe(
            result.stdout.replace("\r\n", "\n") if csv_out else result.stdout, tabs=csv_out
        )
    if fmt == "html":
        assert tag_counts_of(result.stdout) == tag_counts_of(twin.stdout)
    elif fmt == "md":
        assert line_shape(result.stdout) == line_shape(twin.stdout)
    elif fmt == "mermaid":
        assert_mermaid(result.stdout)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
        assert len(rows) == 1 + TOUCHPOINTS_PER_JOURNEY
        for row in rows[1:]:
            for cell in row:
                assert_no_formula(cell, "long")
    elif fmt == "json":
        data = json.loads(result.stdout)
        journey = data["journey"] if command == "render" else data["journeys"][0]
        assert journey["title"] == payloads.long_payload()


# --- the suite itself ------------------------------------------------------------------------


def test_every_family_of_the_issue_is_covered() -> None:
    assert set(payloads.families()) >= {
        "script",
        "url",
        "breakout",
        "template",
        "css",
        "markdown",
        "mermaid",
        "bidi",
        "control",
        "ci",
        "formula",
    }
    assert len(payloads.long_payload()) == 100 * 1024


def test_every_text_field_of_the_format_carries_text() -> None:
    """The builders fill every text field the models have, so no field escapes the suite."""
    from cjmap.document import model

    seen: set[str] = set()

    def record(field: str) -> str:
        seen.add(field)
        return "x"

    data = payloads.journey("j", "p", record)
    payloads.persona("p", record)
    expected = {
        "journey": text_fields(model.Journey),
        "stage": text_fields(model.Stage),
        "touchpoint": text_fields(model.Touchpoint),
        "metric": text_fields(model.Metric),
        "pain_point": text_fields(model.PainPoint),
        "opportunity": text_fields(model.Opportunity),
        "source": text_fields(model.Source),
        "persona": text_fields(model.PersonaFields) | {"demographics.value", "demographics.key"},
    }
    for kind, fields in expected.items():
        for name in fields:
            assert f"{kind}.{name}" in seen, f"{kind}.{name} carries no payload"
    model.Journey.model_validate(data)


def text_fields(cls: Any) -> set[str]:
    """The fields of a model that hold text or lists of text (demographics aside)."""
    names = set()
    for name, info in cls.model_fields.items():
        annotation = f"{info.annotation} {info.metadata}"
        # Ids, references and durations are patterns; enums are literals.
        if "pattern=" in annotation or "Literal" in annotation or "dict" in annotation:
            continue
        if re.search(r"\bstr\b", annotation):
            names.add(name)
    return names


# --- the shared helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("::error::x", r"\x3a:error::x"),
        ("  ::warning::x", r"  \x3a:warning::x"),
        ("note ::add-mask::x", r"note \x3a:add-mask::x"),
        ("a\n::error::x", r"a\n::error::x"),  # one line: the '::' is not at its start
        ("fe80::1 and std::vector", "fe80::1 and std::vector"),
        ("##[error]x ##vso[task.complete]", r"#\x23[error]x #\x23vso[task.complete]"),
        ("## heading #1", "## heading #1"),
        ("\x1b[31m\x9b0m\u202e\u2028", r"\x1b[31m\x9b0m\u202e\u2028"),
    ],
)
def test_escape_control_defuses_ci_commands(text: str, shown: str) -> None:
    from cjmap.util.textsafe import escape_control

    assert escape_control(text) == shown


def test_guard_line_starts_catches_wrapped_commands() -> None:
    from cjmap.util.textsafe import guard_line_starts

    assert guard_line_starts("a\n   ::error::x\nb::c\n") == "a\n   \\x3a:error::x\nb::c\n"


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_json_dumps_reads_back_exact_and_prints_safe(text: str) -> None:
    from cjmap.util.textsafe import json_dumps

    dumped = json_dumps({"text": text, "list": [text]})
    assert json.loads(dumped) == {"text": text, "list": [text]}
    assert_terminal_safe(dumped)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_csv_text_is_never_a_formula_nor_a_control(text: str) -> None:
    from cjmap.util.textsafe import csv_text

    cell = csv_text(text)
    assert_no_formula(cell, "cell")
    assert_terminal_safe(cell, tabs=True)
    assert cell.count("\t") == text.count("\t"), "a tab stays a tab"
