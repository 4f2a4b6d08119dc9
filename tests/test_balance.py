"""Balance rules at their edges: exactly at a threshold, one minute over, across midnight,
across a DST change, and weeks that start on the configured day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from gigtool.balance.intervals import Interval, merge
from gigtool.balance.rules import RULES, Limits, evaluate, streak

NY = ZoneInfo("America/New_York")
LIMITS = Limits()


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=NY).astimezone(UTC)


def work(day: date, start: tuple[int, int], minutes: int) -> Interval:
    begin = at(day, *start)
    return Interval(begin, begin + timedelta(minutes=minutes))


def rules(intervals, first: date, last: date | None = None, *, limits=LIMITS, now=None):
    last = last or first
    now = now or at(last + timedelta(days=1), 12)
    _, found = evaluate(intervals, now=now, zone=NY, limits=limits, first_day=first, last_day=last)
    return {(f.rule, f.level, f.day) for f in found}


WED = date(2026, 11, 25)
MON = date(2026, 11, 23)
SAT = date(2026, 11, 28)
THU = date(2026, 11, 26)


def split_day(day: date, total_minutes: int) -> list[Interval]:
    """A working day with a 30-minute lunch, so only the day rule can trip."""
    first = min(total_minutes, 240)
    parts = [work(day, (8, 0), first)]
    if total_minutes > first:
        parts.append(work(day, (12, 30), total_minutes - first))
    return parts


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (8 * 60, set()),  # exactly at the warning: fine
        (8 * 60 + 1, {("day", "warn", WED)}),  # one minute over
        (10 * 60, {("day", "warn", WED)}),  # exactly at the most
        (10 * 60 + 1, {("day", "alert", WED)}),
    ],
)
def test_day_rule_edges(minutes: int, expected: set) -> None:
    found = {r for r in rules(split_day(WED, minutes), WED) if r[0] == "day"}
    assert found == expected


def test_day_counts_each_side_of_midnight_toward_its_own_day() -> None:
    # 20:00 to 02:00: 4 h on Wednesday, 2 h on Thursday, and late-night work.
    late = work(WED, (20, 0), 6 * 60)
    stats, _ = evaluate([late], now=at(WED, 23), zone=NY, limits=LIMITS, first_day=WED,
                        last_day=WED + timedelta(days=1))
    assert stats[WED].seconds == 4 * 3600
    assert stats[WED + timedelta(days=1)].seconds == 2 * 3600
    assert stats[WED].late_seconds == 4 * 3600  # 22:00–02:00 belongs to Wednesday's night
    assert ("late", "alert", WED) in rules([late], WED, WED + timedelta(days=1))


def test_overlapping_entries_are_not_counted_twice() -> None:
    a = work(WED, (9, 0), 5 * 60)
    b = work(WED, (10, 0), 5 * 60)  # overlaps a by 4 h
    stats, _ = evaluate([a, b], now=at(WED, 20), zone=NY, limits=LIMITS, first_day=WED,
                        last_day=WED)
    assert stats[WED].seconds == 6 * 3600


def test_dst_day_counts_real_hours() -> None:
    spring = date(2026, 3, 8)  # clocks jump 02:00 → 03:00 in New York
    entry = Interval(at(spring, 0), at(spring, 11))  # 00:00–11:00 local is 10 real hours
    stats, _ = evaluate([entry], now=at(spring, 12), zone=NY, limits=LIMITS, first_day=spring,
                        last_day=spring)
    assert stats[spring].seconds == 10 * 3600
    assert ("day", "warn", spring) in rules([entry], spring, now=at(spring, 12))
    assert ("day", "alert", spring) not in rules([entry], spring, now=at(spring, 12))


def week_of_days(first: date, days: int, minutes_each: int) -> list[Interval]:
    out = []
    for i in range(days):
        out += split_day(first + timedelta(days=i), minutes_each)
    return out


@pytest.mark.parametrize(
    ("minutes_each", "level"),
    [(8 * 60, None), (8 * 60 + 1, "warn"), (9 * 60 + 36, "warn"), (9 * 60 + 37, "alert")],
)
def test_week_rule_edges(minutes_each: int, level: str | None) -> None:
    # Five days Monday to Friday: 40 h is the edge of the warning, 48 h of the alert.
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600)
    found = rules(week_of_days(MON, 5, minutes_each), MON, MON + timedelta(days=6), limits=limits)
    weeks = {r for r in found if r[0] == "week"}
    assert weeks == (set() if level is None else {("week", level, MON + timedelta(days=6))})


def test_fifty_five_hour_week_is_said_plainly() -> None:
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600)
    _, found = evaluate(week_of_days(MON, 5, 11 * 60), now=at(MON + timedelta(days=7), 9),
                        zone=NY, limits=limits, first_day=MON, last_day=MON + timedelta(days=6))
    week = [f for f in found if f.rule == "week"]
    assert week and "harm health" in week[0].message and week[0].level == "alert"


def test_week_follows_the_configured_start_day() -> None:
    # 42 h from Sunday to Thursday: one week when weeks start on Sunday, split otherwise.
    sun = date(2026, 11, 22)
    entries = week_of_days(sun, 5, 8 * 60 + 24)
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600)
    sunday_weeks = rules(entries, sun, sun + timedelta(days=6),
                         limits=Limits(**{**limits.__dict__, "week_start": 6}))
    monday_weeks = rules(entries, sun, sun + timedelta(days=6), limits=limits)
    assert any(r[0] == "week" for r in sunday_weeks)
    assert not any(r[0] == "week" for r in monday_weeks)


def test_average_over_four_weeks() -> None:
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600, week_max=99 * 3600,
                    week_warn=99 * 3600, week_extreme=99 * 3600)
    first = MON - timedelta(days=21)
    heavy = week_of_days(first, 26, 8 * 60)  # 26 days × 8 h = 208 h: 52 h a week
    light = week_of_days(first, 24, 8 * 60)  # 192 h: exactly 48 h a week
    last = first + timedelta(days=27)
    assert ("average", "alert", last) in rules(heavy, first, last, limits=limits)
    assert not any(r[0] == "average" for r in rules(light, first, last, limits=limits))


@pytest.mark.parametrize(
    ("rest_hours", "level"),
    [(11, "warn"), (10.98, "alert"), (12, None)],
)
def test_rest_between_days(rest_hours: float, level: str | None) -> None:
    tue = MON + timedelta(days=1)
    evening = work(MON, (14, 0), 6 * 60)  # ends 20:00
    start = at(MON, 20) + timedelta(hours=rest_hours)
    morning = Interval(start, start + timedelta(hours=4))
    found = {r for r in rules([evening, morning], MON, tue) if r[0] == "rest"}
    assert found == (set() if level is None else {("rest", level, tue)})


def test_weekly_rest_needs_35_free_hours_in_seven_days() -> None:
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600, week_warn=99 * 3600,
                    week_max=99 * 3600, week_extreme=99 * 3600, rest_min=0, rest_warn=0)
    every_day = week_of_days(MON, 7, 4 * 60)  # work each day: never 35 h off
    with_weekend = week_of_days(MON, 5, 4 * 60)  # Saturday and Sunday off
    sun = MON + timedelta(days=6)
    assert ("weekly-rest", "alert", sun) in rules(every_day, MON, sun, limits=limits)
    assert not any(r[0] == "weekly-rest" for r in rules(with_weekend, MON, sun, limits=limits))


@pytest.mark.parametrize(
    ("minutes", "level"), [(0, None), (1, "warn"), (4 * 60, "warn"), (4 * 60 + 1, "alert")]
)
def test_weekend_rule(minutes: int, level: str | None) -> None:
    entries = [work(SAT, (10, 0), minutes)] if minutes else []
    found = {r for r in rules(entries, SAT) if r[0] == "weekend"}
    assert found == (set() if level is None else {("weekend", level, SAT)})


def test_weekend_follows_configured_days_off() -> None:
    limits = Limits(days_off=frozenset({2}))  # Wednesdays off; weekends are work days
    assert ("weekend", "warn", WED) in rules([work(WED, (10, 0), 60)], WED, limits=limits)
    assert not any(r[0] == "weekend" for r in rules([work(SAT, (10, 0), 60)], SAT, limits=limits))


@pytest.mark.parametrize(
    ("start", "minutes", "level"),
    [
        ((20, 0), 120, None),  # ends exactly at 22:00
        ((20, 0), 121, "warn"),  # one minute into the night
        ((21, 0), 120, "warn"),  # an hour late: at the alert edge
        ((21, 0), 121, "alert"),
        ((4, 59), 10, "warn"),  # early morning belongs to the previous night
    ],
)
def test_late_rule(start: tuple[int, int], minutes: int, level: str | None) -> None:
    entry = work(WED, start, minutes)
    night = WED if start[0] >= 12 else WED - timedelta(days=1)
    found = {r for r in rules([entry], WED - timedelta(days=1), WED) if r[0] == "late"}
    assert found == (set() if level is None else {("late", level, night)})


def test_break_alert_after_six_hours_without_a_fifteen_minute_gap() -> None:
    short_pause = [work(WED, (8, 0), 200), work(WED, (11, 30), 200)]  # 10-minute pause
    real_break = [work(WED, (8, 0), 200), work(WED, (11, 35), 200)]  # 15-minute pause
    exactly_six = [work(WED, (8, 0), 360)]
    assert ("break", "alert", WED) in rules(short_pause, WED)
    assert not any(r[0] == "break" for r in rules(real_break, WED))
    assert not any(r[0] == "break" for r in rules(exactly_six, WED))
    assert ("break", "alert", WED) in rules([work(WED, (8, 0), 361)], WED)


def test_break_nudge_is_live_after_ninety_minutes() -> None:
    start = at(WED, 9)
    running = Interval(start, start + timedelta(minutes=91), 7, True)
    now = start + timedelta(minutes=91)
    assert ("break", "warn", WED) in rules([running], WED, now=now)
    just = Interval(start, start + timedelta(minutes=90), 7, True)
    assert not any(r[0] == "break" for r in rules([just], WED, now=start + timedelta(minutes=90)))


def test_meal_rule_needs_work_on_both_sides() -> None:
    through = [work(WED, (9, 0), 5 * 60)]  # 09:00–14:00 through lunch
    lunch_only = [work(WED, (12, 0), 60)]  # just the window itself
    with_lunch = [work(WED, (9, 0), 180), work(WED, (13, 0), 60)]
    assert ("meal", "warn", WED) in rules(through, WED)
    assert not any(r[0] == "meal" for r in rules(lunch_only, WED))
    assert not any(r[0] == "meal" for r in rules(with_lunch, WED))


def test_meal_skipped_three_days_running_is_an_alert() -> None:
    days = [MON + timedelta(days=i) for i in range(3)]
    entries = [work(d, (9, 0), 5 * 60) for d in days]
    found = rules(entries, days[0], days[-1])
    assert ("meal", "warn", days[0]) in found
    assert ("meal", "alert", days[2]) in found


def test_runaway_timer_names_the_fix() -> None:
    start = at(WED, 8)
    now = start + timedelta(hours=10, minutes=1)
    runaway = Interval(start, now, 12, True)
    _, found = evaluate([runaway], now=now, zone=NY, limits=LIMITS, first_day=WED, last_day=WED)
    alert = [f for f in found if f.rule == "runaway"]
    assert alert and "gig log stop --at" in alert[0].message and "#12" in alert[0].message
    calm = Interval(start, start + timedelta(hours=10), 12, True)
    _, found = evaluate([calm], now=start + timedelta(hours=10), zone=NY, limits=LIMITS,
                        first_day=WED, last_day=WED)
    assert not any(f.rule == "runaway" for f in found)


def test_runaway_timer_offers_the_last_sighting_never_an_invented_end() -> None:
    start = at(WED, 8)
    now = start + timedelta(hours=26)
    runaway = Interval(start, now, 12, True)
    seen = at(WED, 17) + timedelta(minutes=42)
    _, found = evaluate([runaway], now=now, zone=NY, limits=LIMITS, first_day=WED,
                        last_day=WED + timedelta(days=1), last_seen=seen)
    (alert,) = [f.message for f in found if f.rule == "runaway"]
    assert 'gig log stop --at "2026-11-25 17:42"' in alert
    _, found = evaluate([runaway], now=now, zone=NY, limits=LIMITS, first_day=WED,
                        last_day=WED + timedelta(days=1))
    (alert,) = [f.message for f in found if f.rule == "runaway"]
    assert "gig log stop --at TIME" in alert and "16:00" not in alert and "18:00" not in alert


def test_switched_off_rules_stay_quiet() -> None:
    limits = Limits(off=frozenset({"weekend"}))
    assert not any(r[0] == "weekend" for r in rules([work(SAT, (10, 0), 60)], SAT, limits=limits))


def test_streak_counts_days_without_an_alert() -> None:
    entries = split_day(MON, 11 * 60) + split_day(MON + timedelta(days=1), 7 * 60)
    entries += split_day(WED, 7 * 60)
    stats, _ = evaluate(entries, now=at(WED, 20), zone=NY, limits=LIMITS, first_day=MON,
                        last_day=WED)
    assert streak(stats, WED) == 2


def test_merge_joins_short_pauses_only() -> None:
    a, b = work(WED, (9, 0), 60), work(WED, (10, 14), 60)
    c = work(WED, (11, 30), 30)
    merged = merge([a, b, c], gap=15 * 60)
    assert [(m.start, m.end) for m in merged] == [(a.start, b.end), (c.start, c.end)]


# More edges: DST in both directions, plain statements, and days split at midnight.

FALL = date(2026, 11, 1)  # clocks go back 02:00 → 01:00 in New York: a 25-hour day
SPRING = date(2026, 3, 8)  # clocks jump 02:00 → 03:00: a 23-hour day


def test_the_long_autumn_day_counts_its_extra_hour() -> None:
    entry = Interval(at(FALL, 0), at(FALL, 10))  # 00:00–10:00 on the clock, 11 real hours
    stats, _ = evaluate([entry], now=at(FALL, 12), zone=NY, limits=LIMITS, first_day=FALL,
                        last_day=FALL)
    assert stats[FALL].seconds == 11 * 3600
    assert ("day", "alert", FALL) in rules([entry], FALL, now=at(FALL, 12))


@pytest.mark.parametrize(
    ("day", "evening_end", "morning_start", "level"),
    [
        # 20:00 EDT to 06:00 EST is 11 real hours though the clock says 10: at the edge.
        (FALL, (20, 0), (6, 0), "warn"),
        (FALL, (20, 0), (5, 59), "alert"),
        # 20:00 EST to 08:00 EDT is 11 real hours though the clock says 12.
        (SPRING, (20, 0), (8, 0), "warn"),
        (SPRING, (20, 0), (9, 0), None),
    ],
)
def test_rest_across_a_dst_change_is_real_hours(day, evening_end, morning_start, level) -> None:
    saturday = day - timedelta(days=1)
    evening = Interval(at(saturday, evening_end[0] - 4, evening_end[1]), at(saturday, *evening_end))
    morning = Interval(at(day, *morning_start), at(day, 11))
    limits = Limits(days_off=frozenset(), late_window=(LIMITS.late_window[0], time(1)))
    found = {r for r in rules([evening, morning], saturday, day, limits=limits) if r[0] == "rest"}
    assert found == (set() if level is None else {("rest", level, day)})


def test_late_night_across_the_autumn_change() -> None:
    # 23:00 EDT Saturday to 01:30 EST Sunday: three and a half real hours of night work.
    night = Interval(at(FALL - timedelta(days=1), 23), at(FALL, 1, 30) + timedelta(hours=1))
    stats, _ = evaluate([night], now=at(FALL, 12), zone=NY, limits=LIMITS,
                        first_day=FALL - timedelta(days=1), last_day=FALL)
    assert stats[FALL - timedelta(days=1)].late_seconds == int(3.5 * 3600)


@pytest.mark.parametrize(("minutes_after", "tripped"), [(0, False), (1, True)])
def test_runaway_across_the_spring_change(minutes_after: int, tripped: bool) -> None:
    # Started at midnight; at 11:00 EDT it has run 10 real hours (the clock says 11).
    start = at(SPRING, 0)
    now = at(SPRING, 11) + timedelta(minutes=minutes_after)
    _, found = evaluate([Interval(start, now, 3, True)], now=now, zone=NY, limits=LIMITS,
                        first_day=SPRING, last_day=SPRING)
    assert any(f.rule == "runaway" for f in found) is tripped


def test_week_across_the_autumn_change_counts_real_hours() -> None:
    # Mon 26 Oct to Fri 30 Oct, 8 h a day, then 00:00–08:00 on the long Sunday: 49 real hours.
    monday = FALL - timedelta(days=6)
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600)
    entries = week_of_days(monday, 5, 8 * 60) + [Interval(at(FALL, 0), at(FALL, 8))]
    found = rules(entries, monday, FALL, limits=limits)
    assert ("week", "alert", FALL) in found


@pytest.mark.parametrize(("minutes_each", "plain"), [(11 * 60 - 1, False), (11 * 60, True)])
def test_fifty_five_hours_said_plainly_from_exactly_55(minutes_each: int, plain: bool) -> None:
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600)
    _, found = evaluate(week_of_days(MON, 5, minutes_each), now=at(MON + timedelta(days=7), 9),
                        zone=NY, limits=limits, first_day=MON, last_day=MON + timedelta(days=6))
    week = [f for f in found if f.rule == "week"]
    assert len(week) == 1 and week[0].level == "alert"
    assert ("harm health" in week[0].message) is plain


def test_average_one_minute_a_week_over_48_hours_alerts() -> None:
    limits = Limits(day_warn=24 * 3600, day_max=24 * 3600, week_max=99 * 3600,
                    week_warn=99 * 3600, week_extreme=99 * 3600)
    first = MON - timedelta(days=21)
    last = first + timedelta(days=27)
    entries = week_of_days(first, 24, 8 * 60) + [work(last, (8, 0), 4)]  # 192 h + 4 minutes
    assert ("average", "alert", last) in rules(entries, first, last, limits=limits)


@pytest.mark.parametrize(("sunday_start", "tripped"), [((4, 0), False), ((3, 59), True)])
def test_weekly_rest_at_exactly_35_hours(sunday_start: tuple[int, int], tripped: bool) -> None:
    # Work every weekday 9–17, nothing Saturday, an hour early Sunday: Friday 17:00 to
    # Sunday 04:00 is exactly 35 h off.
    limits = Limits(rest_min=1, rest_warn=1, days_off=frozenset(), late_window=(time(22), time(1)))
    sun = MON + timedelta(days=6)
    entries = [work(MON + timedelta(days=i), (9, 0), 8 * 60) for i in range(5)]
    entries.append(work(sun, sunday_start, 60))
    found = rules(entries, MON, sun, limits=limits, now=at(sun + timedelta(days=1), 0))
    assert (("weekly-rest", "alert", sun) in found) is tripped


@pytest.mark.parametrize(
    ("lunch_start", "lunch_minutes", "level"),
    [((12, 20), 14, "warn"), ((12, 20), 15, None), ((11, 45), 15, "warn")],  # a break before noon is not lunch
)
def test_meal_needs_a_real_pause_in_the_window(lunch_start, lunch_minutes, level) -> None:
    morning = Interval(at(WED, 9), at(WED, *lunch_start))
    back = at(WED, *lunch_start) + timedelta(minutes=lunch_minutes)
    entries = [morning, Interval(back, at(WED, 16))]
    found = {r for r in rules(entries, WED) if r[0] == "meal"}
    assert found == (set() if level is None else {("meal", level, WED)})


def test_configured_meal_and_late_windows_are_used() -> None:
    limits = Limits(meal_window=(time(13), time(14)), late_window=(time(21), time(6)))
    entries = [work(WED, (9, 0), 3 * 60), work(WED, (12, 30), 3 * 60), work(WED, (20, 30), 60)]
    found = rules(entries, WED, limits=limits)
    assert ("meal", "warn", WED) in found  # 12:30–15:30 runs through 13:00–14:00
    assert ("late", "warn", WED) in found  # 21:00–21:30 is late with a 21:00 window
    assert not any(r[0] in ("meal", "late") for r in rules(entries, WED))


def test_rest_is_not_a_pause_at_midnight() -> None:
    # 20:00–23:55, then 00:00–01:00 after five minutes: the night's rest has not begun.
    thu = WED + timedelta(days=1)
    evening = [work(WED, (20, 0), 235), work(thu, (0, 0), 60)]
    stats, found = evaluate(evening, now=at(thu, 2), zone=NY, limits=LIMITS, first_day=WED,
                            last_day=thu)
    assert stats[thu].rest_before is None and not any(f.rule == "rest" for f in found)
    # Back at 08:00: seven hours of rest since 01:00, whatever happened at midnight.
    found = rules([*evening, work(thu, (8, 0), 60)], WED, thu)
    assert ("rest", "alert", thu) in found
    stats, _ = evaluate([*evening, work(thu, (8, 0), 60)], now=at(thu, 12), zone=NY,
                        limits=LIMITS, first_day=WED, last_day=thu)
    assert stats[thu].rest_before == 7 * 3600


def test_an_early_hour_before_the_day_shortens_the_rest() -> None:
    # Tuesday to 20:00, Wednesday 02:00–03:00 then 09:00: never 11 hours in a row.
    entries = [work(WED - timedelta(days=1), (12, 0), 8 * 60), work(WED, (2, 0), 60),
               work(WED, (9, 0), 4 * 60)]
    assert ("rest", "alert", WED) in rules(entries, WED - timedelta(days=1), WED)


def test_break_runs_across_midnight() -> None:
    thu = WED + timedelta(days=1)
    night = work(WED, (20, 0), 6 * 60 + 1)  # 20:00–02:01 without a pause
    assert ("break", "alert", WED) in rules([night], WED, thu)
    # Still running at 02:01 Thursday: today's concern too, while it happens.
    now = at(thu, 2, 1)
    running = Interval(at(WED, 20), now, 5, True)
    _, found = evaluate([running], now=now, zone=NY, limits=LIMITS, first_day=WED, last_day=thu)
    assert any(f.rule == "break" and f.level == "alert" and f.day == thu for f in found)


def test_breaks_are_counted_per_day() -> None:
    entries = [work(WED, (9, 0), 120), work(WED, (11, 10), 50), work(WED, (12, 30), 120)]
    stats, _ = evaluate(entries, now=at(WED, 20), zone=NY, limits=LIMITS, first_day=WED,
                        last_day=WED)
    assert stats[WED].breaks == 1  # the 10-minute pause is no break; the 30-minute one is


def test_streak_starts_on_the_first_day_tracked() -> None:
    stats, _ = evaluate(split_day(WED, 4 * 60), now=at(WED, 20), zone=NY, limits=LIMITS,
                        first_day=WED - timedelta(days=10), last_day=WED)
    assert streak(stats, WED) == 1
    empty, _ = evaluate([], now=at(WED, 20), zone=NY, limits=LIMITS, first_day=MON, last_day=WED)
    assert streak(empty, WED) == 0


def test_no_rest_figure_before_the_first_day_ever_tracked() -> None:
    stats, found = evaluate(split_day(WED, 6 * 60), now=at(WED, 20), zone=NY, limits=LIMITS,
                            first_day=WED, last_day=WED)
    assert stats[WED].rest_before is None and not any(f.rule == "rest" for f in found)


def every_rule_tripped() -> tuple[list[Interval], date, datetime]:
    """Four weeks of 06:00–20:00 every day, and today's timer left running into the night."""
    last = SAT
    first = last - timedelta(days=27)
    entries = [work(first + timedelta(days=i), (6, 0), 14 * 60) for i in range(27)]
    now = at(last, 23, 30)
    entries.append(Interval(at(last, 6), now, 99, True))
    return entries, last, now


