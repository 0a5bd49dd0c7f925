"""``cjmap serve`` keeps the index's opportunity portfolio up to date: a change to an
opportunity (its owner, status or tags) renders the index again, and an edit the index does
not show leaves it be."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.serve.site import Site

JOURNEY = """\
kind: journey
id: trial
title: Trial
tags: [saas]
stages:
  - id: discover
    name: Discover
    touchpoints:
      - id: ad
        name: Sees an ad
        emotion: 1
        actions: [{action}]
        pain_points:
          - id: slow
            text: The page is slow
        opportunities:
          - id: faster
            text: Make the page faster
            owner: {owner}
            tags: [{tags}]
            addresses: [slow]
"""


def write(
    path: Path, *, owner: str = "web-team", tags: str = "speed", action: str = "Clicks"
) -> None:
    path.write_text(JOURNEY.format(owner=owner, tags=tags, action=action), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Site, Path]:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", encoding="utf-8")
    journey = tmp_path / "journeys" / "trial.yaml"
    journey.parent.mkdir()
    write(journey)
    served = Site([], tmp_path)
    served.build()
    return served, journey


def index(site: Site) -> str:
    return site.snapshot().pages["index.html"].decode("utf-8")


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"owner": "platform-team"}, 'data-owner="platform-team"'),
        ({"tags": "speed, q3"}, 'data-tag="q3"'),
    ],
    ids=["owner", "tags"],
)
def test_an_opportunity_change_rebuilds_the_index(
    site: tuple[Site, Path], change: dict[str, str], shown: str
) -> None:
    served, journey = site
    before = index(served)
    assert 'data-owner="web-team"' in before
    assert 'data-tag="saas"' in before  # the journey's tag, after the opportunity's own
    assert shown not in before
    write(journey, **change)
    outcome = served.update([str(journey)])
    assert outcome.index is True
    assert shown in index(served)


def test_an_edit_the_index_does_not_show_leaves_it(site: tuple[Site, Path]) -> None:
    served, journey = site
    before = index(served)
    write(journey, action="Scrolls")
    outcome = served.update([str(journey)])
    assert outcome.rendered == ("journeys/trial.yaml",)
    assert outcome.index is False
    assert index(served) == before
