"""What each ``cjmap import`` subcommand does, from the file read to the bytes to write.

Every importer reads its input whole, works out the new text of a journey file, and proves it
(:mod:`cjmap.importer.yamledit`, :func:`cjmap.importer.workspace.replaced`) before the CLI
writes anything; an :class:`cjmap.importer.errors.ImportProblem` stops it with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cjmap.document.model import FrictionWeights, ImportMapping
from cjmap.importer.errors import ImportProblem
from cjmap.importer.table import MAX_BYTES, Table, read_table
from cjmap.util.textsafe import listing
from cjmap.workspace.corpus import ResolvedJourney


@dataclass(frozen=True, slots=True)
class Outcome:
    """The file an import would write: its path, bytes before (None: a new file) and after,
    the journey before and after (for the diff), and notes for the user."""

    path: Path
    display: str
    before: bytes | None
    after: bytes
    old: ResolvedJourney | None
    new: ResolvedJourney
    weights: FrictionWeights
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.before != self.after


def read_input(file: str, cwd: Path) -> bytes:
    """The bytes of the file to import; ImportProblem when it cannot be read."""
    from cjmap.util.fsutil import FileTooLarge, NotRegularFile, read_regular

    try:
        return read_regular(cwd / file, MAX_BYTES)
    except FileNotFoundError:
        raise ImportProblem(file, "no such file") from None
    except NotRegularFile as exc:
        raise ImportProblem(file, f"not a regular file: it is {exc.what}") from None
    except FileTooLarge:
        raise ImportProblem(file, f"the file is over {MAX_BYTES // 1024 // 1024} MiB") from None
    except OSError as exc:
        raise ImportProblem(file, f"cannot be read: {exc.strerror or exc}") from None


def encoded(raw: bytes, text: str) -> bytes:
    """The bytes of a changed file: UTF-8, with the byte-order mark the file had."""
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")


def rendered_table(resolved: ResolvedJourney, weights: FrictionWeights) -> Table:
    """The table ``render -f csv`` writes for a journey now (what "unchanged" means)."""
    from cjmap.analysis.run import analyze
    from cjmap.render.formats.csv import render_csv

    text = render_csv(resolved, analyze(resolved, weights))
    return read_table(text.encode("utf-8"), "(the current journey)")


def import_csv(
    file: str,
    *,
    cwd: Path,
    journey_path: str | None = None,
    delete: bool = False,
) -> Outcome:
    """``cjmap import csv FILE``: the journey file merged with the spreadsheet."""
    from cjmap.importer.spreadsheet import merge
    from cjmap.importer.workspace import find_journey, load_workspace, replaced
    from cjmap.importer.yamledit import edited_text
    from cjmap.render.formats.csv import columns

    table = read_table(read_input(file, cwd), file, known=columns([]))
    table.need(("journey", "stage_id", "touchpoint_id"), _CSV_HINT)
    ids = {row.cells["journey"].strip() for row in table.rows} - {""}
    if journey_path is None and len(ids) != 1:
        raise ImportProblem(
            file,
            "the 'journey' column names no journey" if not ids else
            f"the rows belong to {len(ids)} journeys ({listing(sorted(ids))}); "
            "import one journey's rows at a time, or name the file with --journey",
            column="journey",
        )  # fmt: skip
    corpus = load_workspace([journey_path] if journey_path else [], cwd)
    target = find_journey(corpus, next(iter(ids), None), journey_path, cwd)
    resolved = target.resolved()
    weights = corpus.config.friction.weights
    current = rendered_table(resolved, weights)
    result = merge(table, target.journey, current, delete=delete)
    text = target.text
    removed = result.missing if delete else []
    new_text, _ = edited_text(text, target.data, result.edits, target.doc.display, removed)
    notes = list(result.changed)
    if result.missing:
        verb = "removed" if delete else "kept (add --delete to remove them)"
        notes.append(
            f"{len(result.missing)} touchpoint(s) have no row in {file}, {verb}: "
            + ", ".join(result.missing)
        )
    if new_text == text:
        return Outcome(target.path, target.doc.display, target.raw, target.raw, resolved,
                       resolved, weights, tuple(notes))  # fmt: skip
    copy, doc = replaced(corpus, target.doc.display, new_text)
    return Outcome(
        target.path,
        target.doc.display,
        target.raw,
        encoded(target.raw, new_text),
        resolved,
        copy.resolve(doc),
        weights,
        tuple(notes),
    )


_CSV_HINT = " (cjmap import csv reads the layout cjmap render -f csv writes)"


def new_from_csv(file: str, journey_id: str, *, cwd: Path, journey_path: str | None) -> Outcome:
    """``cjmap import csv FILE --new ID``: a new journey file from a spreadsheet."""
    from cjmap.document.model import Persona
    from cjmap.importer.spreadsheet import new_journey
    from cjmap.importer.workspace import load_workspace, replaced
    from cjmap.importer.yamledit import write_tree
    from cjmap.render.formats.csv import columns
    from cjmap.workspace.corpus import display_name

    table = read_table(read_input(file, cwd), file, known=columns([]))
    path = cwd / (journey_path or f"{journey_id}.yaml")
    if path.exists():
        raise ImportProblem(
            display_name(path, cwd),
            "the file exists already; --new makes a new journey file (leave out --new to "
            "update this one)",
        )
    corpus = load_workspace([], cwd)
    scales = {
        (int(row.cells["scale_low"]), int(row.cells["scale_high"]))
        for row in table.rows
        if row.cells.get("scale_low", "").strip().lstrip("-").isdigit()
        and row.cells.get("scale_high", "").strip().lstrip("-").isdigit()
    }
    scale = next(iter(scales)) if len(scales) == 1 else None
    if scale is not None and scale == tuple(corpus.config.emotion_scale or (-2, 2)):
        scale = None
    known = {doc.model.id for doc in corpus.docs if isinstance(doc.model, Persona)}
    data = new_journey(table, journey_id, scale, known)
    text = write_tree(data)
    display = display_name(path, cwd)
    dropped = [
        c for c in ("evidence", "metrics") if any(r.cells.get(c, "").strip() for r in table.rows)
    ]
    copy, doc = replaced(corpus, display, text)
    notes = (
        f"new journey '{journey_id}' with {len(table.rows)} touchpoint(s)",
        *(
            f"the '{column}' column is not imported into a new journey (it names sources "
            "and metrics the journey does not define yet); add them in the YAML"
            for column in dropped
        ),
    )
    return Outcome(
        path,
        display,
        None,
        text.encode("utf-8"),
        None,
        copy.resolve(doc),
        corpus.config.friction.weights,
        notes,
    )


def import_mermaid(file: str, *, cwd: Path, journey_id: str | None) -> tuple[str, str]:
    """``cjmap import mermaid FILE``: the YAML of the journey a Mermaid diagram draws, and
    the name it is checked under. Raises ImportProblem when it does not validate."""
    from cjmap.document.model import DEFAULT_SCALE, Persona
    from cjmap.importer.mermaid import journey_data, parse
    from cjmap.importer.table import decode
    from cjmap.importer.workspace import load_workspace, replaced
    from cjmap.importer.yamledit import write_tree
    from cjmap.util.textsafe import escape_control

    diagram = parse(decode(read_input(file, cwd), file), file)
    corpus = load_workspace([], cwd)
    configured = corpus.config.emotion_scale
    scale = (configured[0], configured[1]) if configured else DEFAULT_SCALE
    known: dict[str, str] = {}
    for doc in corpus.docs:
        if isinstance(doc.model, Persona):
            known.setdefault(doc.model.id, doc.model.id)
            known.setdefault(doc.model.name, doc.model.id)
    data = journey_data(
        diagram,
        journey_id=journey_id,
        scale=scale,
        default_scale=configured is None,
        known_personas=known,
    )
    header = f"# Imported from the Mermaid journey {escape_control(Path(file).name)}"
    if diagram.acc_title and diagram.acc_title != data["title"]:
        header += f"\n# accTitle: {escape_control(diagram.acc_title)}"
    text = header + "\n" + write_tree(data)
    display = f"{data['id']}.yaml"
    replaced(corpus, display, text)
    return text, display


def import_metrics(
    file: str,
    *,
    cwd: Path,
    mapping_name: str | None,
    ignore_unmatched: bool = False,
) -> Outcome:
    """``cjmap import metrics FILE``: an analytics or survey export onto a journey's numbers,
    as the mapping under ``imports:`` in cjmap.yaml says."""
    from cjmap.importer.metrics import plan
    from cjmap.importer.workspace import find_journey, load_workspace, replaced
    from cjmap.importer.yamledit import edited_text
    from cjmap.workspace.files import CONFIG_NAME

    corpus = load_workspace([], cwd)
    name, mapping = _mapping(corpus.config.imports, mapping_name, file, cwd, corpus.root)
    config = f"{CONFIG_NAME} (imports: {name})"
    if not corpus.has_config:
        raise ImportProblem(file, f"no {CONFIG_NAME} found; its imports: say how to read it")
    columns = mapping.columns
    known = [c for c in (columns.touchpoint, columns.value, columns.metric, columns.persona,
                         columns.date, columns.n) if c]  # fmt: skip
    table = read_table(read_input(file, cwd), file, known=known)
    try:
        target = find_journey(corpus, mapping.journey, None, cwd)
    except ImportProblem as exc:
        raise ImportProblem(config, exc.message) from None
    resolved = target.resolved()
    personas: dict[str, str] = {}
    for persona in resolved.personas:
        personas[persona.id] = persona.id
        personas.setdefault(" ".join(persona.name.casefold().split()), persona.id)
    result = plan(
        table, mapping, target.journey, personas, resolved.scale, ignore_unmatched=ignore_unmatched
    )
    if result.unmatched:
        result.notes.append(
            f"{len(result.unmatched)} row(s) skipped, naming no touchpoint: rows "
            + ", ".join(str(n) for n in result.unmatched)
        )
    text = target.text
    new_text, _ = edited_text(text, target.data, result.edits, target.doc.display)
    weights = corpus.config.friction.weights
    if new_text == text:
        return Outcome(target.path, target.doc.display, target.raw, target.raw, resolved,
                       resolved, weights, tuple(result.notes))  # fmt: skip
    copy, doc = replaced(corpus, target.doc.display, new_text)
    after = encoded(target.raw, new_text)
    return Outcome(
        target.path, target.doc.display, target.raw, after, resolved, copy.resolve(doc),
        weights, tuple(result.notes),
    )  # fmt: skip


def _mapping(
    imports: dict[str, ImportMapping], name: str | None, file: str, cwd: Path, root: Path
) -> tuple[str, ImportMapping]:
    from cjmap.workspace.files import CONFIG_NAME

    if not imports:
        raise ImportProblem(
            CONFIG_NAME,
            "there is no imports: mapping; add one that says which columns of the export hold "
            "the touchpoint and the value (see docs/import.md)",
        )
    if name is not None:
        if name not in imports:
            raise ImportProblem(
                CONFIG_NAME,
                f"there is no mapping '{name}' under imports: (there are: {', '.join(imports)})",
            )
        return name, imports[name]
    wanted = (cwd / file).resolve()
    for key, mapping in imports.items():
        if mapping.file is not None and (root / mapping.file).resolve() == wanted:
            return key, mapping
    if len(imports) == 1:
        return next(iter(imports.items()))
    raise ImportProblem(
        file,
        f"no mapping under imports: in {CONFIG_NAME} names this file; choose one with "
        f"--mapping ({', '.join(imports)})",
    )
