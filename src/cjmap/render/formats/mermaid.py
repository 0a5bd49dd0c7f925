"""The Mermaid ``journey`` diagram of a journey (``--format mermaid``, and inside Markdown).

Mermaid scores tasks from 1 to 5. On the default emotion scale (-2..2) a value maps to
``value + 3``; another declared scale maps linearly onto 1..5, and a score that falls between
two whole numbers is rounded half up. Each task's score is the combined curve of the analysis
(every persona, weighted by share); its actors are the personas with a value there. A
touchpoint without any value (a gap) has no task, since Mermaid has no way to show a gap.

Mermaid's journey cannot branch either: the stages' sections hold the main path, and each
alternative path follows as a section of its own ("Path: Card declined"), its touchpoints in
journey order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cjmap.document.model import Touchpoint
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

    def section(name: str, touchpoints: Iterable[Touchpoint]) -> None:
        tasks: list[str] = []
        for tp in touchpoints:
            value = combined.get(tp.id)
            if value is None:
                continue
            task = f"    {_label(tp.name)}: {mermaid_score(value, resolved.scale)}"
            who = [_label(name, actor=True) for name, _ in actors.get(tp.id, [])]
            if who:
                task += ": " + ", ".join(who)
            tasks.append(task)
        if tasks:
            lines.append(f"  section {_label(name)}")
            lines.extend(tasks)

    for stage in journey.stages:
        section(stage.name, (tp for tp in stage.touchpoints if tp.path is None))
    for path in journey.paths:
        on_path = (tp for _, tp in journey.touchpoints() if tp.path == path.id)
        section(labels["path_named"].format(name=path.name), on_path)
    return "\n".join(lines) + "\n"


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _label(text: str, *, actor: bool = False) -> str:
    # A label that is only spaces would leave Mermaid a line it cannot parse.
    return mermaid_text(text, actor=actor) or "…"
