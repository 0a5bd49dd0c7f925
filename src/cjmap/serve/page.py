"""What ``cjmap serve`` adds to a rendered page as it serves it, never to ``render``'s files.

A small script (allowed by its hash, with ``connect-src 'self'`` for the event stream) learns
of every rebuild and swaps in the new page body, keeping the scroll position; an overlay lists
the workspace's errors as ``cjmap validate`` prints them, over the last good render.
"""

from __future__ import annotations

import html
import re

BASE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"
"""The policy of what serve makes itself (the page of a journey that is gone, 404s)."""

EVENTS_PATH = "/_cjmap/events"
"""The Server-Sent Events stream that tells open pages a rebuild happened."""

SCRIPT = """\
(function () {
  "use strict";
  function box() { return document.getElementById("cjmap-serve"); }
  function version() { var b = box(); return b ? b.getAttribute("data-version") : null; }
  function styleOf(doc) { var s = doc.querySelector("head style"); return s ? s.textContent : ""; }
  var busy = false, again = false, latest = null;
  function update() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, {cache: "no-store"}).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var x = window.scrollX, y = window.scrollY;
      if (styleOf(doc) !== styleOf(document)) {
        sessionStorage.setItem("cjmap-scroll", JSON.stringify([x, y]));
        location.reload();
        return;
      }
      document.title = doc.title;
      document.documentElement.lang = doc.documentElement.lang;
      document.body.replaceWith(document.adoptNode(doc.body));
      window.scrollTo(x, y);
    }).catch(function () {
      // The server is restarting, or the network is down: try again soon.
      setTimeout(function () { if (String(latest) !== version()) { update(); } }, 1000);
    }).then(function () {
      busy = false;
      if (again) { again = false; update(); }
    });
  }
  var saved = sessionStorage.getItem("cjmap-scroll");
  if (saved) {
    sessionStorage.removeItem("cjmap-scroll");
    window.addEventListener("load", function () {
      var at = JSON.parse(saved);
      window.scrollTo(at[0], at[1]);
    });
  }
  var source = new EventSource("/_cjmap/events");
  source.onmessage = function (event) {
    latest = JSON.parse(event.data).version;
    if (String(latest) !== version()) { update(); }
  };
})();
"""

STYLE = """\
#cjmap-serve .cjmap-overlay{position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;\
overflow:auto;z-index:2147483647;background:#fff8f7;color:#3b0a06;border:2px solid #b3261e;\
border-radius:6px;padding:.75rem 1rem;box-shadow:0 4px 24px rgba(0,0,0,.3);\
font:14px/1.4 system-ui,sans-serif}
#cjmap-serve .cjmap-overlay h2{margin:0 0 .25rem;font-size:1rem}
#cjmap-serve .cjmap-overlay p{margin:0 0 .5rem}
#cjmap-serve .cjmap-overlay pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;\
font:13px/1.4 ui-monospace,monospace}
@media (prefers-color-scheme:dark){#cjmap-serve .cjmap-overlay{background:#2b0b09;\
color:#ffdad6;border-color:#ffb4ab}}
@media print{#cjmap-serve{display:none}}
"""

LABELS = {
    "en": ("cjmap found problems", "The map below is the last one that rendered."),
    "ru": ("cjmap нашёл ошибки", "Ниже показана последняя карта, которая построилась."),
    "el": ("Το cjmap βρήκε προβλήματα", "Ο χάρτης παρακάτω είναι ο τελευταίος που αποδόθηκε."),
    "zh": ("cjmap 发现了问题", "下面显示的是最后一次成功生成的地图。"),
    "cs": ("cjmap našel problémy", "Níže je poslední mapa, kterou se podařilo vykreslit."),
}
"""The overlay's title and note, by label locale (English for any other locale)."""

_CSP = re.compile(
    r'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE
)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]*)"', re.IGNORECASE)


def served_policy(policy: str) -> str:
    """A page's Content-Security-Policy with the overlay's style and the reload script
    allowed by their hashes, and the event stream by ``connect-src 'self'``."""
    from cjmap.render.formats.html import source_hash

    directives = [part.strip() for part in policy.split(";") if part.strip()]
    added = {
        "style-src": source_hash(STYLE),
        "script-src": source_hash(SCRIPT),
        "connect-src": "'self'",
    }
    out = []
    for directive in directives:
        name = directive.split(None, 1)[0].lower()
        out.append(f"{directive} {added.pop(name)}" if name in added else directive)
    out.extend(f"{name} {value}" for name, value in added.items())
    return "; ".join(out)


def meta_policy(page: str) -> str | None:
    """The policy in a page's ``<meta>`` tag (None when it has none): served as a header
    too, so that it holds from the first byte."""
    found = _CSP.search(page)
    return html.unescape(found.group(2)) if found else None


def label_locale_of(page: str) -> str:
    """The locale of a page's labels, from its ``<html lang>``."""
    from cjmap.render.messages import DEFAULT_LOCALE, label_locale

    found = _LANG.search(page[:2000])
    return label_locale(html.unescape(found.group(1)) if found else None) or DEFAULT_LOCALE


def overlay(version: int, report: str | None, locale: str) -> str:
    """The element the script keeps up to date: the build's version, and the findings (the
    text ``cjmap validate`` prints, escaped) when there are any."""
    if not report:
        return f'<div id="cjmap-serve" data-version="{version}"></div>'
    title, note = LABELS.get(locale, LABELS["en"])
    return (
        f'<div id="cjmap-serve" data-version="{version}">'
        '<section class="cjmap-overlay" role="alert" aria-labelledby="cjmap-serve-title">'
        f'<h2 id="cjmap-serve-title">{html.escape(title)}</h2>'
        f"<p>{html.escape(note)}</p>"
        f"<pre>{html.escape(report)}</pre></section></div>"
    )


def served_page(page: str, version: int, report: str | None) -> str:
    """A rendered page as ``cjmap serve`` serves it: its policy extended, the overlay's style
    and the script in its head, the overlay first in its body."""
    locale = label_locale_of(page)
    found = _CSP.search(page)
    if found is not None:
        policy = served_policy(html.unescape(found.group(2)))
        page = page[: found.start(2)] + html.escape(policy) + page[found.end(2) :]
    head = f"<style>{STYLE}</style><script>{SCRIPT}</script>"
    end = _HEAD_END.search(page)
    page = page[: end.start()] + head + page[end.start() :] if end else head + page
    box = overlay(version, report, locale)
    body = _BODY.search(page)
    if body is None:
        return page + box
    return page[: body.end()] + box + page[body.end() :]


def missing_page(name: str, version: int, report: str | None) -> str:
    """The page served for a journey page that is gone (its file deleted or its id changed):
    it links to the index and comes back by itself when the page does."""
    from cjmap.util.textsafe import escape_control

    text = (
        '<!DOCTYPE html>\n<html lang="en"><head>'
        '<meta http-equiv="Content-Security-Policy" content="'
        + html.escape(BASE_POLICY)
        + '"><meta charset="utf-8"><title>cjmap serve</title></head><body>'
        f"<p>{html.escape(escape_control(name))} is not one of the journeys of the workspace "
        'now. <a href="/">All journeys</a></p></body></html>\n'
    )
    return served_page(text, version, report)
