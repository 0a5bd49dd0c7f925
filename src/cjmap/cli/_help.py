"""Help pages for people: metavars instead of Python types, and whole descriptions; and
values taken as typed, without a validator built per parameter.

Typer shows each parameter's Python type (``<list[str]>``, ``<float range>``) beside its
metavar, and click cuts a command's description to fit the command list ("Check journey,
persona and workspace files against the format..."). Every command is registered with
:class:`Command`, which shows the metavar alone (``PATH...``, ``FILE``, ``MIB``) and the
first paragraph of the description in full, wrapped rather than cut.

Typer checks each value with a pydantic ``TypeAdapter`` that it builds the first time the
parameter is used: about 2 ms a parameter, 15 ms of every ``cjmap validate``. Every cjmap
parameter is ``str``, ``bool`` or ``list[str]`` (optional or not), whose values click hands
over as they are wanted, so :class:`Command`'s parameters take them as they come; any other
annotation, or a value of another type, still goes through typer's own check.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

_PLAIN = (str, bool, list[str])
"""The annotations whose values click already gives in the wanted type."""
_NOT_PLAIN = object()


def _plain_annotation(param: TyperArgument | TyperOption) -> object | None:
    """The parameter's annotation, when it is one of :data:`_PLAIN` (``None`` otherwise, and
    when typer no longer tells it)."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    return annotation if annotation in _PLAIN else None


def _plain_value(param: TyperArgument | TyperOption, annotation: object, value: Any) -> Any:
    """``value`` as typer's check would return it, or :data:`_NOT_PLAIN` when only that check
    can tell (a value of an unexpected type: typer then explains what is wrong)."""
    if value is None:
        return () if param.multiple or param.nargs == -1 else None
    if annotation == list[str]:
        if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            return list(value)
        return _NOT_PLAIN
    return value if type(value) is annotation else _NOT_PLAIN


def _process_value(param: TyperArgument | TyperOption, ctx: Any, value: Any, fallback: Any) -> Any:
    """Typer's ``process_value`` for a plain parameter: the value as it came, then the
    required check and the callback, as typer does them."""
    annotation = _plain_annotation(param)
    plain = _NOT_PLAIN if annotation is None else _plain_value(param, annotation, value)
    if plain is _NOT_PLAIN or (param.required and param.value_is_missing(plain)):
        return fallback(ctx, value)  # typer's own check, and its message
    if param.callback is not None:
        plain = param.callback(ctx, param, plain)
    return plain


class _Argument(TyperArgument):
    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)

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
    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        return (self.name or "value").upper().replace("_", "-")

    def _get_number_range_help_str(self) -> str | None:
        # "x>=0.001" is notation, not words: the option's help says what it accepts.
        return None


def _plain_params(params: list[Any]) -> list[Any]:
    """``params`` with typer's own parameter classes swapped for :class:`_Argument` and
    :class:`_Option`, which differ only in how help shows them and how values are taken."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
        elif type(param) is TyperOption:
            param.__class__ = _Option
    return params


class Command(TyperCommand):
    """A command whose help shows metavars, never Python types, and whole descriptions."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # click's own signature
        _plain_params(self.params)

    def get_params(self, ctx: Any) -> list[Any]:
        # The help option is made apart from the others, when first asked for.
        return _plain_params(super().get_params(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the description, whole, on one line (the command list
        wraps it)."""
        text = inspect.cleandoc(self.short_help or self.help or "")
        return " ".join(text.split("\n\n")[0].split())


class Group(TyperGroup):
    """A group of commands (the root, ``cjmap import``): its own options (``--version``, the
    help option) are taken as typed, as a command's are, and its line in the command list
    is whole, too."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(super().get_params(ctx))

    get_short_help_str = Command.get_short_help_str
