"""Toggl Track's detailed-report CSV, in the layouts and languages real exports come in.

Columns are matched by name. Since 2013 a row has `Start date` and `Start time`; older
exports (2011) have one `Start time` cell holding both (`03/24/2011 20:48`), with the
date written month or day first: the whole file decides which, and a file that shows
both orders is refused. `Billable` is read in every language Toggl's interface shipped
in. A team's export names each row's `User` and `Email`: the rows carry them, and the
import keeps one person's (see `importers.import_rows`).
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gigtool.amounts import Money
from gigtool.errors import InputError
from gigtool.safe_text import restore
from gigtool.tracking.importing.files import (
    Progress,
    checked_name,
    clean_tags,
    date_numbers,
    parse_date,
    parse_duration,
    parse_time,
    resolve_span,
    row_key,
    shown,
    text_lines,
    walls,
)
from gigtool.tracking.importing.rows import Bad, Note, Row, check_span, latest_end

_ALIASES = {
    "stop date": "end date",
    "stop time": "end time",
    "tag": "tags",
    "member": "user",  # newer exports name the person Member
}
_AMOUNT = re.compile(r"amount\s*\(\s*([a-z]{3})\s*\)")
_WHAT = "the CSV file Toggl exported (Reports → Detailed → CSV)"

# Yes and no as Toggl writes them from each interface language it has shipped in
# (English, German, French, Spanish, Portuguese, Italian, Japanese, Russian, Chinese,
# Dutch, Polish, Swedish, Danish, Norwegian, Finnish, Czech, Korean, Turkish, Ukrainian).
_YES = "yes y true 1 ja oui sí si sì sim はい да tak 是 是的 ano kyllä igen evet так 예 네 ναι jah"
_NO = "no n false 0 nein nee nej nei non não nao いいえ нет nie 否 不是 ne ei nem hayır hayir ні"
_NO += " 아니요 아니오 όχι"
_BILLABLE: dict[str, bool | None] = {
    **dict.fromkeys(_YES.split(), True),
    **dict.fromkeys(_NO.split(), False),
    "": None,
}


def _billable(text: str) -> bool | None:
    try:
        return _BILLABLE[text.casefold()]
    except KeyError:
        raise ValueError(
            f"Billable {text[:40]!r} is not a yes or no gig knows (Yes/No, Ja/Nein, Oui/Non, "
            "Sí/No, Sim/Não, はい/いいえ, Да/Нет, …)"
        ) from None


class _TogglParser:
    """Reads rows of one Toggl file. Names, tags and amounts repeat from row to row, so
    their checked forms are remembered: a 100,000-row file reads in a few seconds."""

    def __init__(
        self,
        header: list[str],
        source: str,
        zone: tzinfo,
        latest: int | None = None,
        date_order: Callable[[_TogglParser], bool] | None = None,
    ) -> None:
        self.latest = latest
        index: dict[str, int] = {}
        self.amounts: list[tuple[int, str]] = []  # (column, currency)
        for i, raw in enumerate(header):
            name = " ".join(raw.strip().lower().split())
            name = _ALIASES.get(name, name)
            if m := _AMOUNT.fullmatch(name):
                from gigtool.amounts import check_currency

                self.amounts.append((i, check_currency(m[1])))
            elif name and name not in index:
                index[name] = i
        # Before 2013 Toggl had no date columns: its Start time held the date as well.
        missing = [n for n in ("start date", "start time") if n not in index]
        if missing == ["start date"]:
            missing = []
        if not missing and "duration" not in index and "end time" not in index:
            missing = ["End date and End time (or Duration)"]
        if missing and (report := _other_report(index)):
            raise InputError(f"{source} looks like {report}")
        if missing:
            found = ", ".join(h.strip() for h in header if h.strip())[:200] or "nothing"
            wanted = " or ".join(m[:1].upper() + m[1:] for m in missing)
            raise InputError(
                f"{source} has no {wanted} column, so it is not a Toggl Track detailed report "
                f"(its header has: {found}); in Toggl, export Reports → Detailed → CSV"
            )
        self.source = source
        self.width = len(header)
        self.zone = zone
        self.names = (
            "start date",
            "start time",
            "end date",
            "end time",
            "duration",
            "project",
            "client",
            "description",
            "task",
            "billable",
            "tags",
            "user",
            "email",
        )
        self.columns = [index.get(name, -1) for name in self.names]
        self._date_order = date_order
        self.day_first: bool | None = None
        self.guessed_order: tuple[int, int] | None = None  # 05/10: no date told which
        self.unread_duration: str | None = None  # a Duration given up for start and end
        self._names: dict[tuple[str, str], str | None] = {}
        self._tags: dict[str, list[str]] = {}

    def _cells(self, cells: list[str]) -> list[str]:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        # A cell a spreadsheet-safe CSV marked as text ('=1+1) reads as what was typed.
        return [restore(cells[i].strip()) if i >= 0 else "" for i in self.columns]

    def _name(self, text: str, what: str) -> str | None:
        key = (text, what)
        if key not in self._names:
            self._names[key] = checked_name(text, what)
        return self._names[key]

    def _taglist(self, text: str) -> list[str]:
        found = self._tags.get(text)
        if found is None:
            found = self._tags[text] = clean_tags(text.split(","), split_commas=True)
        return list(found)

    def _duration(self, text: str, end_time: str) -> int | None:
        """The Duration cell, which only checks start and end when the row has both:
        written in a format gig does not know, it is set aside, not the row."""
        try:
            return parse_duration(text)
        except ValueError:
            if not end_time:
                raise
            self.unread_duration = self.unread_duration or text[:40]
            return None

    def user(self, raw: list[str]) -> tuple[str, str] | None:
        cells = self._cells(raw)
        name, email = cells[-2], cells[-1]
        return (name, email) if name or email else None

    def wall_time(self, day: str, clock: str, what: str) -> datetime:
        """`2026-11-03` and `09:15:00` (or `9:15 AM`), or one cell `03/24/2011 20:48`."""
        if not day and " " in clock.strip():
            day, clock = clock.strip().split(None, 1)
        if not day:
            raise ValueError(f"it has no {what.lower()} date (its {what} time is {clock[:40]!r})")
        if len(day) == 10 and day[4:5] == "-":
            try:
                moment = datetime.fromisoformat(f"{day}T{clock}")
                if moment.tzinfo is None:
                    return moment
            except ValueError:
                pass
        if self.day_first is None and date_numbers(day) and self._date_order:
            self.day_first = self._date_order(self)
        return datetime.combine(
            parse_date(day, f"{what} date", bool(self.day_first)),
            parse_time(clock, f"{what} time"),
        )

    def dates(self, raw: list[str]) -> Iterator[str]:
        """The date parts of a row's start and end cells."""
        start_date, start_time, end_date, end_time = self._cells(raw)[:4]
        for day, clock in ((start_date, start_time), (end_date, end_time)):
            yield day or (clock.split(None, 1)[0] if " " in clock else "")

    def row(self, raw: list[str], where: str) -> Row:
        (
            start_date,
            start_time,
            end_date,
            end_time,
            duration_text,
            project_text,
            client_text,
            description,
            task,
            billable_text,
            tags_text,
            user_name,
            user_email,
        ) = self._cells(raw)
        begin = self.wall_time(start_date, start_time, "Start")
        starts = walls(begin, self.zone)
        duration = self._duration(duration_text, end_time) if duration_text else None
        ends = None
        if end_time:
            if end_date or " " in end_time:
                finish = self.wall_time(end_date, end_time, "End")
            else:
                # An end time without an end date, earlier than the start: past midnight.
                finish = datetime.combine(begin.date(), parse_time(end_time, "End time"))
                if finish < begin:
                    finish += timedelta(days=1)
            ends = walls(finish, self.zone)
        start, end = resolve_span(starts, ends, duration)
        check_span(start, end, self.latest)
        project = self._name(project_text, "project")
        client = self._name(client_text, "client")
        if task:
            description = f"{task}: {description}" if description else task
        billable = _billable(billable_text)
        amount = None
        for column, currency in self.amounts:
            text = raw[column].strip() if column < len(raw) else ""
            if text:
                amount = _amount(text, currency)
                break
        key = row_key("toggl", start, end, client, project, description)
        return Row(
            where,
            key,
            start,
            end,
            project,
            client,
            description,
            self._taglist(tags_text),
            billable,
            amount,
            user=(user_name, user_email) if user_name or user_email else None,
            stated=duration if ends is not None else None,
        )


