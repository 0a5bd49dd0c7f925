"""``--format json``: the diff as one JSON object (keys documented in docs/diff.md)."""

from __future__ import annotations

from cjmap.diff.compare import WorkspaceDiff
from cjmap.util.textsafe import json_dumps


def render(diff: WorkspaceDiff, color: bool = False) -> str:
    return json_dumps(diff.to_dict()) + "\n"
