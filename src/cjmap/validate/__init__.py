"""``cjmap validate``: the run (``run``), the checks across files (``checks``), the lint rules
(``rules/``, one module per rule), and the formats of the report (``formats/``)."""
