"""Money as people type it: exact minor units, never a float, never a silent guess."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigtool.errors import InputError
from gigtool.amounts import (
    CURRENCIES,
    Money,
    decimal_string,
    format_money,
    minor_digits,
    parse_money,
    share,
    to_decimal,
    totals,
)


@pytest.mark.parametrize(
    ("text", "default", "comma", "cents", "currency"),
    [
        ("42.50", "USD", False, 4250, "USD"),
        ("42", "USD", False, 4200, "USD"),
        ("42.5", "USD", False, 4250, "USD"),
        (".99", "USD", False, 99, "USD"),
        ("$1,200", "USD", False, 120000, "USD"),
        ("$1,200.05", "EUR", False, 120005, "USD"),
        ("1,234,567.89", "USD", False, 123456789, "USD"),
        ("1200 EUR", "USD", False, 120000, "EUR"),
        ("1200EUR", "USD", False, 120000, "EUR"),
        ("eur 18", "USD", False, 1800, "EUR"),
        ("€18", "USD", False, 1800, "EUR"),
        ("18 €", "USD", False, 1800, "EUR"),
        ("£7.20", "USD", False, 720, "GBP"),
        ("¥500", "USD", False, 500, "JPY"),
        ("9500 JPY", "USD", False, 9500, "JPY"),
        ("1.250 KWD", "USD", False, 1250, "KWD"),
        ("US$ 5", "EUR", False, 500, "USD"),
        ("C$12", "USD", False, 1200, "CAD"),
        ("$12", "CAD", False, 1200, "CAD"),  # a bare $ is your own dollar
        ("  42.50  ", "USD", False, 4250, "USD"),
        # Through a float each of these would lose a cent (4.35 * 100 == 434.99999999999994).
        ("4.35", "USD", False, 435, "USD"),
        ("1.15", "USD", False, 115, "USD"),
        ("0.29", "USD", False, 29, "USD"),
        ("9,007,199,254.99", "USD", False, 900719925499, "USD"),
        ("1 200,50", "EUR", False, 120050, "EUR"),  # spaces group thousands: one reading
        ("1'200.50", "CHF", False, 120050, "CHF"),
        # With the decimal-comma setting:
        ("1.200,50", "EUR", True, 120050, "EUR"),
        ("42,50", "EUR", True, 4250, "EUR"),
        ("1.200", "EUR", True, 120000, "EUR"),
        ("€1.234.567,89", "USD", True, 123456789, "EUR"),
        ("0,5", "EUR", True, 50, "EUR"),
        ("12,5", "EUR", True, 1250, "EUR"),
    ],
)
def test_amounts_people_type(text, default, comma, cents, currency):
    assert parse_money(text, default, decimal_comma=comma) == Money(cents, currency)


@pytest.mark.parametrize(
    ("text", "comma", "says"),
    [
        ("", False, ["an amount is needed"]),
        ("ninety", False, ["'ninety' is not an amount"]),
        ("12abc", False, ["'abc' is not an ISO 4217 currency code"]),
        ("95 XYZ", False, ["'XYZ' is not an ISO 4217 currency code"]),
        ("-5", False, ["amounts are positive"]),
        ("(5.00)", False, ["amounts are positive"]),
        ("$42 EUR", False, ["names two currencies"]),
        ("1,2,3", False, ["is not an amount"]),
        ("12 50", False, ["is not an amount"]),
        ("1e5", False, ["is not an amount"]),
        ("NaN", False, ["is not an amount"]),
        ("95.505", False, ["ambiguous", "more decimals than USD allows", "95505"]),
        ("9.5 JPY", False, ["more decimals than JPY allows"]),
        ("99999999999999", False, ["too large"]),
        # Ambiguous: refused with both readings, and the way out.
        ("1.200,50", False, ["ambiguous", "reads as 1200.50 with a decimal comma",
                             "with a decimal point it would be 1.20050", "decimal-comma true"]),
        ("1,200.50", True, ["ambiguous", "reads as 1200.50 with a decimal point",
                            "with a decimal comma it would be 1.20050", "like 1200,50",
                            "decimal-comma false"]),
        ("1.234.567,89", False, ["reads as 1234567.89 with a decimal comma",
                                 "with a decimal point it is no number at all"]),
        ("12,50", False, ["ambiguous", "only reading is 12.50 with a decimal comma"]),
        ("1.200", False, ["ambiguous", "1.200 with a decimal point", "1200 with a decimal comma"]),
        ("1,200", True, ["ambiguous", "1200 with a decimal point", "1.200 with a decimal comma",
                         "decimal-comma false"]),
        ("42.50", True, ["ambiguous", "42.50 with a decimal point"]),
    ],
)
def test_bad_and_ambiguous_amounts_are_refused_with_a_clear_message(text, comma, says):
    with pytest.raises(InputError) as caught:
        parse_money(text, "USD", decimal_comma=comma)
    message = str(caught.value)
    for part in says:
        assert part in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "comma", "reading", "made_up"),
    [
        ("12,5", False, "12.5 with a decimal comma", "125"),
        ("12,50", False, "12.50 with a decimal comma", "1250"),
        ("42.50", True, "42.50 with a decimal point", "4250"),
        ("12.5", True, "12.5 with a decimal point", "125"),
    ],
)
def test_a_grouping_sign_before_one_or_two_digits_is_never_offered_as_a_reading(
    text, comma, reading, made_up
):
    """A thousands separator stands before three digits, so `12,5` is not 125."""
    with pytest.raises(InputError) as caught:
        parse_money(text, "USD", decimal_comma=comma)
    message = str(caught.value)
    assert f"its only reading is {reading};" in message
    assert f"{made_up} with" not in message
    assert "thousands separators" not in message
    assert f"`gig config set decimal-comma {str(not comma).lower()}`" in message


def test_both_readings_of_a_number_with_both_marks_are_shown_and_neither_is_taken():
    """The issue's own example: refused with both readings unless the setting says comma."""
    with pytest.raises(InputError) as caught:
        parse_money("1.200,50", "USD")
    message = str(caught.value)
    assert "1200.50 with a decimal comma" in message
    assert "1.20050" in message  # what a decimal point would make of it
    assert parse_money("1.200,50", "USD", decimal_comma=True) == Money(120050, "USD")


