"""Every document of a workspace, read and checked against its schema once.

``validate`` reports on the files it was given, but resolves references against all of the
workspace; ``analyze``, ``render`` and ``diff`` take the valid journeys from here, with their
personas and emotion scale resolved.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmap.errors import UsageError
from cjmap.load import Limits, LoadedFile, Span, load_bytes, too_large
from cjmap.load import Path as DataPath
from cjmap.model import (
    DEFAULT_SCALE,
    Journey,
    ModelDoc,
    Persona,
    PersonaFields,
    Workspace,
)
from cjmap.problems import Problem, Severity
from cjmap.schema import Finding, check_document
from cjmap.workspace import CONFIG_NAME, STDIN, Globs, expand, globs_from, root_for, walk


@dataclass(slots=True)
class Doc:
    """One document of one file, with its model when the schema accepted it."""

    file: LoadedFile
    display: str
    index: int
    data: Any
    model: ModelDoc | None = None

    def problem(
        self,
        path: DataPath,
        rule: str,
        severity: Severity,
        message: str,
        hint: str | None = None,
        *,
        at_key: bool = True,
    ) -> Problem:
        """A problem at ``path`` in this document, with its line and column."""
        span = self.file.locate(self.index, path, at_key=at_key)
        return _problem(self.display, span, rule, severity, message, hint)


@dataclass(frozen=True, slots=True)
class ResolvedJourney:
    """A valid journey with what it needs from the rest of the workspace."""

    journey: Journey
    personas: tuple[PersonaFields, ...]
    scale: tuple[int, int]
    file: str


@dataclass(slots=True)
class Corpus:
    root: Path
    has_config: bool
    config: Workspace
    docs: list[Doc] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    files_read: int = 0

    def target_docs(self) -> list[Doc]:
        return [doc for doc in self.docs if doc.display in self.targets]

    def journeys(self) -> list[Doc]:
        return [doc for doc in self.docs if isinstance(doc.model, Journey)]

    def workspace_personas(self) -> dict[str, Persona]:
        """Persona documents by id (the first of a duplicated id wins)."""
        found: dict[str, Persona] = {}
        for doc in self.docs:
            if isinstance(doc.model, Persona):
                found.setdefault(doc.model.id, doc.model)
        return found

    def scale_of(self, journey: Journey) -> tuple[int, int]:
        scale = journey.emotion_scale or self.config.emotion_scale
        return (scale[0], scale[1]) if scale else DEFAULT_SCALE

    def resolve(self, doc: Doc) -> ResolvedJourney:
        """The journey of ``doc`` with its personas (unknown persona ids are left out)."""
        assert isinstance(doc.model, Journey)
        journey = doc.model
        shared = self.workspace_personas()
        personas: list[PersonaFields] = []
        for entry in journey.personas:
            if isinstance(entry, str):
                if entry in shared:
                    personas.append(shared[entry])
            else:
                personas.append(entry)
        return ResolvedJourney(journey, tuple(personas), self.scale_of(journey), doc.display)

    def resolved_targets(self) -> list[ResolvedJourney]:
        """The valid journeys among the files asked for, in file order."""
        return [
            self.resolve(doc)
            for doc in self.docs
            if doc.display in self.targets and isinstance(doc.model, Journey)
        ]


def _problem(
    display: str, span: Span, rule: str, severity: Severity, message: str, hint: str | None
) -> Problem:
    return Problem(
        display,
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        rule,
        severity,
        message,
        hint,
    )


def display_name(path: Path, cwd: Path) -> str:
    """How a file is named in findings: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_corpus(
    paths: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin_name: str | None = None,
    stdin_data: bytes | None = None,
    limits: Limits | None = None,
    context: bool = True,
) -> Corpus:
    """Read the files named by ``paths`` (the whole workspace when none) plus, with
    ``context``, every other workspace file, so that references resolve across files."""
    cwd = cwd or Path.cwd()
    limits = limits or Limits()
    anchor_paths = [stdin_name] if STDIN in paths and stdin_name else list(paths)
    root, has_config = root_for([p for p in anchor_paths if p and os.path.exists(cwd / p)], cwd)
    corpus = Corpus(root=root, has_config=has_config, config=Workspace(kind="workspace"))

    config_path = root / CONFIG_NAME
    globs = Globs()
    if has_config:
        config_file = _read(config_path, display_name(config_path, cwd), limits)
        corpus.files_read += 1
        globs = _apply_config(corpus, config_file)

    if paths:
        file_set = expand([p for p in paths if p != STDIN], root, globs, cwd)
        targets = file_set.files
        corpus.skipped = file_set.skipped
    else:
        targets = walk(root, globs)
    files: dict[str, Path] = {}
    for path in targets:
        name = display_name(path, cwd)
        files[name] = path
        corpus.targets.add(name)
    if STDIN in paths:
        name = stdin_name or "<stdin>"
        corpus.targets.add(name)
    if has_config:
        corpus.targets.add(display_name(config_path, cwd))

    if context:
        for path in walk(root, globs) if paths else ():
            files.setdefault(display_name(path, cwd), path)

    config_display = display_name(config_path, cwd)
    jobs = [
        (path, name, limits)
        for name, path in files.items()
        if name != config_display and not (STDIN in paths and name == stdin_name)
    ]
    for loaded in _read_all(jobs):
        _add_file(corpus, loaded)
    if STDIN in paths:
        data = stdin_data if stdin_data is not None else sys.stdin.buffer.read()
        _add_file(corpus, load_bytes(data, stdin_name or "<stdin>", limits))
    return corpus


