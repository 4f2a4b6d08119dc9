"""A day of the year typed without its year, through every command that files something.

The clock is moved to Tue 1 Dec 2026 14:30 in New York: `dec 20` is 19 days ahead,
`nov 20` 11 days back, `jun 20` 164 days back or 201 ahead.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def december(gig):
    gig.clock.advance(days=6)
    return gig


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in result.stderr
    return lines[0]


ADD = {
    "receipts": ["receipts", "add", "420", "United", "--category", "travel"],
    "income": ["income", "add", "420", "United"],
    "mileage": ["mileage", "add", "42", "--purpose", "Client visit"],
}


@pytest.mark.parametrize("kind", ADD)
def test_a_yearless_day_is_this_years_when_it_is_near(december, kind):
    december(*ADD[kind], "--date", "nov 20")
    december(*ADD[kind], "--date", "dec 20 2025")
    days = [r["date"] for r in december.json(kind, "list", "--all")]
    assert sorted(days) == ["2025-12-20", "2026-11-20"]


@pytest.mark.parametrize("kind", ADD)
def test_a_yearless_day_far_from_today_asks_for_the_year(december, kind):
    result = december(*ADD[kind], "--date", "jun 20", code=2)
    assert error_line(result) == (
        "Error: 'jun 20' is 20 Jun 2026, 164 days ago, or 20 Jun 2027, in 201 days; write the year"
    )
    assert december.json(kind, "list", "--all") == []


@pytest.mark.parametrize("kind", ADD)
def test_a_yearless_day_is_never_filed_a_year_back(december, kind):
    """On 1 Dec, `dec 20` is not 20 Dec of last year's tax year: gig asks."""
    result = december(*ADD[kind], "--date", "dec 20", code=2)
    assert error_line(result) == (
        "Error: 'dec 20' is 20 Dec 2025, 346 days ago, or 20 Dec 2026, in 19 days; write the year"
    )
    assert december.json(kind, "list", "--all") == []


@pytest.mark.parametrize("kind", ADD)
def test_edits_read_yearless_days_the_same_way(december, kind):
    december(*ADD[kind], "--date", "2026-11-02")
    result = december(kind, "edit", "1", "--date", "jun 20", code=2)
    assert "write the year" in error_line(result)
    december(kind, "edit", "1", "--date", "oct 20")
    assert [r["date"] for r in december.json(kind, "list", "--all")] == ["2026-10-20"]


def test_log_add_and_edit_read_yearless_days_the_same_way(december):
    assert "write the year" in error_line(
        december("log", "add", "acme", "9-10", "--date", "jun 20", code=2)
    )
    assert error_line(december("log", "add", "acme", "9-10", "--date", "dec 20", code=2)) == (
        "Error: 'dec 20' is 20 Dec 2025, 346 days ago, or 20 Dec 2026, in 19 days; write the year"
    )
    december("log", "add", "acme", "9-10", "--date", "nov 20")
    [entry] = december.json("log", "list", "--last-month")
    assert entry["start"].startswith("2026-11-20T09:00")
    assert "write the year" in error_line(
        december("log", "edit", str(entry["id"]), "--start", "jun 20 9am", code=2)
    )
    december("log", "edit", str(entry["id"]), "--start", "nov 20 8am")
    [entry] = december.json("log", "list", "--last-month")
    assert entry["start"].startswith("2026-11-20T08:00")


def test_task_due_days_keep_their_reach_ahead(december):
    december("task", "add", "Renew", "insurance", "--due", "jun 20")
    december("task", "add", "Timesheet", "--due", "nov 20")
    due = {t["title"]: t["due"] for t in december.json("task", "list", "--all")}
    assert due == {"Renew insurance": "2027-06-20", "Timesheet": "2026-11-20"}


def test_a_period_of_history_reads_yearless_days_as_people_mean_them(december):
    """`--from "jan 1"` in December starts this year's history; `--to "dec 31"` ends it."""
    december("log", "add", "acme", "9-10", "--date", "2026-02-03")
    listed = december.json("log", "list", "--from", "jan 1", "--to", "dec 31")
    assert [e["start"][:10] for e in listed] == ["2026-02-03"]
    assert "write the year" in error_line(december("log", "list", "--to", "jun 1", code=2))
