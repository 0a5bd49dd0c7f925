"""JSON Schemas of the three kinds of document, for editors and other tools.

The schemas are generated from the pydantic models in ``cjmap.document.model`` and then corrected
where pydantic describes the *parsed* value rather than what a person writes in YAML: a pain
point or an opportunity may be a plain string, ``completion`` may be ``"82%"``, a duration
is text of a given form, an emotion may be a mapping of persona id to number. Every field
gets a description, so an editor can show it on hover.

Each schema is identified by a stable URL, ``https://cjmap.dev/schemas/<kind>.schema.json``
(its ``$id``); the same text is committed under ``schemas/`` in the cjmap repository.
Patterns are written so that they mean the same in Python's ``re`` and in ECMA-262, the
dialect editors use. A schema describes one document: a file holding several persona
documents is checked document by document against the persona schema.

What a schema cannot say — references between files, an emotion within a journey's own
scale, ids unique in their scope — ``cjmap validate`` checks.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from cjmap.document.model import DURATION_PATTERN, KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URL = "https://cjmap.dev/schemas/"
SCHEMA_KINDS = ("journey", "persona", "workspace")

# A share written as a percentage, 0% to 100%, as ``cjmap.document.model`` reads it.
PERCENT_PATTERN = r"^\s*0*(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)\s*%\s*$"

_TITLES = {
    "journey": "cjmap journey",
    "persona": "cjmap persona",
    "workspace": "cjmap workspace settings (cjmap.yaml)",
}
_DESCRIPTIONS = {
    "journey": (
        "A customer journey map: personas, stages in journey order, touchpoints with what "
        "the customer does, thinks and feels, pain points, opportunities and the evidence "
        "behind them. Checked in full by `cjmap validate`."
    ),
    "persona": (
        "A customer archetype shared by the journeys of a workspace. A file may hold several "
        "persona documents separated by `---`; each document is checked against this schema."
    ),
    "workspace": (
        "Settings for a folder of journey maps, kept in `cjmap.yaml` at its root. Every key "
        "is optional."
    ),
}

_ID = "Identifier: lower-case ASCII letters, digits, '-' and '_', at most 64 characters."
_LIST = "A list of short texts."
_SCORE = "1 (lowest) to 5 (highest)."
_EVIDENCE = "Ids of the journey's `sources` that back this up."
_SCALE = (
    "The emotion scale as [lowest, highest], two whole numbers, the lowest first, such as "
    "[1, 5]. The neutral point is the midpoint. Default [-2, 2]."
)
_PERSONA = {
    "id": _ID,
    "name": "The persona's name as shown on maps, e.g. 'Maria, operations lead'.",
    "role": "Job or role.",
    "segment": "The customer segment this persona stands for.",
    "share": (
        "Share of customers this persona stands for, 0 to 1; weights the combined emotion curve."
    ),
    "quote": "A sentence in the persona's own words.",
    "description": "Who this person is, in a few sentences.",
    "demographics": "Free facts as key: value (age, location, company size...).",
    "goals": "What the persona wants to achieve.",
    "motivations": "Why they act.",
    "frustrations": "Fears, worries and annoyances.",
    "needs": "What they need from the service.",
    "preferences": "What they prefer.",
    "behaviors": "What they habitually do.",
    "channels": "Channels the persona prefers (web, phone, branch...).",
}

FIELD_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Journey": {
        "kind": "Always 'journey'.",
        "id": _ID + " Unique among the journeys of the workspace.",
        "title": "The journey's title as shown on maps.",
        "description": "What this journey covers.",
        "state": "'current' (as it is today, the default) or 'future' (as it should be).",
        "improves": "For a future-state journey: the id of the current-state journey it improves.",
        "owner": "Team or person responsible for this map.",
        "tags": "Free labels for finding and grouping maps.",
        "locale": (
            "Language of the labels of rendered maps: en, ru, el, zh, cs... Default: the "
            "workspace's locale."
        ),
        "reviewed": "Date of the last review, YYYY-MM-DD. Maps go stale (rule 'stale').",
        "emotion_scale": _SCALE + " Overrides the workspace's scale.",
        "goals": "Business goals this map serves.",
        "personas": (
            "Who travels this journey: ids of workspace personas, or personas written in place "
            "(with at least id and name). Both forms may be mixed."
        ),
        "paths": (
            "Alternative paths (a payment that fails, a return): each branches from a "
            "touchpoint and rejoins at another, or ends the journey. Touchpoints name their "
            "path with 'path:'."
        ),
        "sources": "The evidence catalogue: research that touchpoints and pain points cite.",
        "stages": "The stages of the journey, in journey order; at least one.",
    },
    "JourneyPath": {
        "id": _ID + " Unique among the journey's paths.",
        "name": "The path's name as shown on maps, e.g. 'Card declined'.",
        "description": "What happens on this path.",
        "branches_from": "Id of the touchpoint after which customers leave the main path.",
        "rejoins": (
            "Id of the touchpoint where they come back, after 'branches_from' in journey "
            "order; absent when the path ends the journey."
        ),
        "share": "Share of customers who take this path, 0 to 1.",
    },
    "Stage": {
        "id": _ID + " Unique among the journey's stages.",
        "name": "The stage's name, e.g. 'Awareness'.",
        "description": "What happens in this stage.",
        "goal": "What the customer wants to achieve in this stage.",
        "expectations": "What the customer expects here.",
        "duration": (
            "How long the stage takes: 15m, 2h, 3d, 2w or combinations such as 1h30m. "
            "Default: the sum of its touchpoints' durations."
        ),
        "touchpoints": "The touchpoints of this stage, in journey order.",
    },
    "Touchpoint": {
        "id": _ID + " Unique among the journey's touchpoints.",
        "name": "What happens here, e.g. 'Sees a LinkedIn ad'.",
        "path": "Id of the journey's path this touchpoint is on; absent: the main path.",
        "personas": (
            "Ids of the journey's personas this touchpoint applies to; absent: every persona."
        ),
        "journey": (
            "A sub-journey: the id of another journey of the workspace that tells this "
            "touchpoint in detail (its time and friction roll up into this one)."
        ),
        "channel": "Channel of the interaction (free text: web, email, phone, store...).",
        "type": "'digital', 'physical' or 'human'.",
        "owner": "Team or department responsible for this touchpoint.",
        "description": "More about this touchpoint.",
        "actions": "What the customer does.",
        "thoughts": "What the customer thinks or says (quotes).",
        "frontstage": "What staff do in front of the customer (service blueprint).",
        "backstage": "What staff do behind the scenes (service blueprint).",
        "support": "Systems and processes that support this touchpoint (service blueprint).",
        "emotion": (
            "How the customer feels, on the emotion scale (default -2 to 2, 0 is neutral): "
            "one number, or a number per persona such as {maria: -1, tom: 2}."
        ),
        "expectation": (
            "What the customer expected to feel here, on the emotion scale and in the same "
            "form as 'emotion' (the second curve: the gap shows expectations not met)."
        ),
        "effort": "Effort for the customer: 1 (effortless) to 5 (very hard).",
        "completion": (
            "Share of customers who complete this step: a number from 0 to 1, or a "
            'percentage such as "82%".'
        ),
        "duration": "How long it takes: 15m, 2h, 3d, 2w or combinations such as 1h30m.",
        "moment_of_truth": "true when this touchpoint decides how the customer sees the service.",
        "evidence": _EVIDENCE,
        "metrics": "Measurements of this touchpoint, ideally with a target.",
        "pain_points": (
            "Where it hurts. A plain string is short for {text: ...}; ids are derived "
            "(<touchpoint>-pain-1) when not given."
        ),
        "opportunities": (
            "What could be better. A plain string is short for {text: ...}; ids are derived "
            "(<touchpoint>-opp-1) when not given."
        ),
    },
    "PainPoint": {
        "id": _ID + " Default: <touchpoint-id>-pain-<position>.",
        "text": "The pain point in one sentence.",
        "severity": "How much it hurts: " + _SCORE + " Default 3.",
        "frequency": "How often it happens: 1 (rare) to 5 (almost everyone). Default 3.",
        "category": "'technology', 'process', 'people' or 'policy'.",
        "scope": "'individual', 'segment' or 'organization'.",
        "root_cause": "Why it happens.",
        "evidence": _EVIDENCE,
    },
    "Opportunity": {
        "id": _ID + " Default: <touchpoint-id>-opp-<position>.",
        "text": "The improvement in one sentence.",
        "impact": "Expected impact: " + _SCORE,
        "effort": "Effort to deliver it: " + _SCORE,
        "confidence": "Confidence in the estimate, 0 to 1. Default 0.5.",
        "owner": "Team or person who would deliver it.",
        "status": "'idea' (default), 'planned', 'in-progress' or 'done'.",
        "tags": "Free words to group opportunities across journeys in the portfolio.",
        "addresses": "Ids of the pain points in this journey that it addresses.",
    },
    "Metric": {
        "name": "What is measured, e.g. 'CTR'.",
        "value": "The measured value.",
        "unit": "Unit of the value, e.g. '%', 'min', 'EUR'.",
        "target": "The value aimed for.",
        "better": "'higher' (default) when higher values are better, else 'lower'.",
        "source": "Id of the journey source the value comes from.",
    },
    "Source": {
        "id": _ID + " Unique among the journey's sources.",
        "type": (
            "'survey', 'interview', 'analytics', 'support', 'social', 'usability-test' or 'other'."
        ),
        "title": "Title of the study or report.",
        "date": "When it was done, YYYY-MM-DD.",
        "n": "Sample size.",
        "url": "Where to read it.",
    },
    "PersonaFields": _PERSONA,
    "Persona": {"kind": "Always 'persona'.", **_PERSONA},
    "Workspace": {
        "kind": "Always 'workspace'.",
        "emotion_scale": _SCALE,
        "include": (
            "Globs of the files that belong to the workspace. Default: every *.yaml and *.yml "
            "file. A glob without '/' matches a name at any depth; '**' matches any folders."
        ),
        "exclude": "Globs of files and folders to leave out (e.g. 'drafts/**').",
        "locale": "Default language of the labels of rendered maps. Default 'en'.",
        "review_every": "Days after which a journey's review is stale. Default 180.",
        "friction": "How friction scores are computed.",
        "rules": "Severity per lint rule: 'error', 'warning', 'info' or 'off'.",
        "imports": (
            "How 'cjmap import metrics' reads analytics and survey exports: a mapping per "
            "kind of export, by name."
        ),
    },
    "ImportMapping": {
        "journey": "Id of the journey the numbers belong to.",
        "file": "The export this mapping reads, from the workspace root.",
        "type": "'analytics' or 'survey': the type of the source cited as evidence.",
        "source": "Id of the source in the journey's sources (added or updated).",
        "title": "Title of that source.",
        "sets": "What the value sets: 'metric' (default), 'completion' or 'emotion'.",
        "metric": "Name of the metric set (unless a column holds it).",
        "unit": "Unit of a metric the import adds.",
        "scale": (
            "Answer scale of a survey, for emotion: 'csat' (1-5), 'nps' (0-10) or "
            "[lowest, highest]; mapped linearly onto the journey's emotion scale."
        ),
        "columns": "Which column of the export holds what (header names).",
        "segments": "What the persona column calls a persona (name in the export -> persona id).",
    },
    "ImportColumns": {
        "touchpoint": "Column holding the touchpoint's id or name.",
        "value": "Column holding the number.",
        "metric": "Column holding the metric's name.",
        "persona": "Column holding the persona (id, name, or a name under 'segments').",
        "date": "Column holding the date (YYYY-MM-DD or YYYYMMDD); the latest date counts.",
        "n": "Column holding the number of responses, to weight the average.",
    },
    "FrictionSettings": {"weights": "Weights of the parts of a friction score."},
    "FrictionWeights": {
        "pain": "Weight of pain points (severity x frequency). Default 0.4.",
        "effort": "Weight of customer effort. Default 0.2.",
        "dropoff": "Weight of drop-off (1 - completion). Default 0.2.",
        "emotion": "Weight of negative emotion. Default 0.2.",
    },
}

_DEFINITION_DESCRIPTIONS = {
    "Stage": "A stage of the journey, such as awareness or purchase.",
    "Touchpoint": "A moment where the customer meets the service.",
    "PainPoint": "Where it hurts.",
    "Opportunity": "What could be better.",
    "Metric": "A measurement, ideally with a target.",
    "Source": "A piece of research that the journey cites by id.",
    "JourneyPath": "An alternative path through the journey (docs/format.md).",
    "PersonaFields": "A persona written in place.",
    "FrictionSettings": "How friction scores are computed.",
    "FrictionWeights": "Weights of the parts of a friction score (non-negative numbers).",
    "ImportMapping": "How one kind of analytics or survey export is imported (docs/import.md).",
    "ImportColumns": "The columns of an export, by header name.",
}


def schema_url(kind: str) -> str:
    """The stable URL (``$id``) of a kind's schema."""
    return f"{BASE_URL}{kind}.schema.json"


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind: journey, persona or workspace."""
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(SCHEMA_KINDS)}")
    model: type[BaseModel] = KINDS[kind]
    generated = model.model_json_schema()
    definitions: dict[str, Any] = generated.pop("$defs", {})
    definitions[model.__name__] = generated
    definitions = {name: _describe(name, definition) for name, definition in definitions.items()}
    _fix_yaml_forms(definitions)
    if kind == "workspace":
        definitions["Workspace"]["properties"]["rules"] = _rules_schema()
        definitions["RuleSeverity"] = {
            "description": "The severity of a lint rule's findings; 'off' turns the rule off.",
            "enum": ["error", "warning", "info", "off"],
        }
    root = definitions.pop(model.__name__)
    head: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": schema_url(kind),
        "title": _TITLES[kind],
        "description": _DESCRIPTIONS[kind],
    }
    root.pop("description", None)
    schema = {**head, **root}
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    return schema


def schema_text(kind: str) -> str:
    """The schema of ``kind`` as committed under ``schemas/``: indented JSON, final newline."""
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _describe(name: str, definition: dict[str, Any]) -> dict[str, Any]:
    """``definition`` without pydantic's titles and empty defaults, with descriptions first."""
    docs = FIELD_DESCRIPTIONS.get(name, {})
    properties: dict[str, Any] = definition.get("properties", {})
    if "kind" in properties:
        # The kind comes first in every document; editors list properties in this order.
        properties = {"kind": properties["kind"], **properties}
    described: dict[str, Any] = {}
    for field, prop in properties.items():
        kept = {
            key: value
            for key, value in prop.items()
            if key != "title" and not (key == "default" and value in (None, [], {}))
        }
        described[field] = {"description": docs[field], **kept} if field in docs else kept
    out: dict[str, Any] = {}
    if name in _DEFINITION_DESCRIPTIONS:
        out["description"] = _DEFINITION_DESCRIPTIONS[name]
    for key, value in definition.items():
        if key == "title":
            continue
        out[key] = described if key == "properties" else value
    return out


