"""A registry of output formats: each ``--format`` name mapped to the module that writes it,
imported only when that format is used (the registries stay light for the CLI's start-up)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def format_function(
    formats: Mapping[str, str], name: str, function: str = "render", *, optional: bool = False
) -> Any:
    """The function ``function`` of the module registered in ``formats`` as ``name``, imported
    on demand; with ``optional``, ``None`` when that module has no such function."""
    from importlib import import_module

    module = import_module(formats[name])
    return getattr(module, function, None) if optional else getattr(module, function)