def test_parsing_never_meets_a_float(monkeypatch):
    """Ten cents ten times is exactly a dollar, which a float would not be."""
    parts = [parse_money("0.10", "USD") for _ in range(10)]
    assert totals(parts) == {"USD": 100}
    assert sum(0.1 for _ in range(10)) != 1.0  # what we are protecting against


CODES = sorted(CURRENCIES)


@st.composite
def money(draw) -> Money:
    currency = draw(st.sampled_from(CODES))
    cents = draw(st.integers(min_value=0, max_value=10**12 - 1))  # under the 10**12 cap
    return Money(cents, currency)


@given(money())
def test_written_amounts_read_back_to_the_same_minor_units(m: Money):
    assert parse_money(f"{decimal_string(m.cents, m.currency)} {m.currency}", "USD") == m
    assert parse_money(format_money(m.cents, m.currency), "USD") == m
    assert to_decimal(m.cents, m.currency).scaleb(minor_digits(m.currency)) == m.cents


@given(st.lists(money(), max_size=60))
def test_totals_equal_the_sum_of_their_parts_per_currency(items: list[Money]):
    sums = totals(items)
    assert set(sums) == {m.currency for m in items}
    for currency, cents in sums.items():
        assert cents == sum(m.cents for m in items if m.currency == currency)
    # Summing the decimal strings gives the same number: nothing drifts by a cent.
    for currency, cents in sums.items():
        as_text = sum(
            (Decimal(decimal_string(m.cents, m.currency)) for m in items if m.currency == currency),
            Decimal(0),
        )
        assert as_text.scaleb(minor_digits(currency)) == cents


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=1, max_value=100),
    st.sampled_from([50, 100]),
)
def test_a_share_is_rounded_once_and_stays_within_the_amount(cents, pct, rate):
    part = share(cents, pct, rate)
    assert 0 <= part <= cents
    exact = Decimal(cents) * pct * rate / 10000
    assert abs(Decimal(part) - exact) <= Decimal("0.5")
    assert share(cents, 100) == cents


@pytest.mark.parametrize(
    ("cents", "currency", "shown", "plain"),
    [
        (4250, "USD", "42.50 USD", "42.50"),
        (120000, "USD", "1,200.00 USD", "1200.00"),
        (9500, "JPY", "9,500 JPY", "9500"),
        (1250, "KWD", "1.250 KWD", "1.250"),
        (0, "EUR", "0.00 EUR", "0.00"),
        (-3000, "USD", "-30.00 USD", "-30.00"),
    ],
)
def test_amounts_are_shown_in_their_own_currency(cents, currency, shown, plain):
    assert format_money(cents, currency) == shown
    assert decimal_string(cents, currency) == plain
