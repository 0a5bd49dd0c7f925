"""The workspace: ``cjmap.yaml`` and which files belong to it (``files``, include and exclude
through pathspec), and the corpus of documents read from them (``corpus``)."""
