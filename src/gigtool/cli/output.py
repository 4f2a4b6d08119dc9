"""Rendering: Rich tables for people, --json and --csv for scripts."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.errors import InputError
from gigtool.safe_text import json_safe, printable, spreadsheet_cell
from gigtool.safe_text import visible as visible  # the one way to show user text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

# The options every list and destructive command shares, declared once.
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask")]


def say(message: str) -> None:
    """Print a line for the user. Interpolate user text with visible(); this last
    guard shows any control character that slipped through as a mark."""
    typer.echo(printable(str(message)))


def note(message: str) -> None:
    typer.echo(printable(str(message)), err=True)


def completions(names: Iterable[str], incomplete: str, *, exact_case: bool = False) -> list[str]:
    """What shell completion offers for the word being typed: the names it starts
    (case folded unless exact_case). A name holding a control character is never
    offered (the shell would print it raw, and no one types it); for bash, whose
    completion inserts each value as it is, a name with a space, quote, `$(…)` or
    glob in it comes quoted, so pressing Enter passes it as one word instead of
    running it."""
    fold = (lambda s: s) if exact_case else str.lower
    offered = [n for n in names if fold(n).startswith(fold(incomplete)) and n == visible(n)]
    if os.environ.get("_GIG_COMPLETE") == "complete_bash":
        # What was typed stays as typed (Typer keeps only values that start with it);
        # in the rest each character the shell would act on gets a backslash, as bash
        # completes file names: `Acme\ Corp`, `ba\$\(id\)`.
        return [incomplete + _SHELL_SPECIAL.sub(r"\\\g<0>", n[len(incomplete) :]) for n in offered]
    return offered


_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def pick_format(as_json: bool, as_csv: bool = False) -> str:
    if as_json and as_csv:
        raise InputError("choose one of --json and --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def emit_json(data: Any) -> None:
    """The data exactly, for scripts; control and bidi characters in it are written
    as \\u escapes, which read back the same and which no terminal obeys."""
    sys.stdout.write(json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def emit_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})


def csv_writer() -> Any:
    """A csv.writer on stdout whose rows go through csv_cell: for CSV written by hand."""
    writer = csv.writer(sys.stdout, lineterminator="\n")

    class Safe:
        def writerow(self, row: Sequence[Any]) -> None:
            writer.writerow([csv_cell(v) for v in row])

    return Safe()


def csv_cell(value: Any) -> Any:
    """One CSV cell: a text cell that a spreadsheet would run as a formula (`=1+1`,
    `@SUM(…)`, `＝…`) starts with an apostrophe; numbers stay numbers. On a terminal,
    control characters (newlines too: a row per line) are shown as marks; piped, the
    text is exact."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    value = spreadsheet_cell(value)
    if isinstance(value, str) and to_terminal():
        return visible(value)
    return value


def to_terminal() -> bool:
    """Whether a person reads stdout (a terminal), rather than a script or a file."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def console(*, stderr: bool = False) -> Console:
    """The Rich console every command prints through: markup, emoji codes and
    highlighting off, so a project called "[link=…]Pay[/link]" or ":fire:" prints as
    written. Style gig's own words with styled(), never with markup."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def styled(*parts: str | tuple[str, str]) -> Text:
    """Rich text from plain parts and (text, style) parts; every part is shown with
    visible(), so user text can go in any of them."""
    from rich.text import Text

    return Text.assemble(
        *((visible(p[0]), p[1]) if isinstance(p, tuple) else visible(p) for p in parts)
    )


def table(
    columns: Sequence[str | tuple[str, str]],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    footer: Sequence[str] | None = None,
    caption: str | None = None,
) -> None:
    """A Rich table; a column given as (name, "right") is right-aligned and holds
    numbers, which are never cut (see print_table). Every cell is shown with
    visible(): as written, a newline or an escape in user text as a mark. The
    title, caption and footers are gig's own words and may hold line breaks."""
    from rich.table import Table

    grid = Table(
        title=title,
        caption=caption,
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
            footer=footer[i] if footer else "",
            no_wrap=justify == "right",
        )
    for row in rows:
        grid.add_row(*(visible(cell) for cell in row))
    print_table(grid)


def print_table(grid: Table, out: Console | None = None) -> None:
    """Print a table so that a person can trust what they read, whatever the width:
    every text is shown as written (no markup, controls as marks), and a number, an
    amount or a currency code is never cut. Numeric columns are those that do not
    wrap (no_wrap or right-aligned); the other columns wrap, and when the numbers
    alone do not fit, columns are left out, from the right, with a note saying which."""
    out = out or console()
    _disarm(grid)
    dropped = _fit(grid, out)
    out.print(grid)
    if dropped:
        names = ", ".join(dropped)
        out.print(styled((f"Left out to fit {out.width} columns: {names}.", "dim")))


