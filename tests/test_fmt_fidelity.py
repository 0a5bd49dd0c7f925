"""``cjmap fmt`` never changes what cjmap reads, never crashes on valid input, and has bounds.

1. Fidelity: fmt checks its result with cjmap's own loader (YAML 1.2 core schema, keys as
   their text), not with a YAML 1.1 reader. Every plain scalar that YAML 1.1 and 1.2 read
   differently (``-0x1F``, ``017``, ``1_000``, ``1:20``, timestamps, ``yes``, ...) keeps its
   source form, or fmt refuses the file and leaves it untouched.
2. Valid input never crashes fmt: numbers of thousands of digits (Python converts at most
   4,300), CR-only (old Mac) line ends, mixed line ends, a BOM, odd whitespace.
3. Limits: a dense file (millions of tiny values, under the size limit) is refused quickly,
   before the slow round-trip parser sees it.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cjmap.document.load import load_bytes, load_text
from cjmap.fmt import formatter as fmt_module
from cjmap.fmt import verify as verify_module
from cjmap.fmt.formatter import BOM, FormatError, format_bytes, format_text
from cjmap.fmt.verify import MAX_NODES
from output_checks import Result

Run = Callable[..., Result]


def typed(value: Any, *, ordered: bool = False) -> Any:
    """Data with its types made visible; mapping keys sorted unless ``ordered``."""
    if isinstance(value, dict):
        items = [(key, typed(item, ordered=ordered)) for key, item in value.items()]
        return ("map", items if ordered else sorted(items))
    if isinstance(value, list):
        return ("list", [typed(item, ordered=ordered) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def read(text: str | bytes) -> list[Any]:
    """What cjmap reads: every document's data, typed; the file must load cleanly."""
    loaded = load_bytes(text, "x.yaml") if isinstance(text, bytes) else load_text(text, "x")
    assert not loaded.problems, loaded.problems
    return [typed(document.data) for document in loaded.documents]


def journey(*extra: str, newline: str = "\n") -> bytes:
    """A valid journey (its kind last, so fmt has something to do) with ``extra`` lines."""
    lines = [
        "id: trust",
        "title: Trust",
        "stages:",
        "  - id: one",
        "    name: One",
        "    touchpoints:",
        "      - id: t1",
        "        name: Sign up",
        *extra,
        "kind: journey",
    ]
    return (newline.join(lines) + newline).encode("utf-8")


def run_fmt(run: Run, tmp_path: Path, data: bytes, *args: str) -> tuple[Result, bytes]:
    target = tmp_path / "journey.yaml"
    target.write_bytes(data)
    result = run("fmt", *args, "journey.yaml", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    return result, target.read_bytes()


# --- 1. fmt keeps what cjmap reads ------------------------------------------------------------

# The issue's examples, and more of the same class: plain scalars that a YAML 1.1 reader (and
# ruamel's own resolver) takes for another value or writes back in another spelling.
AMBIGUOUS = [
    "-0x1F",  # a text to cjmap; ruamel wrote !!int '0x-1F'
    "+0x1F",  # a text to cjmap; ruamel wrote the number 31
    "1_",  # a text to cjmap; ruamel wrote 1
    "2026-10-01T10:00:00.123456789+05:30",  # ruamel wrote fewer digits
    "2026-10-01 10:00:00.5 -3",
    "2026-13-45",
    "017",
    "0o17",
    "0b101",
    "1_000",
    "1:20",
    "190:20:30.15",
    "0x1F",
    "1e3",
    "1E3",
    "1.",
    ".5",
    "+1",
    "-0",
    "007.50",
    "=",
    ".Inf",
    "-.inf",
    ".NaN",
    "yes",
    "On",
    "n",
]


@pytest.mark.parametrize("scalar", AMBIGUOUS)
def test_an_ambiguous_plain_value_keeps_its_form_and_its_value(
    cli: Run, tmp_path: Path, scalar: str
) -> None:
    data = journey(f"        emotion: {scalar}", f"        {scalar}: {scalar}")
    result, after = run_fmt(cli, tmp_path, data)
    assert result.exit_code == 0, result.stderr
    assert read(after) == read(data)
    text = after.decode()
    assert text.startswith("kind: journey\n"), "the file was formatted"
    # The key always keeps its text; the value too, or gets quotes that keep it the same text.
    assert f"        {scalar}: " in text
    assert f"emotion: {scalar}\n" in text or f'emotion: "{scalar}"\n' in text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("        emotion: -0x1F", "emotion: -0x1F\n"),
        ("        moment_of_truth: '+0x1F'", "moment_of_truth: '+0x1F'\n"),
        ("        effort: 1_", "effort: 1_\n"),
        ("        reviewed: 2026-10-01T10:00:00.123456789Z", "10:00:00.123456789Z\n"),
    ],
)
def test_the_issues_examples_through_check_and_diff(
    cli: Run, tmp_path: Path, line: str, kept: str
) -> None:
    data = journey(line)
    check, untouched = run_fmt(cli, tmp_path, data, "--check")
    assert (check.exit_code, untouched) == (1, data)
    assert "would reformat journey.yaml" in check.stderr
    diff, untouched = run_fmt(cli, tmp_path, data, "--diff")
    assert (diff.exit_code, untouched) == (0, data)
    assert "+kind: journey" in diff.stdout
    assert line.strip() not in "".join(
        row for row in diff.stdout.splitlines() if row.startswith(("-", "+"))
    ), "the value's line is not changed"
    written, after = run_fmt(cli, tmp_path, data)
    assert written.exit_code == 0, written.stderr
    assert kept in after.decode()
    assert read(after) == read(data)


