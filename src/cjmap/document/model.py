"""The documents of spec sections 1–3 as pydantic v2 models.

Every model forbids unknown keys. Shorthand forms (a plain-string pain point, ``"82%"``
completion) are normalised on the way in, so the rest of cjmap sees one shape. Checks that
need more than one document (references, the emotion scale of a journey) live in
``cjmap.validate.checks``, not here.
"""

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
DURATION_PATTERN = r"^(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?$"
_DURATION = re.compile(r"(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?\Z")
_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*\Z")

Slug = Annotated[str, Strict(), Field(pattern=SLUG_PATTERN)]
Text = Annotated[str, Strict()]
TextList = list[Text]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Score = Annotated[int, Strict(), Field(ge=1, le=5)]
Share = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]
Scalar = str | int | float | bool | None


MAX_SCALE = 1_000
"""The largest magnitude of an emotion scale's bounds (scales are like [-2, 2] or [1, 10])."""
MAX_SOURCE_N = 10**12
"""The largest sample size of a source (analytics may count billions of visits)."""
MAX_REVIEW_DAYS = 36_500
"""The longest review interval, in days: 100 years."""
MAX_WEIGHT = 1_000
"""The largest friction weight: weights are relative, so small numbers say everything."""
MAX_METRIC = 10**15
"""The largest magnitude of a metric's value or target: a quadrillion."""
MAX_DURATION_WEEKS = 520
MAX_DURATION_MINUTES = MAX_DURATION_WEEKS * 7 * 24 * 60
"""The longest duration: 520 weeks, about ten years."""


@lru_cache(maxsize=4096)  # a workspace writes the same few durations thousands of times
def duration_too_long(text: str | None) -> bool:
    """Whether a duration (already of the right form) is longer than 520 weeks.

    Decided without turning huge digit strings into numbers (Python refuses to convert more
    than 4,300 digits, and nothing that long is a duration anyway).
    """
    match = _DURATION.match(text) if text else None
    if match is None:
        return False
    if any(part is not None and len(part.lstrip("0")) > 9 for part in match.groups()):
        return True
    minutes = duration_minutes(text)
    return minutes is not None and minutes > MAX_DURATION_MINUTES


@lru_cache(maxsize=4096)
def duration_minutes(text: str | None) -> int | None:
    """Minutes in a duration such as ``1h30m`` (a day is 24 h, a week 7 days)."""
    if text is None:
        return None
    match = _DURATION.match(text)
    if match is None or not text:
        return None
    weeks, days, hours, minutes = (int(part) if part else 0 for part in match.groups())
    return ((weeks * 7 + days) * 24 + hours) * 60 + minutes


# Checked by pydantic-core's own regex engine: a Python validator here costs more than the rest
# of a touchpoint's validation.
Duration = Annotated[str, Strict(), Field(pattern=DURATION_PATTERN, min_length=1)]


def _parse_completion(value: Any) -> Any:
    from cjmap.util.textsafe import clip

    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match is None:
            raise PydanticCustomError(
                "invalid_completion",
                "'{value}' is not a share: write a number from 0 to 1, or a percentage",
                {"value": clip(value)},  # a finding quotes 40 characters at most
            )
        return float(match.group(1)) / 100
    return value


Completion = Annotated[float, BeforeValidator(_parse_completion), Strict(), Field(ge=0, le=1)]


def _check_scale(value: list[int]) -> list[int]:
    if len(value) != 2 or value[0] >= value[1]:
        raise PydanticCustomError(
            "invalid_scale",
            "an emotion scale is two whole numbers, the lowest first, such as [1, 5]",
        )
    return value


ScaleBound = Annotated[int, Strict(), Field(ge=-MAX_SCALE, le=MAX_SCALE)]
EmotionScale = Annotated[list[ScaleBound], AfterValidator(_check_scale)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, defer_build=True)


def _text_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class PainPoint(_Model):
    id: Slug | None = None
    text: Text
    severity: Score = 3
    frequency: Score = 3
    category: Literal["technology", "process", "people", "policy"] | None = None
    scope: Literal["individual", "segment", "organization"] | None = None
    root_cause: Text | None = None
    evidence: list[Slug] = Field(default_factory=list)

    _shorthand = model_validator(mode="before")(_text_shorthand)


class Opportunity(_Model):
    id: Slug | None = None
    text: Text
    impact: Score | None = None
    effort: Score | None = None
    confidence: Share = 0.5
    owner: Text | None = None
    status: Literal["idea", "planned", "in-progress", "done"] = "idea"
    tags: TextList = Field(default_factory=list)
    addresses: list[Slug] = Field(default_factory=list)

    _shorthand = model_validator(mode="before")(_text_shorthand)


