"""The workspace ``cjmap serve`` shows: its documents, its errors and its pages, in memory.

The first build reads and renders everything (in worker processes for a large workspace).
After that, a change re-reads only the changed files and re-renders only the journeys it
affects: the changed journeys, the journeys that name a changed persona or ``improves`` a
changed journey, those whose touchpoints name a changed journey as their sub-journey (and
theirs in turn: the figures roll up), and the index. A change to ``cjmap.yaml`` (or to
``--templates``) rebuilds everything. A journey whose file has errors keeps its last good
page; the errors are shown over every page, as ``cjmap validate`` prints them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.util.errors import UsageError

if TYPE_CHECKING:
    from cjmap.document.load import Limits
    from cjmap.document.problems import Problem
    from cjmap.render.run import Job, Options, Rendered
    from cjmap.validate.checks import DocFacts
    from cjmap.workspace.corpus import Corpus, Doc
    from cjmap.workspace.files import Globs

INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the server serves, as of one build: pages by name, the findings text, the
    build's number."""

    pages: dict[str, bytes]
    report: str | None
    version: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rebuild did, for the terminal."""

    rendered: tuple[str, ...]
    removed: tuple[str, ...]
    errors: int
    seconds: float
    full: bool
    index: bool = True


@dataclass(slots=True)
class _State:
    corpus: Corpus
    options: Options
    files: dict[str, str]
    limits: Limits
    globs: Globs
    checks: dict[str, list[Problem]] = field(default_factory=dict)
    facts: dict[str, list[DocFacts]] = field(default_factory=dict)
    rendered: dict[str, list[Rendered]] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)
    notices: dict[str, str] = field(default_factory=dict)


class Site:
    """The pages of a workspace, rebuilt as its files change; safe to read from any thread."""

    def __init__(
        self,
        paths: Sequence[str],
        cwd: Path,
        *,
        locale: str | None = None,
        templates: str | None = None,
        published: Callable[[int], None] | None = None,
    ) -> None:
        self.paths = list(paths)
        self.published = published
        """Called with the new build number each time pages change (from the thread that
        rebuilt them)."""
        self.cwd = cwd
        self.locale = locale
        self.templates = templates
        self._lock = threading.Lock()
        self._pages: dict[str, bytes] = {}
        self._report: str | None = None
        # Counted from the clock, so that a page open across a restart of the server sees
        # that the build changed.
        self._version = time.time_ns() // 1_000_000
        self._failure: str | None = None
        self._state: _State | None = None

    # -- reading ----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The pages, findings and version of the last build."""
        with self._lock:
            report = "\n".join(filter(None, [self._report, self._failure])) or None
            return Snapshot(self._pages, report, self._version)

    @property
    def root(self) -> Path:
        """The workspace's folder (the one watched)."""
        assert self._state is not None
        return self._state.corpus.root

    @property
    def config_path(self) -> Path:
        from cjmap.workspace.files import CONFIG_NAME

        return self.root / CONFIG_NAME

    def wants(self, path: str) -> bool:
        """Whether a changed file can matter: a workspace file (or one that was), the
        workspace's ``cjmap.yaml``, or a template."""
        from cjmap.workspace.corpus import display_name
        from cjmap.workspace.files import relative_to_root

        state = self._state
        assert state is not None
        real = Path(path)
        if self.templates is not None and _inside(real, Path(self.templates)):
            return True
        if _same(real, self.config_path):
            return True
        if display_name(real, self.cwd) in state.files:
            return True
        relative = relative_to_root(real, self.root.resolve())
        return relative is not None and state.globs.wants_file(relative)

    # -- building ---------------------------------------------------------------------------

    def build(self) -> Outcome:
        """Read and render everything (the first build, and after ``cjmap.yaml`` changes).

        A path that does not exist or cannot be read is a usage error."""
        from cjmap.render.run import Options, jobs_for
        from cjmap.workspace.corpus import load_corpus, plan_corpus

        start = time.perf_counter()
        # Listed once for the names of the files (the corpus does not keep them), then read
        # by the same function as every command (in worker processes when there are many).
        plan = plan_corpus(self.paths, cwd=self.cwd)
        corpus = load_corpus(self.paths, cwd=self.cwd)
        options = Options(
            format="html",
            locale=self.locale,
            templates=self.templates,
            default_locale=corpus.config.locale,
        )
        from cjmap.workspace.files import Globs, read_globs

        globs = read_globs(corpus.root) if corpus.has_config else Globs()
        state = _State(corpus, options, dict(plan.files), plan.limits, globs)
        for doc in corpus.docs:
            self._check(state, doc)
        errors = self._errors(state)
        errored = _files_with(errors)
        jobs = [job for job in jobs_for(corpus) if job.resolved.file not in errored]
        state.stale = {doc.display for doc in corpus.journeys() if doc.display in errored}
        self._render_all(state, jobs)
        self._state = state
        return self._publish(state, [j.resolved.file for j in jobs], [], start, errors, full=True)

    def update(self, changed: Iterable[str]) -> Outcome:
        """Rebuild after the files at ``changed`` (absolute paths) were added, modified or
        deleted; only the journeys they affect are rendered again."""
        from cjmap.workspace.corpus import display_name

        start = time.perf_counter()
        state = self._state
        assert state is not None
        paths = [Path(p) for p in changed]
        if any(_same(p, self.config_path) for p in paths) or (
            self.templates is not None and any(_inside(p, Path(self.templates)) for p in paths)
        ):
            if self.templates is not None:
                from cjmap.render.formats.html import environment

                environment.cache_clear()
            return self.build()
        names = {display_name(p, self.cwd) for p in paths}
        if any((name in state.files) != os.path.exists(self.cwd / name) for name in names):
            # A file was added, deleted or renamed: list the workspace again.
            from cjmap.workspace.corpus import plan_corpus

            plan = plan_corpus(self.paths, cwd=self.cwd)
            # A deleted folder may be reported as the folder alone: what is gone is gone.
            names |= set(state.files).symmetric_difference(plan.files)
            state.files = dict(plan.files)
            state.corpus.targets = plan.corpus.targets
        corpus = state.corpus
        old_ids = _ids(d for d in corpus.docs if d.display in names)
        corpus.docs = [d for d in corpus.docs if d.display not in names]
        corpus.problems = [p for p in corpus.problems if p.file not in names]
        for name in names:
            state.checks.pop(name, None)
            state.facts.pop(name, None)
            state.notices.pop(name, None)
        fresh: list[Doc] = []
        from cjmap.workspace.corpus import read_file

        for name in sorted(names):
            path = state.files.get(name)
            if path is None:
                continue
            try:
                fresh.extend(corpus.add_file(read_file(path, name, state.limits)))
            except UsageError as exc:
                state.notices[name] = str(exc)
        for doc in fresh:
            self._check(state, doc)
        new_ids = _ids(fresh)
        personas = old_ids[1] | new_ids[1]
        journeys = old_ids[0] | new_ids[0]
        errors = self._errors(state)
        errored = _files_with(errors)
        from cjmap.document.model import Journey

        journeys = _users_of(corpus, journeys)
        wanted = []
        live = set()
        for doc in corpus.journeys():
            if doc.display not in corpus.targets:
                continue
            live.add(doc.display)
            model = doc.model
            assert isinstance(model, Journey)
            affected = (
                doc.display in names
                or doc.display in state.stale
                or any(isinstance(p, str) and p in personas for p in model.personas)
                or model.improves in journeys
                or any(tp.journey in journeys for _, tp in model.touchpoints() if tp.journey)
            )
            if not affected:
                continue
            if doc.display in errored:
                state.stale.add(doc.display)
            else:
                wanted.append(doc)
        # A file with errors keeps its last good page; a file that no longer holds a
        # journey (deleted, or now something else) loses it.
        live |= {name for name in errored if name in state.files}
        removed = [name for name in state.rendered if name not in live]
        for name in removed:
            del state.rendered[name]
        state.stale &= live
        from cjmap.render.run import jobs_for

        jobs = jobs_for(corpus, wanted)
        before = {file: _entries(state, file) for file in {j.resolved.file for j in jobs}}
        self._render_some(state, jobs)
        done = sorted({j.resolved.file for j in jobs})
        if not removed and all(_entries(state, file) == old for file, old in before.items()):
            # Nothing the index shows changed (an edit of a touchpoint's text, say).
            return self._publish(state, done, removed, start, errors, full=False, index=False)
        # The changed pages first, then the index, which lists every journey and takes
        # longer to render on a large workspace: the page being edited need not wait for it.
        self._publish(state, done, removed, start, errors, full=False, index=False)
        return self._publish(state, done, removed, start, errors, full=False)

    def fail(self, message: str) -> None:
        """Show ``message`` over every page (a rebuild that could not be made), keeping the
        last good pages."""
        from cjmap.util.textsafe import escape_control

        with self._lock:
            self._failure = escape_control(message) + "\n"
            self._version += 1
            version = self._version
        if self.published is not None:
            self.published(version)

    # -- the parts --------------------------------------------------------------------------

    @staticmethod
    def _check(state: _State, doc: Doc) -> None:
        from cjmap.document.model import Journey
        from cjmap.validate.checks import facts_of, journey_checks

        state.facts.setdefault(doc.display, []).append(facts_of(doc))
        if isinstance(doc.model, Journey):
            found = journey_checks(doc, doc.model, state.corpus.scale_of(doc.model))
            state.checks.setdefault(doc.display, []).extend(found)

    @staticmethod
    def _errors(state: _State) -> list[Problem]:
        """The errors of the files served, as ``render`` would refuse them."""
        from cjmap.document.problems import severity_rank
        from cjmap.validate.checks import corpus_locator, workspace_checks

        corpus = state.corpus
        facts = [f for found in state.facts.values() for f in found]
        checks = [p for found in state.checks.values() for p in found]
        every = [
            *corpus.problems,
            *checks,
            *workspace_checks(facts, corpus.targets, corpus_locator(corpus)),
        ]
        return sorted(
            {p for p in every if p.severity == "error" and p.file in corpus.targets},
            key=lambda p: (p.file, p.line, p.column, severity_rank(p.severity), p.rule, p.message),
        )

    def _render_all(self, state: _State, jobs: Sequence[Job]) -> None:
        if len(jobs) <= 8:
            self._render_some(state, jobs)
            return
        import tempfile

        from cjmap.render.run import Rendered, RenderError, render_to_folder

        jobs = self._named(state, jobs)
        with tempfile.TemporaryDirectory(prefix="cjmap-serve-") as folder:
            try:
                done = render_to_folder(jobs, state.options, Path(folder))
            except RenderError as exc:
                state.notices["templates"] = str(exc)
                return
            state.notices.pop("templates", None)
            if jobs:
                # Rendered again here, in this process, so that the first save does not
                # wait for the imports and the compiling of the templates.
                self._render_some(state, jobs[:1])
            for job, result in zip(jobs[1:], done[1:], strict=False):
                data = (Path(folder) / result.filename).read_bytes()
                state.rendered.setdefault(job.resolved.file, []).append(
                    Rendered(result.id, result.filename, data, result.entry, result.note)
                )

    def _render_some(self, state: _State, jobs: Sequence[Job]) -> None:
        from cjmap.render.run import Analyses, RenderError, render_job

        jobs = self._named(state, jobs)
        analyses = Analyses()
        fresh: dict[str, list[Rendered]] = {}
        try:
            for job in jobs:
                fresh.setdefault(job.resolved.file, []).append(
                    render_job(job, state.options, analyses)
                )
        except RenderError as exc:
            state.notices["templates"] = str(exc)
            return
        state.notices.pop("templates", None)
        state.rendered.update(fresh)
        state.stale -= set(fresh)

    @staticmethod
    def _named(state: _State, jobs: Sequence[Job]) -> list[Job]:
        """The jobs whose page would not be the index (``check_names`` refuses those)."""
        from cjmap.render.run import RenderError, check_names

        kept = []
        for job in jobs:
            try:
                check_names([job], "html")
            except RenderError as exc:
                state.notices[job.resolved.file] = str(exc)
                continue
            kept.append(job)
        return kept

    def _publish(
        self,
        state: _State,
        rendered: Sequence[str],
        removed: Sequence[str],
        start: float,
        errors: Sequence[Problem] | None = None,
        *,
        full: bool,
        index: bool = True,
    ) -> Outcome:
        """Make the pages of ``state`` the ones served, the index rendered again (or, without
        ``index``, the one served so far), and tell the open pages."""
        from cjmap.render.run import RenderError, render_index

        if errors is None:
            errors = self._errors(state)
        order = {name: n for n, name in enumerate(state.files)}
        every = [
            r
            for file in sorted(state.rendered, key=lambda f: (order.get(f, len(order)), f))
            for r in state.rendered[file]
        ]
        pages = {r.filename: r.data or b"" for r in every}
        made = None
        if index:
            try:
                written = render_index(every, state.options)
                if written is not None:
                    made = (written[0], b"".join(written[1]))
            except RenderError as exc:
                state.notices["templates"] = str(exc)
        if made is not None:
            pages[made[0]] = made[1]
        report = _report(errors, state)
        with self._lock:
            if made is None and INDEX in self._pages:
                pages[INDEX] = self._pages[INDEX]
            self._pages = pages
            self._report = report
            self._failure = None
            self._version += 1
            version = self._version
        if self.published is not None:
            self.published(version)
        took = time.perf_counter() - start
        return Outcome(tuple(rendered), tuple(removed), len(errors), took, full, index)


