"""A metric without a target.

A metric is read against its target: the map shows whether it is met. Without one, nobody
can tell whether 1.8 % is good news.

Fails:

```yaml
metrics:
  - name: CTR
    value: 1.8
    unit: "%"
```

Passes:

```yaml
metrics:
  - name: CTR
    value: 1.8
    unit: "%"
    target: 2.5
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, touchpoints_at

ID = "metric-without-target"
SEVERITY: Severity = "warning"
SUMMARY = "A metric has no `target`."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    for at, tp in touchpoints_at(ctx.journey):
        for m, metric in enumerate(tp.metrics):
            if metric.target is None:
                yield Hit(
                    (*at, "metrics", m),
                    f"the metric '{metric.name}' of '{tp.id}' has no target",
                    "add 'target:' (and 'better: lower' when lower is better)",
                )
