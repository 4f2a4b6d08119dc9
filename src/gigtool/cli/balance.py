"""`gig balance` and `gig focus`: alerts from the hours you tracked, and focus blocks."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.output import (
    Json,
    console,
    emit_csv,
    emit_json,
    note,
    pick_format,
    print_table,
    say,
    styled,
    visible,
)
from gigtool.errors import GigError, InputError, Refused
from gigtool.tracking.timelang import format_duration

if TYPE_CHECKING:
    from gigtool.balance.rules import DayStats, Finding, Limits
    from gigtool.tracking.entries import Entry

app = typer.Typer(help="Work-life balance: alerts computed from the hours you tracked.")


RULE_SETTINGS = {
    "day": ("day-warn", "day-max"),
    "week": ("week-warn", "week-max", "week-extreme"),
    "average": ("average-max",),
    "rest": ("rest-warn", "rest-min"),
    "weekly-rest": ("weekly-rest",),
    "weekend": ("days-off", "weekend-max"),
    "late": ("late-window", "late-max"),
    "hours": ("work-hours", "outside-max"),
    "break": ("break-nudge", "break-max", "break-gap"),
    "meal": ("meal-window",),
    "runaway": ("runaway",),
}

DISCLAIMER = (
    "Limits are defaults from guidance written for employees, not compliance checks; "
    "change them with `gig balance set SETTING VALUE` (see `gig balance rules`)."
)


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


def assess(app: App, first_day: date, last_day: date) -> Assessment:
    """Figures and findings for [first_day, last_day], with the history the rules need."""
    from gigtool.balance import rules as balance
    from gigtool.balance.settings import limits_from

    conn = app.db()
    limits = limits_from(conn)
    now = app.clock.now()
    context = first_day - timedelta(days=CONTEXT_DAYS)
    since = balance.local_start(context, app.zone, limits.day_start_hour)
    until = balance.local_start(last_day + timedelta(days=1), app.zone, limits.day_start_hour)
    intervals = balance.load_intervals(conn, since, min(until, max(now, since)), now)
    from gigtool.balance.last_seen import while_running

    seen = while_running(conn)
    stats, findings = balance.evaluate(
        intervals,
        now=now,
        zone=app.zone,
        limits=limits,
        first_day=context,
        last_day=last_day,
        last_seen=None if seen is None else datetime.fromtimestamp(seen, UTC),
    )
    run = balance.streak(stats, balance.day_of(now, app.zone, limits.day_start_hour))
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


@app.callback(invoke_without_command=True)
def show(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help="This week (the default)")] = False,
    month: Annotated[bool, typer.Option("--month", help="This month")] = False,
    as_json: Json = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print one row a day as CSV")] = False,
) -> None:
    """Show each day's hours against your limits, and the rules tripped.

    Example: gig balance --month
    """
    if ctx.invoked_subcommand is not None:
        return
    from gigtool import periods

    app = app_of(ctx)
    if week and month:
        raise InputError("choose one of --week and --month")
    fmt = pick_format(as_json, as_csv)
    conn = app.db()
    from gigtool import config

    today = periods.local_today(app.clock.now(), app.zone, int(config.get(conn, "day-start")))
    period = periods.named(
        "month" if month else "week", today, app.zone, week_start=config.get(conn, "week-start")
    )
    last = min(period.last_day, today)
    seen = assess(app, period.first_day, last)
    days = [seen.stats[d] for d in sorted(seen.stats)]
    findings, limits, run = seen.findings, seen.limits, seen.streak
    total = sum(d.seconds for d in days)
    worked = sum(1 for d in days if d.seconds)
    line = verdict(findings, total, worked)
    if fmt != "table":
        data = _report_json(period.label, days, findings, line, run, limits)
        if fmt == "json":
            emit_json(data)
        else:
            rows = [
                {
                    **{k: v for k, v in d.items() if k != "findings"},
                    "findings": [f"{f['level']} {f['rule']}" for f in d["findings"]],
                }
                for d in data["days"]
            ]
            emit_csv(
                rows,
                [
                    "date",
                    "seconds",
                    "hours",
                    "late_seconds",
                    "outside_hours_seconds",
                    "longest_stretch_seconds",
                    "breaks",
                    "rest_before_seconds",
                    "day_off",
                    "findings",
                ],
            )
        return
    if not worked and not findings:
        say(
            f"Nothing tracked {period.label} yet, so nothing to weigh. Start a timer with "
            "`gig log start PROJECT`; `gig balance rules` shows the limits gig watches."
        )
        return
    _draw(days, findings, limits, period.label, line, run)


def _report_json(label: str, days: list, findings: list, line: str, run: int, limits: Any) -> dict:
    def finding(f: Any) -> dict[str, str]:
        return {
            "rule": f.rule,
            "level": f.level,
            "date": f.day.isoformat(),
            "message": f.message,
            "source": f.source,
        }

    return {
        "period": label,
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
                "day_off": d.day.weekday() in limits.days_off,
                "findings": [finding(f) for f in d.findings],
            }
            for d in days
        ],
        "findings": [finding(f) for f in findings],
        "verdict": line,
        "streak_days": run,
    }


def _draw(days: list, findings: list, limits: Any, label: str, line: str, run: int) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    grid = Table(title=f"Balance, {label}", title_justify="left", box=None, header_style="bold")
    # Narrow headers so a week fits 80 columns; the guide explains each.
    for name, justify in (
        ("Day", "left"),
        ("Hours", "right"),
        ("", "left"),
        ("Longest", "right"),
        ("Breaks", "right"),
        ("Rest", "right"),
        ("Late", "right"),
        ("Notes", "left"),
    ):
        grid.add_column(name, justify=justify, no_wrap=name != "Notes")  # type: ignore[arg-type]
    scale = max(limits.day_max, max((d.seconds for d in days), default=0)) or 1
    width = 12
    for d in days:
        filled = round(d.seconds / scale * width)
        colour = (
            "red"
            if d.seconds > limits.day_max
            else ("yellow" if d.seconds > limits.day_warn else "green")
        )
        bar = Text("█" * filled, style=colour)
        warn_at = round(limits.day_warn / scale * width)
        if filled < warn_at:
            bar.append("·" * (warn_at - filled) + "|", style="dim")
        notes = []
        if d.day.weekday() in limits.days_off:
            notes.append("day off")
        notes += [f"{'!' if f.level == 'alert' else '~'}{f.rule}" for f in d.findings]
        grid.add_row(
            f"{d.day:%a %d %b}",
            format_duration(d.seconds) if d.seconds else "-",
            bar,
            format_duration(d.longest_stretch) if d.longest_stretch else "",
            str(d.breaks) if d.seconds else "",
            format_duration(d.rest_before) if d.rest_before is not None else "",
            format_duration(d.late_seconds) if d.late_seconds else "",
            " ".join(notes),
        )
    print_table(grid, out)
    for f in findings:
        mark = ("alert", "red") if f.level == "alert" else ("warn", "yellow")
        out.print(styled("  ", mark, f" {f.rule}: {f.message}"))
    if findings:
        out.print(
            styled(
                "Sources: "
                + "; ".join(
                    f"{rule}: {src}" for rule, src in sorted({(f.rule, f.source) for f in findings})
                )
            ),
            style="dim",
        )
    out.print(styled(f"Streak: {run} day{'s' if run != 1 else ''} in a row without an alert."))
    out.print(styled((line, "bold")))
    out.print(styled(DISCLAIMER), style="dim")


def current_findings(app: App) -> tuple[list[Finding], Assessment]:
    """What holds right now: today's rules, this week's, the average and any runaway timer."""
    from gigtool import config
    from gigtool.balance.rules import day_of

    today = day_of(app.clock.now(), app.zone, int(config.get(app.db(), "day-start")))
    yesterday = today - timedelta(days=1)
    seen = assess(app, yesterday, today)
    # Past midnight, last night's late work is still happening now.
    first, last = seen.limits.late_window
    tonight = first > last and app.now().time() < last
    keep = [
        f
        for f in seen.findings
        if f.day == today or (tonight and f.rule == "late" and f.day == yesterday)
    ]
    return keep, seen


@app.command()
def check(
    ctx: typer.Context,
    notify: Annotated[
        bool,
        typer.Option("--notify", help="Also send a desktop notification when a rule is tripped"),
    ] = False,
    as_json: Json = False,
) -> None:
    """Exit 0 when all is well, 1 when a rule is tripped; one line, for cron or a status bar.

    Example: gig balance check --notify
    """
    app = app_of(ctx)
    try:
        findings, seen = current_findings(app)
    except (GigError, sqlite3.Error) as exc:
        # For cron and status bars 1 means "a rule is tripped": any other trouble is 2.
        if isinstance(exc, sqlite3.Error):
            from gigtool.store.db import damaged
            from gigtool.store.home import db_path

            exc = damaged(db_path(app.home), exc)
        note(f"Error: {exc}")
        raise typer.Exit(2) from None
    today = max(seen.stats)
    worked = seen.stats[today].seconds
    if findings:
        summary = "gig balance: " + "; ".join(f"{f.rule}: {f.message}" for f in findings)
    else:
        summary = f"gig balance: all well — {format_duration(worked)} today"
    if as_json:
        emit_json(
            {
                "ok": not findings,
                "summary": summary,
                "findings": [
                    {"rule": f.rule, "level": f.level, "message": f.message} for f in findings
                ],
            }
        )
    else:
        say(visible(summary))
    if notify:
        # A popup for every "all well" from cron would be nagging; only trouble pops up.
        if findings:
            send_notification("gig balance", summary)
        elif shutil.which("notify-send") is None:
            note(NO_NOTIFY)
    if findings:
        raise typer.Exit(1)


NO_NOTIFY = (
    "(no desktop notification: notify-send is not installed; on Debian/Ubuntu it is "
    "in libnotify-bin)"
)


def send_notification(title: str, body: str) -> bool:
    """A desktop notification through notify-send, where it exists."""
    exe = shutil.which("notify-send")
    if exe is None:
        note(NO_NOTIFY)
        return False
    try:
        done = subprocess.run([exe, title, body], check=False, timeout=10, capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        note(f"(no desktop notification: notify-send failed: {exc})")
        return False
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        note(f"(no desktop notification: notify-send said {why[-1] if why else done.returncode})")
        return False
    return True


@app.command()
def rules(ctx: typer.Context, as_json: Json = False) -> None:
    """List the rules, their limits, whether they are on, and where each default comes from.

    Example: gig balance rules
    """
    import gigtool.balance.settings  # noqa: F401  (declares the balance.* keys)
    from gigtool import config
    from gigtool.balance.rules import RULES, SOURCES

    conn = app_of(ctx).db()
    off = config.get(conn, "balance.off").split(",")
    rows: list[dict[str, Any]] = []
    for rule in RULES:
        settings = {key: config.get(conn, f"balance.{key}") for key in RULE_SETTINGS[rule]}
        rows.append(
            {"rule": rule, "on": rule not in off, "settings": settings, "source": SOURCES[rule]}
        )
    if as_json:
        emit_json(rows)
        return
    from gigtool.cli.output import table

    table(
        ["Rule", "On", "Limits", "Default from"],
        [
            [
                r["rule"],
                "yes" if r["on"] else "off",
                ", ".join(f"{k} {v}" for k, v in r["settings"].items()),
                r["source"],
            ]
            for r in rows
        ],
        caption=DISCLAIMER,
    )


@app.command(name="set")
def set_(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="A limit, e.g. day-max, week-warn, late-window", metavar="KEY")
    ],
    value: Annotated[str, typer.Argument(help="New value, e.g. 9h, 22:00-05:00", metavar="VALUE")],
) -> None:
    """Change a limit (a shortcut for `gig config set balance.KEY VALUE`).

    Example: gig balance set day-max 9h
    """
    import gigtool.balance.settings  # noqa: F401  (declares the balance.* keys)
    from gigtool import config

    full = key if key.startswith("balance.") else f"balance.{key}"
    if full not in config.SETTINGS:
        keys = [k.removeprefix("balance.") for k in config.SETTINGS if k.startswith("balance.")]
        raise InputError(f"unknown balance setting {key!r}; settings are: {', '.join(keys)}")
    say(f"{full} = {visible(config.set_value(app_of(ctx).db(), full, value))}")


def _switch(ctx: typer.Context, rule: str, on: bool) -> None:
    import gigtool.balance.settings  # noqa: F401  (declares the balance.* keys)
    from gigtool import config
    from gigtool.balance.rules import RULES

    if rule not in RULES:
        raise InputError(f"unknown rule {rule!r}; rules are: {', '.join(RULES)}")
    conn = app_of(ctx).db()
    current = {r for r in config.get(conn, "balance.off").split(",") if r and r != "none"}
    current = current - {rule} if on else current | {rule}
    config.set_value(conn, "balance.off", ",".join(sorted(current)) or "none")
    say(f"Rule {rule} is {'on' if on else 'off'}.")


@app.command(name="on")
def on_(
    ctx: typer.Context, rule: Annotated[str, typer.Argument(help="Rule name", metavar="RULE")]
) -> None:
    """Switch a rule back on.

    Example: gig balance on weekend
    """
    _switch(ctx, rule, True)


@app.command(name="off")
def off_(
    ctx: typer.Context, rule: Annotated[str, typer.Argument(help="Rule name", metavar="RULE")]
) -> None:
    """Switch a rule off.

    Example: gig balance off late
    """
    _switch(ctx, rule, False)


# After each `gig log` command


def alert_after_log_command(app: App, args: list[str]) -> None:
    """One short stderr line per rule that has just tripped, at most once per rule per day."""
    if {"--json", "--csv"} & set(args) or "--help" in args or "-h" in args:
        return
    import gigtool.balance.settings  # noqa: F401  (declares the balance.* keys)
    from gigtool import config

    conn = app.db()
    if config.get(conn, "balance.alerts") != "true" or focus_running(app):
        return
    findings, _ = current_findings(app)
    # Once per rule per day; a warning that grows into an alert may speak once more.
    days = {f.day.isoformat() for f in findings}
    seen = {
        (rule, day): level
        for rule, day, level in conn.execute("SELECT rule, day, level FROM alert_shown")
        if day in days
    }
    findings = [
        f for f in findings if seen.get((f.rule, f.day.isoformat())) not in (f.level, "alert")
    ]
    if not findings:
        return
    from gigtool.store.db import transaction

    shown: list[Any] = []
    with transaction(conn):
        for f in findings:
            cur = conn.execute(
                "INSERT INTO alert_shown (rule, day, level, message, shown_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (rule, day) DO UPDATE SET "
                "level = excluded.level, message = excluded.message, "
                "shown_at = excluded.shown_at WHERE alert_shown.level = 'warn' "
                "AND excluded.level = 'alert'",
                (f.rule, f.day.isoformat(), f.level, f.message, int(app.clock.now().timestamp())),
            )
            if cur.rowcount:
                shown.append(f)
    for f in shown:
        style = {"fg": "red"} if f.level == "alert" else {"fg": "yellow"}
        typer.secho(f"balance {f.level}: {f.rule}: {visible(f.message)}", err=True, **style)  # type: ignore[arg-type]


# Focus blocks


def focus_running_until(app: App) -> datetime | None:
    """When the focus block running now (in any terminal) ends, or None."""
    now = int(app.clock.now().timestamp())
    row = (
        app.db()
        .execute(
            "SELECT max(planned_end_utc) FROM focus_block "
            "WHERE ended_utc IS NULL AND planned_end_utc > ?",
            (now,),
        )
        .fetchone()
    )
    return None if row is None or row[0] is None else datetime.fromtimestamp(row[0], UTC)


def focus_running(app: App) -> bool:
    return focus_running_until(app) is not None


def focus(
    ctx: typer.Context,
    length: Annotated[
        str, typer.Argument(help="How long: 50m, 25m, 1h30m", metavar="LENGTH")
    ] = "50m",
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Project to track it on")
    ] = None,
    task: Annotated[int | None, typer.Option("--task", help="Task to track it on")] = None,
    pause: Annotated[str, typer.Option("--break", help="Break to announce at the end")] = "10m",
) -> None:
    """Work undisturbed for a while: a timer, a countdown, then a break.

    Example: gig focus 50m --task 12 --break 10m
    """
    from gigtool.store.db import transaction
    from gigtool.tracking import entries as tracking
    from gigtool.tracking.timelang import format_instant, parse_duration

    app = app_of(ctx)
    planned = parse_duration(length)
    rest = parse_duration(pause)
    if planned < timedelta(minutes=1) or planned > timedelta(hours=4):
        raise InputError(f"a focus block is 1 minute to 4 hours, not {length!r}; try 50m")
    conn = app.db()
    running_until = focus_running_until(app)
    if running_until is not None:
        raise Refused(
            f"a focus block is running until {running_until.astimezone(app.zone):%H:%M}; "
            "let it finish or press Ctrl-C in its terminal"
        )
    current = tracking.running(conn)
    if project or task is not None or current is None:
        if current is None and not project and task is None:
            raise InputError(
                "say what to focus on: --project NAME or --task ID (or start a timer first)"
            )
        started = _start_for_focus(app, project, task)
        entry = started.entry
        if started.stopped is not None:  # the timer it replaces says how it ended
            from gigtool.cli.log import report_stopped

            report_stopped(app, started.stopped)
        since = format_instant(entry.start.astimezone(app.zone), app.now())
        if started.already:  # that timer runs already: the block goes on it, as it is
            say(f"Timing #{entry.id} {visible(entry.project)} already, since {since}.")
        else:
            say(f"Started #{entry.id} {visible(entry.project)} at {since}.")
    else:
        entry = current
    now = app.clock.now()
    end = now + planned
    with transaction(conn):
        if focus_running(app):
            raise Refused("a focus block is already running; finish it first")
        block = conn.execute(
            "INSERT INTO focus_block (entry_id, start_utc, planned_end_utc, break_seconds) "
            "VALUES (?, ?, ?, ?)",
            (entry.id, int(now.timestamp()), int(end.timestamp()), int(rest.total_seconds())),
        ).lastrowid
    span = format_duration(int(planned.total_seconds()))
    say(
        f"Focus until {end.astimezone(app.zone):%H:%M} ({span}) "
        f"on #{entry.id}. Ctrl-C ends it early; the time is kept."
    )
    try:
        with _hang_up_as_interrupt():
            _count_down(app, now, end)
    except KeyboardInterrupt:
        stopped_at = min(app.clock.now(), end)
        stopped = _end_focus(app, block or 0, entry.id, stopped_at)
        if stopped is not None and stopped.discarded:
            say(f"\nFocus ended in its first second; #{entry.id} was discarded, as no time passed.")
            return
        kept = format_duration(int((stopped_at - now).total_seconds()))
        say(f"\nFocus ended early after {kept}; the time is kept on #{entry.id}.")
        return
    _end_focus(app, block or 0, entry.id, end)
    back = (end + rest).astimezone(app.zone)
    pause_text = format_duration(int(rest.total_seconds()))
    message = f"Focus block done. Take a {pause_text} break; back at {back:%H:%M}."
    if app.at_terminal:
        typer.echo("\a", nl=False)
    say(message)
    if app.at_terminal:
        send_notification("gig focus", message)


@contextlib.contextmanager
def _hang_up_as_interrupt() -> Iterator[None]:
    """A closed terminal or a kill ends the block as Ctrl-C does: the time is kept
    and the block is over, instead of a dead block refusing the next one."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [signal.SIGTERM, getattr(signal, "SIGHUP", None)]
    saved = {}
    for sig in wanted:
        if sig is None:
            continue
        with contextlib.suppress(ValueError):  # not the main thread: leave the defaults
            saved[sig] = signal.signal(sig, interrupt)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _start_for_focus(app: App, project: str | None, task: int | None) -> Any:
    from gigtool.tracking import timer as tracking

    if task is None:
        return tracking.start_timer(app.db(), app.clock, project=project)
    from gigtool.tasks.queries import timer_fields

    project, description = timer_fields(app.db(), app.clock, task, project, [])
    return tracking.start_timer(
        app.db(), app.clock, project=project, description=description, task_id=task
    )


def _count_down(app: App, start: datetime, end: datetime) -> None:
    total = (end - start).total_seconds()
    if not app.at_terminal:
        while app.clock.now() < end:
            app.sleep(min(30.0, max((end - app.clock.now()).total_seconds(), 0.01)))
        return
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("focus"),
        BarColumn(),
        TextColumn("{task.description}"),
        console=console(),
        transient=True,
    ) as progress:
        bar = progress.add_task("", total=total)
        while (now := app.clock.now()) < end:
            left = int((end - now).total_seconds())
            progress.update(
                bar, completed=total - left, description=f"{left // 60:02d}:{left % 60:02d} left"
            )
            app.sleep(1.0)


def _end_focus(app: App, block: int, entry_id: int, at: datetime) -> Entry | None:
    """End the block and its timer; the stopped entry, or None if it had stopped already."""
    from gigtool.store.db import transaction

    conn = app.db()
    with transaction(conn):
        conn.execute(
            "UPDATE focus_block SET ended_utc = ? WHERE id = ?", (int(at.timestamp()), block)
        )
        # Through the timer's own stop: the same checks, and no entry of 0 seconds.
        from gigtool.tracking.timer import stop_if_running

        return stop_if_running(conn, entry_id, at, app.clock.now())
