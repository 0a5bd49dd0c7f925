"""``cjmap render``: journey maps as HTML (default), Markdown, Mermaid, CSV or JSON, or as
PDF and PNG printed by a locally installed browser."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cjmap.cli._options import (
    check_format,
    format_option,
    locale_option,
    paths_argument,
    templates_option,
)
from cjmap.render.formats import FORMATS, INDEX_NAMES


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
    locale: Annotated[str | None, locale_option()] = None,
    templates: Annotated[str | None, templates_option()] = None,
    paper: Annotated[
        str | None,
        typer.Option(
            "--paper",
            help="PDF paper size: A4, A3 (default), A2, A1, letter or tabloid.",
            metavar="SIZE",
        ),
    ] = None,
    orientation: Annotated[
        str | None,
        typer.Option(
            "--orientation",
            help="PDF orientation: landscape (default) or portrait.",
            metavar="O",
        ),
    ] = None,
    width: Annotated[
        str | None,
        typer.Option(
            "--width",
            help="PNG width in CSS pixels (default 1440); the image has twice as many pixels.",
            metavar="PX",
        ),
    ] = None,
    with_history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Draw each journey's friction over its git history on the index (HTML, PDF, "
            "PNG); needs a git repository.",
        ),
    ] = False,
    browser: Annotated[
        str | None,
        typer.Option(
            "--browser",
            help="Chromium, Chrome or Edge to print PDF and PNG with (default: $CJMAP_BROWSER, "
            "then the one installed).",
            metavar="PATH",
        ),
    ] = None,
) -> int:
    """Render journey maps: one file per journey (<id>.html, .md, .mmd, .csv, .json, .pdf,
    .png) and an index for HTML, Markdown, PDF and PNG. PDF and PNG are printed by a locally
    installed Chromium, Chrome or Edge."""
    import dataclasses
    import sys
    from collections.abc import Callable
    from pathlib import Path

    from cjmap.cli._options import say, shown
    from cjmap.render.messages import LOCALES, label_locale
    from cjmap.render.output import blocking_errors, check_output_folder, check_outputs
    from cjmap.render.run import (
        FileSetup,
        Options,
        Rendered,
        RenderError,
        check_ids,
        docs_of,
        file_jobs,
        filename,
        improved_journeys,
        preflight,
        render_files,
        render_job,
        sub_figures,
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
    from cjmap.render.formats import PRINTED

    if templates is not None and format not in {"html", *PRINTED}:
        say("cjmap: --templates only applies to --format html, pdf and png; ignored")
    printing = _printing(format, paper, orientation, width, browser) if format in PRINTED else None

    cwd = Path.cwd()
    to_stdout = output == "-"
    if with_history and (format not in {"html", *PRINTED} or to_stdout):
        raise UsageError(
            "--history draws the trend lines on the index page: use it with --format html, pdf "
            "or png, writing to a folder"
        )
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
    trends: tuple[Any, ...] = ()
    if with_history:
        from cjmap.history.run import SHALLOW_NOTE, history
        from cjmap.render.trend import trends_of

        past = history(list(paths or []), cwd=cwd)
        if past.shallow:
            say(SHALLOW_NOTE)
        trends = trends_of(past)
    options = Options(
        format=format,
        locale=locale,
        templates=templates if format in {"html", *PRINTED} else None,
        default_locale=corpus.config.locale,
        index=not to_stdout,
        trends=trends,
    )
    # PDF and PNG print the HTML pages: those are rendered first, as -f html renders them.
    html = "html" if printing is not None else format
    html_options = dataclasses.replace(options, format=html)
    refused: tuple[type[Exception], ...] = (RenderError, WriteRefused)
    if printing is not None:
        # Only a print starts the browser: other formats need not import its module.
        from cjmap.render.browser import BrowserError

        refused += (BrowserError,)
    try:
        if folder is None:
            if len(journeys) > 1:
                raise UsageError(
                    f"-o - writes one journey to standard output, but {len(journeys)} journeys "
                    "were given; name one file, or write to a folder with -o DIR"
                )
            subs = sub_figures(checked)
            setup = FileSetup(
                html_options,
                "",
                corpus.config,
                checked.personas,
                improved_journeys(checked, html),
                subs,
            )
            job = file_jobs(docs_of(checked, journeys[0][0]), setup)[0]
            if printing is not None:
                from cjmap.render.formats.printed import render_printed_one

                result = render_printed_one(job, options, printing, setup.analyses())
            else:
                result = render_job(job, options, setup.analyses())
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
        preflight(html_options)
        subs = sub_figures(checked)
        improved = improved_journeys(checked, html)
        wanted = {file for file, _ in journeys}
        stdin = None
        if plan.stdin is not None and plan.stdin in wanted and checked.stdin is not None:
            from cjmap.document.load import load_bytes

            stdin = load_bytes(checked.stdin, plan.stdin, plan.limits)

        def pages(into: Path, progress: Callable[[int], None] | None = None) -> list[Rendered]:
            setup = FileSetup(
                html_options, str(into), corpus.config, checked.personas, improved, subs
            )
            return render_files(
                [job for job in plan.jobs() if job.name in wanted],
                setup,
                first=[doc for doc in corpus.docs if doc.display in wanted],
                stdin=stdin,
                progress=progress,
            )

        with _progress(len(journeys)) as progress:
            if printing is not None:
                from cjmap.render.formats.printed import render_printed

                written = render_printed(pages, options, folder, printing, progress=progress)
            else:
                written = pages(folder, lambda done: progress(done, len(journeys)))
    except refused as exc:
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


def _printing(
    format: str, paper: str | None, orientation: str | None, width: str | None, browser: str | None
) -> Any:
    """How to print PDF or PNG, from the options; a usage error for a bad value."""
    from cjmap.cli._options import say
    from cjmap.render.browser import PAPERS, BrowserError, PdfOptions, find_browser
    from cjmap.render.formats.printed import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, Printing
    from cjmap.util.errors import UsageError
    from cjmap.util.textsafe import escape_control

    sizes = {name.casefold(): name for name in PAPERS}
    chosen = sizes.get((paper or "A3").casefold())
    if chosen is None:
        raise UsageError(
            f"--paper {escape_control(paper or '')}: unknown paper size; choose one of: "
            f"{', '.join(PAPERS)}"
        )
    turned = (orientation or "landscape").casefold()
    if turned not in {"landscape", "portrait"}:
        raise UsageError(
            f"--orientation {escape_control(orientation or '')}: choose landscape or portrait"
        )
    pixels = DEFAULT_WIDTH
    if width is not None:
        text = width.strip()
        if not text.isascii() or not text.isdigit() or not MIN_WIDTH <= int(text) <= MAX_WIDTH:
            raise UsageError(
                f"--width {escape_control(width)}: give a whole number of CSS pixels from "
                f"{MIN_WIDTH} to {MAX_WIDTH}, such as 1440"
            )
        pixels = int(text)
    if format == "png" and (paper is not None or orientation is not None):
        say("cjmap: --paper and --orientation only apply to --format pdf; ignored")
    if format == "pdf" and width is not None:
        say("cjmap: --width only applies to --format png; ignored")
    try:
        executable = find_browser(browser)
    except BrowserError as exc:
        raise UsageError(str(exc)) from exc
    return Printing(executable, PdfOptions(chosen, turned == "landscape"), pixels)


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
            # PDF and PNG also print the index: the total can be one more than the journeys.
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_color() -> bool:
    import os
    import sys

    if "NO_COLOR" in os.environ:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stderr.isatty()