PARALLEL_FROM = 200
"""Below this many files, starting worker processes costs more than it saves."""


def _read_all(jobs: list[tuple[Path, str, Limits]]) -> list[LoadedFile]:
    """Read and parse files, on every core when there are many of them; order is kept."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [_read(*job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(16, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_read_job, jobs, chunksize=chunk))


def _read_job(job: tuple[Path, str, Limits]) -> LoadedFile:
    return _read(*job)


def _read(path: Path, name: str, limits: Limits) -> LoadedFile:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            # Refused before reading, so an enormous file costs nothing.
            return too_large(name, size, limits)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise UsageError(f"{name} is a folder, not a file") from exc
    except PermissionError as exc:
        raise UsageError(f"cannot read {name}: permission denied") from exc
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from exc
    return load_bytes(data, name, limits)


def _add_file(corpus: Corpus, loaded: LoadedFile) -> None:
    corpus.files_read += 1
    for raw in loaded.problems:
        corpus.problems.append(
            _problem(loaded.name, raw.span, raw.rule, "error", raw.message, raw.hint)
        )
    for document in loaded.documents:
        doc = Doc(loaded, loaded.name, document.index, document.data)
        model, findings = check_document(document.data)
        doc.model = model
        corpus.docs.append(doc)
        for finding in findings:
            corpus.problems.append(_from_finding(doc, finding))
        if model is not None and not isinstance(model, Workspace):
            # The model holds everything from here on; keeping the plain data as well
            # doubles the memory a large workspace needs.
            doc.data = None
    loaded.documents = []


def _from_finding(doc: Doc, finding: Finding) -> Problem:
    return doc.problem(
        finding.path, finding.rule, "error", finding.message, finding.hint, at_key=finding.at_key
    )


def _apply_config(corpus: Corpus, loaded: LoadedFile) -> Globs:
    _add_file(corpus, loaded)
    for doc in corpus.docs:
        if doc.file is loaded and isinstance(doc.model, Workspace):
            corpus.config = doc.model
            return globs_from(doc.data)
        if doc.file is loaded and (doc.model is not None or isinstance(doc.data, dict)):
            if isinstance(doc.data, dict) and doc.data.get("kind") == "workspace":
                return globs_from(doc.data)
            corpus.problems.append(
                doc.problem(
                    ("kind",),
                    "invalid-value",
                    "error",
                    "cjmap.yaml must hold a 'kind: workspace' document",
                    "put journeys and personas in other files",
                    at_key=False,
                )
            )
    return Globs()
