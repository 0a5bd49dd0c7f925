"""The formats of ``cjmap analyze``: one module per ``--format``, each with
``render(report, color) -> str`` over one :class:`AnalyzeReport`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from cjmap.analysis import WorkspaceAnalysis
from cjmap.model import DEFAULT_SCALE

FORMATS: dict[str, str] = {
    "text": "cjmap.reports.analyze.text",
    "json": "cjmap.reports.analyze.json",
    "csv": "cjmap.reports.analyze.csv",
    "md": "cjmap.reports.analyze.md",
}

SPARKS = "▁▂▃▄▅▆▇█"
GAP = "·"


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    """What ``cjmap analyze`` shows: the analyses, the target files left out because they
    do not validate, and whether to explain each friction number with its parts."""

    analysis: WorkspaceAnalysis
    skipped: tuple[str, ...] = ()
    explain: bool = False


Formatter = Callable[[AnalyzeReport, bool], str]
"""A format: (report, colour wanted?) → the whole output."""


def get_format(name: str) -> Formatter:
    """The ``render`` function of the format called ``name`` (imported on demand)."""
    render: Formatter = import_module(FORMATS[name]).render
    return render


def sparkline(values: Sequence[float | None], scale: tuple[int, int]) -> str:
    """One block per point, from ▁ (the bottom of the scale) to █ (its top); ``·`` a gap."""
    low, high = scale
    chars = []
    for value in values:
        if value is None:
            chars.append(GAP)
            continue
        position = (value - low) / (high - low)
        chars.append(SPARKS[min(len(SPARKS) - 1, max(0, round(position * (len(SPARKS) - 1))))])
    return "".join(chars)


def number(value: float | None, digits: int = 1, none: str = "–") -> str:
    """``value`` for people: whole numbers without decimals, others with ``digits``."""
    if value is None:
        return none
    rounded = round(value, digits)
    if float(rounded).is_integer():
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")


def on_scale(value: float | None, scale: tuple[int, int]) -> str:
    """An emotion number, with its scale named when it is not the default ``-2..2``."""
    text = number(value, 2)
    return text if value is None or scale == DEFAULT_SCALE else f"{text} on {scale[0]}..{scale[1]}"


def percent(value: float | None, none: str = "–") -> str:
    """A share from 0 to 1 as a percentage."""
    return none if value is None else f"{number(value * 100, 1)}%"


def minutes(value: int | None, none: str = "–") -> str:
    """A number of minutes in the units of the file format: ``1w 2d 3h 5m``."""
    if value is None:
        return none
    if value == 0:
        return "0m"
    parts = []
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        count, value = divmod(value, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts)
