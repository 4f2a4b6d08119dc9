"""Yearless days at the edges: a period's end, a task put off, the log's own times.

The clock is moved to Tue 1 Dec 2026 14:30 in New York.
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
