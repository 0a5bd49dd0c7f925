"""What the text and Markdown formatters share: how numbers are shown (precision,
percentages, which way is better) and a neutral view of each changed journey."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cjmap.diff.compare import (
    Change,
    Edited,
    EmotionChange,
    JourneyDiff,
    OpportunityRef,
    PainPointRef,
    PathChange,
    Renamed,
    TouchpointMove,
    TouchpointRef,
    WorkspaceDiff,
)
from cjmap.util.numbers import (
    EMOTION_DIGITS,
    FRICTION_DIGITS,
    SCORE_DIGITS,
    SHARE_DIGITS,
    emotion_text,
    number_text,
    percent_text,
    points_text,
    rounded_decimal,
)

UP = "▲"
DOWN = "▼"
Verdict = Literal["better", "worse", "same", "unknown"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A kind of number: its decimals, whether it is a share shown in %, which way is good,
    whether it is an emotion (written against its scale)."""

    digits: int
    percent: bool = False
    higher_is_better: bool = True
    emotion: bool = False


FRICTION = Quantity(FRICTION_DIGITS, higher_is_better=False)
EMOTION = Quantity(EMOTION_DIGITS, emotion=True)
SHARE = Quantity(SHARE_DIGITS, percent=True)
SCORE = Quantity(SCORE_DIGITS, higher_is_better=False)


def number(
    quantity: Quantity,
    value: float | None,
    scale: tuple[int, int] | None = None,
    *,
    with_scale: bool = False,
) -> str:
    """A value as shown, rounded as in every output (:mod:`cjmap.util.numbers`): ``41.7``,
    ``42.35%``; an emotion on ``scale`` signed only where the scale is centred on 0, and with
    ``with_scale`` the scale named (``1.73 on 1–5``); ``—`` when undefined."""
    if value is None:
        return "—"
    if quantity.percent:
        return percent_text(value)
    if quantity.emotion and scale is not None:
        return emotion_text(value, scale, with_scale=with_scale)
    return number_text(value, quantity.digits)


def delta(quantity: Quantity, change: Change) -> str:
    """``▲ 2.5``, ``▼ 12.5``, ``▲ 6 pp`` (percentage points), ``=`` or ``—``."""
    value = change.delta
    if value is None:
        return "—" if change.changed else "="
    if not change.changed:
        return "="
    arrow = UP if value > 0 else DOWN
    size = abs(value)
    if quantity.percent:
        return f"{arrow} {points_text(size)} pp"
    shown = number_text(size, quantity.digits)
    if rounded_decimal(size, quantity.digits).is_zero():
        # smaller than the precision shown: say so rather than "▲ 0"
        shown = "<" + number_text(10**-quantity.digits, quantity.digits)
    return f"{arrow} {shown}"


def verdict(quantity: Quantity, change: Change) -> Verdict:
    """Whether the change is an improvement, given which way is good for this number."""
    value = change.delta
    if not change.changed:
        return "same"
    if value is None:
        return "unknown"
    return "better" if (value > 0) == quantity.higher_is_better else "worse"


# --- a neutral view of a diff, shared by the text and Markdown formatters -------------------


@dataclass(frozen=True, slots=True)
class Id:
    """An id (a slug, or a label such as a revision): shown as code."""

    value: str


@dataclass(frozen=True, slots=True)
class Text:
    """Text the user wrote (a name, a pain point): untrusted, escaped by each formatter."""

    value: str


@dataclass(frozen=True, slots=True)
class Plain:
    """cjmap's own words and numbers."""

    value: str