_DAYS = {
    *"mon tue wed thu fri sat sun".split(),
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
}
_DATE_COLUMN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?")


def _other_report(columns: dict[str, int]) -> str | None:
    """What a header without start times is, when it is a report people mistake for
    Toggl's detailed one: Toggl's weekly report has a column a day, its summary report
    a total a line; Harvest's export has a day and hours an entry."""
    detailed = "not the detailed report that lists each entry; in Toggl, export "
    detailed += "Reports → Detailed → CSV"
    days = [c for c in columns if c in _DAYS or _DATE_COLUMN.fullmatch(c)]
    if len(days) >= 2:
        return f"Toggl's weekly report (time per day), {detailed}"
    harvest = {"notes", "billable?", "first name", "project code"}
    if {"date", "hours"} <= columns.keys() and harvest & columns.keys():
        return (
            "Harvest's export (hours a day, no start or end), which gig cannot import: it "
            "needs each entry's start, as Toggl's detailed report, Watson and Timewarrior "
            "have it"
        )
    totals = {"duration", "time", "total", "hours", "decimal duration"}
    if totals & columns.keys() and {"project", "client", "user", "member"} & columns.keys():
        return f"Toggl's summary report (totals, no start times), {detailed}"
    return None


def _date_order(path: Path) -> Callable[[_TogglParser], bool]:
    """Decide, from every date in the file, whether 05/10/2011 is 10 May or 5 October."""

    def decide(parser: _TogglParser) -> bool:
        day_first = month_first = None
        ambiguous = None  # the numbers of a date like 05/10/2011 that either order reads
        reader = csv.reader(text_lines(path, None, _WHAT), delimiter=_delimiter(path))
        next(reader, None)
        for cells in reader:
            for day in parser.dates(cells):
                numbers = date_numbers(day)
                if numbers is None or "." in day:
                    continue  # 24.03.2011 is day first wherever it is written
                if (
                    ambiguous is None
                    and min(numbers) >= 1
                    and max(numbers) <= 12
                    and numbers[0] != numbers[1]
                ):
                    ambiguous = numbers
                # 24/10 is day first and 10/25 month first; 13/13 is no date at all.
                if numbers[0] > 12 >= numbers[1] and day_first is None:
                    day_first = day
                if numbers[1] > 12 >= numbers[0] and month_first is None:
                    month_first = day
            if day_first and month_first:
                raise InputError(
                    f"{parser.source} writes dates day first ({day_first}) and month first "
                    f"({month_first}); export it again with one date format"
                )
        undecided = day_first is None and month_first is None
        parser.guessed_order = ambiguous if undecided else None
        return day_first is not None

    return decide


