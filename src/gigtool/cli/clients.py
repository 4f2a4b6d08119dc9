"""`gig client`: who the work is for, their rates and old names."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.cli.catalog import Archived, Currency, Rate, Undo, rate_fields, rate_text, read_rate
from gigtool.cli.context import app_of
from gigtool.cli.output import Csv, Json, emit_csv, emit_json, pick_format, say, table, visible
from gigtool.clients import catalog
from gigtool.errors import InputError

app = typer.Typer(help="Clients: who you work for, and their hourly rate.")

NewClient = Annotated[
    bool, typer.Option("--new-client", help="A new client, though its name is close to a known one")
]


def _client_fields(c: catalog.Client) -> dict[str, object]:
    return {
        "id": c.id,
        "name": c.name,
        **rate_fields(c.rate),
        "projects": c.projects,
        "archived": c.archived,
        "aliases": list(c.aliases),
    }


@app.command("add")
def client_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name", metavar="NAME")],
    rate: Rate = None,
    currency: Currency = None,
    new_client: NewClient = False,
) -> None:
    """Add a client.

    Example: gig client add Acme --rate 95 --currency USD
    """
    app = app_of(ctx)
    client = catalog.add_client(
        app.db(), app.clock, name, read_rate(app, rate, currency), new_client=new_client
    )
    say(
        f"Added client #{client.id} {visible(client.name)}"
        + (f" at {rate_text(client.rate)}." if client.rate else ".")
    )


@app.command("list")
def client_list(
    ctx: typer.Context, archived: Archived = False, as_json: Json = False, as_csv: Csv = False
) -> None:
    """List clients.

    Example: gig client list --archived
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    found = catalog.list_clients(app.db(), archived=archived)
    data = [_client_fields(c) for c in found]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        # Names hold commas ("Acme, Inc."): aliases are joined with a semicolon.
        emit_csv(
            [{**row, "aliases": "; ".join(c.aliases)} for c, row in zip(found, data, strict=True)],
            ["id", "name", "rate", "currency", "projects", "archived", "aliases"],
        )
    elif not found:
        say("No clients yet. Add one with: gig client add NAME --rate 95")
    else:
        with_aliases = any(c.aliases for c in found)
        columns: list[str | tuple[str, str]] = [
            ("#", "right"),
            "Client",
            ("Rate", "right"),
            ("Projects", "right"),
            "Archived",
        ]
        table(
            columns + ["Also known as"] * with_aliases,
            [
                [
                    str(c.id),
                    c.name,
                    rate_text(c.rate),
                    str(c.projects),
                    "yes" if c.archived else "",
                ]
                + ["; ".join(c.aliases)] * with_aliases
                for c in found
            ],
        )


@app.command("show")
def client_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name, or an old one", metavar="NAME")],
    as_json: Json = False,
) -> None:
    """Show a client: its rate, projects and the old names it still answers to.

    Example: gig client show Acme
    """
    c = catalog.get_client(app_of(ctx).db(), name)
    if as_json:
        emit_json(_client_fields(c))
        return
    say(f"Client #{c.id} {visible(c.name)}")
    say(f"  Rate:          {rate_text(c.rate) or 'none'}")
    say(f"  Projects:      {c.projects}")
    if c.aliases:
        say(f"  Also known as: {', '.join(repr(visible(a)) for a in c.aliases)}")
    if c.archived:
        say("  Archived")


@app.command("edit")
def client_edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name", metavar="NAME")],
    rate: Rate = None,
    currency: Currency = None,
    no_rate: Annotated[bool, typer.Option("--no-rate", help="Remove the client's rate")] = False,
) -> None:
    """Change a client's hourly rate.

    Example: gig client edit Acme --rate 110
    """
    app = app_of(ctx)
    if rate is not None and no_rate:
        raise InputError("give --rate or --no-rate, not both")
    money = read_rate(app, rate, currency)
    if money is None and not no_rate:
        raise InputError("nothing to change; give --rate or --no-rate")
    client = catalog.update_client(app.db(), app.clock, name, rate=money, clear_rate=no_rate)
    say(f"Client {visible(client.name)}: rate {rate_text(client.rate) or 'none'}.")


@app.command("rename")
def client_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Current name", metavar="NAME")],
    new_name: Annotated[str, typer.Argument(help="New name", metavar="NEW_NAME")],
) -> None:
    """Rename a client; the old name stays an alias.

    Its projects, time and income follow, and a payment under the old name still
    finds the client.

    Example: gig client rename Acme "Acme Corp"
    """
    app = app_of(ctx)
    old = catalog.get_client(app.db(), name).name
    client = catalog.update_client(app.db(), app.clock, name, new_name=new_name)
    # As the rename itself decided: a change of case alone keeps no alias.
    kept = f" {old!r} stays as an alias." if old in client.aliases else ""
    say(f"Renamed client {name!r} to {client.name!r}.{kept}")


@app.command("archive")
def client_archive(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name", metavar="NAME")],
    undo: Undo = False,
) -> None:
    """Hide a client from lists; its time is kept.

    Example: gig client archive Acme
    """
    app = app_of(ctx)
    client = catalog.update_client(app.db(), app.clock, name, archived=not undo)
    say(f"{'Restored' if undo else 'Archived'} client {client.name!r}.")
