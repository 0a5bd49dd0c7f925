"""Stage 5 of fmt (verify): nothing was lost, and cjmap reads the result as it read the
input."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cjmap.fmt.errors import FormatError
from cjmap.fmt.keys import _KINDS, DOCUMENT_KINDS
from cjmap.fmt.scan import _Source, canonical_comment

if TYPE_CHECKING:
    from cjmap.document.load import LoadedFile

# --- proving nothing was lost --------------------------------------------------------------


def _verify(source: _Source, output_source: _Source) -> None:
    """Raise FormatError unless the output has the same comments as the input."""
    before = Counter(canonical_comment(comment.text) for comment in source.comments)
    after = Counter(canonical_comment(comment.text) for comment in output_source.comments)
    if before != after:
        lost = before - after
        where = next((c for c in source.comments if canonical_comment(c.text) in lost), None)
        raise FormatError(
            "formatting would lose or duplicate a comment, so the file was left untouched",
            where.line + 1 if where else None,
            where.column + 1 if where else None,
        )


# --- what cjmap reads ---------------------------------------------------------------------

MAX_NODES = 300_000
"""The most values (keys, list items, texts, numbers, aliases) fmt takes in one file.

The round-trip library costs about 0.15 ms per value, so an 8 MiB file of tiny values (four
million items of a flow list) took 412 s and 4 GB; at this limit the slowest file measured
(docs/fmt.md, Limits) takes about a minute for ``--check``. A journey of 10,000 touchpoints
holds about 276,000."""


def _events(text: str) -> Iterator[Any]:
    """The parser's events for ``text``: the C parser's, or the pure-Python one's without it."""
    from cjmap.document.load import _c_parser, _pure_events

    parser = _c_parser()
    return iter(parser(text).get_event, None) if parser else _pure_events(text)


def _count_nodes(text: str, *, keep: bool = False) -> list[Any] | None:
    """Refuse a file with more than :data:`MAX_NODES` values, or nested too deeply.

    It streams the C parser's events (a few hundred thousand a second) and stops at the
    limit, so even an 8 MiB file of four million values is refused in a fraction of a second.
    A syntax error stops the count: reading the file with cjmap's loader reports it. With
    ``keep``, it returns the events of a text it read to the end (the fast check of
    :mod:`cjmap.fmt.quick` reads them again instead of parsing the text once more).
    """
    from cjmap.document.load import DEFAULT_MAX_DEPTH

    events = _events(text)
    kept: list[Any] | None = [] if keep else None
    nodes = depth = 0
    try:
        for event in events:
            if kept is not None:
                kept.append(event)
            name = type(event).__name__
            if name == "StreamEndEvent":
                return kept
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > DEFAULT_MAX_DEPTH:
                    return None  # cjmap's loader refuses it just after, in the words validate uses
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
                continue
            elif name not in ("ScalarEvent", "AliasEvent"):
                continue
            nodes += 1
            if nodes > MAX_NODES:
                mark = event.start_mark
                raise FormatError(
                    f"the file holds more than {MAX_NODES:,} values (keys, list items and "
                    "texts), the most fmt formats in one file, so it was left untouched; "
                    "split it into several files",
                    mark.line + 1,
                    mark.column + 1,
                )
    except FormatError:
        raise
    except Exception:  # a syntax error, or a character the reader refuses
        return None  # reported by cjmap's loader, with its place and a hint, just after
    return None


# What fmt may pass over among the problems cjmap's loader reports: the documents it reads
# are complete, and fmt keeps the file as empty as it is.
_HARMLESS = frozenset({"empty-file"})


def _read_as_cjmap(text: str) -> LoadedFile:
    """``text`` as cjmap reads it; FormatError where cjmap would not read it whole."""
    from cjmap.document.load import load_text

    loaded = load_text(text, "")
    for problem in loaded.problems:
        if problem.rule not in _HARMLESS:
            message = problem.message
            if problem.rule == "yaml-syntax" and not message.startswith("YAML syntax"):
                message = f"YAML syntax: {message}"
            if problem.hint:
                message += f" (hint: {problem.hint})"
            raise FormatError(message, problem.span.line, problem.span.column)
    return loaded


