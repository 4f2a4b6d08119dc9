"""Work-life balance rules, computed from the time actually tracked.

Pure logic over work intervals: no printing, no typer. Defaults come from
published guidance written for employees (the EU Working Time Directive,
Germany's Working Hours Act, WHO/ILO); gig shows them as sourced defaults,
never as compliance checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from gigtool.balance.intervals import Interval, day_of, local_start, merge, overlap, window_on

RULES = (
    "day",
    "week",
    "average",
    "rest",
    "weekly-rest",
    "weekend",
    "late",
    "hours",
    "break",
    "meal",
    "runaway",
)

SOURCES = {
    "day": "Germany's Working Hours Act (ArbZG §3): 8 h a day, 10 h at most",
    "week": "EU Working Time Directive 2003/88/EC art. 6 (48 h); WHO/ILO 2021 on 55 h weeks",
    "average": "EU Working Time Directive 2003/88/EC art. 6: 48 h averaged over weeks",
    "rest": "EU Working Time Directive 2003/88/EC art. 3: 11 h daily rest",
    "weekly-rest": "EU Working Time Directive 2003/88/EC art. 5: 24 h + 11 h weekly rest",
    "weekend": "your days off (balance.days-off)",
    "late": "night work as the EU Working Time Directive art. 2 counts it (around midnight–5:00)",
    "hours": "your working hours (balance.work-hours)",
    "break": "Germany's Working Hours Act (ArbZG §4): breaks once work passes 6 h",
    "meal": "your meal window (balance.meal-window)",
    "runaway": "Toggl Track's reminder for long-running timers",
}

Add = Callable[[str, str, date, str], None]


@dataclass(frozen=True)
class Limits:
    day_warn: int = 8 * 3600
    day_max: int = 10 * 3600
    week_warn: int = 40 * 3600
    week_max: int = 48 * 3600
    week_extreme: int = 55 * 3600
    average_max: int = 48 * 3600
    rest_min: int = 11 * 3600
    rest_warn: int = 12 * 3600
    weekly_rest: int = 35 * 3600
    days_off: frozenset[int] = frozenset({5, 6})
    weekend_max: int = 4 * 3600
    late_window: tuple[time, time] = (time(22), time(5))
    late_max: int = 3600
    work_hours: tuple[time, time] | None = None  # the schedule; None: no set hours
    outside_max: int = 30 * 60
    break_nudge: int = 90 * 60
    break_max: int = 6 * 3600
    break_gap: int = 15 * 60
    meal_window: tuple[time, time] = (time(12), time(13))
    runaway: int = 10 * 3600
    off: frozenset[str] = frozenset()
    week_start: int = 0
    day_start_hour: int = 0


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str  # "warn" or "alert"
    day: date
    message: str

    @property
    def source(self) -> str:
        return SOURCES[self.rule]


@dataclass
class DayStats:
    day: date
    seconds: int = 0
    late_seconds: int = 0
    outside_seconds: int = 0  # on a working day, outside the working hours
    longest_stretch: int = 0
    breaks: int = 0  # pauses of at least the break gap within the day's work
    rest_before: int | None = None  # the longest work-free gap ending when this day's work began
    first_start: datetime | None = None
    last_end: datetime | None = None
    findings: list[Finding] = field(default_factory=list)


# The rules


def evaluate(
    intervals: list[Interval],
    *,
    now: datetime,
    zone: tzinfo,
    limits: Limits,
    first_day: date,
    last_day: date,
    last_seen: datetime | None = None,
) -> tuple[dict[date, DayStats], list[Finding]]:
    """Per-day figures for [first_day, last_day] and every rule tripped in it.

    `last_seen` is when the user last ran gig while the timer was running: the end a
    runaway timer's alert offers, as the last moment gig knows the timer was in use."""
    from gigtool.tracking.timelang import format_duration as fd

    work = merge(intervals)
    stretches = merge(intervals, gap=limits.break_gap)
    hour = limits.day_start_hour
    stats: dict[date, DayStats] = {}
    day = first_day
    while day <= last_day:
        start, end = local_start(day, zone, hour), local_start(day + timedelta(days=1), zone, hour)
        st = DayStats(day)
        for iv in work:
            part = overlap(iv, start, end)
            if part:
                st.seconds += part
        late_start, late_end = window_on(day, limits.late_window, zone)
        st.late_seconds = sum(overlap(iv, late_start, late_end) for iv in work)
        if limits.work_hours and day.weekday() not in limits.days_off:
            from_, to = window_on(day, limits.work_hours, zone)
            st.outside_seconds = st.seconds - sum(overlap(iv, from_, to) for iv in work)
        starting = [iv for iv in work if start <= iv.start < end]
        if starting:
            st.first_start = starting[0].start
            st.last_end = max(iv.end for iv in starting)
        st.longest_stretch = max(
            (int((s.end - s.start).total_seconds()) for s in stretches if start <= s.start < end),
            default=0,
        )
        st.breaks = max(0, sum(1 for s in stretches if s.end > start and s.start < end) - 1)
        st.rest_before = _rest_gap(stretches, start, end)
        stats[day] = st
        day += timedelta(days=1)

    found: list[Finding] = []

    def add(rule: str, level: str, on: date, message: str) -> None:
        if rule not in limits.off:
            finding = Finding(rule, level, on, message)
            found.append(finding)
            if on in stats:
                stats[on].findings.append(finding)

    for day, st in stats.items():
        label = f"{day:%a %d %b}"
        if st.seconds > limits.day_max:
            add(
                "day",
                "alert",
                day,
                f"{fd(st.seconds)} worked {label}, past the {fd(limits.day_max)} most",
            )
        elif st.seconds > limits.day_warn:
            add("day", "warn", day, f"{fd(st.seconds)} worked {label}, past {fd(limits.day_warn)}")
        if day.weekday() in limits.days_off and st.seconds > 0:
            level = "alert" if st.seconds > limits.weekend_max else "warn"
            add("weekend", level, day, f"{fd(st.seconds)} worked on {label}, a day off")
        if st.late_seconds > 0:
            level = "alert" if st.late_seconds > limits.late_max else "warn"
            first, last = limits.late_window
            add(
                "late",
                level,
                day,
                f"{fd(st.late_seconds)} worked late ({first:%H:%M}–{last:%H:%M}) "
                f"the night of {label}",
            )
        if limits.work_hours and st.outside_seconds > limits.outside_max:
            first, last = limits.work_hours
            add(
                "hours",
                "warn",
                day,
                f"{fd(st.outside_seconds)} worked outside your hours "
                f"({first:%H:%M}–{last:%H:%M}) on {label}",
            )
        if st.longest_stretch > limits.break_max:
            add(
                "break",
                "alert",
                day,
                f"{fd(st.longest_stretch)} without a {fd(limits.break_gap)} break on {label}",
            )
        _rest(day, stats, limits, add)
        _meal(day, st, stretches, work, zone, limits, add, stats)

    _weeks(stats, work, zone, limits, now, add)
    if last_day >= day_of(now, zone, hour):
        _live(intervals, stretches, now, zone, limits, add, last_seen)
    return stats, found


