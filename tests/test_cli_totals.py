"""Shown parts and shown totals agree: rows of 7h 49m in all never print a total of 7h 50m.

Every entry below loses 20 to 40 seconds when cut to the minute, so totals worked out
from exact seconds used to print minutes that no row showed. The clock is Wed 2026-11-25
14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

DURATION = re.compile(r"(?:(\d+)h )?(\d+)m\b")
CLOCK = re.compile(r"\b(\d+):(\d\d)\b")


def minutes(text: str) -> int:
    hours, mins = DURATION.fullmatch(text).groups()  # type: ignore[union-attr]
    return int(hours or 0) * 60 + int(mins)


@pytest.fixture
def day_of_odd_seconds(gig):
    for project, start, end in [
        ("acme", "7:00:00", "7:26:40"),
        ("acme", "8:00:00", "8:36:40"),
        ("globex", "9:00:00", "11:36:40"),
        ("initech", "12:00:00", "14:06:40"),
    ]:
        gig("log", "add", project, "--start", start, "--end", end)
    gig("log", "add", "globex", "--date", "yesterday", "--start", "9:00:20", "--end", "9:40:00")
    return gig


def entry_rows_and_total(out: str) -> tuple[list[int], int]:
    rows, total = [], None
    for line in out.splitlines():
        found = [m.group(0) for m in DURATION.finditer(line)]
        if re.match(r"\s*\d+\s+\w{3} \d\d \w{3}", line):
            rows.append(minutes(found[0]))
        elif "Total" in line:
            total = minutes(found[0])
    assert total is not None, out
    return rows, total


@pytest.mark.parametrize("command", [["log"], ["log", "list", "--today"], ["log", "list"]])
def test_entry_tables_add_up_as_shown(day_of_odd_seconds, command):
    rows, total = entry_rows_and_total(day_of_odd_seconds(*command).stdout)
    assert len(rows) in (4, 5)
    assert sum(rows) == total


def test_the_total_is_the_exact_one_cut_to_the_minute_everywhere(day_of_odd_seconds):
    gig = day_of_odd_seconds
    exact = sum(e["duration_seconds"] for e in gig.json("log", "list", "--today"))
    assert exact == 346 * 60 + 40
    assert entry_rows_and_total(gig("log").stdout)[1] == 346
    morning = next(line for line in gig().stdout.splitlines() if "Today" in line)
    assert "5h 46m of" in morning
    report = gig("log", "report", "--today").stdout
    assert re.search(r"Total\s+5:46\s+5\.78\s+100%", report), report


@pytest.mark.parametrize("extra", [[], ["--round", "1m", "--round-mode", "down"]])
def test_report_columns_add_up_as_shown(day_of_odd_seconds, extra):
    out = day_of_odd_seconds("log", "report", "--today", *extra).stdout
    rows = [line for line in out.splitlines() if "%" in line]
    body, total = rows[:-1], rows[-1]
    assert len(body) == 3 and total.startswith("Total"), out

    def columns(line: str) -> tuple[list[int], Decimal, Decimal]:
        clocks = [int(h) * 60 + int(m) for h, m in CLOCK.findall(line)]
        hours = Decimal(re.findall(r"\b\d+\.\d\d\b", line)[0])
        share = Decimal(re.search(r"([\d.]+)%", line).group(1))  # type: ignore[union-attr]
        return clocks, hours, share

    parsed = [columns(line) for line in body]
    clocks, hours, share = columns(total)
    for i, column_total in enumerate(clocks):
        assert sum(p[0][i] for p in parsed) == column_total, out
    added = sum(p[1] for p in parsed)
    assert added == hours or f"the lines add up to {added}." in out, out
    assert sum(p[2] for p in parsed) == share == 100, out


def test_hours_on_a_line_are_its_own_and_a_rounded_column_says_so(gig):
    """18:44 is 18.73 hours on its line, as in the CSV, even where the lines then add up
    to 34.19 beside a total of 34.20: a billed line must read true on its own."""
    gig("project", "add", "globex")
    gig("project", "add", "acme")
    gig("project", "add", "admin")
    for day in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"):
        gig("log", "add", "acme", "9-12:17", "--date", day)
        gig("log", "add", "globex", "13-17:41", "--date", day)
        gig("log", "add", "admin", "17:45-18:20", "--date", day)
    out = gig("log", "report", "--from", "2026-11-16", "--to", "2026-11-19").stdout
    assert re.search(r"globex\s+18:44\s+18\.73\s", out), out
    assert re.search(r"acme\s+13:08\s+13\.13\s", out), out
    assert re.search(r"Total\s+34:12\s+34\.20\s", out), out
    assert "Hours are rounded on each line; the lines add up to 34.19." in out
    csv_rows = gig("log", "report", "--from", "2026-11-16", "--to", "2026-11-19", "--csv").stdout
    assert ",18.73," in csv_rows


def test_the_week_adds_up_across_and_down(day_of_odd_seconds):
    out = day_of_odd_seconds("log", "week").stdout
    lines = [line for line in out.splitlines() if line.strip()][2:]

    def cells(line: str) -> list[int]:
        found = re.findall(r"(?<![\w:])(·|\d+:\d\d)(?![\w:])", line)
        return [0 if c == "·" else int(c.split(":")[0]) * 60 + int(c.split(":")[1]) for c in found]

    grid = [cells(line) for line in lines]
    assert all(len(row) == 8 for row in grid), out
    body, total = grid[:-1], grid[-1]
    for row in grid:
        assert sum(row[:7]) == row[7], out
    for day in range(8):
        assert sum(row[day] for row in body) == total[day], out
    assert total[7] == 386  # 5h 46m 40s today and 39m 40s yesterday, cut once
