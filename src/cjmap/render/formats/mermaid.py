"""The Mermaid ``journey`` diagram of a journey (``--format mermaid``, and inside Markdown).

Mermaid scores tasks from 1 to 5. On the default emotion scale (-2..2) a value maps to
``value + 3``; another declared scale maps linearly onto 1..5, and a score that falls between
two whole numbers is rounded half up. Each task's score is the combined curve of the analysis
(every persona, weighted by share); its actors are the personas with a value there. A
touchpoint without any value (a gap) has no task, since Mermaid has no way to show a gap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cjmap.render import figures
from cjmap.render.escape import mermaid_text
from cjmap.util.numbers import neutral_of
from cjmap.workspace.corpus import ResolvedJourney

if TYPE_CHECKING:
    from cjmap.analysis.run import JourneyAnalysis


def mermaid_score(value: float, scale: tuple[int, int]) -> int:
    """A value on ``scale`` as a Mermaid score, 1..5 (``value + 3`` on -2..2)."""
    low, high = scale
    exact = 1 + 4 * (value - low) / (high - low)
    return max(1, min(5, math.floor(exact + 0.5)))


def render_mermaid(
    resolved: ResolvedJourney, analysis: JourneyAnalysis, labels: Mapping[str, str]
) -> str:
    """The diagram as Mermaid source, with ``accTitle`` and ``accDescr`` for screen readers."""
    journey = resolved.journey
    combined = figures.curve_values(analysis.emotion.combined)
    actors = figures.persona_values(analysis.emotion, resolved.personas)
    low, high = resolved.scale
    title = _label(journey.title)
    description = _label(
        labels["emotion_curve_desc"].format(
            low=low, high=high, neutral=_plain(neutral_of((low, high)))
        )
    )
    lines = ["journey", f"  title {title}", f"  accTitle: {title}", f"  accDescr: {description}"]
    for stage in journey.stages:
        tasks: list[str] = []
        for tp in stage.touchpoints:
            value = combined.get(tp.id)
            if value is None:
                continue
            task = f"    {_label(tp.name)}: {mermaid_score(value, resolved.scale)}"
            who = [_label(name, actor=True) for name, _ in actors.get(tp.id, [])]
            if who:
                task += ": " + ", ".join(who)
            tasks.append(task)
        if tasks:
            lines.append(f"  section {_label(stage.name)}")
            lines.extend(tasks)
    return "\n".join(lines) + "\n"


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _label(text: str, *, actor: bool = False) -> str:
    # A label that is only spaces would leave Mermaid a line it cannot parse.
    return mermaid_text(text, actor=actor) or "…"
