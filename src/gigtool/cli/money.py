"""`gig receipts`, `gig income`, `gig mileage` and `gig money`: the money side of the day."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

import typer

from gigtool.amounts import (
    Money,
    check_currency,
    decimal_string,
    format_money,
    parse_money,
)
from gigtool.cli.context import App, app_of
from gigtool.cli.output import (
    Csv,
    Json,
    Yes,
    completions,
    confirm,
    emit_csv,
    emit_json,
    note,
    pick_format,
    say,
    table,
    visible,
)
from gigtool.errors import InputError
from gigtool.money import ledger
from gigtool.money import tax_tables as tax
from gigtool.store.files import user_path

receipts = typer.Typer(help="Receipts: log an expense with its file, filed by month.")
categories_app = typer.Typer(help="Expense categories and their Schedule C lines.")
income = typer.Typer(help="Income: payments from clients.")
mileage = typer.Typer(help="Mileage: business drives at the IRS standard rate.")
money = typer.Typer(help="Money at a glance: what needs doing, and the month's numbers.")
receipts.add_typer(categories_app, name="categories")


def _complete_categories(incomplete: str) -> list[str]:
    try:
        from gigtool.database import open_db
        from gigtool.store.home import data_home

        conn = open_db(data_home(), create=False)
        try:
            keys = list(ledger.categories(conn))
        finally:
            conn.close()
    except Exception:
        keys = list(tax.BUILTIN_KEYS)
    return completions(keys, incomplete)


def _complete_clients(incomplete: str) -> list[str]:
    try:
        from gigtool.clients.catalog import names
        from gigtool.database import open_db
        from gigtool.store.home import data_home

        conn = open_db(data_home(), create=False)
        try:
            found = names(conn, "client")
        finally:
            conn.close()
        return completions(found, incomplete)
    except Exception:
        return []


DateOpt = Annotated[
    str | None,
    typer.Option("--date", "-d", help="Day: today (default), yesterday, mon, 2026-11-03"),
]
CurrencyOpt = Annotated[
    str | None, typer.Option("--currency", help="ISO 4217 code when the amount has none")
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        help="Category key (see gig receipts categories)",
        autocompletion=_complete_categories,
    ),
]
ClientOpt = Annotated[
    str | None, typer.Option("--client", help="Client it was for", autocompletion=_complete_clients)
]
MonthOpt = Annotated[
    str | None, typer.Option("--month", "-m", help="Month: 2026-11, nov, last (default: this)")
]
YearOpt = Annotated[str | None, typer.Option("--year", help="A whole year: 2026")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every one, whenever it was")]
Note = Annotated[str | None, typer.Option("--note", "-n", help="What it was, for you and the IRS")]


# --- shared ----------------------------------------------------------------------------------


def _amount(app: App, text: str, currency: str | None, record: str | None = None) -> Money:
    """The amount typed; without a currency in it or --currency, in `record`'s currency
    (an edit keeps the record's own) or else the `currency` setting."""
    default = check_currency(currency) if currency else record or app.setting("currency")
    amount = parse_money(text, default, decimal_comma=app.setting("decimal-comma") == "true")
    if currency and amount.currency != default:
        raise InputError(f"the amount says {amount.currency} but --currency says {default}")
    return amount


def _day(app: App, text: str | None) -> date:
    from gigtool.tracking.timelang import parse_day

    today = ledger.today(app.clock)
    # Money is recorded once it happened: `dec 20` on 1 December is last year's or
    # nothing, and last year's is too far back to take without its year.
    return parse_day(text, today, ahead=0) if text is not None else today


def _span(app: App, month: str | None, year: str | None, every: bool) -> ledger.Span:
    if sum(bool(x) for x in (month, year, every)) > 1:
        raise InputError("choose one of --month, --year and --all")
    if every:
        return ledger.ALL_TIME
    if year:
        return ledger.parse_year(year)
    return ledger.parse_month(month, ledger.today(app.clock))


def _when(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def _m(amount: Money) -> str:
    return format_money(amount.cents, amount.currency)


def _money_fields(cents: int, currency: str, name: str = "amount") -> dict[str, str]:
    return {name: decimal_string(cents, currency)}


def _line(category: tax.Category, year: int) -> str | None:
    return tax.schedule_c(year).number(category.line)


def _totals_text(sums: dict[str, int]) -> str:
    """Each currency's total on its own line: gig never adds two currencies."""
    return "\n".join(format_money(c, k) for k, c in sorted(sums.items())) or "0"


# --- receipts ------------------------------------------------------------------------------


def receipt_json(app: App, r: ledger.ReceiptRow) -> dict[str, Any]:
    gone = {f.id for f in ledger.missing_files(app.home, r)}
    return {
        "id": r.id,
        "date": r.day.isoformat(),
        "vendor": r.vendor,
        **_money_fields(r.amount.cents, r.amount.currency),
        "currency": r.amount.currency,
        "category": r.category.key,
        "schedule_c_line": _line(r.category, r.day.year),
        "kind": r.kind,
        "business_pct": r.business_pct,
        **_money_fields(r.deductible_cents, r.amount.currency, "deductible"),
        "paid_with": r.paid_with,
        "client": r.client,
        "note": r.note,
        "files": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "original_name": f.original_name,
                "missing": f.id in gone,
            }
            for f in r.files
        ],
    }


