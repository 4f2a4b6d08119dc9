"""Money as people type it, kept exact: integer minor units and an ISO 4217 code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gigtool.errors import InputError

# Active ISO 4217 codes. Minor units are 2 unless listed below.
CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR
    ZMW ZWL""".split()
)
MINOR_DIGITS = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}

_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")


@dataclass(frozen=True)
class Money:
    cents: int
    currency: str

    def __str__(self) -> str:
        return format_money(self.cents, self.currency)


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


def check_currency(code: str) -> str:
    upper = code.strip().upper()
    if upper not in CURRENCIES:
        raise InputError(f"{code!r} is not an ISO 4217 currency code; try USD, EUR or GBP")
    return upper


def parse_money(text: str, default_currency: str, *, decimal_comma: bool = False) -> Money:
    """`42.50`, `$1,200`, `1200 EUR`, `€18`, `EUR 18` → exact minor units."""
    raw = text.strip()
    currency: str | None = None
    body = raw
    for symbol, code in SYMBOLS.items():
        if body.startswith(symbol) or body.endswith(symbol):
            currency = code
            body = body.strip(symbol).strip()
            break
    match = re.fullmatch(r"([A-Za-z]{3})\s*(.+)|(.+?)\s*([A-Za-z]{3})", body)
    if match:
        code = match.group(1) or match.group(4)
        body = (match.group(2) or match.group(3)).strip()
        if code.upper() not in CURRENCIES:
            raise InputError(f"{raw!r} is not an amount; write it like 42.50, $1,200 or 1200 EUR")
        currency = code.upper()
    if body.startswith("-"):
        raise InputError(f"{raw!r}: amounts are positive; say what it was (income or expense)")
    body = _normalise_separators(raw, body, decimal_comma)
    if not _NUMBER.match(body):
        raise InputError(f"{raw!r} is not an amount; write it like 42.50, $1,200 or 1200 EUR")
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:
        raise InputError(f"{raw!r} is not an amount; write it like 42.50 or 1200 EUR") from None
    currency = currency or default_currency
    digits = minor_digits(currency)
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise InputError(
            f"{raw!r} has more decimals than {currency} allows ({digits}); round it first"
        )
    return Money(int(scaled), currency)


def _normalise_separators(raw: str, body: str, decimal_comma: bool) -> str:
    if "," not in body:
        return body
    if decimal_comma:
        return body.replace(".", "").replace(",", ".")
    comma_decimal = re.fullmatch(r"\d{1,3}(?:\.\d{3})*,\d{1,2}", body)
    if comma_decimal:
        as_comma = body.replace(".", "").replace(",", ".")
        raise InputError(
            f"{raw!r} is ambiguous: it reads as {as_comma} with a decimal comma; write "
            f"{as_comma}, or run `gig config set decimal-comma true` if you write amounts "
            "that way"
        )
    return body


def format_money(cents: int, currency: str) -> str:
    digits = minor_digits(currency)
    value = Decimal(cents).scaleb(-digits)
    return f"{value:,.{digits}f} {currency}"


def decimal_string(cents: int, currency: str) -> str:
    """For --json/--csv: a plain decimal string, no grouping."""
    digits = minor_digits(currency)
    return f"{Decimal(cents).scaleb(-digits):.{digits}f}"
