"""The libyaml event-stream floor: parse every YAML file of a folder, do nothing else.

    python bench/yaml_floor.py bench/corpus/1000

One process reads each ``*.yaml`` file under the folder (sorted, as text, the way cjmap reads
it) and pulls every parse event out of ruamel.yaml's C parser (libyaml, through
``YAML(typ="safe").parse``: no round-trip machinery, no composing, no constructing). No tool
that reads YAML events can check these files in less time on one core, so
``bench/bench_validate.py`` times this script as a process like the tools it measures and
compares ``cjmap validate`` with it. It prints the number of files and events; exit code 1
when the C parser is missing (then there is no floor to measure) or a file does not parse.
"""

from __future__ import annotations

import sys
from pathlib import Path


def count_events(folder: Path) -> tuple[int, int]:
    """Parse every ``*.yaml`` under ``folder``; (files, events)."""
    from ruamel.yaml import YAML

    try:
        from _ruamel_yaml import CParser
    except ImportError:
        raise SystemExit("yaml_floor: ruamel.yaml.clib (libyaml) is not installed") from None
    yaml = YAML(typ="safe", pure=False)
    if yaml.Parser is not CParser:
        raise SystemExit("yaml_floor: ruamel.yaml did not choose its C parser")
    files = events = 0
    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for _ in yaml.parse(text):
            events += 1
        files += 1
    return files, events


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python bench/yaml_floor.py FOLDER", file=sys.stderr)
        return 2
    try:
        files, events = count_events(Path(args[0]))
    except Exception as exc:  # a file that does not parse: no floor for this corpus
        print(f"yaml_floor: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"{files} files, {events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
