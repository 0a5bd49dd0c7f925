"""Journeys for the render tests: a hostile one with a payload in every text field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=alert('svg')>",
    "\"><script>window.__pwned='attr'</script>",
    "'><img src=x onerror=alert('attr2')>",
    "javascript:alert('js-url')",
    "data:text/html,<script>alert('data-url')</script>",
    "</script><script>window.__pwned='script-breakout'</script>",
    "</style><script>window.__pwned='style-breakout'</script>",
    "</title><script>alert('title')</script>",
    "</textarea><body onload=alert('body')>",
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${7*7}",
    "<a href=\"javascript:alert('link')\">click</a>",
    '<iframe src="https://evil.example/frame"></iframe>',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>@import url('https://evil.example/y.css');</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "| pipe | ; semi: colon `tick` %% comment\nsecond line",
    '=HYPERLINK("https://evil.example","x")',
    "\u202egnp.exe",
)


def payload(index: int) -> str:
    """A payload, cycling through them so every field gets a different one."""
    return f"P{index}: {PAYLOADS[index % len(PAYLOADS)]}"


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return payload(self.n)


def hostile_journey() -> dict[str, Any]:
    """A valid journey whose every text field carries an attack."""
    p = _Counter()
    return {
        "kind": "journey",
        "id": "hostile",
        "title": p(),
        "description": p(),
        "state": "future",
        "improves": "baseline",
        "owner": p(),
        "tags": [p(), p()],
        "locale": "\"><script>alert('lang')</script>",
        "goals": [p(), p()],
        "personas": [
            "shared",
            {
                "id": "inline",
                "name": p(),
                "role": p(),
                "segment": p(),
                "share": 0.5,
                "quote": p(),
                "description": p(),
                "demographics": {p(): p(), "age": 30},
                "goals": [p()],
                "motivations": [p()],
                "frustrations": [p()],
                "needs": [p()],
                "preferences": [p()],
                "behaviors": [p()],
                "channels": [p()],
            },
        ],
        "sources": [
            {"id": "s1", "type": "survey", "title": p(), "url": "javascript:alert('source')"},
            {"id": "s2", "type": "other", "title": p(), "url": "data:text/html,<b>x</b>"},
            {"id": "s3", "type": "interview", "title": p(), "url": "https://example.com/ok"},
        ],
        "stages": [
            {
                "id": "one",
                "name": p(),
                "description": p(),
                "goal": p(),
                "expectations": [p()],
                "touchpoints": [
                    {
                        "id": "tp-1",
                        "name": p(),
                        "channel": p(),
                        "type": "digital",
                        "owner": p(),
                        "description": p(),
                        "actions": [p(), p()],
                        "thoughts": [p()],
                        "frontstage": [p()],
                        "backstage": [p()],
                        "support": [p()],
                        "emotion": {"shared": -1, "inline": 1},
                        "effort": 4,
                        "completion": 0.6,
                        "moment_of_truth": True,
                        "evidence": ["s1", "s2", "s3"],
                        "metrics": [
                            {
                                "name": p(),
                                "value": 1,
                                "unit": p(),
                                "target": 2,
                                "source": "s1",
                            }
                        ],
                        "pain_points": [
                            {
                                "id": "pain",
                                "text": p(),
                                "severity": 5,
                                "root_cause": p(),
                                "evidence": ["s1"],
                            }
                        ],
                        "opportunities": [
                            {
                                "id": "opp",
                                "text": p(),
                                "impact": 4,
                                "effort": 2,
                                "owner": p(),
                                "addresses": ["pain"],
                            }
                        ],
                    },
                    {"id": "tp-2", "name": p(), "emotion": {"shared": 2}},
                ],
            },
            {"id": "two", "name": p(), "touchpoints": []},
        ],
    }


def hostile_persona() -> dict[str, Any]:
    """A workspace persona with attacks in its text."""
    return {
        "kind": "persona",
        "id": "shared",
        "name": payload(100),
        "role": payload(101),
        "quote": payload(102),
        "goals": [payload(103)],
    }


def baseline_journey() -> dict[str, Any]:
    """The current-state journey the hostile one improves (its title is hostile too)."""
    return {
        "kind": "journey",
        "id": "baseline",
        "title": payload(200),
        "personas": ["shared"],
        "stages": [
            {
                "id": "one",
                "name": payload(201),
                "touchpoints": [
                    {"id": "tp-1", "name": payload(202), "emotion": -2},
                    {"id": "tp-2", "name": payload(203), "emotion": 0},
                ],
            }
        ],
    }


def write_hostile_workspace(root: Path) -> Path:
    """A workspace with the hostile journey; JSON is YAML 1.2, so files are JSON text."""
    (root / "journeys").mkdir(parents=True)
    (root / "cjmap.yaml").write_text("kind: workspace\n", "utf-8")
    files = {
        "journeys/hostile.yaml": hostile_journey(),
        "journeys/baseline.yaml": baseline_journey(),
        "shared.yaml": hostile_persona(),
    }
    for name, data in files.items():
        (root / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return root


def all_payload_texts() -> list[str]:
    """Every payload string as it appears in the journey (for literal-rendering checks)."""
    return [payload(i) for i in range(1, 40)]
