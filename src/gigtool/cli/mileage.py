"""`gig mileage`: business drives at the IRS standard rate."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gigtool.amounts import format_money
from gigtool.cli.context import app_of
from gigtool.cli.money_options import (
    AllOpt,
    DateOpt,
    MonthOpt,
    YearOpt,
    day_from,
    plural,
    span_from,
    when,
)
from gigtool.cli.output import (
    Csv,
    Json,
    Yes,
    confirm,
    emit_csv,
    emit_json,
    note,
    pick_format,
    say,
    table,
)
from gigtool.errors import InputError
from gigtool.money import mileage as book
from gigtool.money import tax_tables as tax
from gigtool.money.mileage import miles_text

app = typer.Typer(help="Mileage: business drives at the IRS standard rate.")


@app.command("add")
def mileage_add(
    ctx: typer.Context,
    miles: Annotated[str, typer.Argument(help="Miles driven: 12.4", metavar="MILES")],
    purpose: Annotated[str, typer.Option("--purpose", "-p", help="Business purpose of the drive")],
    day: DateOpt = None,
    vehicle: Annotated[str | None, typer.Option("--vehicle", help="Which vehicle")] = None,
    commute: Annotated[
        bool, typer.Option("--commute", help="Commuting: recorded, but not deductible")
    ] = False,
) -> None:
    """Log a business drive, valued at the IRS standard mileage rate for its date.

    Example: gig mileage add 23.4 --purpose "Client workshop at Acme"
    """
    app = app_of(ctx)
    t = book.add_trip(
        app.db(),
        app.clock,
        miles_hundredths=book.parse_miles(miles),
        purpose=purpose,
        day=day_from(app, day),
        vehicle=vehicle,
        commute=commute,
    )
    rate = t.rate
    value = (
        "commuting, not deductible"
        if t.commute
        else f"{format_money(t.value_cents, 'USD')} at {tax.cents_text(rate.rate.cents_per_mile)}"
        f"/mile ({rate.rate.source})"
    )
    say(f"Logged trip #{t.id}: {t.miles} miles on {when(t.day)}, {value}.")
    if rate.note:
        note(f"Note: {rate.note}.")


@app.command("list")
def mileage_list(
    ctx: typer.Context,
    month: MonthOpt = None,
    year: YearOpt = None,
    every: AllOpt = False,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List drives for a month (this one by default) with their value.

    Example: gig mileage list --year 2026 --csv
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    span = span_from(app, month, year, every)
    found = book.list_trips(app.db(), span)
    data = [book.trip_fields(t) for t in found]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(data, book.TRIP_COLUMNS)
    elif not found:
        say(f"No trips{' yet' if span.kind == 'all' else ' in ' + span.label}.")
    else:
        sums = book.totals(found)
        every_mile, commute = miles_text(sums.miles_hundredths), sums.commute_hundredths
        table(
            [("#", "right"), "Date", ("Miles", "right"), "Purpose", "Vehicle", ("Value", "right")],
            [
                [
                    str(t.id),
                    t.day.isoformat(),
                    f"{t.miles}",
                    t.purpose + (" (commute)" if t.commute else ""),
                    t.vehicle or "",
                    format_money(t.value_cents, "USD"),
                ]
                for t in found
            ],
            title=f"Mileage, {span.label}",
            footer=[
                "",
                "",
                every_mile,
                plural(len(found), "trip"),
                "",
                format_money(sums.value_cents, "USD"),
            ],
        )
        if commute:
            say(f"{every_mile} miles, of which {miles_text(commute)} commute (not deductible).")


@app.command("edit")
def mileage_edit(
    ctx: typer.Context,
    trip_id: Annotated[int, typer.Argument(help="Trip number", metavar="ID")],
    miles: Annotated[str | None, typer.Option("--miles", help="Miles driven")] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", "-p", help="Business purpose")] = None,
    day: DateOpt = None,
    vehicle: Annotated[str | None, typer.Option("--vehicle", help="Which vehicle")] = None,
    commute: Annotated[
        # A list, so that both flags given is seen and refused rather than the last one kept.
        list[bool] | None,
        typer.Option("--commute/--business", help="Commuting or business"),
    ] = None,
) -> None:
    """Change a drive.

    Example: gig mileage edit 4 --miles 25.1
    """
    app = app_of(ctx)
    if len(set(commute or ())) > 1:
        raise InputError("choose one of --commute and --business")
    changes: dict[str, Any] = {}
    if vehicle is not None:
        changes["vehicle"] = vehicle
    if commute:
        changes["commute"] = commute[0]
    if not changes and all(v is None for v in (miles, purpose, day)):
        raise InputError(
            "nothing to change; give --miles, --purpose, --date, --vehicle, --commute or --business"
        )
    t = book.edit_trip(
        app.db(),
        app.clock,
        trip_id,
        miles_hundredths=book.parse_miles(miles) if miles is not None else None,
        purpose=purpose,
        day=day_from(app, day) if day is not None else None,
        **changes,
    )
    say(
        f"Updated trip #{t.id}: {t.miles} miles on {when(t.day)}, "
        f"{format_money(t.value_cents, 'USD')}."
    )


@app.command("delete")
def mileage_delete(
    ctx: typer.Context,
    trip_id: Annotated[int, typer.Argument(help="Trip number", metavar="ID")],
    yes: Yes = False,
) -> None:
    """Delete a drive (asks first).

    Example: gig mileage delete 4
    """
    app = app_of(ctx)
    conn = app.db()
    t = book.get_trip(conn, trip_id)
    confirm(f"Delete trip #{t.id}, {t.miles} miles on {when(t.day)}?", yes)
    book.delete_trip(conn, trip_id)
    say(f"Deleted trip #{t.id}.")


@app.command("rates")
def mileage_rates(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """Show the IRS standard mileage rates gig knows, with their sources.

    Example: gig mileage rates
    """
    rows = book.rate_fields()
    fmt = pick_format(as_json, as_csv)
    if fmt == "json":
        emit_json(rows)
        return
    if fmt == "csv":
        emit_csv(rows, ["since", "cents_per_mile", "source"])
        return
    table(
        ["From", ("Rate", "right"), "Source"],
        [[r["since"], r["cents_per_mile"] + "¢/mile", r["source"]] for r in rows],
        title="IRS standard mileage rates, business use",
    )
    say(f"Source: {tax.MILEAGE_PAGE}")
