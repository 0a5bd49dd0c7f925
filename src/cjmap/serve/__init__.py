"""``cjmap serve``: the pages ``render`` makes, served from memory and rebuilt on every save.

:mod:`site` holds the workspace and its pages and rebuilds only what a change affects;
:mod:`page` adds the reload script and the findings overlay to a page as it is served;
:mod:`server` is the HTTP server (pages and the event stream); :mod:`watch` watches the
files. This package never imports the CLI framework.
"""
