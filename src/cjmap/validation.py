"""``validate``'s core: every check over a corpus, severities applied, findings sorted."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjmap.checks import check_corpus
from cjmap.corpus import Corpus, Doc, load_corpus
from cjmap.load import Limits
from cjmap.model import Journey, Workspace
from cjmap.problems import Problem, Severity, Summary, severity_rank, summarize
from cjmap.rules import JOURNEY_RULES, WORKSPACE_RULES, RuleInfo, rule_ids
from cjmap.rules.base import Hit, JourneyContext, WorkspaceContext


@dataclass(frozen=True, slots=True)
class Report:
    """What ``validate`` found, ready for a reporter."""

    problems: tuple[Problem, ...]
    summary: Summary
    skipped: tuple[Path, ...] = ()
    files: tuple[str, ...] = ()
    """The names of the files checked, sorted (clean ones included)."""


def validate_paths(
    paths: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin_name: str | None = None,
    stdin_data: bytes | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> Report:
    """Validate the files named by ``paths`` (the workspace when none) in their workspace."""
    corpus = load_corpus(
        paths, cwd=cwd, stdin_name=stdin_name, stdin_data=stdin_data, limits=limits
    )
    return validate_corpus(corpus, today=today)


def validate_corpus(corpus: Corpus, *, today: dt.date | None = None) -> Report:
    """Run every check over ``corpus``; report what lies in its target files."""
    today = today or dt.date.today()
    problems = list(corpus.problems)
    problems.extend(check_corpus(corpus))
    overrides, config_problems = _severities(corpus)
    problems.extend(config_problems)
    problems.extend(_lint(corpus, today, overrides))
    kept = sorted(
        (p for p in set(problems) if p.file in corpus.targets),
        key=lambda p: (p.file, p.line, p.column, severity_rank(p.severity), p.rule, p.message),
    )
    documents = sum(1 for doc in corpus.docs if doc.display in corpus.targets)
    files = len(corpus.targets)
    return Report(
        tuple(kept),
        summarize(kept, files=files, documents=documents),
        tuple(corpus.skipped),
        tuple(sorted(corpus.targets)),
    )


def _lint(
    corpus: Corpus, today: dt.date, overrides: dict[str, Severity | None]
) -> Iterator[Problem]:
    def emit(doc: Doc, rule_id: str, default: Severity, hit: Hit) -> Iterator[Problem]:
        severity = overrides.get(rule_id, default)
        if severity is None or doc.display not in corpus.targets:
            return
        yield doc.problem(hit.path, rule_id, severity, hit.message, hit.hint, at_key=hit.at_key)

    for doc in corpus.docs:
        if not isinstance(doc.model, Journey) or doc.display not in corpus.targets:
            continue
        ctx = JourneyContext(doc, doc.model, corpus.scale_of(doc.model), corpus.config, today)
        for rule in JOURNEY_RULES:
            if overrides.get(rule.ID, rule.SEVERITY) is None:
                continue
            for hit in rule.check(ctx):
                yield from emit(doc, rule.ID, rule.SEVERITY, hit)
    workspace_ctx = WorkspaceContext(corpus, today)
    for workspace_rule in WORKSPACE_RULES:
        if overrides.get(workspace_rule.ID, workspace_rule.SEVERITY) is None:
            continue
        for doc, hit in workspace_rule.check_workspace(workspace_ctx):
            yield from emit(doc, workspace_rule.ID, workspace_rule.SEVERITY, hit)


def _severities(corpus: Corpus) -> tuple[dict[str, Severity | None], list[Problem]]:
    """Severity overrides from ``cjmap.yaml`` (None: off), and problems with the overrides."""
    config: Workspace = corpus.config
    known = rule_ids()
    overrides: dict[str, Severity | None] = {}
    problems: list[Problem] = []
    config_doc = next((doc for doc in corpus.docs if doc.model is config and config.rules), None)
    for rule_id, level in config.rules.items():
        info = known.get(rule_id)
        if info is None or not info.configurable:
            if config_doc is not None:
                problems.append(_rule_problem(config_doc, rule_id, known, info is None))
            continue
        overrides[rule_id] = None if level == "off" else level
    return overrides, problems


def _rule_problem(doc: Doc, rule_id: str, known: Mapping[str, RuleInfo], unknown: bool) -> Problem:
    if unknown:
        configurable = [k for k, v in known.items() if v.configurable]
        match = difflib.get_close_matches(rule_id, configurable, n=1, cutoff=0.6)
        hint = f"did you mean '{match[0]}'?" if match else "see docs/rules.md for rule ids"
        message = f"there is no rule '{rule_id}'"
    else:
        hint = "only lint rules can be configured; see docs/rules.md"
        message = f"the rule '{rule_id}' is always an error and cannot be configured"
    return doc.problem(("rules", rule_id), "unknown-rule", "error", message, hint)
