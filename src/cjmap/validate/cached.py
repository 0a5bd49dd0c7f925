"""``validate``'s use of the workspace cache (:mod:`cjmap.workspace.cache`).

What is kept of a file is what :func:`cjmap.validate.run.check_file` gives: its own findings
and its :class:`DocFacts`, the ids and references the checks across files work from. A file
read only for its ids (context) is kept without findings and stands only for context later;
a file checked as a target stands for both. The checks across files always run afresh.

Everything a file's result depends on besides its bytes and its name is in the fingerprint:
cjmap's version, the workspace configuration, the rule severities, the size limit, and
today's date while the one rule that compares dates (``stale``) is on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.document.problems import PersonaScope, Problem
from cjmap.validate.checks import DocFacts
from cjmap.workspace.cache import Cache, Entry, Stat, digest, disabled, fingerprint, key_of
from cjmap.workspace.corpus import FileJob, Plan, read_bytes

if TYPE_CHECKING:
    from cjmap.document.load import LoadedFile
    from cjmap.validate.run import FileResult, Setup

NAME = "validate.cache"
Found = tuple[tuple[Problem, ...], tuple[DocFacts, ...]]
"""A file's own findings and its facts."""
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class CachedJob:
    """A file to read and check, with the hash of a cache entry that may stand for it."""

    file: FileJob
    key: str | None = None
    """Its key in the cache (None: not cached)."""
    known: str | None = None

    def run(self, setup: Setup, check: Callable[..., FileResult]) -> Outcome:
        from cjmap.document.load import LoadedFile, load_bytes

        job = self.file
        stat = Stat.of(job.path) if self.key is not None else None
        data = read_bytes(job.path, job.name, job.limits)
        if isinstance(data, LoadedFile):  # refused unread: never cached
            result = check(data, setup, target=job.target)
            return Outcome(self.key, result.problems, result.facts)
        hashed = digest(data) if stat is not None else None
        if hashed is not None and hashed == self.known:
            return Outcome(self.key, (), (), stat, hashed, same=True)
        loaded: LoadedFile = load_bytes(data, job.name, job.limits)
        result = check(loaded, setup, target=job.target)
        return Outcome(self.key, result.problems, result.facts, stat, hashed)


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str | None
    problems: tuple[Problem, ...]
    facts: tuple[DocFacts, ...]
    stat: Stat | None = None
    hash: str | None = None
    same: bool = False
    """The file's bytes are those of its cache entry: its result is the entry's."""


class ValidateCache:
    """The cache for one run of ``validate``."""

    def __init__(self, cache: Cache, root: str) -> None:
        self.cache = cache
        self.root = root
        self.known: dict[str, Found] = {}
        self.targets: dict[str, bool] = {}

    def split(self, jobs: Sequence[FileJob]) -> tuple[list[Found], list[CachedJob]]:
        """The results of the files the cache stands for unread, and the jobs left."""
        found: list[Found] = []
        pending: list[CachedJob] = []
        for job in jobs:
            key = key_of(job.path, self.root)
            if key is None:
                pending.append(CachedJob(job))
                continue
            self.targets[key] = job.target
            entry = self.cache.get(key)
            decoded = None if entry is None else _decode(entry, key, job.name, job.target)
            if entry is None or decoded is None:
                pending.append(CachedJob(job, key))
            elif self.cache.fresh(entry, Stat.of(job.path)):
                found.append(decoded)
            else:
                self.known[key] = decoded
                pending.append(CachedJob(job, key, entry.hash))
        return found, pending

    def record(self, outcome: Outcome, name: str) -> Found:
        """The result of a job, kept in the cache when it can be."""
        key = outcome.key
        if outcome.same and key is not None:
            found = self.known[key]
            entry = self.cache.get(key)
            assert entry is not None
            assert outcome.stat is not None
            assert outcome.hash is not None
            self.cache.put(key, outcome.stat, outcome.hash, entry.payload, entry.detail)
            return found
        if key is not None and outcome.stat is not None and outcome.hash is not None:
            full = self.targets.get(key, False)
            payload, detail = _encode(outcome.problems, outcome.facts, key, name, full)
            self.cache.put(key, outcome.stat, outcome.hash, payload, detail)
        return outcome.problems, outcome.facts

    def save(self, keys: Sequence[str]) -> None:
        """Write back, forgetting the files not in ``keys`` (the whole workspace)."""
        self.cache.keep_only(keys)
        self.cache.save()


