"""The canonical key order of every known kind of mapping (read by place and verify)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

# --- canonical key order -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of mapping: its key order and the kinds of the mappings listed under its keys."""

    order: tuple[str, ...]
    children: dict[str, str] = field(default_factory=dict)


_KINDS: dict[str, _Kind] = {
    "journey": _Kind(
        (
            "kind", "id", "title", "description", "state", "improves", "owner", "tags",
            "locale", "reviewed", "emotion_scale", "goals", "personas", "paths", "sources",
            "stages",
        ),
        {"personas": "persona", "paths": "path", "sources": "source", "stages": "stage"},
    ),
    "persona": _Kind(
        (
            "kind", "id", "name", "role", "segment", "share", "quote", "description",
            "demographics", "goals", "motivations", "frustrations", "needs", "preferences",
            "behaviors", "channels",
        )
    ),
    "workspace": _Kind(
        (
            "kind", "emotion_scale", "include", "exclude", "locale", "review_every",
            "friction", "rules",
        )
    ),
    "path": _Kind(("id", "name", "description", "branches_from", "rejoins", "share")),
    "source": _Kind(("id", "type", "title", "date", "n", "url")),
    "stage": _Kind(
        ("id", "name", "description", "goal", "expectations", "duration", "touchpoints"),
        {"touchpoints": "touchpoint"},
    ),
    "touchpoint": _Kind(
        (
            "id", "name", "path", "personas", "journey", "channel", "type", "owner",
            "description", "actions", "thoughts", "frontstage", "backstage", "support",
            "emotion", "expectation", "effort", "completion",
            "duration", "moment_of_truth", "evidence", "metrics", "pain_points",
            "opportunities",
        ),
        {"metrics": "metric", "pain_points": "pain_point", "opportunities": "opportunity"},
    ),
    "metric": _Kind(("name", "value", "unit", "target", "better", "source")),
    "pain_point": _Kind(
        ("id", "text", "severity", "frequency", "category", "scope", "root_cause", "evidence")
    ),
    "opportunity": _Kind(
        ("id", "text", "impact", "effort", "confidence", "owner", "status", "tags", "addresses")
    ),
}  # fmt: skip

DOCUMENT_KINDS = ("journey", "persona", "workspace")

KEY_ORDER: dict[str, tuple[str, ...]] = {name: kind.order for name, kind in _KINDS.items()}
"""The canonical key order of each kind of mapping (for the docs and the tests)."""

# The plain scalars cjmap's loader reads as null and as booleans (YAML 1.2 core schema).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})

# Plain scalars a YAML 1.1 reader (and yamllint's ``truthy`` rule) takes for booleans. In YAML
# 1.2 they are strings; fmt quotes them so that every reader agrees.
_YAML11_BOOLEANS = frozenset(
    word
    for base in ("y", "yes", "n", "no", "on", "off")
    for word in (base, base.capitalize(), base.upper())
)
