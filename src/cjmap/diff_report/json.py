"""``--format json``: the diff as one JSON object (keys documented in docs/diff.md)."""

from __future__ import annotations

import json

from cjmap.diff import WorkspaceDiff


def render(diff: WorkspaceDiff, color: bool = False) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
