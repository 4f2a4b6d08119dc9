"""`gig money`: what needs doing, and a month's numbers."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.amounts import format_money
from gigtool.cli.context import app_of
from gigtool.cli.money_options import money_text, plural
from gigtool.cli.output import Json, emit_json, say, table, visible
from gigtool.money import nudges, summary
from gigtool.money import tax_tables as tax
from gigtool.money.mileage import miles_text
from gigtool.money.span import month_of, parse_month, today
from gigtool.money.summary import hours_text, summary_fields

app = typer.Typer(help="Money at a glance: what needs doing, and the month's numbers.")


@app.callback(invoke_without_command=True)
def money_overview(ctx: typer.Context, as_json: Json = False) -> None:
    """Show what needs doing: days since the last entry, receipts still missing.

    Example: gig money
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    conn = app.db()
    found = nudges.nudges(conn, app.clock, app.home, on_disk=True)
    month = summary.figures(conn, app.clock, month_of(today(app.clock)))
    if as_json:
        emit_json({**nudges.nudge_fields(app.home, found), "this_month": summary_fields(month)})
        return
    if found.last is None:
        say("No money entries yet. Log one: gig receipts add 42.50 Adobe --file invoice.pdf")
    else:
        ago = {0: "today", 1: "yesterday"}.get(
            found.days_since or 0, f"{found.days_since} days ago"
        )
        say(
            f"Last money entry: {ago} ({found.last.kind} #{found.last.id}, "
            f"{visible(found.last.what)})."
        )
        if (found.days_since or 0) >= 7:
            say("That is a while: catch up before it piles up (gig receipts add, gig income add).")
    if month.currencies:
        parts = [
            f"{c}: income {format_money(month.income_total.get(c, 0), c)}, "
            f"expenses {format_money(month.paid_total.get(c, 0), c)}"
            for c in month.currencies
        ]
        say(f"{month.data.span.label} so far: " + "; ".join(parts) + ".")
    if found.unreceipted:
        n = len(found.unreceipted)
        say(f"{plural(n, 'expense')} {'needs' if n == 1 else 'need'} a receipt file:")
        for u in found.unreceipted:
            r = u.receipt
            say(
                f"  #{r.id} {r.day.isoformat()} {visible(r.vendor)} "
                f"{money_text(r.amount)}: {u.reason}"
            )
        say("Attach one with: gig receipts attach ID FILE")
    if found.uncategorized:
        ids = ", ".join(f"#{r.id}" for r in found.uncategorized)
        say(f"Not categorized yet: {ids}. Set one with: gig receipts edit ID --category KEY")
    if found.last is not None and not found.unreceipted and not found.uncategorized:
        say("Every receipt that needs a file has one.")


@app.command("month")
def money_month(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Argument(help="Month: 2026-11, nov, last (default: this month)", metavar="[MONTH]"),
    ] = None,
    as_json: Json = False,
) -> None:
    """Show a month: income by client, expenses by Schedule C line, net, hours and rates.

    Example: gig money month 2026-11
    """
    app = app_of(ctx)
    span = parse_month(month, today(app.clock))
    s = summary.figures(app.db(), app.clock, span)
    if as_json:
        emit_json(summary_fields(s))
        return
    say(f"{span.label}")
    if not s.recorded:
        say("Nothing recorded this month.")
        return
    if s.income:
        table(
            ["Client", ("Payments", "right"), ("Income", "right")],
            [[c.client, str(c.count), format_money(c.amount_cents, c.currency)] for c in s.income],
            title="Income by client",
        )
    if s.expenses:
        table(
            ["Category", "Line", ("Count", "right"), ("Paid", "right"), ("Deductible", "right")],
            [
                [
                    t.category.key,
                    t.line_number or "",
                    str(t.count),
                    format_money(t.amount_cents, t.currency),
                    format_money(t.deductible_cents, t.currency),
                ]
                for t in s.expenses
            ]
            + (
                [
                    [
                        f"mileage ({miles_text(s.miles_hundredths)} mi)",
                        s.data.lines.number("car_truck") or "",
                        str(s.business_trips),
                        "",
                        format_money(s.mileage_cents, "USD"),
                    ]
                ]
                if s.mileage_cents
                else []
            ),
            title=f"Expenses by category (Schedule C lines of the {s.data.lines.form_year} form)",
        )
    elif s.mileage_cents:
        say(
            f"Mileage: {miles_text(s.miles_hundredths)} miles, "
            f"{format_money(s.mileage_cents, 'USD')}."
        )
    if s.owner:
        table(
            ["Owner item", ("Count", "right"), ("Amount", "right"), "Goes to"],
            [
                [
                    t.category.key,
                    str(t.count),
                    format_money(t.amount_cents, t.currency),
                    t.category.where,
                ]
                for t in s.owner
            ],
            title="Owner items (kept out of profit and loss)",
        )
    if s.rates:
        rows = []
        for r in s.rates:
            hours = hours_text(r.seconds)
            if not r.income:
                rows.append([r.client or "(no client)", hours, "", ""])
            for c in sorted(r.income):
                hourly = r.hourly(c)
                rows.append(
                    [
                        r.client or "(no client)",
                        hours,
                        format_money(r.income[c], c),
                        f"{format_money(hourly, c)}/h" if hourly is not None else "no hours",
                    ]
                )
        table(
            ["Client", ("Hours", "right"), ("Income", "right"), ("Effective rate", "right")],
            rows,
            title="Hours tracked and effective hourly rate",
        )
    table(
        [
            "Currency",
            ("Income", "right"),
            ("Expenses", "right"),
            ("Deductible", "right"),
            ("Net", "right"),
        ],
        [
            [
                c,
                format_money(s.income_total.get(c, 0), c),
                format_money(s.paid_total.get(c, 0), c),
                format_money(s.deductible_total.get(c, 0), c),
                format_money(s.net()[c], c),
            ]
            for c in s.currencies
        ],
        title="Totals (each currency on its own; net is income minus deductible)",
    )
    if s.mileage_cents:
        at = " and ".join(f"{tax.cents_text(r)}/mile" for r in s.mileage_rates)
        say(
            f"Deductible USD includes {format_money(s.mileage_cents, 'USD')} of mileage "
            f"({miles_text(s.miles_hundredths)} miles at {at}), which is not in expenses."
        )
    for n in s.notes:
        say(f"Note: {visible(n)}.")
