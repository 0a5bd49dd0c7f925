"""What a lint rule is given and what it gives back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from cjmap.document.load import Path
from cjmap.document.model import Journey, Touchpoint, Workspace, pain_point_id
from cjmap.document.problems import Severity
from cjmap.util.numbers import neutral_of
from cjmap.validate.checks import DocFacts, closest
from cjmap.workspace.corpus import Doc


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding: where (as a path into the document) and what."""

    path: Path
    message: str
    hint: str | None = None
    at_key: bool = True
    personas: tuple[tuple[str, ...], str] | None = None
    """For a finding about some of the journey's personas: their ids, and the message with
    ``{personas}`` in place of them (see :class:`cjmap.document.problems.PersonaScope`)."""


@dataclass(frozen=True, slots=True)
class JourneyContext:
    """One valid journey and what a rule may need around it."""

    doc: Doc
    journey: Journey
    scale: tuple[int, int]
    config: Workspace
    today: dt.date

    @property
    def neutral(self) -> float:
        return neutral_of(self.scale)


@dataclass(frozen=True, slots=True)
class WorkspaceContext:
    """Every document of the workspace, as the few facts that workspace rules compare."""

    documents: Sequence[DocFacts]
    today: dt.date


class JourneyRule(Protocol):
    ID: str
    SEVERITY: Severity
    SUMMARY: str
    __doc__: str | None

    def check(self, ctx: JourneyContext) -> Iterator[Hit]: ...


class WorkspaceRule(Protocol):
    ID: str
    SEVERITY: Severity
    SUMMARY: str
    __doc__: str | None

    def check_workspace(self, ctx: WorkspaceContext) -> Iterator[tuple[DocFacts, Hit]]: ...


def touchpoints_at(journey: Journey) -> Iterator[tuple[Path, Touchpoint]]:
    """Every touchpoint of ``journey``, in order, with its path in the document."""
    for s, stage in enumerate(journey.stages):
        for t, tp in enumerate(stage.touchpoints):
            yield ("stages", s, "touchpoints", t), tp


def named(references: Iterable[str], defined: set[str]) -> set[str]:
    """The ids that references name: as written, or as the defined id a reference with a
    typo most likely meant (see :func:`intended`). A defined id outside this set is one
    that nothing names."""
    given = set(references)
    return given | intended(given, defined)


def intended(references: Iterable[str], defined: set[str]) -> set[str]:
    """The defined ids that references which do not resolve most likely meant: what their
    did-you-mean names. Lint rules count these as used, so that a typo is reported once,
    as an unresolved reference, and not again as an unused or unaddressed target."""
    meant = set()
    for ident in references:
        if ident not in defined:
            match = closest(ident, defined)
            if match is not None:
                meant.add(match)
    return meant


def pain_point_ids(journey: Journey) -> set[str]:
    """Every pain point id of ``journey`` (given or derived)."""
    return {
        pain_point_id(tp, p)
        for _stage, tp in journey.touchpoints()
        for p in range(len(tp.pain_points))
    }
