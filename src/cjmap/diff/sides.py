"""The two sides of ``cjmap diff``: files, ``REV:path`` blobs, or a workspace at a revision.

Every side is read as bytes, parsed with :func:`cjmap.document.load.load_bytes`, checked with
:func:`cjmap.document.schema_findings.check_document` and then as ``cjmap validate`` checks a
workspace (a side with errors is not compared), and its journeys resolved like
:meth:`cjmap.workspace.corpus.Corpus.resolve` does: personas from the persona documents of the
same side (for two single files, also those of the current workspace), the emotion scale and the
friction weights from the side's ``cjmap.yaml``, and the figures of the sub-journeys they name
from the side's journeys (as ``analyze`` rolls them up).

Git is read through :class:`cjmap.util.git.Git` (fixed argument lists; revisions resolved to
commit ids first, so that a revision can never be read as an option).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.document.load import Limits, LoadedFile, load_bytes
from cjmap.document.model import FrictionWeights, Journey, Persona, Workspace
from cjmap.document.problems import Problem
from cjmap.util.errors import UsageError
from cjmap.util.git import Git
from cjmap.util.textsafe import escape_control
from cjmap.workspace.corpus import (
    Corpus,
    Doc,
    ResolvedJourney,
    display_name,
    load_corpus,
    read_bytes,
)
from cjmap.workspace.files import (
    CONFIG_NAME,
    STDIN,
    Globs,
    globs_from,
    leaves_root,
    relative_to_root,
    root_for,
    say_not_read,
    walk,
)

if TYPE_CHECKING:
    from cjmap.analysis.subjourneys import SubFigures

WORKING_TREE = "working tree"


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a diff, ready to compare.

    ``problems`` are the errors found in the files being compared (a side with errors is not
    compared); ``validate_hint`` says how to see them with ``cjmap validate``.
    """

    label: str
    journeys: tuple[ResolvedJourney, ...]
    weights: FrictionWeights
    problems: tuple[Problem, ...] = ()
    validate_hint: str = ""
    subs: Mapping[str, SubFigures] = field(default_factory=dict)
    """The figures of the sub-journeys the journeys name (as ``analyze`` rolls them up)."""


@dataclass(slots=True)
class _Snapshot:
    """A side's files before parsing, by display name, and which of them are compared."""

    files: dict[str, bytes | LoadedFile] = field(default_factory=dict)
    """Bytes to parse, or a file already refused (not a regular file, too large)."""
    targets: set[str] = field(default_factory=set)
    config: tuple[str, bytes | LoadedFile] | None = None


def _show(text: str) -> str:
    return escape_control(text)


# --- building a side ----------------------------------------------------------------------


def _build(
    label: str,
    snapshot: _Snapshot,
    root: Path,
    *,
    limits: Limits,
    config: Workspace | None = None,
    context: Iterable[Doc] = (),
    validate_hint: str = "",
) -> Side:
    corpus = Corpus(root=root, has_config=False, config=config or Workspace(kind="workspace"))
    targets = set(snapshot.targets)
    if snapshot.config is not None:
        name, data = snapshot.config
        targets.add(name)
        corpus.has_config = True
        for doc in corpus.add_file(_loaded(data, name, limits)):
            if isinstance(doc.model, Workspace):
                corpus.config = doc.model
    for name, data in snapshot.files.items():
        corpus.add_file(_loaded(data, name, limits))
    # Context from elsewhere fills in only the ids the side does not define itself.
    own = {_kind_id(doc) for doc in corpus.docs}
    corpus.docs.extend(doc for doc in context if _kind_id(doc) not in own)
    from cjmap.validate.run import validate_corpus

    # Exactly what `cjmap validate` calls an error, lint rules set to `error` included.
    corpus.targets = targets
    errors = [p for p in validate_corpus(corpus).problems if p.severity == "error"]
    journeys = tuple(
        corpus.resolve(doc)
        for doc in corpus.docs
        if doc.display in snapshot.targets and isinstance(doc.model, Journey)
    )
    subs: Mapping[str, SubFigures] = {}
    if not errors:
        from cjmap.analysis.subjourneys import corpus_subs

        subs = corpus_subs(corpus, journeys)
    return Side(
        label,
        journeys,
        corpus.config.friction.weights,
        tuple(errors),
        validate_hint,
        subs,
    )


