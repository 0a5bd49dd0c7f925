"""``cjmap render``'s core: journeys of a corpus to HTML, Markdown, Mermaid, CSV or JSON.

Each journey is analysed with :func:`cjmap.analysis.run.analyze` (the same numbers as
``cjmap analyze``) and written as ``<id>.<ext>``; HTML and Markdown also get an index
(``index.html``, ``README.md``). Many journeys are rendered in parallel, one process per core;
every file is written atomically. This module never imports the CLI framework.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cjmap.document.load import Limits, LoadedFile
from cjmap.document.model import FrictionWeights, Journey, Persona, Workspace
from cjmap.render.formats import FORMATS, INDEX_NAMES
from cjmap.util.textsafe import escape_control
from cjmap.workspace.corpus import (
    Corpus,
    Doc,
    FileJob,
    ResolvedJourney,
    read_file,
    resolve_journey,
)

if TYPE_CHECKING:
    from cjmap.analysis.run import JourneyAnalysis
    from cjmap.analysis.subjourneys import SubFigures
    from cjmap.render.context import IndexEntry
    from cjmap.render.index import IndexBuilder
    from cjmap.render.messages import Formatter
    from cjmap.render.trend import Trend
    from cjmap.validate.run import Checked

_Item = TypeVar("_Item")

PARALLEL_ABOVE = 8
"""Render in worker processes when there are more journeys than this."""

SHOWS_IMPROVED = frozenset({"html", "md"})
"""The formats that draw a future-state journey's current state behind its curve."""


class RenderError(Exception):
    """The render cannot go ahead (a broken template, a name clash): a usage problem."""


class TemplateProblem(RenderError):
    """A template (usually one of ``--templates DIR``) could not be read or rendered."""


@dataclass(frozen=True, slots=True)
class Options:
    """How to render: the format, a locale that overrides the journeys' own, a folder of
    templates that override the built-in ones, the workspace's default locale, and whether
    pages link to an index (not when one page goes to standard output)."""

    format: str = "html"
    locale: str | None = None
    templates: str | None = None
    default_locale: str = "en"
    index: bool = True
    trends: tuple[Trend, ...] = ()
    """``render --history``: each journey's friction over its git history, for the index."""


@dataclass(frozen=True, slots=True)
class Job:
    """One journey to render, with the current-state journey it improves (if any), and the
    figures of the sub-journeys either names (by journey id; see
    :mod:`cjmap.analysis.subjourneys`)."""

    resolved: ResolvedJourney
    improved: ResolvedJourney | None
    weights: FrictionWeights
    subs: Mapping[str, SubFigures] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rendered:
    """One rendered journey: its file name, its bytes (None once written), its index entry
    (HTML and Markdown) and a note for the user (a locale without labels)."""

    id: str
    filename: str
    data: bytes | None
    entry: IndexEntry | None
    note: str | None


class Analyses:
    """The analyses of one render run, so that each journey is analysed once: a current-state
    journey is analysed for its own page and shown behind every future state that improves
    it. Keyed by the journey's file and id; ``known`` are analyses made elsewhere in the run
    (by the parent process, for a chunk rendered in a worker)."""

    def __init__(self, known: Mapping[tuple[str, str], JourneyAnalysis] | None = None) -> None:
        self._done: dict[tuple[str, str], JourneyAnalysis] = dict(known or {})

    @staticmethod
    def key(resolved: ResolvedJourney) -> tuple[str, str]:
        """What a journey's analysis is kept under: its file and id."""
        return (resolved.file, resolved.journey.id)

    def of(
        self,
        resolved: ResolvedJourney,
        weights: FrictionWeights,
        subs: Mapping[str, SubFigures] | None = None,
    ) -> JourneyAnalysis:
        """The analysis of ``resolved`` (with the figures of its sub-journeys), made the
        first time it is asked for."""
        key = self.key(resolved)
        found = self._done.get(key)
        if found is None:
            from cjmap.analysis.run import analyze

            found = self._done[key] = analyze(resolved, weights, subs=subs or {})
        return found

    def known(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], JourneyAnalysis]:
        """The analyses already made among ``keys``."""
        return {key: self._done[key] for key in keys if key in self._done}


