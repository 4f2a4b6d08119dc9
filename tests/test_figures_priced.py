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


def test_money_month_counts_only_the_part_of_an_entry_inside_the_month(gig) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    gig.clock.current = datetime(2027, 1, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    gig("client", "add", "Acme", "--rate", "100")
    gig("project", "add", "web", "--client", "Acme")
    # New Year's Eve 23:00 to 01:00: one hour in December, one in January.
    gig("log", "add", "web", "party", "--date", "2026-12-31", "--start", "23:00", "--end", "01:00")
    gig("log", "add", "web", "plan", "--date", "2026-12-30", "--start", "10:00", "--end", "11:00")
    gig("income", "add", "100", "Acme", "--date", "2026-12-30")
    december_seconds = 3600 + 3600
    report = gig.json(
        "log", "report", "--by", "client", "--from", "2026-12-01", "--to", "2026-12-31"
    )
    assert report["total"]["seconds"] == december_seconds
    month = gig("money", "month", "2026-12").stdout
    hours = f"{december_seconds / 3600:.2f}"
    rate = f"{100 * 3600 / december_seconds:.2f} USD/h"
    assert any(hours in line and rate in line for line in month.splitlines()), month
    january = gig("money", "month", "2027-01").stdout
    assert any("Acme" in line and "1.00" in line for line in january.splitlines()), january


def test_report_says_when_a_share_is_nudged_to_add_up_to_100(gig) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    gig("project", "add", "web")
    gig("project", "add", "ops")
    gig("project", "add", "doc")
    # 4h, 4h and 1h: 44.44%, 44.44% and 11.11%, which one place cannot show adding up.
    gig("log", "add", "web", "x", "--date", "2026-11-23", "--start", "8:00", "--end", "12:00")
    gig("log", "add", "ops", "x", "--date", "2026-11-24", "--start", "8:00", "--end", "12:00")
    gig("log", "add", "doc", "x", "--date", "2026-11-25", "--start", "8:00", "--end", "9:00")
    own = [(Decimal(h) * 100 / 9).quantize(Decimal("0.1")) for h in (4, 4, 1)]
    assert sum(own) == Decimal("99.9")
    data = gig.json("log", "report", "--by", "project")
    assert sorted(Decimal(str(r["share_percent"])) for r in data["rows"]) == sorted(own)
    out = gig("log", "report", "--by", "project").stdout
    assert "Shares are rounded so that the column adds up" in out
    # A report whose shares are each exact says nothing of the kind.
    quiet = gig("log", "report", "--by", "project", "--yesterday").stdout
    assert "Shares are rounded" not in quiet


def test_log_list_says_when_its_total_runs_past_the_period(gig) -> None:  # type: ignore[no-untyped-def]
    gig("project", "add", "web")
    # Monday 23:00 to Tuesday 01:00: 2h listed under Monday, 1h of it worked on Monday.
    gig("log", "add", "web", "late", "--date", "2026-11-23", "--start", "23:00", "--end", "01:00")
    listed = gig("log", "list", "--from", "2026-11-23", "--to", "2026-11-23").stdout
    report = gig.json("log", "report", "--from", "2026-11-23", "--to", "2026-11-23")
    assert report["total"]["seconds"] == 3600
    assert "2h 00m" in listed
    assert "An entry runs on past the period's end and is counted whole" in listed
    whole = gig("log", "list", "--week").stdout
    assert "2h 00m" in whole and "past the period" not in whole


def test_week_row_total_is_the_projects_own_time(gig) -> None:  # type: ignore[no-untyped-def]
    import re

    gig("project", "add", "web")
    gig("project", "add", "ops")
    # Three 20m 40s entries on web are 62:00 exactly; one on ops is 20:40. The days must
    # still add up down the columns, but web's row is never shown as 1:01.
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        gig("log", "add", "web", "a", "--date", day, "--start", "9:00:00", "--end", "9:20:40")
    gig("log", "add", "ops", "a", "--date", "2026-11-25", "--start", "10:00", "--end", "10:20:40")
    web_seconds = 3 * (20 * 60 + 40)
    out = gig("log", "week").stdout
    web = next(line for line in out.splitlines() if line.startswith("web"))
    shown = re.findall(r"\d+:\d\d", web)
    assert shown[-1] == f"{web_seconds // 3600}:{web_seconds % 3600 // 60:02d}", out
    assert sum(int(c[:-3]) * 60 + int(c[-2:]) for c in shown[:-1]) == web_seconds // 60, out
    by_project = gig("log", "report", "--by", "project").stdout
    assert re.search(r"web\s+1:02", by_project), by_project
