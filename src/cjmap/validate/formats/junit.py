"""``--format junit``: JUnit XML, the test report GitLab, Jenkins and most CI systems show.

One test suite, "cjmap validate". Each error or warning is a failed test case (its
``failure`` has the severity as ``type``); each info is a passing test case with the message
in ``system-out``; each file without findings is one passing test case, so that a clean run
still shows what was checked. Class names are the file names, which CI systems group by.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cjmap.document.problems import Problem
from cjmap.util.textsafe import escape_control
from cjmap.validate.report import Report

SUITE_NAME = "cjmap validate"

# What XML 1.0 cannot hold at all; escape_control has already made the C0 and C1 controls
# visible, so this is left for surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Untrusted text made printable and legal in XML 1.0."""
    return _NOT_XML.sub("\ufffd", escape_control(text))


def render(report: Report, color: bool = False) -> str:
    """The JUnit XML document."""
    suite = ET.Element("testsuite", name=SUITE_NAME)
    names: set[str] = set()
    failures = 0
    for problem in report.problems:
        case = ET.SubElement(
            suite,
            "testcase",
            name=_unique(_case_name(problem), names),
            classname=xml_text(problem.file),
            file=xml_text(problem.file),
            line=str(problem.line),
        )
        if problem.severity == "info":
            ET.SubElement(case, "system-out").text = _details(problem)
            continue
        failures += 1
        failure = ET.SubElement(
            case, "failure", message=xml_text(problem.message), type=problem.severity
        )
        failure.text = _details(problem)
    with_findings = {problem.file for problem in report.problems}
    for file in report.files:
        if file not in with_findings:
            ET.SubElement(
                suite,
                "testcase",
                name=_unique(f"{xml_text(file)}: no findings", names),
                classname=xml_text(file),
                file=xml_text(file),
            )
    tests = len(suite)
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0"}
    suite.attrib.update({**counts, "skipped": "0"})
    root = ET.Element("testsuites", {"name": "cjmap", **counts})
    root.append(suite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _case_name(problem: Problem) -> str:
    return f"{problem.rule} at {xml_text(problem.file)}:{problem.line}:{problem.column}"


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name} ({number})"
    used.add(candidate)
    return candidate


def _details(problem: Problem) -> str:
    lines = [f"{problem.severity}: {xml_text(problem.message)}"]
    if problem.hint:
        lines.append(f"hint: {xml_text(problem.hint)}")
    lines.append(f"{xml_text(problem.file)}:{problem.line}:{problem.column} [{problem.rule}]")
    return "\n".join(lines)