def test_booleans_and_nulls_are_written_canonically_only_where_cjmap_reads_the_same() -> None:
    text = "kind: persona\nid: p\nflags: [True, FALSE, ~, Null]\na: NULL\nb: ~\nTrue: ~\n~: x\n"
    out = format_text(text)
    assert out == "kind: persona\nid: p\nflags: [true, false, null, null]\na:\nb:\nTrue:\n~: x\n"
    assert read(out) == read(text)


def test_a_merge_key_with_a_text_value_is_refused_in_plain_words() -> None:
    # cjmap reads '<<' as a key like any other; fmt's library takes it for a merge key.
    for value in ("text", "[a, b]"):
        with pytest.raises(FormatError, match="if '<<' is meant as text") as caught:
            format_text(f"kind: persona\nid: p\ndemographics:\n  <<: {value}\n")
        assert caught.value.line == 4
        assert "YAML syntax" not in caught.value.message
    quoted = "kind: persona\nid: p\ndemographics:\n  '<<': text\n"
    assert format_text(quoted) == quoted


def test_an_empty_list_item_gets_no_trailing_space() -> None:
    text = "kind: persona\nid: p\ngoals:\n- ~\n-\n- - null\n  - x\n- |\n  - \n"
    out = format_text(text)
    assert out == "kind: persona\nid: p\ngoals:\n  -\n  -\n  - -\n    - x\n  - |\n    - \n"
    assert read(out) == read(text)


def test_a_change_cjmap_would_see_is_refused_with_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Make the round trip write a value back in another spelling, as ruamel's YAML 1.1
    # resolver did: the check with cjmap's loader must catch it and name the place.
    real = fmt_module._format_once
    # The text is already canonical: keep the fast path from proving it, so the round trip runs.
    monkeypatch.setattr(fmt_module, "is_canonical", lambda text, events=None: False)
    monkeypatch.setattr(
        fmt_module, "_format_once", lambda text: real(text).replace("-0x1F", "0x-1F")
    )
    with pytest.raises(FormatError) as caught:
        format_text("kind: persona\nid: p\ndemographics:\n  code: -0x1F\n")
    error = caught.value
    assert (error.line, error.column) == (4, 9)
    assert "the text '-0x1F' would become the text '0x-1F'" in error.message
    assert "left untouched" in error.message


def test_a_change_of_type_or_of_key_order_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fmt_module._format_once
    monkeypatch.setattr(fmt_module, "is_canonical", lambda text, events=None: False)
    for before, after, place in [
        ("age: '31'", "age: 31", (4, 8)),  # a text becomes a number
        ("age: 1.0", "age: 1", (4, 8)),  # a float becomes an integer
        ("x: 1\n  y: 2", "y: 2\n  x: 1", (4, 3)),  # a user's own mapping reordered
    ]:
        monkeypatch.setattr(
            fmt_module, "_format_once", lambda text, b=before, a=after: real(text).replace(b, a)
        )
        with pytest.raises(FormatError, match="would change what cjmap reads") as caught:
            format_text(f"kind: persona\nid: p\ndemographics:\n  {before}\n")
        assert (caught.value.line, caught.value.column) == place


