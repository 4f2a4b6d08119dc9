"""What the money command groups share (receipts, income, mileage, money, export): their
options and completion, and how an amount, a day and a span are read and shown."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from gigtool.amounts import Money, check_currency, format_money, parse_money
from gigtool.cli.context import App
from gigtool.cli.output import completions
from gigtool.errors import InputError
from gigtool.money import span as spans
from gigtool.money import tax_tables as tax
from gigtool.money.categories import categories


def complete_categories(incomplete: str) -> list[str]:
    try:
        from gigtool.database import open_db
        from gigtool.store.home import data_home

        conn = open_db(data_home(), create=False)
        try:
            keys = list(categories(conn))
        finally:
            conn.close()
    except Exception:
        keys = list(tax.BUILTIN_KEYS)
    return completions(keys, incomplete)


def complete_clients(incomplete: str) -> list[str]:
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
        autocompletion=complete_categories,
    ),
]
ClientOpt = Annotated[
    str | None, typer.Option("--client", help="Client it was for", autocompletion=complete_clients)
]
MonthOpt = Annotated[
    str | None, typer.Option("--month", "-m", help="Month: 2026-11, nov, last (default: this)")
]
YearOpt = Annotated[str | None, typer.Option("--year", help="A whole year: 2026")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every one, whenever it was")]
Note = Annotated[str | None, typer.Option("--note", "-n", help="What it was, for you and the IRS")]


def amount_from(app: App, text: str, currency: str | None, record: str | None = None) -> Money:
    """The amount typed; without a currency in it or --currency, in `record`'s currency
    (an edit keeps the record's own) or else the `currency` setting."""
    default = check_currency(currency) if currency else record or app.setting("currency")
    amount = parse_money(text, default, decimal_comma=app.setting("decimal-comma") == "true")
    if currency and amount.currency != default:
        raise InputError(f"the amount says {amount.currency} but --currency says {default}")
    return amount


def day_from(app: App, text: str | None) -> date:
    return spans.entry_day(text, spans.today(app.clock))


def span_from(app: App, month: str | None, year: str | None, every: bool) -> spans.Span:
    return spans.pick_span(month, year, every, spans.today(app.clock))


def when(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def money_text(amount: Money) -> str:
    return format_money(amount.cents, amount.currency)


def totals_text(sums: dict[str, int]) -> str:
    """Each currency's total on its own line: gig never adds two currencies."""
    return "\n".join(format_money(c, k) for k, c in sorted(sums.items())) or "0"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
