"""``cjmap fmt``: canonical form, comments kept, nothing lost, files written safely.

The corpus in ``tests/fmt_corpus/`` holds tricky files; every one must round-trip. Adding a
case means adding a file there.
"""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cjmap.fmt.formatter import (
    BOM,
    FormatError,
    canonical_comment,
    format_bytes,
    format_text,
    unified_diff,
)
from cjmap.fmt.keys import KEY_ORDER

CORPUS = Path(__file__).parent / "fmt_corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))
ROOT = Path(__file__).resolve().parent.parent

Run = Callable[..., Any]


def fmt(text: str) -> str:
    return format_text(textwrap.dedent(text).lstrip("\n"))


def same(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def plain(text: str) -> list[Any]:
    return list(YAML(typ="safe").load_all(text))


# --- canonical key order --------------------------------------------------------------------


def test_journey_keys_follow_the_spec_order() -> None:
    out = fmt("""
        stages:
          - touchpoints:
              - emotion: 1
                name: Sees an ad
                id: ad
            name: Awareness
            id: awareness
        title: Trial
        id: trial
        kind: journey
    """)
    assert out == same("""
        kind: journey
        id: trial
        title: Trial
        stages:
          - id: awareness
            name: Awareness
            touchpoints:
              - id: ad
                name: Sees an ad
                emotion: 1
    """)


def test_every_nested_kind_is_ordered() -> None:
    out = fmt("""
        kind: journey
        id: j
        title: J
        personas: [maria, {share: 0.65, name: Tom, id: tom}]
        sources:
          - url: https://example.com
            id: s
            type: survey
        stages:
          - id: a
            name: A
            touchpoints:
              - id: t
                name: T
                metrics:
                  - target: 2.5
                    name: CTR
                pain_points:
                  - severity: 4
                    text: Slow
                opportunities:
                  - addresses: [x]
                    text: Faster
    """)
    assert "personas: [maria, {id: tom, name: Tom, share: 0.65}]" in out
    assert "  - id: s\n    type: survey\n    url: https://example.com\n" in out
    assert "- name: CTR\n" in out
    assert "- text: Slow\n" in out
    assert "- text: Faster\n" in out


def test_unknown_keys_come_after_the_known_ones_in_their_own_order() -> None:
    out = fmt("""
        zeta: 1
        kind: persona
        alpha: 2
        name: Maria
        id: maria
    """)
    assert out == "kind: persona\nid: maria\nname: Maria\nzeta: 1\nalpha: 2\n"


def test_free_form_mappings_keep_the_users_order() -> None:
    source = same("""
        kind: workspace
        friction:
          weights: {pain: 2, effort: 1, emotion: 1, dropoff: 1}
        rules:
          stale: warning
          metric-without-target: info
    """)
    assert format_text(source) == source
    # YAML 1.1 readers (and yamllint) take a plain `off` for false; in YAML 1.2 it is the
    # string either way, so fmt spells it unambiguously.
    assert format_text("kind: workspace\nrules:\n  stale: off\n").endswith('stale: "off"\n')
    persona = "kind: persona\nid: m\nname: M\ndemographics: {location: Prague, age: 34}\n"
    assert format_text(persona) == persona
    journey = fmt("""
        kind: journey
        id: j
        title: J
        stages:
          - id: s
            name: S
            touchpoints:
              - id: t
                name: T
                emotion:
                  tom: 2
                  maria: -1
    """)
    assert "emotion:\n          tom: 2\n          maria: -1\n" in journey


def test_documents_without_a_known_kind_are_not_reordered() -> None:
    assert fmt("b: 1\na: 2\n") == "b: 1\na: 2\n"
    assert fmt("kind: other\nb: 1\nid: x\n") == "kind: other\nb: 1\nid: x\n"


def test_key_orders_cover_the_spec_kinds() -> None:
    assert KEY_ORDER["journey"][:3] == ("kind", "id", "title")
    assert KEY_ORDER["touchpoint"][-2:] == ("pain_points", "opportunities")
    assert KEY_ORDER["workspace"] == (
        "kind",
        "emotion_scale",
        "include",
        "exclude",
        "locale",
        "review_every",
        "friction",
        "rules",
    )


# --- comments -------------------------------------------------------------------------------


def test_a_comment_above_a_key_moves_with_the_key() -> None:
    out = fmt("""
        title: T
        # about the id
        id: x
        kind: persona
    """)
    assert out == "kind: persona\n# about the id\nid: x\ntitle: T\n"


def test_end_of_line_comments_stay_on_their_key() -> None:
    out = fmt("""
        name: Maria   # required
        kind: persona  # the kind
        id: maria
    """)
    assert out == "kind: persona  # the kind\nid: maria\nname: Maria   # required\n"


def test_a_comment_above_a_deep_key_is_not_taken_by_the_previous_collection() -> None:
    out = fmt("""
        kind: journey
        stages:
          - id: a
            name: A
        # the title, which moves up
        title: T
        id: j
    """)
    assert out == same("""
        kind: journey
        id: j
        # the title, which moves up
        title: T
        stages:
          - id: a
            name: A
    """)


def test_trailing_comments_of_a_nested_block_stay_in_it() -> None:
    out = fmt("""
        kind: journey
        stages:
          - name: A
            id: a
            # still about stage a
        id: j
    """)
    assert out == same("""
        kind: journey
        id: j
        stages:
          - id: a
            name: A
            # still about stage a
    """)


def test_comments_at_the_top_stay_at_the_top() -> None:
    out = fmt("""
        # yaml-language-server: $schema=../schemas/persona.json
        name: M
        kind: persona
        id: m
    """)
    assert out.startswith("# yaml-language-server: $schema=../schemas/persona.json\nkind:")


def test_a_comment_above_a_sequence_item_stays_above_it() -> None:
    out = fmt("""
        kind: journey
        stages:
          # first
          - name: A
            id: a
          # second
          - name: B
            id: b
    """)
    assert "  # first\n  - id: a\n    name: A\n  # second\n  - id: b\n" in out


def test_blank_line_groups_are_kept_and_collapsed() -> None:
    out = fmt("""


        kind: persona


        id: m
        name: M

    """)
    assert out == "kind: persona\n\nid: m\nname: M\n"


def test_comment_spacing_is_canonical() -> None:
    out = fmt("""
        kind: persona #tight
        #no space
        id: m
    """)
    assert out == "kind: persona  # tight\n# no space\nid: m\n"


def test_comments_are_indented_like_their_content() -> None:
    out = fmt("""
        kind: journey
        stages:
        # odd indentation
            - id: a
              name: A
    """)
    assert out == "kind: journey\nstages:\n  # odd indentation\n  - id: a\n    name: A\n"


def test_a_comment_on_a_block_scalar_header_is_kept() -> None:
    out = fmt("""
        kind: persona
        description: |  # shown on the card
          Runs operations.
        id: m
    """)
    assert out == "kind: persona\nid: m\ndescription: |  # shown on the card\n  Runs operations.\n"


def test_a_hash_inside_a_string_is_not_a_comment() -> None:
    source = 'kind: persona\nid: m\nquote: "we are #1"\ndescription: |\n  # not a comment\n'
    assert format_text(source) == source


def test_a_comment_inside_a_flow_collection_is_refused_with_its_place() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("kind: persona\ngoals: [a,  # why\n  b]\n")
    assert (caught.value.line, caught.value.column) == (2, 13)
    assert "flow collection" in caught.value.message


def test_canonical_comment() -> None:
    assert canonical_comment("  #x ") == "# x"
    assert canonical_comment("## title") == "## title"
    assert canonical_comment("#") == "#"


# --- style ----------------------------------------------------------------------------------


def test_indentation_becomes_two_spaces_with_sequences_under_their_key() -> None:
    out = fmt("""
        kind: persona
        id: m
        name: M
        goals:
        -   one
        -   two
        demographics:
              age: 34
    """)
    assert out == same("""
        kind: persona
        id: m
        name: M
        demographics:
          age: 34
        goals:
          - one
          - two
    """)


def test_flow_style_quotes_and_block_scalars_are_kept() -> None:
    source = same("""
        kind: persona
        id: m
        name: 'Maria'
        quote: "Just work."
        description: >
          Folded
          text.
        goals: [one, "two", 'three']
        frustrations:
          - |-
            kept
            literally
    """)
    assert format_text(source) == source


def test_yaml11_booleans_written_as_plain_strings_are_quoted() -> None:
    out = fmt("kind: persona\nid: m\nname: no\ngoals: [yes, On, x]\nsegment: 'off'\n")
    assert out == 'kind: persona\nid: m\nname: "no"\nsegment: \'off\'\ngoals: ["yes", "On", x]\n'


def test_long_lines_are_not_wrapped() -> None:
    long = "word " * 80
    source = f"kind: persona\nid: m\nname: {long.strip()}\n"
    assert format_text(source) == source


def test_anchors_and_aliases_are_kept_even_unused_ones() -> None:
    source = same("""
        kind: journey
        id: j
        title: J
        stages:
          - &first
            id: a
            name: A
            touchpoints: &tps
              - id: t
                name: T
          - id: b
            name: B
            touchpoints: *tps
    """)
    assert format_text(source) == source


def test_multi_document_files() -> None:
    out = fmt("""
        name: A
        kind: persona
        id: a
        ---
        # second
        id: b
        kind: persona
        name: B
    """)
    assert out == "kind: persona\nid: a\nname: A\n---\n# second\nkind: persona\nid: b\nname: B\n"


def test_a_formatted_file_is_left_alone() -> None:
    source = (CORPUS / "already_canonical.yaml").read_text(encoding="utf-8")
    assert format_text(source) == source


def test_texts_without_documents_are_left_alone() -> None:
    for text in ("", "\n\n", "# only a comment\n\n#  another\n"):
        assert format_text(text) == text


# --- errors ---------------------------------------------------------------------------------


def test_a_syntax_error_is_reported_with_its_line_and_column() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("kind: persona\nid: [unclosed\nname: x\n")
    # Where the list opens, in the words validate uses.
    assert (caught.value.line, caught.value.column) == (2, 5)
    assert caught.value.located("p.yaml") == (
        "p.yaml:2:5: YAML syntax: the list opened with '[' here is not closed "
        "(hint: close it with ']' at the end of the line)"
    )


def test_duplicate_keys_are_refused_as_cjmap_reports_them() -> None:
    with pytest.raises(FormatError, match="the key 'id' appears twice") as caught:
        format_text("kind: persona\nid: a\nid: b\n")
    assert (caught.value.line, caught.value.column) == (3, 1)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00k\x00", b"kind: persona\nname: caf\xe9\n", bytes(range(256)), b"a: \x00\n"],
)
def test_binary_and_non_utf8_input_is_a_format_error(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        format_bytes(data)
    assert caught.value.line is not None


def test_an_impossible_date_is_kept_as_the_text_cjmap_reads() -> None:
    # cjmap reads YAML 1.2's core schema, which has no dates: both are the text 2026-13-45
    # (validate judges it), and fmt keeps each as it is written.
    for text in ("reviewed: 2026-13-45", 'reviewed: "2026-13-45"'):
        source = f"id: j\n{text}\nkind: journey\n"
        assert format_text(source) == f"kind: journey\nid: j\n{text}\n"


def test_a_recursive_alias_is_refused_not_silently_dropped() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("kind: persona\nid: m\ndemographics: &me\n  self: *me\n")
    assert (caught.value.line, caught.value.column) == (4, 9)


def test_deep_nesting_is_a_format_error_not_a_crash() -> None:
    with pytest.raises(FormatError, match="nested more than 64 levels deep"):
        format_text("a: " + "[" * 3000 + "]" * 3000 + "\n")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_raw_line_separator_is_refused_where_it_stands(separator: str) -> None:
    text = f'kind: journey\nid: j\ntitle: "a{separator}b"  # note{separator}more\n'
    with pytest.raises(FormatError) as caught:
        format_text(text)
    assert (caught.value.line, caught.value.column) == (3, 10)
    assert "delete it" in caught.value.message
    # Written as an escape it is kept as one, in the numeric form most people know.
    for written, kept in [("\\u2028", "\\u2028"), ("\\L", "\\u2028"), ("\\N", "\\x85")]:
        source = f'kind: journey\nid: j\ntitle: "a{written}b"\n'
        assert format_text(source).endswith(f'"a{kept}b"\n')


def test_non_utf8_position() -> None:
    with pytest.raises(FormatError) as caught:
        format_bytes(b"kind: persona\nname: caf\xe9\n")
    assert (caught.value.line, caught.value.column) == (2, 10)


# --- bytes: line ends and byte-order mark ---------------------------------------------------


def test_crlf_line_ends_are_kept() -> None:
    out = format_bytes(b"name: M\r\nkind: persona\r\nid: m\r\n")
    assert out == b"kind: persona\r\nid: m\r\nname: M\r\n"


def test_a_byte_order_mark_is_kept() -> None:
    out = format_bytes(BOM + b"name: M\nkind: persona\n")
    assert out == BOM + b"kind: persona\nname: M\n"


def test_unchanged_bytes_are_returned_as_they_are() -> None:
    for data in (b"kind: persona\r\nid: m\r\n", b"kind: persona\rid: m\r", b"kind: persona\n"):
        assert format_bytes(data) is data


def test_unified_diff() -> None:
    diff = unified_diff(b"b: 1\na: 2\n", b"a: 2\nb: 1\n", "x.yaml")
    assert diff.startswith("--- x.yaml\n+++ x.yaml\n@@")
    assert unified_diff(b"same\n", b"same\n", "x.yaml") == ""
    assert "\\ No newline at end of file" in unified_diff(b"a: 1", b"a: 1\n", "x.yaml")


# --- the corpus -----------------------------------------------------------------------------


def _lf(data: bytes) -> str:
    return data.removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_corpus_file_round_trips(path: Path) -> None:
    data = path.read_bytes()
    once = format_bytes(data)
    assert format_bytes(once) == once, "not idempotent"
    assert plain(_lf(once)) == plain(_lf(data)), "data changed"
    assert _comment_texts(_lf(once)) == _comment_texts(_lf(data)), "comments changed"
    assert once.startswith(BOM) == data.startswith(BOM)
    if b"\r\n" in data:
        assert once.count(b"\n") == once.count(b"\r\n")
    else:
        assert b"\r" not in once


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_corpus_output_passes_yamllint(path: Path) -> None:
    linter = pytest.importorskip("yamllint.linter")
    config = pytest.importorskip("yamllint.config")
    conf = config.YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))
    text = _lf(format_bytes(path.read_bytes()))
    problems = [f"{p.line}:{p.column} {p.desc} ({p.rule})" for p in linter.run(text, conf)]
    assert problems == []