def jobs_for(corpus: Corpus, docs: Sequence[Doc] | None = None) -> list[Job]:
    """A job for each valid journey among ``docs`` (default: the corpus's targets), in
    order. Besides those, only the journeys they improve are resolved, and the sub-journeys
    of either analysed for their figures (``serve`` asks for the few journeys a save
    affects)."""
    from cjmap.analysis.subjourneys import corpus_subs

    if docs is None:
        docs = [
            doc
            for doc in corpus.docs
            if doc.display in corpus.targets and isinstance(doc.model, Journey)
        ]
    first: dict[str, Doc] = {}
    for doc in corpus.journeys():
        assert isinstance(doc.model, Journey)
        first.setdefault(doc.model.id, doc)
    personas = corpus.workspace_personas()
    weights = corpus.config.friction.weights
    pairs = []
    for doc in docs:
        assert isinstance(doc.model, Journey)
        improves = doc.model.improves
        other = first.get(improves) if improves and improves != doc.model.id else None
        improved = corpus.resolve(other, personas) if other is not None else None
        pairs.append((corpus.resolve(doc, personas), improved))
    subs = corpus_subs(corpus, [r for pair in pairs for r in pair if r is not None])
    return [Job(resolved, improved, weights, subs) for resolved, improved in pairs]


def filename(journey_id: str, format: str) -> str:
    """The file a journey is written to: ``<id>.<ext>``."""
    return journey_id + FORMATS[format]


def check_names(jobs: Sequence[Job], format: str) -> None:
    """Refuse journey ids whose file would be the index (``index`` in HTML, ``readme`` in
    Markdown, where file systems that ignore case would mix them up)."""
    check_ids([(job.resolved.file, job.resolved.journey.id) for job in jobs], format)


def check_ids(journeys: Sequence[tuple[str, str]], format: str) -> None:
    """:func:`check_names` for journeys given as (file, id)."""
    index = INDEX_NAMES.get(format)
    if index is None:
        return
    for file, ident in journeys:
        if filename(ident, format).casefold() == index.casefold():
            raise RenderError(
                f"{escape_control(file)}: the journey id '{escape_control(ident)}' would "
                f"overwrite {index}, the index page; give the journey another id"
            )


def _labels(requested: str) -> tuple[str, str, bool]:
    """The locale of the labels for a requested locale (English when it has none), the
    page's ``lang``, and whether the labels fell back to English."""
    from cjmap.render.messages import DEFAULT_LOCALE, html_lang, label_locale

    labels = label_locale(requested)
    fallback = labels is None
    labels = labels or DEFAULT_LOCALE
    return labels, html_lang(requested, labels), fallback


def _locale(journey: Journey, options: Options, file: str) -> tuple[str, str, str | None]:
    from cjmap.render.messages import LOCALES

    requested = options.locale or journey.locale or options.default_locale
    labels, lang, fallback = _labels(requested)
    note = None
    if fallback:
        note = (
            f"{file}: no labels for locale '{requested}', so the map is labelled in English "
            f"(labels exist for {', '.join(LOCALES)})"
        )
    return labels, lang, note


