"""The `gig` command: the root app and its groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gigtool import __version__
from gigtool.cli import catalog, db, log
from gigtool.cli.context import App, GigGroup

app = typer.Typer(
    cls=GigGroup,
    help="Time, tasks, money and balance for people who work for themselves.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(log.app, name="log")
app.add_typer(catalog.clients, name="client")
app.add_typer(catalog.projects, name="project")
app.add_typer(db.db, name="db")
app.add_typer(db.config, name="config")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gig {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Data folder to use instead of GIG_HOME", show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version")
    ] = False,
) -> None:
    """Show the day at a glance: the timer and today's time.

    Example: gig
    """
    if not isinstance(ctx.obj, App):
        ctx.obj = App()
    if home is not None:
        ctx.obj.home_override = home
    if ctx.invoked_subcommand is None:
        log.show_today(ctx.obj)
        typer.echo("More: gig log --help, gig --help")


def main() -> None:
    app(prog_name="gig")
