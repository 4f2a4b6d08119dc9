"""`gig balance`: alerts from the hours you tracked, and the limits behind them."""

from __future__ import annotations

import shutil
import sqlite3
from typing import Annotated, Any

import typer

from gigtool.cli.context import app_of
from gigtool.cli.notify import NO_NOTIFY, send_notification
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
from gigtool.errors import GigError, InputError
from gigtool.tracking.timelang import format_duration

app = typer.Typer(help="Work-life balance: alerts computed from the hours you tracked.")


DISCLAIMER = (
    "Limits are defaults from guidance written for employees, not compliance checks; "
    "change them with `gig balance set SETTING VALUE` (see `gig balance rules`)."
)


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
    from gigtool.balance.assessment import report

    app = app_of(ctx)
    if week and month:
        raise InputError("choose one of --week and --month")
    fmt = pick_format(as_json, as_csv)
    seen = report(app.db(), app.clock, app.zone, month=month)
    if fmt != "table":
        data = seen.as_data()
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
    if not seen.worked and not seen.findings:
        say(
            f"Nothing tracked {seen.label} yet, so nothing to weigh. Start a timer with "
            "`gig log start PROJECT`; `gig balance rules` shows the limits gig watches."
        )
        return
    _draw(seen.days, seen.findings, seen.limits, seen.label, seen.verdict, seen.streak)


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
    from gigtool.balance.assessment import current_findings

    app = app_of(ctx)
    try:
        findings, seen = current_findings(app.db(), app.clock, app.zone)
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


@app.command()
def rules(ctx: typer.Context, as_json: Json = False) -> None:
    """List the rules, their limits, whether they are on, and where each default comes from.

    Example: gig balance rules
    """
    from gigtool.balance.settings import rule_table

    rows = rule_table(app_of(ctx).db())
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