NINE_TO_FIVE = (time(9), time(17))


def test_every_rule_trips_in_a_bad_month() -> None:
    entries, last, now = every_rule_tripped()
    _, found = evaluate(entries, now=now, zone=NY, limits=Limits(work_hours=NINE_TO_FIVE),
                        first_day=last - timedelta(days=6), last_day=last)
    assert {f.rule for f in found} == set(RULES)


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_can_be_switched_off(rule: str) -> None:
    entries, last, now = every_rule_tripped()
    limits = Limits(off=frozenset({rule}), work_hours=NINE_TO_FIVE)
    _, found = evaluate(entries, now=now, zone=NY, limits=limits,
                        first_day=last - timedelta(days=6), last_day=last)
    assert {f.rule for f in found} == set(RULES) - {rule}


@pytest.mark.parametrize(
    ("start", "minutes", "outside", "warned"),
    [
        ((9, 0), 8 * 60 + 30, 30 * 60, False),  # 08:30-17:30: exactly the 30m allowed
        ((8, 29), 8 * 60 + 31, 31 * 60, True),  # one minute over
        ((10, 0), 6 * 60, 0, False),
        ((16, 0), 9 * 60, 7 * 3600, True),  # 16:00 to 01:00: the hour past midnight is Thursday's
    ],
)
def test_hours_outside_the_schedule(start, minutes, outside, warned) -> None:
    limits = Limits(work_hours=NINE_TO_FIVE)
    stats, found = evaluate([work(WED, start, minutes)], now=at(THU, 12), zone=NY, limits=limits,
                            first_day=WED, last_day=WED)
    assert stats[WED].outside_seconds == outside
    assert any(f.rule == "hours" for f in found) == warned


