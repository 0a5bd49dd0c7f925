"""The emotion curve's geometry: placement, gaps, markers, scales."""

from __future__ import annotations

import pytest

from cjmap.render import svg
from cjmap.render.formats.mermaid import mermaid_score


def line(key: str, *values: float | None) -> svg.SeriesInput:
    return svg.SeriesInput(
        key, key.title(), tuple(values), tuple(f"t{i}" for i in range(len(values)))
    )


def test_points_sit_at_column_centres_and_scale_height() -> None:
    curve = svg.build_curve([line("a", 2, 0, -2)], (-2, 2), 3)
    markers = curve.series[0].markers
    assert [m.x for m in markers] == [svg.column_x(0), svg.column_x(1), svg.column_x(2)]
    top, middle, bottom = (m.y for m in markers)
    assert top == svg.PAD_TOP
    assert bottom == svg.HEIGHT - svg.PAD_BOTTOM
    assert middle == pytest.approx((top + bottom) / 2)
    assert curve.width == 3 * svg.COLUMN_WIDTH


def test_a_gap_breaks_the_line_and_has_no_marker() -> None:
    curve = svg.build_curve([line("a", 1, 1, None, 0, -1)], (-2, 2), 5)
    series = curve.series[0]
    assert len(series.segments) == 2
    assert len(series.markers) == 4
    assert [m.label for m in series.markers] == ["+1", "+1", "0", "\u22121"]


def test_a_lone_point_between_gaps_is_a_marker_without_a_line() -> None:
    series = svg.build_curve([line("a", None, 1, None)], (-2, 2), 3).series[0]
    assert series.segments == ()
    assert len(series.markers) == 1


def test_personas_get_distinct_shapes_dashes_and_offsets() -> None:
    curve = svg.build_curve([line("a", 0), line("b", 0), line("c", 0)], (-2, 2), 1)
    shapes = {s.shape for s in curve.series}
    dashes = {s.dash for s in curve.series}
    xs = {s.markers[0].x for s in curve.series}
    assert len(shapes) == 3
    assert len(dashes) == 3
    assert len(xs) == 3


def test_neutral_line_on_other_scales() -> None:
    five = svg.build_curve([line("a", 3)], (1, 5), 1)
    assert [t.label for t in five.ticks if t.neutral] == ["3"]
    ten = svg.build_curve([line("a", 3)], (1, 10), 1)
    neutral = [t for t in ten.ticks if t.neutral]
    assert len(neutral) == 1
    assert neutral[0].y == pytest.approx(svg.value_y(5.5, (1, 10)))


def test_background_curve_uses_its_own_scale() -> None:
    own = line("before", 5)
    curve = svg.build_curve([line("a", 0)], (-2, 2), 1, background=[(own, (1, 5))])
    # Drawn on its own scale (5 is the top of 1..5), small and without a label.
    (marker,) = curve.background[0].markers
    assert marker.y == svg.PAD_TOP
    assert marker.label == ""
    two = svg.build_curve([line("a", 0, 0)], (-2, 2), 2, background=[(line("b", 1, 5), (1, 5))])
    bottom = svg.fmt(svg.HEIGHT - svg.PAD_BOTTOM)
    assert two.background[0].segments == (f"M104 {bottom}L312 {svg.PAD_TOP}",)


def test_moments_and_stage_bounds() -> None:
    curve = svg.build_curve([line("a", 0, 0, 0)], (-2, 2), 3, moments=[1], stage_starts=[0, 2])
    assert curve.moments == (svg.column_x(1),)
    assert curve.stage_bounds == (2 * svg.COLUMN_WIDTH,)


@pytest.mark.parametrize("shape", svg.SHAPES)
def test_marker_paths_are_closed(shape: str) -> None:
    path = svg.marker_path(shape, 10, 10)
    assert path.startswith("M")
    assert path.endswith("Z")


@pytest.mark.parametrize(
    ("value", "scale", "score"),
    [
        (-2, (-2, 2), 1),
        (-1, (-2, 2), 2),
        (0, (-2, 2), 3),
        (1, (-2, 2), 4),
        (2, (-2, 2), 5),
        (0.5, (-2, 2), 4),
        (0.49, (-2, 2), 3),
        (1, (1, 5), 1),
        (5, (1, 5), 5),
        (1, (1, 10), 1),
        (10, (1, 10), 5),
        (5.5, (1, 10), 3),
    ],
)
def test_mermaid_score_maps_the_scale_onto_one_to_five(
    value: float, scale: tuple[int, int], score: int
) -> None:
    assert mermaid_score(value, scale) == score
