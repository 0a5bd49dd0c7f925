"""The journey an import changes, read from its workspace, and the proof that the changed
journey still validates before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmap.document.model import Journey
from cjmap.importer.errors import ImportProblem
from cjmap.util.textsafe import listing
from cjmap.workspace.corpus import Corpus, Doc, ResolvedJourney


@dataclass(frozen=True, slots=True)
class Target:
    """A journey file an import reads and may write."""

    corpus: Corpus
    doc: Doc
    path: Path
    raw: bytes
    data: Any
    """What cjmap's loader reads from the file."""

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8-sig")

    @property
    def journey(self) -> Journey:
        assert isinstance(self.doc.model, Journey)
        return self.doc.model

    def resolved(self) -> ResolvedJourney:
        return self.corpus.resolve(self.doc)


def load_workspace(paths: list[str], cwd: Path) -> Corpus:
    from cjmap.workspace.corpus import load_corpus

    return load_corpus(paths, cwd=cwd)


def find_journey(corpus: Corpus, journey_id: str | None, path: str | None, cwd: Path) -> Target:
    """The journey in ``path`` (``--journey``), else the workspace journey with ``journey_id``.
    It must be valid: an import changes a journey that ``cjmap validate`` accepts."""
    from cjmap.document.load import DEFAULT_MAX_BYTES, load_bytes
    from cjmap.util.fsutil import read_regular

    journeys = [doc for doc in corpus.docs if isinstance(doc.model, Journey)]
    if path is not None:
        wanted = [doc for doc in journeys if doc.display in corpus.targets]
        where = path
    else:
        wanted = [
            doc for doc in journeys if isinstance(doc.model, Journey) and doc.model.id == journey_id
        ]
        where = f"the workspace ({corpus.root})"
    if not wanted:
        problems = [p for p in corpus.problems if p.severity == "error"]
        detail = (
            f"; first: {problems[0].file}:{problems[0].line}: {problems[0].message}"
            if problems
            else ""
        )
        what = f"the journey '{journey_id}'" if path is None else "a valid journey"
        raise ImportProblem(
            where,
            f"{what} was not found{detail}. Run cjmap validate on it, or name the file with "
            "--journey",
        )
    if len(wanted) > 1:
        raise ImportProblem(
            where,
            f"{len(wanted)} journeys match ({listing(doc.display for doc in wanted)}); name "
            "one with --journey",
        )
    doc = wanted[0]
    file_path = Path(path) if path is not None else _path_of(corpus, doc, cwd)
    raw = read_regular(cwd / file_path, DEFAULT_MAX_BYTES)
    loaded = load_bytes(raw, doc.display)
    if len(loaded.documents) != 1:
        raise ImportProblem(doc.display, "the file holds several YAML documents; an import "
                            "changes a file that holds one journey")  # fmt: skip
    target = Target(corpus, doc, cwd / file_path, raw, loaded.documents[0].data)
    errors = errors_in(corpus, doc.display)
    if errors:
        raise ImportProblem(
            doc.display,
            f"the journey does not validate ({errors[0]}); fix it first (cjmap validate "
            f"{doc.display})",
        )
    return target


def _path_of(corpus: Corpus, doc: Doc, cwd: Path) -> Path:
    path = Path(doc.display)
    return path if path.is_absolute() else cwd / path


def errors_in(corpus: Corpus, display: str) -> list[str]:
    """The errors ``cjmap validate`` finds in one file of the corpus, as text."""
    from cjmap.validate.run import validate_corpus

    targets = corpus.targets
    corpus.targets = {display}
    try:
        report = validate_corpus(corpus)
    finally:
        corpus.targets = targets
    return [
        f"line {p.line}, column {p.column}: {p.message}"
        for p in report.problems
        if p.severity == "error" and p.file == display
    ]


def replaced(corpus: Corpus, display: str, text: str) -> tuple[Corpus, Doc]:
    """A copy of the corpus with the file ``display`` holding ``text``; raises ImportProblem
    when that file would not validate."""
    from cjmap.document.load import load_text

    copy = Corpus(root=corpus.root, has_config=corpus.has_config, config=corpus.config)
    copy.docs = [doc for doc in corpus.docs if doc.display != display]
    copy.problems = [p for p in corpus.problems if p.file != display]
    docs = copy.add_file(load_text(text, display))
    errors = errors_in(copy, display)
    if errors or not docs or not isinstance(docs[0].model, Journey):
        raise ImportProblem(
            display,
            "the imported journey would not validate, so nothing was written: "
            + (errors[0] if errors else "it is not a journey")
            + ". Fix that value in the spreadsheet or file you import",
        )
    return copy, docs[0]
