"""JSON: the resolved journey (personas in full, derived ids filled in, the emotion scale
settled) with its analysis, for other tools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cjmap.document.model import opportunity_id, pain_point_id
from cjmap.util.textsafe import json_dumps
from cjmap.workspace.corpus import ResolvedJourney

FORMAT_VERSION = 1


def resolved_dict(resolved: ResolvedJourney) -> dict[str, Any]:
    """The journey as plain data: workspace personas in place of their ids, every pain point
    and opportunity with its id, and ``emotion_scale`` as it applies."""
    journey = resolved.journey
    data = journey.model_dump(mode="json", exclude_none=True, exclude={"personas"})
    data["personas"] = [p.model_dump(mode="json", exclude_none=True) for p in resolved.personas]
    data["emotion_scale"] = list(resolved.scale)
    data["state"] = journey.state
    for stage_data, stage in zip(data["stages"], journey.stages, strict=True):
        for tp_data, tp in zip(stage_data.get("touchpoints", []), stage.touchpoints, strict=True):
            for i, pain in enumerate(tp_data.get("pain_points", [])):
                pain["id"] = pain_point_id(tp, i)
            for i, opp in enumerate(tp_data.get("opportunities", [])):
                opp["id"] = opportunity_id(tp, i)
    return data


def render_json(resolved: ResolvedJourney, analysis: Mapping[str, Any]) -> str:
    """The JSON document of one journey: ``{"cjmap": 1, "file", "journey", "analysis"}``."""
    document = {
        "cjmap": FORMAT_VERSION,
        "file": resolved.file,
        "journey": resolved_dict(resolved),
        "analysis": analysis,
    }
    # Exact data; controls, noncharacters and CI commands as \u escapes (see json_dumps).
    return json_dumps(document) + "\n"