def _delimiter(path: Path) -> str:
    """Toggl writes commas; a file opened and saved again in a spreadsheet set to a
    European locale has semicolons (or tabs): the header line says which."""
    with contextlib.closing(text_lines(path, None, _WHAT)) as lines:
        header = next(lines, "")
    if "," not in header:
        for other in (";", "\t"):
            if other in header:
                return other
    return ","


def read_toggl(
    path: Path, zone: tzinfo, progress: Progress | None = None, *, now: datetime | None = None
) -> Iterator[Row | Bad | Note]:
    """Rows of a Toggl Track detailed-report CSV, columns matched by name; with `now`, a row
    that ends more than a day after it is a bad row."""
    from gigtool.tracking.importing.sniff import elsewhere

    name = shown(path.name)
    if other := elsewhere(path, "toggl"):
        raise InputError(other)
    reader = csv.reader(text_lines(path, progress, _WHAT), delimiter=_delimiter(path))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{name} is empty; export a Toggl detailed report as CSV")
        parser = _TogglParser(header, name, zone, latest_end(now), _date_order(path))
        first_line = reader.line_num + 1
        # Toggl rows have no id: the key is their content, numbered when a file holds the
        # very same entry twice, so both come in once and a second import adds neither.
        seen: dict[str, int] = {}
        for cells in reader:
            where = f"line {first_line}"
            first_line = reader.line_num + 1
            if not any(cells):
                continue
            try:
                row = parser.row(cells, where)
            except OverflowError:  # a date next to year 1 or 9999, a day away from the edge
                yield Bad(where, "its dates are out of range", user=parser.user(cells))
                continue
            except ValueError as exc:
                if not any(cell.strip() for cell in cells):
                    continue
                yield Bad(where, str(exc), user=parser.user(cells))
                continue
            twins = seen.get(row.key, 0)
            seen[row.key] = twins + 1
            if twins:
                row.key += f"~{twins}"
            yield row
        if parser.unread_duration is not None:
            yield Note(
                f"The Duration column was not read ({parser.unread_duration!r} is not a "
                "duration like 01:30:00); the times come from start and end."
            )
        if parser.guessed_order:
            first, second = parser.guessed_order
            yield Note(
                f"Dates such as {first:02}/{second:02} were read month first "
                f"({second} {_MONTHS[first - 1]}, not {first} {_MONTHS[second - 1]}), as "
                "Toggl's US format writes them; no date in the file says otherwise."
            )
    except csv.Error as exc:
        raise InputError(f"{name} line {reader.line_num}: {exc}") from None


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_CENTS = re.compile(r"(\d{1,12})\.(\d\d)")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(\.\d{3})*,\d{1,2}|\d+,\d{1,2}")


_MOST = Decimal(10) ** 12


def _amount(text: str, currency: str) -> Money:
    from gigtool.amounts import minor_digits

    digits = minor_digits(currency)
    if digits == 2 and (m := _CENTS.fullmatch(text)):
        return Money(int(m[1]) * 100 + int(m[2]), currency)
    if len(text) > 30:
        raise ValueError(f"Amount {text[:30]!r}… is not a number like 135.00")
    # 1,234.50 groups thousands with its comma; 135,00 (a spreadsheet in a European
    # locale) writes the decimal point as one, and 1.234,50 does both.
    number = text.replace(",", "")
    if _DECIMAL_COMMA.fullmatch(text):
        number = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"Amount {text!r} is not a number like 135.00") from None
    if value < 0 or not value.is_finite():
        raise ValueError(f"Amount {text!r} is not a number like 135.00")
    if value >= _MOST:
        raise ValueError(f"Amount {text!r} is more than any one entry earns")
    return Money(int(value.scaleb(digits).to_integral_value()), currency)
