"""A workspace persona that no journey lists.

A persona defined in a `kind: persona` file but named by no journey's `personas:` is either
forgotten or left over. List it in the journeys it takes, or remove it.

Fails (no journey lists `tom`):

```yaml
kind: persona
id: tom
name: Tom, IT admin
```

Passes:

```yaml
kind: journey
id: trial-onboarding
title: SaaS trial onboarding
personas: [tom]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.checks import DocFacts, intended_personas
from cjmap.validate.rules.base import Hit, WorkspaceContext

ID = "unused-persona"
SEVERITY: Severity = "warning"
SUMMARY = "A workspace persona is listed by no journey."


def check_workspace(ctx: WorkspaceContext) -> Iterator[tuple[DocFacts, Hit]]:
    shared = {d.id for d in ctx.documents if d.valid and d.kind == "persona" and d.id}
    used: set[str] = set()
    for doc in ctx.documents:
        if doc.valid and doc.kind == "journey":
            used.update(doc.persona_ids)
            # A journey that lists 'samm' for 'sam' means 'sam': the typo is its own error.
            used.update(intended_personas(doc, shared).values())
    for doc in ctx.documents:
        if doc.valid and doc.kind == "persona" and doc.id not in used:
            yield (
                doc,
                Hit(
                    ("id",),
                    f"the persona '{doc.id}' is not listed by any journey",
                    "add it to a journey's 'personas:', or remove it",
                    at_key=False,
                ),
            )
