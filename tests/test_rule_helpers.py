"""The helpers the lint rules share (validate/rules/base.py)."""

from __future__ import annotations

from cjmap.document.model import Journey
from cjmap.validate.rules.base import named, touchpoints_at


def _journey() -> Journey:
    return Journey.model_validate(
        {
            "kind": "journey",
            "id": "trial",
            "title": "Trial",
            "stages": [
                {"id": "a", "name": "A", "touchpoints": [{"id": "x", "name": "X"}]},
                {"id": "empty", "name": "Empty", "touchpoints": []},
                {
                    "id": "b",
                    "name": "B",
                    "touchpoints": [{"id": "y", "name": "Y"}, {"id": "z", "name": "Z"}],
                },
            ],
        }
    )


def test_touchpoints_at_gives_every_touchpoint_in_order_with_its_path() -> None:
    found = [(path, tp.id) for path, tp in touchpoints_at(_journey())]
    assert found == [
        (("stages", 0, "touchpoints", 0), "x"),
        (("stages", 2, "touchpoints", 0), "y"),
        (("stages", 2, "touchpoints", 1), "z"),
    ]


def test_named_counts_what_a_typo_meant_as_named() -> None:
    assert named(["slw"], {"slow", "fast"}) == {"slw", "slow"}


def test_named_keeps_every_reference_and_adds_nothing_for_a_far_miss() -> None:
    assert named(["fast", "zzzzzzzz"], {"slow", "fast"}) == {"fast", "zzzzzzzz"}
    assert named([], {"slow"}) == set()
