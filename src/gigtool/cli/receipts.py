"""`gig receipts`: log an expense with its file, list, show, change, check the files."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gigtool.amounts import format_money
from gigtool.cli.categories import app as categories_app
from gigtool.cli.context import app_of
from gigtool.cli.money_options import (
    AllOpt,
    CategoryOpt,
    ClientOpt,
    CurrencyOpt,
    DateOpt,
    MonthOpt,
    Note,
    YearOpt,
    amount_from,
    day_from,
    money_text,
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
    pick_format,
    say,
    table,
    visible,
)
from gigtool.errors import InputError
from gigtool.money import receipts as book
from gigtool.money import tax_tables as tax
from gigtool.money.categories import line_number, where_it_goes
from gigtool.money.checks import parse_percent
from gigtool.money.nudges import missing_receipts
from gigtool.money.summary import receipt_totals
from gigtool.store.files import user_path

app = typer.Typer(help="Receipts: log an expense with its file, filed by month.")
app.add_typer(categories_app, name="categories")


@app.command("add")
def receipt_add(
    ctx: typer.Context,
    amount: Annotated[
        str, typer.Argument(help="Amount: 42.50, $1,200, 1200 EUR, €18", metavar="AMOUNT")
    ],
    vendor: Annotated[str, typer.Argument(help="Who was paid", metavar="VENDOR")],
    category: CategoryOpt = None,
    day: DateOpt = None,
    file: Annotated[
        list[str] | None,
        typer.Option("--file", "-f", help="Receipt file to copy in (repeat for more)"),
    ] = None,
    paid_with: Annotated[
        str | None, typer.Option("--paid-with", help="Account or card it was paid from")
    ] = None,
    client: ClientOpt = None,
    note_text: Note = None,
    currency: CurrencyOpt = None,
    business_pct: Annotated[
        str | None, typer.Option("--business-pct", help="Business share in percent (default 100)")
    ] = None,
) -> None:
    """Log an expense and copy its receipt file into the data folder.

    Example: gig receipts add 42.50 Adobe --category office --file invoice.pdf
    """
    app = app_of(ctx)
    added = book.add_receipt(
        app.db(),
        app.clock,
        app.home,
        amount=amount_from(app, amount, currency),
        vendor=vendor,
        day=day_from(app, day),
        category=category,
        files=[user_path(f) for f in file or []],
        paid_with=paid_with,
        client=client,
        note=note_text or "",
        business_pct=parse_percent(business_pct) if business_pct is not None else 100,
    )
    r = added.receipt
    cat = r.category
    how = f" (as last time for {visible(r.vendor)})" if added.remembered_category else ""
    say(f"Filed receipt #{r.id}: {money_text(r.amount)} to {visible(r.vendor)} on {when(r.day)}.")
    if cat.key == tax.UNCATEGORIZED:
        say(
            f"Not categorized yet: gig receipts edit {r.id} --category KEY "
            "(see gig receipts categories)"
        )
    else:
        where = where_it_goes(cat, r.day.year)
        say(f"Category {cat.key}{how}: {visible(cat.label)}, {where}.")
    for f in r.files:
        say(f"Copied {visible(f.original_name)} to {visible(f.path)}")
    if not r.files and r.needs_receipt():
        why = (
            "lodging always needs one"
            if cat.always_receipt
            else f"{book.RECEIPT_THRESHOLD} {book.THRESHOLD_CURRENCY} or more needs one"
        )
        say(f"No receipt file yet ({why}): gig receipts attach {r.id} FILE")


@app.command("list")
def receipt_list(
    ctx: typer.Context,
    month: MonthOpt = None,
    year: YearOpt = None,
    every: AllOpt = False,
    category: CategoryOpt = None,
    client: ClientOpt = None,
    missing_file: Annotated[
        bool,
        typer.Option(
            "--missing-file",
            help="Only receipts that need a file and have none, or whose file is gone (all time "
            "unless a period is given)",
        ),
    ] = False,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List receipts for a month (this one by default).

    Example: gig receipts list --month 2026-11 --category meals --csv
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    if missing_file and not (month or year):
        every = True
    span = span_from(app, month, year, every)
    found = book.list_receipts(app.db(), span, category=category, client=client)
    if missing_file:
        found = missing_receipts(app.home, found)
    if fmt == "json":
        emit_json([book.receipt_fields(app.home, r) for r in found])
        return
    if fmt == "csv":
        emit_csv([book.receipt_row(app.home, r) for r in found], book.RECEIPT_COLUMNS)
        return
    if not found:
        where = "" if span.kind == "all" else f" in {span.label}"
        if missing_file:
            say(f"No receipt is missing its file{where}.")
        else:
            say(f"No receipts{where or ' yet'}.")
        return
    with_client = any(r.client for r in found)
    with_note = any(r.note for r in found)
    columns: list[str | tuple[str, str]] = [
        ("#", "right"),
        "Date",
        "Vendor",
        ("Amount", "right"),
        "Category (line)",
        ("Deductible", "right"),
    ]
    columns += ["Client"] * with_client + ["File"] + ["Note"] * with_note
    cells: list[list[str]] = []
    for r in found:
        line = line_number(r.category, r.day.year)
        cell = [
            str(r.id),
            f"{r.day:%d %b}" if span.kind != "all" else r.day.isoformat(),
            r.vendor,
            money_text(r.amount),
            r.category.key + (f" ({line})" if line else ""),
            format_money(r.deductible_cents, r.amount.currency),
        ]
        cell += (
            [r.client or ""] * with_client + [book.file_state(app.home, r)] + [r.note] * with_note
        )
        cells.append(cell)
    table(columns, cells, title=f"Receipts, {span.label}")
    say(
        f"{plural(len(found), 'receipt')}: "
        + "; ".join(
            f"{format_money(paid, c)} paid, {format_money(deductible, c)} deductible"
            for c, paid, deductible in receipt_totals(span, found)
        )
    )


@app.command("show")
def receipt_show(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    as_json: Json = False,
) -> None:
    """Show one receipt and its files.

    Example: gig receipts show 12
    """
    app = app_of(ctx)
    r = book.get_receipt(app.db(), receipt_id)
    data = book.receipt_fields(app.home, r)
    if as_json:
        emit_json(data)
        return
    line = data["schedule_c_line"]
    say(f"Receipt #{r.id}")
    say(f"  Date:        {when(r.day)}")
    say(f"  Vendor:      {visible(r.vendor)}")
    say(f"  Amount:      {money_text(r.amount)}")
    say(f"  Category:    {r.category.key} ({visible(r.category.label)})")
    say(f"  Schedule C:  {'line ' + line if line else r.category.where or 'not deductible'}")
    if r.business_pct != 100:
        say(f"  Business:    {r.business_pct}%")
    say(f"  Deductible:  {format_money(r.deductible_cents, r.amount.currency)}")
    if r.paid_with:
        say(f"  Paid with:   {visible(r.paid_with)}")
    if r.client:
        say(f"  Client:      {visible(r.client)}")
    if r.note:
        say(f"  Note:        {visible(r.note)}")
    if not r.files:
        say("  Files:       none" + (" (one is needed)" if r.needs_receipt() else ""))
    for f in data["files"]:
        state = "  MISSING from the data folder" if f["missing"] else ""
        say(f"  File:        {f['path']} (from {visible(f['original_name'])}){state}")
        say(f"               SHA-256 {f['sha256']}")


@app.command("edit")
def receipt_edit(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    amount: Annotated[str | None, typer.Option("--amount", help="New amount")] = None,
    vendor: Annotated[str | None, typer.Option("--vendor", help="New vendor")] = None,
    category: CategoryOpt = None,
    day: DateOpt = None,
    paid_with: Annotated[
        str | None, typer.Option("--paid-with", help="Account it was paid from ('' clears)")
    ] = None,
    client: ClientOpt = None,
    no_client: Annotated[bool, typer.Option("--no-client", help="Not for any client")] = False,
    note_text: Note = None,
    currency: CurrencyOpt = None,
    business_pct: Annotated[
        str | None, typer.Option("--business-pct", help="Business share in percent")
    ] = None,
) -> None:
    """Change a receipt; its files are renamed to match.

    Example: gig receipts edit 12 --category software --business-pct 60
    """
    app = app_of(ctx)
    if currency and amount is None:
        raise InputError("--currency goes with --amount")
    changes: dict[str, Any] = {}
    if paid_with is not None:
        changes["paid_with"] = paid_with
    if client is not None or no_client:
        changes["client"] = None if no_client else client
    values = (amount, vendor, category, day, note_text, business_pct)
    if not changes and all(v is None for v in values):
        raise InputError(
            "nothing to change; give --amount, --vendor, --category, --date, --note, "
            "--paid-with, --client or --business-pct"
        )
    new_amount = None
    if amount is not None:
        own = book.get_receipt(app.db(), receipt_id).amount.currency
        new_amount = amount_from(app, amount, currency, own)
    r = book.edit_receipt(
        app.db(),
        app.clock,
        app.home,
        receipt_id,
        amount=new_amount,
        vendor=vendor,
        day=day_from(app, day) if day is not None else None,
        category=category,
        note=note_text,
        business_pct=parse_percent(business_pct) if business_pct is not None else None,
        **changes,
    )
    say(
        f"Updated receipt #{r.id}: {money_text(r.amount)} to {visible(r.vendor)} on {when(r.day)}, "
        f"{r.category.key}."
    )
    for f in r.files:
        say(f"File: {visible(f.path)}")


@app.command("delete")
def receipt_delete(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    yes: Yes = False,
) -> None:
    """Delete a receipt (asks first); its files move to trash/ in the data folder.

    Example: gig receipts delete 12
    """
    app = app_of(ctx)
    conn = app.db()
    r = book.get_receipt(conn, receipt_id)
    confirm(
        f"Delete receipt #{r.id}, {money_text(r.amount)} to {visible(r.vendor)} on {when(r.day)}?",
        yes,
    )
    _, trashed = book.delete_receipt(conn, app.home, receipt_id)
    say(f"Deleted receipt #{r.id}.")
    for path in trashed:
        say(f"Its file is kept in {app.home / path}")


@app.command("attach")
def receipt_attach(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    files: Annotated[list[str], typer.Argument(help="Receipt file(s) to copy in", metavar="FILE")],
) -> None:
    """Copy a receipt file in and attach it to a receipt, or put back one that vanished.

    Example: gig receipts attach 12 ~/Downloads/invoice.pdf
    """
    app = app_of(ctx)
    done = book.attach(app.db(), app.clock, app.home, receipt_id, [user_path(f) for f in files])
    for f in done.restored:
        say(
            f"Put back {visible(f.path)} for receipt #{done.receipt.id} "
            "(the same file, SHA-256 checked)"
        )
    for f in done.added:
        say(
            f"Attached {visible(f.original_name)} to receipt #{done.receipt.id} "
            f"as {visible(f.path)}"
        )


@app.command("check")
def receipt_check(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """Check receipt files: missing, changed since filed, or not referenced.

    Exits with status 1 when it finds a problem. Example: gig receipts check
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    problems = book.check_files(app.db(), app.home)
    if fmt == "json":
        emit_json(book.problem_fields(problems))
    elif fmt == "csv":
        emit_csv(book.problem_fields(problems), book.PROBLEM_COLUMNS)
    elif not problems:
        say(f"All {book.count_files(app.db())} receipt files are in place and unchanged.")
    else:
        table(
            ["Problem", ("Receipt", "right"), "File", "Detail"],
            [
                [p.kind, f"#{p.receipt_id}" if p.receipt_id else "", p.path, p.detail]
                for p in problems
            ],
            title=f"Receipt files in {app.home}",
        )
    if problems:
        raise typer.Exit(1)
