"""The ledger: categories and Schedule C lines per tax year, mileage rates, the month's numbers.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigtool.amounts import Money
from gigtool.clients import catalog
from gigtool.database import open_db
from gigtool.errors import InputError, NotFound, Refused
from gigtool.money import categories
from gigtool.money import income
from gigtool.money import mileage
from gigtool.money import nudges
from gigtool.money import receipts
from gigtool.money import span as spans
from gigtool.money import summary
from gigtool.money import tax_tables as tax
from gigtool.store.db import transaction
from gigtool.tracking import entries as tracking

NY = ZoneInfo("America/New_York")
NOV = spans.month_of(date(2026, 11, 1))


@pytest.fixture
def conn(gig_home: Path):
    connection = open_db(gig_home)
    yield connection
    connection.close()


def usd(text: str) -> Money:
    return Money(int(Decimal(text) * 100), "USD")


def receipt(conn, clock, home, amount="10.00", vendor="Shop", category="office", **kw):
    money = amount if isinstance(amount, Money) else usd(amount)
    kw.setdefault("day", date(2026, 11, 20))
    return receipts.add_receipt(
        conn, clock, home, amount=money, vendor=vendor, category=category, **kw
    ).receipt


# --- Schedule C lines per tax year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "other", "energy", "form_year", "borrowed"),
    [
        (2023, "27a", "27b", 2023, False),
        (2024, "27a", "27b", 2024, False),
        (2025, "27b", "27a", 2025, False),
        (2026, "27b", "27a", 2025, True),  # the latest known form, carried forward, and said so
        (2022, "27a", "27b", 2023, True),
    ],
)
def test_other_expenses_line_moves_with_the_tax_year(year, other, energy, form_year, borrowed):
    lines = tax.schedule_c(year)
    assert lines.number("other") == other
    assert lines.number("energy_efficient_buildings") == energy
    assert lines.form_year == form_year
    assert (lines.note is not None) == borrowed
    if borrowed:
        assert str(year) in lines.note and str(form_year) in lines.note


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("advertising", "8"),
        ("car_truck", "9"),
        ("commissions_fees", "10"),
        ("contract_labor", "11"),
        ("insurance", "15"),
        ("interest_other", "16b"),
        ("legal_professional", "17"),
        ("office", "18"),
        ("rent_equipment", "20a"),
        ("rent_property", "20b"),
        ("repairs", "21"),
        ("supplies", "22"),
        ("taxes_licenses", "23"),
        ("travel", "24a"),
        ("lodging", "24a"),
        ("meals", "24b"),
        ("utilities", "25"),
    ],
)
def test_builtin_categories_map_to_their_lines(key, line):
    category = tax.BUILTIN_KEYS[key]
    for year in (2023, 2024, 2025, 2026):
        assert tax.schedule_c(year).number(category.line) == line


def test_owner_categories_are_not_on_schedule_c():
    owner = [c for c in tax.BUILTIN if c.owner]
    assert {c.key for c in owner} >= {"estimated_tax", "health_insurance", "retirement",
                                      "owner_draw"}
    assert all(c.line is None and c.where for c in owner)


def test_meals_are_half_deductible_and_other_needs_a_description():
    assert tax.BUILTIN_KEYS["meals"].deductible_pct == 50
    assert tax.BUILTIN_KEYS["other"].needs_note


def test_user_categories_map_to_a_line_by_key_or_by_that_years_number(conn, clock):
    by_number = categories.add_category(
        conn, clock, "software", "Software subscriptions", line=categories.parse_line("27b", 2025)
    )
    assert by_number.line == "other"
    assert categories.parse_line("27a", 2024) == "other"
    assert categories.parse_line("27a", 2025) == "energy_efficient_buildings"
    by_key = categories.add_category(conn, clock, "Cloud Hosting", "Servers", line="utilities")
    assert by_key.key == "cloud_hosting"
    fines = categories.add_category(conn, clock, "fines", "Parking fines", line=None)
    cats = categories.categories(conn)
    assert cats["software"].label == "Software subscriptions"
    assert not cats["fines"].builtin and cats["fines"].line is None
    assert {"office", "software", "cloud_hosting", "fines"} <= set(cats)
    assert fines.line is None


@pytest.mark.parametrize(
    ("key", "line", "error", "says"),
    [
        ("office", "office", Refused, "built-in"),
        ("x", "office", InputError, "cannot be a category key"),
        ("../etc", "office", InputError, "cannot be a category key"),
    ],
)
def test_bad_user_categories_are_refused(conn, clock, key, line, error, says):
    with pytest.raises(error, match=says):
        categories.add_category(conn, clock, key, "Label", line=line)


def test_a_line_that_is_not_on_the_form_is_refused():
    with pytest.raises(InputError, match="not a Schedule C expense line"):
        categories.parse_line("99", 2025)


def test_a_category_in_use_cannot_be_removed(conn, clock, gig_home):
    categories.add_category(conn, clock, "software", "Software", line="office")
    receipt(conn, clock, gig_home, category="software")
    with pytest.raises(Refused, match="1 receipt"):
        categories.remove_category(conn, "software")
    with pytest.raises(Refused, match="built in"):
        categories.remove_category(conn, "office")
    with pytest.raises(NotFound):
        categories.remove_category(conn, "nothing_here")


def test_unknown_category_suggests_close_ones(conn):
    with pytest.raises(InputError, match="did you mean meals"):
        categories.resolve_category(categories.categories(conn), "meal")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("nope", "no category 'nope'; see `gig receipts categories`"),
        ("meal", "no category 'meal'; did you mean meals? See `gig receipts categories`"),
    ],
)
def test_an_unknown_category_is_one_punctuated_sentence(conn, typed, message):
    with pytest.raises(InputError) as caught:
        categories.resolve_category(categories.categories(conn), typed)
    assert str(caught.value) == message


# --- receipts: the rules -----------------------------------------------------------------------


def test_deductible_is_amount_times_business_share_times_category_share(conn, clock, gig_home):
    meal = receipt(conn, clock, gig_home, "100.00", category="meals", business_pct=60)
    assert meal.deductible_cents == 3000
    office = receipt(conn, clock, gig_home, "33.33", category="office", business_pct=50)
    assert office.deductible_cents == 1667  # 16.665 rounds half up, once
    draw = receipt(conn, clock, gig_home, "500.00", category="owner_draw")
    assert draw.deductible_cents == 0 and draw.kind == "owner"


def test_the_vendor_remembers_its_category(conn, clock, gig_home):
    receipt(conn, clock, gig_home, vendor="Adobe", category="office")
    again = receipts.add_receipt(
        conn, clock, gig_home, amount=usd("20"), vendor="adobe", day=date(2026, 11, 21)
    )
    assert again.receipt.category.key == "office" and again.remembered_category
    new = receipts.add_receipt(
        conn, clock, gig_home, amount=usd("20"), vendor="Nobody", day=date(2026, 11, 21)
    )
    assert new.receipt.category.key == tax.UNCATEGORIZED and not new.remembered_category


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"amount": "0"}, "more than zero"),
        ({"vendor": "   "}, "vendor cannot be empty"),
        ({"vendor": "x" * 201}, "at most 200"),
        ({"category": "other"}, "needs a description"),
        ({"business_pct": 0}, "whole percent"),
        ({"day": date(2026, 11, 26)}, "in the future"),
        ({"client": "Nobody"}, "no client named 'Nobody'"),
    ],
)
def test_bad_receipts_are_refused_and_leave_nothing(conn, clock, gig_home, kw, says):
    with pytest.raises(InputError, match=says):
        receipt(conn, clock, gig_home, **kw)
    assert receipts.list_receipts(conn) == []


# --- income and mileage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form"),
    [("1099-NEC", "1099-NEC"), ("nec", "1099-NEC"), ("1099k", "1099-K"), ("None", "none")],
)
def test_income_forms(text, form):
    assert income.parse_form(text) == form


def test_bad_income_form_is_refused():
    with pytest.raises(InputError, match="1099-NEC, 1099-K or none"):
        income.parse_form("W-2")


def test_the_same_invoice_twice_is_refused_unless_asked(conn, clock):
    catalog.add_client(conn, clock, "Acme", None)
    day = date(2026, 11, 3)
    first = income.add_income(conn, clock, amount=usd("100"), client="acme", day=day, invoice="7")
    with pytest.raises(Refused, match=f"income #{first.id}"):
        income.add_income(conn, clock, amount=usd("100"), client="Acme", day=day, invoice="7")
    income.add_income(
        conn, clock, amount=usd("50"), client="Acme", day=day, invoice="7", allow_duplicate=True
    )
    assert len(income.list_income(conn)) == 2


@pytest.mark.parametrize(
    ("day", "cents_per_mile", "source"),
    [
        (date(2022, 6, 30), "58.5", "2022-03"),
        (date(2022, 7, 1), "62.5", "2022-13"),
        (date(2023, 5, 1), "65.5", "2023-03"),
        (date(2024, 5, 1), "67", "2024-08"),
        (date(2025, 12, 31), "70", "2025-5"),
        (date(2026, 1, 1), "72.5", "2026-10"),
    ],
)
def test_mileage_rate_is_dated_data_with_its_source(day, cents_per_mile, source):
    found = tax.mileage_rate(day)
    assert found.rate.cents_per_mile == Decimal(cents_per_mile)
    assert source in found.rate.source
    assert found.note is None


def test_mileage_rate_outside_the_known_years():
    later = tax.mileage_rate(date(2027, 3, 1))
    assert later.rate.cents_per_mile == Decimal("72.5")
    assert "2027" in (later.note or "")
    with pytest.raises(Refused, match="from 2022-01-01"):
        tax.mileage_rate(date(2021, 12, 31))


def test_trips_are_valued_at_the_rate_of_their_year(conn, clock):
    old = mileage.add_trip(
        conn, clock, miles_hundredths=10000, purpose="Client visit", day=date(2025, 6, 1)
    )
    new = mileage.add_trip(
        conn, clock, miles_hundredths=10000, purpose="Client visit", day=date(2026, 6, 1)
    )
    commute = mileage.add_trip(
        conn, clock, miles_hundredths=10000, purpose="Office", day=date(2026, 6, 1), commute=True
    )
    assert (old.value_cents, new.value_cents, commute.value_cents) == (7000, 7250, 0)
    assert tax.mileage_value(1234, Decimal("72.5")) == 895  # 894.65 rounds half up


@pytest.mark.parametrize(
    ("text", "hundredths"), [("12.4", 1240), ("12.4 mi", 1240), ("30 miles", 3000), (".5", 50)]
)
def test_miles_as_people_write_them(text, hundredths):
    assert mileage.parse_miles(text) == hundredths


@pytest.mark.parametrize(
    ("text", "says"),
    [("0", "more than 0"), ("-3", "not a distance"), ("12.345", "two decimals"),
     ("ten", "not a distance"), ("9000", "at most 5,000"), ("1e3", "not a distance")],
)
def test_bad_miles_are_refused(text, says):
    with pytest.raises(InputError, match=says):
        mileage.parse_miles(text)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (None, date(2026, 11, 1)),
        ("2026-11", date(2026, 11, 1)),
        ("2025-2", date(2025, 2, 1)),
        ("last", date(2026, 10, 1)),
        ("this", date(2026, 11, 1)),
        ("nov", date(2026, 11, 1)),
        ("december", date(2025, 12, 1)),  # the most recent December
        ("feb 2024", date(2024, 2, 1)),
    ],
)
def test_months_as_people_write_them(text, first):
    span = spans.parse_month(text, date(2026, 11, 25))
    assert span.first == first
    assert span.last.month == first.month and (span.last + timedelta(days=1)).day == 1


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "novembre", "11", "soon"])
def test_bad_months_are_refused(text):
    with pytest.raises(InputError, match="month"):
        spans.parse_month(text, date(2026, 11, 25))


# --- the month's numbers -----------------------------------------------------------------------


def _track(conn, clock, project: str, day: int, hours: float) -> None:
    start = datetime(2026, 11, day, 9, 0, tzinfo=NY)
    tracking.add_entry(
        conn, clock, project=project, start=start, end=start + timedelta(hours=hours)
    )


def test_month_summary_numbers(conn, clock, gig_home):
    catalog.add_client(conn, clock, "Acme", None)
    catalog.add_client(conn, clock, "Beta", None)
    catalog.add_project(conn, clock, "acme-site", client="Acme")
    catalog.add_project(conn, clock, "beta-app", client="Beta")
    _track(conn, clock, "acme-site", 2, 6)
    _track(conn, clock, "acme-site", 3, 4)  # 10 hours for Acme
    _track(conn, clock, "beta-app", 4, 5)
    _track(conn, clock, "side-thing", 5, 1)  # no client
    _track(conn, clock, "acme-site", 30 - 29, 3)  # 1 Nov: still November
    day = date(2026, 11, 10)
    income.add_income(conn, clock, amount=usd("1300"), client="Acme", day=day)
    income.add_income(conn, clock, amount=Money(50000, "EUR"), client="Beta", day=day)
    income.add_income(conn, clock, amount=usd("999"), client="Acme", day=date(2026, 10, 31))
    receipt(conn, clock, gig_home, "100.00", category="meals")  # 50.00 deductible
    receipt(conn, clock, gig_home, "200.00", category="office", business_pct=50)  # 100.00
    receipt(conn, clock, gig_home, Money(3000, "EUR"), category="supplies")
    receipt(conn, clock, gig_home, "1000.00", category="estimated_tax")  # owner: out of P&L
    receipt(conn, clock, gig_home, "5.00", category="office", day=date(2026, 12, 1) - timedelta(
        days=31))  # 31 Oct: not in November
    mileage.add_trip(conn, clock, miles_hundredths=10000, purpose="Acme", day=day)  # 72.50

    s = summary.summarize(summary.period_data(conn, clock, NOV))

    assert [(c.client, c.currency, c.amount_cents) for c in s.income] == [
        ("Acme", "USD", 130000),
        ("Beta", "EUR", 50000),
    ]
    assert s.income_total == {"USD": 130000, "EUR": 50000}
    assert s.paid_total == {"USD": 30000, "EUR": 3000}
    assert s.owner_total == {"USD": 100000}
    assert s.deductible_total == {"USD": 5000 + 10000 + 7250, "EUR": 3000}
    assert s.net() == {"USD": 130000 - 22250, "EUR": 47000}
    lines = {(t.category.key, t.currency): t.line_number for t in s.expenses}
    assert lines == {("office", "USD"): "18", ("supplies", "EUR"): "22", ("meals", "USD"): "24b"}
    assert [t.category.key for t in s.owner] == ["estimated_tax"]
    rates = {r.client: r for r in s.rates}
    assert rates["Acme"].seconds == 13 * 3600
    assert rates["Acme"].hourly("USD") == 10000  # 1,300 over 13 hours
    assert rates["Beta"].hourly("EUR") == 10000
    assert rates["Beta"].hourly("USD") is None
    assert rates[None].seconds == 3600 and rates[None].income == {}
    assert s.mileage_cents == 7250 and s.miles_hundredths == 10000
    assert any("2026 Schedule C" in n for n in s.notes)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=10**9),
            st.sampled_from(["USD", "EUR", "JPY"]),
            st.sampled_from(["office", "meals", "supplies", "owner_draw", "lodging"]),
            st.integers(min_value=1, max_value=100),
        ),
        max_size=12,
    )
)
def test_month_totals_equal_the_sum_of_the_receipts(tmp_path_factory, clock, items):
    home = tmp_path_factory.mktemp("home")
    conn = open_db(home)
    try:
        rows = [
            receipts.add_receipt(
                conn,
                clock,
                home,
                amount=Money(cents, currency),
                vendor="V",
                category=category,
                business_pct=pct,
                day=date(2026, 11, 1 + i),
            ).receipt
            for i, (cents, currency, category, pct) in enumerate(items)
        ]
        s = summary.summarize(summary.period_data(conn, clock, NOV))
        for currency in {r.amount.currency for r in rows}:
            mine = [r for r in rows if r.amount.currency == currency]
            business = [r for r in mine if r.kind == "expense"]
            assert s.paid_total.get(currency, 0) == sum(r.amount.cents for r in business)
            assert s.deductible_total.get(currency, 0) == sum(r.deductible_cents for r in business)
            by_lines = sum(t.deductible_cents for t in s.expenses if t.currency == currency)
            assert by_lines == s.deductible_total.get(currency, 0)
            owner = sum(r.amount.cents for r in mine if r.kind == "owner")
            assert s.owner_total.get(currency, 0) == owner
    finally:
        conn.close()


# --- nudges ----------------------------------------------------------------------------------


def test_nudges_find_expenses_of_75_or_more_and_all_lodging_without_receipts(
    conn, clock, gig_home
):
    receipt(conn, clock, gig_home, "74.99", vendor="Small")
    big = receipt(conn, clock, gig_home, "75.00", vendor="Big")
    inn = receipt(conn, clock, gig_home, "20.00", vendor="Inn", category="lodging")
    receipt(conn, clock, gig_home, "900.00", vendor="IRS", category="estimated_tax")
    receipt(conn, clock, gig_home, Money(7500, "EUR"), vendor="Euro")  # the rule is in dollars
    found = nudges.nudges(conn, clock, gig_home)
    assert {u.receipt.id for u in found.unreceipted} == {big.id, inn.id}
    assert found.days_since == 0 and found.last is not None and found.last.what == "Euro"
    clock.advance(days=9)
    assert nudges.nudges(conn, clock, gig_home).days_since == 9


def test_the_75_rule_is_in_dollars_and_lodging_needs_a_receipt_in_any_currency(
    conn, clock, gig_home
):
    """The IRS threshold is $75: 500 JPY or 75 EUR need no receipt, a hotel in euros does."""
    yen = receipt(conn, clock, gig_home, Money(500, "JPY"), vendor="Konbini")
    euro = receipt(conn, clock, gig_home, Money(7500, "EUR"), vendor="Cafe")
    dinar = receipt(conn, clock, gig_home, Money(75000, "KWD"), vendor="Souk")
    hotel = receipt(conn, clock, gig_home, Money(2000, "EUR"), vendor="Hotel", category="lodging")
    dollars = receipt(conn, clock, gig_home, "75.00", vendor="Store")
    needed = [r.needs_receipt() for r in (yen, euro, dinar, hotel, dollars)]
    assert needed == [False, False, False, True, True]
    found = nudges.nudges(conn, clock, gig_home)
    assert [(u.receipt.vendor, u.reason) for u in found.unreceipted] == [
        ("Hotel", "lodging always needs a receipt"),
        ("Store", "75 USD or more needs a receipt"),
    ]
    listed = nudges.unreceipted(gig_home, receipts.list_receipts(conn))
    assert [u.receipt.vendor for u in listed] == ["Hotel", "Store"]


def test_the_morning_nudge_stays_in_the_database_however_many_receipts(
    conn, clock, gig_home, monkeypatch
):
    """`gig` alone must not look at every receipt file on disk; `gig money` still does."""
    day = date(2026, 11, 2).isoformat()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO receipt (id, day, vendor, amount_cents, currency, category, "
            "business_pct, note, created_at, updated_at) "
            "VALUES (?, ?, 'Filed', 9900, 'USD', 'office', 100, '', 0, 0)",
            [(n, day) for n in range(1, 3001)],
        )
        conn.executemany(
            "INSERT INTO receipt_file (receipt_id, path, sha256, size, original_name, added_at) "
            "VALUES (?, ?, ?, 1, 'a.pdf', 0)",
            [(n, f"receipts/2026-11/gone-{n}.pdf", f"{n:064x}") for n in range(1, 3001)],
        )
    unfiled = receipt(conn, clock, gig_home, "120.00", vendor="Unfiled")
    receipt(conn, clock, gig_home, "12.00", vendor="Small")
    inn = receipt(conn, clock, gig_home, "20.00", vendor="Inn", category="lodging")
    loose = receipt(conn, clock, gig_home, "5.00", vendor="Loose", category="uncategorized")
    looked: list[str] = []
    real_inside = nudges.files_store.inside

    def counting(home, rel):  # every look at a receipt file on disk goes through here
        looked.append(rel)
        return real_inside(home, rel)

    monkeypatch.setattr(nudges.files_store, "inside", counting)
    found = nudges.nudges(conn, clock, gig_home)
    assert looked == []
    assert [u.receipt.id for u in found.unreceipted] == [unfiled.id, inn.id]
    assert found.last is not None and found.last.what == "Loose" and found.days_since == 0
    assert [r.id for r in found.uncategorized] == [loose.id]
    every = nudges.nudges(conn, clock, gig_home, on_disk=True)
    assert len(looked) == 3000
    assert len(every.unreceipted) == 3002
    first = every.unreceipted[0]
    assert first.receipt.id == 1
    assert first.reason == "file missing from the data folder: receipts/2026-11/gone-1.pdf"


@pytest.mark.parametrize(
    ("key", "year", "pct"),
    [
        ("meals", 2020, 50),
        ("meals", 2021, 100),  # restaurant meals, IRS Notice 2021-25
        ("meals", 2022, 100),
        ("meals", 2023, 50),
        ("office", 2022, 100),
        ("estimated_tax", 2022, 0),  # owner items are never deductible
        (tax.UNCATEGORIZED, 2022, 0),
    ],
)
def test_deductible_share_follows_the_tax_year(key: str, year: int, pct: int) -> None:
    assert tax.deductible_pct(tax.BUILTIN_KEYS[key], year) == pct


def test_your_own_category_on_the_meals_line_keeps_its_share() -> None:
    mine = tax.Category("snacks", "Snacks", "meals", 50, builtin=False)
    assert tax.deductible_pct(mine, 2022) == 50