def _kind_id(doc: Doc) -> tuple[str, str] | None:
    if isinstance(doc.model, Persona | Journey):
        return doc.model.kind, doc.model.id
    return None


def _loaded(data: bytes | LoadedFile, name: str, limits: Limits) -> LoadedFile:
    return data if isinstance(data, LoadedFile) else load_bytes(data, name, limits)


def _too_large(name: str, size: int, limits: Limits) -> LoadedFile:
    from cjmap.document.load import too_large

    return too_large(name, size, limits)


def _read_blob(repo: Git, commit: str, path: str, name: str, limits: Limits) -> bytes | LoadedFile:
    """One blob's bytes, or the file-too-large finding for it (its bytes unread)."""
    contents, too_large = repo.read_files(commit, [path], limits.max_bytes)
    if path in too_large:
        return _too_large(name, too_large[path], limits)
    return contents[path]


def _workspace_config(
    root: Path, has_config: bool, cwd: Path, limits: Limits
) -> tuple[str, bytes | LoadedFile] | None:
    if not has_config:
        return None
    path = root / CONFIG_NAME
    if leaves_root(path, root):
        say_not_read([path], cwd)
        return None
    name = display_name(path, cwd)
    return name, read_bytes(path, name, limits)


# --- cjmap diff OLD NEW -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Blob:
    display: str
    data: bytes | LoadedFile
    hint: str


def file_sides(
    old: str,
    new: str,
    *,
    cwd: Path | None = None,
    stdin_data: bytes | None = None,
    limits: Limits | None = None,
) -> tuple[Side, Side]:
    """The sides of ``cjmap diff OLD NEW``: each a file, ``-`` or ``REV:path``.

    Both sides see the personas and the settings of the current workspace (the one holding
    NEW, else OLD, else the current folder) besides the persona documents of their own file.
    """
    cwd = cwd or Path.cwd()
    limits = limits or Limits()
    if old == STDIN and new == STDIN:
        raise UsageError("only one side can be read from standard input ('-')")
    git: list[Git] = []
    anchors = [spec for spec in (new, old) if spec != STDIN and (cwd / spec).exists()][:1]
    root, has_config = root_for(anchors, cwd)
    blobs = [_blob(spec, cwd, git, stdin_data, root, limits) for spec in (old, new)]
    config = _workspace_config(root, has_config, cwd, limits)

    def build(context: Sequence[Doc]) -> list[Side]:
        return [
            _build(
                blob.display,
                _Snapshot({blob.display: blob.data}, {blob.display}, config),
                root,
                limits=limits,
                context=context,
                validate_hint=blob.hint,
            )
            for blob in blobs
        ]

    sides = build(())
    # The workspace is read only when a journey names a persona its own file lacks.
    if any(problem.rule == "unresolved-reference" for side in sides for problem in side.problems):
        sides = build(_workspace_context(anchors, cwd, limits))
    return sides[0], sides[1]


def _workspace_context(anchors: Sequence[str], cwd: Path, limits: Limits) -> list[Doc]:
    """The persona and journey documents of the current workspace (for references)."""
    corpus = load_corpus(list(anchors), cwd=cwd, limits=limits)
    return [doc for doc in corpus.docs if isinstance(doc.model, Persona | Journey)]


def _blob(
    spec: str, cwd: Path, git: list[Git], stdin_data: bytes | None, root: Path, limits: Limits
) -> _Blob:
    if spec == STDIN:
        from cjmap.workspace.corpus import read_stdin

        data = read_stdin(stdin_data, limits.max_bytes)
        return _Blob("<stdin>", data, "cjmap validate -")
    path = cwd / spec
    if path.exists():
        if path.is_dir():
            raise UsageError(
                f"{_show(spec)} is a folder; cjmap diff OLD NEW compares two files "
                "(compare a workspace with --git REV)"
            )
        if leaves_root(path, root):
            say_not_read([path], cwd)
            raise UsageError(
                f"cannot compare {_show(spec)}: a symbolic link takes it outside the workspace"
            )
        name = display_name(path, cwd)
        return _Blob(name, read_bytes(path, name, limits), f"cjmap validate {_show(spec)}")
    rev, sep, rel = spec.partition(":")
    if not sep or not rev:
        raise UsageError(
            f"no such file: {spec} (to read a file from git, write REV:path, such as HEAD:{spec})"
        )
    if not git:
        git.append(Git(cwd))
    repo = git[0]
    commit = repo.commit(rev)
    repo_path = _repo_path(repo, commit, rel, cwd)
    kind = repo.object_type(commit, repo_path)
    if kind is None:
        raise UsageError(f"{_show(repo_path)} does not exist in revision '{_show(rev)}'")
    if kind != "blob":
        raise UsageError(f"{_show(repo_path)} is not a file in revision '{_show(rev)}'")
    display = f"{rev}:{repo_path}"
    blob = _read_blob(repo, commit, repo_path, display, limits)
    hint = f"git show {display} | cjmap validate - --stdin-filename {repo_path}"
    return _Blob(display, blob, hint)


