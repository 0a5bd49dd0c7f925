"""How well a map is backed: evidence coverage, and metrics against their targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cjmap.document.model import Journey, Metric

MetricStatus = Literal["met", "missed", "no-target", "no-value"]


@dataclass(frozen=True, slots=True)
class Share:
    """``cited`` of ``total`` items cite a source; ``share`` is ``None`` when there are none."""

    cited: int
    total: int

    @property
    def share(self) -> float | None:
        """``cited / total``, or ``None`` with nothing to count."""
        return self.cited / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Evidence coverage: a touchpoint is cited when it lists ``evidence`` or one of its
    metrics names a ``source``; a pain point when it lists ``evidence``."""

    touchpoints: Share
    pain_points: Share


@dataclass(frozen=True, slots=True)
class MetricResult:
    """A metric against its target: ``met`` (value at or beyond the target in the
    ``better`` direction), ``missed``, ``no-target``, or ``no-value`` (a target but no
    value)."""

    stage: str
    touchpoint: str
    name: str
    value: float | None
    target: float | None
    unit: str | None
    better: str
    status: MetricStatus


def analyze_coverage(journey: Journey) -> Coverage:
    """The share of touchpoints and of pain points that cite a source."""
    tps = [tp for _, tp in journey.touchpoints()]
    cited_tps = sum(1 for tp in tps if tp.evidence or any(m.source for m in tp.metrics))
    pains = [pain for tp in tps for pain in tp.pain_points]
    cited_pains = sum(1 for pain in pains if pain.evidence)
    return Coverage(Share(cited_tps, len(tps)), Share(cited_pains, len(pains)))


def metric_status(metric: Metric) -> MetricStatus:
    """Whether ``metric`` meets its target."""
    if metric.target is None:
        return "no-target"
    if metric.value is None:
        return "no-value"
    if metric.better == "lower":
        return "met" if metric.value <= metric.target else "missed"
    return "met" if metric.value >= metric.target else "missed"


def analyze_metrics(journey: Journey) -> tuple[MetricResult, ...]:
    """Every metric of ``journey`` in journey order, with its status."""
    return tuple(
        MetricResult(
            stage.id,
            tp.id,
            metric.name,
            metric.value,
            metric.target,
            metric.unit,
            metric.better,
            metric_status(metric),
        )
        for stage, tp in journey.touchpoints()
        for metric in tp.metrics
    )
