"""``cjmap import mermaid``: a Mermaid ``journey`` diagram read with Mermaid's own grammar.

The grammar is that of Mermaid's journey lexer (``mermaid/src/diagrams/user-journey/parser/
journey.jison``), line by line:

- ``%%`` starts a comment (also after other text on a line), and so does ``#``; a directive
  ``%%{init: ...}%%`` (possibly over several lines) and YAML front matter between ``---``
  lines at the top are configuration: read for a ``title:``, otherwise skipped;
- ``journey`` opens the diagram (keywords are case-insensitive);
- ``title TEXT``, ``accTitle: TEXT``, ``accDescr: TEXT`` and ``accDescr { ... }`` (several
  lines, up to the closing brace);
- ``section NAME`` opens a section;
- ``TASK: SCORE`` or ``TASK: SCORE: ACTOR, ACTOR``: a task of the current section. A task
  name may not hold ``:``, ``#`` or ``;``.

Sections become stages, tasks touchpoints (ids made from their names), actors personas (a
workspace persona with that name or id is named by its id, any other becomes an inline
persona), and a score ``s`` (1..5) the emotion ``low + (s − 1) × (high − low) / 4`` on the
journey's emotion scale: ``s − 3`` on the default −2..2, the inverse of ``render -f mermaid``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cjmap.importer.errors import ImportProblem
from cjmap.importer.slugs import slug


@dataclass(slots=True)
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass(slots=True)
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass(slots=True)
class Diagram:
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)


_COMMENT = re.compile(r"%%(?!\{).*|#.*")
_ENTITY = re.compile(r"#(\d{1,7}|[A-Za-z][A-Za-z0-9]{0,31});")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


class _Entities:
    """Mermaid's entity codes (``#44;`` for a comma, ``#quot;``), which Mermaid replaces
    before it parses: held aside as placeholders while a line is split, decoded in the
    texts it yields."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def hide(self, line: str) -> str:
        def one(match: re.Match[str]) -> str:
            self.found.append(match[1])
            return f"\ue000{len(self.found) - 1}\ue001"

        return _ENTITY.sub(one, line)

    def show(self, text: str) -> str:
        import html

        def one(match: re.Match[str]) -> str:
            code = self.found[int(match[1])]
            if code.isdigit():
                number = int(code)
                return chr(number) if 0 < number <= 0x10FFFF else f"#{code};"
            named = html.unescape(f"&{code};")
            return f"#{code};" if named == f"&{code};" else named

        return _PLACEHOLDER.sub(one, text)


_KEYWORD = re.compile(r"(?i)(journey|title|section|acctitle|accdescr)\b")


def _strip_comment(line: str) -> str:
    found = _COMMENT.search(line)
    return line[: found.start()] if found else line