def _file_state(app: App, r: ledger.ReceiptRow) -> str:
    if not r.files:
        return "needed" if r.needs_receipt() else "none"
    if ledger.missing_files(app.home, r):
        return "MISSING"
    return "yes" if len(r.files) == 1 else f"{len(r.files)} files"


@receipts.command("add")
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
    added = ledger.add_receipt(
        app.db(),
        app.clock,
        app.home,
        amount=_amount(app, amount, currency),
        vendor=vendor,
        day=_day(app, day),
        category=category,
        files=[user_path(f) for f in file or []],
        paid_with=paid_with,
        client=client,
        note=note_text or "",
        business_pct=ledger.parse_percent(business_pct) if business_pct is not None else 100,
    )
    r = added.receipt
    cat = r.category
    where = f"line {_line(cat, r.day.year)}" if cat.line else cat.where or "not deductible"
    how = f" (as last time for {visible(r.vendor)})" if added.remembered_category else ""
    say(f"Filed receipt #{r.id}: {_m(r.amount)} to {visible(r.vendor)} on {_when(r.day)}.")
    if cat.key == tax.UNCATEGORIZED:
        say(
            f"Not categorized yet: gig receipts edit {r.id} --category KEY "
            "(see gig receipts categories)"
        )
    else:
        # The share the receipt's own year gives, whenever it is not the whole: a meal
        # says 50% (the label no longer does), a 2022 restaurant meal 100%.
        pct = tax.deductible_pct(cat, r.day.year)
        if cat.line and (pct != 100 or tax.share_for(cat, r.day.year) is not None):
            where += f", {pct}% deductible in {r.day.year}"
        say(f"Category {cat.key}{how}: {visible(cat.label)}, {where}.")
    for f in r.files:
        say(f"Copied {visible(f.original_name)} to {visible(f.path)}")
    if not r.files and r.needs_receipt():
        why = (
            "lodging always needs one"
            if cat.always_receipt
            else f"{ledger.RECEIPT_THRESHOLD} {ledger.THRESHOLD_CURRENCY} or more needs one"
        )
        say(f"No receipt file yet ({why}): gig receipts attach {r.id} FILE")


