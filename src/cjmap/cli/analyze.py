"""``cjmap analyze``: friction, emotion curves, funnel and priorities of journeys."""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap.analysis.formats import FORMATS
from cjmap.cli._options import (
    check_format,
    format_option,
    output_file_option,
    paths_argument,
    stdin_filename_option,
)


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
    output_file: Annotated[
        str | None,
        output_file_option("Write the analysis to this file instead of standard output."),
    ] = None,
    stdin_filename: Annotated[str | None, stdin_filename_option()] = None,
) -> int:
    """Compute friction, emotion curves, funnel and priorities of journey maps."""
    from cjmap.analysis.formats import get_format
    from cjmap.analysis.formats.common import AnalyzeReport
    from cjmap.analysis.run import analyze_all, known_personas
    from cjmap.cli._options import color_wanted, say, shown, write_output
    from cjmap.util.errors import UsageError
    from cjmap.util.textsafe import escape_control
    from cjmap.validate.run import validate_corpus
    from cjmap.workspace.corpus import load_corpus

    check_format(format, FORMATS)
    corpus = load_corpus(paths or [], stdin_name=stdin_filename)
    for skipped in corpus.skipped:
        say(f"cjmap: skipped {shown(skipped)}: the workspace's include/exclude globs leave it out")
    report = validate_corpus(corpus)
    failing = sorted({p.file for p in report.problems if p.severity == "error"})
    resolved = [r for r in corpus.resolved_targets() if r.file not in failing]
    for name in failing:
        say(
            f"cjmap: {shown(name)} was not analysed: it does not validate; "
            f"run 'cjmap validate {shown(name)}' to see why"
        )
    if persona is not None:
        known = known_personas(resolved)
        if persona not in known:
            listed = ", ".join(known) if known else "none"
            raise UsageError(
                f"no persona '{escape_control(persona)}' in the journeys analysed; "
                f"their personas: {listed}"
            )
    analysis = analyze_all(resolved, corpus.config.friction.weights, persona=persona)
    if not analysis.journeys and not failing:
        say("cjmap: no journeys found in the files given")
    result = AnalyzeReport(analysis, tuple(failing), explain)
    write_output(get_format(format)(result, color_wanted(output_file)), output_file)
    return 1 if failing else 0
