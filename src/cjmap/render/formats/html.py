"""HTML pages: one self-contained page per journey and an index, from Jinja templates.

Security rules (see docs/templates.md): autoescape is on for every template, whatever its
name; journey text reaches templates only as data, never as template source, never marked
safe, never inside ``<style>``; embedded data goes through ``|tojson``; links are kept only
with an http, https or mailto scheme. The page loads nothing: its stylesheet is inline and
allowed by its hash in a Content-Security-Policy that forbids everything else.
"""

from __future__ import annotations

import base64
import hashlib
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cjmap.render.context import IndexView, JourneyView
from cjmap.render.escape import safe_url
from cjmap.render.messages import Formatter
from cjmap.render.run import TemplateProblem

if TYPE_CHECKING:
    import jinja2

JOURNEY_TEMPLATE = "journey.html.j2"
INDEX_TEMPLATE = "index.html.j2"
STYLESHEET = "style.css"
PORTFOLIO_SCRIPT = "portfolio.js"


@dataclass(frozen=True, slots=True)
class Page:
    """What every page template gets as ``page``."""

    lang: str
    csp: str
    css: Any
    index_href: str | None
    data: Mapping[str, Any]
    script: Any = None


def source_hash(block: str) -> str:
    """The CSP source that allows one inline ``<style>`` or ``<script>`` block."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(styles: Sequence[str], scripts: Sequence[str] = ()) -> str:
    """A policy that allows the given inline styles and scripts, by hash, and nothing else."""

    def hashes(blocks: Sequence[str]) -> str:
        return " ".join(source_hash(b) for b in blocks)

    parts = ["default-src 'none'"]
    if styles:
        parts.append(f"style-src {hashes(styles)}")
    if scripts:
        parts.append(f"script-src {hashes(scripts)}")
    parts += ["base-uri 'none'", "form-action 'none'"]
    return "; ".join(parts)


@lru_cache(maxsize=8)
def environment(templates: str | None = None) -> jinja2.Environment:
    """The Jinja environment: ``templates`` (a folder) first, then the built-in templates.

    Autoescape is set to True, not ``select_autoescape``, which would miss ``*.html.j2``.
    """
    import jinja2
    from markupsafe import Markup

    from cjmap.util.textsafe import holds_hidden, show_hidden

    def visible(value: Any) -> Any:
        # Every value a template writes, before escaping: control characters and
        # noncharacters shown as escapes (``\x1b``), never raw in the page. Markup (our own
        # HTML, whose JSON already escapes them) keeps its kind; a macro's output, Markup
        # made of values already shown here, is searched, not copied.
        if isinstance(value, Markup):
            if not holds_hidden(value):
                return value
            return Markup(show_hidden(str(value)))  # noqa: S704 - only adds '\\' and hex
        if isinstance(value, str):
            return show_hidden(value)
        return value

    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders.append(jinja2.PackageLoader("cjmap.render", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=visible,
    )
    env.filters["safe_url"] = safe_url
    env.policies["json.dumps_function"] = _json_text
    env.policies["json.dumps_kwargs"] = {}
    return env


def _json_text(data: Any, **_: Any) -> str:
    """The page's JSON data: UTF-8 kept, key order kept, controls and noncharacters as
    ``\\u`` escapes (Jinja's ``tojson`` then escapes ``<``, ``>``, ``&`` and ``'``)."""
    from cjmap.util.textsafe import json_dumps

    return json_dumps(data, indent=None)


def _render(templates: str | None, name: str, context: Mapping[str, Any]) -> str:
    import jinja2

    try:
        return environment(templates).get_template(name).render(context)
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise _problem(exc, name) from exc


def _stream(templates: str | None, name: str, context: Mapping[str, Any]) -> Iterator[bytes]:
    """:func:`_render` as UTF-8 pieces of about 64 KiB, made as they are written: a page
    as long as an index of thousands of journeys is never whole in memory."""
    import jinja2

    try:
        pieces: list[str] = []
        size = 0
        for piece in environment(templates).get_template(name).generate(context):
            pieces.append(piece)
            size += len(piece)
            if size >= _PIECE:
                yield "".join(pieces).encode("utf-8")
                pieces, size = [], 0
        yield "".join(pieces).encode("utf-8")
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise _problem(exc, name) from exc


_PIECE = 64 * 1024


def _problem(exc: Exception, name: str) -> TemplateProblem:
    """A template's failure (in its syntax, a missing file, or an error while it renders),
    said with the template file and line."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        return TemplateProblem(f"template {where}: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateProblem(f"template {exc.name} not found")
    return TemplateProblem(f"template {_where(exc, name)}: {exc}")


def _where(exc: BaseException, fallback: str) -> str:
    """The template file and line an error happened at (Jinja keeps them in the traceback)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".html", ".css", ".svg")):
            return f"{frame.filename}:{frame.lineno}"
    return fallback


def stylesheet(templates: str | None = None) -> str:
    """The stylesheet every page carries inline (no journey text ever goes into it)."""
    return _render(templates, STYLESHEET, {})


def portfolio_script(templates: str | None = None) -> str:
    """The index's one script: sorting and filtering of the portfolio (no journey text ever
    goes into it; it reads the table)."""
    return _render(templates, PORTFOLIO_SCRIPT, {})


def _page(
    lang: str,
    css: str,
    index_href: str | None,
    data: Mapping[str, Any],
    script: str | None = None,
) -> Page:
    from markupsafe import Markup

    return Page(
        lang=lang,
        csp=content_security_policy([css], [script] if script is not None else []),
        # Our own stylesheet and script, not journey text: they must reach <style> and
        # <script> unescaped, and the policy above allows exactly these bytes.
        css=Markup(css),  # noqa: S704
        index_href=index_href,
        data=data,
        script=None if script is None else Markup(script),  # noqa: S704
    )


def render_journey(
    view: JourneyView,
    fmt: Formatter,
    *,
    lang: str,
    index_href: str | None = "index.html",
    templates: str | None = None,
) -> str:
    """The HTML page of one journey."""
    css = stylesheet(templates)
    data = {"journey": view.id, "analysis": view.analysis}
    context = {"page": _page(lang, css, index_href, data), "t": fmt.labels, "fmt": fmt, "j": view}
    return _render(templates, JOURNEY_TEMPLATE, context)


def render_index(
    view: IndexView, fmt: Formatter, *, lang: str, templates: str | None = None
) -> str:
    """The HTML index of the journeys rendered together."""
    return b"".join(stream_index(view, fmt, lang=lang, templates=templates)).decode("utf-8")


def stream_index(
    view: IndexView, fmt: Formatter, *, lang: str, templates: str | None = None
) -> Iterator[bytes]:
    """:func:`render_index` in UTF-8 pieces, made as they are written (with thousands of
    journeys the portfolio makes the index tens of megabytes long)."""
    css = stylesheet(templates)
    data = {"journeys": [entry.id for entry in view.journeys]}
    page = _page(lang, css, None, data, portfolio_script(templates))
    context = {"page": page, "t": fmt.labels, "fmt": fmt, "index": view}
    return _stream(templates, INDEX_TEMPLATE, context)
