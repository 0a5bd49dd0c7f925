"""``validate``'s core: every check over a corpus, severities applied, findings sorted."""

from __future__ import annotations

import datetime as dt
import difflib
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cjmap.document.load import Limits, LoadedFile, Span, load_bytes
from cjmap.document.load import Path as DataPath
from cjmap.document.model import DEFAULT_SCALE, Journey, Persona, Workspace
from cjmap.document.problems import (
    PersonaScope,
    Problem,
    Severity,
    severity_rank,
    summarize,
)
from cjmap.util.parallel import parallel_map
from cjmap.validate.cached import CachedJob, Outcome, open_cache
from cjmap.validate.checks import (
    DocFacts,
    Locate,
    corpus_locator,
    drop_unresolved_personas,
    facts_of,
    journey_checks,
    workspace_checks,
)
from cjmap.validate.replay import Recorder
from cjmap.validate.report import Report
from cjmap.validate.rules import (
    JOURNEY_RULES,
    WORKSPACE_RULES,
    RuleInfo,
    hidden_character,
    rule_ids,
)
from cjmap.validate.rules.base import JourneyContext, WorkspaceContext
from cjmap.workspace.corpus import (
    Corpus,
    Doc,
    FileJob,
    Plan,
    file_docs,
    plan_corpus,
    problem_at,
    read_file,
    read_stdin,
)


@dataclass(frozen=True, slots=True)
class Setup:
    """What the checks of every file need: handed to each worker process once."""

    config: Workspace
    overrides: dict[str, Severity | None]
    today: dt.date
    root: Path | None = None
    """The workspace's folder (files are named from it in hints)."""
    per_file: FileWork | None = None
    """More work on each target file's documents, done where the file is checked (see
    :func:`check_paths`)."""


FileWork = Callable[[Sequence[Doc], Sequence[Problem]], object]
"""Work on a target file's documents (with their models) and its own findings, done in the
worker that checked the file; what it returns goes back to the caller of
:func:`check_paths`, file by file."""


@dataclass(frozen=True, slots=True)
class FileResult:
    """All that is kept of a file once it is checked."""

    problems: tuple[Problem, ...]
    facts: tuple[DocFacts, ...]
    personas: tuple[Persona, ...] = ()
    """The file's valid persona documents (few and small: ``analyze`` and ``render`` resolve
    the journeys' persona ids with them)."""
    made: object = None
    """What :attr:`Setup.per_file` made of a target file."""
    file: str = ""


@dataclass(frozen=True, slots=True)
class Checked:
    """A workspace checked file by file: the report, what was planned (the files, the
    targets, ``cjmap.yaml``), the facts of every document, the workspace's personas by id
    (the first of an id wins, in reading order) and standard input's bytes, if read."""

    report: Report
    plan: Plan
    facts: tuple[DocFacts, ...]
    personas: dict[str, Persona]
    stdin: bytes | None = None

    def failing(self) -> list[str]:
        """The target files with an error, sorted."""
        return sorted({p.file for p in self.report.problems if p.severity == "error"})

    def blocking(self) -> list[Problem]:
        """The errors that stop a render: every error in the target files but those of lint
        rules (a lint rule made an error in ``cjmap.yaml`` stops ``validate``, not a map)
        and of ``cjmap.yaml``'s rule settings."""
        lint = {rule.ID for rule in JOURNEY_RULES} | {rule.ID for rule in WORKSPACE_RULES}
        lint.update((hidden_character.ID, "unknown-rule"))
        return [p for p in self.report.problems if p.severity == "error" and p.rule not in lint]

    def journey_personas(self, left_out: Collection[str] = ()) -> list[str]:
        """The persona ids of the valid journeys of the target files (but those
        ``left_out``), named or inline, in order of first appearance."""
        targets = self.plan.corpus.targets
        return list(
            dict.fromkeys(
                ident
                for f in self.facts
                if f.valid and f.kind == "journey" and f.file in targets and f.file not in left_out
                for _, ident in sorted((*f.persona_refs, *f.inline_personas))
            )
        )


