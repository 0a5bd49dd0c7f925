"""``--format json``: the history as one JSON document (keys in docs/history.md)."""

from __future__ import annotations

from typing import Any

from cjmap.history.run import History, Point
from cjmap.util.textsafe import json_dumps


def to_dict(history: History) -> dict[str, Any]:
    """The document of ``cjmap history --format json``."""
    return {
        "tip": history.tip,
        "base": history.base,
        "since": history.since,
        "commits": history.commits,
        "journeys": [
            {"id": j.id, "title": j.title, "points": [_point(p) for p in j.points]}
            for j in history.journeys
        ],
        "unread": [
            {"commit": u.commit, "date": u.date, "file": u.file, "error": u.error}
            for u in history.unread
        ],
    }


def _point(point: Point) -> dict[str, Any]:
    return {
        "commit": point.commit,
        "date": point.date,
        "subject": point.subject,
        "status": point.status,
        "changed": list(point.changed),
        "file": point.file,
        "title": point.title,
        "friction": point.friction,
        "peak_end": point.peak_end,
        "conversion": point.conversion,
        "coverage": {
            "touchpoints": point.coverage_touchpoints,
            "pain_points": point.coverage_pain_points,
        },
        "errors": point.errors,
        "error": point.error,
    }


def render(history: History, color: bool = False) -> str:
    return json_dumps(to_dict(history)) + "\n"
