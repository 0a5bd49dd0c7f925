"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Standard output holds workflow commands only; the summary line goes to standard error.

The runner reads every line of a step's output that starts with ``::`` as a command, so each
finding must stay on one line whatever the journey text holds. User text is made safe in two
steps: :func:`~cjmap.util.textsafe.escape_control` turns newlines, ANSI escapes and bidi controls
into visible backslash sequences, then the escaping of GitHub's toolkit (``%`` first, so a
literal ``%0A`` in a file stays literal) protects the command syntax itself.
"""

from __future__ import annotations

from cjmap.document.problems import Problem, severity_rank
from cjmap.util.textsafe import escape_control
from cjmap.validate.report import Report

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATIONS_SHOWN = 10
"""How many annotations of one kind GitHub shows for a step; the rest are only in the log."""


def escape_data(text: str) -> str:
    """A command's message, escaped as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value, escaped as GitHub's toolkit does (``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """The workflow command that annotates ``problem``, on one line."""
    message = problem.message
    if problem.hint:
        message += f" (hint: {problem.hint})"
    properties = {
        "file": problem.file,
        "line": str(problem.line),
        "col": str(problem.column),
        "endLine": str(max(problem.end_line, problem.line)),
        "endColumn": str(problem.end_column),
        "title": problem.rule,
    }
    props = ",".join(
        f"{key}={escape_property(escape_control(value))}" for key, value in properties.items()
    )
    return f"::{_COMMANDS[problem.severity]} {props}::{escape_data(escape_control(message))}"


def render(report: Report, color: bool = False) -> str:
    """Annotations, errors first (then warnings, then notices), and nothing else: every line
    of this output is a workflow command (the summary is in :func:`notes`)."""
    ordered = sorted(report.problems, key=lambda p: severity_rank(p.severity))
    return "".join(f"{annotation(problem)}\n" for problem in ordered)


def notes(report: Report) -> str:
    """The summary for people, written to standard error: a line in the log, not a command."""
    lines = []
    summary = report.summary
    counts = (summary.errors, summary.warnings, summary.infos)
    lines.append(
        f"cjmap: {_plural(summary.errors, 'error')}, {_plural(summary.warnings, 'warning')}, "
        f"{_plural(summary.infos, 'info')} in {_plural(summary.files, 'file')}"
    )
    if max(counts) > ANNOTATIONS_SHOWN:
        lines.append(
            f"cjmap: GitHub shows only the first {ANNOTATIONS_SHOWN} annotations of each kind "
            "per step; run 'cjmap validate' with '--format text' to see them all"
        )
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"
