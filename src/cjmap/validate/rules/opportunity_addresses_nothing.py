"""An opportunity that addresses no pain point.

Opportunities are ranked by the friction they remove; one that names no pain point in
`addresses:` cannot be tied to a problem, and reviewers cannot tell why it matters.

Fails:

```yaml
opportunities:
  - text: Show pricing tiers on the landing page
```

Passes:

```yaml
opportunities:
  - text: Show pricing tiers on the landing page
    addresses: [unclear-pricing]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.model import opportunity_id
from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, touchpoints_at

ID = "opportunity-addresses-nothing"
SEVERITY: Severity = "warning"
SUMMARY = "An opportunity names no pain point in `addresses`."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    for at, tp in touchpoints_at(ctx.journey):
        for o, opportunity in enumerate(tp.opportunities):
            if not opportunity.addresses:
                yield Hit(
                    (*at, "opportunities", o),
                    f"the opportunity '{opportunity_id(tp, o)}' addresses no pain point",
                    "add 'addresses: [<pain point id>]'",
                )
