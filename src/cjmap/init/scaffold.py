"""A new workspace: the files ``cjmap init`` writes, and writing them without losing any.

The starter journey validates with no findings at all, even under ``--strict``, so a new
workspace starts green in CI. Existing files are never touched: ``init`` can be run again,
or in a folder that already holds some of these files, and only adds what is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cjmap import __version__
from cjmap.schema.export import SCHEMA_KINDS, schema_text
from cjmap.util.fsutil import WriteRefused, atomic_write, links_on_the_way
from cjmap.util.textsafe import escape_control
from cjmap.workspace.cache import FOLDER as CACHE_FOLDER
from cjmap.workspace.files import DEFAULT_OUTPUT

REPO_URL = "https://github.com/cjmap/cjmap"
"""The project's one repository: the pre-commit hooks, the GitHub Action, and (until cjmap is
on PyPI) the source that ``pip`` installs from a release tag."""
PRE_COMMIT_SCHEMA = "https://json.schemastore.org/pre-commit-config.json"
WORKFLOW_SCHEMA = "https://json.schemastore.org/github-workflow.json"
PERSONA_FILE = "personas/alex.yaml"
JOURNEY_FILE = "journeys/first-order.yaml"
SCHEMA_DIR = ".cjmap/schemas"
"""Where ``init`` writes the JSON Schemas that the modelines name, so editors work offline.
A hidden folder: never read as journey maps."""


def pip_requirement(version: str = __version__) -> str:
    """What ``pip install`` takes to install this release of cjmap: the source archive of the
    repository's release tag. It works before cjmap is on PyPI, and needs no git."""
    return f"cjmap @ {REPO_URL}/archive/refs/tags/v{version}.tar.gz"


