"""Writing a sheet as CSV and as Excel, safe for spreadsheets: every text cell that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
CSV-injection rule); numbers are written as numbers; CSVs are UTF-8 with a byte-order
mark so Excel reads the accents and emoji right."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from gigtool.money.sheets import Cell, Sheet
from gigtool.safe_text import neutralise  # the one rule for every CSV and workbook cell
from gigtool.store import files as safe_files


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def csv_bytes(sheet: Sheet, *, bom: bool = True, rows: Sequence[list[Cell]] | None = None) -> bytes:
    """A sheet as CSV: CRLF lines, every text cell neutralised."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in sheet.columns])
    for row in sheet.rows if rows is None else rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")


def write_new(path: Path, data: bytes) -> None:
    """A new private file; never over an existing one."""
    with safe_files.new_file(path) as fh:
        fh.write(data)


def write_csv(path: Path, sheet: Sheet) -> None:
    write_new(path, csv_bytes(sheet))


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        widths = [len(c) for c in sheet.columns]
        for col, name in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=col, value=name)
            cell.font = bold
        for r, row in enumerate(sheet.rows, start=2):
            for col, value in enumerate(row, start=1):
                if isinstance(value, str):
                    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(value))
                    cell = ws.cell(row=r, column=col, value=text)
                    cell.data_type = "s"  # never a formula or an error code like #N/A
                    widths[col - 1] = max(widths[col - 1], min(len(text), 60))
                else:
                    cell = ws.cell(row=r, column=col, value=value)
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
                        widths[col - 1] = max(widths[col - 1], 10)
                    elif isinstance(value, Decimal):
                        digits = max(0, -int(value.as_tuple().exponent))
                        cell.number_format = "0." + "0" * digits if digits else "0"
                        widths[col - 1] = max(widths[col - 1], len(f"{value:f}"))
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width + 2
        ws.freeze_panes = "A2"
    with safe_files.new_file(path) as fh:
        book.save(fh)