def _rest_gap(stretches: list[Interval], start: datetime, end: datetime) -> int | None:
    """The longest work-free gap ending with a stretch of work that starts in [start, end).

    That is the night's rest before the day, however the work around midnight was
    split into entries: the gap from 01:00 to 08:00 is the rest, not a pause at
    00:00 (pauses shorter than a break do not split a stretch). None when no
    stretch starts that day, or no work came before it.
    """
    longest: int | None = None
    for i, after in enumerate(stretches):
        if start <= after.start < end:
            if i == 0:
                return None  # nothing tracked before it: rested as long as we know
            gap = int((after.start - stretches[i - 1].end).total_seconds())
            longest = gap if longest is None else max(longest, gap)
    return longest


def _rest(day: date, stats: dict[date, DayStats], limits: Limits, add: Add) -> None:
    from gigtool.tracking.timelang import format_duration as fd

    rest = stats[day].rest_before
    if rest is None:
        return
    if rest < limits.rest_min:
        add("rest", "alert", day, f"only {fd(max(rest, 0))} of rest before {day:%a %d %b}")
    elif rest < limits.rest_warn:
        add("rest", "warn", day, f"{fd(rest)} of rest before {day:%a %d %b}")


def _meal(
    day: date,
    st: DayStats,
    stretches: list[Interval],
    work: list[Interval],
    zone: tzinfo,
    limits: Limits,
    add: Add,
    stats: dict[date, DayStats],
) -> None:
    start, end = window_on(day, limits.meal_window, zone)
    day_begin = local_start(day, zone, limits.day_start_hour)
    day_end = local_start(day + timedelta(days=1), zone, limits.day_start_hour)
    through = any(s.start <= start and s.end >= end for s in stretches)
    before = any(iv.start < start and iv.end > day_begin for iv in work)
    after = any(iv.end > end and iv.start < day_end for iv in work)
    if not (through and before and after):
        return
    earlier = sum(
        1
        for back in range(1, 7)
        if (prior := stats.get(day - timedelta(days=back))) is not None
        and any(f.rule == "meal" for f in prior.findings)
    )
    first, last = limits.meal_window
    message = f"worked through {first:%H:%M}–{last:%H:%M} on {day:%a %d %b}"
    if earlier >= 2:
        add("meal", "alert", day, f"{message}, {earlier + 1} days in a week")
    else:
        add("meal", "warn", day, message)


