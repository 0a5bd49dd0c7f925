"""Every document of a workspace, read and checked against its schema once.

``validate`` reports on the files it was given, but resolves references against all of the
workspace; ``analyze``, ``render`` and ``diff`` take the valid journeys from here, with their
personas and emotion scale resolved.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.document.load import Limits, LoadedFile, Span, load_bytes, not_a_file, too_large
from cjmap.document.load import Path as DataPath
from cjmap.document.model import (
    DEFAULT_SCALE,
    Journey,
    ModelDoc,
    Persona,
    PersonaFields,
    Workspace,
)
from cjmap.document.problems import Problem, Severity
from cjmap.document.schema_findings import Finding, check_document
from cjmap.util.errors import UsageError
from cjmap.util.parallel import parallel_map
from cjmap.util.textsafe import escape_control, may_hold_hidden
from cjmap.workspace.files import (
    CONFIG_NAME,
    STDIN,
    Globs,
    command_root,
    expand,
    globs_from,
    leaves_root,
    real_folder,
    relative_to_root,
    say_not_read,
    walk_names,
)

if TYPE_CHECKING:
    from cjmap.document.hidden import HiddenText


@dataclass(slots=True)
class Doc:
    """One document of one file, with its model when the schema accepted it."""

    file: LoadedFile
    display: str
    index: int
    data: Any
    model: ModelDoc | None = None
    hidden: tuple[HiddenText, ...] = ()
    """The texts holding a control character or a noncharacter (for the ``hidden-character``
    rule), found before the plain data is let go."""

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
        return problem_at(self.display, span, rule, severity, message, hint)


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

    def add_file(self, loaded: LoadedFile) -> list[Doc]:
        """Add the documents and errors of a file as read; return its documents."""
        docs, problems = file_docs(loaded, root=self.root)
        self.docs.extend(docs)
        self.problems.extend(problems)
        return docs

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
        return scale_of(journey, self.config)

    def resolve(self, doc: Doc, personas: Mapping[str, Persona] | None = None) -> ResolvedJourney:
        """The journey of ``doc`` with its personas (unknown persona ids are left out);
        ``personas``: :meth:`workspace_personas`, when the caller resolves many journeys
        (each call would otherwise look through every document)."""
        assert isinstance(doc.model, Journey)
        shared = self.workspace_personas() if personas is None else personas
        return resolve_journey(doc.model, doc.display, shared, self.config)

    def resolved_targets(self) -> list[ResolvedJourney]:
        """The valid journeys among the files asked for, in file order."""
        personas = self.workspace_personas()
        return [
            self.resolve(doc, personas)
            for doc in self.docs
            if doc.display in self.targets and isinstance(doc.model, Journey)
        ]


def scale_of(journey: Journey, config: Workspace) -> tuple[int, int]:
    """A journey's emotion scale: its own, else the workspace's, else the default."""
    scale = journey.emotion_scale or config.emotion_scale
    return (scale[0], scale[1]) if scale else DEFAULT_SCALE


def resolve_journey(
    journey: Journey, file: str, shared: Mapping[str, Persona], config: Workspace
) -> ResolvedJourney:
    """``journey`` with its personas: inline ones, and those it names found in ``shared``
    (the workspace's persona documents by id; unknown ids are left out)."""
    personas: list[PersonaFields] = []
    for entry in journey.personas:
        if isinstance(entry, str):
            if entry in shared:
                personas.append(shared[entry])
        else:
            personas.append(entry)
    return ResolvedJourney(journey, tuple(personas), scale_of(journey, config), file)


def problem_at(
    display: str,
    span: Span,
    rule: str,
    severity: Severity,
    message: str,
    hint: str | None,
    excerpt: tuple[str, int] | None = None,
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
        excerpt,
    )


def display_name(path: Path, cwd: Path) -> str:
    """How a file is named in findings: relative to the current folder when inside it."""
    return Names(cwd).of(path)


class Names:
    """:func:`display_name` for the many files of one command, its current folder resolved
    once."""

    __slots__ = ("_prefix",)

    def __init__(self, cwd: Path) -> None:
        self._prefix = real_folder(os.path.abspath(cwd)).rstrip(os.sep) + os.sep

    def of(self, path: str | Path) -> str:
        head, name = os.path.split(os.fspath(path))
        folder = real_folder(os.path.abspath(head or os.curdir))
        real = written = os.path.join(folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        prefix = self._prefix
        if real.startswith(prefix):
            return self._relative(real[len(prefix) :], name)
        # A link to a device or a pipe elsewhere: named as the user would write it.
        if written.startswith(prefix):
            return self._relative(written[len(prefix) :], name)
        return Path(path).as_posix()

    @staticmethod
    def _relative(rest: str, name: str) -> str:
        if os.sep == "/" and name not in ("", os.curdir, os.pardir):
            return rest  # a resolved folder and a file's name: nothing to normalise
        return Path(rest).as_posix()


@dataclass(slots=True)
class Plan:
    """What a command will read: the workspace (its ``cjmap.yaml`` already loaded into
    ``corpus``), and every other file by display name, targets and context alike."""

    corpus: Corpus
    files: dict[str, str]
    """Display name → path (strings: a workspace may hold many thousands of files)."""
    limits: Limits
    stdin: str | None = None
    """The display name of standard input, when '-' was given."""
    lone: bool = False
    """No ``cjmap.yaml`` above the paths given: the workspace is only what they name."""
    folders: list[str] = field(default_factory=list)
    """Every folder whose entries were listed to find the files."""
    outside: bool = False
    """Some file was left unread because a link takes it out of the workspace."""

    def jobs(self) -> list[FileJob]:
        """The files still to read (the config is read; standard input is not a file)."""
        return [
            FileJob(path, name, self.limits, name in self.corpus.targets)
            for name, path in self.files.items()
        ]


@dataclass(frozen=True, slots=True)
class FileJob:
    path: str
    name: str
    limits: Limits
    target: bool


def plan_corpus(
    paths: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin_name: str | None = None,
    limits: Limits | None = None,
    context: bool = True,
) -> Plan:
    """Find the workspace of ``paths`` (the whole workspace when none), read its
    ``cjmap.yaml``, and list the files to read: the targets plus, with ``context``, every
    other workspace file, so that references resolve across files.

    Without a ``cjmap.yaml`` in the folder of the first path or above it, the workspace is
    the current folder when no path is given, and only the paths given otherwise: nothing
    else is read for context (from a folder of many projects, one file stays one file)."""
    cwd = cwd or Path.cwd()
    limits = limits or Limits()
    root, has_config = command_root(paths, stdin_name, cwd)
    corpus = Corpus(root=root, has_config=has_config, config=Workspace(kind="workspace"))

    names = Names(cwd)
    config_path = root / CONFIG_NAME
    config_display = names.of(config_path)
    globs = Globs()
    outside: list[Path] = []
    if has_config and leaves_root(config_path, root):
        outside.append(config_path)
    elif has_config:
        globs = apply_config(corpus, read_file(config_path, config_display, limits))
        corpus.targets.add(config_display)

    folders: list[str] = []
    if paths:
        file_set = expand([p for p in paths if p != STDIN], root, globs, cwd, folders)
        targets = file_set.files
        corpus.skipped = file_set.skipped
        outside.extend(file_set.outside)
    else:
        targets = walk_names(root, globs, outside=outside, listed=folders)
    files: dict[str, str] = {}
    for path in targets:
        name = names.of(path)
        files[name] = path
        corpus.targets.add(name)
    stdin = None
    if STDIN in paths:
        stdin = stdin_name or "<stdin>"
        corpus.targets.add(stdin)

    lone = bool(paths) and not has_config
    if context and not lone and paths and not _names_root(paths, root, cwd):
        named = set(files.values())
        for path in walk_names(root, globs, outside=outside, listed=folders):
            if path not in named:
                files.setdefault(names.of(path), path)
    say_not_read(outside, cwd)
    files.pop(config_display, None)
    if stdin is not None:
        files.pop(stdin, None)
    return Plan(corpus, files, limits, stdin, lone, folders, bool(outside))


def _names_root(paths: Sequence[str], root: Path, cwd: Path) -> bool:
    """Whether ``paths`` name the workspace's root folder itself: every file is a target
    then, and the workspace need not be walked again for context."""
    real_root = os.path.realpath(root)
    return any(
        raw != STDIN and os.path.isdir(cwd / raw) and os.path.realpath(cwd / raw) == real_root
        for raw in paths
    )


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
    plan = plan_corpus(paths, cwd=cwd, stdin_name=stdin_name, limits=limits, context=context)
    corpus = plan.corpus
    for loaded in parallel_map(_read_job, plan.jobs()):
        corpus.add_file(loaded)
    if plan.stdin is not None:
        data = read_stdin(stdin_data, plan.limits.max_bytes)
        corpus.add_file(load_bytes(data, plan.stdin, plan.limits))
    return corpus


def read_stdin(data: bytes | None = None, limit: int | None = None) -> bytes:
    """Standard input's bytes (``data`` instead, when given: tests pass it in); with
    ``limit``, never more than ``limit + 1`` of them (enough to refuse it as too large)."""
    if data is not None:
        return data
    if limit is None:
        return sys.stdin.buffer.read()
    from cjmap.util.fsutil import read_stream

    return read_stream(sys.stdin.buffer, limit)


def _read_job(job: FileJob) -> LoadedFile:
    return read_file(job.path, job.name, job.limits)


def read_file(path: Path | str, name: str, limits: Limits) -> LoadedFile:
    """Read and parse one file; a file that cannot be read is a usage error."""
    data = read_bytes(path, name, limits)
    if isinstance(data, LoadedFile):
        return data
    return load_bytes(data, name, limits)


def read_bytes(path: Path | str, name: str, limits: Limits) -> bytes | LoadedFile:
    """A file's bytes, or the finding that refuses it unread (too large, not a regular
    file); a file that cannot be read at all is a usage error."""
    from cjmap.util.fsutil import FileTooLarge, NotRegularFile, read_regular

    try:
        # An enormous file is refused before reading, a pipe or a device without reading.
        return read_regular(path, limits.max_bytes)
    except FileTooLarge as exc:
        return too_large(name, exc.size, limits)
    except NotRegularFile as exc:
        return not_a_file(name, exc.what, limits)
    except IsADirectoryError as exc:
        raise UsageError(f"{escape_control(name)} is a folder, not a file") from exc
    except PermissionError as exc:
        raise UsageError(f"cannot read {escape_control(name)}: permission denied") from exc
    except OSError as exc:
        raise UsageError(f"cannot read {escape_control(name)}: {exc.strerror or exc}") from exc


def file_docs(
    loaded: LoadedFile, *, report: bool = True, root: Path | None = None
) -> tuple[list[Doc], list[Problem]]:
    """The documents of a file, each checked against its schema, and the file's errors
    (without ``report``, schema errors are not located: nobody will read them). ``root``,
    the workspace's folder, names the file in a hint to exclude it."""
    problems = [
        problem_at(loaded.name, raw.span, raw.rule, "error", raw.message, raw.hint, raw.excerpt)
        for raw in loaded.problems
    ]
    docs: list[Doc] = []
    may_hide = report and may_hold_hidden(loaded.text)
    for document in loaded.documents:
        doc = Doc(loaded, loaded.name, document.index, document.data)
        model, findings = check_document(document.data)
        doc.model = model
        docs.append(doc)
        if report:
            for finding in findings:
                if finding.foreign:
                    explained = _exclude_hint(finding, loaded.name, root)
                elif finding.rule == "missing-key" and finding.path == ("kind",):
                    explained = _split_hint(finding, loaded, document.index)
                else:
                    explained = finding
                problems.append(_from_finding(doc, explained))
            if model is not None and may_hide:
                from cjmap.document.hidden import hidden_texts

                doc.hidden = tuple(hidden_texts(document.data))
        if model is not None and not isinstance(model, Workspace):
            # The model holds everything from here on; keeping the plain data as well
            # doubles the memory a large workspace needs.
            doc.data = None
    loaded.documents = []
    return docs, problems


def _exclude_hint(finding: Finding, name: str, root: Path | None) -> Finding:
    """The finding's hint with the exact line that leaves the file out of the workspace."""
    import json
    from dataclasses import replace

    relative = None
    if root is not None and name != STDIN:
        relative = relative_to_root(Path(os.path.abspath(name)), root.resolve())
    pattern = json.dumps(relative or name, ensure_ascii=False)
    hint = (finding.hint or "").format(pattern=pattern, line=f"exclude: [{pattern}]")
    return replace(finding, hint=hint)


def _split_hint(finding: Finding, loaded: LoadedFile, index: int) -> Finding:
    """For a later document without 'kind': most often a stray '---' split one document in
    two, so say where that line is."""
    if index == 0:
        return finding
    from dataclasses import replace

    lines = loaded.text.split("\n")
    start = loaded.locate(index, (), at_key=False).line
    separator = next(
        (n for n in range(min(start, len(lines)), 0, -1) if lines[n - 1].startswith("---")),
        None,
    )
    if separator is None:
        return finding
    return replace(
        finding,
        hint=f"the '---' on line {separator} starts a new document here; if it was meant to "
        "continue the document above, remove that line, otherwise add 'kind: journey' "
        "(or persona) as the first line after it",
    )


def _from_finding(doc: Doc, finding: Finding) -> Problem:
    return doc.problem(
        finding.path, finding.rule, "error", finding.message, finding.hint, at_key=finding.at_key
    )


def apply_config(corpus: Corpus, loaded: LoadedFile) -> Globs:
    """Read ``cjmap.yaml`` (``loaded``) into ``corpus`` as :func:`plan_corpus` does: its
    settings and its errors; return its include/exclude globs."""
    corpus.add_file(loaded)
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