def _repo_path(repo: Git, commit: str, rel: str, cwd: Path) -> str:
    """The path git wants for ``REV:rel`` typed in ``cwd``.

    ``./x`` and ``../x`` are relative to the current folder (as in git). A plain path is
    taken relative to the current folder when the revision has it there, else from the top
    of the repository (git's own reading of ``REV:path``). An absolute path is made relative
    to the top.
    """
    if not rel:
        raise UsageError("REV:path needs a path after the ':'")
    if os.path.isabs(rel):
        found = repo.repo_path(Path(rel))
        if found is None:
            raise UsageError(f"{_show(rel)} is outside the git repository {repo.top}")
        return found
    from_cwd = posixpath.normpath(posixpath.join(repo.prefix, rel))
    if from_cwd == ".." or from_cwd.startswith("../"):
        raise UsageError(f"{_show(rel)} is outside the git repository {repo.top}")
    if rel.startswith(("./", "../")) or not repo.prefix:
        return from_cwd
    if repo.object_type(commit, from_cwd) is not None:
        return from_cwd
    return posixpath.normpath(rel)


# --- cjmap diff --git REV [REV2] [PATHS] --------------------------------------------------


def git_sides(
    rev: str,
    args: Sequence[str] = (),
    *,
    cwd: Path | None = None,
    limits: Limits | None = None,
) -> tuple[Side, Side]:
    """The sides of ``cjmap diff --git REV [REV2] [PATHS]``: the workspace at REV, and at REV2
    or in the working tree.

    The first argument is REV2 when it is not an existing path and names a commit. PATHS
    (files or folders) restrict the journeys compared; the rest of the workspace is still
    read on both sides, so references resolve.
    """
    cwd = cwd or Path.cwd()
    limits = limits or Limits()
    repo = Git(cwd)
    old_commit = repo.commit(rev)
    paths = list(args)
    rev2: str | None = None
    if paths and not (cwd / paths[0]).exists() and repo.is_commit(paths[0]):
        rev2 = paths.pop(0)
    root, _ = root_for(paths, cwd)
    root_rel = repo.repo_path(root)
    if root_rel is None:  # cjmap.yaml above the repository: the repository is the workspace
        root, root_rel = repo.top, ""
    filters = [_filter(raw, cwd, root) for raw in paths]

    old = _revision_snapshot(repo, old_commit, rev, root_rel, filters, limits)
    if rev2 is not None:
        new = _revision_snapshot(repo, repo.commit(rev2), rev2, root_rel, filters, limits)
    else:
        new = _working_snapshot(root, cwd, filters, limits)
    for raw, wanted in zip(paths, filters, strict=True):
        if not any(_matches(rel, [wanted]) for snapshot in (old, new) for rel in snapshot.rels):
            where = f"'{_show(rev2)}'" if rev2 else "the working tree"
            raise UsageError(
                f"no workspace file matches {_show(raw)} in revision '{_show(rev)}' or in {where}"
            )
    new_label = rev2 if rev2 is not None else WORKING_TREE
    old_hint = f"check out {rev} and run cjmap validate there"
    new_hint = f"check out {rev2} and run cjmap validate there" if rev2 else "cjmap validate"
    return (
        _build(rev, old.snapshot, root, limits=limits, validate_hint=old_hint),
        _build(new_label, new.snapshot, root, limits=limits, validate_hint=new_hint),
    )