def _disarm(grid: Table) -> None:
    """Every string in the table becomes plain Text (never markup) with its control
    characters shown; styled Text keeps its styles (the marks are one for one)."""
    from rich.text import Text

    def safe(cell: Any) -> Any:
        if isinstance(cell, str):
            return Text(printable(cell))
        if isinstance(cell, Text):
            cell.plain = printable(cell.plain)
        return cell

    grid.title = safe(grid.title)
    grid.caption = safe(grid.caption)
    for column in grid.columns:
        column.header = safe(column.header)
        column.footer = safe(column.footer)
        column._cells = [safe(cell) for cell in column._cells]


_NARROWEST = 8  # a text column is not wrapped narrower than this (or its widest cell)
_SHORT = 16  # a cell this short with a digit in it is a figure: a date, a time, an id
_WORD = 12  # a word up to this long is not folded
# A word with a digit in it (an amount, a time, an invoice number) is a figure, kept
# whole; one longer than any figure (a link) may fold like any other long word.
_NUMBER_WORD = re.compile(r"\S*\d\S*")
_FIGURE = 24


def _fit(grid: Table, out: Console) -> list[str]:
    """Set column widths so the table fits the terminal without cutting a number;
    return the headers of the columns left out."""
    from rich.cells import cell_len
    from rich.text import Text

    if not grid.columns:
        return []
    options = out.options

    def whole(column: Column) -> bool:
        return column.no_wrap or column.justify == "right" or column.width is not None

    def widest(column: Column) -> int:
        measured = grid._measure_column(out, options, column)
        return max(measured.maximum - grid._get_padding_width(column._index), 0)

    def narrowest(column: Column, natural: int) -> int:
        if whole(column):
            return natural
        # Kept whole too: the header's words, a short cell with a digit (a date like
        # "Mon 23 Nov"), a figure inside text (an amount in a description), and words
        # up to a dozen letters, and options; only longer words are folded.
        texts = [c.plain for c in [column.header, *column._cells] if isinstance(c, Text)]
        widths = [cell_len(word) for word in texts[0].split()] if texts else []
        for text in texts[1:]:
            if len(text) <= _SHORT and any(ch.isdigit() for ch in text):
                widths.append(cell_len(text))
            widths += [n for word in _NUMBER_WORD.findall(text) if (n := cell_len(word)) <= _FIGURE]
            # An option (--project-tag) is something to type: kept whole like a figure.
            widths += [
                cell_len(word) if word.startswith("--") else min(cell_len(word), _WORD)
                for word in text.split()
            ]
        return min(natural, max([_NARROWEST, *widths]))

    def room(columns: list[Column]) -> int:
        pads = sum(grid._get_padding_width(c._index) for c in columns)
        return out.width - pads - grid._extra_width

    natural = {id(c): widest(c) for c in grid.columns}
    if sum(natural.values()) <= room(grid.columns):
        return []
    least = {id(c): narrowest(c, natural[id(c)]) for c in grid.columns}
    # Left out first: unnamed columns (a bar), then empty ones (a day with no time),
    # then text from the right, then numbers from the right; the first column, which
    # says what a row is, stays.
    order = sorted(
        grid.columns[1:],
        key=lambda c: (bool(_plain(c.header)), not _empty(c), whole(c), -c._index),
    )
    place = {id(c): c._index for c in grid.columns}
    dropped: list[Column] = []
    while sum(least[id(c)] for c in grid.columns) > room(grid.columns) and order:
        gone = order.pop(0)
        grid.columns.remove(gone)
        for i, column in enumerate(grid.columns):
            column._index = i
        dropped.append(gone)
    widths = {id(c): natural[id(c)] for c in grid.columns}
    excess = sum(widths.values()) - room(grid.columns)
    while excess > 0:
        # Narrow the widest text column that can still give, one cell at a time; the
        # first column, which names the row (a key, a project), gives last.
        give = [c for c in grid.columns if widths[id(c)] > least[id(c)]]
        if not give:
            break
        column = max(give, key=lambda c: (c is not grid.columns[0], widths[id(c)]))
        widths[id(column)] -= 1
        excess -= 1
    for column in grid.columns:
        if not whole(column):
            column.overflow = "fold"  # wrap inside a long word rather than cut it
        column.width = widths[id(column)]
    dropped.sort(key=lambda c: place[id(c)])  # named in the table's order
    return [_plain(c.header) for c in dropped if _plain(c.header)]


def _empty(column: Column) -> bool:
    return all(_plain(cell).strip() in _NOTHING for cell in column._cells)


_NOTHING = ("", "·", "-", "—")


def _plain(cell: Any) -> str:
    from rich.text import Text

    return cell.plain if isinstance(cell, Text) else str(cell or "")


def confirm(question: str, yes: bool) -> None:
    """Ask before destroying something; `--yes` answers for scripts."""
    if yes:
        return
    try:
        agreed = typer.confirm(printable(question), default=False)
    except typer.Abort:
        typer.echo()
        agreed = False
    if not agreed:
        note("Nothing changed (pass --yes to skip this question).")
        raise typer.Exit(1)
