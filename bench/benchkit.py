"""What the timing scripts share: their command-line options, the machine line of their
reports and the rewriting of their section of ``docs/performance.md``."""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path


def options(description: str, quick: str, *, repeats: bool = True) -> argparse.ArgumentParser:
    """The options every script takes: ``--quick`` (``quick`` says what it does),
    ``--repeats`` (unless ``repeats`` is false) and ``--output``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=quick)
    if repeats:
        parser.add_argument("--repeats", type=int, default=3, help="runs per case (at least 3)")
    parser.add_argument("--output", type=Path, help="the Markdown file to update")
    return parser


def load_average() -> float | None:
    """The load average of the last minute, where the system gives one."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def machine(load: float | None) -> str:
    """The report's line about the machine (without its full stop)."""
    return (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}"
        + (f", load average {load:.1f} when the run started" if load is not None else "")
    )


def write_section(path: Path, section: str, start: str, end: str) -> None:
    """Replace the section of ``path`` between the markers ``start`` and ``end``, or append
    it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
