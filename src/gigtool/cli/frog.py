"""`gig frog`: one big task to eat first.

`gig frog` is an everyday command: this module imports nothing heavy, draws its
answer with plain lines, and imports Rich only inside the commands that draw tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.output import Json, emit_json, print_table, say, styled, visible
from gigtool.tasks import frog as frogs
from gigtool.tasks.days import format_day, today_of
from gigtool.tasks.frog_score import FORMULA, RULES, day_count, reasons

if TYPE_CHECKING:
    from gigtool.tasks.frog import FrogDay
    from gigtool.tasks.frog_score import Scored

app = typer.Typer(help="Today's frog: the big important task to do first.")

TaskId = Annotated[
    int, typer.Argument(metavar="ID", help="Task number, as in `gig task list`", show_default=False)
]


@app.callback(invoke_without_command=True)
def frog_today(
    ctx: typer.Context,
    why: Annotated[bool, typer.Option("--why", help="Show the scores of the top five")] = False,
    as_json: Json = False,
) -> None:
    """Show today's frog, the big important task to do first, and why.

    Example: gig frog --why
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    day = frogs.frog_for(app.db(), app.clock)
    if why:
        _why(app, day, frogs.ranked_today(app.db(), app.clock), as_json)
    elif as_json:
        emit_json(frogs.day_record(day, today_of(app.db(), app.clock)))
    else:
        _say_day(day)


def _say_day(day: FrogDay) -> None:
    if day.eaten:
        names = ", ".join(f"#{i} {visible(t)}" for i, t in day.eaten)
        say(f"Eaten today: {names}. Streak: {day_count(day.streak)}.")
    pick = day.pick
    if pick:
        label = "Next frog" if day.eaten else "Today's frog"
        mine = " (your pick)" if pick.how == "hand" else ""
        say(f"{label}{mine}: #{pick.task_id} {visible(pick.title)}")
        why = reasons(pick.scored)
        say(f"  Why: {', '.join(why)}." if why else "  Why: the most important task open.")
        return
    if day.eaten:
        say("Nothing else important is waiting. Enjoy the rest of the day.")
    elif day.important == 0:
        hint = (
            f"{day.untriaged} task{'s wait' if day.untriaged > 1 else ' waits'} for triage: "
            "gig task triage"
            if day.untriaged
            else "mark one with gig task edit ID -i, or add one with gig task add TITLE -i"
        )
        say(f"No frog today: no open task is marked important. {hint[0].upper()}{hint[1:]}.")
    elif day.skipped:
        say(
            f"No frog left today: you skipped {day.skipped}; skipped frogs come back heavier "
            "tomorrow."
        )
    else:
        say("No frog today: the important tasks left are quick wins (gig task quick) or deferred.")


def _why(app: App, day: FrogDay, ranked: list[Scored], as_json: bool) -> None:
    top = ranked[:5]
    if as_json:
        emit_json(frogs.why_record(day, today_of(app.db(), app.clock), top))
        return
    _say_day(day)
    if not top:
        return
    say("")
    _why_table(top, day.pick.task_id if day.pick else None)
    say(f"{FORMULA}.")
    say(f"{RULES}.")
    if day.pick is not None and top[0].candidate.id != day.pick.task_id:
        how = "you picked it" if day.pick.how == "hand" else "it was picked earlier today"
        say(
            f"#{day.pick.task_id} stays today's frog ({how}; the pick holds all day), "
            f"though #{top[0].candidate.id} leads now."
        )


