"""`gig export`: the accountant's package for a month or a year."""

from __future__ import annotations

import contextlib
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.money_options import plural
from gigtool.cli.output import Json, console, emit_json, note, say, visible
from gigtool.money.span import Span, parse_month, parse_year, today

app = typer.Typer(help="The accountant's package: a folder or ZIP that opens without gig.")

Out = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder to write into (default: the current folder)"),
]
Zip = Annotated[bool, typer.Option("--zip", help="Write one ZIP file instead of a folder")]


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A progress bar on stderr for people at a terminal; nothing for scripts."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def tick(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield tick


def _run(app: App, span: Span, out: Path | None, as_zip: bool, as_json: bool, cmd: str) -> None:
    from gigtool.money.package import destination, export, exported_fields

    target = destination(out)
    with _progress(sys.stderr.isatty() and not as_json) as tick:
        done = export(
            app.db(), app.clock, app.home, span, target, as_zip=as_zip, command=cmd, progress=tick
        )
    if as_json:
        emit_json(exported_fields(done))
        return
    say(f"Exported {span.label} to {visible(str(done.path))}")
    say(
        f"{plural(done.receipts, 'receipt')}, {plural(done.income, 'payment')}, "
        f"{plural(done.trips, 'trip')}, {plural(done.files, 'receipt file')}; "
        "README.txt says what is inside."
    )
    for problem in done.problems:
        note(f"Warning: {visible(problem)}")


def _command(kind: str, period: str, out: Path | None, as_zip: bool) -> str:
    words = ["gig", "export", kind, period]
    if out is not None:
        words += ["--out", str(out)]
    if as_zip:
        words.append("--zip")
    # Written into README.txt to run again: quoted for the shell, controls as marks.
    return visible(shlex.join(words))


@app.command("month")
def export_month(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Argument(
            help="Month: 2026-11, nov, this (default: last month, the one just closed)",
            metavar="[MONTH]",
        ),
    ] = None,
    out: Out = None,
    as_zip: Zip = False,
    as_json: Json = False,
) -> None:
    """Write a month's package for the accountant: CSVs, Excel, receipts, checksums.

    Example: gig export month 2026-11 --zip --out ~/Desktop
    """
    app = app_of(ctx)
    span = parse_month(month or "last", today(app.clock))
    _run(app, span, out, as_zip, as_json, _command("month", span.slug, out, as_zip))


@app.command("year")
def export_year(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(help="Tax year: 2026", metavar="YEAR")],
    out: Out = None,
    as_zip: Zip = False,
    as_json: Json = False,
) -> None:
    """Write a year's package, with a Schedule C worksheet by line.

    Example: gig export year 2026 --zip
    """
    app = app_of(ctx)
    span = parse_year(year)
    _run(app, span, out, as_zip, as_json, _command("year", span.slug, out, as_zip))
