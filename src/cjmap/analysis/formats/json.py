"""``--format json``: the document of spec section 9, plus the files left out.

Written one journey at a time: each journey object is dumped alone and set in the document at
its depth, so the text is exactly that of dumping the whole document at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cjmap.analysis.formats.common import AnalyzeReport, Meta, Options, Part, render_with
from cjmap.analysis.run import JourneyAnalysis, friction_order, rounded_friction
from cjmap.util.textsafe import json_dumps


def render(report: AnalyzeReport, color: bool = False) -> str:
    """The analysis as JSON (UTF-8 text kept as is; colour never applies)."""
    return render_with(sys.modules[__name__], report, Options(explain=report.explain))


def part(analysis: JourneyAnalysis, options: Options) -> Part:
    """The journey object (as text, at its depth in the document) and its ranking entry."""
    body = _at_depth(json_dumps(analysis.to_dict(explain=options.explain)), 2)
    summary = (analysis.friction.journey, analysis.id, analysis.file, rounded_friction(analysis))
    return Part(summary, body)


def write(
    bodies: Iterable[str], summaries: Sequence[Any], meta: Meta, options: Options
) -> Iterator[str]:
    """The document: ``journeys``, ``ranking``, ``persona``, ``skipped``."""
    yield '{\n  "journeys": ['
    empty = True
    for body in bodies:
        yield ("\n    " if empty else ",\n    ") + body
        empty = False
    yield "]" if empty else "\n  ]"
    yield ',\n  "ranking": '
    yield from _ranking(sorted(summaries, key=lambda s: friction_order(s[0])))
    yield ',\n  "persona": ' + json_dumps(meta.persona)
    yield ',\n  "skipped": ' + _at_depth(json_dumps(list(meta.skipped)), 1) + "\n}\n"


def _ranking(ranked: Sequence[Any]) -> Iterator[str]:
    """The ranking's entries, written one at a time (as dumping the whole list would lay
    them out)."""
    if not ranked:
        yield "[]"
        return
    for n, (_, ident, file, friction) in enumerate(ranked):
        entry = {"id": ident, "file": file, "friction": friction}
        yield ("[\n    " if n == 0 else ",\n    ") + _at_depth(json_dumps(entry), 2)
    yield "\n  ]"


def _at_depth(text: str, depth: int) -> str:
    """JSON text dumped alone, as it reads ``depth`` levels deep in a document (JSON text
    holds no raw line break but those of its layout)."""
    return text.replace("\n", "\n" + "  " * depth)
