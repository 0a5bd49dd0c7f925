"""What a map shows for journeys of different shapes: personas, gaps, scales, future states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjmap.render.context import JourneyView, build_journey, heat_level, quoted
from cjmap.render.messages import Formatter, html_lang, label_locale, messages
from cjmap.render.run import Options, jobs_for, render_job
from cjmap.workspace.corpus import load_corpus


def view_of(tmp_path: Path, *docs: str, journey_id: str = "j") -> JourneyView:
    from cjmap.analysis.run import analyze

    (tmp_path / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    for i, text in enumerate(docs):
        (tmp_path / f"doc{i}.yaml").write_text(text, "utf-8")
    corpus = load_corpus([], cwd=tmp_path)
    jobs = {job.resolved.journey.id: job for job in jobs_for(corpus)}
    job = jobs[journey_id]
    improved = None
    if job.improved is not None:
        improved = (job.improved, analyze(job.improved, job.weights))
    analysis = analyze(job.resolved, job.weights)
    return build_journey(job.resolved, analysis, Formatter(messages("en")), improved=improved)


def journey(
    personas: str = "", emotions: tuple[str, ...] = ("1", "-1"), extra: str = "", ident: str = "j"
) -> str:
    tps = "\n".join(
        f"      - id: t{i}\n        name: Step {i}\n"
        + (f"        emotion: {value}\n" if value else "")
        for i, value in enumerate(emotions)
    )
    return (
        f"kind: journey\nid: {ident}\ntitle: J\n{personas}{extra}"
        f"stages:\n  - id: s\n    name: S\n    touchpoints:\n{tps}\n"
    )


def test_no_personas_draws_one_line_for_customers(tmp_path: Path) -> None:
    view = view_of(tmp_path, journey())
    assert view.curve is not None
    assert [s.name for s in view.curve.series] == ["Customers"]
    assert view.curve.combined is None
    assert "emotion" in view.lanes


def test_one_persona_has_no_combined_line(tmp_path: Path) -> None:
    view = view_of(tmp_path, journey("personas: [{id: ann, name: Ann}]\n"))
    assert view.curve is not None
    assert [s.name for s in view.curve.series] == ["Ann"]
    assert view.curve.combined is None


def test_several_personas_get_their_own_lines_and_a_combined_band(tmp_path: Path) -> None:
    personas = "personas: [{id: ann, name: Ann, share: 0.7}, {id: bo, name: Bo, share: 0.3}]\n"
    view = view_of(tmp_path, journey(personas, ("{ann: 2, bo: -2}", "{ann: 1}")))
    assert view.curve is not None
    assert [s.name for s in view.curve.series] == ["Ann", "Bo"]
    bo = view.curve.series[1]
    assert len(bo.markers) == 1, "Bo has a gap at the second touchpoint"
    assert view.curve.combined is not None
    assert [p.style for p in view.personas] == [0, 1]


def test_no_emotion_at_all_means_no_curve_lane(tmp_path: Path) -> None:
    view = view_of(tmp_path, journey(emotions=("", "")))
    assert view.curve is None
    assert "emotion" not in view.lanes


def test_empty_lanes_are_left_out(tmp_path: Path) -> None:
    view = view_of(tmp_path, journey())
    assert not {"actions", "thoughts", "pain_points", "metrics", "frontstage"} & set(view.lanes)
    assert view.blueprint_start is None


def test_blueprint_lanes_start_at_the_first_present(tmp_path: Path) -> None:
    text = journey().replace(
        "        emotion: 1\n", "        emotion: 1\n        backstage: [CRM]\n"
    )
    view = view_of(tmp_path, text)
    assert "backstage" in view.lanes
    assert "frontstage" not in view.lanes
    assert view.blueprint_start == "backstage"


def test_future_state_shows_the_improved_curve_by_touchpoint_id(tmp_path: Path) -> None:
    current = journey(emotions=("-2", "-1"), ident="now")
    future = journey(emotions=("1", "2"), extra="state: future\nimproves: now\n", ident="next")
    view = view_of(tmp_path, current, future, journey_id="next")
    assert view.improves_title == "J"
    assert view.curve is not None
    (before,) = view.curve.background
    assert [m.label for m in before.markers] == ["", ""]
    assert len(before.segments) == 1


def test_future_state_without_matching_touchpoints_has_no_faint_curve(tmp_path: Path) -> None:
    current = journey(emotions=("-2", "-1"), ident="now").replace("id: t", "id: old-t")
    future = journey(extra="state: future\nimproves: now\n", ident="next")
    view = view_of(tmp_path, current, future, journey_id="next")
    assert view.curve is not None
    assert view.curve.background == ()


def test_other_scale_labels_values_without_plus_signs(tmp_path: Path) -> None:
    view = view_of(tmp_path, journey(emotions=("9", "2"), extra="emotion_scale: [1, 10]\n"))
    assert view.curve is not None
    assert [m.label for m in view.curve.series[0].markers] == ["9", "2"]
    assert [t.label for t in view.curve.ticks if t.neutral] == ["5.5"]


def test_numbers_and_units_follow_the_locale() -> None:
    ru = Formatter(messages("ru"))
    assert ru.num(-1.25, 2) == "\u22121,25"
    assert ru.pct(0.825, 1) == "82,5 %"
    assert ru.minutes(60 * 24 * 8 + 90) == "1\u00a0нед. 1\u00a0дн. 1\u00a0ч 30\u00a0мин"
    en = Formatter(messages("en"))
    assert en.num(None) == "—"
    assert en.num(0.5, 1, signed=True) == "+0.5"
    assert en.num(-0.0) == "0"
    assert en.minutes(0) == "0\u00a0min"


@pytest.mark.parametrize(
    ("requested", "labels", "lang"),
    [
        ("ru", "ru", "ru"),
        ("ru-RU", "ru", "ru-RU"),
        ("zh_Hans", "zh", "zh-Hans"),
        ("EL", "el", "EL"),
        ("de", None, "de"),
        ('"><script>', None, "en"),
        (None, None, "en"),
    ],
)
def test_locale_resolution(requested: str | None, labels: str | None, lang: str) -> None:
    assert label_locale(requested) == labels
    assert html_lang(requested, "en") == lang


def test_every_locale_has_every_label() -> None:
    from cjmap.render.messages import LOCALES, _load

    english = set(_load("en"))
    for locale in LOCALES:
        assert set(_load(locale)) == english, locale


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Is it per user?", "“Is it per user?”"),
        ("“Already quoted”", "“Already quoted”"),
        ('"Straight quotes"', '"Straight quotes"'),
        ("「引用」", "「引用」"),
    ],
)
def test_thoughts_get_quotation_marks_once(text: str, expected: str) -> None:
    assert quoted(text, messages("en")) == expected


def test_quotation_marks_follow_the_locale() -> None:
    assert quoted("Да", messages("ru")) == "«Да»"
    assert quoted("Ano", messages("cs")) == "„Ano“"


@pytest.mark.parametrize(
    ("friction", "level"),
    [(None, -1), (0, 0), (4.9, 0), (5, 1), (15, 2), (25, 3), (94.9, 9), (95, 10), (100, 10)],
)
def test_heat_levels(friction: float | None, level: int) -> None:
    assert heat_level(friction) == level


def test_render_job_notes_a_locale_without_labels(tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text("kind: workspace\nlocale: fr\n", "utf-8")
    (tmp_path / "j.yaml").write_text(journey(), "utf-8")
    (job,) = jobs_for(load_corpus([], cwd=tmp_path))
    result: Any = render_job(job, Options(default_locale="fr"))
    assert result.note is not None
    assert "no labels for locale 'fr'" in result.note
    assert b'<html lang="fr"' in result.data
