"""Errors that need more than one value: ids, references, the emotion scale.

Two kinds: :func:`journey_checks` needs one journey alone, and runs where the journey was
read (in a worker process, for a large workspace); :func:`workspace_checks` needs the whole
workspace, and works from :class:`DocFacts`, a few ids per document, so that the documents
themselves need not be kept.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from cjmap.document.load import Path, Span
from cjmap.document.model import (
    MAX_DURATION_WEEKS,
    Journey,
    Persona,
    Workspace,
    duration_too_long,
    opportunity_id,
    pain_point_id,
)
from cjmap.document.problems import Problem
from cjmap.util.numbers import neutral_of
from cjmap.workspace.corpus import Corpus, Doc, problem_at

Locate = Callable[[str, int, Path, bool], Span]
"""Where ``(file, document index, path, at_key)`` is; files may be read again to say."""


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What the workspace-wide checks need of one document."""

    file: str
    index: int
    kind: str | None
    id: str | None
    valid: bool
    persona_refs: tuple[tuple[int, str], ...] = ()
    """A journey's personas named by id: (position in 'personas', id)."""
    inline_personas: tuple[tuple[int, str], ...] = ()
    improves: str | None = None
    stray_emotion_keys: tuple[tuple[Path, str], ...] = ()
    """Emotion- and expectation-map keys that name none of the journey's personas: (path, key)."""
    sub_journeys: tuple[tuple[Path, str], ...] = ()
    """The touchpoints that name a sub-journey: (path to their 'journey', its id)."""

    @property
    def persona_ids(self) -> set[str]:
        return {ident for _, ident in (*self.persona_refs, *self.inline_personas)}


def facts_of(doc: Doc) -> DocFacts:
    model = doc.model
    if isinstance(model, Journey):
        refs = tuple((i, p) for i, p in enumerate(model.personas) if isinstance(p, str))
        inline = tuple((i, p.id) for i, p in enumerate(model.personas) if not isinstance(p, str))
        listed = {ident for _, ident in (*refs, *inline)}
        stray = tuple(
            (("stages", s, "touchpoints", t, field, key), key)
            for s, stage in enumerate(model.stages)
            for t, tp in enumerate(stage.touchpoints)
            for field, curve in (("emotion", tp.emotion), ("expectation", tp.expectation))
            if isinstance(curve, dict)
            for key in curve
            if key not in listed
        )
        subs = tuple(
            (("stages", s, "touchpoints", t, "journey"), tp.journey)
            for s, stage in enumerate(model.stages)
            for t, tp in enumerate(stage.touchpoints)
            if tp.journey is not None
        )
        return DocFacts(
            doc.display,
            doc.index,
            "journey",
            model.id,
            True,
            refs,
            inline,
            model.improves,
            stray,
            subs,
        )
    if isinstance(model, Persona):
        return DocFacts(doc.display, doc.index, "persona", model.id, True)
    if isinstance(model, Workspace):
        return DocFacts(doc.display, doc.index, "workspace", None, True)
    kind = ident = None
    if isinstance(doc.data, dict):
        kind, ident = doc.data.get("kind"), doc.data.get("id")
    return DocFacts(
        doc.display,
        doc.index,
        kind if isinstance(kind, str) else None,
        ident if isinstance(ident, str) else None,
        False,
    )


def corpus_locator(corpus: Corpus) -> Locate:
    files = {doc.display: doc.file for doc in corpus.docs}

    def locate(file: str, index: int, path: Path, at_key: bool) -> Span:
        return files[file].locate(index, path, at_key=at_key)

    return locate


def workspace_checks(
    facts: Iterable[DocFacts], targets: set[str] | frozenset[str], locate: Locate
) -> Iterator[Problem]:
    """Duplicate journey and persona ids, and the references between documents, in the
    documents of ``targets``."""
    facts = list(facts)
    yield from _workspace_duplicates(facts, targets, locate)
    journey_ids = {f.id for f in facts if f.valid and f.kind == "journey"}
    shared = {f.id for f in facts if f.valid and f.kind == "persona" and f.id is not None}
    invalid: dict[tuple[str, str], str] = {}
    for f in facts:
        if not f.valid and f.kind in ("journey", "persona") and f.id is not None:
            # A reference to a document that does not validate is not a typo, and saying
            # so points at the real problem.
            invalid.setdefault((f.kind, f.id), f.file)
    for f in facts:
        if f.valid and f.kind == "journey" and f.file in targets:
            yield from _references(f, journey_ids, shared, invalid, locate)
    yield from _sub_journey_loops(facts, targets, locate)


