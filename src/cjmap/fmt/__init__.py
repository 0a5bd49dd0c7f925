"""``cjmap fmt``: the formatter (``formatter``), which rewrites a file in canonical form with
ruamel.yaml's round trip and keeps its comments."""
