"""What ``validate`` found: the one value every reporter formats.

Kept apart from :mod:`cjmap.validate.run` so that a run replayed from the workspace cache
(:mod:`cjmap.validate.replay`) reaches a reporter without importing the checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cjmap.document.problems import Problem, Summary


@dataclass(frozen=True, slots=True)
class Report:
    """What ``validate`` found, ready for a reporter."""

    problems: tuple[Problem, ...]
    summary: Summary
    skipped: tuple[Path, ...] = ()
    files: tuple[str, ...] = ()
    """The names of the files checked, sorted (clean ones included)."""
    lone: bool = False
    """No ``cjmap.yaml`` above the files named: no other file was read for references."""
