"""``cjmap import``: csv (the spreadsheet round trip), metrics (analytics and survey
exports) and mermaid (journey diagrams), through the CLI on the files of tests/data/import,
plus the units beneath: reading a table, Mermaid's grammar, the linear maps onto the
emotion scale."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmap.document.load import load_bytes
from cjmap.importer.errors import ImportProblem
from conftest import EXAMPLES, Result

DATA = Path(__file__).resolve().parent / "data" / "import"
Cli = Callable[..., Result]
TRIAL = "journeys/trial-onboarding.yaml"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the example workspace, with the test data in data/."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    for path in DATA.iterdir():
        shutil.copy(path, root / "data" / path.name)
    return root


def _data(path: Path) -> dict:  # type: ignore[type-arg]
    (document,) = load_bytes(path.read_bytes(), path.name).documents
    return document.data  # type: ignore[no-any-return]


def _touchpoint(data: dict, ident: str) -> dict:  # type: ignore[type-arg]
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            if tp["id"] == ident:
                return tp  # type: ignore[no-any-return]
    raise KeyError(ident)


def _export(cli: Cli, ws: Path, journey: str = TRIAL) -> list[list[str]]:
    result = cli("render", journey, "-f", "csv", "-o", "-", cwd=ws)
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))


def _save(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def _cell(rows: list[list[str]], tp_id: str, column: str) -> tuple[int, int]:
    header = rows[0]
    row = next(i for i, r in enumerate(rows) if r[header.index("touchpoint_id")] == tp_id)
    return row, header.index(column)


# --- import csv: the spreadsheet round trip ------------------------------------------------


def test_an_unedited_export_changes_nothing(cli: Cli, ws: Path) -> None:
    _save(ws / "export.csv", _export(cli, ws))
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "csv", "export.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "journeys/trial-onboarding.yaml is up to date; nothing to write" in result.stderr
    assert (ws / TRIAL).read_bytes() == before


def test_excel_unicode_text_with_decimal_commas_shows_a_diff_and_writes_nothing(
    cli: Cli, ws: Path
) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "pricing-page", "completion")
    rows[r][c] = "0,5"  # a decimal comma, as Excel writes it in Greek or Czech
    r, c = _cell(rows, "pricing-page", "effort")
    rows[r][c] = "2"
    _save(ws / "edited.txt", rows, delimiter="\t", encoding="utf-16")
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "csv", "edited.txt", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "cjmap diff: journeys/trial-onboarding.yaml → journeys/trial-onboarding.yaml (imported)"
    )
    assert '* edited pricing-page "Reads the pricing page" (completion, effort)' in result.stdout
    assert "nothing written (add --write to write the change)" in result.stderr
    assert (ws / TRIAL).read_bytes() == before
    assert cli("import", "csv", "edited.txt", "--exit-code", cwd=ws).exit_code == 1


def test_write_changes_only_the_edited_lines_and_keeps_comments(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "import-staff", "emotion:devon")
    rows[r][c] = "1"
    r, c = _cell(rows, "import-staff", "touchpoint")
    rows[r][c] = "Imports the staff list from Excel"
    r, c = _cell(rows, "linkedin-ad", "actions")
    rows[r][c] += "\nShares the ad with a colleague"
    _save(ws / "edited.csv", rows, delimiter=";")
    before = (ws / TRIAL).read_text(encoding="utf-8")
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "wrote journeys/trial-onboarding.yaml" in result.stderr
    after = (ws / TRIAL).read_text(encoding="utf-8")
    import difflib

    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "+          - Shares the ad with a colleague",
        "-        name: Imports the staff list",
        "+        name: Imports the staff list from Excel",
        "-        emotion: {maria: -2, devon: -1, tom: -1}",
        "+        emotion: {maria: -2, devon: 1, tom: -1}",
    ]
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    assert cli("validate", TRIAL, cwd=ws).exit_code == 0
    assert cli("import", "csv", "edited.csv", "--exit-code", cwd=ws).exit_code == 0


def test_a_formula_neutralised_cell_reads_back_as_its_text(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "linkedin-ad", "description")
    rows[r][c] = "'=Click-through below 2%"
    _save(ws / "edited.csv", rows)
    assert cli("import", "csv", "edited.csv", "--write", cwd=ws).exit_code == 0
    assert _touchpoint(_data(ws / TRIAL), "linkedin-ad")["description"] == (
        "=Click-through below 2%"
    )
    # Exported again, the cell is neutralised again, and imports to no change.
    _save(ws / "again.csv", _export(cli, ws))
    assert cli("import", "csv", "again.csv", "--exit-code", cwd=ws).exit_code == 0


def test_new_rows_land_in_their_stage_after_the_row_above(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    header = rows[0]
    r, _ = _cell(rows, "signup-form", "touchpoint")
    new = [""] * len(header)
    new[header.index("journey")] = "trial-onboarding"
    new[header.index("stage_id")] = "sign-up"
    new[header.index("touchpoint")] = "Reads the terms of service"
    new[header.index("effort")] = "2"
    new[header.index("emotion:maria")] = "-1"
    new[header.index("emotion:devon")] = "0"
    rows.insert(r + 1, new)
    _save(ws / "edited.csv", rows)
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert f"row {r + 2}: new touchpoint 'reads-the-terms-of-service'" in result.stderr
    stage = next(s for s in _data(ws / TRIAL)["stages"] if s["id"] == "sign-up")
    ids = [tp["id"] for tp in stage["touchpoints"]]
    assert ids[:3] == ["signup-form", "reads-the-terms-of-service", "verify-email"]
    assert stage["touchpoints"][1] == {
        "id": "reads-the-terms-of-service",
        "name": "Reads the terms of service",
        "emotion": {"maria": -1, "devon": 0},
        "effort": 2,
    }


def test_removed_rows_are_reported_and_removed_only_with_delete(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, _ = _cell(rows, "welcome-call", "touchpoint")
    del rows[r]
    _save(ws / "edited.csv", rows)
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 0
    assert (
        "1 touchpoint(s) have no row in edited.csv, kept (add --delete to remove them): "
        "welcome-call" in result.stderr
    )
    assert "welcome-call" in (ws / TRIAL).read_text(encoding="utf-8")
    result = cli("import", "csv", "edited.csv", "--delete", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "- removed welcome-call" not in result.stdout  # --write shows no diff
    assert "id: welcome-call" not in (ws / TRIAL).read_text(encoding="utf-8")


def test_new_makes_a_journey_from_a_spreadsheet(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws, "journeys/eshop-order-el.yaml")
    _save(ws / "el.csv", rows)
    result = cli("import", "csv", "el.csv", "--new", "eshop-copy", "--journey",
                 "journeys/eshop-copy.yaml", "--write", cwd=ws)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    copy = _data(ws / "journeys" / "eshop-copy.yaml")
    original = _data(ws / "journeys" / "eshop-order-el.yaml")
    assert [s["name"] for s in copy["stages"]] == [s["name"] for s in original["stages"]]
    assert [tp["emotion"] for s in copy["stages"] for tp in s["touchpoints"]] == [
        tp["emotion"] for s in original["stages"] for tp in s["touchpoints"]
    ]
    assert cli("validate", "journeys/eshop-copy.yaml", cwd=ws).exit_code == 0
    again = cli("import", "csv", "el.csv", "--new", "eshop-copy", "--journey",
                "journeys/eshop-copy.yaml", cwd=ws)  # fmt: skip
    assert again.exit_code == 1
    assert "the file exists already" in again.stderr


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "bad-delimiter.csv",
            "cjmap: data/bad-delimiter.csv, row 1: the header row is one single cell "
            "('journey|stage_id|touchpoint_id'): cjmap reads cells separated by commas, "
            "semicolons or tabs; save the file as CSV with one of them",
        ),
        (
            "bad-encoding.csv",
            "cjmap: data/bad-encoding.csv, row 3, column 4: the file is not UTF-8 text (byte "
            "0xe9). Save it from the spreadsheet as 'CSV UTF-8' (Excel) or with the character "
            "set 'Unicode (UTF-8)' (LibreOffice)",
        ),
        (
            "bad-missing-columns.csv",
            "cjmap: data/bad-missing-columns.csv, row 1: the header row has no column "
            "'journey', 'stage_id', 'touchpoint_id' (cjmap import csv reads the layout cjmap "
            "render -f csv writes); it has 'Step', 'Users'. Check that the first row holds the "
            "column names and that no column was renamed",
        ),
    ],
)
def test_bad_spreadsheets_are_refused_with_their_place(
    cli: Cli, ws: Path, file: str, message: str
) -> None:
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "csv", f"data/{file}", "--write", cwd=ws)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert (ws / TRIAL).read_bytes() == before


def test_an_unknown_stage_id_is_refused_with_row_and_column(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "welcome-call", "stage_id")
    rows[r][c] = "onboarding"
    _save(ws / "edited.csv", rows)
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"cjmap: edited.csv, row {r + 1}, column 'stage_id': there is no stage 'onboarding' in "
        "the journey 'trial-onboarding' (its stages: discover, sign-up, setup, first-value, "
        "buy); add the stage in the YAML first"
    )
    assert (ws / TRIAL).read_bytes() == before


def test_a_value_the_journey_cannot_hold_is_refused_and_nothing_written(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "linkedin-ad", "effort")
    rows[r][c] = "9"
    _save(ws / "edited.csv", rows)
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 1
    assert "the imported journey would not validate, so nothing was written" in result.stderr
    assert (ws / TRIAL).read_bytes() == before
    rows[r][c] = "a lot"
    _save(ws / "edited.csv", rows)
    result = cli("import", "csv", "edited.csv", cwd=ws)
    assert result.stderr.strip() == (
        f"cjmap: edited.csv, row {r + 1}, column 'effort': 'a lot' is not a number (write it "
        "as 3.5 or 3,5)"
    )


# --- import metrics: analytics and survey exports -------------------------------------------


def test_ga4_funnel_sets_completion_with_its_evidence(cli: Cli, ws: Path) -> None:
    result = cli("import", "metrics", "data/ga4-funnel.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "completion of 'pricing-page' from row(s) 8" in result.stderr
    data = _data(ws / TRIAL)
    pricing = _touchpoint(data, "pricing-page")
    assert pricing["completion"] == 0.642  # the latest date only (row 13 is October)
    assert "ga4-funnel" in pricing["evidence"]
    source = next(s for s in data["sources"] if s["id"] == "ga4-funnel")
    assert source == {
        "id": "ga4-funnel",
        "type": "analytics",
        "title": "GA4 funnel exploration, trial onboarding",
        "date": "2026-11-30",
        "n": 18450 + 11845 + 8339 + 7263 + 6718,
    }
    again = cli("import", "metrics", "data/ga4-funnel.csv", "--exit-code", cwd=ws)
    assert again.exit_code == 0


def test_greek_csat_sets_per_persona_emotion_weighted_by_responses(cli: Cli, ws: Path) -> None:
    with (ws / "cjmap.yaml").open("a", encoding="utf-8") as config:
        config.write(
            "  csat-el:\n    journey: eshop-order\n    type: survey\n    source: csat-el\n"
            "    sets: emotion\n    scale: csat\n    segments: {Ελένη: eleni}\n    columns:\n"
            "      touchpoint: Σημείο επαφής\n      persona: Τμήμα\n"
            "      value: Ικανοποίηση (1-5)\n      n: Απαντήσεις\n      date: Ημερομηνία\n"
        )
    result = cli("import", "metrics", "data/csat-survey-el.csv", "--mapping", "csat-el", cwd=ws)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "cjmap: data/csat-survey-el.csv: 1 row(s) name no touchpoint of the journey "
        "'eshop-order' in the column 'Σημείο επαφής' (rows 6); use the touchpoint's id or "
        "name, or add --ignore-unmatched to skip such rows"
    )
    result = cli("import", "metrics", "data/csat-survey-el.csv", "--mapping", "csat-el",
                 "--ignore-unmatched", "--write", cwd=ws)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "1 row(s) skipped, naming no touchpoint: rows 6" in result.stderr
    data = _data(ws / "journeys" / "eshop-order-el.yaml")
    # CSAT 2.5 on 1..5 → -2 + (2.5 - 1) × 4 / 4 = -0.5; Giorgos 1.5 → -1.5.
    assert _touchpoint(data, "cart")["emotion"] == {"eleni": -0.5, "giorgos": -1.5}
    assert _touchpoint(data, "payment")["emotion"] == {"eleni": 1, "giorgos": 1}
    source = next(s for s in data["sources"] if s["id"] == "csat-el")
    assert source["n"] == 120 + 80 + 60


def test_russian_nps_in_utf16_sets_emotion_on_the_journey_scale(cli: Cli, ws: Path) -> None:
    result = cli("import", "metrics", "data/nps-survey-ru.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    data = _data(ws / "journeys" / "business-account-ru.yaml")
    # NPS 6.8 on 0..10 → -2 + 6.8 × 4 / 10 = 0.72, for every persona the touchpoint names.
    assert _touchpoint(data, "online-form")["emotion"] == 0.72
    assert _touchpoint(data, "manager-callback")["emotion"] == {"olga": -0.36, "artem": -0.36}
    assert "nps-touchpoints" in _touchpoint(data, "document-check")["evidence"]
    assert cli("validate", ".", cwd=ws).exit_code == 0


def test_metrics_problems_name_file_row_and_column(cli: Cli, ws: Path) -> None:
    before = (ws / TRIAL).read_bytes()
    result = cli("import", "metrics", "data/bad-missing-columns.csv", "--mapping",
                 "ga4-funnel", cwd=ws)  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "cjmap: data/bad-missing-columns.csv, row 1: the header row has no column 'Completion "
        "rate', 'Date', 'Active users' (named in the mapping under imports: in cjmap.yaml); it "
        "has 'Step', 'Users'. Check that the first row holds the column names and that no "
        "column was renamed"
    )
    (ws / "data" / "late.csv").write_text(
        "Step,Date,Active users,Completion rate\npricing-page,30/11/2026,100,50%\n", "utf-8"
    )
    result = cli("import", "metrics", "data/late.csv", "--mapping", "ga4-funnel", cwd=ws)
    assert result.stderr.strip() == (
        "cjmap: data/late.csv, row 2, column 'Date': '30/11/2026' is not a date cjmap reads; "
        "write it as 2026-11-30 (or 20261130, as GA4 exports it)"
    )
    result = cli("import", "metrics", "data/ga4-unmatched.csv", "--mapping", "nope", cwd=ws)
    assert result.exit_code == 1
    assert "there is no mapping 'nope' under imports:" in result.stderr
    assert (ws / TRIAL).read_bytes() == before


def test_an_imports_mapping_is_checked_by_validate(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "cjmap.yaml").write_text(
        "kind: workspace\nimports:\n  csat:\n    journey: j\n    type: survey\n"
        "    source: s\n    sets: emotion\n    columns: {touchpoint: A, value: B}\n",
        encoding="utf-8",
    )
    result = cli("validate", ".", cwd=tmp_path)
    assert result.exit_code == 1
    assert "an import that sets emotion needs 'scale'" in result.stdout


# --- import mermaid ------------------------------------------------------------------------


def test_mermaid_documentation_example(cli: Cli, ws: Path) -> None:
    result = cli("import", "mermaid", "data/my-working-day.mmd", cwd=ws)
    assert result.exit_code == 0, result.stderr
    data = load_bytes(result.stdout.encode(), "x.yaml").documents[0].data
    assert data["id"] == "my-working-day"
    assert data["title"] == "My working day"
    assert data["personas"] == [{"id": "me", "name": "Me"}, {"id": "cat", "name": "Cat"}]
    assert [(s["id"], s["name"]) for s in data["stages"]] == [
        ("go-to-work", "Go to work"),
        ("go-home", "Go home"),
    ]
    tasks = [(tp["id"], tp["emotion"]) for s in data["stages"] for tp in s["touchpoints"]]
    assert tasks == [
        ("make-tea", {"me": 2}),
        ("go-upstairs", {"me": 0}),
        ("do-work", {"me": -2, "cat": -2}),
        ("go-downstairs", {"me": 2}),
        ("sit-down", {"me": 2}),
    ]


def test_mermaid_front_matter_directives_comments_and_accessibility(cli: Cli, ws: Path) -> None:
    result = cli("import", "mermaid", "data/mermaid-docs.mmd", "--id", "my-day",
                 "--output-file", "journeys/my-day.yaml", cwd=ws)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (ws / "journeys" / "my-day.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# Imported from the Mermaid journey mermaid-docs.mmd\n# accTitle: A day at work\n"
    )
    data = _data(ws / "journeys" / "my-day.yaml")
    assert data["id"] == "my-day"
    assert data["description"] == "How I feel at each step of a working day,\nfrom tea to the sofa."
    assert _touchpoint(data, "go-upstairs")["name"] == "Go upstairs"
    assert cli("validate", "journeys/my-day.yaml", cwd=ws).exit_code == 0


@pytest.mark.parametrize(
    "journey", ["trial-onboarding", "business-account-ru", "eshop-order-el", "aircon-purchase-zh"]
)
def test_mermaid_import_of_cjmaps_own_export_gives_back_the_journey(
    cli: Cli, ws: Path, journey: str
) -> None:
    from cjmap.render.formats.mermaid import mermaid_score

    exported = cli("render", f"journeys/{journey}.yaml", "-f", "mermaid", "-o", "-", cwd=ws)
    (ws / "exported.mmd").write_text(exported.stdout, encoding="utf-8")
    result = cli("import", "mermaid", "exported.mmd", cwd=ws)
    assert result.exit_code == 0, result.stderr
    back = load_bytes(result.stdout.encode(), "x.yaml").documents[0].data
    original = _data(ws / "journeys" / f"{journey}.yaml")
    analysis = cli("analyze", f"journeys/{journey}.yaml", "-f", "json", cwd=ws)
    import json

    (entry,) = json.loads(analysis.stdout)["journeys"]
    combined = {p["touchpoint"]: p["value"] for p in entry["emotion"]["combined"]["points"]
                if p["value"] is not None}  # fmt: skip
    scale = tuple(entry["scale"]) if "scale" in entry else (-2, 2)
    # Mermaid's journey cannot branch: the stages hold the main path, and each path's
    # touchpoints come back as a stage of their own, named as the export names its section.
    from cjmap.render.messages import messages

    label = messages(original.get("locale", "en"))["path_named"]
    main = [
        {**s, "touchpoints": [tp for tp in s["touchpoints"] if "path" not in tp]}
        for s in original["stages"]
    ]
    on_paths = [
        {
            "name": label.format(name=path["name"]),
            "touchpoints": [
                tp
                for s in original["stages"]
                for tp in s["touchpoints"]
                if tp.get("path") == path["id"]
            ],
        }
        for path in original.get("paths", [])
    ]
    stages = [s for s in [*main, *on_paths] if any(tp["id"] in combined for tp in s["touchpoints"])]
    assert [s["name"] for s in back["stages"]] == [s["name"] for s in stages]
    names = [tp["name"] for s in stages for tp in s["touchpoints"] if tp["id"] in combined]
    assert [tp["name"] for s in back["stages"] for tp in s["touchpoints"]] == names
    for stage in stages:
        for tp in stage["touchpoints"]:
            if tp["id"] not in combined:
                continue
            (mine,) = [
                t for s in back["stages"] for t in s["touchpoints"] if t["name"] == tp["name"]
            ][:1]
            values = (
                mine["emotion"].values() if isinstance(mine["emotion"], dict) else [mine["emotion"]]
            )
            score = mermaid_score(combined[tp["id"]], scale)  # type: ignore[arg-type]
            # Back on the workspace's scale (-2..2 in the examples): score - 3.
            assert all(v == score - 3 for v in values)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "bad-score.mmd",
            "cjmap: data/bad-score.mmd, row 4, column 14: the score '7' of the task 'Make tea' "
            "is not a number from 1 to 5",
        ),
        (
            "bad-not-journey.mmd",
            "cjmap: data/bad-not-journey.mmd, row 1, column 1: this is not a Mermaid journey "
            "diagram: it starts with 'flowchart', not 'journey'",
        ),
    ],
)
def test_bad_mermaid_files(cli: Cli, ws: Path, file: str, message: str) -> None:
    result = cli("import", "mermaid", f"data/{file}", cwd=ws)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_import_without_a_subcommand_shows_help(cli: Cli, ws: Path) -> None:
    result = cli("import", cwd=ws)
    assert result.exit_code in (0, 2)
    assert "csv" in result.stdout + result.stderr
    assert "metrics" in result.stdout + result.stderr


# --- units ---------------------------------------------------------------------------------


def test_table_finds_delimiter_encoding_and_reads_numbers() -> None:
    from cjmap.importer.table import formula_text, number, read_table

    text = "a;b;c\r\n1,5;'=SUM(A1);x\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        table = read_table(data, "t.csv", known=("a", "b", "c"))
        assert table.delimiter == ";"
        (row,) = table.rows
        assert number(row.cells["a"], "t.csv", 2, "a") == 1.5
        assert formula_text(row.cells["b"]) == "=SUM(A1)"
    assert formula_text("'plain") == "'plain"  # an apostrophe cjmap did not add stays
    assert number("45%", "t", 2, "a") == pytest.approx(0.45)
    assert number("", "t", 2, "a") is None
    with pytest.raises(ImportProblem, match="'abc' is not a number"):
        number("abc", "t", 2, "a")


def test_linear_maps_onto_the_emotion_scale() -> None:
    from cjmap.importer.mermaid import emotion
    from cjmap.importer.metrics import to_emotion

    assert [emotion(s, (-2, 2)) for s in (1, 2, 3, 4, 5)] == [-2, -1, 0, 1, 2]
    assert [emotion(s, (1, 10)) for s in (1, 3, 5)] == [1, 5.5, 10]
    assert to_emotion(1, (1, 5), (-2, 2)) == -2
    assert to_emotion(5, (1, 5), (-2, 2)) == 2
    assert to_emotion(0, (0, 10), (-2, 2)) == -2
    assert to_emotion(10, (0, 10), (1, 5)) == 5
    assert to_emotion(7.5, (0, 10), (-2, 2)) == 1


def test_mermaid_entities_and_trailing_comments() -> None:
    from cjmap.importer.mermaid import parse

    diagram = parse(
        "journey\n  section Pay #59; ship\n    Pick a size#44; colour: 4: Eleni#44; mother  %% x\n",
        "x.mmd",
    )
    (section,) = diagram.sections
    assert section.name == "Pay ; ship"
    (task,) = section.tasks
    assert (task.name, task.score, task.actors) == ("Pick a size, colour", 4.0, ["Eleni, mother"])


@pytest.mark.parametrize("name", ["csv", "metrics", "mermaid"])
def test_import_help_shows_metavars_and_whole_descriptions(cli: Cli, name: str) -> None:
    import re

    result = cli("import", name, "--help")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Usage: cjmap import {name} [OPTIONS] FILE\n")
    assert "<str>" not in result.stdout
    for line in result.stdout.splitlines():
        match = re.match(r"^\s+(-\w, )?--[\w-]+ (\S+)", line)
        if match:
            assert re.fullmatch(r"[A-Z][A-Z0-9_-]*", match.group(2)), line
    listing = " ".join(cli("--help").stdout.split())
    assert (
        "import Bring data in: a spreadsheet (csv), analytics and survey exports (metrics), a "
        "Mermaid journey (mermaid)." in listing
    )


def test_control_characters_of_an_imported_file_never_reach_the_terminal(
    cli: Cli, ws: Path
) -> None:
    (ws / "evil.mmd").write_text(
        "journey\n  title Pay\x1b]0;owned\x07\n  section S\x1b[2J\n    Task\x1b[31m: 3: Me\n",
        encoding="utf-8",
    )
    result = cli("import", "mermaid", "evil.mmd", cwd=ws)
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr
    if result.exit_code == 0:
        data = load_bytes(result.stdout.encode(), "x.yaml").documents[0].data
        assert data["stages"][0]["touchpoints"][0]["name"] == "Task\x1b[31m"
    (ws / "evil\x1b[2J.csv").write_text("a|b\n", encoding="utf-8")
    result = cli("import", "csv", "evil\x1b[2J.csv", cwd=ws)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr


def test_a_stage_is_renamed_from_any_one_of_its_rows(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    r, c = _cell(rows, "verify-email", "stage")
    rows[r][c] = "Sign-up"
    _save(ws / "edited.csv", rows)
    result = cli("import", "csv", "edited.csv", "--write", cwd=ws)
    assert result.exit_code == 0, result.stderr
    stage = next(s for s in _data(ws / TRIAL)["stages"] if s["id"] == "sign-up")
    assert stage["name"] == "Sign-up"
    r2, _ = _cell(rows, "signup-form", "stage")
    rows[r2][c] = "Registration"
    _save(ws / "edited.csv", rows)
    result = cli("import", "csv", "edited.csv", cwd=ws)
    assert result.exit_code == 1
    assert "is called 'Registration' in row" in result.stderr


# --- a list in a message stays one readable line -------------------------------------------


def test_rows_of_many_journeys_are_named_a_few_then_counted(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    journey = rows[0].index("journey")
    for number, row in enumerate(rows[1:]):
        row[journey] = f"journey-{number:03d}"
    _save(ws / "many.csv", rows)
    result = cli("import", "csv", "many.csv", cwd=ws)
    assert result.exit_code == 1
    count = len(rows) - 1
    assert f"the rows belong to {count} journeys (journey-000, journey-001," in result.stderr
    assert f"journey-007 and {count - 8} more)" in result.stderr
    assert "journey-008" not in result.stderr


def test_many_journeys_of_one_id_are_named_a_few_then_counted(cli: Cli, ws: Path) -> None:
    rows = _export(cli, ws)
    _save(ws / "trial.csv", rows)
    for number in range(30):
        shutil.copy(ws / TRIAL, ws / "journeys" / f"copy-{number:02d}.yaml")
    result = cli("import", "csv", "trial.csv", cwd=ws)
    assert result.exit_code == 1
    assert "31 journeys match (" in result.stderr
    assert " and 23 more); name one with --journey" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 400


@pytest.mark.parametrize(("count", "expected"), [(0, ""), (3, "a0, a1, a2"), (8, None), (9, None)])
def test_listing_names_at_most_eight(count: int, expected: str | None) -> None:
    from cjmap.util.textsafe import listing

    items = [f"a{i}" for i in range(count)]
    text = listing(iter(items))
    if expected is not None:
        assert text == expected
    elif count <= 8:
        assert text == ", ".join(items)
    else:
        assert text == ", ".join(items[:8]) + f" and {count - 8} more"
