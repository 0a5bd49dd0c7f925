"""A stage with no touchpoints.

A stage without touchpoints shows up as an empty column in the rendered map and leaves a hole
in every curve. Add the touchpoints of the stage, or remove the stage.

Fails:

```yaml
stages:
  - id: loyalty
    name: Loyalty
```

Passes:

```yaml
stages:
  - id: loyalty
    name: Loyalty
    touchpoints:
      - id: renewal-email
        name: Gets the renewal email
        emotion: 1
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext

ID = "empty-stage"
SEVERITY: Severity = "warning"
SUMMARY = "A stage has no touchpoints."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    for s, stage in enumerate(ctx.journey.stages):
        if not stage.touchpoints:
            yield Hit(
                ("stages", s),
                f"the stage '{stage.id}' has no touchpoints",
                "add the touchpoints of this stage under 'touchpoints:', or remove the stage",
            )
