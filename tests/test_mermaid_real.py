"""The real Mermaid parser (mermaid's own bundle in headless Chromium) reads every diagram cjmap
writes as intended: every touchpoint exactly one task with its text, every stage one section,
the journey's title the title, whatever the text (grammar keywords, reserved characters).

Over the examples, the payload journeys (``tests/payloads.py``) and a journey of keyword
names, in ``render -f mermaid`` and in the Mermaid blocks of ``render -f md``. Needs npm's
``mermaid`` (``npm install --prefix .cache/mermaid mermaid``, as ``.ci/run`` does, or
``CJMAP_MERMAID_JS``) and a Chromium; skips with the reason when one is missing. Linked from
SECURITY.md ("Mermaid")."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import payloads
from chromium import Chromium, find_chromium
from output_checks import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def find_mermaid() -> tuple[Path | None, str]:
    explicit = os.environ.get("CJMAP_MERMAID_JS")
    candidates = [Path(explicit)] if explicit else []
    candidates.append(ROOT / ".cache/mermaid/node_modules/mermaid/dist/mermaid.min.js")
    for path in candidates:
        if path.is_file():
            return path, ""
    return None, (
        "mermaid not found: run 'npm install --prefix .cache/mermaid mermaid' or set "
        "CJMAP_MERMAID_JS"
    )


EXECUTABLE, NO_BROWSER = find_chromium()
BUNDLE, NO_BUNDLE = find_mermaid()
pytestmark = [
    pytest.mark.skipif(EXECUTABLE is None, reason=NO_BROWSER),
    pytest.mark.skipif(BUNDLE is None, reason=NO_BUNDLE),
]

# The three names, then more of the class: every word the journey lexer reads as a
# statement where a label starts, in any case, as touchpoint, stage, persona and title.
KEYWORD_NAMES = (
    "Section 2 of the form",
    "Title search on the land registry",
    "accDescr {",
    "journey planner opens",
    "TITLE",
    "accTitle: forged title",
    "AccDescr: forged description",
    "section",
    "Accept the terms",
)

_PARSE = """(async (diagrams) => {
  const out = [];
  for (const text of diagrams) {
    try {
      const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
      out.push({title: db.getDiagramTitle(),
                tasks: db.getTasks().map((t) => [t.section, t.task, t.score, t.people])});
    } catch (e) {
      out.push({error: String(e)});
    }
  }
  return out;
})(%s)"""

# Mermaid swaps '#<code>;' entities for placeholders before parsing, and back when drawing.
_PLACEHOLDER = re.compile("\ufb02\u00b0\u00b0(\\d+)\u00b6\u00df")
_ENTITY = re.compile(r"#(\d+);")
_TASK = re.compile(r"^    (?P<name>[^:]+): (?P<score>[1-5])(?:: (?P<actors>.+))?$")


def shown(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), text).strip()


def sections_of(result: dict[str, Any]) -> list[str]:
    """The sections Mermaid put the tasks in, in order."""
    return list(dict.fromkeys(shown(task[0]) for task in result["tasks"]))


def decoded(label: str) -> str:
    return _ENTITY.sub(lambda m: chr(int(m.group(1))), label).strip()


def intended(source: str) -> dict[str, Any]:
    """What cjmap meant the diagram to say: its title, sections and tasks, labels decoded."""
    title = ""
    sections: list[str] = []
    tasks: list[list[Any]] = []
    for line in source.splitlines():
        if line.startswith("  title "):
            title = decoded(line[len("  title ") :])
        elif line.startswith("  section "):
            sections.append(decoded(line[len("  section ") :]))
        elif (task := _TASK.match(line)) is not None:
            actors = task["actors"].split(", ") if task["actors"] else []
            tasks.append(
                [
                    sections[-1],
                    decoded(task["name"]),
                    int(task["score"]),
                    [decoded(actor) for actor in actors],
                ]
            )
    # Sections are compared through the tasks: each task names the section it is in.
    return {"title": title, "tasks": tasks}


def keyword_workspace(root: Path) -> Path:
    """A journey whose touchpoints, stages, personas and title are grammar keywords."""
    stages = []
    for s, name in enumerate(KEYWORD_NAMES):
        stages.append(
            {
                "id": f"stage-{s}",
                "name": name,
                "touchpoints": [
                    {"id": f"tp-{s}-{t}", "name": tp_name, "emotion": {"p": 1}}
                    for t, tp_name in enumerate(KEYWORD_NAMES)
                ],
            }
        )
    journey = {
        "kind": "journey",
        "id": "keywords",
        "title": "Title: section accDescr {",
        "personas": [{"id": "p", "name": "Section chief, accDescr {"}],
        "stages": stages,
    }
    (root / "journeys").mkdir(parents=True)
    (root / "cjmap.yaml").write_text("kind: workspace\nreview_every: 36500\n", "utf-8")
    (root / "journeys" / "keywords.yaml").write_text(json.dumps(journey), "utf-8")
    return root


def diagrams(folder: Path) -> dict[str, str]:
    """Every Mermaid diagram under ``folder``: the .mmd files and the blocks of the .md files."""
    found = {}
    for path in sorted(folder.glob("*.mmd")):
        found[path.name] = path.read_text("utf-8")
    for path in sorted(folder.glob("*.md")):
        blocks = re.findall(r"^```mermaid\n(.*?)^```$", path.read_text("utf-8"), re.S | re.M)
        for index, block in enumerate(blocks):
            found[f"{path.name}#{index}"] = block
    return found


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Any]]:
    """Diagram name → (its source, what Mermaid parsed), for every workspace and format."""
    base = tmp_path_factory.mktemp("mermaid")
    shutil.copytree(EXAMPLES, base / "examples")
    spaces = {
        "examples": base / "examples",
        "payloads": payloads.write_payload_workspace(base / "payloads"),
        "keywords": keyword_workspace(base / "keywords"),
    }
    sources: dict[str, str] = {}
    for space, root in spaces.items():
        for fmt in ("mermaid", "md"):
            out = base / "out" / space / fmt
            result = run("render", "-f", fmt, "-o", str(out), cwd=root)
            assert result.exit_code == 0, result.stderr
            for name, text in diagrams(out).items():
                sources[f"{space}/{fmt}/{name}"] = text
    assert sources
    page = base / "page.html"
    assert BUNDLE is not None
    assert EXECUTABLE is not None
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>m</title>'
        f'<script src="{BUNDLE.resolve().as_uri()}"></script></head><body></body></html>',
        "utf-8",
    )
    names = sorted(sources)
    with Chromium(EXECUTABLE, timeout=120) as browser:
        report = browser.open(page)
        assert not report.errors, report.errors
        browser.evaluate(
            "mermaid.initialize({startOnLoad: false}); mermaid.parse('journey\\n  title x\\n')",
            await_promise=True,
        )
        results = browser.evaluate(
            _PARSE % json.dumps([sources[name] for name in names]), await_promise=True
        )
    return {name: (sources[name], result) for name, result in zip(names, results, strict=True)}


def test_real_mermaid_reads_every_diagram_as_written(parsed: dict[str, tuple[str, Any]]) -> None:
    failures = []
    for name, (source, result) in parsed.items():
        if "error" in result:
            failures.append(f"{name}: {result['error'][:300]}")
            continue
        got = {
            "title": shown(result["title"]),
            "tasks": [
                [shown(section), shown(task), score, [shown(p) for p in people]]
                for section, task, score, people in result["tasks"]
            ],
        }
        if got != intended(source):
            failures.append(f"{name}: Mermaid read {got!r}\nfrom {source!r}")
    assert not failures, "\n\n".join(failures[:5])
    spaces = {name.split("/")[0] for name in parsed}
    assert spaces == {"examples", "payloads", "keywords"}


def test_every_keyword_touchpoint_is_one_task_with_its_text(
    parsed: dict[str, tuple[str, Any]],
) -> None:
    """Against the journey file itself, not only cjmap's own source: each touchpoint is
    exactly one task, named as in the file, in its stage's section."""
    expected = [[stage, tp, 4, ["Section chief, accDescr {"]] for stage in KEYWORD_NAMES
                for tp in KEYWORD_NAMES]  # fmt: skip
    for fmt, name in (("mermaid", "keywords.mmd"), ("md", "keywords.md#0")):
        _, result = parsed[f"keywords/{fmt}/{name}"]
        assert "error" not in result, result
        assert shown(result["title"]) == "Title: section accDescr {"
        assert sections_of(result) == list(KEYWORD_NAMES)
        got = [
            [shown(section), shown(task), score, [shown(p) for p in people]]
            for section, task, score, people in result["tasks"]
        ]
        assert got == expected
