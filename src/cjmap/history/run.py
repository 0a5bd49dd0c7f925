"""``cjmap history``'s core: each journey's numbers at every commit that changed them.

The first-parent line of ``HEAD`` (or of the end of ``--rev-range``) is read with one ``git
log --raw`` (:meth:`cjmap.util.git.Git.first_parent_log`): the files each commit changed
and their new blob ids. Replaying those changes gives the workspace at every commit as a
mapping of paths to blob ids, without listing a single tree. Blobs come from one long-running
``git cat-file --batch`` (:class:`cjmap.util.git.BlobStream`), each read once.

At each commit the workspace is checked as ``cjmap validate`` checks it (a file is checked on
its own once per blob and ``cjmap.yaml``; the checks across files run at every commit: they
work from a few ids per document) and its valid journeys analysed as ``cjmap analyze`` does
(:func:`cjmap.analysis.run.analyze`), once per journey blob, personas and ``cjmap.yaml``. A
journey gets a point at a commit when any of those changed, or whether it validates.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cjmap.analysis.run import analyze
from cjmap.analysis.subjourneys import SubFigures, named, roll_up
from cjmap.document.load import Limits, LoadedFile, Span, load_bytes, too_large
from cjmap.document.load import Path as DataPath
from cjmap.document.model import Journey, Persona, Workspace
from cjmap.document.problems import Problem
from cjmap.util.errors import UsageError
from cjmap.util.git import BlobStream, Git
from cjmap.util.numbers import EMOTION_DIGITS, FRICTION_DIGITS, SHARE_DIGITS, rounded
from cjmap.util.textsafe import escape_control
from cjmap.validate.run import FileResult, Setup, check_file, file_setup, report_of_files
from cjmap.workspace.corpus import Corpus, Doc, ResolvedJourney, apply_config, resolve_journey
from cjmap.workspace.files import CONFIG_NAME, Globs, relative_to_root, root_for

GIT_PURPOSE = "cjmap history reads the journeys' past from git"

OK = "ok"
INVALID = "invalid"
REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Point:
    """One journey at one commit.

    ``status``: ``ok`` (the numbers are ``analyze``'s at that commit), ``invalid`` (its file
    does not validate there: ``errors`` errors, the first one in ``error``) or ``removed``
    (no file holds it any more). ``changed``: why the point is there — ``added``,
    ``journey`` (its file's content), ``moved`` (its file's name), ``personas``, ``settings``
    (``cjmap.yaml``), ``validity`` (whether it validates), ``removed``. The numbers are
    rounded as ``analyze -f json`` writes them."""

    commit: str
    date: str
    subject: str
    status: str
    changed: tuple[str, ...]
    file: str | None = None
    title: str | None = None
    friction: float | None = None
    peak_end: float | None = None
    conversion: float | None = None
    coverage_touchpoints: float | None = None
    coverage_pain_points: float | None = None
    errors: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class JourneyHistory:
    """A journey (by its ``id``) over time: its latest title and its points, oldest first."""

    id: str
    title: str
    points: tuple[Point, ...]

    def valued(self) -> list[Point]:
        """The points with numbers (``ok``)."""
        return [p for p in self.points if p.status == OK]


@dataclass(frozen=True, slots=True)
class Unread:
    """A workspace file that did not validate at a commit and held no journey id cjmap could
    read then or before (its YAML is broken from the start): it belongs to no journey."""

    commit: str
    date: str
    file: str
    error: str


@dataclass(frozen=True, slots=True)
class History:
    """The result of ``cjmap history``: the revisions read, the commits of the range that
    changed a workspace file, every journey's points, and whether the clone is shallow."""

    tip: str
    base: str | None
    since: str | None
    commits: int
    journeys: tuple[JourneyHistory, ...]
    unread: tuple[Unread, ...] = ()
    shallow: bool = False
    """The repository is a shallow clone: the history read stops where the clone does."""


