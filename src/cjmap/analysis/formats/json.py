"""``--format json``: the document of spec section 9, plus the files left out."""

from __future__ import annotations

from typing import Any

from cjmap.analysis.formats.common import AnalyzeReport
from cjmap.util.textsafe import json_dumps


def render(report: AnalyzeReport, color: bool = False) -> str:
    """The analysis as JSON (UTF-8 text kept as is; colour never applies)."""
    data: dict[str, Any] = report.analysis.to_dict(explain=report.explain)
    data["persona"] = report.analysis.persona
    data["skipped"] = list(report.skipped)
    return json_dumps(data) + "\n"