def _at(
    locate: Locate,
    f: DocFacts,
    path: Path,
    rule: str,
    message: str,
    hint: str,
    *,
    at_key: bool = False,
) -> Problem:
    span = locate(f.file, f.index, path, at_key)
    return problem_at(f.file, span, rule, "error", message, hint)


def _workspace_duplicates(
    facts: list[DocFacts], targets: set[str] | frozenset[str], locate: Locate
) -> Iterator[Problem]:
    # The order does not depend on how the files were named on the command line, and files
    # outside the targets come first: a clash between a file being checked and another file
    # of the workspace is reported in the file being checked (pre-commit passes only those).
    order = sorted(facts, key=lambda f: (f.file in targets, f.file, f.index))
    first: dict[tuple[str, str], DocFacts] = {}
    for f in order:
        if not f.valid or f.kind not in ("journey", "persona") or f.id is None:
            continue
        key = (f.kind, f.id)
        other = first.setdefault(key, f)
        if other is f or f.file not in targets:
            continue
        line = locate(other.file, other.index, ("id",), False).line
        yield _at(
            locate,
            f,
            ("id",),
            "duplicate-id",
            f"the {f.kind} id '{f.id}' is already used in {other.file} (line {line})",
            f"give this {f.kind} another id; ids are unique in the workspace",
        )


def intended_personas(f: DocFacts, shared: set[str]) -> dict[str, str]:
    """The journey's persona references that do not resolve → the workspace persona each
    most likely meant (the one its did-you-mean names); those without one are left out."""
    meant = {}
    for _, ident in f.persona_refs:
        if ident not in shared:
            match = closest(ident, shared)
            if match is not None:
                meant[ident] = match
    return meant


def drop_unresolved_personas(
    problems: Iterable[Problem], facts: Iterable[DocFacts]
) -> list[Problem]:
    """``problems`` without the cascade of a persona reference that does not resolve: it is
    reported once, at the journey's list, so findings about that persona elsewhere in the
    journey (an emotion missing for it) are restated without it, or dropped."""
    facts = list(facts)
    shared = {f.id for f in facts if f.valid and f.kind == "persona" and f.id is not None}
    unresolved = {
        (f.file, f.index): {ident for _, ident in f.persona_refs if ident not in shared}
        for f in facts
        if f.valid and f.kind == "journey"
    }
    kept = []
    for problem in problems:
        scope = problem.scope
        if scope is None:
            kept.append(problem)
            continue
        broken = unresolved.get((problem.file, scope.index), set())
        remaining = [ident for ident in scope.personas if ident not in broken]
        if len(remaining) == len(scope.personas):
            kept.append(problem)
        elif remaining:
            quoted = ", ".join(f"'{ident}'" for ident in remaining)
            kept.append(replace(problem, message=scope.template.format(personas=quoted)))
    return kept


def _references(
    f: DocFacts,
    journey_ids: set[str | None],
    shared: set[str],
    invalid: dict[tuple[str, str], str],
    locate: Locate,
) -> Iterator[Problem]:
    for index, ident in f.persona_refs:
        path: Path = ("personas", index)
        if ident in shared:
            continue
        if ("persona", ident) in invalid:
            yield _invalid_reference(locate, f, path, "persona", ident, invalid)
        else:
            yield _at(
                locate,
                f,
                path,
                "unresolved-reference",
                f"no persona with the id '{ident}' is defined in the workspace",
                _suggest(ident, shared, "define it in a 'kind: persona' file, or fix the id"),
            )
    yield from _stray_emotion_keys(f, shared, locate)
    for index, ident in f.inline_personas:
        if ident in shared:
            yield _at(
                locate,
                f,
                ("personas", index, "id"),
                "duplicate-id",
                f"the inline persona '{ident}' reuses the id of a workspace persona",
                f"name the workspace persona ('- {ident}') or give this one another id",
            )
    yield from _sub_journeys(f, journey_ids, invalid, locate)
    improves = f.improves
    if improves is None:
        return
    if improves == f.id:
        yield _at(
            locate,
            f,
            ("improves",),
            "unresolved-reference",
            "a journey cannot improve itself",
            "name the current-state journey this one improves",
        )
    elif improves in journey_ids:
        pass
    elif ("journey", improves) in invalid:
        yield _invalid_reference(locate, f, ("improves",), "journey", improves, invalid)
    else:
        # Never "did you mean" the journey itself: it cannot improve itself.
        known = {ident for ident in journey_ids if ident is not None and ident != f.id}
        yield _at(
            locate,
            f,
            ("improves",),
            "unresolved-reference",
            f"no journey with the id '{improves}' in the workspace",
            _suggest(improves, known, "name the current-state journey's id"),
        )


