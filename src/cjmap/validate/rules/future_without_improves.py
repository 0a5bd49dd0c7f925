"""A future-state journey that does not say which journey it improves.

A future-state map is read against the current state; `improves:` names that journey, so
`render` can draw its curve faintly beneath the new one and `diff` can compare them.

Fails:

```yaml
kind: journey
id: trial-onboarding-next
title: SaaS trial onboarding (target)
state: future
```

Passes:

```yaml
kind: journey
id: trial-onboarding-next
title: SaaS trial onboarding (target)
state: future
improves: trial-onboarding
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext

ID = "future-without-improves"
SEVERITY: Severity = "warning"
SUMMARY = "A future-state journey has no `improves`."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    if ctx.journey.state == "future" and ctx.journey.improves is None:
        yield Hit(
            ("state",),
            "this future-state journey does not say which journey it improves",
            "add 'improves: <id of the current-state journey>'",
        )