def validate_paths(
    paths: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin_name: str | None = None,
    stdin_data: bytes | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
    no_cache: bool = False,
) -> Report:
    """Validate the files named by ``paths`` (the whole workspace when none) in their
    workspace.

    Each file is read and checked on its own, on every core when there are many, and only
    its findings and a few ids per document (:class:`DocFacts`) are kept; the checks across
    files work from those. So memory does not grow with the size of the files, and a file
    is read a second time only to place a finding that involves other files. A file the
    workspace cache (:mod:`cjmap.validate.cached`) stands for is not read at all.
    """
    return check_paths(
        paths,
        cwd=cwd,
        stdin_name=stdin_name,
        stdin_data=stdin_data,
        limits=limits,
        today=today,
        cache=not no_cache,
    ).report


def check_paths(
    paths: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin_name: str | None = None,
    stdin_data: bytes | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
    plan: Plan | None = None,
    per_file: FileWork | None = None,
    on_file: Callable[[str, object], None] | None = None,
    cache: bool = False,
) -> Checked:
    """:func:`validate_paths`, keeping what ``analyze`` and ``render`` need next to go over
    the valid journeys one at a time (see :class:`Checked`).

    ``plan``: the files to check, when the caller planned them already. ``per_file(docs,
    findings)`` runs on each target file's documents where the file is checked (in a worker
    process when there are many), before its models are let go; ``on_file(file, result)``
    receives what it returned, here, file by file in reading order (``cjmap.yaml`` first).
    ``cache``: use the workspace cache (validate's own run only: with it, :attr:`Checked.personas`
    is left empty)."""
    started_ns = time.time_ns()
    if plan is None:
        plan = plan_corpus(paths, cwd=cwd, stdin_name=stdin_name, limits=limits)
    corpus = plan.corpus  # only cjmap.yaml so far
    setup, problems = file_setup(corpus, today, per_file)
    problems.extend(corpus.problems)
    problems.extend(check_docs(corpus.docs, setup))
    if per_file is not None and on_file is not None:
        for name in dict.fromkeys(
            doc.display for doc in corpus.docs if doc.display in corpus.targets
        ):
            docs = [doc for doc in corpus.docs if doc.display == name]
            on_file(name, per_file(docs, [p for p in problems if p.file == name]))
    facts = [facts_of(doc) for doc in corpus.docs]
    personas: dict[str, Persona] = {}
    for doc in corpus.docs:
        if isinstance(doc.model, Persona):
            personas.setdefault(doc.model.id, doc.model)
    kept: dict[str, LoadedFile] = {doc.display: doc.file for doc in corpus.docs}
    # Only validate's own run uses the cache (``cache``): analyze and render need every
    # journey's model and the workspace's personas, which the cache does not keep.
    store = open_cache(plan, setup, no_cache=False) if cache and per_file is None else None
    recorder = None
    if store is None:
        for result in parallel_map(
            _check_job, plan.jobs(), initializer=_set_setup, initargs=(setup,)
        ):
            problems.extend(result.problems)
            facts.extend(result.facts)
            for persona in result.personas:
                personas.setdefault(persona.id, persona)
            if on_file is not None and result.file in corpus.targets:
                on_file(result.file, result.made)
    else:
        recorder = _recorder(paths, plan, stdin_name, cwd, started_ns)
        found, jobs = store.split(plan.jobs())
        for own, known in found:
            problems.extend(own)
            facts.extend(known)
        for job, outcome in zip(
            jobs,
            parallel_map(_check_cached_job, jobs, initializer=_set_setup, initargs=(setup,)),
            strict=True,
        ):
            own, known = store.record(outcome, job.file.name)
            problems.extend(own)
            facts.extend(known)
        store.save(list(store.targets))  # every file of the workspace was listed
    data = None
    if plan.stdin is not None:
        data = read_stdin(stdin_data, plan.limits.max_bytes)
        loaded = load_bytes(data, plan.stdin, plan.limits)
        kept[plan.stdin] = loaded
        result = check_file(loaded, setup, target=True)
        problems.extend(result.problems)
        facts.extend(result.facts)
        for persona in result.personas:
            personas.setdefault(persona.id, persona)
        if on_file is not None:
            on_file(plan.stdin, result.made)
    locate = _Reread(plan.files, kept, plan.limits)
    report = _report(problems, facts, corpus, setup, locate, lone=plan.lone)
    if store is not None and recorder is not None:
        recorder.save(report)
    return Checked(report, plan, tuple(facts), personas, data)