def _sub_journeys(
    f: DocFacts,
    journey_ids: set[str | None],
    invalid: dict[tuple[str, str], str],
    locate: Locate,
) -> Iterator[Problem]:
    """A touchpoint's ``journey:`` names a journey of the workspace (a loop back to the
    journey itself is reported by :func:`_sub_journey_loops`, with its chain)."""
    for path, ident in f.sub_journeys:
        if ident == f.id or ident in journey_ids:
            continue
        if ("journey", ident) in invalid:
            yield _invalid_reference(locate, f, path, "journey", ident, invalid)
            continue
        known = {j for j in journey_ids if j is not None and j != f.id}
        yield _at(
            locate,
            f,
            path,
            "unresolved-reference",
            f"no journey with the id '{ident}' in the workspace to be this touchpoint's "
            "sub-journey",
            _suggest(ident, known, "name the id of the journey that tells this touchpoint"),
        )


LOOP_SHOWN = 6
"""How many steps of a loop a message names at each end (a loop may run through thousands)."""


def loop_text(ids: Sequence[str]) -> str:
    """A loop as ``a → b → a``; a long one with its first and last steps and how many are
    left out between them, so that the message stays one readable line."""
    if len(ids) <= 2 * LOOP_SHOWN + 1:
        return " → ".join(ids)
    left = len(ids) - 2 * LOOP_SHOWN
    return " → ".join(ids[:LOOP_SHOWN]) + f" → … {left:,} more … → " + " → ".join(ids[-LOOP_SHOWN:])


def _sub_journey_loops(
    facts: list[DocFacts], targets: set[str] | frozenset[str], locate: Locate
) -> Iterator[Problem]:
    """Sub-journeys that lead back to where they started (``a → b → a``, or a journey that
    names itself): each loop is reported once, at the touchpoint that closes it.

    The journeys are walked depth first in the order of their ids, so the same loop closes
    at the same touchpoint whichever files are checked; when that touchpoint's file is not
    among ``targets``, the loop is reported at the first of its other touchpoints that is.
    """
    owners: dict[str, DocFacts] = {}
    for f in sorted(facts, key=lambda f: (f.file, f.index)):
        if f.valid and f.kind == "journey" and f.id is not None:
            owners.setdefault(f.id, f)  # a duplicate id is an error of its own
    edges = {
        ident: [(path, sub) for path, sub in f.sub_journeys if sub in owners]
        for ident, f in owners.items()
    }
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        # The path walked so far: (journey, the edge it was reached by); and each journey's
        # position in it, to tell a loop from a journey already finished.
        trail: list[tuple[str, Path | None]] = [(start, None)]
        on_trail = {start: 0}
        pending = [iter(edges[start])]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                journey, _ = trail.pop()
                del on_trail[journey]
                done.add(journey)
                pending.pop()
                continue
            path, sub = step
            if sub in on_trail:
                loop = [*trail[on_trail[sub] :], (sub, path)]
                yield from _loop_problem(loop, owners, targets, locate)
            elif sub not in done:
                on_trail[sub] = len(trail)
                trail.append((sub, path))
                pending.append(iter(edges[sub]))