Piece = Id | Text | Plain
# good / bad: an improvement or a regression; added / removed: a structural change.
Tone = Literal["good", "bad", "added", "removed", "warn", "info", "plain"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a section: a symbol, its tone (for colour) and its pieces."""

    symbol: str
    tone: Tone
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the numbers table."""

    label: str
    persona: str | None
    old: str
    new: str
    delta: str
    tone: Tone


@dataclass(frozen=True, slots=True)
class JourneyView:
    id: str
    title: str
    notes: tuple[Entry, ...]
    rows: tuple[Row, ...]
    sections: tuple[Section, ...]


_TONE: dict[Verdict, Tone] = {"better": "good", "worse": "bad", "same": "plain", "unknown": "warn"}


def change_text(
    quantity: Quantity,
    change: Change,
    scales: tuple[tuple[int, int], tuple[int, int]] | None = None,
) -> str:
    """``-1 → +1``: a change's two sides (an emotion on its side's scale, ``scales`` being
    the old and the new)."""
    old_scale, new_scale = scales if scales is not None else (None, None)
    return f"{number(quantity, change.old, old_scale)} → {number(quantity, change.new, new_scale)}"


def tone(quantity: Quantity, change: Change) -> Tone:
    """``good`` for an improvement, ``bad`` for a regression, else a neutral tone."""
    return _TONE[verdict(quantity, change)]


def journey_view(item: JourneyDiff) -> JourneyView:
    """The rows and sections of one changed journey, in the order they are shown."""
    return JourneyView(
        item.id, item.title, tuple(_notes(item)), tuple(_rows(item)), tuple(_sections(item))
    )


def _notes(item: JourneyDiff) -> list[Entry]:
    notes = []
    if item.id != item.old_id:
        notes.append(
            Entry("~", "warn", (Plain("compared with"), Id(item.old_id), Plain("(another id)")))
        )
    if item.title != item.old_title:
        notes.append(
            Entry("~", "warn", (Plain("title"), Text(item.old_title), Plain("→"), Text(item.title)))
        )
    if item.scale != item.old_scale:
        old = f"[{item.old_scale[0]}, {item.old_scale[1]}]"
        new = f"[{item.scale[0]}, {item.scale[1]}]"
        notes.append(Entry("!", "warn", (Plain(f"emotion scale {old} → {new}"),)))
    if item.edited_fields:
        notes.append(Entry("*", "info", (Plain("edited: " + ", ".join(item.edited_fields)),)))
    return notes


def _rows(item: JourneyDiff) -> list[Row]:
    numbers = item.numbers
    scales = (item.old_scale, item.scale)
    rows = [
        _row("Friction", None, FRICTION, numbers.friction, always=True),
        _row("Peak-end", None, EMOTION, numbers.peak_end, scales=scales),
        *(
            _row("Peak-end", persona, EMOTION, change, scales=scales)
            for persona, change in numbers.peak_end_by_persona
        ),
        _row("Funnel conversion", None, SHARE, numbers.conversion),
        *(
            _row(f"Funnel conversion, path {path}", None, SHARE, change)
            for path, change in numbers.path_conversion
        ),
        _row("Evidence: touchpoints", None, SHARE, numbers.coverage_touchpoints),
        _row("Evidence: pain points", None, SHARE, numbers.coverage_pain_points),
    ]
    return [row for row in rows if row is not None]


def _row(
    label: str,
    persona: str | None,
    quantity: Quantity,
    change: Change,
    *,
    always: bool = False,
    scales: tuple[tuple[int, int], tuple[int, int]] | None = None,
) -> Row | None:
    if not always and not change.changed:
        return None
    old_scale, new_scale = scales if scales is not None else (None, None)
    return Row(
        label,
        persona,
        number(quantity, change.old, old_scale, with_scale=True),
        number(quantity, change.new, new_scale, with_scale=True),
        delta(quantity, change),
        tone(quantity, change),
    )


def _friction_note(value: float | None) -> tuple[Plain, ...]:
    return () if value is None else (Plain(f"(friction {number(FRICTION, value)})"),)


def _score_note(value: float | None) -> tuple[Plain, ...]:
    return () if value is None else (Plain(f"(score {number(SCORE, value)})"),)


def _sections(item: JourneyDiff) -> list[Section]:
    stages, tps = item.stages, item.touchpoints
    pains, opps, personas = item.pain_points, item.opportunities, item.personas
    sections = [
        Section(
            "Stages",
            (
                *(
                    Entry(
                        "+",
                        "added",
                        (
                            Plain("added"),
                            Id(s.id),
                            Text(s.name),
                            Plain(f"at position {s.position}"),
                        ),
                    )
                    for s in stages.added
                ),
                *(
                    Entry("-", "removed", (Plain("removed"), Id(s.id), Text(s.name)))
                    for s in stages.removed
                ),
                *(_renamed(item) for item in stages.renamed),
                *(
                    Entry(
                        "↕",
                        "info",
                        (
                            Plain("moved"),
                            Id(s.id),
                            Text(s.name),
                            Plain(f"from position {s.old_position} to {s.new_position}"),
                        ),
                    )
                    for s in stages.moved
                ),
                *(_edited(item) for item in stages.edited),
            ),
        ),
        Section(
            "Touchpoints",
            (
                *(_touchpoint("+", "added", "added", "in", t) for t in tps.added),
                *(_touchpoint("-", "removed", "removed", "from", t) for t in tps.removed),
                *(_renamed(item) for item in tps.renamed),
                *(Entry("↕", "info", _move(t)) for t in tps.moved),
                *(Entry("↕", "info", _path_move(t)) for t in tps.path_changed),
                *(_edited(item) for item in tps.edited),
            ),
        ),
        Section(
            "Friction by touchpoint",
            tuple(
                Entry(
                    "•",
                    tone(FRICTION, t.change),
                    (
                        Id(t.touchpoint),
                        Plain(change_text(FRICTION, t.change)),
                        Plain(delta(FRICTION, t.change)),
                    ),
                )
                for t in item.numbers.touchpoint_friction
            ),
        ),
        Section(
            "Emotion",
            tuple(_feeling(e, tone(EMOTION, e.change), item) for e in item.emotion),
        ),
        Section(
            "Expectation",
            # What customers expect is neither better nor worse.
            tuple(_feeling(e, "info", item) for e in item.expectation),
        ),
        Section(
            "Sub-journeys",
            tuple(
                Entry(
                    "~",
                    "info",
                    (
                        Id(s.touchpoint),
                        Plain("sub-journey"),
                        Plain("none") if s.old is None else Id(s.old),
                        Plain("→"),
                        Plain("none") if s.new is None else Id(s.new),
                    ),
                )
                for s in item.sub_journeys
            ),
        ),
        Section(
            "Pain points",
            (
                *(_pain("+", "bad", "added", p) for p in pains.added),
                *(_pain("✔", "good", "resolved", p) for p in pains.resolved),
                *(
                    Entry(
                        "•",
                        tone(SCORE, p.score),
                        (
                            Plain("rescored"),
                            Id(p.id),
                            Plain("at"),
                            Id(p.touchpoint),
                            Plain(change_text(SCORE, p.score)),
                            Plain(delta(SCORE, p.score)),
                        ),
                    )
                    for p in pains.rescored
                ),
            ),
        ),
        Section(
            "Opportunities",
            (
                *(_opportunity("+", "added", "added", o) for o in opps.added),
                *(_opportunity("-", "removed", "removed", o) for o in opps.removed),
                *(
                    Entry(
                        "•",
                        "good" if o.forward else "bad",
                        (
                            Plain("status"),
                            Id(o.id),
                            Plain(f"{o.old_status} → {o.new_status}:"),
                            Text(o.text),
                        ),
                    )
                    for o in opps.status_changed
                ),
                *(
                    Entry(
                        "•",
                        "info",
                        (
                            Plain("tags"),
                            Id(o.id),
                            Text(_tags(o.old_tags)),
                            Plain("→"),
                            Text(_tags(o.new_tags)),
                            Text(o.text),
                        ),
                    )
                    for o in opps.retagged
                ),
            ),
        ),
        Section(
            "Personas",
            (
                *(Entry("+", "info", (Plain("added"), Id(p))) for p in personas.added),
                *(Entry("-", "info", (Plain("removed"), Id(p))) for p in personas.removed),
                *(Entry("*", "info", (Plain("edited"), Id(p))) for p in personas.edited),
            ),
        ),
    ]
    return [section for section in sections if section.entries]


def _feeling(e: EmotionChange, tone: Tone, item: JourneyDiff) -> Entry:
    """A persona's emotion (or expectation) at a touchpoint, before and after."""
    scales = (item.old_scale, item.scale)
    return Entry(
        "•",
        tone,
        (
            Id(e.touchpoint),
            Plain("for"),
            Id(e.persona),
            Plain(change_text(EMOTION, e.change, scales)),
            Plain(delta(EMOTION, e.change)),
        ),
    )


def _tags(tags: tuple[str, ...]) -> str:
    """An opportunity's tags as a diff line shows them: ``[a, b]``, ``[]`` for none."""
    return "[" + ", ".join(tags) + "]"


def _touchpoint(symbol: str, tone: Tone, verb: str, where: str, t: TouchpointRef) -> Entry:
    pieces = (Plain(verb), Id(t.id), Text(t.name), Plain(where), Id(t.stage))
    return Entry(symbol, tone, (*pieces, *_friction_note(t.friction)))


def _pain(symbol: str, tone: Tone, verb: str, p: PainPointRef) -> Entry:
    pieces = (Plain(verb), Id(p.id), Plain("at"), Id(p.touchpoint), Text(p.text))
    return Entry(symbol, tone, (*pieces, *_score_note(p.score)))


def _opportunity(symbol: str, tone: Tone, verb: str, o: OpportunityRef) -> Entry:
    pieces = (Plain(verb), Id(o.id), Plain("at"), Id(o.touchpoint), Text(o.text))
    return Entry(symbol, tone, (*pieces, Plain(f"[{o.status}]")))


def _renamed(item: Renamed) -> Entry:
    pieces = (Plain("renamed"), Id(item.id), Text(item.old_name), Plain("→"), Text(item.new_name))
    return Entry("~", "warn", pieces)


def _edited(item: Edited) -> Entry:
    fields = Plain("(" + ", ".join(item.fields) + ")")
    return Entry("*", "info", (Plain("edited"), Id(item.id), Text(item.name), fields))


def _path_move(t: PathChange) -> tuple[Piece, ...]:
    def where(path: str | None) -> tuple[Piece, ...]:
        return (Plain("the main path"),) if path is None else (Plain("the path"), Id(path))

    return (
        Plain("moved"),
        Id(t.id),
        Text(t.name),
        Plain("from"),
        *where(t.old_path),
        Plain("to"),
        *where(t.new_path),
    )


def _move(t: TouchpointMove) -> tuple[Piece, ...]:
    if t.old_stage == t.new_stage:
        return (
            Plain("moved"),
            Id(t.id),
            Text(t.name),
            Plain("within"),
            Id(t.new_stage),
            Plain(f"from position {t.old_position} to {t.new_position}"),
        )
    return (
        Plain("moved"),
        Id(t.id),
        Text(t.name),
        Plain("from"),
        Id(t.old_stage),
        Plain(f"#{t.old_position} to"),
        Id(t.new_stage),
        Plain(f"#{t.new_position}"),
    )


def summary(diff: WorkspaceDiff) -> list[tuple[str, list[tuple[str, Change | None]]]]:
    """The summary's parts: (what, [(journey id, its friction change or None)]) groups."""
    groups: list[tuple[str, list[tuple[str, Change | None]]]] = []
    count = len(diff.changed_journeys)
    if count:
        groups.append(
            (
                f"{count} journey{'s' * (count != 1)} changed",
                [(item.id, item.numbers.friction) for item in diff.changed_journeys],
            )
        )
    if diff.added:
        groups.append((f"{len(diff.added)} added", [(item.id, None) for item in diff.added]))
    if diff.removed:
        groups.append((f"{len(diff.removed)} removed", [(item.id, None) for item in diff.removed]))
    return groups