def _recorder(
    paths: Sequence[str], plan: Plan, stdin_name: str | None, cwd: Path | None, started_ns: int
) -> Recorder | None:
    """What this run reads, for :mod:`cjmap.validate.replay` to replay its report next
    time; None when it cannot be replayed (standard input, a notice about a link)."""
    if plan.stdin is not None or plan.outside or plan.lone:
        return None
    return Recorder(
        paths,
        stdin_name=stdin_name,
        max_bytes=plan.limits.max_bytes,
        cwd=cwd or Path.cwd(),
        root=plan.corpus.root,
        files=plan.files.values(),
        folders=plan.folders,
        started_ns=started_ns,
    )


def validate_corpus(corpus: Corpus, *, today: dt.date | None = None) -> Report:
    """Run every check over a corpus held in memory; report what lies in its target files."""
    overrides, problems = _severities(corpus)
    setup = Setup(corpus.config, overrides, today or dt.date.today())
    problems.extend(corpus.problems)
    problems.extend(check_docs([d for d in corpus.docs if d.display in corpus.targets], setup))
    facts = [facts_of(doc) for doc in corpus.docs]
    locate = corpus_locator(corpus)
    return _report(problems, facts, corpus, setup, locate)


def file_setup(
    corpus: Corpus, today: dt.date | None = None, per_file: FileWork | None = None
) -> tuple[Setup, list[Problem]]:
    """What :func:`check_file` needs, for a corpus holding ``cjmap.yaml`` only (as
    :func:`cjmap.workspace.corpus.plan_corpus` leaves it), and the problems of its rule
    settings."""
    overrides, problems = _severities(corpus)
    setup = Setup(corpus.config, overrides, today or dt.date.today(), corpus.root, per_file)
    return setup, problems


def report_of_files(
    corpus: Corpus,
    setup: Setup,
    config_problems: Sequence[Problem],
    results: Iterable[FileResult],
    locate: Locate,
) -> Report:
    """``validate``'s report from files each checked on its own (:func:`check_file`, which
    the caller may have kept from an earlier run): the checks across files added, the
    corpus (``cjmap.yaml`` only) and ``setup`` from :func:`file_setup`."""
    problems = [*config_problems, *corpus.problems]
    facts = [facts_of(doc) for doc in corpus.docs]
    for result in results:
        problems.extend(result.problems)
        facts.extend(result.facts)
    return _report(problems, facts, corpus, setup, locate)


def check_file(loaded: LoadedFile, setup: Setup, *, target: bool) -> FileResult:
    """Check one file on its own. A file read only for its ids (not a target) is not
    checked further: nothing in it will be reported."""
    docs, problems = file_docs(loaded, report=target, root=setup.root)
    if target:
        problems.extend(check_docs(docs, setup))
    personas = tuple(doc.model for doc in docs if isinstance(doc.model, Persona))
    made = setup.per_file(docs, problems) if target and setup.per_file is not None else None
    facts = tuple(facts_of(doc) for doc in docs)
    return FileResult(tuple(problems), facts, personas, made, loaded.name)


def check_docs(docs: Sequence[Doc], setup: Setup) -> list[Problem]:
    """The errors and lint findings that each valid journey of ``docs`` has on its own."""
    problems: list[Problem] = []
    overrides = setup.overrides
    hidden = overrides.get(hidden_character.ID, hidden_character.SEVERITY)
    for doc in docs:
        journey = doc.model
        if not isinstance(journey, Journey):
            # Personas and cjmap.yaml hold text that pages show too (journeys: below).
            if doc.model is not None and hidden is not None:
                problems.extend(
                    doc.problem(hit.path, hidden_character.ID, hidden, hit.message, hit.hint,
                                at_key=hit.at_key)
                    for hit in hidden_character.hits(doc.hidden)
                )  # fmt: skip
            continue
        scale = journey.emotion_scale or setup.config.emotion_scale
        low_high = (scale[0], scale[1]) if scale else DEFAULT_SCALE
        problems.extend(journey_checks(doc, journey, low_high))
        ctx = JourneyContext(doc, journey, low_high, setup.config, setup.today)
        for rule in JOURNEY_RULES:
            severity = overrides.get(rule.ID, rule.SEVERITY)
            if severity is None:
                continue
            for hit in rule.check(ctx):
                problem = doc.problem(
                    hit.path, rule.ID, severity, hit.message, hit.hint, at_key=hit.at_key
                )
                if hit.personas is not None:
                    ids, template = hit.personas
                    problem = replace(problem, scope=PersonaScope(doc.index, ids, template))
                problems.append(problem)
    return problems