SHALLOW_NOTE = (
    "cjmap: note: this is a shallow clone, so the history stops where the clone does; "
    "fetch the rest for the whole trend (git fetch --unshallow; in CI, actions/checkout "
    "with fetch-depth: 0)"
)
"""What ``history`` and ``render --history`` say (on standard error) in a shallow clone."""


@dataclass(frozen=True, slots=True)
class _Config:
    key: str | None
    corpus: Corpus
    setup: Setup
    problems: tuple[Problem, ...]
    globs: Globs
    display: str


@dataclass(slots=True)
class _File:
    loaded: LoadedFile
    result: FileResult
    journeys: tuple[tuple[int, Journey], ...]
    personas: tuple[tuple[int, Persona], ...]


@dataclass(slots=True)
class _Entry:
    """A journey at one commit, before it becomes a point."""

    signature: tuple[object, ...]
    parts: dict[str, object]
    point: Point
    """The point, its commit and reasons still to fill in."""


@dataclass(slots=True)
class _Track:
    """What is known of a journey so far."""

    parts: dict[str, object] | None = None
    """The inputs of its last point (None: absent)."""
    signature: tuple[object, ...] | None = None
    title: str = ""
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Models:
    journeys: tuple[tuple[int, Journey], ...]
    personas: tuple[tuple[int, Persona], ...]


def _models(docs: Sequence[Doc], _problems: Sequence[Problem]) -> object:
    """Per file: its valid journeys and personas with their index (kept for the analysis)."""
    return _Models(
        tuple((d.index, d.model) for d in docs if isinstance(d.model, Journey)),
        tuple((d.index, d.model) for d in docs if isinstance(d.model, Persona)),
    )


class _Reader:
    """Blobs, parsed and checked once each: by blob id, the name it is shown under and the
    ``cjmap.yaml`` it is checked with."""

    def __init__(
        self, stream: BlobStream, root: Path, names: _Names, limits: Limits, today: dt.date
    ) -> None:
        self.stream = stream
        self.root = root
        self.names = names
        self.limits = limits
        self.today = today
        self.configs: dict[str | None, _Config] = {}
        self.files: dict[tuple[str, str, str | None], _File] = {}
        self.wanted: dict[tuple[str | None, str], bool] = {}

    def load(self, oid: str, name: str) -> LoadedFile:
        data = self.stream.read(oid, self.limits.max_bytes)
        if data is None:
            raise UsageError(
                f"git has no blob {oid} (for {escape_control(name)}); is the clone whole?"
            )
        if isinstance(data, int):
            return too_large(name, data, self.limits)
        return load_bytes(data, name, self.limits)

    def config(self, oid: str | None) -> _Config:
        found = self.configs.get(oid)
        if found is not None:
            return found
        display = self.names.display(CONFIG_NAME)
        corpus = Corpus(root=self.root, has_config=oid is not None, config=_default())
        globs = Globs()
        if oid is not None:
            globs = apply_config(corpus, self.load(oid, display))
            corpus.targets.add(display)
        setup, problems = file_setup(corpus, self.today, per_file=_models)
        made = _Config(oid, corpus, setup, tuple(problems), globs, display)
        self.configs[oid] = made
        return made

    def file(self, oid: str, name: str, config: _Config) -> _File:
        key = (oid, name, config.key)
        found = self.files.get(key)
        if found is None:
            loaded = self.load(oid, name)
            result = check_file(loaded, config.setup, target=True)
            assert isinstance(result.made, _Models)
            found = _File(loaded, result, result.made.journeys, result.made.personas)
            self.files[key] = found
        return found

    def wants(self, config: _Config, rel: str) -> bool:
        key = (config.key, rel)
        found = self.wanted.get(key)
        if found is None:
            found = self.wanted[key] = config.globs.wants_file(rel)
        return found


def _default() -> Workspace:
    return Workspace(kind="workspace")


