"""The rules that are always errors: reading the file, its schema, its references.

They cannot be turned off or down in ``cjmap.yaml``: a file that breaks them cannot be read
as a journey map. Each entry documents itself as lint rules do, with a failing and a
passing example.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorRule:
    id: str
    summary: str
    fails: str
    passes: str
    explanation: str = ""


ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        "yaml-syntax",
        "The file is not valid YAML.",
        "touchpoints: [signup-form, pricing\n",
        "touchpoints: [signup-form, pricing]\n",
        "The message says in plain words what is wrong and where, and the hint names the "
        "usual cause: a tab used for indentation, a key indented more or less than its "
        "neighbours, a '- ' item at the wrong depth, a missing space after ':', an unquoted "
        "value that holds ': ' or starts with '@', '`', '*' or '&', text after a closing "
        "quote, an unclosed quote, '[' or '{', or a stray '%' line. The text report quotes "
        "the line with a caret under the column.",
    ),
    ErrorRule(
        "encoding",
        "The file is not UTF-8 (it is UTF-16, UTF-32, or has bytes that are not UTF-8).",
        "(a file saved as UTF-16 or Windows-1251)",
        "(the same file saved as UTF-8; a UTF-8 byte-order mark is fine)",
    ),
    ErrorRule(
        "binary-file",
        "The file is not text: it contains NUL bytes.",
        "(an image or a spreadsheet renamed to .yaml)",
        "(a YAML text file)",
    ),
    ErrorRule(
        "empty-file",
        "The file holds no YAML document: it is empty, or has only comments or empty documents.",
        "# nothing here yet\n",
        "kind: persona\nid: maria\nname: Maria\n",
    ),
    ErrorRule(
        "file-too-large",
        "The file is larger than the limit (8 MiB by default; `--max-file-size`).",
        "(a 50 MB export pasted into one file)",
        "(one journey per file)",
    ),
    ErrorRule(
        "not-a-file",
        "The path is not a regular file: a named pipe, a device or a socket, or a link to one.",
        "(journeys/z.yaml, a symbolic link to /dev/zero)",
        "(journeys/z.yaml, a plain YAML file)",
        "Such a path is never read, so it can neither hang cjmap nor fill its memory.",
    ),
    ErrorRule(
        "nesting-too-deep",
        "The data is nested more than 64 levels deep.",
        "stages: [[[[[[[[[[[[[[[[[[[[ ...\n",
        "stages:\n  - id: awareness\n    name: Awareness\n",
        "Journey files need about eight levels; deeper nesting is a mistake or an attack.",
    ),
    ErrorRule(
        "alias-budget",
        "Aliases repeat more than 100,000 values or 1,000,000 characters of text in one "
        "document (a 'billion laughs' file, or one long text aliased many times).",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n# ... and so on\n",
        "defaults: &defaults {owner: cx-team}\n",
    ),
    ErrorRule(
        "unknown-alias",
        "An alias (`*name`) refers to no anchor defined before it, or to its own container.",
        "owner: *team\n",
        "x-team: &team cx-team\nowner: *team\n",
    ),
    ErrorRule(
        "explicit-tag",
        "An explicit YAML tag (`!!str`, `!!python/object`, `!custom`) is used.",
        "title: !!python/object:os.system echo\n",
        "title: SaaS trial onboarding\n",
        "Tags can make YAML loaders build arbitrary objects; cjmap files never need them.",
    ),
    ErrorRule(
        "yaml-directive",
        "A `%YAML` or `%TAG` directive is used; cjmap always reads YAML 1.2.",
        "%YAML 1.1\n---\nkind: persona\n",
        "kind: persona\n",
    ),
    ErrorRule(
        "duplicate-key",
        "A key appears twice in the same mapping; reported at its second occurrence.",
        "name: Sees a LinkedIn ad\nemotion: 1\nemotion: 2\n",
        "name: Sees a LinkedIn ad\nemotion: 1\n",
    ),
    ErrorRule(
        "complex-key",
        "A mapping key is a list or a mapping instead of plain text.",
        "? [a, b]\n: value\n",
        "name: value\n",
    ),
    ErrorRule(
        "missing-key",
        "A required key is missing; reported at the first line of the mapping that lacks it.",
        "- id: signup-form\n  emotion: -1\n",
        "- id: signup-form\n  name: Fills in the sign-up form\n  emotion: -1\n",
    ),
    ErrorRule(
        "unknown-key",
        "A key that the format does not have; the hint suggests the closest known key.",
        "- id: signup-form\n  name: Fills in the sign-up form\n  emotoin: -1\n",
        "- id: signup-form\n  name: Fills in the sign-up form\n  emotion: -1\n",
    ),
    ErrorRule(
        "wrong-type",
        "A value has the wrong type: text where a number is expected, a word for a list...",
        'effort: "3"\nactions: Clicks the ad\n',
        "effort: 3\nactions: [Clicks the ad]\n",
    ),
    ErrorRule(
        "out-of-range",
        "A number is outside its range (effort 1–5, share 0–1, emotion within the scale...).",
        "effort: 7\ncompletion: 1.3\n",
        "effort: 5\ncompletion: 0.93\n",
    ),
    ErrorRule(
        "invalid-value",
        "A value is not one of the allowed ones, or not in the expected form.",
        "type: online\nduration: 3 days\n",
        "type: digital\nduration: 3d\n",
    ),
    ErrorRule(
        "invalid-id",
        "An id is not a slug: lower-case ASCII letters, digits, `-` and `_`, at most 64.",
        "id: Pricing Page\n",
        "id: pricing-page\n",
    ),
    ErrorRule(
        "duplicate-id",
        "An id is used twice in its scope (journeys and personas in the workspace; stages, "
        "touchpoints, pain points, opportunities and sources in a journey).",
        "touchpoints:\n  - id: signup\n    name: Signs up\n  - id: signup\n    name: Confirms\n",
        "touchpoints:\n  - id: signup\n    name: Signs up\n  - id: confirm\n    name: Confirms\n",
    ),
    ErrorRule(
        "unresolved-reference",
        "A reference names nothing: a persona, an emotion or expectation keyed by a persona "
        "the journey does not have, an `evidence`/`source` id, an `addresses` id, "
        "`improves`, a touchpoint's `path`, `personas` or sub-journey (`journey:`), or a "
        "path's `branches_from`/`rejoins`.",
        "personas: [maria]\n# ...\nemotion: {maira: -1}\n",
        "personas: [maria]\n# ...\nemotion: {maria: -1}\n",
        "Every kind of reference gets a did-you-mean naming the closest id of its own kind "
        "that is defined (never another broken reference). A typo is reported once, where "
        "it is: what it meant does not become a finding too (with `personas: [samm]` for "
        "`sam`, emotions keyed `sam` are not errors, no emotion is missing for `samm`, and "
        "`sam` is not an unused persona; a source or pain point cited with a typo is not "
        "unused or unaddressed).",
    ),
    ErrorRule(
        "path-order",
        "A path rejoins at a touchpoint that does not come after the one it branches from, "
        "or it branches from or rejoins at one of its own touchpoints.",
        "paths:\n  - id: card-declined\n    name: Card declined\n    branches_from: confirmation\n"
        "    rejoins: payment\n",
        "paths:\n  - id: card-declined\n    name: Card declined\n    branches_from: payment\n"
        "    rejoins: confirmation\n",
        "A path leaves the main path (or another path) after its `branches_from` touchpoint "
        "and comes back at its `rejoins` touchpoint, so `rejoins` must come later in journey "
        "order (stages in order, touchpoints in order within a stage). Both are touchpoints "
        "off the path: the path's own touchpoints are what customers meet in between. To "
        "say that the path ends the journey, leave `rejoins` out.",
    ),
    ErrorRule(
        "path-cycle",
        "Paths branch from or rejoin at each other's touchpoints in a loop.",
        "paths:\n  - {id: a, name: A, branches_from: a-step, rejoins: b-step}\n"
        "  - {id: b, name: B, branches_from: a-step2, rejoins: b-step2}\n"
        "# where a-step is on path b and b-step2 is on path a\n",
        "paths:\n  - {id: a, name: A, branches_from: main-step, rejoins: main-later}\n"
        "  - {id: b, name: B, branches_from: a-step, rejoins: main-later}\n",
        "A path may branch from, or rejoin at, a touchpoint of another path (a retry after a "
        "declined card that fails again), as long as following those links from path to path "
        "never comes back to where it started: then every path's route through the journey "
        "is defined. The message shows the loop, path by path.",
    ),
    ErrorRule(
        "sub-journey-loop",
        "Sub-journeys lead back to a journey that contains them (`a → b → a`), or a "
        "touchpoint names its own journey as its sub-journey.",
        "id: trial-onboarding\n# ...\n    - id: signup\n      journey: trial-onboarding\n",
        "id: trial-onboarding\n# ...\n    - id: signup\n      journey: trial-signup\n",
        "A journey's time and friction include its sub-journeys', so a loop would have no "
        "end. The message shows the whole chain (`trial-onboarding → trial-signup → "
        "trial-onboarding`); the loop is reported once, at the touchpoint that closes it "
        "(the journeys are walked in the order of their ids).",
    ),
    ErrorRule(
        "unknown-rule",
        "`rules:` in `cjmap.yaml` names a rule that does not exist, or tries to change the "
        "severity of a rule that is always an error.",
        "kind: workspace\nrules:\n  stail: off\n",
        "kind: workspace\nrules:\n  stale: off\n",
    ),
)
