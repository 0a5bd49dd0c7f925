"""The one record every check produces, and the exit policy over a list of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_RANK = {"error": 0, "warning": 1, "info": 2}
_INTERNAL = frozenset({"excerpt", "scope"})


@dataclass(frozen=True, slots=True)
class PersonaScope:
    """What a finding about some personas of a journey says for each: once the workspace is
    known, a persona that the journey lists but that does not resolve is reported at the
    list alone, and findings about it are restated without it (or dropped)."""

    index: int
    """The journey's document index in its file."""
    personas: tuple[str, ...]
    template: str
    """The message, with ``{personas}`` where the quoted ids go."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A finding at a place in a file. Lines and columns are 1-based."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    excerpt: tuple[str, int] | None = field(default=None, compare=False)
    """The offending line of a syntax error and the caret's index in it. Only the text
    report shows it: machine formats keep one line per finding and quote no file text."""
    scope: PersonaScope | None = field(default=None, compare=False)
    """The personas the finding is about, when it is about some (not part of the report)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of spec section 9."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _INTERNAL}


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: for sorting errors first."""
    return _RANK.get(severity, 3)


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    documents: int
    errors: int
    warnings: int
    infos: int

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def summarize(problems: Iterable[Problem], *, files: int, documents: int) -> Summary:
    """Count problems by severity."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for problem in problems:
        counts[problem.severity] += 1
    return Summary(files, documents, counts["error"], counts["warning"], counts["info"])


def is_failure(summary: Summary, *, strict: bool) -> bool:
    """Errors always fail; warnings fail under ``--strict``; infos never do."""
    return summary.errors > 0 or (strict and summary.warnings > 0)
