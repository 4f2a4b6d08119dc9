"""The one way a command line is read, for every command at once.

Before any command sees its arguments: each is checked to be text gig can store
and show (`inputs.check_text`); every number parameter is bounded by length before
it is converted; every path parameter goes through `inputs.read_path`. The command
tree is walked when it is about to run, so a command added tomorrow gets the same
treatment without a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer.core import TyperGroup
from typer.models import TyperPath

from gigtool import inputs
from gigtool.errors import InputError


def check_words(args: Iterable[str]) -> None:
    """Every word of the command line is UTF-8 text without NUL (the shell hands over
    undecodable bytes as lone surrogates, which SQLite and terminals cannot take)."""
    for number, arg in enumerate(args, start=1):
        inputs.check_text(arg, f"argument {number}")


def harden(command: Any) -> None:
    """Give every parameter of `command` and its subcommands the strict readers."""
    if getattr(command, "_gig_hardened", False):
        return
    for param in getattr(command, "params", []):
        kind = type(param.type)
        if issubclass(kind, TyperPath):
            param.type.__class__ = _strict(kind, _PathReader)
        elif getattr(kind, "_number_class", None) in (int, float):
            param.type.__class__ = _strict(kind, _NumberReader)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            harden(sub)
    command._gig_hardened = True


_STRICT: dict[tuple[type, type], type] = {}


def _strict(kind: type, reader: type) -> type:
    """`kind` with `reader` in front of its convert(), made once per pair."""
    if issubclass(kind, reader):
        return kind
    key = (kind, reader)
    if key not in _STRICT:
        _STRICT[key] = type(f"Strict{kind.__name__}", (reader, kind), {})
    return _STRICT[key]


def _name(param: Any) -> str:
    opts = getattr(param, "opts", None) or []
    longest = max(opts, key=len) if opts else ""
    return longest if longest.startswith("-") else (param.name or "argument").upper()


class _PathReader:
    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            what = f"path given to {_name(param)}" if param is not None else "path"
            value = str(inputs.read_path(value, what))
        return super().convert(value, param, ctx)  # type: ignore[misc]


class _NumberReader:
    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            try:
                inputs.bounded(value.strip(), "a number")
            except InputError as exc:
                raise InputError(f"{_name(param)}: {exc}") from None
        return super().convert(value, param, ctx)  # type: ignore[misc]