MetricNumber = Annotated[float, Strict(), Field(ge=-MAX_METRIC, le=MAX_METRIC, allow_inf_nan=False)]


class Metric(_Model):
    name: Text
    value: MetricNumber | None = None
    unit: Text | None = None
    target: MetricNumber | None = None
    better: Literal["higher", "lower"] = "higher"
    source: Slug | None = None


def _emotion_form(value: Any) -> str:
    return "per_persona" if isinstance(value, dict) else "single"


Emotion = Annotated[
    Annotated[Number, Tag("single")] | Annotated[dict[Slug, Number], Tag("per_persona")],
    Discriminator(_emotion_form),
]


class Touchpoint(_Model):
    id: Slug
    name: Text
    path: Slug | None = None
    personas: Annotated[list[Slug], Field(min_length=1)] | None = None
    journey: Slug | None = None
    channel: Text | None = None
    type: Literal["digital", "physical", "human"] | None = None
    owner: Text | None = None
    description: Text | None = None
    actions: TextList = Field(default_factory=list)
    thoughts: TextList = Field(default_factory=list)
    frontstage: TextList = Field(default_factory=list)
    backstage: TextList = Field(default_factory=list)
    support: TextList = Field(default_factory=list)
    emotion: Emotion | None = None
    expectation: Emotion | None = None
    effort: Score | None = None
    completion: Completion | None = None
    duration: Duration | None = None
    moment_of_truth: Annotated[bool, Strict()] = False
    evidence: list[Slug] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    pain_points: list[PainPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)

    def emotion_for(self, persona: str) -> float | None:
        """This touchpoint's emotion for one persona (a single value applies to all)."""
        if isinstance(self.emotion, dict):
            return self.emotion.get(persona)
        return self.emotion

    def applies_to(self, persona: str) -> bool:
        """Whether this touchpoint is part of ``persona``'s journey (``personas:`` absent:
        every persona's)."""
        return self.personas is None or persona in self.personas

    def expectation_for(self, persona: str) -> float | None:
        """This touchpoint's expectation for one persona (a single value applies to all)."""
        if isinstance(self.expectation, dict):
            return self.expectation.get(persona)
        return self.expectation


class JourneyPath(_Model):
    """An alternative path: touchpoints that some customers take instead of the main path
    (``path:`` on each), from ``branches_from`` until ``rejoins`` (absent: to the end)."""

    id: Slug
    name: Text
    description: Text | None = None
    branches_from: Slug
    rejoins: Slug | None = None
    share: Share | None = None


class Stage(_Model):
    id: Slug
    name: Text
    description: Text | None = None
    goal: Text | None = None
    expectations: TextList = Field(default_factory=list)
    duration: Duration | None = None
    touchpoints: list[Touchpoint] = Field(default_factory=list)


class Source(_Model):
    id: Slug
    type: Literal[
        "survey", "interview", "analytics", "support", "social", "usability-test", "other"
    ]
    title: Text | None = None
    date: dt.date | None = None
    n: Annotated[int, Strict(), Field(ge=0, le=MAX_SOURCE_N)] | None = None
    url: Text | None = None


class PersonaFields(_Model):
    id: Slug
    name: Text
    role: Text | None = None
    segment: Text | None = None
    share: Share | None = None
    quote: Text | None = None
    description: Text | None = None
    demographics: dict[str, Scalar] = Field(default_factory=dict)
    goals: TextList = Field(default_factory=list)
    motivations: TextList = Field(default_factory=list)
    frustrations: TextList = Field(default_factory=list)
    needs: TextList = Field(default_factory=list)
    preferences: TextList = Field(default_factory=list)
    behaviors: TextList = Field(default_factory=list)
    channels: TextList = Field(default_factory=list)


class Persona(PersonaFields):
    kind: Literal["persona"]


def _persona_form(value: Any) -> str:
    return "inline" if isinstance(value, dict) else "ref"


PersonaEntry = Annotated[
    Annotated[Slug, Tag("ref")] | Annotated[PersonaFields, Tag("inline")],
    Discriminator(_persona_form),
]


class Journey(_Model):
    kind: Literal["journey"]
    id: Slug
    title: Text
    description: Text | None = None
    state: Literal["current", "future"] = "current"
    improves: Slug | None = None
    owner: Text | None = None
    tags: TextList = Field(default_factory=list)
    locale: Text | None = None
    reviewed: dt.date | None = None
    emotion_scale: EmotionScale | None = None
    goals: TextList = Field(default_factory=list)
    personas: list[PersonaEntry] = Field(default_factory=list)
    paths: list[JourneyPath] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    stages: Annotated[list[Stage], Field(min_length=1)]

    def touchpoints(self) -> list[tuple[Stage, Touchpoint]]:
        """Every touchpoint in journey order, with its stage."""
        return [(stage, tp) for stage in self.stages for tp in stage.touchpoints]


