"""Checks shared by the payload suite and the fuzz tests: an in-process CLI runner, and what
every output must respect whatever the journey text (terminal and CI safety, Mermaid
grammar, spreadsheet formulas)."""

from __future__ import annotations

import contextlib
import io
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# What may act on a terminal or a CI log when printed raw: C0 controls but the line break,
# DEL, C1 controls, bidi controls, line and paragraph separators.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Workflow commands a CI runner would execute: '::' starting a line (after blanks), GitHub's
# legacy '##[' and Azure's '##vso[' anywhere.
LEGACY_COMMAND = re.compile(r"##(\[|vso\[)")
GITHUB_ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=[^,:\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
    r"title=[a-z0-9-]+::"
)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, cwd: Path) -> Result:
    """``cjmap ARGS`` in this process, with standard output and error captured as bytes."""
    from cjmap.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    with pytest.MonkeyPatch.context() as patch, contextlib.chdir(cwd):
        patch.setenv("NO_COLOR", "1")
        patch.delenv("FORCE_COLOR", raising=False)
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        code = main(list(args))
        stdout.flush()
        stderr.flush()
    return Result(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def assert_terminal_safe(text: str, *, github: bool = False, tabs: bool = False) -> None:
    """No raw control character, no line a CI runner would read as a command. With ``tabs``
    (CSV, where a tab is data), a raw tab is allowed: it only moves the cursor to a column."""
    raw = RAW_CONTROL.search(text.replace("\t", " ") if tabs else text)
    if raw is not None:
        around = text[max(0, raw.start() - 60) : raw.end() + 60]
        pytest.fail(f"raw U+{ord(raw.group()):04X} in: {around!r}")
    legacy = LEGACY_COMMAND.search(text)
    assert legacy is None, text[legacy.start() - 60 : legacy.end() + 60]
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            assert github, f"a line starts a workflow command: {line[:200]!r}"
            assert GITHUB_ANNOTATION.match(line), line[:200]


# Mermaid `journey` statements; a label is free of the grammar's reserved characters once its
# '#<code>;' entities are taken out.
MERMAID_LINE = re.compile(
    r"^(journey|  title (?P<title>.+)|  accTitle: (?P<acc>.+)|  accDescr: (?P<descr>.+)"
    r"|  section (?P<section>.+)|    (?P<task>[^:]+): [1-5](: (?P<actors>.+))?)$"
)
MERMAID_RESERVED = set(':;#%`|<>&"\\\n\r')


def assert_mermaid(source: str) -> None:
    """Every line is a Mermaid ``journey`` statement whose labels hold no grammar character."""
    lines = source.rstrip("\n").split("\n")
    assert lines[0] == "journey"
    for line in lines:
        match = MERMAID_LINE.match(line)
        assert match, f"not a Mermaid journey statement: {line[:200]!r}"
        for group, label in match.groupdict().items():
            if label is None:
                continue
            # Actors are separated by ', '; a comma inside a name is an entity.
            for part in label.split(", ") if group == "actors" else [label]:
                bare = re.sub(r"#[0-9]+;", "", part)
                reserved = MERMAID_RESERVED | ({","} if group == "actors" else set())
                assert not set(bare) & reserved, f"{group}: {label[:200]!r}"


FORMULA = tuple("=+-@\uff1d\uff0b\uff0d\uff20")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?")


def assert_no_formula(cell: str, where: str) -> None:
    """A CSV cell that a spreadsheet shows as text (or a plain number)."""
    assert not cell.startswith(("\t", "\r")), f"{where}: {cell[:80]!r}"
    if cell.lstrip().startswith(FORMULA) and not NUMBER.fullmatch(cell):
        pytest.fail(f"{where}: a formula {cell[:80]!r}")


HANG_SECONDS = 60
"""A generous guard, not a timing assertion: what it guards takes a few seconds at most."""


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail (instead of hanging the test run) when the body takes longer than ``seconds``."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no result after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def git(repo: Path, *args: str) -> str:
    """``git ARGS`` in ``repo`` with a fixed identity and branch name; its standard output."""
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=cjmap tests",
            "-c",
            "user.email=tests@cjmap.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout
