"""The bounds on a workspace's ``include`` and ``exclude`` globs, checked when ``cjmap.yaml``
is read (:mod:`cjmap.document.model`) and again when the globs are matched
(:mod:`cjmap.workspace.files`)."""

from __future__ import annotations

MAX_GLOB_LENGTH = 256
MAX_WILDCARDS = 3
MAX_DEEP_WILDCARDS = 2
MAX_WILDCARDS_IN_A_NAME = 2


def glob_problem(pattern: str) -> str | None:
    """Why a glob is refused, in plain words, or None when it is within bounds.

    Globs are matched as regular expressions, whose time grows with the length of a path to
    the power of the number of wildcards: each ``*`` or ``**`` more multiplies it. The bounds
    keep every match of every path fast (see SECURITY.md) and allow every usual pattern,
    such as ``journeys/**/*.yaml`` or ``**/drafts/**``. Consecutive ``**/`` count once.
    """
    if len(pattern) > MAX_GLOB_LENGTH:
        return (
            f"the pattern is {len(pattern):,} characters long, over the limit of {MAX_GLOB_LENGTH}"
        )
    names = [name for name in pattern.lstrip("!").split("/") if name]
    deep = total = 0
    previous = ""
    for name in names:
        if name == "**":
            if previous != "**":
                deep += 1
                total += 1
        else:
            runs = sum(1 for i, char in enumerate(name) if char == "*" and name[i - 1 : i] != "*")
            if runs > MAX_WILDCARDS_IN_A_NAME:
                return (
                    f"the name {name!r} in the pattern holds {runs} '*' wildcards; "
                    f"at most {MAX_WILDCARDS_IN_A_NAME} are allowed in one name"
                )
            total += runs
        previous = name
    if deep > MAX_DEEP_WILDCARDS:
        return f"the pattern holds {deep} '**' folders; at most {MAX_DEEP_WILDCARDS} are allowed"
    if total > MAX_WILDCARDS:
        return (
            f"the pattern holds {total} '*' and '**' wildcards; at most {MAX_WILDCARDS} are allowed"
        )
    return None
