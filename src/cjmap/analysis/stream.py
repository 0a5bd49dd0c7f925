"""Journeys analysed one file at a time, on every core, for ``analyze`` on a workspace.

Each file is read once: the worker that checks it (``validate``'s pass) also analyses its
journeys and hands back only what the output needs of each, a small summary (for the ranking
or the header) and where its part of the output lies: the part, already written, goes
straight into one unnamed temporary file that every process appends to (forked workers
share it), so memory does not grow with the number of journeys, no model outlives its file,
and the parts never travel between processes.

A journey's numbers depend on the workspace's personas, which may lie in any file; they are
found first (:func:`guess_personas` parses only the files that can hold one) and checked
against those the full pass found. If they differ (a persona written in a way the quick look
misses), or a journey could not be analysed ahead of the checks, those journeys are analysed
again in a second pass with the personas found: the output is always that of analysing every
valid journey with the workspace's personas.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from cjmap.analysis.formats import FORMATS
from cjmap.analysis.formats.common import Options, Part
from cjmap.analysis.run import analyze
from cjmap.analysis.subjourneys import SubFigures
from cjmap.document.load import LoadedFile, load_bytes
from cjmap.document.model import Journey, Persona, Workspace
from cjmap.document.problems import Problem
from cjmap.util.errors import UsageError
from cjmap.util.parallel import parallel_map
from cjmap.util.spool import Spool, append
from cjmap.workspace.corpus import (
    Doc,
    FileJob,
    Plan,
    file_docs,
    read_bytes,
    read_file,
    resolve_journey,
)

_MAY_HOLD_PERSONA = re.compile(rb"kind[^\n]*persona")
"""A line that may say ``kind: persona`` (in any quoting or flow style)."""


@dataclass(frozen=True, slots=True)
class Setup:
    """What every journey's analysis needs: the workspace's configuration and personas, the
    persona the curves show (None: all), the format and options of the output, and the
    figures of the sub-journeys the journeys name (known only after the checks: a journey
    that names one is analysed again then)."""

    config: Workspace
    personas: Mapping[str, Persona]
    persona: str | None
    format: str
    options: Options
    subs: Mapping[str, SubFigures] = field(default_factory=dict)
    spool: int | None = None
    """The file descriptor of :class:`Collected`'s file, where each part is written where
    it is made (None: the parts come back whole)."""

    def module(self) -> ModuleType:
        return importlib.import_module(FORMATS[self.format])


@dataclass(frozen=True, slots=True)
class Stashed:
    """Where a part's body lies in :class:`Collected`'s spool, written by the process that
    made it."""

    offset: int


class Collected:
    """The parts of the journeys analysed so far, by file: the summaries here, the bodies
    in a :class:`~cjmap.util.spool.Spool`, written there by the process that made them (see
    :attr:`spool`). :meth:`close` removes the file."""

    def __init__(self) -> None:
        self._spool = Spool()
        self._kept: dict[str, tuple[Any, ...]] = {}
        """Each file's parts as one flat tuple: offset and summary of each (the fewest
        objects per file: a workspace may hold tens of thousands)."""

    @property
    def spool(self) -> int | None:
        """The spool's descriptor, for :attr:`Setup.spool`: worker processes forked from
        this one append their parts to it (None where workers are not forked: their parts
        come back whole and are written here)."""
        return self._spool.fd if hasattr(os, "fork") else None

    def add(self, file: str, parts: object) -> None:
        """Keep the parts of ``file`` (a list of :class:`Part`; anything else, such as None:
        its journeys were not analysed yet)."""
        if not isinstance(parts, list):
            return
        kept: list[Any] = []
        for part in parts:
            body = part.body
            offset = body.offset if isinstance(body, Stashed) else self._spool.write(body)
            kept += (offset, part.summary)
        self._kept[file] = tuple(kept)

    def has(self, file: str) -> bool:
        return file in self._kept

    def forget(self, file: str) -> None:
        """Drop the parts of ``file`` (to analyse it again); its bodies stay unread."""
        self._kept.pop(file, None)

    def clear(self) -> None:
        self._kept.clear()

    def summaries(self, files: Iterable[str]) -> list[Any]:
        """The summaries of the journeys of ``files``, in that order."""
        return [s for file in files for s in self._kept.get(file, ())[1::2]]

    def bodies(self, files: Iterable[str]) -> Iterator[Any]:
        """The bodies of the journeys of ``files``, in that order, read back one at a time."""
        for file in files:
            for offset in self._kept.get(file, ())[0::2]:
                yield self._spool.read(offset)

    def close(self) -> None:
        self._spool.close()


def guess_personas(plan: Plan) -> dict[str, Persona]:
    """The workspace's personas as far as a quick look finds them: those of ``cjmap.yaml``,
    then those of every file with a line that may say ``kind: persona`` (the first of an id
    wins, in reading order, as in the full pass). Standard input is not looked at."""
    found: dict[str, Persona] = {}
    for doc in plan.corpus.docs:
        if isinstance(doc.model, Persona):
            found.setdefault(doc.model.id, doc.model)
    for name, path in plan.files.items():
        try:
            data = read_bytes(path, name, plan.limits)
        except UsageError:
            continue  # the full pass says why it cannot be read
        if isinstance(data, LoadedFile) or not _MAY_HOLD_PERSONA.search(data):
            continue
        docs, _ = file_docs(load_bytes(data, name, plan.limits), report=False)
        for doc in docs:
            if isinstance(doc.model, Persona):
                found.setdefault(doc.model.id, doc.model)
    return found


def ahead(docs: Sequence[Doc], problems: Sequence[Problem], *, setup: Setup) -> list[Part] | None:
    """The parts of a file's journeys, made where the file is checked: None when the file
    has an error of its own (it will not be analysed) or a journey cannot be analysed yet
    (the second pass analyses it again, and says why if it still cannot)."""
    if any(p.severity == "error" for p in problems):
        return None
    try:
        return doc_parts(docs, setup)
    except Exception:
        return None


def analyse_files(
    jobs: Sequence[FileJob],
    setup: Setup,
    into: Collected,
    *,
    stdin: LoadedFile | None = None,
) -> None:
    """Analyse every journey of ``jobs`` (then of ``stdin``) and keep the parts ``into``."""
    results = parallel_map(_job, jobs, initializer=_set_setup, initargs=(setup,))
    for job, parts in zip(jobs, results, strict=True):
        into.add(job.name, parts)
    if stdin is not None:
        into.add(stdin.name, file_parts(stdin, setup))


def file_parts(loaded: LoadedFile, setup: Setup) -> list[Part]:
    """The parts of the journeys of one file, in order."""
    docs, _ = file_docs(loaded, report=False)
    return doc_parts(docs, setup)


def doc_parts(docs: Sequence[Doc], setup: Setup) -> list[Part]:
    """The parts of the journeys among ``docs``, in order."""
    module = setup.module()
    parts = []
    for doc in docs:
        if isinstance(doc.model, Journey):
            resolved = resolve_journey(doc.model, doc.display, setup.personas, setup.config)
            analysis = analyze(
                resolved, setup.config.friction.weights, persona=setup.persona, subs=setup.subs
            )
            part = module.part(analysis, setup.options)
            if setup.spool is not None:
                part = Part(part.summary, Stashed(append(setup.spool, part.body)))
            parts.append(part)
    return parts


_SETUP: list[Setup] = []


def _set_setup(setup: Setup) -> None:
    _SETUP[:] = [setup]


def _job(job: FileJob) -> list[Part]:
    return file_parts(read_file(job.path, job.name, job.limits), _SETUP[0])
