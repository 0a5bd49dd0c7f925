"""``cjmap render -f pdf|png`` without printing anything: finding the browser, the options'
refusals, and the page changes that came with the print layout (labels, persona keys)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.render.browser import BrowserError, find_browser
from cjmap.render.context import attribute_label
from cjmap.render.messages import LOCALES, messages
from conftest import EXAMPLES
from output_checks import run


def _program(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def test_browser_named_with_the_option_comes_first(tmp_path: Path) -> None:
    given = _program(tmp_path, "my-chrome")
    other = _program(tmp_path, "chromium")
    env = {"PATH": str(tmp_path), "CJMAP_BROWSER": str(other)}
    assert find_browser(str(given), env) == str(given)
    assert find_browser(None, env) == str(other)
    assert find_browser(None, {"PATH": str(tmp_path)}) == str(other)


def test_browser_found_on_path_by_its_usual_names(tmp_path: Path) -> None:
    edge = _program(tmp_path, "msedge")
    assert find_browser(None, {"PATH": str(tmp_path)}) == str(edge)


def test_no_browser_says_how_to_install_one(tmp_path: Path) -> None:
    with pytest.raises(BrowserError, match="apt-get install chromium"):
        find_browser(None, {"PATH": str(tmp_path)})
    with pytest.raises(BrowserError, match="--browser '/no/such/chrome': no such program"):
        find_browser("/no/such/chrome", {})
    with pytest.raises(BrowserError, match="CJMAP_BROWSER 'nope': no such program"):
        find_browser(None, {"CJMAP_BROWSER": "nope"})


def test_cli_without_a_browser_exits_2_with_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CJMAP_BROWSER", raising=False)
    out = tmp_path / "out"
    result = run("render", "-f", "pdf", "-o", str(out), cwd=EXAMPLES)
    assert result.exit_code == 2
    assert "none was found" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing is written without a browser"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--paper", "A0"], "--paper A0: unknown paper size; choose one of: A4, A3, A2, A1"),
        (["--orientation", "sideways"], "--orientation sideways: choose landscape or portrait"),
        (["-f", "png", "--width", "12"], "--width 12: give a whole number of CSS pixels"),
        (["-f", "png", "--width", "wide"], "--width wide: give a whole number"),
        (["--browser", "/no/such/browser"], "--browser '/no/such/browser': no such program"),
    ],
)
def test_bad_print_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    format_given = "-f" in args
    result = run(
        "render", *([] if format_given else ["-f", "pdf"]), *args, "-o", str(tmp_path / "o"),
        cwd=EXAMPLES,
    )  # fmt: skip
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr


def test_options_of_the_other_format_are_named_as_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CJMAP_BROWSER", raising=False)
    png = run("render", "-f", "png", "--paper", "A4", "-o", str(tmp_path / "o"), cwd=EXAMPLES)
    assert "--paper and --orientation only apply to --format pdf; ignored" in png.stderr
    pdf = run("render", "-f", "pdf", "--width", "900", "-o", str(tmp_path / "o"), cwd=EXAMPLES)
    assert "--width only applies to --format png; ignored" in pdf.stderr


def test_the_index_name_of_pdf_is_refused_as_a_journey_id(tmp_path: Path) -> None:
    from cjmap.render.run import RenderError, check_names

    class Fake:
        class resolved:
            file = "journeys/index.yaml"

            class journey:
                id = "INDEX"

    with pytest.raises(RenderError, match=r"overwrite index\.pdf"):
        check_names([Fake()], "pdf")  # type: ignore[list-item]


def test_persona_attribute_keys_are_humanised_and_localised() -> None:
    en, ru, zh = messages("en"), messages("ru"), messages("zh")
    assert attribute_label("company_size", en) == "Company size"
    assert attribute_label("company_size", ru) == "Размер компании"
    assert attribute_label("Company_Size", zh) == "公司规模"
    assert attribute_label("budget_yuan", zh) == "Budget yuan"
    assert attribute_label("favourite-shop", en) == "Favourite shop"
    assert attribute_label("_", en) == "_"


def test_every_locale_has_the_new_labels() -> None:
    new = [key for key in messages("en") if key.startswith("attr_")] + ["category", "scope"]
    assert len(new) > 10
    for locale in LOCALES:
        own = Path(__file__).parent.parent / "src" / "cjmap" / "render" / "locales"
        text = (own / f"{locale}.json").read_text("utf-8")
        missing = [key for key in new if f'"{key}"' not in text]
        assert missing == [], f"{locale}: {missing}"


def test_pages_label_pain_point_details_and_persona_keys(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("render", "-o", str(out), cwd=EXAMPLES).exit_code == 0
    english = (out / "trial-onboarding.html").read_text("utf-8")
    assert "<span>Category: Process</span>" in english
    assert "<span>Scope: Segment</span>" in english
    assert "<dt>Company size</dt>" in english
    assert "<dt>company_size</dt>" not in english
    russian = (out / "business-account-opening.html").read_text("utf-8")
    assert "Категория: " in russian
    chinese = (out / "aircon-purchase.html").read_text("utf-8")
    assert "<dt>年龄</dt>" in chinese
    # Each touchpoint once in the table and once as a card; anchors only in the table.
    for page in out.glob("*.html"):
        html = page.read_text("utf-8")
        ids = html.split('id="pain-')[1:]
        assert len(ids) == len({i.split('"')[0] for i in ids}), page.name
