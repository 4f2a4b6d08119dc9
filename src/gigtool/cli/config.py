"""`gig config`: every setting, general and each domain's, listed, read and changed."""

from __future__ import annotations

from typing import Annotated, Any

import typer

# Each domain's settings module declares its keys when imported: all of them here.
import gigtool.balance.settings  # noqa: F401
import gigtool.tasks.settings  # noqa: F401
from gigtool import config as settings
from gigtool.cli.context import app_of
from gigtool.cli.output import Json, emit_json, say, table, visible

app = typer.Typer(help="Settings: list, get, set and unset them.")


@app.callback(invoke_without_command=True)
def config_overview(ctx: typer.Context) -> None:
    """Settings: `gig config` alone lists them.

    Example: gig config set week-start sunday
    """
    if ctx.invoked_subcommand is None:
        config_list(ctx, as_json=False)


@app.command("list")
def config_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List every setting with its value and default.

    Example: gig config list
    """
    stored = settings.stored(app_of(ctx).db())
    rows: list[dict[str, Any]] = [
        {
            "key": s.key,
            "value": stored.get(s.key, s.default),
            "default": s.default,
            "set": s.key in stored,
            "help": s.help,
        }
        for s in settings.SETTINGS.values()
    ]
    if as_json:
        emit_json(rows)
        return
    table(
        ["Setting", "Value", "Default", "What it does"],
        [
            [r["key"], str(r["value"]) + (" *" if r["set"] else ""), r["default"] or "-", r["help"]]
            for r in rows
        ],
        caption="* set by you",
    )


@app.command("get")
def config_get(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="Setting name", metavar="KEY")]
) -> None:
    """Print one setting's value.

    Example: gig config get week-start
    """
    say(visible(settings.get(app_of(ctx).db(), key)))


@app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Setting name", metavar="KEY")],
    value: Annotated[str, typer.Argument(help="New value", metavar="VALUE")],
) -> None:
    """Change a setting (checked before it is saved).

    Example: gig config set week-start sunday
    """
    say(f"{key} = {visible(settings.set_value(app_of(ctx).db(), key, value))}")


@app.command("unset")
def config_unset(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="Setting name", metavar="KEY")]
) -> None:
    """Put a setting back to its default.

    Example: gig config unset week-start
    """
    default = settings.unset(app_of(ctx).db(), key)
    say(f"{key} = {default or '(none)'} (default)")
