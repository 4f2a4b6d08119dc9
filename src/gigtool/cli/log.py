"""`gig log`: the group, and its timer (start, stop, status, continue, cancel).

The group's other commands live in modules by reason: entries by hand and the list in
`log_entries`, the report and the week in `log_reports`, import and export in
`log_import`. A command line loads only the module of the command it runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Annotated

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.log_options import (
    AllowOverlap,
    At,
    Billable,
    OnTask,
    Words,
    created,
    instant,
    split_words,
    what,
    when,
)
from gigtool.cli.output import Json, Yes, confirm, emit_json, say
from gigtool.tracking import entries as tracking
from gigtool.tracking.timelang import format_duration

if TYPE_CHECKING:
    from gigtool.tracking.entries import Entry, Started

# The group's commands, in the order `gig log --help` lists them: name → (module, attribute).
COMMANDS: dict[str, tuple[str, str]] = {
    "start": (__name__, "start"),
    "stop": (__name__, "stop"),
    "status": (__name__, "status"),
    "continue": (__name__, "continue_"),
    "cancel": (__name__, "cancel"),
    "add": ("gigtool.cli.log_entries", "add"),
    "list": ("gigtool.cli.log_entries", "list_"),
    "edit": ("gigtool.cli.log_entries", "edit"),
    "delete": ("gigtool.cli.log_entries", "delete"),
    "report": ("gigtool.cli.log_reports", "report"),
    "week": ("gigtool.cli.log_reports", "week_sheet"),
    "export": ("gigtool.cli.log_import", "export"),
    "import": ("gigtool.cli.log_import", "importer"),
}


def group(command: str | None = None) -> typer.Typer:
    """The `gig log` group with `command` alone, or with every command when `command` is
    None or none of them (so that click lists them, or says which one does not exist)."""
    log = typer.Typer(
        help="Track time: a timer, manual entries and the log.", no_args_is_help=False
    )
    log.callback(invoke_without_command=True)(overview)
    names = [command] if command is not None and command in COMMANDS else list(COMMANDS)
    for name in names:
        module, attribute = COMMANDS[name]
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            log.add_typer(found, name=name)
        else:
            log.command(name)(found)
    return log


def overview(ctx: typer.Context) -> None:
    """Show the running timer, today's entries and today's total.

    Example: gig log
    """
    if ctx.invoked_subcommand is None:
        from gigtool.cli.log_entries import show_today

        show_today(app_of(ctx))


def entry_json(entry: Entry, app: App) -> dict[str, object]:
    return tracking.entry_record(entry, app.zone, app.clock.now())


def report_stopped(app: App, entry: Entry) -> None:
    if entry.discarded:
        say(f"Discarded #{entry.id} {what(entry)}: it ran under a second, so nothing was kept.")
        return
    say(
        f"Stopped #{entry.id} {what(entry)} at {when(app, entry.end or app.now())} "
        f"({format_duration(entry.seconds(app.clock.now()))})."
    )


def _report_started(app: App, started: Started) -> None:
    entry = started.entry
    if started.already:
        say(
            f"Already running: #{entry.id} {what(entry)} since {when(app, entry.start)} "
            f"({format_duration(entry.seconds(app.clock.now()))}); nothing changed."
        )
        return
    if started.stopped:
        report_stopped(app, started.stopped)
    if started.new_project:
        say(created(entry))
    say(f"Started #{entry.id} {what(entry)} at {when(app, entry.start)}.")


def start(
    ctx: typer.Context,
    words: Words = None,
    at: At = None,
    billable: Billable = None,
    allow_overlap: AllowOverlap = False,
    task: OnTask = None,
) -> None:
    """Start a timer; a running one stops at the same instant.

    Example: gig log start acme "API review" +call --at 9:15
    """
    from gigtool.tracking.timer import start_timer

    app = app_of(ctx)
    project, text, tags = split_words(words)
    description = " ".join(text)
    if task is not None:
        from gigtool.tasks.core import timer_fields

        project, description = timer_fields(app.db(), app.clock, task, project, text)
    started = start_timer(
        app.db(),
        app.clock,
        project=project,
        description=description,
        tags=tags,
        at=instant(app, at),
        billable=billable,
        allow_overlap=allow_overlap,
        task_id=task,
    )
    _report_started(app, started)


def stop(ctx: typer.Context, at: At = None, as_json: Json = False) -> None:
    """Stop the running timer.

    Example: gig log stop --at 17:30
    """
    from gigtool.tracking.timer import stop_timer

    app = app_of(ctx)
    entry = stop_timer(app.db(), app.clock, at=instant(app, at))
    if as_json:
        emit_json(entry_json(entry, app))
        return
    report_stopped(app, entry)


def status(ctx: typer.Context, as_json: Json = False) -> None:
    """Say what the timer is doing.

    Example: gig log status
    """
    app = app_of(ctx)
    conn = app.db()
    now = app.clock.now()
    current = tracking.running(conn)
    if as_json:
        emit_json(tracking.entry_record(current, app.zone, now) if current else None)
        return
    if current:
        say(
            f"Running: #{current.id} {what(current)} since {when(app, current.start)} "
            f"({format_duration(current.seconds(now))})."
        )
        return
    last = tracking.last_entry(conn)
    if last and last.end:
        say(f"No timer running. Last: #{last.id} {what(last)}, stopped {when(app, last.end)}.")
    else:
        say("No timer running. Start one with: gig log start PROJECT [DESCRIPTION]")


def continue_(
    ctx: typer.Context,
    entry_id: Annotated[
        int | None, typer.Argument(help="Entry to restart; default the last", metavar="[ID]")
    ] = None,
    at: At = None,
    billable: Annotated[
        bool | None,
        typer.Option(
            "--billable/--no-billable", help="Default: as the entry was (no project: not billable)"
        ),
    ] = None,
    allow_overlap: AllowOverlap = False,
) -> None:
    """Start a new timer like the last entry (or entry ID).

    Example: gig log continue 42
    """
    from gigtool.tracking.timer import continue_entry

    app = app_of(ctx)
    started = continue_entry(
        app.db(),
        app.clock,
        entry_id,
        at=instant(app, at),
        billable=billable,
        allow_overlap=allow_overlap,
    )
    _report_started(app, started)


def cancel(ctx: typer.Context, yes: Yes = False) -> None:
    """Discard the running timer without keeping its time.

    Example: gig log cancel
    """
    from gigtool.tracking.timer import cancel_timer

    app = app_of(ctx)
    conn = app.db()
    current = tracking.running(conn)
    if current is None:
        cancel_timer(conn)  # raises the clean "no timer" error
        return
    confirm(
        f"Discard #{current.id} {what(current)} "
        f"({format_duration(current.seconds(app.clock.now()))}) for good?",
        yes,
    )
    entry = cancel_timer(conn, current.id)
    say(f"Discarded #{entry.id} {what(entry)}.")