def schema_path(kind: str) -> str:
    """The workspace-relative path of the schema file of ``kind`` that ``init`` writes."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


class ScaffoldError(Exception):
    """The folder cannot hold a workspace: it is a file, or cannot be created."""


@dataclass(slots=True)
class InitResult:
    """What ``init`` did, file by file (paths relative to the workspace, ``/``-separated)."""

    root: Path
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    extended: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """Existing files that ``init`` added lines to, with the lines added."""


def _modeline(url: str) -> str:
    return f"# yaml-language-server: $schema={url}\n"


def _schema_modeline(kind: str, relative: str) -> str:
    """The modeline of a cjmap file at ``relative``: the schema file inside the workspace."""
    depth = relative.count("/")
    return _modeline("../" * depth + schema_path(kind))


def _workspace_yaml() -> str:
    return _schema_modeline("workspace", "cjmap.yaml") + (
        "#\n"
        "# Settings for this folder of journey maps. It marks the root of the workspace:\n"
        "# `cjmap validate` run from any sub-folder sees every persona and journey below it.\n"
        f"# Every key is optional; the file format is described in {REPO_URL}.\n"
        "kind: workspace\n"
        "# emotion_scale: [1, 5]   # default: -2 (very negative) to 2 (very positive)\n"
        "# Every *.yaml and *.yml file below this folder is a cjmap file unless excluded here.\n"
        'exclude: ["drafts/**"]\n'
        "locale: en               # language of the labels of rendered maps\n"
        "review_every: 180        # days before a map counts as stale (rule 'stale')\n"
        "# rules:                  # severity per lint rule: error, warning, info or off\n"
        "#   metric-without-target: info\n"
    )


def _persona_yaml() -> str:
    return _schema_modeline("persona", PERSONA_FILE) + (
        "#\n"
        "# A persona shared by the journeys of this workspace. Replace it with a customer\n"
        "# archetype from your own research.\n"
        "kind: persona\n"
        "id: alex\n"
        "name: Alex, first-time customer\n"
        "role: Office manager\n"
        "segment: New customers\n"
        "share: 1.0\n"
        'quote: "I just want to know when it arrives."\n'
        "description: >-\n"
        "  Orders supplies for a small office, mostly from a phone between meetings.\n"
        "  Has never bought from us before and compares two or three shops first.\n"
        "goals:\n"
        "  - Get the order delivered this week\n"
        "frustrations:\n"
        "  - Creating yet another account\n"
        "channels: [web, email]\n"
    )


def _journey_yaml(today: dt.date) -> str:
    return _schema_modeline("journey", JOURNEY_FILE) + (
        "#\n"
        "# A small starter map: copy it to map your own journeys. Every field is described\n"
        f"# in the file format reference ({REPO_URL}).\n"
        "kind: journey\n"
        "id: first-order\n"
        "title: First online order\n"
        "description: >-\n"
        "  How a new customer finds the shop, places a first order and receives it.\n"
        "state: current\n"
        "owner: cx-team\n"
        "tags: [e-commerce, starter]\n"
        f"reviewed: {today.isoformat()}        # update after each review (rule 'stale')\n"
        "goals:\n"
        "  - Raise first-order checkout completion to 80%\n"
        "personas: [alex]\n"
        "sources:\n"
        "  - id: checkout-analytics\n"
        "    type: analytics\n"
        "    title: Checkout funnel, last 30 days\n"
        "  - id: customer-interviews\n"
        "    type: interview\n"
        "    title: Interviews with new customers\n"
        "    n: 8\n"
        "stages:\n"
        "  - id: discover\n"
        "    name: Discover\n"
        "    goal: Find a shop that has what I need\n"
        "    touchpoints:\n"
        "      - id: search-result\n"
        "        name: Finds the shop in search results\n"
        "        channel: web\n"
        "        type: digital\n"
        "        owner: marketing\n"
        "        emotion: 1              # -2 very negative .. 0 neutral .. 2 very positive\n"
        "      - id: product-page\n"
        "        name: Reads the product page\n"
        "        channel: web\n"
        "        type: digital\n"
        "        owner: web-team\n"
        "        thoughts:\n"
        '          - "Is it in stock, and when would it arrive?"\n'
        "        emotion: 0\n"
        "        effort: 2               # 1 effortless .. 5 very hard\n"
        "        completion: 60%         # share of customers who go on to the next step\n"
        "        evidence: [checkout-analytics]\n"
        "  - id: order\n"
        "    name: Order\n"
        "    goal: Pay quickly and safely\n"
        "    touchpoints:\n"
        "      - id: checkout\n"
        "        name: Fills in the checkout form\n"
        "        channel: web\n"
        "        type: digital\n"
        "        owner: web-team\n"
        "        actions:\n"
        "          - Enters the delivery address\n"
        "          - Creates an account\n"
        "          - Pays by card\n"
        "        emotion: -1\n"
        "        effort: 3\n"
        "        completion: 0.7\n"
        "        duration: 6m\n"
        "        moment_of_truth: true\n"
        "        evidence: [checkout-analytics, customer-interviews]\n"
        "        metrics:\n"
        "          - name: Checkout completion\n"
        "            value: 70\n"
        '            unit: "%"\n'
        "            target: 80\n"
        "            source: checkout-analytics\n"
        "        pain_points:\n"
        "          - id: forced-account\n"
        "            text: Has to create an account before paying\n"
        "            severity: 4         # 1 .. 5\n"
        "            frequency: 4        # 1 rare .. 5 almost everyone\n"
        "            category: process\n"
        "            evidence: [customer-interviews]\n"
        "        opportunities:\n"
        "          - id: guest-checkout\n"
        "            text: Offer checkout as a guest\n"
        "            impact: 4\n"
        "            effort: 2\n"
        "            confidence: 0.7\n"
        "            owner: web-team\n"
        "            addresses: [forced-account]\n"
        "  - id: delivery\n"
        "    name: Delivery\n"
        "    touchpoints:\n"
        "      - id: tracking-email\n"
        "        name: Gets the tracking email\n"
        "        channel: email\n"
        "        type: digital\n"
        "        owner: logistics\n"
        "        emotion: 1\n"
        "        duration: 2d\n"
        "      - id: parcel-arrives\n"
        "        name: Receives the parcel\n"
        "        channel: courier\n"
        "        type: physical\n"
        "        owner: logistics\n"
        "        emotion: 2\n"
        "        evidence: [customer-interviews]\n"
    )


def _pre_commit_yaml(version: str) -> str:
    return _modeline(PRE_COMMIT_SCHEMA) + (
        "#\n"
        "# Check journey maps before each commit: `pip install pre-commit && pre-commit install`.\n"
        "repos:\n"
        f"  - repo: {REPO_URL}\n"
        f"    rev: v{version}\n"
        "    hooks:\n"
        "      - id: cjmap-validate    # schema, references and lint rules\n"
        "      - id: cjmap-fmt         # canonical key order and indentation\n"
    )


def _workflow_yaml(version: str) -> str:
    return _modeline(WORKFLOW_SCHEMA) + (
        "#\n"
        "# Validate the journey maps on every push and pull request. Findings appear as\n"
        "# annotations on the changed lines and in the repository's code scanning alerts.\n"
        "name: cjmap\n"
        "\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "\n"
        "permissions:\n"
        "  contents: read\n"
        "  security-events: write   # to upload the SARIF report\n"
        "\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        "      # The release tag of cjmap's repository; once cjmap is on PyPI,\n"
        f'      # `pip install "cjmap=={version}"` does the same.\n'
        f'      - run: pip install "{pip_requirement(version)}"\n'
        "      - name: Validate journey maps\n"
        "        run: cjmap validate --format github --strict\n"
        "      - name: Write the SARIF report\n"
        "        if: always()\n"
        "        # Exit 1 means findings, already reported above; 2 and 3 still fail here.\n"
        "        run: cjmap validate --format sarif --output-file cjmap.sarif || [ $? -eq 1 ]\n"
        "      - name: Upload the SARIF report\n"
        "        if: always()\n"
        "        uses: github/codeql-action/upload-sarif@v3\n"
        "        with:\n"
        "          sarif_file: cjmap.sarif\n"
        "          category: cjmap\n"
    )


def starter_files(today: dt.date, version: str = __version__) -> list[tuple[str, str]]:
    """The files of a new workspace, as (``/``-separated relative path, text), in order."""
    return [
        ("cjmap.yaml", _workspace_yaml()),
        (PERSONA_FILE, _persona_yaml()),
        (JOURNEY_FILE, _journey_yaml(today)),
        (".pre-commit-config.yaml", _pre_commit_yaml(version)),
        (".github/workflows/cjmap.yml", _workflow_yaml(version)),
        *((schema_path(kind), schema_text(kind)) for kind in SCHEMA_KINDS),
    ]


GITIGNORE = ".gitignore"
IGNORED = (f"/{DEFAULT_OUTPUT}/", "/cjmap.sarif", f"/{CACHE_FOLDER}/")
"""What cjmap itself writes in a workspace and git should not track: ``render``'s default
output folder, the SARIF report of the CI workflow above, and the workspace cache (which
also ignores itself, as ruff's does)."""


def _gitignore_text() -> str:
    lines = ["# Written by cjmap: rendered maps, reports, its cache; made from the YAML.", *IGNORED]
    return "".join(f"{line}\n" for line in lines)


def _ignore_forms(line: str) -> set[str]:
    """The spellings of an ignore line that mean the same folder or file at the root."""
    bare = line.strip().strip("/")
    return {bare, f"/{bare}", f"{bare}/", f"/{bare}/"}


def missing_ignores(existing: str) -> tuple[str, ...]:
    """The lines of :data:`IGNORED` that ``existing`` (a ``.gitignore``) does not hold yet,
    in any of their equivalent spellings (``site/``, ``/site``, ``site``...)."""
    present = {line.strip() for line in existing.splitlines()}
    return tuple(line for line in IGNORED if not (_ignore_forms(line) & present))


def _ensure_gitignore(folder: Path, result: InitResult) -> None:
    """Create ``.gitignore``, or append the lines it lacks; never rewrite what is there.

    A ``.gitignore`` that is a link or not a regular file is the user's business: kept as is.
    """
    target = folder / GITIGNORE
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        result.failed.append((GITIGNORE, _reason(exc)))
        return
    if info is None:
        try:
            atomic_write(target, _gitignore_text().encode("utf-8"))
        except OSError as exc:
            result.failed.append((GITIGNORE, _reason(exc)))
        except WriteRefused as exc:
            result.failed.append((GITIGNORE, str(exc)))
        else:
            result.created.append(GITIGNORE)
        return
    if not stat.S_ISREG(info.st_mode):
        result.kept.append(GITIGNORE)
        return
    try:
        existing = target.read_bytes().decode("utf-8", "replace")
        missing = missing_ignores(existing)
        if not missing:
            result.kept.append(GITIGNORE)
            return
        lead = "" if not existing or existing.endswith(("\n", "\r")) else "\n"
        addition = lead + "".join(f"{line}\n" for line in missing)
        # Appended in place: the user's lines, mode and owner stay exactly as they were.
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "ab") as handle:
            handle.write(addition.encode("utf-8"))
    except OSError as exc:
        result.failed.append((GITIGNORE, _reason(exc)))
    else:
        result.extended.append((GITIGNORE, missing))