def _same_as_cjmap_reads(before: LoadedFile, output: str) -> None:
    """Raise FormatError unless cjmap reads ``output`` as the same data as ``before``.

    The data is compared exactly: the same types (an integer is not a float, a text is not a
    number), numbers and texts, the same items in the same order. Key order counts too, but
    in the mappings fmt puts in canonical order (a journey's, a stage's, ...).
    """
    from cjmap.document.load import load_text

    after = load_text(output, "")
    problems = [problem for problem in after.problems if problem.rule not in _HARMLESS]
    if not problems and len(after.documents) == len(before.documents):
        for old, new in zip(before.documents, after.documents, strict=True):
            path = _difference(old.data, new.data, _document_kind(old.data), (), set())
            if path is not None:
                break
        else:
            return
        span = before.locate(old.index, path, at_key=False)
        shown = _show(_at(old.data, path)), _show(_at(new.data, path))
        raise FormatError(
            f"formatting would change what cjmap reads here ({shown[0]} would become "
            f"{shown[1]}), so the file was left untouched; please report this as a bug in "
            "cjmap (putting the value in quotes, if it is text, lets fmt format the file)",
            span.line,
            span.column,
        )
    raise FormatError(
        "formatting would change what cjmap reads in this file, so it was left untouched; "
        "please report this as a bug in cjmap"
    )


def _document_kind(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) and kind in DOCUMENT_KINDS else None


_MISSING: Any = object()


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _show(value: Any) -> str:
    """A value as a message shows it: short, its type visible, control characters escaped."""
    from cjmap.util.textsafe import escape_control

    if value is _MISSING:
        return "nothing"
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str):
        shown = f"the text '{value[:40]}{'…' if len(value) > 40 else ''}'"
    elif isinstance(value, bool) or value is None:
        shown = "null" if value is None else str(value).lower()
    elif isinstance(value, int) and value.bit_length() > 128:
        # Never str() a huge number: Python refuses more than 4,300 digits.
        shown = f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    else:
        shown = f"the number {value!r}"
    return escape_control(shown)


def _difference(
    a: Any, b: Any, kind: str | None, path: tuple[str | int, ...], seen: set[tuple[int, int]]
) -> tuple[str | int, ...] | None:
    """The path of the first place where ``a`` and ``b`` differ as data, or None.

    Types count (True is not 1, 1 is not 1.0), a NaN equals a NaN, and parts shared through
    aliases are compared once. ``kind`` is the kind of mapping ``a`` is (None when fmt keeps
    its key order).
    """
    if type(a) is not type(b):
        return path
    if isinstance(a, float):
        return None if a == b or (math.isnan(a) and math.isnan(b)) else path
    if not isinstance(a, dict | list):
        return None if a == b else path
    pair = (id(a), id(b))
    if pair in seen:
        return None
    seen.add(pair)
    if isinstance(a, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _difference(x, y, None, (*path, index), seen)
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    order = [key for key in a if key not in b] or [key for key in b if key not in a]
    if order:
        return (*path, order[0])
    if kind is None and list(a) != list(b):
        return path
    children = _KINDS[kind].children if kind is not None else {}
    for key, value in a.items():
        item_kind = children.get(key)
        other = b[key]
        if item_kind is not None and isinstance(value, list) and isinstance(other, list):
            if len(value) != len(other):
                return (*path, key)
            for index, (x, y) in enumerate(zip(value, other, strict=True)):
                found = _difference(
                    x, y, item_kind if isinstance(x, dict) else None, (*path, key, index), seen
                )
                if found is not None:
                    return found
            continue
        found = _difference(value, other, None, (*path, key), seen)
        if found is not None:
            return found
    return None
