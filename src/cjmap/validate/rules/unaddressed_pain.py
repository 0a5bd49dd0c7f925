"""A pain point that no opportunity addresses.

Every pain point is a question: what will we do about it? An opportunity that lists the pain
point in `addresses:` is the answer, even when its status is only `idea`.

Fails:

```yaml
pain_points:
  - id: unclear-pricing
    text: Pricing is not visible from the ad landing page
```

Passes:

```yaml
pain_points:
  - id: unclear-pricing
    text: Pricing is not visible from the ad landing page
opportunities:
  - text: Show pricing tiers on the landing page
    addresses: [unclear-pricing]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.model import pain_point_id
from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, named, pain_point_ids, touchpoints_at

ID = "unaddressed-pain"
SEVERITY: Severity = "info"
SUMMARY = "A pain point is addressed by no opportunity."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    # 'addresses: [slw]' means 'slow': the typo is its own error, 'slow' is not unaddressed.
    addressed = named(
        (
            ident
            for _stage, tp in ctx.journey.touchpoints()
            for o in tp.opportunities
            for ident in o.addresses
        ),
        pain_point_ids(ctx.journey),
    )
    for at, tp in touchpoints_at(ctx.journey):
        for p in range(len(tp.pain_points)):
            ident = pain_point_id(tp, p)
            if ident not in addressed:
                yield Hit(
                    (*at, "pain_points", p),
                    f"no opportunity addresses the pain point '{ident}'",
                    f"add an opportunity with 'addresses: [{ident}]'",
                )
