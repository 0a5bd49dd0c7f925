"""``--format text``: findings grouped by file, for people; colour only when asked for."""

from __future__ import annotations

from itertools import groupby

from cjmap.document.problems import Problem
from cjmap.util.cells import cell_len
from cjmap.util.textsafe import escape_control
from cjmap.validate.report import Report

_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}


def render(report: Report, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    for file, group in groupby(report.problems, key=lambda p: p.file):
        problems = list(group)
        lines.append(paint(escape_control(file), "bold"))
        width = max(len(f"{p.line}:{p.column}") for p in problems)
        for problem in problems:
            lines.append(_line(problem, width, paint))
        lines.append("")
    lines.append(_summary(report, paint))
    return "\n".join(lines) + "\n"


def _line(problem: Problem, width: int, paint: object) -> str:
    assert callable(paint)
    where = f"{problem.line}:{problem.column}".ljust(width)
    severity = paint(problem.severity.ljust(7), problem.severity)
    text = f"  {where}  {severity}  {escape_control(problem.message)}  "
    text += paint(f"[{problem.rule}]", "dim")
    indent = " " * (width + 4)
    if problem.excerpt is not None:
        source, caret = problem.excerpt
        shown = escape_control(source)
        # The caret goes under the character, however wide the escapes and characters before
        # it are on screen (a CJK character takes two columns).
        offset = cell_len(escape_control(source[:caret]))
        text += f"\n{indent}{paint('|', 'dim')} {shown}\n{indent}{paint('|', 'dim')} "
        text += " " * offset + paint("^", problem.severity)
    if problem.hint:
        text += "\n" + indent + paint("hint: ", "dim") + escape_control(problem.hint)
    return str(text)


def _summary(report: Report, paint: object) -> str:
    assert callable(paint)
    summary = report.summary
    counts = (
        f"{summary.errors} error{'s' * (summary.errors != 1)}, "
        f"{summary.warnings} warning{'s' * (summary.warnings != 1)}, "
        f"{summary.infos} info{'s' * (summary.infos != 1)}"
    )
    scope = (
        f"in {summary.files} file{'s' * (summary.files != 1)} "
        f"({summary.documents} document{'s' * (summary.documents != 1)})"
    )
    if summary.errors:
        return str(paint(f"✖ {counts} {scope}", "error"))
    if summary.warnings:
        return str(paint(f"⚠ {counts} {scope}", "warning"))
    return str(paint(f"✔ {counts} {scope}", "ok"))
