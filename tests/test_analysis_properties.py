"""Properties of the analysis on generated journeys (docs/analysis.md states each one)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cjmap.analysis.emotion import Point, build_curve
from cjmap.analysis.friction import touchpoint_friction
from cjmap.analysis.run import analyze
from cjmap.document.model import FrictionWeights, Journey, PersonaFields
from cjmap.workspace.corpus import ResolvedJourney

SETTINGS = settings(max_examples=100, deadline=None)
SCALES = [(-2, 2), (1, 5), (1, 10)]


# --- building models from generated data ---------------------------------------------------


def make_journey(
    stages: list[list[dict[str, Any]]],
    personas: list[dict[str, Any]] | None = None,
    scale: tuple[int, int] | None = None,
) -> Journey:
    counter = 0
    stage_data = []
    for s, tps in enumerate(stages):
        items = []
        for tp in tps:
            items.append({"id": f"t{counter}", "name": f"Touchpoint {counter}", **tp})
            counter += 1
        stage_data.append({"id": f"s{s}", "name": f"Stage {s}", "touchpoints": items})
    data: dict[str, Any] = {"kind": "journey", "id": "j", "title": "J", "stages": stage_data}
    if personas:
        data["personas"] = personas
    if scale is not None:
        data["emotion_scale"] = list(scale)
    return Journey.model_validate(data)


def resolve(journey: Journey, scale: tuple[int, int] = (-2, 2)) -> ResolvedJourney:
    personas = tuple(p for p in journey.personas if isinstance(p, PersonaFields))
    return ResolvedJourney(journey, personas, scale, "j.yaml")


def friction_of(
    tp: dict[str, Any],
    personas: list[dict[str, Any]],
    scale: tuple[int, int],
    weights: FrictionWeights,
) -> float | None:
    journey = make_journey([[tp]], personas, scale)
    resolved = resolve(journey, scale)
    [(_, touchpoint)] = journey.touchpoints()
    return touchpoint_friction("s0", touchpoint, resolved.personas, scale, weights).value


# --- strategies ----------------------------------------------------------------------------

# Shares as people write them (0.35), not subnormal floats that no weighting can resolve.
shares = st.none() | st.integers(0, 1000).map(lambda n: n / 1000)
weights_st = st.builds(
    FrictionWeights,
    pain=st.floats(0, 5),
    effort=st.floats(0, 5),
    dropoff=st.floats(0, 5),
    emotion=st.floats(0, 5),
)
positive_weights = st.builds(
    FrictionWeights,
    pain=st.floats(0.01, 5),
    effort=st.floats(0.01, 5),
    dropoff=st.floats(0.01, 5),
    emotion=st.floats(0.01, 5),
)
pain_points = st.lists(
    st.fixed_dictionaries(
        {"text": st.just("p"), "severity": st.integers(1, 5), "frequency": st.integers(1, 5)}
    ),
    max_size=3,
)


@st.composite
def personas_st(draw: st.DrawFn, min_size: int = 0) -> list[dict[str, Any]]:
    count = draw(st.integers(min_size, 3))
    found = []
    for i in range(count):
        entry: dict[str, Any] = {"id": f"p{i}", "name": f"P{i}"}
        share = draw(shares)
        if share is not None:
            entry["share"] = share
        found.append(entry)
    return found


def emotion_values(scale: tuple[int, int], halves: bool = False) -> st.SearchStrategy[float]:
    if halves:
        # Exact in binary, so ties between points survive a change of scale.
        return st.integers(2 * scale[0], 2 * scale[1]).map(lambda n: n / 2)
    return st.floats(scale[0], scale[1], allow_nan=False)


@st.composite
def emotion_st(
    draw: st.DrawFn, personas: list[dict[str, Any]], scale: tuple[int, int], halves: bool = False
) -> Any:
    values = emotion_values(scale, halves)
    if not personas:
        return draw(st.none() | values)
    kind = draw(st.sampled_from(["none", "single", "per"]))
    if kind == "none":
        return None
    if kind == "single":
        return draw(values)
    chosen = draw(st.lists(st.sampled_from([p["id"] for p in personas]), unique=True))
    return {ident: draw(values) for ident in chosen}


@st.composite
def touchpoint_st(
    draw: st.DrawFn, personas: list[dict[str, Any]], scale: tuple[int, int], halves: bool = False
) -> dict[str, Any]:
    tp: dict[str, Any] = {}
    pains = draw(pain_points)
    if pains:
        tp["pain_points"] = pains
    effort = draw(st.none() | st.integers(1, 5))
    if effort is not None:
        tp["effort"] = effort
    completion = draw(st.none() | st.floats(0, 1))
    if completion is not None:
        tp["completion"] = completion
    emotion = draw(emotion_st(personas, scale, halves))
    if emotion is not None:
        tp["emotion"] = emotion
    if draw(st.booleans()):
        tp["owner"] = draw(st.sampled_from(["a", "b"]))
    if draw(st.booleans()):
        tp["channel"] = draw(st.sampled_from(["web", "Web ", "email"]))
    return tp


@st.composite
def journey_st(draw: st.DrawFn) -> tuple[Journey, tuple[int, int]]:
    scale = draw(st.sampled_from(SCALES))
    personas = draw(personas_st())
    stages = draw(
        st.lists(st.lists(touchpoint_st(personas, scale), max_size=4), min_size=1, max_size=3)
    )
    return make_journey(stages, personas, scale), scale


@st.composite
def single_tp_st(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], tuple[int, int]]:
    scale = draw(st.sampled_from(SCALES))
    personas = draw(personas_st())
    return draw(touchpoint_st(personas, scale)), personas, scale


def has_data(tp: dict[str, Any], personas: list[dict[str, Any]]) -> bool:
    emotion = tp.get("emotion")
    has_emotion = emotion is not None and (not isinstance(emotion, dict) or bool(emotion))
    return bool(tp.get("pain_points")) or "effort" in tp or "completion" in tp or has_emotion


# --- friction --------------------------------------------------------------------------------


@SETTINGS
@given(journey_st(), weights_st)
def test_friction_is_between_0_and_100(
    case: tuple[Journey, tuple[int, int]], weights: FrictionWeights
) -> None:
    journey, scale = case
    friction = analyze(resolve(journey, scale), weights).friction
    values = [t.value for t in friction.touchpoints]
    values += [*friction.stages.values(), *friction.by_owner.values(), friction.journey]
    for value in values:
        assert value is None or 0 <= value <= 100


@SETTINGS
@given(single_tp_st(), weights_st)
def test_friction_is_null_exactly_when_there_is_no_data(
    case: tuple[dict[str, Any], list[dict[str, Any]], tuple[int, int]], weights: FrictionWeights
) -> None:
    tp, personas, scale = case
    value = friction_of(tp, personas, scale, weights)
    assert (value is None) == (not has_data(tp, personas))


@SETTINGS
@given(
    st.sampled_from(SCALES),
    personas_st(),
    st.data(),
    weights_st,
)
def test_friction_is_0_when_nothing_is_negative(
    scale: tuple[int, int],
    personas: list[dict[str, Any]],
    data: st.DataObject,
    weights: FrictionWeights,
) -> None:
    neutral = (scale[0] + scale[1]) / 2
    calm = st.floats(neutral, scale[1])
    tp: dict[str, Any] = {}
    if data.draw(st.booleans()):
        tp["effort"] = 1
    if data.draw(st.booleans()):
        tp["completion"] = data.draw(st.sampled_from([1, 1.0, "100%"]))
    if personas and data.draw(st.booleans()):
        tp["emotion"] = {p["id"]: data.draw(calm) for p in personas}
    elif data.draw(st.booleans()):
        tp["emotion"] = data.draw(calm)
    assume(tp)
    assert friction_of(tp, personas, scale, weights) == 0


def worsen(
    tp: dict[str, Any],
    part: str,
    data: st.DataObject,
    scale: tuple[int, int],
    personas: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """A copy of ``tp`` with one part strictly worse, or None when it cannot get worse."""
    worse = {**tp}
    neutral = (scale[0] + scale[1]) / 2
    if part == "pain":
        pains = [dict(p) for p in tp.get("pain_points", [])]
        raisable = [p for p in pains if p["severity"] < 5 or p["frequency"] < 5]
        if raisable and data.draw(st.booleans()):
            target = data.draw(st.sampled_from(raisable))
            key = "severity" if target["severity"] < 5 else "frequency"
            target[key] += 1
        else:
            pains.append(
                {
                    "text": "new",
                    "severity": data.draw(st.integers(1, 5)),
                    "frequency": data.draw(st.integers(1, 5)),
                }
            )
        worse["pain_points"] = pains
    elif part == "effort":
        current = tp.get("effort", 1)
        if current == 5:
            return None
        worse["effort"] = data.draw(st.integers(current + 1, 5))
    elif part == "dropoff":
        current = tp.get("completion", 1.0)
        if current < 0.01:
            return None
        worse["completion"] = data.draw(st.floats(0, current - 0.01))
    else:
        emotion = tp.get("emotion")
        weight_of = persona_weights_ref(personas)
        if isinstance(emotion, dict):
            # Only a persona that counts: it has a value and a positive weight among those
            # present (or all present weigh nothing, and then all count equally).
            present = list(emotion)
            total = sum(weight_of[p] for p in present)
            counting = [p for p in present if weight_of[p] > 0 or total == 0]
            if not counting:
                return None
            who = data.draw(st.sampled_from(counting))
            ceiling = min(emotion[who], neutral) - 0.01
            if ceiling < scale[0]:
                return None
            worse["emotion"] = {**emotion, who: data.draw(st.floats(scale[0], ceiling))}
        elif emotion is not None:
            ceiling = min(emotion, neutral) - 0.01
            if ceiling < scale[0]:
                return None
            worse["emotion"] = data.draw(st.floats(scale[0], ceiling))
        else:
            return None
    return worse


def persona_weights_ref(personas: list[dict[str, Any]]) -> dict[str, float]:
    given_total = sum(p["share"] for p in personas if "share" in p)
    missing = [p for p in personas if "share" not in p]
    rest = max(0.0, 1 - given_total) / len(missing) if missing else 0.0
    return {p["id"]: p.get("share", rest) for p in personas}


@SETTINGS
@given(
    single_tp_st(),
    st.sampled_from(["pain", "effort", "dropoff", "emotion"]),
    st.data(),
    positive_weights,
)
def test_friction_rises_when_any_one_part_gets_worse(
    case: tuple[dict[str, Any], list[dict[str, Any]], tuple[int, int]],
    part: str,
    data: st.DataObject,
    weights: FrictionWeights,
) -> None:
    tp, personas, scale = case
    assume(has_data(tp, personas))
    worse = worsen(tp, part, data, scale, personas)
    assume(worse is not None)
    assert worse is not None
    before = friction_of(tp, personas, scale, weights)
    after = friction_of(worse, personas, scale, weights)
    assert before is not None
    assert after is not None
    assert after > before


@SETTINGS
@given(st.sampled_from(["pain", "effort", "dropoff"]), st.data(), positive_weights)
def test_friction_rises_even_when_other_parts_are_at_their_maximum(
    part: str, data: st.DataObject, weights: FrictionWeights
) -> None:
    worst: dict[str, Any] = {
        "effort": 5,
        "completion": 0.0,
        "emotion": -2,
        "pain_points": [{"text": "x", "severity": 5, "frequency": 5}],
    }
    if part == "effort":
        worst["effort"] = 4
    elif part == "dropoff":
        worst["completion"] = 0.5
    worse = worsen(worst, part, data, (-2, 2), [])
    assert worse is not None
    before = friction_of(worst, [], (-2, 2), weights)
    after = friction_of(worse, [], (-2, 2), weights)
    assert before is not None
    assert after is not None
    assert after > before


@SETTINGS
@given(
    single_tp_st(),
    st.sampled_from(["pain", "effort", "dropoff", "emotion"]),
    st.data(),
    positive_weights,
)
def test_a_part_with_weight_0_does_not_count(
    case: tuple[dict[str, Any], list[dict[str, Any]], tuple[int, int]],
    part: str,
    data: st.DataObject,
    weights: FrictionWeights,
) -> None:
    tp, personas, scale = case
    assume(has_data(tp, personas))
    zeroed = weights.model_copy(update={part: 0.0})
    worse = worsen(tp, part, data, scale, personas)
    assume(worse is not None)
    assert worse is not None
    before = friction_of(tp, personas, scale, zeroed)
    after = friction_of(worse, personas, scale, zeroed)
    assert before == pytest.approx(after)


def to_default(value: float, scale: tuple[int, int]) -> float:
    neutral = (scale[0] + scale[1]) / 2
    return (value - neutral) / ((scale[1] - scale[0]) / 2) * 2


@SETTINGS
@given(st.sampled_from([(1, 5), (1, 10)]), st.data(), weights_st)
def test_declared_scales_give_the_friction_of_the_default_scale(
    scale: tuple[int, int], data: st.DataObject, weights: FrictionWeights
) -> None:
    personas = data.draw(personas_st())
    stages = data.draw(
        st.lists(
            st.lists(touchpoint_st(personas, scale, halves=True), max_size=3),
            min_size=1,
            max_size=3,
        )
    )

    def convert(tp: dict[str, Any]) -> dict[str, Any]:
        emotion = tp.get("emotion")
        if emotion is None:
            return tp
        if isinstance(emotion, dict):
            return {**tp, "emotion": {k: to_default(v, scale) for k, v in emotion.items()}}
        return {**tp, "emotion": to_default(emotion, scale)}

    declared = analyze(resolve(make_journey(stages, personas, scale), scale), weights)
    default_stages = [[convert(tp) for tp in tps] for tps in stages]
    default = analyze(resolve(make_journey(default_stages, personas), (-2, 2)), weights)
    for a, b in zip(declared.friction.touchpoints, default.friction.touchpoints, strict=True):
        assert (a.value is None) == (b.value is None)
        if a.value is not None:
            assert a.value == pytest.approx(b.value, abs=1e-9)
    if declared.friction.journey is not None:
        assert declared.friction.journey == pytest.approx(default.friction.journey, abs=1e-9)
    # The curves stay on their own scale: the same shape, mapped linearly.
    for a_point, b_point in zip(
        declared.emotion.combined.points, default.emotion.combined.points, strict=True
    ):
        assert (a_point.value is None) == (b_point.value is None)
        if a_point.value is not None:
            assert to_default(a_point.value, scale) == pytest.approx(b_point.value, abs=1e-9)
    for persona, curve in declared.emotion.personas.items():
        other = default.emotion.personas[persona]
        if curve.peak_end is None:
            assert other.peak_end is None
        else:
            assert to_default(curve.peak_end, scale) == pytest.approx(other.peak_end)


# --- emotion curves --------------------------------------------------------------------------

values_with_gaps = st.lists(
    st.none() | st.integers(-2, 2).map(float) | st.floats(-2, 2), max_size=12
)


def reference_stats(values: list[float | None], neutral: float) -> dict[str, Any]:
    """Brute force: every pair, every index, no shortcuts."""
    indexed = [(i, v) for i, v in enumerate(values) if v is not None]
    if not indexed:
        return {
            "best": None,
            "worst": None,
            "end": None,
            "peak": None,
            "drop": None,
            "peak_end": None,
        }
    best = min(indexed, key=lambda iv: (-iv[1], iv[0]))
    worst = min(indexed, key=lambda iv: (iv[1], iv[0]))
    peak = min(indexed, key=lambda iv: (-abs(iv[1] - neutral), iv[0]))
    end = indexed[-1]
    drops = []
    for k in range(1, len(indexed)):
        (i, a), (j, b) = indexed[k - 1], indexed[k]
        # Nothing valued lies between i and j: they are consecutive once gaps are skipped.
        assert all(values[m] is None for m in range(i + 1, j))
        if b - a < 0:
            drops.append((b - a, k, i, j))
    drop = min(drops) if drops else None
    return {
        "best": best,
        "worst": worst,
        "end": end,
        "peak": peak,
        "drop": None if drop is None else (drop[2], drop[3], drop[0]),
        "peak_end": (peak[1] + end[1]) / 2,
    }


def curve_of(values: list[float | None], neutral: float = 0.0) -> Any:
    points = [Point("s", f"t{i}", v) for i, v in enumerate(values)]
    return build_curve(points, ["s"], neutral)


@SETTINGS
@given(values_with_gaps)
def test_curve_statistics_match_a_brute_force_reference(values: list[float | None]) -> None:
    curve = curve_of(values)
    ref = reference_stats(values, 0.0)
    for name in ("best", "worst", "end", "peak"):
        mark = getattr(curve, name)
        if ref[name] is None:
            assert mark is None
        else:
            assert (mark.touchpoint, mark.value) == (f"t{ref[name][0]}", ref[name][1])
    if ref["drop"] is None:
        assert curve.biggest_drop is None
    else:
        i, j, delta = ref["drop"]
        drop = curve.biggest_drop
        assert (drop.from_touchpoint, drop.to_touchpoint) == (f"t{i}", f"t{j}")
        assert drop.delta == delta
    if ref["peak_end"] is None:
        assert curve.peak_end is None
    else:
        assert curve.peak_end == pytest.approx(ref["peak_end"])


@SETTINGS
@given(values_with_gaps, st.data())
def test_gaps_are_never_zeros(values: list[float | None], data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(values)))
    with_gap = [*values[:position], None, *values[position:]]
    plain, gapped = curve_of(values), curve_of(with_gap)
    assert gapped.points[position].value is None
    for name in ("best", "worst", "end", "peak"):
        a, b = getattr(plain, name), getattr(gapped, name)
        assert (a is None and b is None) or a.value == b.value
    assert plain.peak_end == gapped.peak_end
    assert plain.stages == gapped.stages
    drop_a, drop_b = plain.biggest_drop, gapped.biggest_drop
    assert (drop_a is None) == (drop_b is None)
    if drop_a is not None and drop_b is not None:
        assert drop_a.delta == drop_b.delta
    # A zero in place of the gap is a real point and may change the curve; a gap never does.
    valued = [v for v in values if v is not None]
    assert gapped.stages["s"] == (sum(valued) / len(valued) if valued else None)


@SETTINGS
@given(st.data())
def test_a_touchpoint_without_emotion_is_a_gap_in_every_curve(data: st.DataObject) -> None:
    personas = data.draw(personas_st(min_size=1))
    scale = (-2, 2)
    stages = data.draw(
        st.lists(st.lists(touchpoint_st(personas, scale), max_size=4), min_size=1, max_size=3)
    )
    journey = make_journey(stages, personas)
    result = analyze(resolve(journey), FrictionWeights())
    for (_, tp), point in zip(journey.touchpoints(), result.emotion.combined.points, strict=True):
        has_any = any(tp.emotion_for(p["id"]) is not None for p in personas)
        assert (point.value is None) == (not has_any)
    for persona, curve in result.emotion.personas.items():
        for (_, tp), point in zip(journey.touchpoints(), curve.points, strict=True):
            assert point.value == tp.emotion_for(persona)


# --- share weighting -------------------------------------------------------------------------


@SETTINGS
@given(personas_st(min_size=1), st.data())
def test_the_combined_curve_is_the_share_weighted_mean(
    personas: list[dict[str, Any]], data: st.DataObject
) -> None:
    ids = [p["id"] for p in personas]
    emotion = {
        ident: data.draw(st.integers(-2, 2).map(float))
        for ident in data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
    }
    journey = make_journey([[{"emotion": emotion}]], personas)
    [point] = analyze(resolve(journey), FrictionWeights()).emotion.combined.points
    weights = persona_weights_ref(personas)
    total = sum(weights[k] for k in emotion)
    if total > 0:
        expected = sum(weights[k] * v for k, v in emotion.items()) / total
    else:
        expected = sum(emotion.values()) / len(emotion)
    assert point.value == pytest.approx(expected)
    assert min(emotion.values()) - 1e-9 <= point.value <= max(emotion.values()) + 1e-9


@SETTINGS
@given(st.integers(1, 3), st.data())
def test_without_shares_every_persona_weighs_the_same(count: int, data: st.DataObject) -> None:
    personas = [{"id": f"p{i}", "name": "P"} for i in range(count)]
    emotion = {p["id"]: data.draw(st.integers(-2, 2).map(float)) for p in personas}
    journey = make_journey([[{"emotion": emotion}]], personas)
    [point] = analyze(resolve(journey), FrictionWeights()).emotion.combined.points
    assert point.value == pytest.approx(sum(emotion.values()) / count)


@SETTINGS
@given(st.floats(0.01, 0.99), st.integers(-2, 2), st.integers(-2, 2))
def test_a_bigger_share_pulls_the_combined_curve_towards_that_persona(
    share: float, a: int, b: int
) -> None:
    assume(a != b)
    personas = [
        {"id": "a", "name": "A", "share": share},
        {"id": "b", "name": "B", "share": 1 - share},
    ]
    journey = make_journey([[{"emotion": {"a": a, "b": b}}]], personas)
    [point] = analyze(resolve(journey), FrictionWeights()).emotion.combined.points
    assert point.value is not None
    assert point.value == pytest.approx(share * a + (1 - share) * b)
    # Closer to the heavier persona.
    heavy, light = (a, b) if share > 0.5 else (b, a)
    if not math.isclose(share, 0.5):
        assert abs(point.value - heavy) < abs(point.value - light)
