"""Money as people type it, kept exact: integer minor units and an ISO 4217 code.

Text goes straight to `Decimal` and then to an integer count of minor units
(cents); no float is ever involved. Amounts in different currencies are never
added together: totals are kept per currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gigtool.errors import InputError
from gigtool.inputs import bounded

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
# Longest first, so "US$" is not read as "$".
SYMBOLS = {
    "US$": "USD",
    "CA$": "CAD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "C$": "CAD",
    "A$": "AUD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "$": "USD",
}
# A bare "$" means the user's own currency when that is a dollar.
DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD"})
# Far beyond any freelancer's receipt, and far inside SQLite's 64-bit integers.
MAX_MAJOR = Decimal(10) ** 12

_POINT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|,\d+")
# Spaces and apostrophes group thousands in some countries: 1 200,50 or 1'200.50.
_GROUPED = re.compile(r"\d{1,3}(?:[ '\u2019\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_GROUP_MARKS = " '\u2019\u00a0\u202f\u2009"
_CODE = re.compile(r"[A-Za-z]{3}")
_NUMBERISH = re.compile(r"[\d.,'\u2019\u00a0\u202f\u2009 ]+")
_EXAMPLES = "write it like 42.50, $1,200 or 1200 EUR"


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
    """`42.50`, `$1,200`, `1200 EUR`, `€18`, `EUR 18` → exact minor units.

    A number that reads differently with a decimal comma and a decimal point
    is read the way the `decimal-comma` setting says only when that reading is
    plainly meant; otherwise it is refused with both readings, never guessed.
    """
    raw = bounded(text.strip(), "an amount")
    if not raw:
        raise InputError(f"an amount is needed; {_EXAMPLES}")
    if raw[0] in "-\u2212(" or raw.endswith(")"):
        raise InputError(f"{raw!r}: amounts are positive; say what it was (income or expense)")
    body, currency = _split_currency(raw, default_currency)
    if not body or not _NUMBERISH.fullmatch(body):
        raise InputError(f"{raw!r} is not an amount; {_EXAMPLES}")
    value = _read_number(raw, body, currency, decimal_comma)
    if value >= MAX_MAJOR:
        raise InputError(f"{raw!r} is too large for an amount")
    digits = minor_digits(currency)
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise InputError(
            f"{raw!r} has more decimals than {currency} allows ({digits}); round it first"
        )
    return Money(int(scaled), currency)


def _split_currency(raw: str, default_currency: str) -> tuple[str, str]:
    """The number's text and the currency, from a symbol or a code on either side."""
    body = raw
    found: list[tuple[str, str]] = []  # (as written, ISO code)
    for symbol, code in SYMBOLS.items():
        if body.upper().startswith(symbol):
            body = body[len(symbol) :].strip()
            found.append((symbol, _dollar(symbol, code, default_currency)))
            break
    for symbol, code in SYMBOLS.items():
        if body.upper().endswith(symbol):
            body = body[: -len(symbol)].strip()
            found.append((symbol, _dollar(symbol, code, default_currency)))
            break
    head, tail = body[:3], body[-3:]
    if len(body) > 3 and _CODE.fullmatch(head) and _NUMBERISH.fullmatch(body[3:].strip()):
        found.append((head, check_currency(head)))
        body = body[3:].strip()
    elif len(body) > 3 and _CODE.fullmatch(tail) and _NUMBERISH.fullmatch(body[:-3].strip()):
        found.append((tail, check_currency(tail)))
        body = body[:-3].strip()
    codes = {code for _, code in found}
    if len(codes) > 1:
        written = " and ".join(repr(w) for w, _ in found)
        raise InputError(f"{raw!r} names two currencies ({written}); give one")
    return body, (codes.pop() if codes else default_currency)


def _dollar(symbol: str, code: str, default_currency: str) -> str:
    return default_currency if symbol == "$" and default_currency in DOLLARS else code


def _read_number(raw: str, body: str, currency: str, decimal_comma: bool) -> Decimal:
    if _GROUPED.fullmatch(body):
        body = "".join(ch for ch in body if ch not in _GROUP_MARKS)
        # After removing the grouping, a single , or . left is the decimal mark.
        if body.count(",") + body.count(".") == 1:
            return Decimal(body.replace(",", "."))
    elif any(ch in _GROUP_MARKS for ch in body):
        raise InputError(f"{raw!r} is not an amount; {_EXAMPLES}")
    point = _point_reading(body)
    comma = _comma_reading(body)
    preferred, other = (comma, point) if decimal_comma else (point, comma)
    if preferred is not None:
        if other is None or other == preferred:
            return preferred
        if not _three_decimals_only(body, decimal_comma, currency):
            return preferred
    elif other is None:
        raise InputError(f"{raw!r} is not an amount; {_EXAMPLES}")
    raise InputError(_ambiguous(raw, body, currency, decimal_comma))


def _point_reading(body: str) -> Decimal | None:
    return Decimal(body.replace(",", "")) if _POINT.fullmatch(body) else None


