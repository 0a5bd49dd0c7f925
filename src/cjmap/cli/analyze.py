"""``cjmap analyze``: friction, emotion curves, funnel and priorities of journeys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.analysis.formats import FORMATS
from cjmap.cli._options import (
    check_format,
    format_option,
    output_file_option,
    paths_argument,
    stdin_filename_option,
)

if TYPE_CHECKING:
    from cjmap.analysis.stream import Collected, Setup
    from cjmap.validate.run import Checked


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument(
            "Journey files or folders ('-' reads standard input). Default: the workspace."
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona", help="Show the emotion curves of this persona only.", metavar="ID"
        ),
    ] = None,
    format: Annotated[str, format_option(FORMATS)] = "text",
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show each friction number with its parts and weights."),
    ] = False,
    portfolio: Annotated[
        bool,
        typer.Option(
            "--portfolio",
            help=(
                "With '-f csv': one row per opportunity of every journey (journey, "
                "touchpoint, pain points addressed, score, owner, status, tags) instead of "
                "one per touchpoint. CSV only: the index page of 'cjmap render' (HTML and "
                "Markdown) shows the same table."
            ),
        ),
    ] = False,
    output_file: Annotated[
        str | None,
        output_file_option("Write the analysis to this file instead of standard output."),
    ] = None,
    stdin_filename: Annotated[str | None, stdin_filename_option()] = None,
) -> int:
    """Compute friction, emotion curves, funnel and priorities of journey maps."""
    from functools import partial

    from cjmap.analysis.formats.common import Meta, Options
    from cjmap.analysis.stream import (
        Collected,
        Setup,
        ahead,
        guess_personas,
    )
    from cjmap.cli._options import color_wanted, say, shown, write_output
    from cjmap.util.errors import UsageError
    from cjmap.util.textsafe import escape_control
    from cjmap.validate.run import check_paths
    from cjmap.workspace.corpus import plan_corpus

    check_format(format, FORMATS)
    if portfolio and format != "csv":
        raise UsageError(
            f"--portfolio is written as CSV only, not as '{escape_control(format)}': add "
            "'-f csv' (for a page, 'cjmap render' puts the same table on its index page)"
        )
    if portfolio and explain:
        raise UsageError(
            "--explain shows the parts of each touchpoint's friction, which --portfolio "
            "does not list: use one or the other"
        )
    plan = plan_corpus(paths or [], stdin_name=stdin_filename)
    corpus = plan.corpus
    for skipped in corpus.skipped:
        say(f"cjmap: skipped {shown(skipped)}: the workspace's include/exclude globs leave it out")
    width = 100
    if format == "text":
        from cjmap.analysis.formats.text import terminal_width

        width = terminal_width()
    options = Options(
        explain=explain, color=color_wanted(output_file), width=width, portfolio=portfolio
    )
    personas = guess_personas(plan)
    collected = Collected()
    guessed = Setup(corpus.config, personas, persona, format, options, spool=collected.spool)
    try:
        # Each file is checked as `validate` checks it and, where it is checked, its
        # journeys analysed: only the output's pieces are kept (see cjmap.analysis.stream).
        checked = check_paths(
            [], plan=plan, per_file=partial(ahead, setup=guessed), on_file=collected.add
        )
        failing = checked.failing()
        for name in failing:
            say(
                f"cjmap: {shown(name)} was not analysed: it does not validate; "
                f"run 'cjmap validate {shown(name)}' to see why"
            )
        left_out = set(failing)
        if persona is not None:
            known = checked.journey_personas(left_out)
            if persona not in known:
                listed = ", ".join(known) if known else "none"
                raise UsageError(
                    f"no persona '{escape_control(persona)}' in the journeys analysed; "
                    f"their personas: {listed}"
                )
        from cjmap.render.run import sub_figures

        subs = sub_figures(checked)
        setup = Setup(
            corpus.config, checked.personas, persona, format, options, subs, collected.spool
        )
        if checked.personas != guessed.personas:
            collected.clear()  # analysed with the wrong personas: again, all of them
        elif subs:
            # Analysed before their sub-journeys' figures were known: again, those.
            for f in checked.facts:
                if f.sub_journeys:
                    collected.forget(f.file)
        order = [
            *dict.fromkeys(doc.display for doc in corpus.docs),
            *plan.files,
            *([plan.stdin] if plan.stdin is not None else []),
        ]
        wanted = [name for name in order if name in corpus.targets and name not in left_out]
        _analyse_rest(
            [name for name in wanted if not collected.has(name)], checked, setup, collected
        )
        summaries = collected.summaries(wanted)
        if not summaries and not failing:
            say("cjmap: no journeys found in the files given")
        meta = Meta(persona, tuple(failing))
        pieces = setup.module().write(collected.bodies(wanted), summaries, meta, options)
        write_output(pieces, output_file)
    finally:
        collected.close()
    return 1 if failing else 0


def _analyse_rest(names: list[str], checked: Checked, setup: Setup, collected: Collected) -> None:
    """Analyse the journeys of the files ``names`` that were not analysed where they were
    checked."""
    from cjmap.analysis.stream import analyse_files, doc_parts
    from cjmap.document.load import load_bytes

    if not names:
        return
    plan = checked.plan
    rest = set(names)
    docs = [doc for doc in plan.corpus.docs if doc.display in rest]
    for name in dict.fromkeys(doc.display for doc in docs):
        collected.add(name, doc_parts([d for d in docs if d.display == name], setup))
    stdin = None
    if plan.stdin in rest and checked.stdin is not None:
        stdin = load_bytes(checked.stdin, plan.stdin, plan.limits)
    analyse_files([job for job in plan.jobs() if job.name in rest], setup, collected, stdin=stdin)