def _loop_problem(
    loop: list[tuple[str, Path | None]],
    owners: dict[str, DocFacts],
    targets: set[str] | frozenset[str],
    locate: Locate,
) -> Iterator[Problem]:
    # loop: [(j0, None or edge into j0), (j1, edge j0→j1), ..., (j0, edge jn→j0)]
    journeys = [journey for journey, _ in loop]
    hops = [(journeys[i - 1], edge) for i, (_, edge) in enumerate(loop) if i > 0]
    # The closing hop first, then the others in order.
    hops = [hops[-1], *hops[:-1]]
    for owner, edge in hops:
        assert edge is not None
        f = owners[owner]
        if f.file not in targets:
            continue
        at = journeys.index(owner)
        cycle = [*journeys[at:-1], *journeys[:at], owner]
        chain = loop_text(cycle)
        if len(cycle) == 2:
            message = f"the journey '{owner}' names itself as a sub-journey: {chain}"
        else:
            message = f"the sub-journeys form a loop: {chain}"
        yield _at(
            locate,
            f,
            edge,
            "sub-journey-loop",
            message,
            "a sub-journey tells one touchpoint in detail and cannot lead back to a journey "
            "that contains it; remove one of these 'journey:' lines",
        )
        return


def _stray_emotion_keys(f: DocFacts, shared: set[str], locate: Locate) -> Iterator[Problem]:
    """Emotion keys that name none of the journey's personas. A key that a broken entry of
    the journey's list was meant to name ('sam' where the list says 'samm') is already
    covered by that entry's error; suggestions name only personas that resolve."""
    if not f.stray_emotion_keys:
        return
    meant = set(intended_personas(f, shared).values())
    resolved = {ident for _, ident in f.persona_refs if ident in shared}
    resolved.update(ident for _, ident in f.inline_personas)
    listed = ", ".join(sorted(resolved)) or "none"
    for path, key in f.stray_emotion_keys:
        if key in meant:
            continue
        if key in shared:
            hint = f"add '{key}' to the journey's 'personas:' list"
        else:
            hint = _suggest(key, resolved, "add the persona to the journey's 'personas:'")
        yield _at(
            locate,
            f,
            path,
            "unresolved-reference",
            f"'{key}' is not one of this journey's personas ({listed})",
            hint,
            at_key=True,
        )


def _invalid_reference(
    locate: Locate,
    f: DocFacts,
    path: Path,
    kind: str,
    ident: str,
    invalid: dict[tuple[str, str], str],
) -> Problem:
    where = invalid[(kind, ident)]
    return _at(
        locate,
        f,
        path,
        "unresolved-reference",
        f"the {kind} '{ident}' in {where} does not validate, so it cannot be used here",
        f"fix the errors that 'cjmap validate {where}' reports",
    )


def journey_checks(doc: Doc, journey: Journey, scale: tuple[int, int]) -> Iterator[Problem]:
    """The errors one journey has on its own: ids used twice within it, references to its
    own sources and pain points, emotions off its scale or naming personas it lacks."""

    def once(seen: set[str], path: Path, what: str, ident: str, where: str) -> Iterator[Problem]:
        """An error when ``ident`` is in ``seen`` already; ``ident`` is seen from now on."""
        if ident in seen:
            yield doc.problem(
                (*path, "id"),
                "duplicate-id",
                "error",
                f"the {what} id '{ident}' is used twice in this journey",
                f"ids of {where} are unique within a journey; rename this one",
                at_key=False,
            )
        seen.add(ident)

    # Each persona is listed once (workspace ones are checked in _references).
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

    sources: set[str] = set()
    for index, source in enumerate(journey.sources):
        yield from once(sources, ("sources", index), "source", source.id, "sources")

    stage_ids: set[str] = set()
    touchpoint_ids: set[str] = set()
    pain_ids: set[str] = set()
    opportunity_ids: set[str] = set()
    for s, stage in enumerate(journey.stages):
        yield from once(stage_ids, ("stages", s), "stage", stage.id, "stages")
        for t, tp in enumerate(stage.touchpoints):
            tp_path: Path = ("stages", s, "touchpoints", t)
            yield from once(touchpoint_ids, tp_path, "touchpoint", tp.id, "touchpoints")
            for p in range(len(tp.pain_points)):
                ident = pain_point_id(tp, p)
                yield from once(
                    pain_ids, (*tp_path, "pain_points", p), "pain point", ident, "pain points"
                )
            for o in range(len(tp.opportunities)):
                yield from once(
                    opportunity_ids,
                    (*tp_path, "opportunities", o),
                    "opportunity",
                    opportunity_id(tp, o),
                    "opportunities",
                )

    yield from _paths(doc, journey, seen_personas)

    low, high = scale
    for s, stage in enumerate(journey.stages):
        if duration_too_long(stage.duration):
            yield _long_duration(doc, ("stages", s, "duration"), stage.duration)
        for t, tp in enumerate(stage.touchpoints):
            tp_path = ("stages", s, "touchpoints", t)
            if duration_too_long(tp.duration):
                yield _long_duration(doc, (*tp_path, "duration"), tp.duration)
            yield from _emotion(doc, tp_path, tp.emotion, low, high)
            yield from _emotion(doc, tp_path, tp.expectation, low, high, "expectation")
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