@dataclass(slots=True)
class _Listed:
    snapshot: _Snapshot
    rels: list[str]


def _filter(raw: str, cwd: Path, root: Path) -> str:
    relative = relative_to_root(cwd / raw, root.resolve())
    if relative is None:
        raise UsageError(f"{_show(raw)} is outside the workspace at {root}")
    return "" if relative == "." else relative


def _matches(rel: str, filters: Sequence[str]) -> bool:
    if not filters:
        return True
    return any(not f or rel == f or rel.startswith(f + "/") for f in filters)


def _revision_snapshot(
    repo: Git, commit: str, rev: str, root_rel: str, filters: Sequence[str], limits: Limits
) -> _Listed:
    prefix = f"{root_rel}/" if root_rel else ""
    listed = {path.removeprefix(prefix): path for path in repo.list_files(commit, root_rel)}
    config_path = listed.get(CONFIG_NAME)
    globs = Globs()
    config_data: bytes | LoadedFile | None = None
    if config_path is not None:
        config_data = _read_blob(repo, commit, config_path, f"{rev}:{config_path}", limits)
        globs = _globs_of(config_data, limits)
    wanted = {
        rel: path for rel, path in listed.items() if rel != CONFIG_NAME and globs.wants_file(rel)
    }
    contents, too_large = repo.read_files(commit, list(wanted.values()), limits.max_bytes)
    snapshot = _Snapshot()
    if config_path is not None and config_data is not None:
        snapshot.config = (f"{rev}:{config_path}", config_data)
    rels = []
    for rel, path in wanted.items():
        display = f"{rev}:{path}"
        if path in too_large:
            snapshot.files[display] = _too_large(display, too_large[path], limits)
        elif path in contents:
            snapshot.files[display] = contents[path]
        else:
            continue  # a submodule or a symlink to a folder: nothing to read
        rels.append(rel)
        if _matches(rel, filters):
            snapshot.targets.add(display)
    return _Listed(snapshot, rels)


def _working_snapshot(root: Path, cwd: Path, filters: Sequence[str], limits: Limits) -> _Listed:
    config_path = root / CONFIG_NAME
    snapshot = _Snapshot()
    globs = Globs()
    outside: list[Path] = []
    if leaves_root(config_path, root):
        outside.append(config_path)
    elif config_path.exists() and not config_path.is_dir():
        data = read_bytes(config_path, display_name(config_path, cwd), limits)
        snapshot.config = (display_name(config_path, cwd), data)
        globs = _globs_of(data, limits)
    rels = []
    files = walk(root, globs, outside=outside)
    say_not_read(outside, cwd)
    for path in files:
        # The folder resolved, not the file: a link to a device elsewhere is still this file.
        folder = relative_to_root(path.parent, root.resolve())
        rel = None if folder is None else posixpath.join(folder, path.name).removeprefix("./")
        if rel is None or rel == CONFIG_NAME:
            continue
        display = display_name(path, cwd)
        snapshot.files[display] = read_bytes(path, display, limits)
        rels.append(rel)
        if _matches(rel, filters):
            snapshot.targets.add(display)
    return _Listed(snapshot, rels)


def _globs_of(config: bytes | LoadedFile, limits: Limits) -> Globs:
    if isinstance(config, LoadedFile):
        return Globs()  # refused unread: its finding says why
    for document in load_bytes(config, CONFIG_NAME, limits).documents:
        if isinstance(document.data, dict) and document.data.get("kind") == "workspace":
            return globs_from(document.data)
    return Globs()


def invalid_report(sides: Sequence[Side], limit: int = 5) -> str:
    """The message for sides that do not validate: their first errors and how to see all."""

    lines = []
    for side in sides:
        count = len(side.problems)
        lines.append(
            f"cjmap: cannot compare {escape_control(side.label)}: "
            f"{count} error{'s' * (count != 1)} in its journey files"
        )
        for problem in side.problems[:limit]:
            lines.append(
                f"  {escape_control(problem.file)}:{problem.line}:{problem.column}: "
                f"{escape_control(problem.message)} [{problem.rule}]"
            )
        if count > limit:
            lines.append(f"  … and {count - limit} more")
        if side.validate_hint:
            lines.append(f"  to see them all: {escape_control(side.validate_hint)}")
    return "\n".join(lines) + "\n"
