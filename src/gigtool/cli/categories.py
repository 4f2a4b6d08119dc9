"""`gig receipts categories`: expense categories and their Schedule C lines."""

from __future__ import annotations

from typing import Annotated

import typer

from gigtool.cli.context import app_of
from gigtool.cli.output import Csv, Json, emit_csv, emit_json, pick_format, say, table, visible
from gigtool.errors import InputError
from gigtool.money import categories as book
from gigtool.money import tax_tables as tax
from gigtool.money.checks import parse_percent
from gigtool.money.span import today

app = typer.Typer(help="Expense categories and their Schedule C lines.")


@app.callback(invoke_without_command=True)
def categories_list(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Tax year for line numbers (default: this year)")
    ] = None,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List expense categories with their Schedule C line for the tax year.

    Example: gig receipts categories --year 2025
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    tax_year = year or today(app.clock).year
    lines = tax.schedule_c(tax_year)
    cats = book.categories(app.db())
    rows = book.category_fields(cats, tax_year)
    if fmt == "json":
        emit_json(
            {
                "tax_year": tax_year,
                "form_year": lines.form_year,
                "note": lines.note,
                "categories": rows,
            }
        )
        return
    if fmt == "csv":
        emit_csv(rows, list(rows[0]))
        return
    notes = [f"Note: {lines.note}."] if lines.note else []
    notes += [
        f"{key}: {pct}% in {tax_year}, by {source}."
        for key, pct, source in book.year_shares(cats, tax_year)
    ]
    table(
        ["Key", "Category", "Line", ("Deductible", "right"), "Kind"],
        [
            [
                r["key"],
                r["label"]
                + (f" ({r['where']})" if r["where"] else "")
                + (" (say what with --note)" if r["needs_note"] else ""),
                r["schedule_c_line"] or "",
                f"{r['deductible_pct']}%",
                ("owner" if r["kind"] == "owner" else "") + ("" if r["builtin"] else "yours"),
            ]
            for r in rows
        ],
        title=f"Categories and Schedule C lines, tax year {tax_year}",
        caption="\n".join(notes) or None,
    )


@app.command("add")
def category_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key, like software", metavar="KEY")],
    label: Annotated[
        str, typer.Argument(help="What it is, like 'Software subscriptions'", metavar="LABEL")
    ],
    line: Annotated[
        str | None,
        typer.Option("--line", help="Schedule C line it goes on: a key (office) or number (18)"),
    ] = None,
    not_deductible: Annotated[
        bool, typer.Option("--not-deductible", help="A business cost that is not deductible")
    ] = False,
    deductible_pct: Annotated[
        str | None, typer.Option("--deductible-pct", help="Share that is deductible (default 100)")
    ] = None,
) -> None:
    """Add your own category, mapped to a Schedule C line or to not deductible.

    Example: gig receipts categories add software "Software subscriptions" --line office
    """
    app = app_of(ctx)
    if (line is None) == (not not_deductible):
        raise InputError("give exactly one of --line LINE and --not-deductible")
    year = today(app.clock).year
    cat = book.add_category(
        app.db(),
        app.clock,
        key,
        label,
        line=book.parse_line(line, year) if line else None,
        deductible_pct=parse_percent(deductible_pct, "deductible share") if deductible_pct else 100,
    )
    where = (
        f"Schedule C line {book.line_number(cat, year)} ({tax.LINES[cat.line]})"
        if cat.line
        else ("not deductible")
    )
    say(f"Added category {cat.key}: {visible(cat.label)}, {where}.")


@app.command("remove")
def category_remove(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Your category's key", metavar="KEY")],
) -> None:
    """Remove a category you added (only when no receipt uses it).

    Example: gig receipts categories remove software
    """
    cat = book.remove_category(app_of(ctx).db(), key)
    say(f"Removed category {cat.key}.")
