"""A touchpoint without an emotion: a gap in the emotion curve.

cjmap never treats a missing emotion as neutral: the curve shows a gap there. When the
touchpoint gives emotions per persona, every persona of the journey needs one.

Fails:

```yaml
personas: [maria, tom]
# ...
      - id: signup-form
        name: Fills in the sign-up form
        emotion: {maria: -1}
```

Passes:

```yaml
      - id: signup-form
        name: Fills in the sign-up form
        emotion: {maria: -1, tom: 0}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.document.model import persona_ids
from cjmap.document.problems import Severity
from cjmap.validate.rules.base import Hit, JourneyContext, named, touchpoints_at

ID = "missing-emotion"
SEVERITY: Severity = "warning"
SUMMARY = "A touchpoint has no emotion (for some persona): a gap in the curve."


def check(ctx: JourneyContext) -> Iterator[Hit]:
    personas = persona_ids(ctx.journey)
    for path, tp in touchpoints_at(ctx.journey):
        if tp.emotion is None:
            yield Hit(
                path,
                f"the touchpoint '{tp.id}' has no emotion: a gap in the curve",
                f"add 'emotion:' ({ctx.scale[0]} to {ctx.scale[1]}) from your research",
            )
        elif isinstance(tp.emotion, dict):
            # A key with a typo ('tomm: 0') is its own error; it still gives 'tom' a value.
            given = named(tp.emotion, set(personas))
            # A touchpoint for some personas only ('personas:') needs no value for the rest.
            missing = [p for p in personas if p not in given and tp.applies_to(p)]
            if missing:
                template = f"the touchpoint '{tp.id}' has no emotion for {{personas}}"
                yield Hit(
                    (*path, "emotion"),
                    template.format(personas=", ".join(f"'{p}'" for p in missing)),
                    "give every persona of the journey a value in the emotion map",
                    personas=(tuple(missing), template),
                )
