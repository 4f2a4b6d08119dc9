"""How the tracked hours weigh against the limits: a period's figures and findings,
what holds right now, and the verdict."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from gigtool.balance import intervals
from gigtool.balance.intervals import day_of, local_start, merge, overlap
from gigtool.balance.rules import DayStats, Finding, Limits, evaluate, streak
from gigtool.balance.settings import limits_from
from gigtool.clock import Clock
from gigtool.tracking.timelang import format_duration

# Days evaluated before the ones asked for, so a rule that looks back (rest after
# the night before, three skipped meals in a week, the streak) reads the same
# whichever period is shown.
CONTEXT_DAYS = 27


@dataclass
class Assessment:
    stats: dict[date, DayStats]  # the days asked for
    findings: list[Finding]  # the rules tripped on those days
    limits: Limits
    streak: int  # days in a row up to today without an alert


def assess(
    conn: sqlite3.Connection, clock: Clock, zone: tzinfo, first_day: date, last_day: date
) -> Assessment:
    """Figures and findings for [first_day, last_day], with the history the rules need."""
    limits = limits_from(conn)
    now = clock.now()
    context = first_day - timedelta(days=CONTEXT_DAYS)
    since = local_start(context, zone, limits.day_start_hour)
    until = local_start(last_day + timedelta(days=1), zone, limits.day_start_hour)
    tracked = intervals.load_intervals(conn, since, min(until, max(now, since)), now)
    from gigtool.balance.last_seen import while_running

    seen = while_running(conn)
    stats, findings = evaluate(
        tracked,
        now=now,
        zone=zone,
        limits=limits,
        first_day=context,
        last_day=last_day,
        last_seen=None if seen is None else datetime.fromtimestamp(seen, UTC),
    )
    run = streak(stats, day_of(now, zone, limits.day_start_hour))
    return Assessment(
        {d: st for d, st in stats.items() if d >= first_day},
        [f for f in findings if f.day >= first_day],
        limits,
        run,
    )


def verdict(findings: list, total: int, days_worked: int) -> str:
    alerts = sum(1 for f in findings if f.level == "alert")
    warnings = len(findings) - alerts
    figures = f"{format_duration(total)} over {days_worked} day{'s' if days_worked != 1 else ''}"
    if alerts:
        rules = sorted({f.rule for f in findings if f.level == "alert"})
        many = "s" if alerts != 1 else ""
        return f"{figures}: too much — {alerts} alert{many} ({', '.join(rules)}). Ease off."
    if warnings:
        rules = sorted({f.rule for f in findings})
        many = "s" if warnings != 1 else ""
        return f"{figures}: mind the edges — {warnings} warning{many} ({', '.join(rules)})."
    return f"{figures}: within every limit. Well kept."


@dataclass
class Report:
    """`gig balance`: a week or a month so far, day by day, and what it comes to."""

    label: str
    days: list[DayStats]
    findings: list[Finding]
    limits: Limits
    streak: int
    worked: int  # days with time tracked
    verdict: str

    def as_data(self) -> dict:
        """The report for --json, and a row a day of it for --csv."""

        def finding(f: Finding) -> dict[str, str]:
            return {
                "rule": f.rule,
                "level": f.level,
                "date": f.day.isoformat(),
                "message": f.message,
                "source": f.source,
            }

        return {
            "period": self.label,
            "days": [
                {
                    "date": d.day.isoformat(),
                    "seconds": d.seconds,
                    "hours": f"{d.seconds / 3600:.2f}",
                    "late_seconds": d.late_seconds,
                    "outside_hours_seconds": d.outside_seconds,
                    "longest_stretch_seconds": d.longest_stretch,
                    "breaks": d.breaks,
                    "rest_before_seconds": d.rest_before,
                    "day_off": d.day.weekday() in self.limits.days_off,
                    "findings": [finding(f) for f in d.findings],
                }
                for d in self.days
            ],
            "findings": [finding(f) for f in self.findings],
            "verdict": self.verdict,
            "streak_days": self.streak,
        }


def report(conn: sqlite3.Connection, clock: Clock, zone: tzinfo, *, month: bool) -> Report:
    """This week (or this month) up to today against the limits."""
    from gigtool import config, periods

    today = periods.local_today(clock.now(), zone, int(config.get(conn, "day-start")))
    period = periods.named(
        "month" if month else "week", today, zone, week_start=config.get(conn, "week-start")
    )
    last = min(period.last_day, today)
    seen = assess(conn, clock, zone, period.first_day, last)
    days = [seen.stats[d] for d in sorted(seen.stats)]
    findings, limits, run = seen.findings, seen.limits, seen.streak
    total = sum(d.seconds for d in days)
    worked = sum(1 for d in days if d.seconds)
    line = verdict(findings, total, worked)
    return Report(period.label, days, findings, limits, run, worked, line)


def current_findings(
    conn: sqlite3.Connection, clock: Clock, zone: tzinfo
) -> tuple[list[Finding], Assessment]:
    """What holds right now: today's rules, this week's, the average and any runaway timer."""
    from gigtool import config

    today = day_of(clock.now(), zone, int(config.get(conn, "day-start")))
    yesterday = today - timedelta(days=1)
    seen = assess(conn, clock, zone, yesterday, today)
    # Past midnight, last night's late work is still happening now.
    first, last = seen.limits.late_window
    tonight = first > last and clock.now().astimezone(zone).time() < last
    keep = [
        f
        for f in seen.findings
        if f.day == today or (tonight and f.rule == "late" and f.day == yesterday)
    ]
    return keep, seen


def week_so_far(
    conn: sqlite3.Connection, clock: Clock, zone: tzinfo, limits: Limits, today: date
) -> int:
    """Seconds worked from the first day of today's week up to now."""
    week_first = today - timedelta(days=(today.weekday() - limits.week_start) % 7)
    now = clock.now()
    start = local_start(week_first, zone, limits.day_start_hour)
    return sum(
        overlap(iv, start, now) for iv in merge(intervals.load_intervals(conn, start, now, now))
    )