def open_cache(plan: Plan, setup: Setup, *, no_cache: bool) -> ValidateCache | None:
    """The cache of the plan's workspace, or None: turned off, or no workspace to keep it in
    (files named on the command line with no ``cjmap.yaml`` above them)."""
    if disabled(no_cache) or plan.lone:
        return None
    from cjmap import __version__
    from cjmap.validate.rules import stale

    # The one rule that reads today's date: while it is on, results are kept for a day.
    dated = setup.overrides.get(stale.ID, stale.SEVERITY) is not None
    print_ = fingerprint(
        setup.config.model_dump(mode="json"),
        sorted((k, v or "off") for k, v in setup.overrides.items()),
        asdict(plan.limits),
        setup.today.isoformat() if dated else None,
    )
    root = os.path.realpath(plan.corpus.root)
    return ValidateCache(Cache.open(Path(root), NAME, __version__, print_), root)


def _encode(
    problems: Sequence[Problem], facts: Sequence[DocFacts], key: str, name: str, full: bool
) -> tuple[list[Any], bytes]:
    """An entry's payload (the name it was checked under, null when it is the key, as when
    cjmap runs at the root; whether its findings are kept; its facts) and detail (its
    findings: decoded only when the file is a target again)."""
    shown = None if name == key else name
    kept = [
        [
            f.index,
            f.kind,
            f.id,
            f.valid,
            [list(r) for r in f.persona_refs],
            [list(r) for r in f.inline_personas],
            f.improves,
            [[list(path), key] for path, key in f.stray_emotion_keys],
            [[list(path), sub] for path, sub in f.sub_journeys],
        ]
        for f in facts
    ]
    if not full:
        return [shown, False, kept], b""
    found = [
        [
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            p.rule,
            p.severity,
            p.message,
            p.hint,
            list(p.excerpt) if p.excerpt is not None else None,
            [p.scope.index, list(p.scope.personas), p.scope.template] if p.scope else None,
        ]
        for p in problems
    ]
    detail = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [shown, True, kept], detail


def _decode(entry: Entry, key: str, name: str, target: bool) -> Found | None:
    """What an entry holds for the file ``name``; None when it cannot stand for it (another
    name, no findings kept for a target) or holds anything of the wrong shape."""
    try:
        shown, full, kept = entry.payload
        if (
            (key if shown is None else shown) != name
            or full.__class__ is not bool
            or (target and not full)
        ):
            return None
        facts = tuple(_facts(name, item) for item in _list(kept))
        if not target:
            return (), facts
        problems = tuple(_problem(name, item) for item in _list(json.loads(entry.detail)))
    except (TypeError, ValueError, LookupError, RecursionError):
        return None  # not written by cjmap: never trusted
    return problems, facts


def _problem(name: str, item: Any) -> Problem:
    line, column, end_line, end_column, rule, severity, message, hint, excerpt, scope = item
    if severity not in _SEVERITIES:
        raise ValueError(severity)
    return Problem(
        name,
        _int(line),
        _int(column),
        _int(end_line),
        _int(end_column),
        _str(rule),
        severity,
        _str(message),
        _opt_str(hint),
        None if excerpt is None else (_str(excerpt[0]), _int(excerpt[1])),
        None
        if scope is None
        else PersonaScope(_int(scope[0]), tuple(_str(s) for s in _list(scope[1])), _str(scope[2])),
    )


def _facts(name: str, item: Any) -> DocFacts:
    # This runs for every file of the workspace on every run: plain type tests, and no
    # work for the lists that are most often empty.
    index, kind, ident, valid, refs, inline, improves, stray, subs = item
    if not (
        index.__class__ is int
        and valid.__class__ is bool
        and (kind is None or kind.__class__ is str)
        and (ident is None or ident.__class__ is str)
        and (improves is None or improves.__class__ is str)
    ):
        raise TypeError(item)
    return DocFacts(
        name,
        index,
        kind,
        ident,
        valid,
        _pairs(refs) if refs else (),
        _pairs(inline) if inline else (),
        improves,
        _keyed_paths(stray) if stray else (),
        _keyed_paths(subs) if subs else (),
    )


def _keyed_paths(value: Any) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    return tuple((tuple(_step(s) for s in _list(path)), _str(key)) for path, key in _list(value))


def _pairs(value: Any) -> tuple[tuple[int, str], ...]:
    return tuple((_int(i), _str(s)) for i, s in _list(value))


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _step(value: Any) -> str | int:
    return value if isinstance(value, str) else _int(value)
