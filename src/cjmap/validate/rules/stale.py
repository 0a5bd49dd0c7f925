"""A journey not reviewed for longer than `review_every` days (default 180), or never.

Journey maps go stale: customers, products and channels change. `reviewed:` records the
date of the last review; set `review_every` in `cjmap.yaml` to your team's rhythm.

Fails:

```yaml
kind: journey
id: trial-onboarding
title: SaaS trial onboarding
reviewed: 2024-01-15
```

Passes:

```yaml
kind: journey
id: trial-onboarding
title: SaaS trial onboarding
reviewed: 2026-10-01
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext

ID = "stale"
SEVERITY: Severity = "warning"
SUMMARY = "A journey's `reviewed` date is missing or older than `review_every` days."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    every = ctx.config.review_every
    reviewed = ctx.journey.reviewed
    if reviewed is None:
        yield Hit(
            ("id",),
            f"the journey '{ctx.journey.id}' has no 'reviewed' date",
            f"add 'reviewed: {ctx.today.isoformat()}' after reviewing it",
            at_key=False,
        )
        return
    age = (ctx.today - reviewed).days
    if age > every:
        yield Hit(
            ("reviewed",),
            f"the journey was last reviewed {age} days ago, on {reviewed.isoformat()} "
            f"(review every {every} days)",
            "review the map with fresh research, then update 'reviewed'",
            at_key=False,
        )