def test_hours_do_not_count_on_a_day_off_or_without_a_schedule() -> None:
    sat = work(SAT, (7, 0), 3 * 60)
    stats, found = evaluate([sat], now=at(SAT, 20), zone=NY, limits=Limits(work_hours=NINE_TO_FIVE),
                            first_day=SAT, last_day=SAT)
    assert stats[SAT].outside_seconds == 0 and not any(f.rule == "hours" for f in found)
    stats, found = evaluate([work(WED, (6, 0), 60)], now=at(WED, 20), zone=NY, limits=LIMITS,
                            first_day=WED, last_day=WED)
    assert stats[WED].outside_seconds == 0 and not any(f.rule == "hours" for f in found)


def test_hours_across_the_end_of_dst() -> None:
    # Sun 1 Nov 2026 is a day off by default; make it a working day. 00:00-10:00 local is
    # 11 real hours (the 1-2am hour happens twice); 9-10 is inside, 10 hours outside.
    sunday = date(2026, 11, 1)
    limits = Limits(work_hours=NINE_TO_FIVE, days_off=frozenset())
    entry = Interval(datetime(2026, 11, 1, 0, tzinfo=NY).astimezone(UTC),
                     datetime(2026, 11, 1, 10, tzinfo=NY).astimezone(UTC))
    stats, _ = evaluate([entry], now=at(sunday, 20), zone=NY, limits=limits,
                        first_day=sunday, last_day=sunday)
    assert stats[sunday].seconds == 11 * 3600
    assert stats[sunday].outside_seconds == 10 * 3600
