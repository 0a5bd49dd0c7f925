"""The rule registry: every rule id cjmap can report, with its default severity and docs.

Lint rules are modules of this package (listed explicitly below); the always-error rules are
documented in ``errors.py``. The docs in ``docs/rules.md`` are generated from both.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.document.problems import Severity
from cjmap.validate.rules import (
    empty_path,
    empty_stage,
    future_without_improves,
    hidden_character,
    metric_without_target,
    missing_emotion,
    negative_without_pain,
    opportunity_addresses_nothing,
    pain_without_evidence,
    stale,
    unaddressed_pain,
    unused_persona,
    unused_source,
)
from cjmap.validate.rules.base import JourneyRule, WorkspaceRule
from cjmap.validate.rules.errors import ERROR_RULES

JOURNEY_RULES: tuple[JourneyRule, ...] = (
    empty_stage,
    missing_emotion,
    pain_without_evidence,
    opportunity_addresses_nothing,
    unused_source,
    stale,
    future_without_improves,
    metric_without_target,
    negative_without_pain,
    unaddressed_pain,
    hidden_character,
    empty_path,
)
WORKSPACE_RULES: tuple[WorkspaceRule, ...] = (unused_persona,)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What the docs and reporters (SARIF's rule list) need to know of a rule."""

    id: str
    severity: Severity
    summary: str
    doc: str
    configurable: bool


def all_rules() -> list[RuleInfo]:
    """Every rule, errors first, each group in a stable order."""
    infos = [
        RuleInfo(
            rule.id,
            "error",
            rule.summary,
            _error_doc(rule.explanation, rule.fails, rule.passes),
            configurable=False,
        )
        for rule in ERROR_RULES
    ]
    lint: list[JourneyRule | WorkspaceRule] = [*JOURNEY_RULES, *WORKSPACE_RULES]
    for module in lint:
        infos.append(
            RuleInfo(
                module.ID,
                module.SEVERITY,
                module.SUMMARY,
                _module_doc(module.__doc__ or ""),
                configurable=True,
            )
        )
    return infos


def rule_ids() -> dict[str, RuleInfo]:
    return {info.id: info for info in all_rules()}


def _module_doc(doc: str) -> str:
    # The first line of a rule's docstring is its title; the rest is the documentation.
    _, _, rest = doc.strip().partition("\n")
    return rest.strip()


def _error_doc(explanation: str, fails: str, passes: str) -> str:
    parts = [explanation] if explanation else []
    parts.append(f"Fails:\n\n```yaml\n{fails.rstrip()}\n```")
    parts.append(f"Passes:\n\n```yaml\n{passes.rstrip()}\n```")
    return "\n\n".join(parts)