def _why_table(top: list[Scored], current: int | None) -> None:
    """Each signal with the fact behind it on the line below, so it fits 80 columns."""
    from rich.table import Table
    from rich.text import Text

    def cell(value: float, fact: str) -> Text:
        figure = Text(f"{value:.2f}")
        return Text("\n").join([figure, styled((fact, "dim"))]) if fact else figure

    grid = Table(
        title=f"Top {len(top)} candidates",
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    grid.add_column("", no_wrap=True)
    grid.add_column("#", justify="right", no_wrap=True)
    grid.add_column("Task", ratio=1, min_width=8)
    ranked = any(s.candidate.rank for s in top)
    if ranked:
        grid.add_column("Rank", no_wrap=True)
    for name in ("Due", "Put off", "Size", "Stale", "Age", "Score"):
        grid.add_column(name, justify="right", no_wrap=True)
    for s in top:
        c = s.candidate
        d = s.days_to_due
        due_fact = (
            "" if d is None else "today" if d == 0 else f"in {d}d" if d > 0 else f"{-d}d late"
        )
        size_fact = _short(c.estimate_seconds) if c.estimate_seconds else "no est."
        grid.add_row(
            "→" if c.id == current else "",
            str(c.id),
            styled(c.title),
            *([c.rank or ""] if ranked else []),
            cell(s.signals.due, due_fact),
            cell(s.signals.put_off, f"{c.put_off}×" if c.put_off else ""),
            cell(s.signals.size, size_fact),
            cell(s.signals.stale, f"{s.days_stale}d"),
            cell(s.signals.age, f"{s.days_open}d"),
            styled((f"{s.score:.2f}", "bold")),
        )
    print_table(grid)


def _short(seconds: int) -> str:
    """`4h`, `1h30m`, `45m`: a duration in as few characters as it takes."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h{minutes}m" if minutes else f"{hours}h"


@app.command(name="done")
def frog_done(ctx: typer.Context) -> None:
    """Mark today's frog done and count the streak.

    Example: gig frog done
    """
    app = app_of(ctx)
    conn = app.db()
    finished, days = frogs.eat_frog(conn, app.clock)
    task, today = finished.task, today_of(conn, app.clock)
    after = frogs.after_note(conn, today)
    say(f"Frog eaten: #{task.id} {visible(task.title)}{after}. Streak: {day_count(days)}.")
    if finished.next and finished.next.due:
        say(f"Next: #{finished.next.id} comes back {format_day(finished.next.due, today)}.")


@app.command(name="skip")
def frog_skip(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option("--reason", "-m", help="Why, for the task's history")] = "",
) -> None:
    """Put today's frog off and pick another; a skipped frog comes back heavier tomorrow.

    Example: gig frog skip --reason "waiting on the client's numbers"
    """
    app = app_of(ctx)
    skipped, day = frogs.skip_frog(app.db(), app.clock, reason)
    say(f"Skipped #{skipped.id} {visible(skipped.title)}; it comes back heavier tomorrow.")
    _say_day(day)


@app.command(name="pick")
def frog_pick(ctx: typer.Context, task_id: TaskId) -> None:
    """Choose today's frog by hand.

    Example: gig frog pick 7
    """
    app = app_of(ctx)
    _say_day(frogs.pick_frog(app.db(), app.clock, task_id))


@app.command(name="start")
def frog_start(ctx: typer.Context) -> None:
    """Start the timer on today's frog (on its project).

    Example: gig frog start
    """
    from gigtool.tracking.entries import describe

    app = app_of(ctx)
    pick, project, started = frogs.start_frog_timer(app.db(), app.clock)
    entry = started.entry
    if started.already:
        say(
            f"Already timing the frog: #{entry.id} since "
            f"{entry.start.astimezone(app.zone):%H:%M}; nothing changed."
        )
        return
    if started.stopped:
        verb = "Discarded (under a second)" if started.stopped.discarded else "Stopped"
        say(f"{verb} {describe(started.stopped)}.")
    if started.new_project:
        say(f"Created project {project!r}.")
    on = f" on {visible(entry.project)}" if entry.project else " (no project, so not billable)"
    say(
        f"Started timer #{entry.id}{on} at {entry.start.astimezone(app.zone):%H:%M} "
        f"for the frog: #{pick.task_id} {visible(pick.title)}."
    )
