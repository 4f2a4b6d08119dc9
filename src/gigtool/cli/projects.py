"""`gig project`: what the work is on, for which client, at what rate."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.cli.catalog import Archived, Currency, Rate, Undo, rate_fields, rate_text, read_rate
from gigtool.cli.context import app_of
from gigtool.cli.output import Csv, Json, emit_csv, emit_json, pick_format, say, table, visible
from gigtool.clients import catalog
from gigtool.errors import InputError

app = typer.Typer(help="Projects: what you track time on.")


@app.command("add")
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
        app.db(),
        app.clock,
        name,
        client=client,
        rate=read_rate(app, rate, currency),
        billable=billable,
    )
    extra = f" for {visible(project.client)}" if project.client else ""
    extra += f" at {rate_text(project.rate)}" if project.rate else ""
    say(f"Added project #{project.id} {visible(project.name)}{extra}.")


@app.command("list")
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
            **rate_fields(p.rate),
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
                    rate_text(p.rate),
                    "yes" if p.billable else "no",
                    "yes" if p.archived else "",
                ]
                for p in found
            ],
        )


@app.command("edit")
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
    money = read_rate(app, rate, currency)
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
        f"{rate_text(project.rate) or 'none'}, {billing}."
    )


@app.command("rename")
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


@app.command("archive")
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
