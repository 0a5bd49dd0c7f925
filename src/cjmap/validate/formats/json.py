"""``--format json``: the shape of spec section 9 (keys may be added, never removed)."""

from __future__ import annotations

from cjmap.util.textsafe import json_dumps
from cjmap.validate.report import Report


def render(report: Report, color: bool = False) -> str:
    document = {
        "findings": [problem.to_dict() for problem in report.problems],
        "summary": report.summary.to_dict(),
    }
    return json_dumps(document) + "\n"
