"""PDF and PNG: the HTML pages of a render, printed by a locally installed browser.

The journeys are first rendered as HTML (with their index) into a temporary folder, exactly
as ``-f html`` writes them; one headless browser (:mod:`cjmap.render.browser`) then prints
every page with the print stylesheet: PDF on the paper asked for, PNG as the whole page at two
device pixels per CSS pixel. Each file is written atomically as ``<id>.pdf`` or ``<id>.png``
(``index.pdf``, ``index.png`` for the index).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjmap.render.browser import Browser, PdfOptions
from cjmap.render.formats import FORMATS
from cjmap.render.run import Analyses, Job, Options, Rendered, render_job

DEFAULT_WIDTH = 1440
"""The CSS width of a PNG when ``--width`` is not given."""

MIN_WIDTH = 320
MAX_WIDTH = 8000
"""The ``--width`` range: a phone's width to a wall's (a PNG is twice as many pixels)."""


@dataclass(frozen=True, slots=True)
class Printing:
    """How to print: the browser to run, the PDF's paper and orientation, the PNG's width."""

    browser: str
    pdf: PdfOptions = dataclasses.field(default_factory=PdfOptions)
    width: int = DEFAULT_WIDTH


def _print(browser: Browser, page: Path, format: str, printing: Printing) -> bytes:
    if format == "pdf":
        return browser.pdf(page, printing.pdf)
    return browser.png(page, printing.width)


def _as_html(options: Options) -> Options:
    return dataclasses.replace(options, format="html")


def render_printed_one(
    job: Job, options: Options, printing: Printing, analyses: Analyses | None = None
) -> Rendered:
    """One journey printed (for standard output): nothing is written but a temporary page."""
    html = render_job(job, _as_html(options), analyses)
    assert html.data is not None
    with tempfile.TemporaryDirectory(prefix="cjmap-print-") as folder:
        page = Path(folder) / html.filename
        page.write_bytes(html.data)
        with Browser(printing.browser) as browser:
            data = _print(browser, page, options.format, printing)
    name = job.resolved.journey.id + FORMATS[options.format]
    return Rendered(html.id, name, data, None, html.note)


def render_printed(
    html_pages: Callable[[Path], Sequence[Rendered]],
    options: Options,
    folder: Path,
    printing: Printing,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[Rendered]:
    """Print every page that ``html_pages(into)`` writes as HTML into a temporary folder (the
    journeys, then the index) into ``folder`` (which must exist); return what was written, in
    the same order. One browser prints them all."""
    from cjmap.util.fsutil import atomic_write

    extension = FORMATS[options.format]
    written: list[Rendered] = []
    with tempfile.TemporaryDirectory(prefix="cjmap-print-") as temporary:
        pages = Path(temporary)
        html = html_pages(pages)
        total = len(html)
        with Browser(printing.browser) as browser:
            for done, page in enumerate(html, 1):
                data = _print(browser, pages / page.filename, options.format, printing)
                name = Path(page.filename).stem + extension
                # The output folder is cjmap's: a link left in it is replaced.
                atomic_write(folder / name, data, links="replace", durable=False)
                written.append(Rendered(page.id, name, None, None, page.note))
                if progress is not None:
                    progress(done, total)
    return written
