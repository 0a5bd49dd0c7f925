"""A source that nothing in its journey cites.

Sources are the evidence catalogue of a journey; one that no touchpoint, pain point or
metric cites is either forgotten or left over.

Fails:

```yaml
sources:
  - id: survey-q3
    type: survey
# ...and no `evidence: [survey-q3]` or `source: survey-q3` anywhere
```

Passes:

```yaml
      - id: pricing-page
        name: Reads the pricing page
        evidence: [survey-q3]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, named

ID = "unused-source"
SEVERITY: Severity = "warning"
SUMMARY = "A source is cited by no touchpoint, pain point or metric."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    citations: list[str] = []
    for _stage, tp in ctx.journey.touchpoints():
        citations += tp.evidence
        for pain in tp.pain_points:
            citations += pain.evidence
        citations += (m.source for m in tp.metrics if m.source is not None)
    # 'evidence: [intervews]' means 'interviews': the typo is its own error, not this one.
    cited = named(citations, {source.id for source in ctx.journey.sources})
    for index, source in enumerate(ctx.journey.sources):
        if source.id not in cited:
            yield Hit(
                ("sources", index),
                f"the source '{source.id}' is not cited anywhere in this journey",
                f"cite it with 'evidence: [{source.id}]' where it applies, or remove it",
            )