def render_job(job: Job, options: Options, analyses: Analyses | None = None) -> Rendered:
    """Analyse and render one journey; nothing is written. ``analyses`` keeps the analyses of
    the run, so that a journey rendered earlier is not analysed again."""
    from cjmap.render.messages import Formatter, messages

    if analyses is None:
        analyses = Analyses()
    resolved = job.resolved
    journey = resolved.journey
    analysis = analyses.of(resolved, job.weights, job.subs)
    labels_locale, lang, note = _locale(journey, options, resolved.file)
    labels = messages(labels_locale)
    name = filename(journey.id, options.format)
    entry = None
    if options.format == "csv":
        from cjmap.render.formats.csv import render_csv

        text = render_csv(resolved, analysis)
    elif options.format == "json":
        from cjmap.render.formats.json import render_json

        text = render_json(resolved, analysis.to_dict())
    elif options.format == "mermaid":
        from cjmap.render.formats.mermaid import render_mermaid

        text = render_mermaid(resolved, analysis, labels)
    else:
        from cjmap.render.context import build_journey, index_entry

        fmt = Formatter(labels)
        improved = None
        if job.improved is not None:
            improved = (job.improved, analyses.of(job.improved, job.weights, job.subs))
        view = build_journey(
            resolved, analysis, fmt, improved=improved, for_templates=options.format == "html"
        )
        if options.format == "md":
            from cjmap.render.formats.md import render_markdown
            from cjmap.render.formats.mermaid import render_mermaid

            text = render_markdown(
                view,
                render_mermaid(resolved, analysis, labels),
                fmt,
                index_href=INDEX_NAMES["md"] if options.index else None,
            )
            entry = index_entry(view, analysis, name, lang, anchors=False)
        else:
            from cjmap.render.formats.html import render_journey

            text = render_journey(
                view,
                fmt,
                lang=lang,
                index_href=INDEX_NAMES["html"] if options.index else None,
                templates=options.templates,
            )
            entry = index_entry(view, analysis, name, lang)
    return Rendered(journey.id, name, text.encode("utf-8"), entry, note)


def index_builder(options: Options) -> IndexBuilder | None:
    """What the index of the journeys is built in as their pages come back (HTML and
    Markdown), or None for the formats without an index."""
    if options.format not in INDEX_NAMES:
        return None
    from cjmap.render.index import IndexBuilder

    return IndexBuilder(_index_locale(options)[0])


def _index_locale(options: Options) -> tuple[Formatter, str]:
    from cjmap.render.messages import Formatter, messages

    labels_locale, lang, _ = _labels(options.locale or options.default_locale)
    return Formatter(messages(labels_locale)), lang


def index_page(builder: IndexBuilder, options: Options) -> tuple[str, Iterator[bytes]]:
    """The index page of the entries ``builder`` was given: its name and its bytes, in
    pieces made as they are written (the page of a large workspace is never whole in memory;
    a broken template raises while they are made). The pieces read the builder's temporary
    file: close the builder after them."""
    index = INDEX_NAMES[options.format]
    fmt, lang = _index_locale(options)
    view = builder.finish()
    if options.trends:
        from dataclasses import replace

        from cjmap.render.trend import trend_rows

        view = replace(view, trends=trend_rows(options.trends, view.journeys, fmt))
    if options.format == "md":
        from cjmap.render.formats.md import stream_markdown_index

        return index, stream_markdown_index(view, fmt)
    from cjmap.render.formats import html

    return index, html.stream_index(view, fmt, lang=lang, templates=options.templates)


def render_index(
    rendered: Iterable[Rendered], options: Options
) -> tuple[str, Iterator[bytes]] | None:
    """The index page of the journeys rendered (HTML and Markdown), or None, as
    :func:`index_page` gives it; its temporary file is removed once the last piece is made
    (or the pieces are dropped)."""
    builder = index_builder(options)
    if builder is None:
        return None
    try:
        for result in rendered:
            if result.entry is not None:
                builder.add(result.entry)
        name, pieces = index_page(builder, options)
    except BaseException:
        builder.close()
        raise
    return name, _closing(pieces, builder)


def _closing(pieces: Iterator[bytes], builder: IndexBuilder) -> Iterator[bytes]:
    try:
        yield from pieces
    finally:
        builder.close()


