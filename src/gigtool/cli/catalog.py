"""`gig client` and `gig project`: who the work is for and what it is on."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.amounts import Money, check_currency, decimal_string, parse_money
from gigtool.cli.context import App, app_of
from gigtool.cli.output import Csv, Json, emit_csv, emit_json, pick_format, say, table, visible
from gigtool.clients import catalog
from gigtool.errors import InputError

clients = typer.Typer(help="Clients: who you work for, and their hourly rate.")
projects = typer.Typer(help="Projects: what you track time on.")

Rate = Annotated[str | None, typer.Option("--rate", help="Hourly rate: 95, $95, 95 EUR")]
Currency = Annotated[str | None, typer.Option("--currency", help="ISO 4217 code, e.g. USD")]
Archived = Annotated[bool, typer.Option("--archived", help="Include archived ones")]
Undo = Annotated[bool, typer.Option("--undo", help="Bring it back from the archive")]
NewClient = Annotated[
    bool, typer.Option("--new-client", help="A new client, though its name is close to a known one")
]


def _rate(app: App, rate: str | None, currency: str | None) -> Money | None:
    if rate is None:
        if currency:
            raise InputError("--currency goes with --rate")
        return None
    default = check_currency(currency) if currency else app.setting("currency")
    money = parse_money(rate, default, decimal_comma=app.setting("decimal-comma") == "true")
    if currency and money.currency != default:
        raise InputError(f"the rate says {money.currency} but --currency says {default}")
    return money


def _rate_text(rate: Money | None) -> str:
    return f"{rate}/h" if rate else ""


def _rate_fields(rate: Money | None) -> dict[str, str | None]:
    if rate is None:
        return {"rate": None, "currency": None}
    return {"rate": decimal_string(rate.cents, rate.currency), "currency": rate.currency}


def _client_fields(c: catalog.Client) -> dict[str, object]:
    return {
        "id": c.id,
        "name": c.name,
        **_rate_fields(c.rate),
        "projects": c.projects,
        "archived": c.archived,
        "aliases": list(c.aliases),
    }


@clients.command("add")
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
        app.db(), app.clock, name, _rate(app, rate, currency), new_client=new_client
    )
    say(
        f"Added client #{client.id} {visible(client.name)}"
        + (f" at {_rate_text(client.rate)}." if client.rate else ".")
    )


@clients.command("list")
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
                    _rate_text(c.rate),
                    str(c.projects),
                    "yes" if c.archived else "",
                ]
                + ["; ".join(c.aliases)] * with_aliases
                for c in found
            ],
        )


@clients.command("show")
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
    say(f"  Rate:          {_rate_text(c.rate) or 'none'}")
    say(f"  Projects:      {c.projects}")
    if c.aliases:
        say(f"  Also known as: {', '.join(repr(visible(a)) for a in c.aliases)}")
    if c.archived:
        say("  Archived")


@clients.command("edit")
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
    money = _rate(app, rate, currency)
    if money is None and not no_rate:
        raise InputError("nothing to change; give --rate or --no-rate")
    client = catalog.update_client(app.db(), app.clock, name, rate=money, clear_rate=no_rate)
    say(f"Client {visible(client.name)}: rate {_rate_text(client.rate) or 'none'}.")


@clients.command("rename")
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


@clients.command("archive")
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


@projects.command("add")
def project_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name", metavar="NAME")],
    client: Annotated[str | None, typer.Option("--client", "-c", help="Client it is for")] = None,
    rate: Rate = None,
    currency: Currency = None,
    billable: Annotated[
        bool, typer.Option("--billable/--no-billable", help="Is its time billable by default")
    ] = True,
) -> None:
    """Add a project, optionally for a client.

    Example: gig project add website --client Acme --rate 110
    """
    app = app_of(ctx)
    project = catalog.add_project(
        app.db(), app.clock, name, client=client, rate=_rate(app, rate, currency), billable=billable
    )
    extra = f" for {visible(project.client)}" if project.client else ""
    extra += f" at {_rate_text(project.rate)}" if project.rate else ""
    say(f"Added project #{project.id} {visible(project.name)}{extra}.")


@projects.command("list")
def project_list(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Only this client's")] = None,
    archived: Archived = False,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List projects.

    Example: gig project list --client Acme
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    found = catalog.list_projects(app.db(), archived=archived, client=client)
    data = [
        {
            "id": p.id,
            "name": p.name,
            "client": p.client,
            **_rate_fields(p.rate),
            "billable": p.billable,
            "archived": p.archived,
        }
        for p in found
    ]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(
            data,
            ["id", "name", "client", "rate", "currency", "billable", "archived"],
        )
    elif not found:
        say("No projects yet. `gig log start NAME` creates one, or: gig project add NAME")
    else:
        table(
            [("#", "right"), "Project", "Client", ("Rate", "right"), "Billable", "Archived"],
            [
                [
                    str(p.id),
                    p.name,
                    p.client or "",
                    _rate_text(p.rate),
                    "yes" if p.billable else "no",
                    "yes" if p.archived else "",
                ]
                for p in found
            ],
        )


@projects.command("edit")
def project_edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name", metavar="NAME")],
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="Move to this client")
    ] = None,
    no_client: Annotated[bool, typer.Option("--no-client", help="Detach from its client")] = False,
    rate: Rate = None,
    currency: Currency = None,
    no_rate: Annotated[
        bool, typer.Option("--no-rate", help="Remove the project's own rate")
    ] = False,
    billable: Annotated[
        bool | None, typer.Option("--billable/--no-billable", help="Default for new entries")
    ] = None,
) -> None:
    """Change a project's client, rate or billable default.

    Example: gig project edit website --client Acme --rate 120
    """
    app = app_of(ctx)
    if rate is not None and no_rate:
        raise InputError("give --rate or --no-rate, not both")
    if client is not None and no_client:
        raise InputError("give --client or --no-client, not both")
    money = _rate(app, rate, currency)
    if client is None and not no_client and money is None and not no_rate and billable is None:
        raise InputError("nothing to change; give --client, --rate, --no-rate or --billable")
    project = catalog.update_project(
        app.db(),
        name,
        client=client,
        clear_client=no_client,
        rate=money,
        clear_rate=no_rate,
        billable=billable,
    )
    billing = "billable" if project.billable else "not billable"
    say(
        f"Project {visible(project.name)}: client {visible(project.client) or 'none'}, rate "
        f"{_rate_text(project.rate) or 'none'}, {billing}."
    )


@projects.command("rename")
def project_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Current name", metavar="NAME")],
    new_name: Annotated[str, typer.Argument(help="New name", metavar="NEW_NAME")],
) -> None:
    """Rename a project; its time entries follow.

    Example: gig project rename website "website v2"
    """
    project = catalog.update_project(app_of(ctx).db(), name, new_name=new_name)
    say(f"Renamed project {name!r} to {project.name!r}.")


@projects.command("archive")
def project_archive(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name", metavar="NAME")],
    undo: Undo = False,
) -> None:
    """Hide a project from lists and stop tracking on it; its time is kept.

    Example: gig project archive website
    """
    project = catalog.update_project(app_of(ctx).db(), name, archived=not undo)
    say(f"{'Restored' if undo else 'Archived'} project {project.name!r}.")
