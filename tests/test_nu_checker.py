"""The Nu HTML checker (vnu.jar) finds no error in any page cjmap writes: every example page,
the index, and the pages of the payload journeys and of a journey whose text holds control
characters and noncharacters written as YAML escapes (shown as visible escapes, never raw).

One JVM checks every page. Needs Java and npm's ``vnu-jar`` (``npm install --prefix
.cache/vnu vnu-jar``, as ``.ci/run`` does, or ``CJMAP_VNU_JAR``); skips with the reason when
one is missing. Linked from SECURITY.md ("HTML")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import payloads
from output_checks import git, run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Characters YAML lets a file write as escapes, which no page may carry raw.
HIDDEN = ("\x01", "\x1b", "\x7f", "\u0085", "\x9b", "\ufdd0", "\ufffe", "\U0001fffe", "\U0010ffff")

SCROLL_DRIVEN = (
    "CSS scroll-driven animations fade the wide map's edge once it is scrolled to its "
    "end; supported by Chromium since version 115 and used only inside @supports, so other "
    "browsers keep the edge; the checker's CSS profile predates them"
)
# Checker messages that are not errors in the page, each with the reason.
KNOWN_GAPS: dict[str, str] = {
    "CSS: “paint-order”: Property “paint-order” doesn't exist.": (
        "paint-order is CSS Fill and Stroke / SVG 2, supported by every current browser; the "
        "checker's CSS profile predates it"
    ),
    "CSS: “animation-timeline”: Property “animation-timeline” doesn't exist.": SCROLL_DRIVEN,
    "CSS: “scroll-timeline”: Property “scroll-timeline” doesn't exist.": SCROLL_DRIVEN,
    "CSS: “timeline-scope”: Property “timeline-scope” doesn't exist.": SCROLL_DRIVEN,
}


def find_vnu() -> tuple[list[str] | None, str]:
    java = shutil.which("java")
    if java is None:
        return None, "no java found (install Debian's default-jre-headless)"
    explicit = os.environ.get("CJMAP_VNU_JAR")
    default = ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    jar = Path(explicit) if explicit else default
    if not jar.is_file():
        return None, "vnu.jar not found: run 'npm install --prefix .cache/vnu vnu-jar'"
    # The quick compiler only: about half the CPU time for one run over the pages here, with
    # the same report (the full optimiser never pays back in a run this short). Its frames
    # are larger: the checker's schema needs a deeper stack than the default.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", str(jar)], ""


VNU, MISSING = find_vnu()
pytestmark = pytest.mark.skipif(VNU is None, reason=MISSING)


def hidden_workspace(root: Path) -> Path:
    """A journey whose title and a touchpoint's name hold each hidden character as a YAML
    escape."""
    escaped = "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000
        else f"\\U{ord(c):08x}"
        for c in HIDDEN
    )  # fmt: skip
    text = (EXAMPLES / "journeys" / "trial-onboarding.yaml").read_text("utf-8")
    text = text.replace("id: trial-onboarding\n", "id: hidden\n", 1)
    text = text.replace(
        "title: Shiftly trial onboarding (current state)",
        f'title: "Hidden {escaped} characters"',
        1,
    )
    text = text.replace(
        "name: Receives a printed welcome pack",
        f'name: "Receives {escaped} a printed welcome pack"',
        1,
    )
    root.mkdir()
    shutil.copy(EXAMPLES / "cjmap.yaml", root / "cjmap.yaml")
    shutil.copytree(EXAMPLES / "personas", root / "personas")
    (root / "journeys").mkdir()
    (root / "journeys" / "hidden.yaml").write_text(text, "utf-8")
    return root


def git_examples(root: Path) -> None:
    """The examples as a git repository of two commits (for ``render --history``)."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The maps")
    journey = root / "journeys" / "trial-onboarding.yaml"
    journey.write_text(journey.read_text("utf-8").replace("effort: 1", "effort: 4", 1), "utf-8")
    git(root, "commit", "-q", "-am", "More effort")


def test_every_page_passes_the_nu_html_checker(tmp_path: Path) -> None:
    assert VNU is not None
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    git_examples(tmp_path / "examples")
    spaces = {
        "examples": tmp_path / "examples",
        "payloads": payloads.write_payload_workspace(tmp_path / "payloads"),
        "hidden": hidden_workspace(tmp_path / "hidden"),
    }
    pages: list[Path] = []
    for name, root in spaces.items():
        out = tmp_path / "site" / name
        # The examples are a git repository: their index draws the friction trend lines.
        more = ("--history",) if name == "examples" else ()
        result = run("render", "-o", str(out), *more, cwd=root)
        assert result.exit_code == 0, result.stderr
        pages.extend(sorted(out.glob("*.html")))
    assert 'id="trends-title"' in (tmp_path / "site" / "examples" / "index.html").read_text("utf-8")
    hidden_page = (tmp_path / "site" / "hidden" / "hidden.html").read_text("utf-8")
    assert "Hidden \\x01\\x1b\\x7f\\x85\\x9b\\ufdd0\\ufffe\\U0001fffe\\U0010ffff" in hidden_page
    for char in HIDDEN:
        assert char not in hidden_page, f"U+{ord(char):04X} raw in the page"
    assert any(page.name == "index.html" for page in pages)
    proc = subprocess.run(
        [*VNU, "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    report = json.loads(proc.stderr.decode("utf-8") or proc.stdout.decode("utf-8"))
    errors = [
        f"{message.get('url', '')}:{message.get('lastLine', '')}: {message.get('message', '')}"
        for message in report.get("messages", [])
        if message.get("type") == "error" and message.get("message") not in KNOWN_GAPS
    ]
    assert not errors, "\n".join(errors[:20])