def write_index(builder: IndexBuilder, options: Options, folder: Path) -> Rendered:
    """Write the index page of the entries ``builder`` was given into ``folder``; its
    temporary file is removed, whatever happens."""
    from cjmap.util.fsutil import atomic_write

    with builder:
        name, pieces = index_page(builder, options)
        # The output folder is cjmap's: a link left in it is replaced, never written through.
        atomic_write(folder / name, pieces, links="replace", durable=False)
    return Rendered("", name, None, None, None)


def _write_job(job: Job, options: Options, folder: str, analyses: Analyses) -> Rendered:
    from cjmap.util.fsutil import atomic_write

    result = render_job(job, options, analyses)
    assert result.data is not None
    # The output folder is cjmap's: a link left in it is replaced, never written through.
    atomic_write(Path(folder) / result.filename, result.data, links="replace", durable=False)
    return Rendered(result.id, result.filename, None, result.entry, result.note)


def _write_chunk(
    jobs: Sequence[Job],
    options: Options,
    folder: str,
    known: Mapping[tuple[str, str], JourneyAnalysis],
) -> list[Rendered]:
    analyses = Analyses(known)
    return [_write_job(job, options, folder, analyses) for job in jobs]


def improved_analyses(jobs: Sequence[Job], format: str) -> Analyses:
    """The analyses of the current-state journeys that ``jobs`` improve, each made once, if
    ``format`` shows them (behind the curve of an HTML or Markdown page)."""
    analyses = Analyses()
    if format in SHOWS_IMPROVED:
        for job in jobs:
            if job.improved is not None:
                analyses.of(job.improved, job.weights, job.subs)
    return analyses


def _needed(jobs: Sequence[Job]) -> set[tuple[str, str]]:
    """The analyses a chunk of jobs reads: its own journeys' and those they improve."""
    keys = {Analyses.key(job.resolved) for job in jobs}
    keys.update(Analyses.key(job.improved) for job in jobs if job.improved is not None)
    return keys