def test_a_file_cjmap_does_not_read_whole_is_refused_as_validate_reports_it(
    cli: Run, tmp_path: Path
) -> None:
    for line, message in [
        ("        emotion: !!int '0x-1F'", "explicit YAML tags such as '!!int'"),
        ("        name: Twice", "the key 'name' appears twice"),
    ]:
        data = journey(line)
        result, after = run_fmt(cli, tmp_path, data)
        assert (result.exit_code, after) == (1, data)
        assert "journey.yaml:9:" in result.stderr
        assert message in result.stderr


def formatted_or_none(text: str) -> str | None:
    try:
        return format_text(text)
    except FormatError:
        return None


# Hypothesis: generated scalars of every YAML 1.1/1.2 ambiguity, as keys and values, in block
# and flow context, plain and quoted: fmt keeps the data exactly, or refuses.

SEEDS = [
    *AMBIGUOUS,
    *("y", "Y", "yes", "No", "ON", "off", "true", "True", "FALSE", "~", "null", "Null", ""),
    *("<<", "0", "00", "0.0", "-1", "1e-3", "1E+3", "1.5e3", ".inf", "-.Inf", ".nan", "+.5"),
    *("2026-10-01", "2026-1-1 1:00:00", "2001-12-14t21:59:43.10-05:00", "12:30", "-1:30"),
    *("0x_1F", "0o_7", "0b1_0", "1__0", "_1", "0xG", "08", "09.5", "1_000.5", "1,000"),
    "9" * 5000,
    "0x" + "f" * 5000,
    "1" * 5000 + ".5",
    "1e99999",
    "-" + "7" * 4301,
]
PARTS = st.sampled_from(["", "+", "-", "0", "1", "7", "9", "_", ".", ":", "e", "E", "x", "o", "b"])
GENERATED = st.lists(PARTS, min_size=1, max_size=8).map("".join)
SCALARS = st.one_of(st.sampled_from(SEEDS), GENERATED)
STYLES = st.sampled_from(["", "'", '"'])