@receipts.command("list")
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
    span = _span(app, month, year, every)
    found = ledger.list_receipts(app.db(), span, category=category, client=client)
    if missing_file:
        flagged = {u.receipt.id for u in ledger.unreceipted(app.home, found)}
        found = [r for r in found if r.id in flagged]
    if fmt == "json":
        emit_json([receipt_json(app, r) for r in found])
        return
    if fmt == "csv":
        rows = []
        for r in found:
            row = receipt_json(app, r)
            files = row.pop("files")
            row["files"] = [f["path"] for f in files]
            row["sha256"] = [f["sha256"] for f in files]
            rows.append(row)
        emit_csv(
            rows,
            [
                "id",
                "date",
                "vendor",
                "amount",
                "currency",
                "category",
                "schedule_c_line",
                "kind",
                "business_pct",
                "deductible",
                "paid_with",
                "client",
                "note",
                "files",
                "sha256",
            ],
        )
        return
    if not found:
        where = "" if span.kind == "all" else f" in {span.label}"
        if missing_file:
            say(f"No receipt is missing its file{where}.")
        else:
            say(f"No receipts{where or ' yet'}.")
        return
    paid = ledger.summarize(
        ledger.PeriodData(span, found, [], [], [], tax.schedule_c(span.tax_year))
    )
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
        line = _line(r.category, r.day.year)
        cell = [
            str(r.id),
            f"{r.day:%d %b}" if span.kind != "all" else r.day.isoformat(),
            r.vendor,
            _m(r.amount),
            r.category.key + (f" ({line})" if line else ""),
            format_money(r.deductible_cents, r.amount.currency),
        ]
        cell += [r.client or ""] * with_client + [_file_state(app, r)] + [r.note] * with_note
        cells.append(cell)
    table(columns, cells, title=f"Receipts, {span.label}")
    all_paid = _plus(paid.paid_total, paid.owner_total)
    say(
        f"{_count(len(found), 'receipt')}: "
        + "; ".join(
            f"{format_money(cents, c)} paid, "
            f"{format_money(paid.deductible_total.get(c, 0), c)} deductible"
            for c, cents in sorted(all_paid.items())
        )
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _plus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)}


@receipts.command("show")
def receipt_show(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    as_json: Json = False,
) -> None:
    """Show one receipt and its files.

    Example: gig receipts show 12
    """
    app = app_of(ctx)
    r = ledger.get_receipt(app.db(), receipt_id)
    data = receipt_json(app, r)
    if as_json:
        emit_json(data)
        return
    line = data["schedule_c_line"]
    say(f"Receipt #{r.id}")
    say(f"  Date:        {_when(r.day)}")
    say(f"  Vendor:      {visible(r.vendor)}")
    say(f"  Amount:      {_m(r.amount)}")
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


@receipts.command("edit")
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
        own = ledger.get_receipt(app.db(), receipt_id).amount.currency
        new_amount = _amount(app, amount, currency, own)
    r = ledger.edit_receipt(
        app.db(),
        app.clock,
        app.home,
        receipt_id,
        amount=new_amount,
        vendor=vendor,
        day=_day(app, day) if day is not None else None,
        category=category,
        note=note_text,
        business_pct=ledger.parse_percent(business_pct) if business_pct is not None else None,
        **changes,
    )
    say(
        f"Updated receipt #{r.id}: {_m(r.amount)} to {visible(r.vendor)} on {_when(r.day)}, "
        f"{r.category.key}."
    )
    for f in r.files:
        say(f"File: {visible(f.path)}")


@receipts.command("delete")
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
    r = ledger.get_receipt(conn, receipt_id)
    confirm(
        f"Delete receipt #{r.id}, {_m(r.amount)} to {visible(r.vendor)} on {_when(r.day)}?", yes
    )
    _, trashed = ledger.delete_receipt(conn, app.home, receipt_id)
    say(f"Deleted receipt #{r.id}.")
    for path in trashed:
        say(f"Its file is kept in {app.home / path}")


