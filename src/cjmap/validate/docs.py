"""The rules reference, ``docs/rules.md``, generated from the rules themselves.

Each rule documents itself (a lint rule in its module docstring, an always-error rule in
``cjmap.validate.rules.errors``) with a failing and a passing example; this module puts them
together with an introduction. Regenerate with ``make docs`` or::

    python -m cjmap.validate.docs docs/rules.md

Without a path the text goes to standard output. A test fails when the committed file
differs from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cjmap.validate.rules import RuleInfo, all_rules

GENERATED_NOTE = (
    "<!-- Generated from src/cjmap/validate/rules/ by `make docs` "
    "(python -m cjmap.validate.docs docs/rules.md). Edit the rules, not this file. -->"
)

_INTRO = """\
`cjmap validate` reports each finding with the file, line and column, a *rule id*, a
severity, a message and, where one helps, a hint. This page lists every rule id, with an
example that fails and one that passes.

**Severities.**

- `error` — the file is broken: it cannot be read as a journey map, breaks the
  [file format](format.md), or names something that does not exist. Errors always fail:
  `cjmap validate` exits 1.
- `warning` — the map is readable but probably wrong or incomplete. Warnings are reported
  and the exit code stays 0, unless you pass `--strict`: then warnings fail too (exit 1).
  Use `--strict` in CI once a workspace is clean, so that it stays clean.
- `info` — worth knowing, never fails, not even under `--strict`.

**Configuring rules.** The rules in the second part of this page are *lint rules*: each
has a default severity that the `rules:` mapping in `cjmap.yaml` can change to `error`,
`warning` or `info`, or turn `off`:

```yaml
kind: workspace
rules:
  stale: error                  # a map nobody reviewed fails CI
  metric-without-target: info   # reported, never fails
  unaddressed-pain: off         # not reported at all
```

The rules in the first part are always errors and cannot be configured; naming one (or a
rule that does not exist) under `rules:` is itself an error, `unknown-rule`.

**Exit codes.** 0: no errors (and, with `--strict`, no warnings); 1: findings that fail;
2: a usage problem such as a path that does not exist; 3: a bug in cjmap.
"""


def render_rules_reference(rules: list[RuleInfo] | None = None) -> str:
    """The Markdown of ``docs/rules.md``: an introduction, a summary table, one section per rule."""
    rules = all_rules() if rules is None else rules
    errors = [rule for rule in rules if not rule.configurable]
    lint = [rule for rule in rules if rule.configurable]
    parts = [
        "# Rules reference",
        GENERATED_NOTE,
        _INTRO.rstrip(),
        "**Always errors** (not configurable):",
        _table(errors),
        "**Lint rules** (severity configurable in `cjmap.yaml`):",
        _table(lint),
    ]
    parts.extend(_section(rule) for rule in rules)
    return "\n\n".join(parts) + "\n"


def _table(rules: list[RuleInfo]) -> str:
    lines = ["| Rule | Default | What it finds |", "|------|---------|---------------|"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {summary} |")
    return "\n".join(lines)


def _section(rule: RuleInfo) -> str:
    if rule.configurable:
        settings = f"configurable (`rules: {{{rule.id}: off}}` in `cjmap.yaml`)"
    else:
        settings = "always an error, not configurable"
    head = f"## `{rule.id}`\n\nDefault severity: **{rule.severity}**; {settings}."
    return f"{head}\n\n{rule.summary}\n\n{rule.doc.strip()}"


def main(argv: list[str] | None = None) -> int:
    """``python -m cjmap.validate.docs [PATH]``: write the rules reference to PATH, or to stdout."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-") and args[0] != "-"):
        print(
            "usage: python -m cjmap.validate.docs [PATH]   (default: standard output)",
            file=sys.stderr,
        )
        return 2
    text = render_rules_reference()
    if not args or args[0] == "-":
        sys.stdout.write(text)
        return 0
    from cjmap.util.fsutil import WriteRefused, atomic_write

    try:
        atomic_write(Path(args[0]), text.encode("utf-8"))
    except WriteRefused as exc:
        print(f"cjmap.validate.docs: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
