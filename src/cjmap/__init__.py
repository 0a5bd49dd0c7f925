"""cjmap: customer journey maps as plain-text YAML in git."""

__version__ = "0.1.0"
