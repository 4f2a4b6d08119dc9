"""reports.py: cutting entries into working days, rounding, rates and totals.

Times are in New York (TZ is set by conftest); the clock is Wed 2026-11-25 14:30.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigtool import config, periods
from gigtool.amounts import Money
from gigtool.clients import catalog
from gigtool.database import open_db
from gigtool.errors import InputError, NotFound
from gigtool.tracking import entries as tracking
from gigtool.tracking import timer
from gigtool.tracking import figures, reports, timesheet
from gigtool.tracking.reports import Item, Rounding, WorkingDays

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=NY)


def at(text: str) -> datetime:
    """`2026-11-23 09:00` in New York."""
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def secs(text: str) -> int:
    return int(at(text).timestamp())


@pytest.fixture
def conn(gig_home: Path):
    connection = open_db(gig_home)
    yield connection
    connection.close()


def add(conn, clock, project, start, end, *tags, billable=None, description=""):
    return tracking.add_entry(
        conn,
        clock,
        project=project,
        start=at(start),
        end=at(end),
        tags=tags,
        description=description,
        billable=billable,
        allow_overlap=True,
    ).entry


def item(start: str, end: str | None, *, rate: Money | None = None, billable=True, **kw) -> Item:
    fields = dict(id=1, project="p", client=None, description="", tags=())
    fields.update(kw)
    return Item(
        start=secs(start),
        end=None if end is None else secs(end),
        billable=billable,
        rate=rate,
        **fields,  # type: ignore[arg-type]
    )


def report(conn, first: str, last: str, hour: int = 0, **kw) -> reports.Report:
    period = periods.days(date.fromisoformat(first), date.fromisoformat(last), NY, "p", hour)
    return reports.build_report(conn, period.since, period.until, NOW, WorkingDays(NY, hour), **kw)


# Rounding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "step", "mode", "rounded"),
    [
        (0, 900, "up", 0),
        (1, 900, "up", 900),
        (900, 900, "up", 900),
        (901, 900, "up", 1800),
        (449, 900, "nearest", 0),
        (450, 900, "nearest", 900),  # halves go up, as Toggl does
        (1349, 900, "nearest", 900),
        (1350, 900, "nearest", 1800),
        (899, 900, "down", 0),
        (1799, 900, "down", 900),
        (7 * 60, 360, "up", 12 * 60),
        (7 * 60, 360, "down", 6 * 60),
        (44 * 60, 1800, "nearest", 1800),
        (46 * 60, 1800, "nearest", 3600),
    ],
)
def test_rounding_modes(seconds, step, mode, rounded):
    assert Rounding(step, mode).apply(seconds) == rounded


@pytest.mark.parametrize(
    ("step", "mode", "expected"),
    [
        ("6m", "up", Rounding(360, "up")),
        ("15m", "NEAREST", Rounding(900, "nearest")),
        ("0.5h", "down", Rounding(1800, "down")),
        (None, "up", None),
    ],
)
def test_parse_rounding(step, mode, expected):
    assert reports.parse_rounding(step, mode) == expected


@pytest.mark.parametrize(
    ("step", "mode", "message"),
    [
        ("15m", "sideways", "not a rounding mode"),
        ("30s", "up", "between 1 minute and 24 hours"),
        ("soon", "up", "not a duration"),
    ],
)
def test_parse_rounding_bad(step, mode, message):
    with pytest.raises(InputError, match=message):
        reports.parse_rounding(step, mode)


def test_rounding_is_per_entry_not_per_total(conn, clock):
    for minute in (0, 10, 20):
        add(conn, clock, "acme", f"2026-11-23 09:{minute:02d}", f"2026-11-23 09:{minute + 1:02d}")
    result = report(conn, "2026-11-23", "2026-11-29", rounding=Rounding(900, "up"))
    assert result.total.seconds == 3 * 60
    assert result.total.rounded == 3 * 900  # each one-minute entry becomes 15 minutes


@pytest.mark.parametrize(
    ("mode", "rounded", "cents"),
    [("up", 3600, 10000), ("nearest", 2700, 7500), ("down", 2700, 7500)],
)
def test_amounts_come_from_rounded_time(conn, clock, mode, rounded, cents):
    catalog.add_project(conn, clock, "acme", rate=Money(10000, "USD"))
    add(conn, clock, "acme", "2026-11-23 09:00", "2026-11-23 09:50")  # 50 minutes
    result = report(conn, "2026-11-23", "2026-11-29", rounding=Rounding(900, mode))
    assert result.total.seconds == 3000
    assert result.total.rounded == rounded
    assert result.total.amounts == {"USD": cents}


# Rates ----------------------------------------------------------------------------------------


def test_rate_precedence_project_then_client_then_default(conn, clock):
    catalog.add_client(conn, clock, "Acme", Money(10000, "USD"))
    catalog.add_project(conn, clock, "own-rate", client="Acme", rate=Money(15000, "USD"))
    catalog.add_project(conn, clock, "client-rate", client="Acme")
    catalog.add_project(conn, clock, "default-rate")
    config.set_value(conn, "rate", "80")
    for i, name in enumerate(("own-rate", "client-rate", "default-rate")):
        add(conn, clock, name, f"2026-11-23 0{i + 1}:00", f"2026-11-23 0{i + 1}:30")
    fallback = reports.default_rate(config.get(conn, "rate"), config.get(conn, "currency"))
    result = report(conn, "2026-11-23", "2026-11-29", fallback_rate=fallback)
    amounts = {line.key: line.amounts for line in result.lines}
    assert amounts == {
        "own-rate": {"USD": 7500},
        "client-rate": {"USD": 5000},
        "default-rate": {"USD": 4000},
    }
    assert result.total.amounts == {"USD": 16500}


def test_default_rate_reads_its_own_currency_or_the_setting():
    assert reports.default_rate("", "USD") is None
    assert reports.default_rate("95", "EUR") == Money(9500, "EUR")
    assert reports.default_rate("95.50 GBP", "USD") == Money(9550, "GBP")


def test_two_currencies_are_never_added(conn, clock):
    catalog.add_client(conn, clock, "Acme", Money(10000, "USD"))
    catalog.add_client(conn, clock, "Globex", Money(9000, "EUR"))
    catalog.add_project(conn, clock, "api", client="Acme")
    catalog.add_project(conn, clock, "audit", client="Globex")
    catalog.add_project(conn, clock, "shared", client="Acme", rate=Money(5000, "GBP"))
    add(conn, clock, "api", "2026-11-23 09:00", "2026-11-23 11:00", "x")
    add(conn, clock, "audit", "2026-11-23 12:00", "2026-11-23 13:00", "x")
    add(conn, clock, "shared", "2026-11-23 14:00", "2026-11-23 14:30", "x")
    result = report(conn, "2026-11-23", "2026-11-29", by="tag")
    assert result.total.amounts == {"USD": 20000, "EUR": 9000, "GBP": 2500}
    assert result.lines[0].amounts == {"USD": 20000, "EUR": 9000, "GBP": 2500}
    by_client = {
        line.key: line.amounts
        for line in report(conn, "2026-11-23", "2026-11-29", by="client").lines
    }
    assert by_client == {"Acme": {"USD": 20000, "GBP": 2500}, "Globex": {"EUR": 9000}}


def test_non_billable_time_has_no_amount_and_billable_only_leaves_it_out(conn, clock):
    catalog.add_project(conn, clock, "acme", rate=Money(6000, "USD"))
    add(conn, clock, "acme", "2026-11-23 09:00", "2026-11-23 10:00")
    add(conn, clock, "acme", "2026-11-23 11:00", "2026-11-23 12:00", billable=False)
    everything = report(conn, "2026-11-23", "2026-11-29")
    assert (everything.total.seconds, everything.total.amounts) == (7200, {"USD": 6000})
    billable = report(conn, "2026-11-23", "2026-11-29", billable_only=True)
    assert (billable.total.seconds, billable.total.amounts) == (3600, {"USD": 6000})


def test_billable_time_without_any_rate_is_counted_as_unpriced(conn, clock):
    add(conn, clock, "acme", "2026-11-23 09:00", "2026-11-23 10:30")
    result = report(conn, "2026-11-23", "2026-11-29")
    assert result.total.amounts == {}
    assert result.unpriced_seconds == 5400


@pytest.mark.parametrize(
    ("seconds", "rate", "cents"),
    [(3600, 9500, 9500), (1, 10000, 3), (60, 3333, 56), (5400, 12345, 18518), (0, 9999, 0)],
)
def test_amount_cents_is_exact_half_up(seconds, rate, cents):
    assert reports.amount_cents(seconds, rate) == cents


# Cutting at working-day and week boundaries ------------------------------------------------------


def test_an_entry_across_midnight_counts_toward_each_day():
    pieces = reports.cut(
        [item("2026-11-23 22:00", "2026-11-24 01:30")],
        at("2026-11-23 00:00"),
        at("2026-11-30 00:00"),
        NOW,
        WorkingDays(NY),
    )
    assert [(p.day, p.seconds) for p in pieces] == [
        (date(2026, 11, 23), 7200),
        (date(2026, 11, 24), 5400),
    ]


def test_day_start_hour_keeps_a_late_night_on_its_working_day():
    days = WorkingDays(NY, hour=4)
    pieces = reports.cut(
        [
            item("2026-11-23 22:00", "2026-11-24 03:30"),
            item("2026-11-24 03:30", "2026-11-24 05:00"),
        ],
        at("2026-11-23 04:00"),
        at("2026-11-30 04:00"),
        NOW,
        days,
    )
    assert [(p.day, p.seconds) for p in pieces] == [
        (date(2026, 11, 23), 19800),
        (date(2026, 11, 23), 1800),
        (date(2026, 11, 24), 3600),
    ]


@pytest.mark.parametrize(
    ("day", "hour", "lengths"),
    [
        ("2026-11-01", 0, [24, 25, 24]),
        # From 2am on, the repeated hour (1-2am) belongs to the working day before.
        ("2026-11-01", 2, [25, 24, 24]),
        ("2026-11-01", 4, [25, 24, 24]),
        ("2026-03-08", 0, [24, 23, 24]),
        # 2am does not exist on 8 March: that working day begins when it would have (3am EDT).
        ("2026-03-08", 2, [24, 23, 24]),
        ("2026-03-08", 4, [23, 24, 24]),
        ("2026-11-10", 0, [24, 24, 24]),
        ("2026-11-10", 4, [24, 24, 24]),
    ],
)
def test_dst_days_have_their_real_length(day, hour, lengths):
    first = date.fromisoformat(day)
    period = periods.days(first - timedelta(days=1), first + timedelta(days=1), NY, "p", hour)
    start, end = int(period.since.timestamp()), int(period.until.timestamp())
    whole = Item(1, "p", None, "", (), start, end, True, None)
    pieces = reports.cut([whole], period.since, period.until, NOW, WorkingDays(NY, hour))
    assert [p.day for p in pieces] == [first - timedelta(days=1), first, first + timedelta(1)]
    assert [p.seconds / 3600 for p in pieces] == lengths
    assert sum(p.seconds for p in pieces) == end - start


def test_an_entry_across_the_week_boundary_counts_toward_each_week(conn, clock):
    add(conn, clock, "acme", "2026-11-22 23:00", "2026-11-23 01:00")  # Sun into Mon
    by_week = report(conn, "2026-11-16", "2026-11-29", by="week")
    assert [(line.key, line.seconds) for line in by_week.lines] == [
        ("2026-11-16", 3600),
        ("2026-11-23", 3600),
    ]
    this_week = report(conn, "2026-11-23", "2026-11-29")
    assert this_week.total.seconds == 3600


def test_week_start_sunday_moves_the_boundary(conn, clock):
    add(conn, clock, "acme", "2026-11-22 23:00", "2026-11-23 01:00")
    by_week = report(conn, "2026-11-15", "2026-11-28", by="week", week_start="sunday")
    assert [(line.key, line.seconds) for line in by_week.lines] == [("2026-11-22", 7200)]


def test_an_entry_that_started_long_before_the_period_is_counted_for_its_part(conn, clock):
    add(conn, clock, "marathon", "2026-11-10 09:00", "2026-11-23 10:00")  # 13 days
    add(conn, clock, "old", "2026-11-01 09:00", "2026-11-01 10:00")
    result = report(conn, "2026-11-23", "2026-11-29")
    assert [(line.key, line.seconds) for line in result.lines] == [("marathon", 10 * 3600)]


def test_the_running_timer_counts_up_to_now(conn, clock):
    timer.start_timer(conn, clock, project="acme", at=at("2026-11-24 23:00"))
    result = report(conn, "2026-11-25", "2026-11-25")
    assert result.total.seconds == int((NOW - at("2026-11-25 00:00")).total_seconds())
    assert result.running


def test_rounding_spreads_over_the_pieces_of_one_entry():
    rounding = Rounding(900, "up")
    pieces = reports.cut(
        [item("2026-11-23 23:50", "2026-11-24 00:10", rate=Money(6000, "USD"))],
        at("2026-11-23 00:00"),
        at("2026-11-30 00:00"),
        NOW,
        WorkingDays(NY),
        rounding,
    )
    assert [p.seconds for p in pieces] == [600, 600]
    assert sum(p.rounded for p in pieces) == 1800  # 20 minutes up to 30, once
    assert sum(p.cents or 0 for p in pieces) == 3000


# Totals ---------------------------------------------------------------------------------------


def test_unknown_filters_are_reported(conn, clock):
    with pytest.raises(NotFound, match="no project named 'nope'"):
        report(conn, "2026-11-23", "2026-11-29", project="nope")
    with pytest.raises(NotFound, match="no tag named 'nope'"):
        report(conn, "2026-11-23", "2026-11-29", tag="nope")
    with pytest.raises(InputError, match="cannot group by 'colour'"):
        report(conn, "2026-11-23", "2026-11-29", by="colour")


def test_filters_and_not_tag(conn, clock):
    catalog.add_client(conn, clock, "Acme", None)
    catalog.add_project(conn, clock, "api", client="Acme")
    add(conn, clock, "api", "2026-11-23 09:00", "2026-11-23 10:00", "call")
    add(conn, clock, "api", "2026-11-23 10:00", "2026-11-23 12:00", "review")
    add(conn, clock, "other", "2026-11-23 13:00", "2026-11-23 16:00", "call")
    week = ("2026-11-23", "2026-11-29")
    assert report(conn, *week, client="Acme").total.seconds == 3 * 3600
    assert report(conn, *week, not_tags=["call"]).total.seconds == 2 * 3600
    assert report(conn, *week, tag="call", not_tags=["review"]).total.seconds == 4 * 3600
    assert report(conn, *week, project="api", not_tags=["review"]).total.seconds == 3600


def test_not_tag_of_a_tag_nobody_used_leaves_out_nothing(conn, clock):
    add(conn, clock, "api", "2026-11-23 09:00", "2026-11-23 10:00", "call")
    add(conn, clock, "api", "2026-11-23 10:00", "2026-11-23 12:00")
    week = ("2026-11-23", "2026-11-29")
    assert report(conn, *week, not_tags=["never-used"]).total.seconds == 3 * 3600
    assert report(conn, *week, not_tags=["never-used", "call"]).total.seconds == 2 * 3600


def test_the_report_query_reads_a_time_range_by_the_start_index(conn):
    sql = (
        reports._ITEM_SELECT + "WHERE e.start_utc >= ? AND e.start_utc < ? AND "
        "COALESCE(e.end_utc, ?) > ?"
    )
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (0, 1, 2, 3)))
    assert "ix_time_entry_start_utc" in plan


def test_lookback_is_the_earliest_entry_under_way_or_the_running_timer(conn, clock):
    since = secs("2026-11-23 00:00")
    assert reports.lookback_start(conn, since) == since
    add(conn, clock, "a", "2026-11-01 09:00", "2026-11-01 19:00")  # long over by then
    add(conn, clock, "a", "2026-11-22 22:00", "2026-11-23 01:00")
    assert reports.lookback_start(conn, since) == secs("2026-11-22 22:00")
    add(conn, clock, "a", "2026-11-20 09:00", "2026-11-24 10:00")
    assert reports.lookback_start(conn, since) == secs("2026-11-20 09:00")
    timer.start_timer(conn, clock, project="a", at=at("2026-10-25 09:00"), allow_overlap=True)
    assert reports.lookback_start(conn, since) == secs("2026-10-25 09:00")


def test_lookback_walks_the_end_time_index(conn):
    sql = "SELECT MIN(start_utc + 0) FROM time_entry WHERE end_utc > ? AND start_utc + 0 < ?"
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (0, 0)))
    assert "ix_time_entry_end_utc" in plan


GROUPINGS_THAT_PARTITION = [g for g in reports.GROUPINGS if g != "tag"]

entries = st.lists(
    st.tuples(
        st.integers(0, 20 * 86400),  # start, seconds after 2026-10-25 00:00 local
        st.integers(1, 40 * 3600),  # length
        st.sampled_from(["api", "site", "audit", None]),
        st.lists(st.sampled_from(["call", "review", "deep"]), max_size=2, unique=True),
        st.sampled_from(["", "design", "meeting"]),
        st.booleans(),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=entries,
    hour=st.sampled_from([0, 4]),
    rounding=st.sampled_from([None, Rounding(360, "up"), Rounding(900, "nearest")]),
)
def test_totals_equal_the_sum_of_entries_for_every_grouping(rows, hour, rounding):
    base = int(datetime(2026, 10, 25, tzinfo=NY).timestamp())
    rate = Money(9500, "USD")
    items = [
        Item(i, project, None, text, tuple(tags), base + start, base + start + length, bill, rate)
        for i, (start, length, project, tags, text, bill) in enumerate(rows, start=1)
    ]
    period = periods.days(date(2026, 10, 27), date(2026, 11, 9), NY, "p", hour)
    pieces = reports.cut(items, period.since, period.until, NOW, WorkingDays(NY, hour), rounding)
    since, until = int(period.since.timestamp()), int(period.until.timestamp())
    expected = sum(
        max(0, min(i.end, until) - max(i.start, since))  # type: ignore[type-var]
        for i in items
    )
    totals = []
    for by in reports.GROUPINGS:
        lines, total = reports.group(pieces, by)
        assert total.seconds == expected
        totals.append((total.seconds, total.rounded, total.amounts))
        if by in GROUPINGS_THAT_PARTITION:
            assert sum(line.seconds for line in lines) == total.seconds
            assert sum(line.rounded for line in lines) == total.rounded
            assert sum(line.amounts.get("USD", 0) for line in lines) == total.amounts.get("USD", 0)
        else:
            assert all(line.seconds <= total.seconds for line in lines)
            assert sum(line.seconds for line in lines) >= total.seconds
    assert len(set(map(str, totals))) == 1  # the same total however it is grouped
    for piece in pieces:
        assert piece.seconds > 0 and piece.rounded >= 0
        assert period.first_day <= piece.day <= period.last_day
    if rounding is None:
        assert all(p.rounded == p.seconds for p in pieces)
    sheet = timesheet.timesheet(pieces, period.first_day)
    week_pieces = [p for p in pieces if p.day < period.first_day + timedelta(days=7)]
    assert sheet.total.seconds == sum(p.seconds for p in week_pieces)
    assert sum(c.seconds for c in sheet.columns) == sheet.total.seconds
    assert sum(r.total.seconds for r in sheet.rows) == sheet.total.seconds
    for row in sheet.rows:
        assert sum(c.seconds for c in row.days) == row.total.seconds


def test_timesheet_puts_projects_down_and_days_across():
    first = date(2026, 11, 23)
    items = [
        item("2026-11-23 09:00", "2026-11-23 10:00", project="api", client="Acme"),
        item("2026-11-24 23:00", "2026-11-25 01:00", id=2, project="api", client="Acme"),
        item("2026-11-29 09:00", "2026-11-29 09:30", id=3, project=None),
    ]
    pieces = reports.cut(
        items, at("2026-11-23 00:00"), at("2026-11-30 00:00"), NOW, WorkingDays(NY)
    )
    sheet = timesheet.timesheet(pieces, first)
    assert [row.label for row in sheet.rows] == ["api", "(no project)"]
    assert [c.seconds for c in sheet.rows[0].days] == [3600, 3600, 3600, 0, 0, 0, 0]
    assert [c.seconds for c in sheet.columns] == [3600, 3600, 3600, 0, 0, 0, 1800]
    assert sheet.total.seconds == 3 * 3600 + 1800


def test_hours_and_share_are_rounded_half_up():
    assert str(figures.hours(4200)) == "1.17"
    assert str(figures.hours(17)) == "0.00"
    assert str(figures.hours(18)) == "0.01"  # 0.005 h: halves go up
    assert str(figures.share(1, 3)) == "33.3"
    assert str(figures.share(0, 0)) == "0.0"
    assert figures.clock_text(3 * 3600 + 5 * 60 + 59) == "3:05"


def test_item_select_matches_the_schema(conn: sqlite3.Connection):
    conn.execute(reports._ITEM_SELECT + "LIMIT 0").fetchall()


# Numbers as shown add up ------------------------------------------------------------------------


@given(
    st.lists(st.integers(0, 50 * 3600), max_size=30),
    st.sampled_from([(60, False), (36, True)]),
)
def test_parts_shown_add_up_to_the_total_shown(parts, unit_mode):
    unit, nearest = unit_mode
    shown, total = figures.agreeing(parts, unit, nearest=nearest)
    assert sum(shown) == total
    exact = sum(parts)
    if unit == 60 and exact < 60:
        assert shown == parts
        return
    assert total == ((exact + unit // 2) // unit if nearest else exact // unit) * unit
    for part, as_shown in zip(parts, shown, strict=True):
        assert as_shown % unit == 0
        assert part // unit * unit <= as_shown <= part // unit * unit + unit


@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=30))
def test_shares_shown_add_up_to_a_hundred(parts):
    found = figures.shares(parts)
    if sum(parts) == 0:
        assert set(found) == {Decimal("0.0")}
        return
    assert sum(found) == 100
    for part, share in zip(parts, found, strict=True):
        assert abs(share - Decimal(part) * 100 / sum(parts)) < Decimal("0.1")
