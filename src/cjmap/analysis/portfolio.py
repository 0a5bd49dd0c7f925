"""The opportunity portfolio: every opportunity of a journey as one row of a table across
journeys (docs/analysis.md, "Portfolio"): where it is, the pain points it addresses, its
priority score (:mod:`cjmap.analysis.priorities`), owner, status and tags.

The rows are small plain values, so that a workspace's portfolio is kept whole while its
journeys are analysed one at a time (``render``'s index, ``analyze -f csv --portfolio``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjmap.document.model import Opportunity, opportunity_id, pain_point_id

if TYPE_CHECKING:
    from cjmap.analysis.run import JourneyAnalysis

NO_STATUS = "none"
"""The status of an opportunity that does not give one (it is scored as an ``idea``)."""

STATUSES = ("idea", "planned", "in-progress", "done", NO_STATUS)
"""The portfolio's groups, in the order it shows them."""


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One opportunity in the portfolio.

    ``journey``, ``journey_title``, ``file``: its journey. ``stage``, ``touchpoint``,
    ``touchpoint_name``: where it sits. ``id``, ``text``: the opportunity. ``pain_points``:
    the text of each pain point it addresses that exists in the journey, in the order of
    its ``addresses``. ``score``: its priority score, unrounded. ``owner``: its own
    ``owner`` (None when it gives none). ``status``: one of :data:`STATUSES`,
    :data:`NO_STATUS` when it gives none. ``tags``: its own tags, then its journey's tags
    that it does not have already. ``own_tags``: its own tags only.
    """

    journey: str
    journey_title: str
    file: str
    stage: str
    touchpoint: str
    touchpoint_name: str
    id: str
    text: str
    pain_points: tuple[str, ...]
    score: float
    owner: str | None
    status: str
    tags: tuple[str, ...]
    own_tags: tuple[str, ...]


def portfolio_rows(analysis: JourneyAnalysis) -> tuple[PortfolioRow, ...]:
    """The portfolio rows of one analysed journey, in the order of its ranked
    opportunities (open ones by score, highest first, then those done)."""
    journey = analysis.journey
    pains: dict[str, str] = {}
    found: dict[str, Opportunity] = {}
    names: dict[str, str] = {}
    for _, tp in journey.touchpoints():
        names[tp.id] = tp.name
        for index, pain in enumerate(tp.pain_points):
            pains.setdefault(pain_point_id(tp, index), pain.text)
        for index, opp in enumerate(tp.opportunities):
            found.setdefault(opportunity_id(tp, index), opp)
    rows = []
    for ranked in analysis.opportunities:
        opp = found[ranked.id]
        own = tuple(dict.fromkeys(opp.tags))
        rows.append(
            PortfolioRow(
                journey=journey.id,
                journey_title=journey.title,
                file=analysis.file,
                stage=ranked.stage,
                touchpoint=ranked.touchpoint,
                touchpoint_name=names.get(ranked.touchpoint, ranked.touchpoint),
                id=ranked.id,
                text=ranked.text,
                pain_points=tuple(pains[ident] for ident in ranked.addresses if ident in pains),
                score=ranked.score,
                owner=opp.owner,
                status=opp.status if "status" in opp.model_fields_set else NO_STATUS,
                tags=merged_tags(own, journey.tags),
                own_tags=own,
            )
        )
    return tuple(rows)


def merged_tags(own: Iterable[str], journey: Iterable[str]) -> tuple[str, ...]:
    """An opportunity's tags as the portfolio shows them: its own, then its journey's, each
    once, in that order."""
    return tuple(dict.fromkeys([*own, *journey]))