_SETUP: list[Setup] = []


def _set_setup(setup: Setup) -> None:
    _SETUP[:] = [setup]


def _check_job(job: FileJob) -> FileResult:
    return check_file(read_file(job.path, job.name, job.limits), _SETUP[0], target=job.target)


def _check_cached_job(job: CachedJob) -> Outcome:
    return job.run(_SETUP[0], check_file)


class _Reread:
    """Places findings in files that were let go: reads such a file again, once."""

    def __init__(self, files: Mapping[str, str], kept: dict[str, LoadedFile], limits: Limits):
        self.files = files
        self.kept = kept
        self.limits = limits

    def __call__(self, file: str, index: int, path: DataPath, at_key: bool) -> Span:
        loaded = self.kept.get(file)
        if loaded is None:
            loaded = self.kept[file] = read_file(self.files[file], file, self.limits)
        return loaded.locate(index, path, at_key=at_key)


def _workspace_lint(
    facts: Sequence[DocFacts], setup: Setup, targets: set[str], locate: Locate
) -> Iterator[Problem]:
    ctx = WorkspaceContext(facts, setup.today)
    for rule in WORKSPACE_RULES:
        severity = setup.overrides.get(rule.ID, rule.SEVERITY)
        if severity is None:
            continue
        for doc, hit in rule.check_workspace(ctx):
            if doc.file in targets:
                span = locate(doc.file, doc.index, hit.path, hit.at_key)
                yield problem_at(doc.file, span, rule.ID, severity, hit.message, hit.hint)


def _report(
    problems: list[Problem],
    facts: Sequence[DocFacts],
    corpus: Corpus,
    setup: Setup,
    locate: Locate,
    *,
    lone: bool = False,
) -> Report:
    """The report of ``problems`` (the files' own findings) with the checks across files
    added: what lies in the target files, sorted."""
    targets = corpus.targets
    problems.extend(workspace_checks(facts, targets, locate))
    problems.extend(_workspace_lint(facts, setup, targets, locate))
    problems = drop_unresolved_personas(problems, facts)
    kept = sorted(
        (p for p in set(problems) if p.file in targets),
        key=lambda p: (p.file, p.line, p.column, severity_rank(p.severity), p.rule, p.message),
    )
    documents = sum(1 for f in facts if f.file in targets)
    return Report(
        tuple(kept),
        summarize(kept, files=len(targets), documents=documents),
        tuple(corpus.skipped),
        tuple(sorted(targets)),
        lone,
    )


def _severities(corpus: Corpus) -> tuple[dict[str, Severity | None], list[Problem]]:
    """Severity overrides from ``cjmap.yaml`` (None: off), and problems with the overrides."""
    config: Workspace = corpus.config
    known = rule_ids()
    overrides: dict[str, Severity | None] = {}
    problems: list[Problem] = []
    config_doc = next((doc for doc in corpus.docs if doc.model is config and config.rules), None)
    for rule_id, level in config.rules.items():
        info = known.get(rule_id)
        if info is None or not info.configurable:
            if config_doc is not None:
                problems.append(_rule_problem(config_doc, rule_id, known, info is None))
            continue
        overrides[rule_id] = None if level == "off" else level
    return overrides, problems


def _rule_problem(doc: Doc, rule_id: str, known: Mapping[str, RuleInfo], unknown: bool) -> Problem:
    if unknown:
        configurable = [k for k, v in known.items() if v.configurable]
        match = difflib.get_close_matches(rule_id, configurable, n=1, cutoff=0.6)
        hint = f"did you mean '{match[0]}'?" if match else "see docs/rules.md for rule ids"
        message = f"there is no rule '{rule_id}'"
    else:
        hint = "only lint rules can be configured; see docs/rules.md"
        message = f"the rule '{rule_id}' is always an error and cannot be configured"
    return doc.problem(("rules", rule_id), "unknown-rule", "error", message, hint)
