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


# --- a period's end, a task put off, the log's own times -----------------------------------


@pytest.mark.parametrize(
    ("since", "until", "label"),
    [
        ("dec 20", "jan 5", "Sat 20 Dec 2025 to Mon 05 Jan 2026"),  # last winter
        ("nov 1", "nov 30", "Sun 01 Nov 2026 to Mon 30 Nov 2026"),
        ("2025-12-20", "jan 5", "Sat 20 Dec 2025 to Mon 05 Jan 2026"),
        ("dec 1", "dec 31", "Tue 01 Dec 2026 to Thu 31 Dec 2026"),  # this month
    ],
)
def test_a_periods_yearless_end_is_the_first_such_day_from_its_start(december, since, until, label):
    december("log", "add", "acme", "9-10", "--date", "2025-12-24")
    december("log", "add", "acme", "9-11", "--date", "2026-01-05")
    december("log", "add", "acme", "9-12", "--date", "2026-01-06")
    assert label in december("log", "report", "--from", since, "--to", until).stdout
    listed = december.json("log", "list", "--from", since, "--to", until)
    if since in ("dec 20", "2025-12-20"):
        # Never a year and more: the two entries of last winter, not 382 days' worth.
        assert [e["start"][:10] for e in listed] == ["2025-12-24", "2026-01-05"]
    else:
        assert listed == []


@pytest.mark.parametrize(
    ("until", "shown"),
    [("nov 1", "Mon 1 Nov 2027"), ("dec 20", "Sun 20 Dec"), ("+1w", "Tue 8 Dec")],
)
def test_a_task_is_put_off_to_a_day_to_come(december, until, shown):
    december("task", "add", "Renew", "insurance")
    out = december("task", "defer", "1", "--until", until).stdout
    assert out.startswith(f"Deferred #1 Renew insurance until {shown};")


@pytest.mark.parametrize(
    "args",
    [
        ["log", "add", "acme", "--start", "dec 20 9:00", "--end", "dec 20 10:00"],
        ["log", "start", "acme", "--at", "dec 20 9:00"],
        ["log", "edit", "1", "--start", "dec 20 9:00"],
        ["log", "edit", "1", "--end", "dec 20 9:00"],
    ],
)
def test_the_logs_times_ask_for_the_year_as_its_days_do(december, args):
    """On 1 Dec, `dec 20 9:00` is last year's or nothing: gig asks, as `--date` does,
    rather than reading it 19 days ahead and calling it a time in the future."""
    december("log", "add", "acme", "9-10")
    said = error_line(december(*args, code=2))
    assert said == (
        "Error: 'dec 20' is 20 Dec 2025, 346 days ago, or 20 Dec 2026, in 19 days; write the year"
    )
    assert len(december.json("log", "list", "--today")) == 1
