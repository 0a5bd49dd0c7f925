"""Help pages for people: metavars instead of Python types, and whole descriptions.

Typer shows each parameter's Python type (``<list[str]>``, ``<float range>``) beside its
metavar, and click cuts a command's description to fit the command list ("Check journey,
persona and workspace files against the format..."). Every command is registered with
:class:`Command`, which shows the metavar alone (``PATH...``, ``FILE``, ``MIB``) and the
first paragraph of the description in full, wrapped rather than cut.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        name = self.display_name_raw
        return f"{name}..." if self.nargs != 1 else name

    def _usage_display_name(self) -> str:
        # A required argument as POSIX usage writes it ("FILE"), not typer's "{FILE}".
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return f"{name}..." if self.nargs != 1 else name


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        return (self.name or "value").upper().replace("_", "-")

    def _get_number_range_help_str(self) -> str | None:
        # "x>=0.001" is notation, not words: the option's help says what it accepts.
        return None


class Command(TyperCommand):
    """A command whose help shows metavars, never Python types, and whole descriptions."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # click's own signature
        for param in self.params:
            # Typer builds its own parameter classes; these differ only in how help shows.
            if type(param) is TyperArgument:
                param.__class__ = _Argument
            elif type(param) is TyperOption:
                param.__class__ = _Option

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the description, whole, on one line (the command list
        wraps it)."""
        text = inspect.cleandoc(self.short_help or self.help or "")
        return " ".join(text.split("\n\n")[0].split())


class Group(TyperGroup):
    """A command group (``cjmap import``) whose line in the command list is whole, too."""

    def get_short_help_str(self, limit: int = 45) -> str:
        text = inspect.cleandoc(self.short_help or self.help or "")
        return " ".join(text.split("\n\n")[0].split())