Weight = Annotated[float, Strict(), Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]


class FrictionWeights(_Model):
    pain: Weight = 0.4
    effort: Weight = 0.2
    dropoff: Weight = 0.2
    emotion: Weight = 0.2


class FrictionSettings(_Model):
    # model_construct: the default without building the validator at import (defer_build).
    weights: FrictionWeights = FrictionWeights.model_construct()


RuleSeverity = Literal["error", "warning", "info", "off"]


def _check_glob(value: str) -> str:
    from cjmap.document.globs import glob_problem

    problem = glob_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid_glob", "{problem}", {"problem": problem})
    return value


Glob = Annotated[str, Strict(), AfterValidator(_check_glob)]


class ImportColumns(_Model):
    """Which column of an export holds what (header names, exactly as in the file)."""

    touchpoint: Text
    value: Text
    metric: Text | None = None
    persona: Text | None = None
    date: Text | None = None
    n: Text | None = None


def _check_answer_scale(value: Any) -> Any:
    if isinstance(value, list) and (len(value) != 2 or value[0] >= value[1]):
        raise PydanticCustomError(
            "answer_scale", "an answer scale is [lowest, highest], such as [1, 5]", {}
        )
    return value


AnswerScale = Annotated[
    Literal["csat", "nps"] | Annotated[list[ScaleBound], AfterValidator(_check_answer_scale)],
    Field(union_mode="left_to_right"),
]


class ImportMapping(_Model):
    """How ``cjmap import metrics`` reads one kind of export (``imports:`` in cjmap.yaml)."""

    journey: Slug
    file: Text | None = None
    type: Literal["analytics", "survey"]
    source: Slug
    title: Text | None = None
    sets: Literal["metric", "completion", "emotion"] = "metric"
    metric: Text | None = None
    unit: Text | None = None
    scale: AnswerScale | None = None
    columns: ImportColumns
    segments: dict[Text, Slug] = Field(default_factory=dict)
    """What the persona column calls each persona ("Ελένη" → eleni), besides ids and names."""

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.sets == "emotion" and self.scale is None:
            raise PydanticCustomError(
                "import_scale",
                "an import that sets emotion needs 'scale': csat (1-5), nps (0-10) or "
                "[lowest, highest]",
                {},
            )
        if self.sets == "metric" and self.metric is None and self.columns.metric is None:
            raise PydanticCustomError(
                "import_metric",
                "an import that sets a metric needs 'metric' (its name) or 'columns.metric'",
                {},
            )
        return self


class Workspace(_Model):
    kind: Literal["workspace"]
    emotion_scale: EmotionScale | None = None
    include: list[Glob] = Field(default_factory=list)
    exclude: list[Glob] = Field(default_factory=list)
    locale: Text = "en"
    review_every: Annotated[int, Strict(), Field(gt=0, le=MAX_REVIEW_DAYS)] = 180
    friction: FrictionSettings = FrictionSettings.model_construct()
    rules: dict[str, RuleSeverity] = Field(default_factory=dict)
    imports: dict[Slug, ImportMapping] = Field(default_factory=dict)


DEFAULT_SCALE = (-2, 2)
KINDS: dict[str, type[BaseModel]] = {"journey": Journey, "persona": Persona, "workspace": Workspace}
ModelDoc = Journey | Persona | Workspace

# What a mapping at a path is called, for messages: the last key that names a list of them.
ITEM_NAMES = {
    "stages": "stage",
    "touchpoints": "touchpoint",
    "pain_points": "pain point",
    "opportunities": "opportunity",
    "metrics": "metric",
    "sources": "source",
    "personas": "persona",
    "paths": "path",
}


def pain_point_id(touchpoint: Touchpoint, index: int) -> str:
    """A pain point's id, or one derived from its 1-based position: ``<tp>-pain-2``."""
    own = touchpoint.pain_points[index].id
    return own if own is not None else f"{touchpoint.id}-pain-{index + 1}"


def opportunity_id(touchpoint: Touchpoint, index: int) -> str:
    """An opportunity's id, or one derived from its 1-based position: ``<tp>-opp-2``."""
    own = touchpoint.opportunities[index].id
    return own if own is not None else f"{touchpoint.id}-opp-{index + 1}"


def persona_ids(journey: Journey) -> list[str]:
    """The ids of a journey's personas, named or inline, in order."""
    return [entry if isinstance(entry, str) else entry.id for entry in journey.personas]
