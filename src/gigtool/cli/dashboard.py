"""`gig` alone: the morning view, everything that matters today on one screen.

Plain styled lines rather than Rich tables: this is an everyday command and
must start as fast as `gig log status`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import typer

from gigtool.cli.context import App
from gigtool.safe_text import visible
from gigtool.tracking.timelang import format_duration

LABEL = 9
BAR = 20
DUE_PER_CLIENT = 4

WELCOME = """Welcome to gig. Nothing is recorded yet; three ways to start:
  gig log start PROJECT "what you are doing"     track time (gig log stop ends it)
  gig task add "The big thing" -i --due fri      a task; each morning gig frog picks one
  gig receipts add 42.50 Adobe --file bill.pdf   file a receipt for the accountant
gig --help lists every command; docs/guide.md walks through a day."""


def _line(label: str, text: str, **style: object) -> None:
    """One labelled line; text longer than the terminal goes on below, under itself
    rather than under the labels (a bar, already styled, is never wrapped)."""
    import re
    import shutil
    import textwrap

    indent = 2 + LABEL
    room = max(shutil.get_terminal_size().columns - indent, 20)
    # A duration (27h 58m) is one figure, and a command to copy (gig log stop --at …)
    # one piece: their spaces are not places to break.
    kept = re.sub(r"\d+h \d+m|\bgig [^;()]*[^;()\s]", lambda m: m[0].replace(" ", "\x00"), text)
    lines = (
        [text]
        if "\x1b" in text
        else textwrap.wrap(kept, room, break_long_words=False, break_on_hyphens=False)
    )
    head = typer.style(f"  {label:<{LABEL}}", bold=True)
    for i, part in enumerate(lines or [""]):
        part = part.replace("\x00", " ")  # text came through visible(): no NUL of its own
        typer.echo((head if i == 0 else " " * indent) + typer.style(part, **style))  # type: ignore[arg-type]


def _bar(seconds: int, warn: int, most: int) -> str:
    filled = min(BAR, round(seconds / max(warn, 1) * BAR))
    colour = "red" if seconds > most else "yellow" if seconds > warn else "green"
    return typer.style("█" * filled, fg=colour) + typer.style("░" * (BAR - filled), dim=True)


def is_empty(app: App) -> bool:
    conn = app.db()
    tables = ("time_entry", "task", "receipt", "income", "trip")
    return not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables)


def morning(app: App) -> None:
    if is_empty(app):
        typer.echo(WELCOME)
        return
    now = app.now()
    typer.echo(typer.style(f"{now:%A %d %B %Y · %H:%M}", bold=True))
    _timer(app)
    findings = _hours(app)
    _frog(app)
    _due(app)
    _money(app)
    for f in findings:
        colour = "red" if f.level == "alert" else "yellow"
        _line("Balance" if f is findings[0] else "", f"{f.level} {f.rule}: {f.message}", fg=colour)
    if not findings:
        _line("Balance", "all well", fg="green")


def _timer(app: App) -> None:
    from gigtool.tracking import entries as tracking
    from gigtool.tracking.timelang import format_instant

    current = tracking.running(app.db())
    if current is None:
        _line("Timer", "not running — gig log start PROJECT", dim=True)
        return
    what = current.project or "(no project)"
    if current.description:
        what += f' "{current.description}"'
    since = format_instant(current.start.astimezone(app.zone), app.now())
    _line(
        "Timer",
        f"▶ #{current.id} {visible(what)} since {since} "
        f"({format_duration(current.seconds(app.clock.now()))})",
        fg="cyan",
    )


def _hours(app: App) -> list:
    """Today's and this week's hours against their limits; returns what holds now."""
    from gigtool.balance.assessment import current_findings, week_so_far

    findings, seen = current_findings(app.db(), app.clock, app.zone)
    limits = seen.limits
    today = max(seen.stats)
    day = seen.stats[today].seconds
    _line(
        "Today",
        f"{format_duration(day):>8} of {format_duration(limits.day_warn):<8} "
        f"{_bar(day, limits.day_warn, limits.day_max)}",
    )
    week = week_so_far(app.db(), app.clock, app.zone, limits, today)
    _line(
        "Week",
        f"{format_duration(week):>8} of {format_duration(limits.week_warn):<8} "
        f"{_bar(week, limits.week_warn, limits.week_max)}",
    )
    return findings


def _frog(app: App) -> None:
    from gigtool.tasks import frog
    from gigtool.tasks.frog_score import reasons

    day = frog.frog_for(app.db(), app.clock)
    if day.pick is None:
        if day.eaten:
            _line(
                "Frog",
                f"eaten today: #{day.eaten[-1][0]} {visible(day.eaten[-1][1])}"
                f"  (streak {day.streak})",
                fg="green",
            )
        elif day.important:
            _line("Frog", "none left for today — gig frog says why", dim=True)
        else:
            _line(
                "Frog",
                "no important task yet — gig task add TITLE -i, or gig task triage",
                dim=True,
            )
        return
    why = ", ".join(reasons(day.pick.scored))
    _line(
        "Frog",
        f"#{day.pick.task_id} {visible(day.pick.title)}"
        + (f" — {why}" if why else "")
        + "  (gig frog start)",
        fg="green",
    )


def _due(app: App) -> None:
    from gigtool.tasks.days import relative_due, today_of
    from gigtool.tasks.queries import open_tasks

    conn = app.db()
    today = today_of(conn, app.clock)
    soon = [
        t
        for t in open_tasks(conn, app.clock)
        if t.due is not None and t.due <= today + timedelta(days=3) and not t.deferred(today)
    ]
    if not soon:
        return
    by_client: dict[str, list[str]] = defaultdict(list)
    overdue: set[str] = set()
    for t in sorted(soon, key=lambda t: (t.due or date.max, t.id)):
        client = t.client or "No client"
        by_client[client].append(f"#{t.id} {t.title} · {relative_due(t.due, today)}")
        if t.due is not None and t.due < today:
            overdue.add(client)
    first = True
    for client in sorted(by_client, key=lambda c: (c == "No client", c.lower())):
        items = by_client[client]
        # One line per client, however busy: the rest is one command away.
        if len(items) > DUE_PER_CLIENT:
            import shlex

            more = len(items) - DUE_PER_CLIENT
            where = "" if client == "No client" else f" -c {shlex.quote(client)}"
            items = [
                *items[:DUE_PER_CLIENT],
                f"+{more} more (gig task list{where} --due-before {today + timedelta(days=3)})",
            ]
        _line(
            "Due" if first else "",
            visible(f"{client}: " + ", ".join(items)),
            fg="red" if client in overdue else None,
        )
        first = False


def _money(app: App) -> None:
    from gigtool.money import nudges

    found = nudges.nudges(app.db(), app.clock, app.home)
    if found.days_since is None:
        _line("Money", "nothing recorded yet — gig receipts add 42.50 VENDOR", dim=True)
        return
    days = found.days_since
    parts = [
        "last entry today" if days == 0 else f"last entry {days} day{'s' if days != 1 else ''} ago"
    ]
    if found.unreceipted:
        n = len(found.unreceipted)
        parts.append(f"{n} expense{'s' if n != 1 else ''} missing a receipt")
    stale = days >= 7 or bool(found.unreceipted)
    _line(
        "Money",
        "; ".join(parts) + ("  (gig money)" if stale else ""),
        fg="yellow" if stale else None,
    )