def _comment_texts(text: str) -> Counter[str]:
    from cjmap.fmt.scan import _scan

    return Counter(canonical_comment(comment.text) for comment in _scan(text).comments)


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS_FILES) >= 10


# --- the command line -----------------------------------------------------------------------

MESSY = "name: Maria\nkind: persona\nid: maria\n"
TIDY = "kind: persona\nid: maria\nname: Maria\n"


def test_fmt_rewrites_files_and_is_quiet_the_second_time(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "maria.yaml"
    target.write_text(MESSY, encoding="utf-8")
    result = cli("fmt", "maria.yaml", cwd=tmp_path)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == TIDY
    assert "reformatted maria.yaml" in result.stderr
    again = cli("fmt", "maria.yaml", cwd=tmp_path)
    assert again.exit_code == 0
    assert "0 files reformatted, 1 file already formatted" in again.stderr


def test_fmt_without_paths_formats_the_workspace(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "maria.yaml").write_text(MESSY, encoding="utf-8")
    hidden = tmp_path / ".hidden"
    hidden.mkdir()
    (hidden / "x.yaml").write_text(MESSY, encoding="utf-8")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "y.yaml").write_text(MESSY, encoding="utf-8")
    result = cli("fmt", cwd=tmp_path)
    assert result.exit_code == 0
    assert (tmp_path / "personas" / "maria.yaml").read_text(encoding="utf-8") == TIDY
    assert (hidden / "x.yaml").read_text(encoding="utf-8") == MESSY
    assert (tmp_path / "node_modules" / "y.yaml").read_text(encoding="utf-8") == MESSY


