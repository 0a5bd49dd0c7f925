"""``cjmap serve``: a live preview of the maps, rebuilt and pushed to the browser on every save."""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap.cli._options import locale_option, paths_argument, templates_option


def command(
    paths: Annotated[
        list[str] | None,
        paths_argument(
            "Journey files or folders to show. Default: every journey of the workspace."
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            "-p",
            help="Port to serve on; 0 picks a free one.",
            metavar="N",
            min=0,
            max=65535,
        ),
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to serve on. The default serves this computer only; 0.0.0.0 serves "
            "everyone on your network.",
            metavar="H",
        ),
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the index in the default browser.")
    ] = False,
    locale: Annotated[str | None, locale_option()] = None,
    templates: Annotated[str | None, templates_option()] = None,
) -> int:
    """Serve the maps on a local web page that updates itself whenever a file is saved;
    errors are shown in the page. Stop with Ctrl-C."""
    from pathlib import Path

    from cjmap.cli._options import say, shown
    from cjmap.render.messages import LOCALES, label_locale
    from cjmap.serve.run import serve
    from cjmap.util.errors import UsageError
    from cjmap.util.textsafe import escape_control

    if locale is not None and label_locale(locale) is None:
        raise UsageError(
            f"no labels for locale '{escape_control(locale)}'; choose one of: {', '.join(LOCALES)}"
        )
    if templates is not None and not Path(templates).is_dir():
        raise UsageError(f"--templates {shown(templates)}: no such folder")

    def started(url: str) -> None:
        if open_browser:
            import webbrowser

            if not webbrowser.open(url):
                say(f"cjmap: could not open a browser; open {url} yourself")

    serve(
        paths or [],
        Path.cwd(),
        host=host,
        port=port,
        locale=locale,
        templates=str(Path(templates).resolve()) if templates is not None else None,
        say=say,
        started=started,
    )
    return 0
