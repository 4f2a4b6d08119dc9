"""Amounts beside hours: each entry is priced on its own and rounded to the cent, then
added up. Where that sum is not the line's hours × rate, gig says so under the table."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NOTE = "rounded to the cent before adding up"


def _priced(minutes: int, rate: str) -> Decimal:
    return (Decimal(minutes) / 60 * Decimal(rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _three_short_entries(gig) -> None:  # type: ignore[no-untyped-def]
    gig("client", "add", "Acme", "--rate", "100")
    gig("project", "add", "web", "--client", "Acme")
    for start, end in (("9:00", "9:07"), ("9:10", "9:17"), ("9:20", "9:27")):
        gig("log", "add", "web", "call", "--date", "2026-11-23", "--start", start, "--end", end)


def test_report_says_when_entry_amounts_add_up_to_more_than_hours_times_rate(gig) -> None:  # type: ignore[no-untyped-def]
    _three_short_entries(gig)
    # 21 minutes at 100.00 an hour is 35.00 on a calculator; three 7-minute entries are
    # 11.67 each, 35.01 together, which is what an invoice of those entries would say.
    assert _priced(21, "100") == Decimal("35.00")
    assert 3 * _priced(7, "100") == Decimal("35.01")
    out = gig("log", "report", "--by", "project").stdout
    assert "0.35" in out and "35.01 USD" in out
    assert NOTE in out
    week = gig("log", "week").stdout
    assert "35.01 USD" in week and NOTE in week
    data = gig.json("log", "report", "--by", "project")
    assert data["total"]["amounts"] == [{"amount": "35.01", "currency": "USD"}]


def test_no_note_when_amounts_are_hours_times_rate(gig) -> None:  # type: ignore[no-untyped-def]
    _three_short_entries(gig)
    # Rounded up to 15 minutes, each entry is 25.00: no cent is lost anywhere.
    out = gig("log", "report", "--by", "project", "--round", "15m").stdout
    assert f"{3 * _priced(15, '100')} USD" in out
    assert NOTE not in out
    assert NOTE not in gig("log", "week", "--round", "15m").stdout