def _paths(doc: Doc, journey: Journey, personas: set[str]) -> Iterator[Problem]:
    """A journey's paths: ids unique, branch and rejoin points real touchpoints in order
    and off the path, no loop between paths; each touchpoint's ``path`` declared and its
    ``personas`` the journey's."""
    order: dict[str, int] = {}
    on_path: dict[str, str | None] = {}
    for position, (_, tp) in enumerate(journey.touchpoints()):
        order.setdefault(tp.id, position)
        on_path.setdefault(tp.id, tp.path)
    declared: dict[str, int] = {}
    for index, path in enumerate(journey.paths):
        if path.id in declared:
            yield doc.problem(
                ("paths", index, "id"),
                "duplicate-id",
                "error",
                f"the path id '{path.id}' is used twice in this journey",
                "ids of paths are unique within a journey; rename this one",
                at_key=False,
            )
        declared.setdefault(path.id, index)

    links: dict[str, list[tuple[str, str, str]]] = {}
    """path id → (key, touchpoint, the other path it is on) for each link to another path."""
    for index, path in enumerate(journey.paths):
        ends_ok = True
        for key in ("branches_from", "rejoins"):
            ident = getattr(path, key)
            if ident is None or ident in order:
                continue
            ends_ok = False
            where = "branches from" if key == "branches_from" else "rejoins at"
            yield doc.problem(
                ("paths", index, key),
                "unresolved-reference",
                "error",
                f"the path '{path.id}' {where} '{ident}', but no touchpoint of this journey "
                "has that id",
                _suggest(ident, set(order), "name the id of a touchpoint of this journey"),
                at_key=False,
            )
        if not ends_ok:
            continue
        start, end = path.branches_from, path.rejoins
        for key, ident in (("branches_from", start), ("rejoins", end)):
            if ident is not None and on_path[ident] == path.id:
                yield doc.problem(
                    ("paths", index, key),
                    "path-order",
                    "error",
                    f"'{ident}' is a touchpoint of the path '{path.id}' itself, so the path "
                    f"cannot {'branch from' if key == 'branches_from' else 'rejoin at'} it",
                    "name a touchpoint of the main path (or of another path): the one "
                    "customers leave it after"
                    if key == "branches_from"
                    else "name the touchpoint where customers are back on the main path, or "
                    "leave 'rejoins' out if the path ends the journey",
                    at_key=False,
                )
                ends_ok = False
        if end is not None and order[end] <= order[start]:
            yield doc.problem(
                ("paths", index, "rejoins"),
                "path-order",
                "error",
                f"the path '{path.id}' rejoins at '{end}', "
                + (
                    "the touchpoint it branches from"
                    if end == start
                    else f"which comes before '{start}', where it branches from"
                ),
                f"name a touchpoint after '{start}' in journey order, or leave 'rejoins' out "
                "if the path ends the journey",
                at_key=False,
            )
            ends_ok = False
        if ends_ok:
            for key, ident in (("branches_from", start), ("rejoins", end)):
                other = on_path.get(ident) if ident is not None else None
                if other is not None and other in declared and ident is not None:
                    links.setdefault(path.id, []).append((key, ident, other))
    yield from _path_cycles(doc, journey, declared, links)

    for s, stage in enumerate(journey.stages):
        for t, tp in enumerate(stage.touchpoints):
            tp_path: Path = ("stages", s, "touchpoints", t)
            if tp.path is not None and tp.path not in declared:
                yield doc.problem(
                    (*tp_path, "path"),
                    "unresolved-reference",
                    "error",
                    f"no path with the id '{tp.path}' in this journey's 'paths'",
                    _suggest(
                        tp.path,
                        set(declared),
                        "declare it under 'paths:' (id, name, branches_from, rejoins), or "
                        "remove 'path:' to put the touchpoint on the main path",
                    ),
                    at_key=False,
                )
            for k, ident in enumerate(tp.personas or ()):
                if ident not in personas:
                    listed = ", ".join(sorted(personas)) or "none"
                    yield doc.problem(
                        (*tp_path, "personas", k),
                        "unresolved-reference",
                        "error",
                        f"'{ident}' is not one of this journey's personas ({listed})",
                        _suggest(ident, personas, "add the persona to the journey's 'personas:'"),
                        at_key=False,
                    )


