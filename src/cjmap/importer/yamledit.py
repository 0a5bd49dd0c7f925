"""Editing a journey's YAML in place: ruamel.yaml's round trip, and the proof that nothing
else changed.

The file is read into ruamel's round-trip tree (comments, key order, quoting and flow style
kept), the import's edits are applied to it and, separately, to the plain data cjmap's own
loader reads from the file. The result is written only when cjmap's loader reads it as
exactly that intended data (same types, same order), every comment of the file is still
there (found by ``cjmap fmt``'s own scanner, which never takes a ``#`` in a string for one),
and the journey still validates (the caller checks that).
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

from cjmap.importer.errors import ImportProblem

Edit = Callable[[Any], None]
"""One change, applied alike to the round-trip tree and to the plain data: both are made of
dicts and lists."""

_NO_WRAP = 1 << 30


def round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_WRAP
    yaml.default_flow_style = False
    return yaml


def read_tree(text: str, file: str) -> Any:
    """The round-trip tree of a one-document YAML text."""
    from ruamel.yaml.error import YAMLError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return round_trip_yaml().load(text)
    except YAMLError as exc:
        raise ImportProblem(file, f"the YAML cannot be read: {str(exc).splitlines()[0]}") from None


def write_tree(tree: Any, explicit_start: bool = False) -> str:
    yaml = round_trip_yaml()
    yaml.explicit_start = explicit_start
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def edited_text(
    text: str, data: Any, edits: list[Edit], file: str, removed: list[str] | None = None
) -> tuple[str, Any]:
    """``text`` with ``edits`` applied, and the data cjmap must read from it.

    ``data`` is what cjmap's loader reads from ``text`` (it is not changed). Raises
    ImportProblem when the result would not read back as intended or loses a comment."""
    import copy

    if not edits:
        return text, data
    intended = copy.deepcopy(data)
    tree = read_tree(text, file)
    # Before the edits, which take the removed touchpoints out of the tree.
    may_lose = _comments_inside(tree, text, removed or [])
    for edit in edits:
        edit(intended)
        edit(tree)
    body = text.removeprefix("\ufeff")
    explicit = body.lstrip().startswith("---")
    result = write_tree(tree, explicit)
    if "\r\n" in text:
        result = result.replace("\n", "\r\n")
    if text.startswith("\ufeff"):
        result = "\ufeff" + result
    prove(text, result, intended, file, may_lose)
    return result, intended


def _comments_inside(tree: Any, text: str, touchpoints: list[str]) -> Counter[str]:
    """The comments on the lines of the touchpoints with these ids (they go with them)."""
    from cjmap.fmt.scan import _scan, canonical_comment

    if not touchpoints:
        return Counter()
    ranges: list[tuple[int, int]] = []
    for stage in tree["stages"]:
        items: Any = stage.get("touchpoints") or []
        for index, tp in enumerate(items):
            if tp["id"] in touchpoints:
                start = items.lc.item(index)[0]
                if index + 1 < len(items):
                    end = items.lc.item(index + 1)[0]
                else:
                    end = _end_of_stage(tree, stage)
                ranges.append((start, end))
    body = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return Counter(
        canonical_comment(c.text)
        for c in _scan(body).comments
        if any(start <= c.line < end for start, end in ranges)
    )


def _end_of_stage(tree: Any, stage: Any) -> int:
    stages = tree["stages"]
    index = next(i for i, s in enumerate(stages) if s is stage)
    if index + 1 < len(stages):
        return int(stages.lc.item(index + 1)[0])
    return 1 << 30


def prove(
    before: str, after: str, intended: Any, file: str, may_lose: Counter[str] | None = None
) -> None:
    """Raise ImportProblem unless cjmap reads ``after`` as ``intended`` with every comment of
    ``before`` kept (but ``may_lose``: the comments inside what the import removes)."""
    from cjmap.document.load import load_text

    loaded = load_text(after.removeprefix("\ufeff"), file)
    problems = [p for p in loaded.problems if p.rule != "empty-file"]
    if problems or len(loaded.documents) != 1 or not same(loaded.documents[0].data, intended):
        raise ImportProblem(
            file,
            "writing the change would not give exactly the intended data, so nothing was "
            "written; please report this as a bug in cjmap (editing the value in the YAML "
            "works meanwhile)",
        )
    lost = comments(before) - comments(after) - Counter(may_lose)
    if lost:
        raise ImportProblem(
            file,
            f"writing the change would lose the comment '{next(iter(lost))}', so nothing "
            "was written; please report this as a bug in cjmap",
        )


def comments(text: str) -> Counter[str]:
    """The comments of a YAML text (as ``cjmap fmt`` finds them), as a multiset of texts."""
    from cjmap.fmt.scan import _scan, canonical_comment

    body = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return Counter(canonical_comment(comment.text) for comment in _scan(body).comments)


def same(a: Any, b: Any) -> bool:
    """Equal data with equal types: 1 is not 1.0, nor True."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def plain(value: Any) -> Any:
    """A value for the round-trip tree and the plain data alike (fresh lists and dicts)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def insert_key(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Set ``mapping[key]``; a new key goes where ``order`` (the canonical key order) puts it
    among the keys already there."""
    if key in mapping:
        mapping[key] = plain(value)
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    if hasattr(mapping, "insert"):
        mapping.insert(position, key, plain(value))
        return
    items = list(mapping.items())
    items.insert(position, (key, plain(value)))
    mapping.clear()
    mapping.update(items)
