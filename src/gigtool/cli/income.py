"""`gig income`: payments from clients."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gigtool.cli.context import app_of
from gigtool.cli.money_options import (
    AllOpt,
    ClientOpt,
    CurrencyOpt,
    DateOpt,
    MonthOpt,
    Note,
    YearOpt,
    amount_from,
    complete_clients,
    day_from,
    money_text,
    plural,
    span_from,
    totals_text,
    when,
)
from gigtool.cli.output import (
    Csv,
    Json,
    Yes,
    confirm,
    emit_csv,
    emit_json,
    pick_format,
    say,
    table,
    visible,
)
from gigtool.errors import InputError
from gigtool.money import income as book

app = typer.Typer(help="Income: payments from clients.")


FormOpt = Annotated[
    str | None, typer.Option("--form", help="Tax form you will get: 1099-NEC, 1099-K or none")
]
InvoiceOpt = Annotated[str | None, typer.Option("--invoice", help="Invoice number it pays")]
AccountOpt = Annotated[str | None, typer.Option("--account", help="Account it was paid into")]
AllowDuplicate = Annotated[
    bool, typer.Option("--allow-duplicate", help="Record a second payment on the same invoice")
]
NewClient = Annotated[
    bool,
    typer.Option("--new-client", help="A new client, though its name is close to a known one's"),
]


@app.command("add")
def income_add(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(help="Amount: 1200, $1,200, 950 EUR", metavar="AMOUNT")],
    client: Annotated[
        str,
        typer.Argument(help="Client who paid", autocompletion=complete_clients, metavar="CLIENT"),
    ],
    day: DateOpt = None,
    invoice: InvoiceOpt = None,
    note_text: Note = None,
    currency: CurrencyOpt = None,
    form: FormOpt = None,
    account: AccountOpt = None,
    allow_duplicate: AllowDuplicate = False,
    new_client: NewClient = False,
) -> None:
    """Record a payment received from a client.

    Example: gig income add 2400 Acme --invoice 2026-014 --form 1099-NEC
    """
    app = app_of(ctx)
    row = book.add_income(
        app.db(),
        app.clock,
        amount=amount_from(app, amount, currency),
        client=client,
        day=day_from(app, day),
        invoice=invoice,
        form=form or "none",
        account=account,
        note=note_text or "",
        allow_duplicate=allow_duplicate,
        new_client=new_client,
    )
    extra = f" for invoice {visible(row.invoice)}" if row.invoice else ""
    if row.new_client:
        say(f"Created client {visible(row.client)!r}.")
    say(
        f"Recorded income #{row.id}: {money_text(row.amount)} from {visible(row.client)}{extra} "
        f"on {when(row.day)}."
    )


@app.command("list")
def income_list(
    ctx: typer.Context,
    month: MonthOpt = None,
    year: YearOpt = None,
    every: AllOpt = False,
    client: ClientOpt = None,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List income for a month (this one by default).

    Example: gig income list --year 2026 --client Acme
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    span = span_from(app, month, year, every)
    found = book.list_income(app.db(), span, client=client)
    data = [book.income_fields(i) for i in found]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(data, book.INCOME_COLUMNS)
    elif not found:
        say(f"No income{' yet' if span.kind == 'all' else ' in ' + span.label}.")
    else:
        table(
            [("#", "right"), "Date", "Client", ("Amount", "right"), "Invoice", "Form", "Note"],
            [
                [
                    str(i.id),
                    i.day.isoformat(),
                    i.client,
                    money_text(i.amount),
                    i.invoice or "",
                    "" if i.form == "none" else i.form,
                    i.note,
                ]
                for i in found
            ],
            title=f"Income, {span.label}",
            footer=[
                "",
                "",
                plural(len(found), "payment"),
                totals_text(book.totals(found)),
                "",
                "",
                "",
            ],
        )


@app.command("edit")
def income_edit(
    ctx: typer.Context,
    income_id: Annotated[int, typer.Argument(help="Income number", metavar="ID")],
    amount: Annotated[str | None, typer.Option("--amount", help="New amount")] = None,
    client: ClientOpt = None,
    day: DateOpt = None,
    invoice: InvoiceOpt = None,
    note_text: Note = None,
    currency: CurrencyOpt = None,
    form: FormOpt = None,
    account: AccountOpt = None,
    allow_duplicate: AllowDuplicate = False,
) -> None:
    """Change a payment.

    Example: gig income edit 3 --amount 2500 --invoice 2026-015
    """
    app = app_of(ctx)
    if currency and amount is None:
        raise InputError("--currency goes with --amount")
    changes: dict[str, Any] = {}
    if invoice is not None:
        changes["invoice"] = invoice
    if account is not None:
        changes["account"] = account
    if not changes and all(v is None for v in (amount, client, day, note_text, form)):
        raise InputError(
            "nothing to change; give --amount, --client, --date, --invoice, --form, --account "
            "or --note"
        )
    new_amount = None
    if amount is not None:
        own = book.get_income(app.db(), income_id).amount.currency
        new_amount = amount_from(app, amount, currency, own)
    row = book.edit_income(
        app.db(),
        app.clock,
        income_id,
        amount=new_amount,
        client=client,
        day=day_from(app, day) if day is not None else None,
        form=form,
        note=note_text,
        allow_duplicate=allow_duplicate,
        **changes,
    )
    say(
        f"Updated income #{row.id}: {money_text(row.amount)} from {visible(row.client)} "
        f"on {when(row.day)}."
    )


@app.command("delete")
def income_delete(
    ctx: typer.Context,
    income_id: Annotated[int, typer.Argument(help="Income number", metavar="ID")],
    yes: Yes = False,
) -> None:
    """Delete a payment (asks first).

    Example: gig income delete 3
    """
    app = app_of(ctx)
    conn = app.db()
    row = book.get_income(conn, income_id)
    confirm(f"Delete income #{row.id}, {money_text(row.amount)} from {visible(row.client)}?", yes)
    book.delete_income(conn, income_id)
    say(f"Deleted income #{row.id}.")
