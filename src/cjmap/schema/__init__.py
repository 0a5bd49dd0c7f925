"""``cjmap schema``: the JSON Schemas of the file kinds, exported from the models
(``export``)."""
