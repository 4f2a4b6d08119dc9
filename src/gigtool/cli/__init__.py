"""The `gig` command: the root app and its groups.

Groups are imported only when needed: `gig log status` loads the log group
alone, so the everyday commands start fast. `app` (the whole tree) is built on
first access, for tests, completion and the docs.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from gigtool import __version__
from gigtool.cli.context import App, GigGroup

# name → (module, attribute): a Typer group, or a function that builds one with just the
# command about to run (None: all of them), for a group whose commands live in several modules.
GROUPS: dict[str, tuple[str, str]] = {
    "log": ("gigtool.cli.log", "group"),
    "client": ("gigtool.cli.clients", "app"),
    "project": ("gigtool.cli.projects", "app"),
    "db": ("gigtool.cli.db", "app"),
    "config": ("gigtool.cli.config", "app"),
    "balance": ("gigtool.cli.balance", "app"),
    "task": ("gigtool.cli.tasks", "app"),
    "frog": ("gigtool.cli.frog", "app"),
    "receipts": ("gigtool.cli.receipts", "app"),
    "income": ("gigtool.cli.income", "app"),
    "mileage": ("gigtool.cli.mileage", "app"),
    "money": ("gigtool.cli.money", "app"),
    "export": ("gigtool.cli.export", "app"),
}
# Single commands at the top level: name → (module, function).
COMMANDS: dict[str, tuple[str, str]] = {
    "focus": ("gigtool.cli.focus", "focus"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gig {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Data folder to use instead of GIG_HOME", show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No balance alerts after this command")
    ] = False,
) -> None:
    """Time, tasks, money and balance for people who work for themselves.

    Run alone, gig shows the day at a glance: the timer and today's time.
    """
    if not isinstance(ctx.obj, App):
        ctx.obj = App()
    if home is not None:
        ctx.obj.home_override = home
    if quiet:
        ctx.obj.quiet = True
    if ctx.invoked_subcommand is None:
        from gigtool.cli.dashboard import morning

        morning(ctx.obj)


def build_app(only: str | None = None, command: str | None = None) -> typer.Typer:
    """The root app with every group, or with just the one about to run (and of that
    group, just `command`, when it names one)."""
    root_app = typer.Typer(
        cls=GigGroup,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )
    root_app.callback(invoke_without_command=True)(root)
    for name, (module, attribute) in GROUPS.items():
        if only is None or name == only:
            group = getattr(importlib.import_module(module), attribute)
            if not isinstance(group, typer.Typer):
                group = group(command if only else None)
            root_app.add_typer(_slimmed(group, command) if only else group, name=name)
    for name, (module, attribute) in COMMANDS.items():
        if only is None or name == only:
            root_app.command(name)(getattr(importlib.import_module(module), attribute))
    return root_app


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(name)


def _slimmed(group: typer.Typer, command: str | None) -> typer.Typer:
    """`group` with only the command about to run. Typer reads the signature of every
    command it registers, which for the log group is a third of a start's time."""
    import copy

    from typer.main import get_command_name

    def name_of(info: Any) -> str:
        return str(info.name or get_command_name(info.callback.__name__))

    commands = [c for c in group.registered_commands if command and name_of(c) == command]
    groups = [g for g in group.registered_groups if command and g.name == command]
    if not commands and not groups:
        return group
    slim = copy.copy(group)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim


def _words_at(argv: list[str]) -> list[int]:
    """Where the words of a command line are: not options, nor the folder after --home."""
    return [
        i for i, a in enumerate(argv) if not a.startswith("-") and argv[i - 1 : i] != ["--home"]
    ]


def _helped_before(argv: list[str], at: int) -> bool:
    return bool({"-h", "--help"} & set(argv[:at]))


def _group_to_load(argv: list[str]) -> str | None:
    """The one group a command line needs, "" for none (`gig` alone), None for all."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    at = _words_at(argv)
    if not at:
        return None if _helped_before(argv, len(argv)) else ""
    first = argv[at[0]]
    if (first in GROUPS or first in COMMANDS) and not _helped_before(argv, at[0]):
        return first
    return None


def _command_to_load(argv: list[str], group: str | None) -> str | None:
    """The word after the group: the command about to run, if it is one. None when
    help is asked for before it (`gig log --help start` lists the whole group)."""
    at = _words_at(argv)
    if not group or len(at) < 2 or _helped_before(argv, at[1]):
        return None
    return argv[at[1]]


def main() -> None:
    # A terminal that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale) gets
    # `\xe9` for what it cannot show, instead of a UnicodeEncodeError mid-table.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    argv = sys.argv[1:]
    group = _group_to_load(argv)
    build_app(group, _command_to_load(argv, group))(prog_name="gig")