def _path_cycles(
    doc: Doc,
    journey: Journey,
    declared: Mapping[str, int],
    links: Mapping[str, list[tuple[str, str, str]]],
) -> Iterator[Problem]:
    """A loop of paths, each branching from or rejoining at a touchpoint of the next: one
    error per loop, at the first path of it (in the order of 'paths:'), showing the chain."""
    reported: set[frozenset[str]] = set()
    for path in journey.paths:
        chain = _loop_from(path.id, links)
        if chain is None or frozenset(step[0] for step in chain) in reported:
            continue
        reported.add(frozenset(step[0] for step in chain))
        said = [
            f"'{source}' {'branches from' if key == 'branches_from' else 'rejoins at'} "
            f"'{tp}', which is on '{target}'"
            for source, key, tp, target in chain
        ]
        steps = "; ".join(said[:LOOP_SHOWN])
        if len(said) > LOOP_SHOWN:
            steps += f"; and {len(said) - LOOP_SHOWN:,} more links"
        names = loop_text([*(source for source, _, _, _ in chain), chain[0][0]])
        first_key = chain[0][1]
        yield doc.problem(
            ("paths", declared[path.id], first_key),
            "path-cycle",
            "error",
            f"the paths form a loop ({names}): {steps}",
            "make one of these paths branch from or rejoin at a touchpoint of the main path",
            at_key=False,
        )


def _loop_from(
    start: str, links: Mapping[str, list[tuple[str, str, str]]]
) -> list[tuple[str, str, str, str]] | None:
    """The first loop that comes back to ``start`` following the links depth first, as
    (path, key, touchpoint, next path) steps; ``None`` without one."""
    chain: list[tuple[str, str, str, str]] = []
    visited: set[str] = set()

    def walk(current: str) -> bool:
        for key, tp, target in links.get(current, ()):
            chain.append((current, key, tp, target))
            if target == start:
                return True
            if target not in visited:
                visited.add(target)
                if walk(target):
                    return True
            chain.pop()
        return False

    return chain if walk(start) else None


def _emotion(
    doc: Doc,
    path: Path,
    emotion: float | dict[str, float] | None,
    low: int,
    high: int,
    field: str = "emotion",
) -> Iterator[Problem]:
    if emotion is None:
        return
    values: list[tuple[Path, float]]
    if isinstance(emotion, dict):
        # A key naming no persona of the journey is checked with the workspace in view
        # (_stray_emotion_keys): whether the journey's list resolves decides what to say.
        values = [((*path, field, persona), value) for persona, value in emotion.items()]
    else:
        values = [((*path, field), emotion)]
    for value_path, value in values:
        if not low <= value <= high:
            yield doc.problem(
                value_path,
                "out-of-range",
                "error",
                f"{field} {value:g} is outside this journey's scale ({low} to {high})",
                f"use a value from {low} (very negative) to {high} (very positive); "
                f"{neutral_of((low, high)):g} is neutral",
                at_key=False,
            )


def _long_duration(doc: Doc, path: Path, text: str | None) -> Problem:
    shown = text if text is None or len(text) <= 24 else f"{text[:20]}…"
    return doc.problem(
        path,
        "out-of-range",
        "error",
        f"the duration '{shown}' is longer than {MAX_DURATION_WEEKS} weeks (about ten years)",
        f"write a duration of at most {MAX_DURATION_WEEKS}w, such as 2w or 3d",
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


def closest(value: str, options: Iterable[str]) -> str | None:
    """The option ``value`` most likely is a typo of, if any is close enough."""
    matches = difflib.get_close_matches(value, sorted(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _suggest(value: str, options: set[str], otherwise: str) -> str:
    match = closest(value, options)
    return f"did you mean '{match}'?" if match is not None else otherwise
