"""A pain point that cites no evidence.

A pain point backed by a survey, interview or analytics source is far easier to defend in a
prioritisation meeting. Cite the sources of the journey's `sources:` list by id.

Fails:

```yaml
pain_points:
  - text: Pricing is not visible from the ad landing page
```

Passes:

```yaml
pain_points:
  - text: Pricing is not visible from the ad landing page
    evidence: [survey-q3]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.model import pain_point_id
from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, touchpoints_at

ID = "pain-without-evidence"
SEVERITY: Severity = "info"
SUMMARY = "A pain point cites no evidence."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    for at, tp in touchpoints_at(ctx.journey):
        for p, pain in enumerate(tp.pain_points):
            if not pain.evidence:
                yield Hit(
                    (*at, "pain_points", p),
                    f"the pain point '{pain_point_id(tp, p)}' cites no evidence",
                    "add 'evidence: [<source id>]' naming one of the journey's sources",
                )
