"""Errors that need more than one document: duplicate ids, references, the emotion scale."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cjmap.corpus import Corpus, Doc
from cjmap.load import Path
from cjmap.model import Journey, Persona, opportunity_id, pain_point_id
from cjmap.problems import Problem


def check_corpus(corpus: Corpus) -> Iterator[Problem]:
    """Every cross-document error of the corpus (reported for every document; the caller
    keeps those in the files it was asked about)."""
    yield from _workspace_duplicates(corpus)
    journey_ids = {doc.model.id for doc in corpus.journeys() if isinstance(doc.model, Journey)}
    personas = corpus.workspace_personas()
    invalid = _invalid_documents(corpus)
    for doc in corpus.journeys():
        assert isinstance(doc.model, Journey)
        yield from _journey(corpus, doc, doc.model, journey_ids, set(personas), invalid)


def _invalid_documents(corpus: Corpus) -> dict[tuple[str, str], str]:
    """(kind, id) → file, for the journeys and personas that did not validate: a reference
    to one of them is not a typo, and saying so points at the real problem."""
    found: dict[tuple[str, str], str] = {}
    for doc in corpus.docs:
        data = doc.data
        if doc.model is None and isinstance(data, dict):
            kind, ident = data.get("kind"), data.get("id")
            if kind in ("journey", "persona") and isinstance(ident, str):
                found.setdefault((str(kind), ident), doc.display)
    return found


def _workspace_duplicates(corpus: Corpus) -> Iterator[Problem]:
    # The order does not depend on how the files were named on the command line, and files
    # outside the targets come first: a clash between a file being checked and another file
    # of the workspace is reported in the file being checked (pre-commit passes only those).
    order = sorted(
        corpus.docs, key=lambda doc: (doc.display in corpus.targets, doc.display, doc.index)
    )
    first: dict[tuple[str, str], Doc] = {}
    for doc in order:
        model = doc.model
        if isinstance(model, Journey | Persona):
            kind = "journey" if isinstance(model, Journey) else "persona"
            key = (kind, model.id)
            if key in first:
                other = first[key]
                line = other.file.locate(other.index, ("id",), at_key=False).line
                yield doc.problem(
                    ("id",),
                    "duplicate-id",
                    "error",
                    f"the {kind} id '{model.id}' is already used in {other.display} (line {line})",
                    f"give this {kind} another id; ids are unique in the workspace",
                    at_key=False,
                )
            else:
                first[key] = doc


def _journey(
    corpus: Corpus,
    doc: Doc,
    journey: Journey,
    journey_ids: set[str],
    shared: set[str],
    invalid: dict[tuple[str, str], str],
) -> Iterator[Problem]:
    def duplicate(path: Path, what: str, ident: str, where: str) -> Problem:
        return doc.problem(
            (*path, "id"),
            "duplicate-id",
            "error",
            f"the {what} id '{ident}' is used twice in this journey",
            f"ids of {where} are unique within a journey; rename this one",
            at_key=False,
        )

    # Personas: inline ones may not reuse a workspace persona's id.
    seen_personas: set[str] = set()
    for index, entry in enumerate(journey.personas):
        ident = entry if isinstance(entry, str) else entry.id
        path: Path = ("personas", index) if isinstance(entry, str) else ("personas", index, "id")
        if ident in seen_personas:
            yield doc.problem(
                path,
                "duplicate-id",
                "error",
                f"the persona '{ident}' is listed twice in this journey",
                "list each persona once",
                at_key=False,
            )
        seen_personas.add(ident)
        if isinstance(entry, str):
            if entry in shared:
                pass
            elif ("persona", entry) in invalid:
                yield _invalid_reference(doc, path, "persona", entry, invalid)
            else:
                yield doc.problem(
                    path,
                    "unresolved-reference",
                    "error",
                    f"no persona with the id '{entry}' is defined in the workspace",
                    _suggest(entry, shared, "define it in a 'kind: persona' file, or fix the id"),
                    at_key=False,
                )
        elif entry.id in shared:
            yield doc.problem(
                path,
                "duplicate-id",
                "error",
                f"the inline persona '{entry.id}' reuses the id of a workspace persona",
                f"name the workspace persona ('- {entry.id}') or give this one another id",
                at_key=False,
            )

    sources: set[str] = set()
    for index, source in enumerate(journey.sources):
        if source.id in sources:
            yield duplicate(("sources", index), "source", source.id, "sources")
        sources.add(source.id)

    stage_ids: set[str] = set()
    touchpoint_ids: set[str] = set()
    pain_ids: set[str] = set()
    opportunity_ids: set[str] = set()
    for s, stage in enumerate(journey.stages):
        if stage.id in stage_ids:
            yield duplicate(("stages", s), "stage", stage.id, "stages")
        stage_ids.add(stage.id)
        for t, tp in enumerate(stage.touchpoints):
            tp_path: Path = ("stages", s, "touchpoints", t)
            if tp.id in touchpoint_ids:
                yield duplicate(tp_path, "touchpoint", tp.id, "touchpoints")
            touchpoint_ids.add(tp.id)
            for p in range(len(tp.pain_points)):
                ident = pain_point_id(tp, p)
                if ident in pain_ids:
                    yield duplicate(
                        (*tp_path, "pain_points", p), "pain point", ident, "pain points"
                    )
                pain_ids.add(ident)
            for o in range(len(tp.opportunities)):
                ident = opportunity_id(tp, o)
                if ident in opportunity_ids:
                    yield duplicate(
                        (*tp_path, "opportunities", o), "opportunity", ident, "opportunities"
                    )
                opportunity_ids.add(ident)

    low, high = corpus.scale_of(journey)
    for s, stage in enumerate(journey.stages):
        for t, tp in enumerate(stage.touchpoints):
            tp_path = ("stages", s, "touchpoints", t)
            yield from _emotion(doc, tp_path, tp.emotion, seen_personas, low, high)
            for e, ident in enumerate(tp.evidence):
                if ident not in sources:
                    yield _unknown_source(doc, (*tp_path, "evidence", e), ident, sources)
            for m, metric in enumerate(tp.metrics):
                if metric.source is not None and metric.source not in sources:
                    path = (*tp_path, "metrics", m, "source")
                    yield _unknown_source(doc, path, metric.source, sources)
            for p, pain in enumerate(tp.pain_points):
                for e, ident in enumerate(pain.evidence):
                    if ident not in sources:
                        path = (*tp_path, "pain_points", p, "evidence", e)
                        yield _unknown_source(doc, path, ident, sources)
            for o, opportunity in enumerate(tp.opportunities):
                for a, ident in enumerate(opportunity.addresses):
                    if ident not in pain_ids:
                        yield doc.problem(
                            (*tp_path, "opportunities", o, "addresses", a),
                            "unresolved-reference",
                            "error",
                            f"no pain point with the id '{ident}' in this journey",
                            _suggest(ident, pain_ids, "name a pain point id of this journey"),
                            at_key=False,
                        )

    if journey.improves is not None:
        if journey.improves == journey.id:
            yield doc.problem(
                ("improves",),
                "unresolved-reference",
                "error",
                "a journey cannot improve itself",
                "name the current-state journey this one improves",
                at_key=False,
            )
        elif ("journey", journey.improves) in invalid and journey.improves not in journey_ids:
            yield _invalid_reference(doc, ("improves",), "journey", journey.improves, invalid)
        elif journey.improves not in journey_ids:
            yield doc.problem(
                ("improves",),
                "unresolved-reference",
                "error",
                f"no journey with the id '{journey.improves}' in the workspace",
                _suggest(journey.improves, journey_ids, "name the current-state journey's id"),
                at_key=False,
            )


def _emotion(
    doc: Doc,
    path: Path,
    emotion: float | dict[str, float] | None,
    personas: set[str],
    low: int,
    high: int,
) -> Iterator[Problem]:
    if emotion is None:
        return
    values: list[tuple[Path, float]]
    if isinstance(emotion, dict):
        values = []
        for persona, value in emotion.items():
            if persona not in personas:
                listed = ", ".join(sorted(personas)) or "none"
                yield doc.problem(
                    (*path, "emotion", persona),
                    "unresolved-reference",
                    "error",
                    f"'{persona}' is not one of this journey's personas ({listed})",
                    _suggest(persona, personas, "add the persona to the journey's 'personas'"),
                )
            values.append(((*path, "emotion", persona), value))
    else:
        values = [((*path, "emotion"), emotion)]
    for value_path, value in values:
        if not low <= value <= high:
            yield doc.problem(
                value_path,
                "out-of-range",
                "error",
                f"emotion {value:g} is outside this journey's scale ({low} to {high})",
                f"use a value from {low} (very negative) to {high} (very positive); "
                f"{(low + high) / 2:g} is neutral",
                at_key=False,
            )


def _invalid_reference(
    doc: Doc, path: Path, kind: str, ident: str, invalid: dict[tuple[str, str], str]
) -> Problem:
    where = invalid[(kind, ident)]
    return doc.problem(
        path,
        "unresolved-reference",
        "error",
        f"the {kind} '{ident}' in {where} does not validate, so it cannot be used here",
        f"fix the errors that 'cjmap validate {where}' reports",
        at_key=False,
    )


def _unknown_source(doc: Doc, path: Path, ident: str, sources: set[str]) -> Problem:
    return doc.problem(
        path,
        "unresolved-reference",
        "error",
        f"no source with the id '{ident}' in this journey's 'sources'",
        _suggest(ident, sources, "add it to 'sources' (id, type, title), or fix the id"),
        at_key=False,
    )


def _suggest(value: str, options: set[str], otherwise: str) -> str:
    matches = difflib.get_close_matches(value, sorted(options), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else otherwise
