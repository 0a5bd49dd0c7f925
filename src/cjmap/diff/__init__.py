"""``cjmap diff``: the two sides (``sides``: files, ``REV:path``, ``--git``), their comparison
(``compare``), and the formats of the result (``formats/``)."""