@receipts.command("attach")
def receipt_attach(
    ctx: typer.Context,
    receipt_id: Annotated[int, typer.Argument(help="Receipt number", metavar="ID")],
    files: Annotated[list[str], typer.Argument(help="Receipt file(s) to copy in", metavar="FILE")],
) -> None:
    """Copy a receipt file in and attach it to a receipt, or put back one that vanished.

    Example: gig receipts attach 12 ~/Downloads/invoice.pdf
    """
    app = app_of(ctx)
    done = ledger.attach(app.db(), app.clock, app.home, receipt_id, [user_path(f) for f in files])
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


@receipts.command("check")
def receipt_check(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """Check receipt files: missing, changed since filed, or not referenced.

    Exits with status 1 when it finds a problem. Example: gig receipts check
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    problems = ledger.check_files(app.db(), app.home)
    data = [
        {"problem": p.kind, "path": p.path, "receipt": p.receipt_id, "detail": p.detail}
        for p in problems
    ]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(data, ["problem", "path", "receipt", "detail"])
    elif not problems:
        count = app.db().execute("SELECT count(*) FROM receipt_file").fetchone()[0]
        say(f"All {count} receipt files are in place and unchanged.")
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


# --- categories ----------------------------------------------------------------------------


@categories_app.callback(invoke_without_command=True)
def categories_list(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Tax year for line numbers (default: this year)")
    ] = None,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List expense categories with their Schedule C line for the tax year.

    Example: gig receipts categories --year 2025
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    tax_year = year or ledger.today(app.clock).year
    lines = tax.schedule_c(tax_year)
    cats = ledger.categories(app.db())
    rows: list[dict[str, Any]] = [
        {
            "key": c.key,
            "label": c.label,
            "schedule_c_line": lines.number(c.line),
            "line": c.line,
            "deductible_pct": tax.deductible_pct(c, tax_year),
            "kind": "owner" if c.owner else "expense",
            "builtin": c.builtin,
            "needs_note": c.needs_note,
            "where": c.where or None,
        }
        for c in cats.values()
    ]
    if fmt == "json":
        emit_json(
            {
                "tax_year": tax_year,
                "form_year": lines.form_year,
                "note": lines.note,
                "categories": rows,
            }
        )
        return
    if fmt == "csv":
        emit_csv(rows, list(rows[0]))
        return
    notes = [f"Note: {lines.note}."] if lines.note else []
    notes += [
        f"{c.key}: {found.deductible_pct}% in {tax_year}, by {found.source}."
        for c in cats.values()
        if (found := tax.share_for(c, tax_year))
    ]
    table(
        ["Key", "Category", "Line", ("Deductible", "right"), "Kind"],
        [
            [
                r["key"],
                r["label"]
                + (f" ({r['where']})" if r["where"] else "")
                + (" (say what with --note)" if r["needs_note"] else ""),
                r["schedule_c_line"] or "",
                f"{r['deductible_pct']}%",
                ("owner" if r["kind"] == "owner" else "") + ("" if r["builtin"] else "yours"),
            ]
            for r in rows
        ],
        title=f"Categories and Schedule C lines, tax year {tax_year}",
        caption="\n".join(notes) or None,
    )


@categories_app.command("add")
def category_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key, like software", metavar="KEY")],
    label: Annotated[
        str, typer.Argument(help="What it is, like 'Software subscriptions'", metavar="LABEL")
    ],
    line: Annotated[
        str | None,
        typer.Option("--line", help="Schedule C line it goes on: a key (office) or number (18)"),
    ] = None,
    not_deductible: Annotated[
        bool, typer.Option("--not-deductible", help="A business cost that is not deductible")
    ] = False,
    deductible_pct: Annotated[
        str | None, typer.Option("--deductible-pct", help="Share that is deductible (default 100)")
    ] = None,
) -> None:
    """Add your own category, mapped to a Schedule C line or to not deductible.

    Example: gig receipts categories add software "Software subscriptions" --line office
    """
    app = app_of(ctx)
    if (line is None) == (not not_deductible):
        raise InputError("give exactly one of --line LINE and --not-deductible")
    year = ledger.today(app.clock).year
    cat = ledger.add_category(
        app.db(),
        app.clock,
        key,
        label,
        line=ledger.parse_line(line, year) if line else None,
        deductible_pct=ledger.parse_percent(deductible_pct, "deductible share")
        if deductible_pct
        else 100,
    )
    where = (
        f"Schedule C line {_line(cat, year)} ({tax.LINES[cat.line]})"
        if cat.line
        else ("not deductible")
    )
    say(f"Added category {cat.key}: {visible(cat.label)}, {where}.")


@categories_app.command("remove")
def category_remove(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Your category's key", metavar="KEY")],
) -> None:
    """Remove a category you added (only when no receipt uses it).

    Example: gig receipts categories remove software
    """
    cat = ledger.remove_category(app_of(ctx).db(), key)
    say(f"Removed category {cat.key}.")


# --- income --------------------------------------------------------------------------------


def income_json(i: ledger.IncomeRow) -> dict[str, Any]:
    return {
        "id": i.id,
        "date": i.day.isoformat(),
        "client": i.client,
        **_money_fields(i.amount.cents, i.amount.currency),
        "currency": i.amount.currency,
        "invoice": i.invoice,
        "form": i.form,
        "account": i.account,
        "note": i.note,
    }


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


@income.command("add")
def income_add(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(help="Amount: 1200, $1,200, 950 EUR", metavar="AMOUNT")],
    client: Annotated[
        str,
        typer.Argument(help="Client who paid", autocompletion=_complete_clients, metavar="CLIENT"),
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
    row = ledger.add_income(
        app.db(),
        app.clock,
        amount=_amount(app, amount, currency),
        client=client,
        day=_day(app, day),
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
        f"Recorded income #{row.id}: {_m(row.amount)} from {visible(row.client)}{extra} "
        f"on {_when(row.day)}."
    )


@income.command("list")
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
    span = _span(app, month, year, every)
    found = ledger.list_income(app.db(), span, client=client)
    data = [income_json(i) for i in found]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(
            data,
            ["id", "date", "client", "amount", "currency", "invoice", "form", "account", "note"],
        )
    elif not found:
        say(f"No income{' yet' if span.kind == 'all' else ' in ' + span.label}.")
    else:
        sums: dict[str, int] = {}
        for i in found:
            sums[i.amount.currency] = sums.get(i.amount.currency, 0) + i.amount.cents
        table(
            [("#", "right"), "Date", "Client", ("Amount", "right"), "Invoice", "Form", "Note"],
            [
                [
                    str(i.id),
                    i.day.isoformat(),
                    i.client,
                    _m(i.amount),
                    i.invoice or "",
                    "" if i.form == "none" else i.form,
                    i.note,
                ]
                for i in found
            ],
            title=f"Income, {span.label}",
            footer=["", "", _count(len(found), "payment"), _totals_text(sums), "", "", ""],
        )


@income.command("edit")
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
        own = ledger.get_income(app.db(), income_id).amount.currency
        new_amount = _amount(app, amount, currency, own)
    row = ledger.edit_income(
        app.db(),
        app.clock,
        income_id,
        amount=new_amount,
        client=client,
        day=_day(app, day) if day is not None else None,
        form=form,
        note=note_text,
        allow_duplicate=allow_duplicate,
        **changes,
    )
    say(
        f"Updated income #{row.id}: {_m(row.amount)} from {visible(row.client)} "
        f"on {_when(row.day)}."
    )


@income.command("delete")
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
    row = ledger.get_income(conn, income_id)
    confirm(f"Delete income #{row.id}, {_m(row.amount)} from {visible(row.client)}?", yes)
    ledger.delete_income(conn, income_id)
    say(f"Deleted income #{row.id}.")


# --- mileage -------------------------------------------------------------------------------


def trip_json(t: ledger.TripRow) -> dict[str, Any]:
    return {
        "id": t.id,
        "date": t.day.isoformat(),
        "miles": f"{t.miles:f}",
        "purpose": t.purpose,
        "vehicle": t.vehicle,
        "commute": t.commute,
        "rate_cents_per_mile": f"{t.rate.rate.cents_per_mile:f}",
        **_money_fields(t.value_cents, "USD", "value"),
        "currency": "USD",
        "rate_source": t.rate.rate.source,
        "rate_note": t.rate.note,
    }


TRIP_COLUMNS = [
    "id",
    "date",
    "miles",
    "purpose",
    "vehicle",
    "commute",
    "rate_cents_per_mile",
    "value",
    "currency",
    "rate_source",
    "rate_note",
]


@mileage.command("add")
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
    t = ledger.add_trip(
        app.db(),
        app.clock,
        miles_hundredths=ledger.parse_miles(miles),
        purpose=purpose,
        day=_day(app, day),
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
    say(f"Logged trip #{t.id}: {t.miles} miles on {_when(t.day)}, {value}.")
    if rate.note:
        note(f"Note: {rate.note}.")


@mileage.command("list")
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
    span = _span(app, month, year, every)
    found = ledger.list_trips(app.db(), span)
    data = [trip_json(t) for t in found]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv(data, TRIP_COLUMNS)
    elif not found:
        say(f"No trips{' yet' if span.kind == 'all' else ' in ' + span.label}.")
    else:
        every_mile = sum(t.miles_hundredths for t in found)
        commute = sum(t.miles_hundredths for t in found if t.commute)
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
                _miles(every_mile),
                _count(len(found), "trip"),
                "",
                format_money(sum(t.value_cents for t in found), "USD"),
            ],
        )
        if commute:
            say(f"{_miles(every_mile)} miles, of which {_miles(commute)} commute (not deductible).")


def _miles(hundredths: int) -> str:
    return f"{Decimal(hundredths).scaleb(-2):f}"


@mileage.command("edit")
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
    t = ledger.edit_trip(
        app.db(),
        app.clock,
        trip_id,
        miles_hundredths=ledger.parse_miles(miles) if miles is not None else None,
        purpose=purpose,
        day=_day(app, day) if day is not None else None,
        **changes,
    )
    say(
        f"Updated trip #{t.id}: {t.miles} miles on {_when(t.day)}, "
        f"{format_money(t.value_cents, 'USD')}."
    )


@mileage.command("delete")
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
    t = ledger.get_trip(conn, trip_id)
    confirm(f"Delete trip #{t.id}, {t.miles} miles on {_when(t.day)}?", yes)
    ledger.delete_trip(conn, trip_id)
    say(f"Deleted trip #{t.id}.")


@mileage.command("rates")
def mileage_rates(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """Show the IRS standard mileage rates gig knows, with their sources.

    Example: gig mileage rates
    """
    rows = [
        {
            "since": r.since.isoformat(),
            "cents_per_mile": f"{r.cents_per_mile:f}",
            "source": r.source,
        }
        for r in tax.MILEAGE_RATES
    ]
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


# --- money -----------------------------------------------------------------------------------


@money.callback(invoke_without_command=True)
def money_overview(ctx: typer.Context, as_json: Json = False) -> None:
    """Show what needs doing: days since the last entry, receipts still missing.

    Example: gig money
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    conn = app.db()
    found = ledger.nudges(conn, app.clock, app.home, on_disk=True)
    month = ledger.summarize(
        ledger.period_data(conn, app.clock, ledger.month_of(ledger.today(app.clock)))
    )
    if as_json:
        emit_json(
            {
                "last_entry": None
                if found.last is None
                else {"kind": found.last.kind, "id": found.last.id, "what": found.last.what},
                "days_since_last_entry": found.days_since,
                "missing_receipts": [
                    {**receipt_json(app, u.receipt), "reason": u.reason} for u in found.unreceipted
                ],
                "uncategorized": [r.id for r in found.uncategorized],
                "this_month": _month_json(month),
            }
        )
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
        say(f"{_count(n, 'expense')} {'needs' if n == 1 else 'need'} a receipt file:")
        for u in found.unreceipted:
            r = u.receipt
            say(f"  #{r.id} {r.day.isoformat()} {visible(r.vendor)} {_m(r.amount)}: {u.reason}")
        say("Attach one with: gig receipts attach ID FILE")
    if found.uncategorized:
        ids = ", ".join(f"#{r.id}" for r in found.uncategorized)
        say(f"Not categorized yet: {ids}. Set one with: gig receipts edit ID --category KEY")
    if found.last is not None and not found.unreceipted and not found.uncategorized:
        say("Every receipt that needs a file has one.")


def _month_json(s: ledger.Summary) -> dict[str, Any]:
    def amounts(sums: dict[str, int]) -> dict[str, str]:
        return {c: decimal_string(v, c) for c, v in sorted(sums.items())}

    return {
        "month": s.data.span.slug,
        "label": s.data.span.label,
        "tax_year": s.data.lines.tax_year,
        "schedule_c_form_year": s.data.lines.form_year,
        "income_by_client": [
            {
                "client": c.client,
                "currency": c.currency,
                "payments": c.count,
                "amount": decimal_string(c.amount_cents, c.currency),
            }
            for c in s.income
        ],
        "expenses_by_category": [
            {
                "category": t.category.key,
                "label": t.category.label,
                "schedule_c_line": t.line_number,
                "currency": t.currency,
                "count": t.count,
                "amount": decimal_string(t.amount_cents, t.currency),
                "deductible": decimal_string(t.deductible_cents, t.currency),
            }
            for t in s.expenses
        ],
        "owner_items": [
            {
                "category": t.category.key,
                "currency": t.currency,
                "count": t.count,
                "amount": decimal_string(t.amount_cents, t.currency),
            }
            for t in s.owner
        ],
        "mileage": {
            "miles": _miles(s.miles_hundredths),
            "commute_miles": _miles(s.commute_hundredths),
            "value": decimal_string(s.mileage_cents, "USD"),
            "currency": "USD",
        },
        "time_by_client": [
            {
                "client": r.client,
                "hours": _hours(r.seconds),
                "billable_hours": _hours(r.billable_seconds),
                "income": amounts(r.income),
                "effective_hourly_rate": {
                    c: decimal_string(v, c)
                    for c in sorted(r.income)
                    if (v := r.hourly(c)) is not None
                },
            }
            for r in s.rates
        ],
        "income": amounts(s.income_total),
        "expenses": amounts(s.paid_total),
        "deductible": amounts(s.deductible_total),
        "net": amounts(s.net()),
        "notes": s.notes,
    }


def _hours(seconds: int) -> str:
    return f"{(Decimal(seconds) / 3600).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


@money.command("month")
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
    span = ledger.parse_month(month, ledger.today(app.clock))
    s = ledger.summarize(ledger.period_data(app.db(), app.clock, span))
    if as_json:
        emit_json(_month_json(s))
        return
    say(f"{span.label}")
    if not (s.data.receipts or s.data.income or s.data.trips or s.data.time):
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
                        f"mileage ({_miles(s.miles_hundredths)} mi)",
                        s.data.lines.number("car_truck") or "",
                        str(sum(1 for t in s.data.trips if not t.commute)),
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
        say(f"Mileage: {_miles(s.miles_hundredths)} miles, {format_money(s.mileage_cents, 'USD')}.")
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
            hours = _hours(r.seconds)
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
        rates = sorted({t.rate.rate.cents_per_mile for t in s.data.trips if not t.commute})
        at = " and ".join(f"{tax.cents_text(r)}/mile" for r in rates)
        say(
            f"Deductible USD includes {format_money(s.mileage_cents, 'USD')} of mileage "
            f"({_miles(s.miles_hundredths)} miles at {at}), which is not in expenses."
        )
    for n in s.notes:
        say(f"Note: {visible(n)}.")
