"""What `gig client` and `gig project` share: the rate options, read in the user's
currency and decimal style, and how a rate is shown."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.amounts import Money, check_currency, decimal_string, parse_money
from gigtool.cli.context import App
from gigtool.errors import InputError

Rate = Annotated[str | None, typer.Option("--rate", help="Hourly rate: 95, $95, 95 EUR")]
Currency = Annotated[str | None, typer.Option("--currency", help="ISO 4217 code, e.g. USD")]
Archived = Annotated[bool, typer.Option("--archived", help="Include archived ones")]
Undo = Annotated[bool, typer.Option("--undo", help="Bring it back from the archive")]


def read_rate(app: App, rate: str | None, currency: str | None) -> Money | None:
    if rate is None:
        if currency:
            raise InputError("--currency goes with --rate")
        return None
    default = check_currency(currency) if currency else app.setting("currency")
    money = parse_money(rate, default, decimal_comma=app.setting("decimal-comma") == "true")
    if currency and money.currency != default:
        raise InputError(f"the rate says {money.currency} but --currency says {default}")
    return money


def rate_text(rate: Money | None) -> str:
    return f"{rate}/h" if rate else ""


def rate_fields(rate: Money | None) -> dict[str, str | None]:
    if rate is None:
        return {"rate": None, "currency": None}
    return {"rate": decimal_string(rate.cents, rate.currency), "currency": rate.currency}