def spell(value: str, style: str) -> str | None:
    """``value`` as a YAML scalar in ``style``, or None when it cannot be written so."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value.startswith(("-", ":", "?")) and (len(value) == 1 or value[1] in " :"):
        return None  # an indicator, not a plain scalar
    return value


@given(
    entries=st.lists(
        st.tuples(
            SCALARS, st.sampled_from(["", "'", '"']), SCALARS, st.sampled_from(["", "'", '"'])
        ),
        min_size=1,
        max_size=5,
    ),
    flow=st.booleans(),
    kind=st.sampled_from(["journey", "persona", None]),
)
@example(entries=[("-0x1F", "", "+0x1F", "")], flow=False, kind=None)
@example(entries=[("a", "", "1_", "")], flow=True, kind="persona")
@example(entries=[("True", "", "2026-10-01T10:00:00.123456789Z", "")], flow=False, kind=None)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fmt_keeps_every_ambiguous_scalar_exactly_or_refuses(
    entries: list[tuple[str, str, str, str]], flow: bool, kind: str | None
) -> None:
    keys, values = [], []
    for key, key_style, value, value_style in entries:
        key_text, value_text = spell(key, key_style), spell(value, value_style)
        if key_text is None or value_text is None or key_text in keys:
            continue
        keys.append(key_text)
        values.append(value_text)
    head = [f"kind: {kind}", "id: x"] if kind else []
    if flow:
        pairs = ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True))
        items = ", ".join(values)
        body = [f"map: {{{pairs}}}", f"list: [{items}]"]
    else:
        body = ["map:", *(f"  {k}: {v}" for k, v in zip(keys, values, strict=True)), "list:"]
        body += [f"  - {v}" for v in values]
    text = "\n".join(["title: T", *body, *head]) + "\n"
    loaded = load_text(text, "x")
    before = [typed(d.data) for d in loaded.documents]
    user_map = [typed(d.data["map"], ordered=True) for d in loaded.documents]
    out = formatted_or_none(text)
    if out is None:
        return  # refused: the caller leaves the file untouched
    assert not loaded.problems, "fmt formatted a file cjmap does not read cleanly"
    assert read(out) == before
    # A mapping of the user's own keys keeps their order.
    assert [typed(d.data["map"], ordered=True) for d in load_text(out, "x").documents] == user_map
    assert format_text(out) == out


# --- 2. valid input never crashes fmt -----------------------------------------------------------

HUGE = "1" * 5000


@pytest.mark.parametrize(
    "line",
    [
        f"        emotion: {HUGE}",  # the issue's example
        f"        emotion: -{HUGE}",
        f"        emotion: {HUGE}.5",  # a float of 5,000 digits
        f"        emotion: 0x{'F' * 5000}",
        "        emotion: 1e99999",  # a huge exponent
        f"        ? {HUGE}\n        : a key of 5,000 digits",  # longer than a simple key can be
        f"        effort: [{HUGE}, {HUGE}.0, -{HUGE}]",
    ],
    ids=["digits", "negative", "float", "hex", "exponent", "key", "flow"],
)
def test_numbers_of_thousands_of_digits_are_formatted_not_a_crash(
    cli: Run, tmp_path: Path, line: str
) -> None:
    data = journey(line)
    problems = load_bytes(data, "journey.yaml").problems
    check, untouched = run_fmt(cli, tmp_path, data, "--check")
    assert (check.exit_code, untouched) == (1, data), check.stderr
    result, after = run_fmt(cli, tmp_path, data)
    if problems:
        # Where cjmap's loader judges such a number (validate decides once), fmt refuses it
        # with the same words at the same place, and leaves the file alone.
        first = problems[0]
        assert (result.exit_code, after) == (1, data)
        where = f"journey.yaml:{first.span.line}:{first.span.column}: {first.message}"
        assert where in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert after.startswith(b"kind: journey\n")
    assert line.strip().encode() in after
    assert read(after) == read(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # CR-only (old Mac): formatted, and kept CR-only.
        (journey(newline="\r"), journey(newline="\r").replace(b"kind: journey\r", b"")),
        # A BOM and CR-only.
        (b"\xef\xbb\xbf" + journey(newline="\r"), None),
        # CRLF mixed with CR, and LF mixed with CR: the first line's end is used throughout.
        (journey(newline="\r\n").replace(b"\r\n", b"\r", 3), None),
        (journey().replace(b"\n", b"\r", 2), None),
        # A CR-only file with a block scalar and a multi-line quoted text.
        (b'id: j\rtitle: "two\r  lines"\rdescription: |\r  a\r\r  b\rkind: journey\r', None),
    ],
    ids=["cr", "bom-cr", "crlf-and-cr", "lf-and-cr", "cr-block-scalar"],
)
def test_cr_line_ends_are_formatted_in_the_files_own_line_end(
    cli: Run, tmp_path: Path, data: bytes, expected: bytes | None
) -> None:
    result, after = run_fmt(cli, tmp_path, data)
    assert result.exit_code == 0, result.stderr
    plain = data.removeprefix(BOM)
    end = plain.index(b"\r")
    newline = b"\r\n" if plain[end + 1 : end + 2] == b"\n" else b"\r"
    body = after.removeprefix(BOM)
    assert body.startswith(b"kind: journey" + newline)
    assert b"\r" not in body.replace(newline, b""), "one line end throughout"
    assert b"\n" not in body.replace(newline, b"")
    assert after.startswith(BOM) == data.startswith(BOM)
    assert read(after) == read(data)
    if expected is not None:
        assert body == b"kind: journey\r" + expected
    again, unchanged = run_fmt(cli, tmp_path, after, "--check")
    assert (again.exit_code, unchanged) == (0, after), again.stderr


def test_the_diff_of_a_cr_only_file_shows_one_line_per_line(cli: Run, tmp_path: Path) -> None:
    data = journey(newline="\r")
    result, after = run_fmt(cli, tmp_path, data, "--diff")
    assert (result.exit_code, after) == (0, data)
    assert "\r" not in result.stdout, "a lone CR would overwrite the line on a terminal"
    changed = [line for line in result.stdout.splitlines() if line.startswith(("-", "+"))]
    assert changed == ["--- journey.yaml", "+++ journey.yaml", "+kind: journey", "-kind: journey"]


@pytest.mark.parametrize(
    ("data", "place"),
    [
        (journey("        name2: a\x0cb"), ":9:17: "),  # form feed
        (journey("        name2: a\x0bb"), ":9:17: "),  # vertical tab
        (journey('        name2: "a\x0cb"'), ":9:18: "),  # form feed in quotes
        (journey(newline="\r").replace(b"One", b"O\x0cne"), ":5:12: "),  # CR-only and a form feed
    ],
    ids=["form-feed", "vertical-tab", "quoted-form-feed", "cr-and-form-feed"],
)
def test_odd_whitespace_is_refused_with_a_clear_error(
    cli: Run, tmp_path: Path, data: bytes, place: str
) -> None:
    for args in ((), ("--check",), ("--diff",)):
        result, after = run_fmt(cli, tmp_path, data, *args)
        assert (result.exit_code, after) == (1, data), result.stderr
        assert f"journey.yaml{place}YAML syntax: the character U+000" in result.stderr
        assert "remove this invisible control character" in result.stderr


def test_escaped_odd_whitespace_is_formatted() -> None:
    text = 'name: "a\\fb\\vc\\x0c"\nkind: persona\nid: p\n'
    assert format_text(text) == 'kind: persona\nid: p\nname: "a\\fb\\vc\\f"\n'


# --- 3. a node-count limit before the round-trip parser ---------------------------------------


def test_a_dense_file_under_the_size_limit_is_refused_quickly(
    run_cjmap: Run, tmp_path: Path
) -> None:
    # The issue's example: an 8.3 MB file (7.9 MiB, under the 8 MiB limit) holding a
    # 4-million-item flow list took `fmt --check` 412 s and 4 GB.
    data = b"kind: persona\nid: dense\nlist: [" + b"1," * 4_000_000 + b"1]\n"
    assert len(data) < 8 * 1024 * 1024
    started = time.perf_counter()
    result, after = run_fmt(run_cjmap, tmp_path, data, "--check")
    seconds = time.perf_counter() - started
    assert (result.exit_code, after) == (1, data)
    assert f"journey.yaml:3:{2 * MAX_NODES - 6}: " in result.stderr
    assert f"more than {MAX_NODES:,} values" in result.stderr
    assert "split it into several files" in result.stderr
    print(f"refused in {seconds:.2f} s")  # measured, not asserted: machines differ


@pytest.mark.parametrize(
    "make",
    [
        # A block list, a mapping of many keys, and many documents: the limit is per file.
        lambda n: "kind: persona\nid: p\nlist:\n" + "".join(f"  - {i}\n" for i in range(n)),
        lambda n: (
            "kind: persona\nid: p\ndemographics:\n" + "".join(f"  k{i}: v\n" for i in range(n // 2))
        ),
        lambda n: "".join(f"---\nkind: persona\nid: p{i}\n" for i in range(n // 4)),
    ],
    ids=["block-list", "mapping", "documents"],
)
def test_the_limit_counts_every_value_and_stops_at_it(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[int], str]
) -> None:
    monkeypatch.setattr(verify_module, "MAX_NODES", 40)
    small, large = make(30), make(60)
    assert format_text(small)
    with pytest.raises(FormatError, match="more than 40 values") as caught:
        format_text(large)
    assert caught.value.line is not None
    assert caught.value.column is not None


def test_an_alias_counts_once_and_an_alias_bomb_is_refused_as_validate_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(verify_module, "MAX_NODES", 40)
    shared = "kind: persona\nid: p\ndemographics:\n  a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
    shared += "".join(f"  k{i}: *a\n" for i in range(10))  # 110 values if expanded, 36 nodes
    assert format_text(shared) == shared
    lines = ["kind: persona", "id: lol", "demographics:", "  a: &a [lol, lol, lol]"]
    names = "abcdefghijklmnopqrstu"
    for previous, name in itertools.pairwise(names):
        lines.append(f"  {name}: &{name} [{', '.join(f'*{previous}' for _ in range(9))}]")
    monkeypatch.setattr(verify_module, "MAX_NODES", 300_000)
    with pytest.raises(FormatError, match="aliases expand to more than"):
        format_text("\n".join(lines) + "\n")


def test_format_bytes_refuses_the_dense_file_before_reading_it_whole() -> None:
    data = b"a: [" + b"x," * 1_000_000 + b"x]\n"
    started = time.perf_counter()
    with pytest.raises(FormatError, match=f"more than {MAX_NODES:,} values"):
        format_bytes(data)
    print(f"refused in {time.perf_counter() - started:.2f} s")
