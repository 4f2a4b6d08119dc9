"""Rendering: Rich tables for people, --json and --csv for scripts."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from gigtool.errors import InputError

# The options every list and destructive command shares, declared once.
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask")]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str | None) -> str:
    """User text for the terminal: a control character (an escape sequence in a
    vendor's name, say) becomes a visible mark instead of steering the terminal."""
    return _CONTROL.sub("\ufffd", text or "")


def say(message: str) -> None:
    typer.echo(message)


def note(message: str) -> None:
    typer.echo(message, err=True)


def pick_format(as_json: bool, as_csv: bool = False) -> str:
    if as_json and as_csv:
        raise InputError("choose one of --json and --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def emit_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ",".join(v) if isinstance(v, list) else _cell(v) for k, v in row.items()}
        )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def table(
    columns: Sequence[str | tuple[str, str]],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    footer: Sequence[str] | None = None,
    caption: str | None = None,
) -> None:
    """A Rich table; a column given as (name, "right") is right-aligned. Every cell is
    shown as written: Rich markup in user text (a vendor called "[red]x") is printed,
    not run."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def shown(text: str | None) -> Text | None:
        return None if text is None else Text(visible(text))

    grid = Table(
        title=shown(title),
        caption=shown(caption),
        show_footer=footer is not None,
        box=None,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
    )
    for i, column in enumerate(columns):
        name, justify = column if isinstance(column, tuple) else (column, "left")
        grid.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            footer=shown(footer[i]) or "" if footer else "",
            no_wrap=justify == "right",
        )
    for row in rows:
        grid.add_row(*(shown(cell) for cell in row))
    Console().print(grid)


def confirm(question: str, yes: bool) -> None:
    """Ask before destroying something; `--yes` answers for scripts."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:
        typer.echo()
        agreed = False
    if not agreed:
        note("Nothing changed (pass --yes to skip this question).")
        raise typer.Exit(1)
