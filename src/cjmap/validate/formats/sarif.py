"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

Every rule cjmap knows is listed in ``tool.driver.rules`` (so a viewer can explain a rule even
when this run did not find it); each result points at its rule by id and index, carries a
region with 1-based lines and columns, and a ``partialFingerprints`` entry that stays the same
while the finding does, so that code scanning tracks one alert across runs instead of opening a
new one whenever a line moves.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cjmap import __version__
from cjmap.document.problems import Problem, Severity
from cjmap.util.textsafe import escape_control, json_dumps
from cjmap.validate.report import Report
from cjmap.validate.rules import RuleInfo, all_rules

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cjmap/"
FINGERPRINT_KEY = "cjmapFindingHash/v1"

_NUMBER = re.compile(r"\d+")
_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, color: bool = False) -> str:
    """The whole SARIF log as JSON text."""
    return json_dumps(sarif_log(report)) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report`` as plain data."""
    infos = all_rules()
    index = {info.id: position for position, info in enumerate(infos)}
    rules = [_rule(info) for info in infos]
    for problem in report.problems:
        # Every id cjmap emits is registered; an unregistered one still gets a descriptor,
        # because a result whose ruleIndex points nowhere makes the whole log invalid.
        if problem.rule not in index:
            index[problem.rule] = len(rules)
            rules.append(_bare_rule(problem.rule))
    seen: dict[str, int] = {}
    results = [_result(problem, index[problem.rule], seen) for problem in report.problems]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cjmap",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def artifact_uri(file: str) -> tuple[str, str | None]:
    """The URI of a reported file and its ``uriBaseId``: workspace files relative to the
    source root, percent-encoded (non-ASCII names, spaces, ``#``), with forward slashes."""
    path = Path(file)
    if path.is_absolute():
        return path.as_uri(), None
    return quote(file, safe="/"), "%SRCROOT%"


def fingerprint(problem: Problem) -> str:
    """A hash of what a finding is (rule, file, message), not of where its line is.

    Numbers in the message are left out: "last reviewed 190 days ago" is the same finding
    tomorrow, when it says 191."""
    message = _NUMBER.sub("0", problem.message)
    key = "\0".join((problem.rule, problem.file, message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _rule(info: RuleInfo) -> dict[str, Any]:
    doc = info.doc.strip() or info.summary
    first_paragraph = doc.split("\n\n", 1)[0].strip()
    full = first_paragraph if not first_paragraph.startswith(("Fails:", "```")) else info.summary
    return {
        "id": info.id,
        "name": _pascal(info.id),
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": full},
        "help": {"text": doc, "markdown": f"**{info.summary}**\n\n{doc}"},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "properties": {"configurable": info.configurable},
    }


def _bare_rule(rule_id: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": rule_id},
        "defaultConfiguration": {"level": "error"},
    }


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


def _result(problem: Problem, rule_index: int, seen: dict[str, int]) -> dict[str, Any]:
    text = problem.message
    if problem.hint:
        text += f" (hint: {problem.hint})"
    uri, base = artifact_uri(problem.file)
    location: dict[str, Any] = {"uri": uri}
    if base is not None:
        location["uriBaseId"] = base
    start_line = max(problem.line, 1)
    start_column = max(problem.column, 1)
    end_line = max(problem.end_line, start_line)
    end_column = max(problem.end_column, 1)
    if end_line == start_line:
        end_column = max(end_column, start_column)
    digest = fingerprint(problem)
    # Two identical findings in one file need distinct fingerprints, as GitHub's own
    # primaryLocationLineHash does it: the hash, then the occurrence number.
    seen[digest] = seen.get(digest, 0) + 1
    return {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[problem.severity],
        "message": {"text": escape_control(text)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": start_line,
                        "startColumn": start_column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
    }
