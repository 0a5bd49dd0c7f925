"""``cjmap fmt``: ``formatter`` (the public API and one formatting pass) runs the stages in
order: ``scan`` (comments and blank lines found in the text), ``attach`` (the key or item each
belongs to), ``place`` (keys in canonical order from ``keys``, comments written back),
``polish`` (the last touches to the text) and ``verify`` (nothing lost; cjmap reads the result
as it read the input). Before any of them, ``quick`` tries to prove from the C parser's events
that the text is already canonical; when it can, the round trip is skipped. ``errors`` holds
:class:`~cjmap.fmt.errors.FormatError`."""
