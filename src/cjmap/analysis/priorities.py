"""What to fix first: pain points by severity × frequency, opportunities by a RICE-style
score (docs/analysis.md)."""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.analysis.friction import FrictionAnalysis
from cjmap.document.model import Journey, opportunity_id, pain_point_id

ASSUMED_IMPACT = 3
ASSUMED_EFFORT = 3
MAX_PAIN_SCORE = 25


@dataclass(frozen=True, slots=True)
class PainPriority:
    """A pain point and its score, ``severity × frequency`` (1..25)."""

    id: str
    stage: str
    touchpoint: str
    text: str
    severity: int
    frequency: int
    score: int
    cited: bool


@dataclass(frozen=True, slots=True)
class OpportunityPriority:
    """An opportunity and its score, ``impact × confidence × reach / effort``.

    ``reach`` is ``1 + friction / 100 + Σ (severity × frequency) / 25``: ``friction`` is the
    highest friction among the touchpoints it addresses — its own and those of the pain
    points it ``addresses`` — (0 when none is defined), the sum runs over the pain points it
    addresses. ``impact`` and ``effort`` are the values used: an absent one counts as 3 and
    is named in ``assumed``. ``addresses``: the pain point ids that exist in the journey.
    """

    id: str
    stage: str
    touchpoint: str
    text: str
    status: str
    impact: int
    effort: int
    confidence: float
    friction: float
    pain: float
    reach: float
    score: float
    addresses: tuple[str, ...]
    assumed: tuple[str, ...]


def rank_pain_points(journey: Journey) -> tuple[PainPriority, ...]:
    """Every pain point of ``journey``, highest score first (ties: journey order)."""
    found: list[PainPriority] = []
    for stage, tp in journey.touchpoints():
        for index, pain in enumerate(tp.pain_points):
            found.append(
                PainPriority(
                    pain_point_id(tp, index),
                    stage.id,
                    tp.id,
                    pain.text,
                    pain.severity,
                    pain.frequency,
                    pain.severity * pain.frequency,
                    bool(pain.evidence),
                )
            )
    # sorted() is stable, so equal scores keep journey order.
    return tuple(sorted(found, key=lambda p: -p.score))


def rank_opportunities(
    journey: Journey, friction: FrictionAnalysis
) -> tuple[OpportunityPriority, ...]:
    """Every opportunity of ``journey``: open ones by score, highest first, then those with
    status ``done`` (ties: journey order)."""
    pains: dict[str, tuple[str, int]] = {}
    for _, tp in journey.touchpoints():
        for index, pain in enumerate(tp.pain_points):
            pains.setdefault(pain_point_id(tp, index), (tp.id, pain.severity * pain.frequency))
    found: list[OpportunityPriority] = []
    for stage, tp in journey.touchpoints():
        for index, opp in enumerate(tp.opportunities):
            addresses = tuple(dict.fromkeys(ident for ident in opp.addresses if ident in pains))
            touched = {tp.id, *(pains[ident][0] for ident in addresses)}
            frictions = [f for f in (friction.of(t) for t in touched) if f is not None]
            top = max(frictions, default=0.0)
            pain_sum = sum(pains[ident][1] for ident in addresses) / MAX_PAIN_SCORE
            reach = 1 + top / 100 + pain_sum
            impact = opp.impact if opp.impact is not None else ASSUMED_IMPACT
            effort = opp.effort if opp.effort is not None else ASSUMED_EFFORT
            assumed = tuple(
                name
                for name, value in (("impact", opp.impact), ("effort", opp.effort))
                if value is None
            )
            found.append(
                OpportunityPriority(
                    opportunity_id(tp, index),
                    stage.id,
                    tp.id,
                    opp.text,
                    opp.status,
                    impact,
                    effort,
                    opp.confidence,
                    top,
                    pain_sum,
                    reach,
                    impact * opp.confidence * reach / effort,
                    addresses,
                    assumed,
                )
            )
    return tuple(sorted(found, key=lambda o: (o.status == "done", -o.score)))