def _chunks(jobs: Sequence[_Item], size: int) -> Iterator[Sequence[_Item]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


def render_to_folder(
    jobs: Sequence[Job],
    options: Options,
    folder: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> list[Rendered]:
    """Render every job into ``folder`` (which must exist), then the index; return what was
    written, in job order. ``progress(done, total)`` is called as journeys finish."""
    check_names(jobs, options.format)
    # Fail on a broken --templates folder once, here, not in every worker.
    preflight(options)
    total = len(jobs)
    done: list[Rendered] = []
    builder = index_builder(options)

    def add(rendered: Iterable[Rendered]) -> None:
        for result in rendered:
            done.append(result)
            if builder is not None and result.entry is not None:
                builder.add(result.entry)
        if progress is not None:
            progress(len(done), total)

    if workers is None:
        from cjmap.util.parallel import worker_count

        workers = worker_count()
    count = workers
    try:
        if total > PARALLEL_ABOVE and count > 1:
            from concurrent.futures import ProcessPoolExecutor

            size = max(1, min(25, total // (count * 4)))
            # Analysed once here, not once in every worker that renders a future state of it.
            analyses = improved_analyses(jobs, options.format)
            with ProcessPoolExecutor(max_workers=count) as pool:
                futures = [
                    pool.submit(
                        _write_chunk, chunk, options, str(folder), analyses.known(_needed(chunk))
                    )
                    for chunk in _chunks(jobs, size)
                ]
                try:
                    for future in futures:
                        add(future.result())
                except BaseException:
                    # One journey failed (or the user pressed Ctrl-C): do not start the rest.
                    for future in futures:
                        future.cancel()
                    raise
        else:
            analyses = Analyses()
            for job in jobs:
                add([_write_job(job, options, str(folder), analyses)])
        if builder is not None:
            done.append(write_index(builder, options, folder))
    finally:
        if builder is not None:
            builder.close()
    return done


def preflight(options: Options) -> None:
    """Fail on a broken ``--templates`` folder once, before any worker starts."""
    if options.format == "html":
        from cjmap.render.formats.html import stylesheet

        stylesheet(options.templates)


# --- a workspace, one file at a time ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Improved:
    """The current-state journeys that the rendered ones improve, by id (only for the
    formats that draw them behind a future state's curve). Each is read again from its file,
    resolved and analysed by the worker whose page shows it, and only the last few are kept:
    the parent process analyses none of them and the memory of a run does not grow with
    their number (each worker starts as a copy of the parent). ``where``: the file (display
    name and path) and the document's place in it; ``resolved``: those whose file is not
    read again (standard input, ``cjmap.yaml``), already resolved."""

    where: Mapping[str, tuple[str, str, int]] = field(default_factory=dict)
    resolved: Mapping[str, ResolvedJourney] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    made: OrderedDict[str, tuple[ResolvedJourney, JourneyAnalysis] | None] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )
    """The last few made in this process (:data:`KEEP_IMPROVED`), so that a current state
    drawn behind several future states, and on its own page, is mostly analysed once."""

    def get(self, ident: str, setup: FileSetup) -> ResolvedJourney | None:
        """The journey ``ident``, resolved and analysed (see :meth:`known`); None if it is
        not one of them (or has gone from its file since it was checked)."""
        made = self.made
        if ident in made:
            made.move_to_end(ident)
        else:
            found = self._resolve(ident, setup.personas, setup.config)
            made[ident] = None
            if found is not None:
                made[ident] = (
                    found,
                    Analyses().of(found, setup.config.friction.weights, setup.subs),
                )
            while len(made) > KEEP_IMPROVED:
                made.popitem(last=False)
        pair = made[ident]
        return pair[0] if pair is not None else None

    def known(self) -> dict[tuple[str, str], JourneyAnalysis]:
        """The analyses of those kept, by :meth:`Analyses.key`."""
        return {Analyses.key(pair[0]): pair[1] for pair in self.made.values() if pair is not None}

    def _resolve(
        self, ident: str, personas: Mapping[str, Persona], config: Workspace
    ) -> ResolvedJourney | None:
        found = self.resolved.get(ident)
        if found is not None or ident not in self.where:
            return found
        from cjmap.workspace.corpus import file_docs

        name, path, index = self.where[ident]
        docs, _ = file_docs(read_file(path, name, self.limits), report=False)
        doc = next((d for d in docs if d.index == index), None)
        if doc is None or not isinstance(doc.model, Journey) or doc.model.id != ident:
            return None
        return resolve_journey(doc.model, name, personas, config)


KEEP_IMPROVED = 8
"""How many improved journeys, with their analyses, each process keeps at most."""


@dataclass(frozen=True, slots=True)
class FileSetup:
    """What every worker rendering whole files needs: how to render, where to, the
    workspace's configuration and personas, where the current-state journeys that journeys
    improve are (:class:`Improved`), and the figures of the sub-journeys they name
    (:func:`sub_figures`)."""

    options: Options
    folder: str
    config: Workspace
    personas: Mapping[str, Persona]
    improved: Improved = field(default_factory=Improved)
    subs: Mapping[str, SubFigures] = field(default_factory=dict)

    def analyses(self) -> Analyses:
        """A cache of analyses for one file, that starts with those of the improved journeys
        kept (:meth:`Improved.known`): call it after :func:`file_jobs`."""
        return Analyses(self.improved.known())


def file_jobs(docs: Sequence[Doc], setup: FileSetup) -> list[Job]:
    """The jobs of the journeys among ``docs`` (one file's documents), in order."""
    jobs = []
    improved: dict[str, ResolvedJourney | None] = {}
    for doc in docs:
        if isinstance(doc.model, Journey):
            journey = doc.model
            resolved = resolve_journey(journey, doc.display, setup.personas, setup.config)
            improves = journey.improves
            other = None
            if improves and improves != journey.id:
                if improves not in improved:
                    improved[improves] = setup.improved.get(improves, setup)
                other = improved[improves]
            jobs.append(Job(resolved, other, setup.config.friction.weights, setup.subs))
    return jobs


def write_docs(docs: Sequence[Doc], setup: FileSetup) -> list[Rendered]:
    """Render and write the journeys among ``docs``."""
    jobs = file_jobs(docs, setup)
    analyses = setup.analyses()
    return [_write_job(job, setup.options, setup.folder, analyses) for job in jobs]


def write_file(loaded: LoadedFile, setup: FileSetup) -> list[Rendered]:
    """Render and write the journeys of one file."""
    from cjmap.workspace.corpus import file_docs

    docs, _ = file_docs(loaded, report=False)
    return write_docs(docs, setup)


def render_files(
    jobs: Sequence[FileJob],
    setup: FileSetup,
    *,
    first: Sequence[Doc] = (),
    stdin: LoadedFile | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[Rendered]:
    """Render every journey of ``first`` (documents already read), of the files ``jobs``
    and of ``stdin``, in that order, each file read and its pages written by one worker
    when there are many; then the index, built as the pages come back. What was written
    comes back, without the index entries (each is given to the index and dropped)."""
    done: list[Rendered] = []
    builder = index_builder(setup.options)

    def add(rendered: list[Rendered]) -> None:
        for result in rendered:
            if builder is not None and result.entry is not None:
                builder.add(result.entry)
            done.append(Rendered(result.id, result.filename, None, None, result.note))
        if progress is not None and rendered:
            progress(len(done))

    try:
        add(write_docs(first, setup))
        if workers is None:
            from cjmap.util.parallel import worker_count

            workers = worker_count()
        if len(jobs) > PARALLEL_ABOVE and workers > 1:
            from contextlib import closing

            # Closed here, so that a failure in this process also stops the workers at once.
            with closing(_in_workers(jobs, setup, workers)) as chunks:
                for rendered in chunks:
                    add(rendered)
        else:
            for job in jobs:
                add(write_file(read_file(job.path, job.name, job.limits), setup))
        if stdin is not None:
            add(write_file(stdin, setup))
        if builder is not None:
            done.append(write_index(builder, setup.options, Path(setup.folder)))
    finally:
        if builder is not None:
            builder.close()
    return done


def _in_workers(
    jobs: Sequence[FileJob], setup: FileSetup, workers: int
) -> Generator[list[Rendered], None, None]:
    """What each chunk of ``jobs`` wrote, in order, each chunk rendered in a worker process
    (forked where the system can: a worker starts as a copy of this process, so keep this
    process small)."""
    import gc
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(25, len(jobs) // (workers * 4)))
    pending: deque[Future[list[Rendered]]] = deque()
    # Forked workers share this process's pages until they write to them; frozen, its
    # objects are left out of the workers' garbage collections, which would otherwise touch
    # (and so copy into every worker) all of them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_set_file_setup,
            initargs=(setup,),
        ) as pool:
            try:
                # A bounded number of chunks in flight: the same memory for any number of files.
                for chunk in _chunks(jobs, size):
                    pending.append(pool.submit(_write_files, chunk))
                    if len(pending) >= workers * 4:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            except BaseException:
                # One journey failed (or the user pressed Ctrl-C): do not start the rest.
                for future in pending:
                    future.cancel()
                raise
    finally:
        gc.unfreeze()


def improved_journeys(checked: Checked, format: str) -> Improved:
    """Where the current-state journeys that the target journeys improve are, by id (only
    for the formats that show them): the first valid journey of that id in the workspace,
    as :func:`jobs_for` finds it. Nothing is analysed here (see :class:`Improved`)."""
    if format not in SHOWS_IMPROVED:
        return Improved()
    plan = checked.plan
    corpus = plan.corpus
    journeys = [f for f in checked.facts if f.valid and f.kind == "journey"]
    wanted = {
        f.improves
        for f in journeys
        if f.file in corpus.targets and f.improves and f.improves != f.id
    }
    kept = {doc.display for doc in corpus.docs}
    reader = _Reader(checked)
    where: dict[str, tuple[str, str, int]] = {}
    resolved: dict[str, ResolvedJourney] = {}
    for ident, (file, index) in reader.first.items():
        if ident not in wanted:
            continue
        if file in plan.files and file not in kept and file != plan.stdin:
            where[ident] = (file, plan.files[file], index)
        else:
            found = reader.resolve(ident)
            assert found is not None
            resolved[ident] = found
    return Improved(where, resolved, plan.limits)


def sub_figures(checked: Checked) -> dict[str, SubFigures]:
    """The figures of the sub-journeys that the target journeys (and the journeys they
    improve) name, and of theirs, by journey id: each journey read, resolved and analysed
    once, one at a time, and only its two figures kept."""
    from cjmap.analysis.subjourneys import roll_up

    corpus = checked.plan.corpus
    journeys = [f for f in checked.facts if f.valid and f.kind == "journey"]
    reader = _Reader(checked)
    edges: dict[str, list[str]] = {}
    for f in journeys:
        if f.id is not None and reader.first.get(f.id) == (f.file, f.index):
            edges[f.id] = list(dict.fromkeys(sub for _, sub in f.sub_journeys))
    improved = {f.improves for f in journeys if f.file in corpus.targets and f.improves in edges}
    wanted = [
        sub
        for f in journeys
        if f.file in corpus.targets or f.id in improved
        for _, sub in f.sub_journeys
    ]
    if not wanted:
        return {}
    return roll_up(
        dict.fromkeys(wanted),
        lambda ident: edges.get(ident, []),
        reader.resolve,
        corpus.config.friction.weights,
    )


class _Reader:
    """The journeys of a checked workspace by id (the first valid one of each id), read
    again from their files when asked for; one file's documents kept at a time."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.first: dict[str, tuple[str, int]] = {}
        for f in checked.facts:
            if f.valid and f.kind == "journey" and f.id is not None:
                self.first.setdefault(f.id, (f.file, f.index))
        self._file: str | None = None
        self._docs: list[Doc] = []

    def resolve(self, ident: str) -> ResolvedJourney | None:
        where = self.first.get(ident)
        if where is None:
            return None
        file, index = where
        doc = next((d for d in self._docs_of(file) if d.index == index), None)
        if doc is None or not isinstance(doc.model, Journey):
            return None
        corpus = self.checked.plan.corpus
        return resolve_journey(doc.model, file, self.checked.personas, corpus.config)

    def _docs_of(self, file: str) -> list[Doc]:
        if file != self._file:
            self._file, self._docs = file, docs_of(self.checked, file)
        return self._docs


def docs_of(checked: Checked, file: str) -> list[Doc]:
    """The documents of one file of a checked workspace: those kept in its corpus, else
    read again (from standard input's bytes for ``-``)."""
    from cjmap.document.load import load_bytes
    from cjmap.workspace.corpus import file_docs

    plan = checked.plan
    docs = [doc for doc in plan.corpus.docs if doc.display == file]
    if docs:
        return docs
    if file == plan.stdin and checked.stdin is not None:
        return file_docs(load_bytes(checked.stdin, file, plan.limits), report=False)[0]
    return file_docs(read_file(plan.files[file], file, plan.limits), report=False)[0]


_FILE_SETUP: list[FileSetup] = []


def _set_file_setup(setup: FileSetup) -> None:
    _FILE_SETUP[:] = [setup]


def _write_files(jobs: Sequence[FileJob]) -> list[Rendered]:
    import gc

    setup = _FILE_SETUP[0]
    done = [r for job in jobs for r in write_file(read_file(job.path, job.name, job.limits), setup)]
    # Each page leaves a reference cycle holding its whole view (Jinja's macros imported
    # "with context" refer to the page's context): freed here, chunk by chunk, rather than
    # whenever the collector would next walk everything (the worker's memory then grew with
    # the number of pages). The collection walks only what this worker made: what it
    # inherited is frozen (see render_files).
    gc.collect()
    return done