def test_check_exits_1_and_writes_nothing_when_a_file_would_change(
    cli: Run, tmp_path: Path
) -> None:
    target = tmp_path / "maria.yaml"
    target.write_text(MESSY, encoding="utf-8")
    result = cli("fmt", "--check", "maria.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert "would reformat maria.yaml" in result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == MESSY


def test_check_exits_0_when_everything_is_formatted(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "maria.yaml").write_text(TIDY, encoding="utf-8")
    result = cli("fmt", "--check", ".", cwd=tmp_path)
    assert result.exit_code == 0
    assert "would reformat" not in result.stderr


def test_diff_prints_a_unified_diff_and_writes_nothing(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "maria.yaml"
    target.write_text(MESSY, encoding="utf-8")
    result = cli("fmt", "--diff", "maria.yaml", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith("--- maria.yaml\n+++ maria.yaml\n@@ ")
    assert "-name: Maria\n" in result.stdout
    assert "+name: Maria\n" in result.stdout
    assert target.read_text(encoding="utf-8") == MESSY
    with_check = cli("fmt", "--diff", "--check", "maria.yaml", cwd=tmp_path)
    assert with_check.exit_code == 1
    assert with_check.stdout == result.stdout


def test_an_unparseable_file_is_left_byte_for_byte_and_reported(cli: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    data = b"kind: persona\nid: [oops\n# trailing\n"
    broken.write_bytes(data)
    good = tmp_path / "good.yaml"
    good.write_text(MESSY, encoding="utf-8")
    result = cli("fmt", ".", cwd=tmp_path)
    assert result.exit_code == 1
    assert broken.read_bytes() == data
    assert good.read_text(encoding="utf-8") == TIDY
    line = next(line for line in result.stderr.splitlines() if line.startswith("broken.yaml"))
    assert line.startswith("broken.yaml:2:5: YAML syntax: the file ends inside the list opened")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_file_mode_is_kept(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "maria.yaml"
    target.write_text(MESSY, encoding="utf-8")
    target.chmod(0o640)
    assert cli("fmt", "maria.yaml", cwd=tmp_path).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == TIDY


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_stays_a_symlink(cli: Run, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "maria.yaml"
    target.write_text(MESSY, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert cli("fmt", "link.yaml", cwd=tmp_path).exit_code == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == TIDY


def test_crlf_and_bom_are_kept_on_disk(cli: Run, tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(MESSY.replace("\n", "\r\n").encode())
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(BOM + MESSY.encode())
    assert cli("fmt", ".", cwd=tmp_path).exit_code == 0
    assert crlf.read_bytes() == TIDY.replace("\n", "\r\n").encode()
    assert bom.read_bytes() == BOM + TIDY.encode()


def test_an_unchanged_file_is_not_rewritten(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "maria.yaml"
    target.write_text(TIDY, encoding="utf-8")
    before = target.stat().st_ino, target.stat().st_mtime_ns
    assert cli("fmt", "maria.yaml", cwd=tmp_path).exit_code == 0
    assert (target.stat().st_ino, target.stat().st_mtime_ns) == before


def test_stdin_is_formatted_to_stdout(run_cjmap: Run, tmp_path: Path) -> None:
    result = run_cjmap("fmt", "-", cwd=tmp_path, stdin=MESSY.encode())
    assert result.exit_code == 0
    assert result.stdout == TIDY
    check = run_cjmap("fmt", "-", "--check", cwd=tmp_path, stdin=MESSY.encode())
    assert (check.exit_code, check.stdout) == (1, "")
    assert "would reformat <stdin>" in check.stderr
    diff = run_cjmap("fmt", "-", "--diff", cwd=tmp_path, stdin=MESSY.encode())
    assert diff.exit_code == 0
    assert diff.stdout.startswith("--- <stdin>\n+++ <stdin>\n")


def test_stdin_in_process(cli: Run, tmp_path: Path) -> None:
    result = cli("fmt", "-", cwd=tmp_path, stdin=TIDY.encode())
    assert (result.exit_code, result.stdout) == (0, TIDY)


@pytest.mark.parametrize("data", [bytes(range(256)), b"\x00\x01\x02", b"\xff\xfe\x00\x00"])
def test_binary_input_gives_an_error_not_a_traceback(
    run_cjmap: Run, tmp_path: Path, data: bytes
) -> None:
    (tmp_path / "binary.yaml").write_bytes(data)
    for args, stdin in ((("fmt", "binary.yaml"), None), (("fmt", "-"), data)):
        result = run_cjmap(*args, cwd=tmp_path, stdin=stdin)
        assert result.exit_code == 1
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert (tmp_path / "binary.yaml").read_bytes() == data


def test_a_missing_path_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    result = cli("fmt", "nope.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no such path: nope.yaml" in result.stderr


def test_stdin_cannot_be_mixed_with_paths(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TIDY, encoding="utf-8")
    assert cli("fmt", "-", "a.yaml", cwd=tmp_path).exit_code == 2


def test_the_repository_config_files_are_formatted() -> None:
    for name in (".yamllint.yaml", ".pre-commit-hooks.yaml"):
        data = (ROOT / name).read_bytes()
        assert format_bytes(data) == data, name


def test_the_pre_commit_hook_is_declared() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "cjmap-fmt")
    assert hook["entry"] == "cjmap fmt"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