def init_workspace(
    folder: Path, *, today: dt.date | None = None, version: str = __version__
) -> InitResult:
    """Create the starter files in ``folder`` (created if missing), keeping every existing one.

    Raises :class:`ScaffoldError` when ``folder`` is a file or cannot be created. A file that
    cannot be written is recorded in ``failed`` and the others are still written.
    """
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(
            f"{escape_control(str(folder))} is a file, not a folder; choose a folder for the "
            "workspace"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        shown = escape_control(str(folder))
        raise ScaffoldError(f"cannot create the folder {shown}: {_reason(exc)}") from exc
    result = InitResult(root=folder)
    for relative, text in starter_files(today or dt.date.today(), version):
        target = folder / relative
        if os.path.lexists(target):
            result.kept.append(relative)
            continue
        link = links_on_the_way(target.parent, [folder])
        if link is not None:
            result.failed.append(
                (
                    relative,
                    f"{link.relative_to(os.path.abspath(folder))} is a symbolic link, and "
                    "cjmap does not write through links; remove it and run init again",
                )
            )
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, text.encode("utf-8"))
        except OSError as exc:
            result.failed.append((relative, _reason(exc)))
        except WriteRefused as exc:
            result.failed.append((relative, exc.reason))
        else:
            result.created.append(relative)
    _ensure_gitignore(folder, result)
    return result


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "a file is in the way of a folder on that path"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)