def _comma_reading(body: str) -> Decimal | None:
    return Decimal(body.replace(".", "").replace(",", ".")) if _COMMA.fullmatch(body) else None


def _three_decimals_only(body: str, decimal_comma: bool, currency: str) -> bool:
    """`1.200` (or `1,200` with a decimal comma): a decimal that looks like thousands."""
    mark = "," if decimal_comma else "."
    other = "." if decimal_comma else ","
    if other in body or body.count(mark) != 1 or minor_digits(currency) == 3:
        return False
    whole, fraction = body.split(mark)
    return len(fraction) == 3 and 1 <= len(whole) <= 3


def _ambiguous(raw: str, body: str, currency: str, decimal_comma: bool) -> str:
    # Only the strict readings: a grouping sign stands before exactly three digits, so
    # `12,5` cannot be 125 with a decimal point; it is 12.5 with a decimal comma or nothing.
    as_point, as_comma = _point_reading(body), _comma_reading(body)
    readings = []
    digits = minor_digits(currency)
    for value, how in ((as_point, "with a decimal point"), (as_comma, "with a decimal comma")):
        if value is None:
            continue
        scaled = value.scaleb(digits)
        note = (
            ""
            if scaled == scaled.to_integral_value()
            else (f" (more decimals than {currency} allows)")
        )
        readings.append(f"{value:f} {how}{note}")
    setting = "false" if decimal_comma else "true"
    if len(readings) == 1:
        value = as_point if as_comma is None else as_comma
        theirs = "point" if decimal_comma else "comma"
        shown = f"{value:f}".replace(".", ",") if decimal_comma else f"{value:f}"
        if "." in body and "," in body:
            return _both_marks(raw, body, currency, decimal_comma, readings[0], shown)
        return (
            f"{raw!r} is ambiguous while decimal-comma is {str(decimal_comma).lower()}: its "
            f"only reading is {readings[0]}; write it like {shown}, or run "
            f"`gig config set decimal-comma {setting}` if you write amounts with a decimal {theirs}"
        )
    both = " or ".join(readings) if readings else "no number"
    plain = "1200,50" if decimal_comma else "1200.50"
    return (
        f"{raw!r} is ambiguous: it reads as {both}; write the amount without thousands "
        f"separators (like {plain}), or run `gig config set decimal-comma {setting}` if "
        "you write amounts the other way"
    )


def _both_marks(
    raw: str, body: str, currency: str, decimal_comma: bool, strict: str, shown: str
) -> str:
    """`1.200,50` while the setting says decimal point: both readings, side by side.

    The other convention reads it cleanly; the user's own can read it only by taking
    the other mark for a thousands separator, so that reading is shown for what it
    would be, and neither is picked.
    """
    mine, theirs = ("comma", "point") if decimal_comma else ("point", "comma")
    mark, other = (",", ".") if decimal_comma else (".", ",")
    loose = body.replace(other, "")
    if loose.count(mark) <= 1 and re.fullmatch(r"\d*[.,]?\d+", loose):
        value = Decimal(loose.replace(",", "."))
        scaled = value.scaleb(minor_digits(currency))
        extra = (
            ""
            if scaled == scaled.to_integral_value()
            else f"; more decimals than {currency} allows"
        )
        own = f"it would be {value:f} (the {theirs} taken as a thousands separator{extra})"
    else:
        own = "it is no number at all"
    setting = "false" if decimal_comma else "true"
    return (
        f"{raw!r} is ambiguous while decimal-comma is {str(decimal_comma).lower()}: it reads as "
        f"{strict}, while with a decimal {mine} {own}; write it like {shown}, or run "
        f"`gig config set decimal-comma {setting}` if you write amounts with a decimal {theirs}"
    )


def format_money(cents: int, currency: str) -> str:
    digits = minor_digits(currency)
    value = Decimal(cents).scaleb(-digits)
    return f"{value:,.{digits}f} {currency}"


def decimal_string(cents: int, currency: str) -> str:
    """For --json/--csv: a plain decimal string, no grouping."""
    digits = minor_digits(currency)
    return f"{Decimal(cents).scaleb(-digits):.{digits}f}"


def to_decimal(cents: int, currency: str) -> Decimal:
    """The exact amount in major units, for spreadsheets (a number, never a float)."""
    digits = minor_digits(currency)
    return Decimal(cents).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def share(cents: int, *percents: int | Decimal) -> int:
    """`cents` × each percent / 100, rounded once, half up, to a whole minor unit."""
    value = Decimal(cents)
    for pct in percents:
        value = value * Decimal(pct) / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals(amounts: Iterable[Money]) -> dict[str, int]:
    """Sums per currency; different currencies are never added together."""
    out: dict[str, int] = {}
    for money in amounts:
        out[money.currency] = out.get(money.currency, 0) + money.cents
    return out


def format_totals(sums: dict[str, int], *, empty: str = "0") -> str:
    """`1,200.00 USD + 80.00 EUR`: each currency on its own, never converted."""
    parts = [format_money(cents, code) for code, cents in sorted(sums.items())]
    return " + ".join(parts) if parts else empty
