"""One file read as documents: YAML with the line and column of every node (``load``), its
errors in plain words (``yaml_errors``), the pydantic models (``model``), their errors as
findings (``schema_findings``) and the problem record that every check reports
(``problems``)."""