def _weeks(
    stats: dict[date, DayStats],
    work: list[Interval],
    zone: tzinfo,
    limits: Limits,
    now: datetime,
    add: Add,
) -> None:
    from gigtool.tracking.timelang import format_duration as fd

    days = sorted(stats)
    if not days:
        return
    hour = limits.day_start_hour
    first_week = days[0] - timedelta(days=(days[0].weekday() - limits.week_start) % 7)
    week = first_week
    while week <= days[-1]:
        start = local_start(week, zone, hour)
        end = min(local_start(week + timedelta(days=7), zone, hour), max(now, start))
        total = sum(overlap(iv, start, end) for iv in work)
        on = min(days[-1], week + timedelta(days=6))
        label = f"week of {week:%a %d %b}"
        if total >= limits.week_extreme:
            add(
                "week",
                "alert",
                on,
                f"{fd(total)} in the {label}: weeks of "
                f"{fd(limits.week_extreme)} or more harm health (WHO/ILO)",
            )
        elif total > limits.week_max:
            add("week", "alert", on, f"{fd(total)} in the {label}, past {fd(limits.week_max)}")
        elif total > limits.week_warn:
            add("week", "warn", on, f"{fd(total)} in the {label}, past {fd(limits.week_warn)}")
        # Weekly rest: the longest work-free stretch in the 7 days up to the week's end.
        window_start = end - timedelta(days=7)
        gaps, cursor = [], window_start
        for iv in work:
            if iv.end <= window_start or iv.start >= end:
                continue
            gaps.append((max(iv.start, window_start) - cursor).total_seconds())
            cursor = max(cursor, iv.end)
        gaps.append((end - cursor).total_seconds())
        if end - window_start >= timedelta(days=7) and max(gaps) < limits.weekly_rest:
            add(
                "weekly-rest",
                "alert",
                on,
                f"no {fd(limits.weekly_rest)} off in the 7 days "
                f"to {on:%a %d %b} (longest: {fd(int(max(gaps)))})",
            )
        week += timedelta(days=7)
    last = days[-1]
    four = local_start(last - timedelta(days=27), zone, hour)
    end4 = min(local_start(last + timedelta(days=1), zone, hour), now)
    average = sum(overlap(iv, four, end4) for iv in work) // 4
    if average > limits.average_max:
        add(
            "average",
            "alert",
            last,
            f"{fd(average)} a week on average over the last 4 weeks, past {fd(limits.average_max)}",
        )


def _live(
    intervals: list[Interval],
    stretches: list[Interval],
    now: datetime,
    zone: tzinfo,
    limits: Limits,
    add: Add,
    last_seen: datetime | None = None,
) -> None:
    from gigtool.tracking.timelang import format_duration as fd

    today = day_of(now, zone, limits.day_start_hour)
    for iv in intervals:
        if iv.running and (now - iv.start).total_seconds() > limits.runaway:
            # Never an invented end (start + a working day bills hours nobody worked):
            # the last time gig saw the user while it ran, or the user's own answer.
            if last_seen is not None and iv.start < last_seen <= now:
                seen = last_seen.astimezone(zone)
                at = f"{seen:%Y-%m-%d %H:%M}"
                if seen.replace(fold=1 - seen.fold).utcoffset() != seen.utcoffset():
                    at += f"{seen:%z}"  # the hour the clocks fell back runs twice: say which
                fix = (
                    f"you last ran gig while it ran at {seen:%a %H:%M}; if you stopped "
                    f'then: gig log stop --at "{at}"'
                )
            else:
                fix = "when did you stop? gig log stop --at TIME (the real end, e.g. 17:30)"
            add(
                "runaway",
                "alert",
                today,
                f"timer #{iv.entry_id} has run {fd(int((now - iv.start).total_seconds()))}; "
                f"forgot to stop it? {fix}",
            )
    for s in stretches:
        if s.running:
            length = int((now - s.start).total_seconds())
            if limits.break_nudge < length <= limits.break_max:
                add(
                    "break",
                    "warn",
                    today,
                    f"{fd(length)} without a break; time to stand up for {fd(limits.break_gap)}",
                )
            elif length > limits.break_max and day_of(s.start, zone, limits.day_start_hour) < today:
                # A stretch counts toward the day it began; one still going since
                # yesterday is today's concern too.
                add(
                    "break",
                    "alert",
                    today,
                    f"{fd(length)} without a {fd(limits.break_gap)} break, since "
                    f"{s.start.astimezone(zone):%a %H:%M}",
                )


def streak(stats: dict[date, DayStats], today: date) -> int:
    """Days in a row, up to today, with no alert, counted from the first day tracked."""
    first = min((d for d, st in stats.items() if st.seconds), default=None)
    if first is None:
        return 0
    count = 0
    day = today
    while (
        day >= first and day in stats and not any(f.level == "alert" for f in stats[day].findings)
    ):
        count += 1
        day -= timedelta(days=1)
    return count
