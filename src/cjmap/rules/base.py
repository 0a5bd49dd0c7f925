"""What a lint rule is given and what it gives back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from cjmap.checks import DocFacts
from cjmap.corpus import Doc
from cjmap.load import Path
from cjmap.model import Journey, Workspace
from cjmap.numbers import neutral_of
from cjmap.problems import Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding: where (as a path into the document) and what."""

    path: Path
    message: str
    hint: str | None = None
    at_key: bool = True


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
