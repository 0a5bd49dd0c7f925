"""A touchpoint where the customer feels bad but no pain point says why.

An emotion below the neutral point of the scale is a finding; the pain point explains it
and is what the team can act on.

Fails:

```yaml
      - id: signup-form
        name: Fills in the sign-up form
        emotion: -2
```

Passes:

```yaml
      - id: signup-form
        name: Fills in the sign-up form
        emotion: -2
        pain_points:
          - text: The form asks for a credit card before the trial
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, touchpoints_at

ID = "negative-without-pain"
SEVERITY: Severity = "warning"
SUMMARY = "A touchpoint's emotion is below neutral but it names no pain point."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    for at, tp in touchpoints_at(ctx.journey):
        if tp.pain_points or tp.emotion is None:
            continue
        values = tp.emotion.values() if isinstance(tp.emotion, dict) else [tp.emotion]
        if any(value < ctx.neutral for value in values):
            yield Hit(
                (*at, "emotion"),
                f"the emotion at '{tp.id}' is below neutral, but no pain point says why",
                "add 'pain_points:' describing what hurts here",
            )
