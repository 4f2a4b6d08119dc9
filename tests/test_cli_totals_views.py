"""The same figures read the same in every view.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations


def test_shares_are_shown_to_one_place_even_when_whole(gig):
    gig("log", "add", "api", "8-10")
    gig("log", "add", "site", "10-13")
    out = gig("log", "report", "--today").stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert "40.0%" in rows["api"] and "60.0%" in rows["site"]


def test_a_day_in_the_week_grid_reads_as_in_the_report_by_day(gig):
    """Mon 10m 50s and three 20m 40s entries today: 1h 12m in all. Today is 1h 02m in
    `gig`, `log list` and `log report --by day`; the grid used to find the missing minute
    in Monday's cell and show today as 1:01."""
    gig("log", "add", "a", "--date", "mon", "--start", "8:00:00", "--end", "8:10:50")
    for project, hour in (("a", 8), ("b", 9), ("c", 10)):
        gig("log", "add", project, "--start", f"{hour}:00:00", "--end", f"{hour}:20:40")
    by_day = gig("log", "report", "--week", "--by", "day").stdout
    assert "Mon 23 Nov  0:10" in by_day and "Wed 25 Nov  1:02" in by_day
    assert "Today      1h 02m of" in gig().stdout
    total = gig("log", "week").stdout.splitlines()[-1]
    assert total.split()[1:] == ["0:10", "·", "1:02", "·", "·", "·", "·", "1:12"]