def _report(errors: Sequence[Problem], state: _State) -> str | None:
    """The errors as ``cjmap validate`` prints them (without colour), and what else went
    wrong (a file that cannot be read, a broken template)."""
    parts = []
    if errors:
        from cjmap.document.problems import summarize
        from cjmap.validate.formats import get_format
        from cjmap.validate.report import Report

        # Counted as `cjmap validate` counts them: every file served, every document read.
        targets = state.corpus.targets
        documents = sum(1 for doc in state.corpus.docs if doc.display in targets)
        summary = summarize(list(errors), files=len(targets), documents=documents)
        parts.append(get_format("text")(Report(tuple(errors), summary), False))
    from cjmap.util.textsafe import escape_control

    parts.extend(escape_control(note) + "\n" for note in state.notices.values())
    return "\n".join(parts) if parts else None


def _files_with(errors: Iterable[Problem]) -> set[str]:
    return {p.file for p in errors}


def _ids(docs: Iterable[Doc]) -> tuple[set[str], set[str]]:
    """The journey ids and persona ids of ``docs``."""
    from cjmap.document.model import Journey, Persona

    journeys, personas = set(), set()
    for doc in docs:
        if isinstance(doc.model, Journey):
            journeys.add(doc.model.id)
        elif isinstance(doc.model, Persona):
            personas.add(doc.model.id)
    return journeys, personas


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _same(one: Path, other: Path) -> bool:
    """Whether two paths name the same file (one may be written through a linked folder)."""
    return os.path.realpath(one) == os.path.realpath(other)


def _entries(state: _State, file: str) -> list[object] | None:
    """What the index shows of the journeys of ``file`` (None when it has no page)."""
    found = state.rendered.get(file)
    return None if found is None else [r.entry for r in found]


def _users_of(corpus: Corpus, changed: set[str]) -> set[str]:
    """``changed`` and the ids of every journey that names one of them as a sub-journey,
    directly or through others (a sub-journey's figures roll up into its users')."""
    from cjmap.analysis.subjourneys import named
    from cjmap.document.model import Journey

    uses: dict[str, set[str]] = {}
    for doc in corpus.journeys():
        model = doc.model
        assert isinstance(model, Journey)
        for sub in named(model):
            uses.setdefault(sub, set()).add(model.id)
    found = set(changed)
    pending = list(changed)
    while pending:
        for user in uses.get(pending.pop(), ()):
            if user not in found:
                found.add(user)
                pending.append(user)
    return found