def _fix_yaml_forms(definitions: dict[str, Any]) -> None:
    """Describe what is written in YAML where pydantic describes the normalised value."""
    touchpoint = definitions["Touchpoint"]["properties"] if "Touchpoint" in definitions else {}
    if touchpoint:
        touchpoint["pain_points"]["items"] = {
            "anyOf": [{"type": "string"}, {"$ref": "#/$defs/PainPoint"}]
        }
        touchpoint["opportunities"]["items"] = {
            "anyOf": [{"type": "string"}, {"$ref": "#/$defs/Opportunity"}]
        }
        touchpoint["completion"] = {
            "description": touchpoint["completion"]["description"],
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": PERCENT_PATTERN},
                {"type": "null"},
            ],
        }
        emotion_forms = touchpoint["emotion"]["anyOf"][0]["oneOf"]
        for form in emotion_forms:
            if form.get("type") == "object":
                form["additionalProperties"] = False
        for owner in (touchpoint, definitions["Stage"]["properties"]):
            owner["duration"]["anyOf"][0] = {
                "type": "string",
                "pattern": DURATION_PATTERN,
                "minLength": 1,
            }
    for definition in definitions.values():
        scale = definition.get("properties", {}).get("emotion_scale")
        if scale is not None:
            scale["anyOf"][0].update({"minItems": 2, "maxItems": 2})


def _rules_schema() -> dict[str, Any]:
    from cjmap.validate.rules import all_rules

    return {
        "description": FIELD_DESCRIPTIONS["Workspace"]["rules"],
        "type": "object",
        "properties": {
            info.id: {
                "description": f"{info.summary} Default: {info.severity}.",
                "$ref": "#/$defs/RuleSeverity",
            }
            for info in all_rules()
            if info.configurable
        },
        "additionalProperties": False,
    }
