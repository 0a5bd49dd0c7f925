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

from cjmap.corpus import Doc
from cjmap.model import Journey, Persona, persona_ids
from cjmap.problems import Severity
from cjmap.rules.base import Hit, WorkspaceContext

ID = "unused-persona"
SEVERITY: Severity = "warning"
SUMMARY = "A workspace persona is listed by no journey."


def check_workspace(ctx: WorkspaceContext) -> Iterator[tuple[Doc, Hit]]:
    used: set[str] = set()
    for doc in ctx.corpus.docs:
        if isinstance(doc.model, Journey):
            used.update(persona_ids(doc.model))
    for doc in ctx.corpus.docs:
        if isinstance(doc.model, Persona) and doc.model.id not in used:
            yield (
                doc,
                Hit(
                    ("id",),
                    f"the persona '{doc.model.id}' is not listed by any journey",
                    "add it to a journey's 'personas:', or remove it",
                    at_key=False,
                ),
            )
