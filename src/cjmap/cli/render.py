"""``cjmap render``: journey maps as HTML (default), Markdown, Mermaid, CSV or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cjmap.cli._options import check_format, format_option, paths_argument
from cjmap.render.formats import FORMATS, INDEX_NAMES

if TYPE_CHECKING:
    from cjmap.validate.run import Checked
    from cjmap.workspace.corpus import Doc


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument(
            "Journey files or folders to render. Default: every journey of the workspace."
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "html",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write to (default: site/ at the workspace root); '-' writes one "
            "journey to standard output.",
            metavar="DIR",
        ),
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            help="Label language for every map (en, ru, el, zh, cs), instead of each "
            "journey's own.",
            metavar="L",
        ),
    ] = None,
    templates: Annotated[
        str | None,
        typer.Option(
            "--templates",
            help="Folder of templates that override the built-in ones, file by file.",
            metavar="DIR",
        ),
    ] = None,
) -> int:
    """Render journey maps: one file per journey (<id>.html, .md, .mmd, .csv, .json) and an
    index for HTML and Markdown."""
    import sys
    from pathlib import Path

    from cjmap.cli._options import say, shown
    from cjmap.render.messages import LOCALES, label_locale
    from cjmap.render.output import blocking_errors, check_output_folder, check_outputs
    from cjmap.render.run import (
        Analyses,
        FileSetup,
        Options,
        RenderError,
        check_ids,
        file_jobs,
        filename,
        improved_journeys,
        preflight,
        render_files,
        render_job,
    )
    from cjmap.util.errors import UsageError
    from cjmap.util.fsutil import WriteRefused
    from cjmap.util.textsafe import escape_control
    from cjmap.validate.run import check_paths
    from cjmap.workspace.corpus import plan_corpus

    check_format(format, FORMATS)
    if locale is not None and label_locale(locale) is None:
        raise UsageError(
            f"no labels for locale '{escape_control(locale)}'; choose one of: {', '.join(LOCALES)}"
        )
    if templates is not None and not Path(templates).is_dir():
        raise UsageError(f"--templates {shown(templates)}: no such folder")
    if templates is not None and format != "html":
        say("cjmap: --templates only applies to --format html; ignored")

    cwd = Path.cwd()
    to_stdout = output == "-"
    folder = None if to_stdout else check_output_folder(paths or [], output, cwd)
    # Every file checked as `validate` checks it, keeping a few ids per document; then each
    # file read again and its pages written by one worker: the workspace's models are never
    # all in memory.
    plan = plan_corpus(list(paths or []), cwd=cwd)
    corpus = plan.corpus
    for skipped in corpus.skipped:
        say(f"cjmap: skipped {shown(skipped)}: the workspace's include/exclude globs leave it out")
    checked = check_paths([], cwd=cwd, plan=plan)
    errors = blocking_errors(checked, color=_stderr_color())
    if errors:
        sys.stderr.write(errors)
        say("cjmap: nothing rendered; fix the errors above first")
        return 1
    journeys = [
        (f.file, f.id or "")
        for f in checked.facts
        if f.valid and f.kind == "journey" and f.file in corpus.targets
    ]
    if not journeys:
        where = " ".join(shown(path) for path in paths) if paths else shown(corpus.root)
        raise UsageError(f"no journeys to render in {where}")
    options = Options(
        format=format,
        locale=locale,
        templates=templates if format == "html" else None,
        default_locale=corpus.config.locale,
        index=not to_stdout,
    )
    try:
        if folder is None:
            if len(journeys) > 1:
                raise UsageError(
                    f"-o - writes one journey to standard output, but {len(journeys)} journeys "
                    "were given; name one file, or write to a folder with -o DIR"
                )
            setup = FileSetup(
                options, "", corpus.config, checked.personas, improved_journeys(checked, format)
            )
            job = file_jobs(_docs_of(checked, journeys[0][0]), setup)[0]
            known = {Analyses.key(r): a for r, a in setup.improved.values()}
            result = render_job(job, options, Analyses(known))
            if result.note:
                say(f"cjmap: {escape_control(result.note)}")
            assert result.data is not None
            sys.stdout.buffer.write(result.data)
            sys.stdout.flush()
            return 0
        names = [filename(ident, format) for _, ident in journeys]
        index = INDEX_NAMES.get(format)
        read = {*corpus.targets, *plan.files, *(doc.display for doc in corpus.docs)}
        check_outputs(read, cwd, [*names, index] if index else names, folder)
        folder.mkdir(parents=True, exist_ok=True)
        check_ids(journeys, format)
        preflight(options)
        improved = improved_journeys(checked, format)
        setup = FileSetup(options, str(folder), corpus.config, checked.personas, improved)
        wanted = {file for file, _ in journeys}
        stdin = None
        if plan.stdin is not None and plan.stdin in wanted and checked.stdin is not None:
            from cjmap.document.load import load_bytes

            stdin = load_bytes(checked.stdin, plan.stdin, plan.limits)
        with _progress(len(journeys)) as progress:
            written = render_files(
                [job for job in plan.jobs() if job.name in wanted],
                setup,
                first=[doc for doc in corpus.docs if doc.display in wanted],
                stdin=stdin,
                progress=lambda done: progress(done, len(journeys)),
            )
    except (RenderError, WriteRefused) as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        # The output folder cannot be created or written (permissions, a full disk).
        where = shown(str(exc.filename or output or "the output folder"))
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from exc
    for item in written:
        if item.note:
            say(f"cjmap: {escape_control(item.note)}")
    from cjmap.workspace.corpus import display_name

    count = len(written)
    say(f"cjmap: wrote {count} file{'s' * (count != 1)} to {shown(display_name(folder, cwd))}/")
    return 0


def _docs_of(checked: Checked, file: str) -> list[Doc]:
    """The documents of one file of a checked workspace, read again."""
    from cjmap.document.load import load_bytes
    from cjmap.workspace.corpus import file_docs, read_file

    plan = checked.plan
    docs = [doc for doc in plan.corpus.docs if doc.display == file]
    if docs:
        return docs
    if file == plan.stdin and checked.stdin is not None:
        return file_docs(load_bytes(checked.stdin, file, plan.limits), report=False)[0]
    return file_docs(read_file(plan.files[file], file, plan.limits), report=False)[0]


class _progress:
    """A progress bar on standard error while journeys render, only on a terminal."""

    def __init__(self, total: int) -> None:
        import sys

        self.total = total
        self.bar: Any = None
        self.task: Any = None
        self.enabled = total > 1 and sys.stderr.isatty()

    def __enter__(self) -> _progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("rendering"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("render", total=self.total)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_color() -> bool:
    import os
    import sys

    if "NO_COLOR" in os.environ:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stderr.isatty()
