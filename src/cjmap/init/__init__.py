"""``cjmap init``: the files of a new workspace (``scaffold``)."""