def parse(text: str, file: str) -> Diagram:
    """The diagram in ``text``; ImportProblem (with its line) for anything Mermaid would not
    draw as a journey."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    diagram = Diagram()
    started = False
    index = _front_matter(lines, diagram, file)
    entities = _Entities()
    while index < len(lines):
        number = index + 1
        raw = entities.hide(lines[index])
        stripped = raw.strip()
        index += 1
        if stripped.startswith("%%{"):
            index = _directive(lines, index - 1, file)
            continue
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if not started:
            if line.lower() != "journey":
                kind = line.split()[0]
                raise ImportProblem(
                    file,
                    f"this is not a Mermaid journey diagram: it starts with '{_clip(kind)}', "
                    "not 'journey'",
                    row=number,
                    column=raw.index(line[0]) + 1,
                )
            started = True
            continue
        word = line.split(":", 1)[0].split(None, 1)[0].lower() if line else ""
        if word == "title" and re.match(r"(?i)title\s", line):
            diagram.title = entities.show(_text(line[5:], raw, number, file))
        elif word.startswith("acctitle") and re.match(r"(?i)accTitle\s*:", line):
            diagram.acc_title = entities.show(line.split(":", 1)[1].strip())
        elif re.match(r"(?i)accDescr\s*:", line):
            diagram.acc_descr = entities.show(line.split(":", 1)[1].strip())
        elif re.match(r"(?i)accDescr\s*\{", line):
            index, descr = _block(lines, index - 1, file)
            diagram.acc_descr = entities.show(entities.hide(descr))
        elif word == "section" and re.match(r"(?i)section\s", line):
            name = _text(line[8:], raw, number, file)
            if ":" in name:
                raise ImportProblem(
                    file, "a section name cannot hold ':'", row=number, column=raw.index(":") + 1
                )
            diagram.sections.append(Section(entities.show(name), number))
        else:
            task = _task(line, raw, number, file)
            task.name = entities.show(task.name)
            task.actors = [entities.show(actor) for actor in task.actors]
            if not diagram.sections:
                diagram.sections.append(Section("", number))
            diagram.sections[-1].tasks.append(task)
    if not started:
        raise ImportProblem(file, "the file holds no Mermaid journey diagram (no 'journey' line)")
    if not any(section.tasks for section in diagram.sections):
        raise ImportProblem(file, "the journey has no tasks (lines such as 'Make tea: 5: Me')")
    return diagram


def _front_matter(lines: list[str], diagram: Diagram, file: str) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            for entry in lines[1:index]:
                match = re.match(r"title\s*:\s*(.*)", entry)
                if match:
                    diagram.title = match[1].strip().strip("\"'")
            return index + 1
    raise ImportProblem(file, "the front matter that starts here has no closing '---'", row=1)


def _directive(lines: list[str], start: int, file: str) -> int:
    for index in range(start, len(lines)):
        if "}%%" in lines[index]:
            return index + 1
    raise ImportProblem(file, "the directive '%%{' that starts here has no closing '}%%'",
                        row=start + 1)  # fmt: skip


def _block(lines: list[str], start: int, file: str) -> tuple[int, str]:
    first = lines[start].split("{", 1)[1]
    parts: list[str] = []
    rest = first
    index = start
    while True:
        if "}" in rest:
            parts.append(rest.split("}", 1)[0])
            after = rest.split("}", 1)[1].strip()
            if _strip_comment(after).strip():
                raise ImportProblem(file, "text after the '}' that closes accDescr",
                                    row=index + 1)  # fmt: skip
            break
        parts.append(rest)
        index += 1
        if index >= len(lines):
            raise ImportProblem(
                file, "the 'accDescr {' block that starts here has no closing '}'", row=start + 1
            )
        rest = lines[index]
    text = "\n".join(part.strip() for part in parts).strip()
    return index + 1, text


def _text(value: str, raw: str, number: int, file: str) -> str:
    text = value.strip()
    if ";" in text:
        raise ImportProblem(file, "Mermaid does not allow ';' here", row=number,
                            column=raw.index(";") + 1)  # fmt: skip
    if not text:
        raise ImportProblem(file, "the text after the keyword is missing", row=number)
    return text


def _task(line: str, raw: str, number: int, file: str) -> Task:
    if ";" in line:
        raise ImportProblem(file, "Mermaid does not allow ';' in a task", row=number,
                            column=raw.index(";") + 1)  # fmt: skip
    name, sep, data = line.partition(":")
    if not sep:
        raise ImportProblem(
            file,
            f"'{_clip(line)}' is neither a keyword (title, section, accTitle, accDescr) nor a "
            "task; a task reads 'Task name: score: actor, actor' (the score from 1 to 5)",
            row=number,
            column=raw.index(line[0]) + 1,
        )
    pieces = data.split(":")
    score_text = pieces[0].strip()
    column = raw.index(":") + 2
    try:
        score = float(score_text)
    except ValueError:
        score = float("nan")
    if not 1 <= score <= 5:
        raise ImportProblem(
            file,
            f"the score '{_clip(score_text)}' of the task '{_clip(name.strip())}' is not a "
            "number from 1 to 5",
            row=number,
            column=column,
        )
    actors = [a.strip() for a in pieces[1].split(",")] if len(pieces) > 1 else []
    return Task(name.strip(), score, [a for a in actors if a], number)


def _clip(text: str) -> str:
    from cjmap.util.textsafe import clip, escape_control

    return clip(escape_control(text))


def emotion(score: float, scale: tuple[int, int]) -> int | float:
    """A Mermaid score (1..5) on the emotion scale ``scale``: linear, 1 → low, 5 → high."""
    low, high = scale
    value = round(low + (score - 1) * (high - low) / 4, 2)
    return int(value) if float(value).is_integer() else value


def journey_data(
    diagram: Diagram,
    *,
    journey_id: str | None,
    scale: tuple[int, int],
    default_scale: bool,
    known_personas: dict[str, str],
) -> dict[str, Any]:
    """The journey of a diagram. ``known_personas``: workspace persona names and ids → id."""
    title = diagram.title or diagram.acc_title or "Imported journey"
    data: dict[str, Any] = {
        "kind": "journey",
        "id": journey_id or slug(title, (), "imported-journey"),
        "title": title,
    }
    if diagram.acc_descr:
        data["description"] = diagram.acc_descr
    if not default_scale:
        data["emotion_scale"] = list(scale)
    personas: dict[str, str | dict[str, str]] = {}
    taken_people: set[str] = set()
    for section in diagram.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor in personas:
                    continue
                if actor in known_personas:
                    personas[actor] = known_personas[actor]
                else:
                    ident = slug(actor, taken_people | set(known_personas.values()),
                                 f"persona-{len(personas) + 1}")  # fmt: skip
                    personas[actor] = {"id": ident, "name": actor}
                taken_people.add(_persona_id(personas[actor]))
    if personas:
        data["personas"] = list(personas.values())
    stage_ids: set[str] = set()
    tp_ids: set[str] = set()
    stages = []
    for number, section in enumerate(diagram.sections, start=1):
        name = section.name or title
        stage_id = slug(name, stage_ids, f"stage-{number}")
        stage_ids.add(stage_id)
        touchpoints = []
        for task in section.tasks:
            tp_id = slug(task.name, tp_ids | stage_ids, f"touchpoint-{len(tp_ids) + 1}")
            tp_ids.add(tp_id)
            value = emotion(task.score, scale)
            feeling: Any = value
            if task.actors:
                feeling = {_persona_id(personas[actor]): value for actor in task.actors}
            touchpoints.append({"id": tp_id, "name": task.name, "emotion": feeling})
        stages.append({"id": stage_id, "name": name, "touchpoints": touchpoints})
    data["stages"] = stages
    return data


def _persona_id(entry: str | dict[str, str]) -> str:
    return entry if isinstance(entry, str) else entry["id"]