class _Names:
    """How files are named: as ``analyze`` run in the current folder names them."""

    def __init__(self, root: Path, cwd: Path) -> None:
        self.base = Path(os.path.relpath(root, cwd)).as_posix()

    def display(self, rel: str) -> str:
        return rel if self.base == "." else posixpath.normpath(posixpath.join(self.base, rel))


def parse_range(text: str) -> tuple[str, str]:
    """``A..B`` as its two ends (an end left out is ``HEAD``, as in git)."""
    base, sep, tip = text.partition("..")
    if not sep or tip.startswith("."):
        raise UsageError(
            f"--rev-range '{escape_control(text)}' is not of the form A..B "
            "(such as v1.0..HEAD or main~20..main)"
        )
    return base or "HEAD", tip or "HEAD"


def history(
    paths: Sequence[str] = (),
    *,
    cwd: Path | None = None,
    since: str | None = None,
    rev_range: str | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> History:
    """Each journey's friction, peak-end, conversion and evidence coverage at every commit
    of the first-parent line of ``HEAD`` (or of ``rev_range``'s end, without the commits of
    its start) that changed them, computed as ``analyze`` computes them there.

    ``paths``: the journey files or folders to follow (default: every journey of the
    workspace); the whole workspace is still read, so personas and references resolve."""
    cwd = cwd or Path.cwd()
    limits = limits or Limits()
    if since is not None and (not since.strip() or any(ch in since for ch in "\n\r\0")):
        raise UsageError(f"--since '{escape_control(since)}' is not a date")
    repo = Git(cwd, purpose=GIT_PURPOSE)
    base: str | None = None
    if rev_range is not None:
        start, end = parse_range(rev_range)
        base, tip = repo.commit(start), repo.commit(end)
    else:
        tip = repo.commit("HEAD")
    root, _ = root_for([p for p in paths if (cwd / p).exists()], cwd)
    root_rel = repo.repo_path(root)
    if root_rel is None:  # cjmap.yaml above the repository: the repository is the workspace
        root, root_rel = repo.top, ""
    filters = [_filter(raw, cwd, root) for raw in paths]
    log = repo.first_parent_log(tip, root_rel)
    window = None
    if base is not None or since is not None:
        window = repo.first_parent_ids(tip, base=base, since=since)
    prefix = f"{root_rel}/" if root_rel else ""
    names = _Names(root, cwd)
    tree: dict[str, str] = {}
    tracks: dict[str, _Track] = {}
    last_ids: dict[str, tuple[str, ...]] = {}
    unread: list[Unread] = []
    told: set[tuple[str, str]] = set()
    analysed: dict[tuple[object, ...], Point] = {}
    counted = 0
    with repo.blobs() as stream:
        reader = _Reader(stream, root, names, limits, today or dt.date.today())
        for commit in log:
            for change in commit.changes:
                if not change.path.startswith(prefix):
                    continue
                rel = change.path[len(prefix) :]
                if change.blob is None:
                    tree.pop(rel, None)
                else:
                    tree[rel] = change.blob
            if window is not None and commit.id not in window:
                continue
            counted += 1
            entries = _state(reader, tree, filters, last_ids, analysed)
            for rel, error in entries.unread:
                if (rel, tree[rel]) not in told:
                    told.add((rel, tree[rel]))
                    unread.append(Unread(commit.id, commit.date, names.display(rel), error))
            _advance(tracks, entries.journeys, commit.id, commit.date, commit.subject)
    journeys = tuple(
        JourneyHistory(ident, track.title or ident, tuple(track.points))
        for ident, track in sorted(tracks.items())
        if track.points
    )
    return History(tip, base, since, counted, journeys, tuple(unread), repo.shallow)


@dataclass(slots=True)
class _State:
    journeys: dict[str, _Entry]
    unread: list[tuple[str, str]]


def _state(
    reader: _Reader,
    tree: dict[str, str],
    filters: Sequence[str],
    last_ids: dict[str, tuple[str, ...]],
    analysed: dict[tuple[object, ...], Point],
) -> _State:
    """The journeys of the workspace ``tree`` (paths from the root → blob ids)."""
    config = reader.config(tree.get(CONFIG_NAME))
    rels = sorted(
        (rel for rel in tree if rel != CONFIG_NAME and reader.wants(config, rel)),
        key=lambda rel: rel.split("/"),
    )
    names = {rel: reader.names.display(rel) for rel in rels}
    files = {rel: reader.file(tree[rel], names[rel], config) for rel in rels}
    loaded = {names[rel]: f.loaded for rel, f in files.items()}
    if config.corpus.docs:
        loaded[config.display] = config.corpus.docs[0].file

    def locate(file: str, index: int, path: DataPath, at_key: bool) -> Span:
        return loaded[file].locate(index, path, at_key=at_key)

    corpus = Corpus(
        root=config.corpus.root,
        has_config=config.corpus.has_config,
        config=config.corpus.config,
        docs=config.corpus.docs,
        targets={*config.corpus.targets, *names.values()},
        problems=config.corpus.problems,
    )
    report = report_of_files(
        corpus, config.setup, config.problems, [f.result for f in files.values()], locate
    )
    errors: dict[str, list[Problem]] = {}
    for problem in report.problems:
        if problem.severity == "error":
            errors.setdefault(problem.file, []).append(problem)
    shared: dict[str, Persona] = {}
    persona_keys: dict[int, tuple[str, str, int]] = {}
    for rel, f in files.items():
        for index, persona in f.personas:
            if persona.id not in shared:
                shared[persona.id] = persona
                persona_keys[id(persona)] = (tree[rel], names[rel], index)
    # The first valid journey of each id: the one a touchpoint's ``journey:`` names.
    firsts: dict[str, tuple[Journey, str]] = {}
    for rel, f in files.items():
        if not errors.get(names[rel]):
            for _, journey in f.journeys:
                firsts.setdefault(journey.id, (journey, names[rel]))

    def resolve(ident: str) -> ResolvedJourney | None:
        if ident not in firsts:
            return None
        journey, name = firsts[ident]
        return resolve_journey(journey, name, shared, config.corpus.config)

    def subs_of(journey: Journey) -> dict[str, SubFigures]:
        """The figures of the sub-journeys ``journey`` names, as ``analyze`` rolls them up."""
        wanted = named(journey)
        if not wanted:
            return {}
        return roll_up(
            wanted,
            lambda ident: named(firsts[ident][0]) if ident in firsts else [],
            resolve,
            config.corpus.config.friction.weights,
        )

    state = _State({}, [])
    for rel, f in files.items():
        name = names[rel]
        ids = tuple(
            fact.id for fact in f.result.facts if fact.kind == "journey" and fact.id is not None
        )
        if ids:
            last_ids[rel] = ids
        followed = not filters or any(
            not flt or rel == flt or rel.startswith(flt + "/") for flt in filters
        )
        problems = errors.get(name)
        if problems:
            known = ids or last_ids.get(rel, ())
            if not known:
                if not any(fact.kind == "persona" for fact in f.result.facts) and followed:
                    state.unread.append((rel, _first(problems, with_file=True)))
                continue
            if not followed:
                continue
            for ident in known:
                parts: dict[str, object] = {
                    "file": name,
                    "blob": tree[rel],
                    "valid": False,
                    "settings": config.key,
                }
                state.journeys[ident] = _Entry(
                    ("invalid", tree[rel], name, config.key, _first(problems)),
                    parts,
                    Point(
                        "",
                        "",
                        "",
                        INVALID,
                        (),
                        file=name,
                        errors=len(problems),
                        error=_first(problems),
                    ),
                )
            continue
        if not followed:
            continue
        for index, journey in f.journeys:
            resolved = resolve_journey(journey, name, shared, config.corpus.config)
            used = tuple(
                persona_keys.get(id(p), ("inline", name, index)) for p in resolved.personas
            )
            subs = subs_of(journey)
            rolled = tuple(sorted(subs.items()))
            key = (tree[rel], index, used, config.key, rolled)
            numbers = analysed.get(key)
            if numbers is None:
                numbers = analysed[key] = _numbers(resolved, config, subs)
            parts = {
                "file": name,
                "blob": tree[rel],
                "valid": True,
                "settings": config.key,
                "personas": used,
                "sub_journeys": rolled,
            }
            if journey.id in state.journeys:
                continue  # a duplicated id: validate refused both files already
            state.journeys[journey.id] = _Entry(
                ("ok", tree[rel], name, index, used, config.key, rolled),
                parts,
                replace(numbers, file=name, title=journey.title),
            )
    return state


def _numbers(resolved: ResolvedJourney, config: _Config, subs: Mapping[str, SubFigures]) -> Point:
    """A point with the journey's numbers, as ``analyze -f json`` writes them (with the
    figures ``subs`` of the sub-journeys it names, rolled up as ``analyze`` rolls them)."""
    analysis = analyze(resolved, config.corpus.config.friction.weights, subs=subs)
    coverage = analysis.coverage
    return Point(
        "",
        "",
        "",
        OK,
        (),
        friction=rounded(analysis.friction.journey, FRICTION_DIGITS),
        peak_end=rounded(analysis.emotion.combined.peak_end, EMOTION_DIGITS),
        conversion=rounded(analysis.funnel.conversion, SHARE_DIGITS),
        coverage_touchpoints=rounded(coverage.touchpoints.share, SHARE_DIGITS),
        coverage_pain_points=rounded(coverage.pain_points.share, SHARE_DIGITS),
    )


def _first(problems: Sequence[Problem], *, with_file: bool = False) -> str:
    first = problems[0]
    where = f"{first.file}:" if with_file else ""
    return f"{where}{first.line}:{first.column}: {first.message} [{first.rule}]"


def _advance(
    tracks: dict[str, _Track], entries: dict[str, _Entry], commit: str, date: str, subject: str
) -> None:
    """Add a point to each journey whose inputs changed at this commit."""
    for ident, entry in entries.items():
        track = tracks.setdefault(ident, _Track())
        if track.signature == entry.signature:
            continue
        changed = _why(track.parts, entry.parts)
        track.parts, track.signature = entry.parts, entry.signature
        if entry.point.title is not None:
            track.title = entry.point.title
        track.points.append(
            replace(entry.point, commit=commit, date=date, subject=subject, changed=changed)
        )
    for ident, track in tracks.items():
        if ident not in entries and track.parts is not None:
            track.parts, track.signature = None, None
            track.points.append(Point(commit, date, subject, REMOVED, ("removed",)))


def _why(old: dict[str, object] | None, new: dict[str, object]) -> tuple[str, ...]:
    if old is None:
        return ("added",)
    reasons = []
    if old["blob"] != new["blob"]:
        reasons.append("journey")
    if old["file"] != new["file"]:
        reasons.append("moved")
    if old.get("personas") != new.get("personas") and old["valid"] and new["valid"]:
        reasons.append("personas")
    if old.get("sub_journeys") != new.get("sub_journeys") and old["valid"] and new["valid"]:
        reasons.append("sub-journeys")
    if old["settings"] != new["settings"]:
        reasons.append("settings")
    if old["valid"] != new["valid"] or not reasons:
        reasons.append("validity")
    return tuple(reasons)


def _filter(raw: str, cwd: Path, root: Path) -> str:
    relative = relative_to_root(cwd / raw, root.resolve())
    if relative is None:
        raise UsageError(f"{escape_control(raw)} is outside the workspace at {root}")
    return "" if relative == "." else relative
