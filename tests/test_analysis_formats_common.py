"""What the analyze formats share: the sparkline of a curve, one group per stage."""

from __future__ import annotations

from typing import Any

from cjmap.analysis.formats.common import curve_sparkline
from cjmap.analysis.run import JourneyAnalysis, analyze
from cjmap.document.model import DEFAULT_SCALE, FrictionWeights, Journey, PersonaFields
from cjmap.workspace.corpus import ResolvedJourney


def _analysis(stages: list[dict[str, Any]]) -> JourneyAnalysis:
    data = {
        "kind": "journey",
        "id": "trial",
        "title": "Trial",
        "personas": [{"id": "ann", "name": "Ann"}],
        "stages": stages,
    }
    journey = Journey.model_validate(data)
    personas = tuple(p for p in journey.personas if isinstance(p, PersonaFields))
    return analyze(ResolvedJourney(journey, personas, DEFAULT_SCALE, "t.yaml"), FrictionWeights())


def _tp(ident: str, emotion: int | None) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident,
        **({"emotion": {"ann": emotion}} if emotion is not None else {}),
    }


def test_one_group_per_stage_with_points_a_space_between() -> None:
    low, high = DEFAULT_SCALE
    analysis = _analysis(
        [
            {"id": "a", "name": "A", "touchpoints": [_tp("x", low), _tp("y", high)]},
            {"id": "empty", "name": "Empty", "touchpoints": []},
            {"id": "b", "name": "B", "touchpoints": [_tp("z", high)]},
        ]
    )
    line = curve_sparkline(analysis.emotion.personas["ann"], analysis)
    assert line == "▁█ █"


def test_a_gap_is_a_dot_and_a_curve_without_points_is_empty() -> None:
    low, _ = DEFAULT_SCALE
    analysis = _analysis([{"id": "a", "name": "A", "touchpoints": [_tp("x", low), _tp("y", None)]}])
    assert curve_sparkline(analysis.emotion.personas["ann"], analysis) == "▁·"
    empty = _analysis([{"id": "a", "name": "A", "touchpoints": []}])
    assert curve_sparkline(empty.emotion.combined, empty) == ""
