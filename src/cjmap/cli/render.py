"""``cjmap render``: journey maps as HTML (default), Markdown, Mermaid, CSV or JSON, or as
PDF and PNG printed by a locally installed browser."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cjmap.cli._options import check_format, format_option, paths_argument
from cjmap.render.formats import FORMATS


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
    import sys
    from pathlib import Path

    from cjmap.cli._options import say, shown
    from cjmap.render.browser import BrowserError
    from cjmap.render.messages import LOCALES, label_locale
    from cjmap.render.output import (
        check_inputs,
        check_output_folder,
        load_for_render,
        report_errors,
    )
    from cjmap.render.run import (
        Options,
        RenderError,
        jobs_for,
        output_names,
        render_job,
        render_to_folder,
    )
    from cjmap.util.errors import UsageError
    from cjmap.util.fsutil import WriteRefused
    from cjmap.util.textsafe import escape_control

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
    folder = None if to_stdout else check_output_folder(paths or [], output, cwd)
    corpus = load_for_render(paths or [], cwd)
    for skipped in corpus.skipped:
        say(f"cjmap: skipped {shown(skipped)}: the workspace's include/exclude globs leave it out")
    errors = report_errors(corpus, color=_stderr_color())
    if errors:
        sys.stderr.write(errors)
        say("cjmap: nothing rendered; fix the errors above first")
        return 1
    jobs = jobs_for(corpus)
    if not jobs:
        where = " ".join(shown(path) for path in paths) if paths else shown(corpus.root)
        raise UsageError(f"no journeys to render in {where}")
    options = Options(
        format=format,
        locale=locale,
        templates=templates if format in {"html", *PRINTED} else None,
        default_locale=corpus.config.locale,
        index=not to_stdout,
    )
    try:
        if folder is None:
            if len(jobs) > 1:
                raise UsageError(
                    f"-o - writes one journey to standard output, but {len(jobs)} journeys "
                    "were given; name one file, or write to a folder with -o DIR"
                )
            if printing is not None:
                from cjmap.render.formats.printed import render_printed_one

                result = render_printed_one(jobs[0], options, printing)
            else:
                result = render_job(jobs[0], options)
            if result.note:
                say(f"cjmap: {escape_control(result.note)}")
            assert result.data is not None
            sys.stdout.buffer.write(result.data)
            sys.stdout.flush()
            return 0
        check_inputs(corpus, cwd, output_names(jobs, format), folder)
        folder.mkdir(parents=True, exist_ok=True)
        with _progress(len(jobs)) as progress:
            if printing is not None:
                from cjmap.render.formats.printed import render_printed

                written = render_printed(jobs, options, folder, printing, progress=progress)
            else:
                written = render_to_folder(jobs, options, folder, progress=progress)
    except (RenderError, WriteRefused, BrowserError) as exc:
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
