"""`gig focus`: work undisturbed for a while on a timer, then take a break."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.notify import send_notification
from gigtool.cli.output import console, say, visible
from gigtool.errors import InputError
from gigtool.tracking.timelang import format_duration


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
    from gigtool.balance import focus as blocks
    from gigtool.tracking import entries as tracking
    from gigtool.tracking.timelang import format_instant

    app = app_of(ctx)
    planned, rest = blocks.plan(length, pause)
    conn = app.db()
    blocks.refuse_if_running(conn, app.clock, app.zone)
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
    block = blocks.start_block(conn, app.clock, entry.id, planned, rest)
    span = format_duration(int(planned.total_seconds()))
    say(
        f"Focus until {block.end.astimezone(app.zone):%H:%M} ({span}) "
        f"on #{entry.id}. Ctrl-C ends it early; the time is kept."
    )
    try:
        with _hang_up_as_interrupt():
            _count_down(app, block.start, block.end)
    except KeyboardInterrupt:
        stopped_at = min(app.clock.now(), block.end)
        stopped = blocks.end_block(conn, app.clock, block, stopped_at)
        if stopped is not None and stopped.discarded:
            say(f"\nFocus ended in its first second; #{entry.id} was discarded, as no time passed.")
            return
        kept = format_duration(int((stopped_at - block.start).total_seconds()))
        say(f"\nFocus ended early after {kept}; the time is kept on #{entry.id}.")
        return
    blocks.end_block(conn, app.clock, block, block.end)
    back = block.back.astimezone(app.zone)
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
