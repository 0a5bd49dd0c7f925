"""A path that no touchpoint is on.

A path declared under `paths:` holds the touchpoints that name it with `path:`. One that no
touchpoint names has nothing to draw or count: it is a draft, or its touchpoints name it
with a typo (that typo is its own error).

Fails:

```yaml
paths:
  - id: card-declined
    name: Card declined
    branches_from: payment
    rejoins: confirmation
# ...and no touchpoint with `path: card-declined`
```

Passes:

```yaml
      - id: retry-payment
        name: Tries another card
        path: card-declined
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, named

ID = "empty-path"
SEVERITY: Severity = "warning"
SUMMARY = "A path under 'paths:' has no touchpoint on it."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    declared = {path.id for path in ctx.journey.paths}
    # 'path: card-declind' means 'card-declined': the typo is its own error, not this one.
    used = named((tp.path for _, tp in ctx.journey.touchpoints() if tp.path), declared)
    for index, path in enumerate(ctx.journey.paths):
        if path.id not in used:
            yield Hit(
                ("paths", index),
                f"no touchpoint is on the path '{path.id}'",
                f"add 'path: {path.id}' to the touchpoints customers meet on it, "
                "or remove the path",
            )
