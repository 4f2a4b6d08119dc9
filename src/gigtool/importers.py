"""Moving in: Toggl Track CSV, Watson frames and Timewarrior data, and Toggl CSV back out.

Each reader turns a file into `Row`s (or `Bad` rows with where they are), streaming, so a
large file never sits in memory as objects. `import_rows` writes them all in ONE
transaction after an automatic backup: a bad row stops the import with nothing written,
unless the caller asked to skip bad rows. Every row carries a stable import key (the
source plus the row's own content or id), so importing the same file again adds nothing.
No printing here: progress goes to a callback, the outcome comes back as `ImportResult`.

Decisions worth knowing: a Timewarrior interval with no end is its running timer and is
left out (listed as not imported; stop it there and import again), as are rows of zero
length; an entry already in gig with the same times, project and description counts as
already there, so a gig export imported back adds nothing; a project the import creates
takes the hourly rate Toggl's amounts imply, when every row agrees on it to the cent.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gigtool.clock import Clock
from gigtool.errors import InputError
from gigtool.money import Money
from gigtool.reports import Item, amount_cents
from gigtool.safe_text import restore

Progress = Callable[[int], None]  # called with the bytes read so far
BATCH = 2000
SAMPLE = 10
_PROGRESS_EVERY = 1 << 16


@dataclass
class Row:
    """One entry read from a file, times in Unix seconds UTC."""

    where: str
    key: str
    start: int
    end: int
    project: str | None = None
    client: str | None = None
    description: str = ""
    tags: list[str] = field(default_factory=list)
    billable: bool | None = None
    amount: Money | None = None


@dataclass(frozen=True)
class Bad:
    """A row that cannot be read: where it is (`line 12`) and what is wrong with it.

    `ignore` marks a row that is fine but has nothing to import yet (a running timer)."""

    where: str
    reason: str
    ignore: bool = False


@dataclass
class ImportResult:
    source: str
    dry_run: bool = False
    added: int = 0
    already: int = 0
    skipped: list[Bad] = field(default_factory=list)  # malformed, with --skip-bad
    ignored: list[Bad] = field(default_factory=list)  # running or empty: nothing to import
    new_clients: list[str] = field(default_factory=list)
    new_projects: list[str] = field(default_factory=list)
    rates: dict[str, Money] = field(default_factory=dict)  # rates learnt for new projects
    sample: list[Row] = field(default_factory=list)  # the first rows added
    first: int | None = None
    last: int | None = None
    backup: Path | None = None


class ImportStopped(InputError):
    """A malformed row stopped the import; nothing was written."""


# Reading files as lines, with progress ----------------------------------------------------------


def _text_lines(path: Path, progress: Progress | None) -> Iterator[str]:
    """The file's lines, decoded as UTF-8 (a leading byte-order mark dropped)."""
    done = reported = 0
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            done += len(raw)
            if progress and done - reported >= _PROGRESS_EVERY:
                progress(done)
                reported = done
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(
                    f"{path.name} line {number} is not UTF-8 text; export it again as UTF-8"
                ) from None
            yield text
    if progress:
        progress(done)


# Wall-clock times -------------------------------------------------------------------------------


def _zone_label(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)


def _walls(naive: datetime, zone: tzinfo) -> list[int]:
    """The instants a wall-clock time can mean: one, or two when the clocks fell back.

    Per PEP 495, fold=0 reads a time with the offset from before a change and fold=1 with
    the one after: the two readings agree (an ordinary time), come in order (a repeated
    time) or out of order (a time the clocks skipped).
    """
    local = (naive - _EPOCH) // _SECOND
    before, after = zone.utcoffset(naive), zone.utcoffset(naive.replace(fold=1))
    first = local - (before // _SECOND if before is not None else 0)
    second = local - (after // _SECOND if after is not None else 0)
    if first == second:
        return [first]
    if first < second:
        return [first, second]
    raise ValueError(
        f"{naive:%Y-%m-%d %H:%M:%S} does not exist in {_zone_label(zone)} (the clocks jumped "
        "forward past it); was the file written in another zone? Say which with --tz"
    )


def resolve_span(start: list[int], end: list[int] | None, duration: int | None) -> tuple[int, int]:
    """Pick the start and end a row means when a DST change makes its wall times ambiguous.

    The duration, when the row has one, decides; otherwise the earliest reading that ends
    after it starts. An entry wholly inside the repeated hour of a fall-back night reads
    the same either way (the file has no UTC offsets): it is taken as the first pass.
    """
    if end is None:
        if duration is None:
            raise ValueError("it has neither an end nor a duration")
        return start[0], start[0] + duration
    pairs = [(s, e) for s in start for e in end]
    if duration is not None:
        for s, e in pairs:
            if e - s == duration:
                return s, e
    for s, e in pairs:
        if e > s:
            return s, e
    for s, e in pairs:
        if e == s:
            return s, e
    raise ValueError("it ends before it starts")


_LEEWAY = 86400  # an entry may end up to a day after now (clocks and zones disagree)


def latest_end(now: datetime | None) -> int | None:
    """The latest end an imported entry may have: a day after `now` (no limit without one)."""
    return None if now is None else int(now.timestamp()) + _LEEWAY


def check_span(start: int, end: int, latest: int | None) -> None:
    """Refuse times no entry can have (the checks every way into the log shares), ending
    more than a day after now (`latest`): a corrupt file, or the wrong column, not work."""
    from gigtool.errors import GigError
    from gigtool.spans import check_times

    now = None if latest is None else latest - _LEEWAY
    try:
        check_times(start, end, now=now, grace=_LEEWAY, allow_empty=True)
    except GigError as exc:
        raise ValueError(str(exc)) from None


_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?\s*")
_DURATION = re.compile(r"\s*(\d+):(\d{2})(?::(\d{2}))?\s*")


def _parse_date(text: str, what: str) -> date:
    m = _DATE.fullmatch(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValueError(f"{what} {text!r} is not a date like 2026-11-03")


def _parse_time(text: str, what: str) -> time:
    m = _TIME.fullmatch(text)
    if m:
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if m[4]:
            hour = hour % 12 + (12 if m[4].lower() == "p" else 0) if 1 <= hour <= 12 else 99
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise ValueError(f"{what} {text!r} is not a time like 09:15:00")


def _parse_duration(text: str) -> int:
    m = _DURATION.fullmatch(text)
    if not m or int(m[2]) > 59 or int(m[3] or 0) > 59:
        raise ValueError(f"Duration {text!r} is not a duration like 01:30:00")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0)


def _key(source: str, *parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{source}:" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _name(text: str | None, what: str) -> str | None:
    from gigtool.catalog import check_name

    if text is None or not text.strip():
        return None
    try:
        return check_name(text, what)
    except InputError as exc:
        raise ValueError(str(exc)) from None


def _tags(words: Iterable[str]) -> list[str]:
    from gigtool.tracking import clean_tags

    # A comma separates tags in gig as in Toggl; an empty piece ("call," from Watson)
    # is dropped rather than failing the import.
    parts = (p for w in words for p in w.split(","))
    try:
        return clean_tags(p for p in parts if p.strip().lstrip("+").strip())
    except InputError as exc:
        raise ValueError(str(exc)) from None


# Toggl Track --------------------------------------------------------------------------------------

TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
]
_TOGGL_ALIASES = {
    "stop date": "end date",
    "stop time": "end time",
    "tag": "tags",
}
_AMOUNT = re.compile(r"amount\s*\(\s*([a-z]{3})\s*\)")


class _TogglParser:
    """Reads rows of one Toggl file. Names, tags and amounts repeat from row to row, so
    their checked forms are remembered: a 100,000-row file reads in a few seconds."""

    def __init__(
        self, header: list[str], source: str, zone: tzinfo, latest: int | None = None
    ) -> None:
        self.latest = latest
        index: dict[str, int] = {}
        self.amounts: list[tuple[int, str]] = []  # (column, currency)
        for i, raw in enumerate(header):
            name = " ".join(raw.strip().lower().split())
            name = _TOGGL_ALIASES.get(name, name)
            if m := _AMOUNT.fullmatch(name):
                from gigtool.money import check_currency

                self.amounts.append((i, check_currency(m[1])))
            elif name and name not in index:
                index[name] = i
        missing = [n for n in ("start date", "start time") if n not in index]
        if not missing and "duration" not in index and not {"end date", "end time"} <= set(index):
            missing = ["End date and End time (or Duration)"]
        if missing:
            found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
            wanted = " or ".join(m[:1].upper() + m[1:] for m in missing)
            raise InputError(
                f"{source} has no {wanted} column, so it is not a Toggl Track detailed report "
                f"(its header has: {found}); in Toggl, export Reports → Detailed → CSV"
            )
        self.width = len(header)
        self.zone = zone
        self.columns = [
            index.get(name, -1)
            for name in (
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
            )
        ]
        self._names: dict[tuple[str, str], str | None] = {}
        self._tags: dict[str, list[str]] = {}
        self._stamps: dict[tuple[str, str], datetime] = {}

    def _cells(self, cells: list[str]) -> list[str]:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        # A cell a spreadsheet-safe CSV marked as text ('=1+1) reads as what was typed.
        return [restore(cells[i].strip()) if i >= 0 else "" for i in self.columns]

    def _name(self, text: str, what: str) -> str | None:
        found = self._names.get((text, what), _UNSEEN)
        if found is _UNSEEN:
            found = self._names[(text, what)] = _name(text, what)
        return found  # type: ignore[return-value]

    def _taglist(self, text: str) -> list[str]:
        found = self._tags.get(text)
        if found is None:
            found = self._tags[text] = _tags(text.split(","))
        return list(found)

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
        ) = self._cells(raw)
        begin = _wall_time(start_date, start_time, "Start")
        starts = _walls(begin, self.zone)
        duration = _parse_duration(duration_text) if duration_text else None
        ends = None
        if end_time:
            if end_date:
                finish = _wall_time(end_date, end_time, "End")
            else:
                # An end time without an end date, earlier than the start: past midnight.
                finish = datetime.combine(begin.date(), _parse_time(end_time, "End time"))
                if finish < begin:
                    finish += timedelta(days=1)
            ends = _walls(finish, self.zone)
        start, end = resolve_span(starts, ends, duration)
        check_span(start, end, self.latest)
        project = self._name(project_text, "project")
        client = self._name(client_text, "client")
        if task:
            description = f"{task}: {description}" if description else task
        billable = _BILLABLE.get(billable_text.lower(), _UNSEEN)
        if billable is _UNSEEN:
            raise ValueError(f"Billable {billable_text!r} is not Yes or No")
        amount = None
        for column, currency in self.amounts:
            text = raw[column].strip() if column < len(raw) else ""
            if text:
                amount = _amount(text, currency)
                break
        key = _key("toggl", start, end, client, project, description)
        return Row(
            where,
            key,
            start,
            end,
            project,
            client,
            description,
            self._taglist(tags_text),
            billable,  # type: ignore[arg-type]
            amount,
        )


_UNSEEN = object()
_BILLABLE: dict[str, object] = {
    **dict.fromkeys(("yes", "true", "1", "y"), True),
    **dict.fromkeys(("no", "false", "0", "n"), False),
    "": None,
}


def _wall_time(day: str, clock: str, what: str) -> datetime:
    """`2026-11-03` and `09:15:00` (or `9:15 AM`) → a naive wall-clock datetime."""
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}")
        if moment.tzinfo is None and len(day) == 10:
            return moment
    except ValueError:
        pass
    return datetime.combine(_parse_date(day, f"{what} date"), _parse_time(clock, f"{what} time"))


def read_toggl(
    path: Path, zone: tzinfo, progress: Progress | None = None, *, now: datetime | None = None
) -> Iterator[Row | Bad]:
    """Rows of a Toggl Track detailed-report CSV, columns matched by name; with `now`, a row
    that ends more than a day after it is a bad row."""
    reader = csv.reader(_text_lines(path, progress))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path.name} is empty; export a Toggl detailed report as CSV")
        parser = _TogglParser(header, path.name, zone, latest_end(now))
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
                yield Bad(where, "its dates are out of range")
                continue
            except ValueError as exc:
                if not any(cell.strip() for cell in cells):
                    continue
                yield Bad(where, str(exc))
                continue
            twins = seen.get(row.key, 0)
            seen[row.key] = twins + 1
            if twins:
                row.key += f"~{twins}"
            yield row
    except csv.Error as exc:
        raise InputError(f"{path.name} line {reader.line_num}: {exc}") from None


_CENTS = re.compile(r"(\d+)\.(\d\d)")


def _amount(text: str, currency: str) -> Money:
    from gigtool.money import minor_digits

    digits = minor_digits(currency)
    if digits == 2 and (m := _CENTS.fullmatch(text)):
        return Money(int(m[1]) * 100 + int(m[2]), currency)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"Amount {text!r} is not a number like 135.00") from None
    if value < 0:
        raise ValueError(f"Amount {text!r} is negative")
    return Money(int(value.scaleb(digits).to_integral_value()), currency)


# Watson ---------------------------------------------------------------------------------------


def read_watson(
    path: Path, progress: Progress | None = None, *, now: datetime | None = None
) -> Iterator[Row | Bad]:
    """Frames of Watson's `frames` file: [start, stop, project, id, tags, updated_at]; with
    `now`, a frame that ends more than a day after it is a bad row."""
    import json

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; is it Watson's frames file?") from None
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\r\n]*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    if not text.strip():
        return
    if text[pos : pos + 1] != "[":
        raise InputError(f"{path.name} is not Watson's frames file: it should be a JSON list")
    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
    line, counted, number = 1, 0, 0
    reported = 0
    latest = latest_end(now)
    while pos < len(text) and text[pos] != "]":
        try:
            frame, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name} line {exc.lineno}: not valid JSON ({exc.msg})") from None
        line += text.count("\n", counted, pos)
        counted = pos
        number += 1
        where = f"line {line} (frame {number})"
        try:
            yield _watson_row(frame, where, latest)
        except ValueError as exc:
            yield Bad(where, str(exc))
        pos = ws.match(text, end).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
        elif text[pos : pos + 1] != "]":
            lineno = line + text.count("\n", counted, pos)
            raise InputError(f"{path.name} line {lineno}: expected , or ] between frames")
        if progress and pos - reported >= _PROGRESS_EVERY:
            progress(pos)
            reported = pos
    if progress:
        progress(len(text))


def _stamp(value: object, what: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise ValueError(f"the {what} {value!r} is not a Unix timestamp")
    return int(value)


def _watson_row(frame: object, where: str, latest: int | None = None) -> Row:
    if not isinstance(frame, list) or not 4 <= len(frame) <= 6:
        raise ValueError("a frame is a list of 4 to 6 items: [start, stop, project, id, ...]")
    start, end = _stamp(frame[0], "start"), _stamp(frame[1], "stop")
    if end < start:
        raise ValueError("it stops before it starts")
    check_span(start, end, latest)
    if not isinstance(frame[2], str) or not frame[2].strip():
        raise ValueError(f"the project {frame[2]!r} is not a name")
    project = _name(frame[2], "project")
    frame_id = frame[3]
    if not isinstance(frame_id, str | int) or not str(frame_id).strip():
        raise ValueError(f"the id {frame_id!r} is not a frame id")
    raw_tags = frame[4] if len(frame) > 4 and frame[4] is not None else []
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise ValueError("the tags are not a list of words")
    return Row(where, f"watson:{frame_id}", start, end, project, tags=_tags(raw_tags))


# Timewarrior ------------------------------------------------------------------------------------

_TIMEW_FILE = re.compile(r"\d{4}-\d{2}\.data")
_TIMEW_LINE = re.compile(r"inc\s+(\d{8}T\d{6}Z)(?:\s+-\s+(\d{8}T\d{6}Z))?\s*(?:#(.*))?")


def timew_files(folder: Path) -> list[Path]:
    """The monthly data files of a Timewarrior folder (the database or its `data/`)."""
    if not folder.exists():
        raise InputError(f"there is no folder {folder}; give Timewarrior's data folder")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; give Timewarrior's data folder")
    data = folder / "data" if (folder / "data").is_dir() else folder
    files = sorted(p for p in data.iterdir() if _TIMEW_FILE.fullmatch(p.name))
    if not files:
        raise InputError(
            f"no Timewarrior data files (YYYY-MM.data) in {data}; give the folder that holds "
            "them, usually ~/.local/share/timewarrior or ~/.timewarrior"
        )
    return files


def read_timew(
    folder: Path,
    project: str | None = None,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> Iterator[Row | Bad]:
    """Intervals of Timewarrior's data files; the first tag is the project unless one is given.
    With `now`, an interval that ends more than a day after it is a bad row.

    An open interval (`inc START # tags`, no end) is Timewarrior's running timer: it is
    reported as ignored, to import once it is stopped there.
    """
    fixed = _name(project, "project") if project else None
    latest = latest_end(now)
    done = 0
    for path in timew_files(folder):
        size = path.stat().st_size

        def step(n: int, base: int = done) -> None:
            if progress:
                progress(base + n)

        for number, text in enumerate(_text_lines(path, step), start=1):
            line = text.strip()
            if not line:
                continue
            where = f"{path.name} line {number}"
            try:
                yield _timew_row(line, where, fixed, latest)
            except ValueError as exc:
                yield Bad(where, str(exc))
        done += size


def _timew_row(line: str, where: str, project: str | None, latest: int | None = None) -> Row | Bad:
    import shlex

    m = _TIMEW_LINE.fullmatch(line)
    if not m:
        raise ValueError("not a Timewarrior interval (inc START - END # tags)")
    start = _timew_stamp(m[1])
    if m[2] is None:
        return Bad(where, "still running in Timewarrior; stop it there and import again", True)
    end = _timew_stamp(m[2])
    check_span(start, end, latest)
    try:
        words = shlex.split(m[3] or "")
    except ValueError as exc:
        raise ValueError(f"cannot read its tags ({exc})") from None
    annotation = ""
    if "#" in words:
        at = words.index("#")
        words, annotation = words[:at], " ".join(words[at + 1 :])
    if project is None and words:
        project, words = _name(words[0], "project"), words[1:]
    row = Row(where, f"timew:{start}-{end}", start, end, project, tags=_tags(words))
    row.description = annotation.strip()
    return row


def _timew_stamp(text: str) -> int:
    try:
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a time") from None
    return int(moment.timestamp())


# Writing ----------------------------------------------------------------------------------------


class _Sink:
    """Resolves names to ids (creating them unless dry-run) and inserts batches of rows."""

    def __init__(self, conn: sqlite3.Connection, now: int, zone: str, result: ImportResult):
        self.conn = conn
        self.now = now
        self.zone = zone
        self.result = result
        self.dry = result.dry_run
        self.keys: set[str] = set()
        self.matched: Counter[tuple[int, int, str, str]] = Counter()
        self.projects: dict[str, tuple[int, bool]] = {}  # name → (id, billable)
        self.clients: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.new_project_names: dict[int, str] = {}
        self.amounts: dict[int, list[tuple[int, Money]]] = {}  # new project → (secs, amount)
        self.fake = 0
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'time_entry'").fetchone()
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM time_entry").fetchone()[0]
        self.next_id = max(int(seq[0]) if seq else 0, int(top)) + 1

    def _fake_id(self) -> int:
        self.fake -= 1
        return self.fake

    def client(self, name: str) -> int:
        found = self.clients.get(name.lower())
        if found is not None:
            return found
        from gigtool.catalog import find_client  # a renamed client answers to its old name

        row = find_client(self.conn, name)
        if row:
            cid = row[0]
        elif self.dry:
            cid = self._fake_id()
            self.result.new_clients.append(name)
        else:
            cur = self.conn.execute(
                "INSERT INTO client (name, archived, created_at) VALUES (?, 0, ?)",
                (name, self.now),
            )
            cid = int(cur.lastrowid or 0)
            self.result.new_clients.append(name)
        self.clients[name.lower()] = cid
        return cid

    def project(self, name: str, client: str | None) -> tuple[int, bool]:
        found = self.projects.get(name.lower())
        if found is not None:
            return found
        row = self.conn.execute(
            "SELECT id, billable FROM project WHERE name = ?", (name,)
        ).fetchone()
        if row:
            found = (int(row[0]), bool(row[1]))
        else:
            cid = self.client(client) if client else None
            if self.dry:
                pid = self._fake_id()
            else:
                cur = self.conn.execute(
                    "INSERT INTO project (name, client_id, billable, archived, created_at) "
                    "VALUES (?, ?, 1, 0, ?)",
                    (name, cid if cid and cid > 0 else None, self.now),
                )
                pid = int(cur.lastrowid or 0)
            self.result.new_projects.append(name)
            self.new_project_names[pid] = name
            found = (pid, True)
        self.projects[name.lower()] = found
        return found

    def tag(self, name: str) -> int:
        found = self.tags.get(name.lower())
        if found is None:
            row = self.conn.execute("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()
            if row:
                found = int(row[0])
            elif self.dry:
                found = self._fake_id()
            else:
                found = int(
                    self.conn.execute("INSERT INTO tag (name) VALUES (?)", (name,)).lastrowid or 0
                )
            self.tags[name.lower()] = found
        return found

    def _known(self, rows: list[Row]) -> set[str]:
        """Keys already in the database, and rows whose very entry is already there
        (same times, project and description: a gig export coming back, say)."""
        known: set[str] = set()
        keys = [r.key for r in rows]
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            known.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT import_key FROM time_entry WHERE import_key IN ({marks})", chunk
                )
            )
        starts = sorted({r.start for r in rows if r.key not in known})
        present: Counter[tuple[int, int, str, str]] = Counter()
        for i in range(0, len(starts), 500):
            chunk_starts = starts[i : i + 500]
            marks = ",".join("?" * len(chunk_starts))
            present.update(
                (r[0], r[1], (r[2] or "").lower(), r[3])
                for r in self.conn.execute(
                    "SELECT e.start_utc, e.end_utc, p.name, e.description FROM time_entry e "
                    f"LEFT JOIN project p ON p.id = e.project_id WHERE e.start_utc IN ({marks})",
                    chunk_starts,
                )
            )
        for r in rows:
            if r.key in known:
                continue
            same = (r.start, r.end, (r.project or "").lower(), r.description)
            # Each existing entry stands for one row: two identical rows against one
            # identical entry add the second.
            if self.matched[same] < present[same]:
                self.matched[same] += 1
                known.add(r.key)
        return known

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        known = self._known(rows)
        entries: list[tuple[object, ...]] = []
        tag_links: list[tuple[int, int]] = []
        for row in rows:
            if row.key in known or row.key in self.keys:
                self.result.already += 1
                continue
            self.keys.add(row.key)
            project_id, project_billable = (None, True)
            if row.project:
                project_id, project_billable = self.project(row.project, row.client)
            billable = project_billable if row.billable is None else row.billable
            if project_id in self.new_project_names and row.amount and row.end > row.start:
                self.amounts.setdefault(project_id, []).append((row.end - row.start, row.amount))
            entry_id = self.next_id
            self.next_id += 1
            stored_project = project_id if project_id and project_id > 0 else None
            entries.append(
                (
                    entry_id,
                    stored_project,
                    row.description,
                    row.start,
                    row.end,
                    self.zone,
                    billable,
                    row.key,
                    self.now,
                    self.now,
                )
            )
            tag_links.extend((entry_id, self.tag(t)) for t in row.tags)
            result = self.result
            result.added += 1
            result.first = row.start if result.first is None else min(result.first, row.start)
            result.last = row.end if result.last is None else max(result.last, row.end)
            if len(result.sample) < SAMPLE:
                result.sample.append(row)
        if self.dry:
            return
        self.conn.executemany(
            "INSERT INTO time_entry (id, project_id, description, start_utc, end_utc, tz, "
            "billable, import_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entries,
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id) VALUES (?, ?)", tag_links
        )

    def learn_rates(self) -> None:
        """A new project's hourly rate, when every Toggl amount for it agrees on one."""
        for pid, seen in self.amounts.items():
            rate = learnt_rate(seen)
            if rate is None:
                continue
            self.result.rates[self.new_project_names[pid]] = rate
            if not self.dry:
                self.conn.execute(
                    "UPDATE project SET rate_cents = ?, currency = ? WHERE id = ?",
                    (rate.cents, rate.currency, pid),
                )


def learnt_rate(seen: list[tuple[int, Money]]) -> Money | None:
    """The hourly rate that explains every (seconds, amount) pair, if there is one.

    Each pair allows a range of rates (a 20-minute entry of 16.67 fits anything from 50.00
    to 50.02 an hour); the rate is the roundest one in all the ranges, as people set rates
    in whole units. Amounts are matched to the cent if any rate does that, else to within
    a cent each (Toggl rounds some amounts from milliseconds).
    """
    if not seen or len({amount.currency for _, amount in seen}) != 1:
        return None
    if any(amount.cents <= 0 for _, amount in seen):
        return None  # free work says nothing about the rate
    currency = seen[0][1].currency
    for leeway in (0, 1):
        low, high = 1, None
        for seconds, amount in seen:
            if seconds <= 0:
                continue
            # amount_cents(seconds, r) == c  ⇔  7200c - 3600 <= 2 * seconds * r < 7200c + 3600
            low = max(low, _ceil_div(7200 * (amount.cents - leeway) - 3600, 2 * seconds))
            top = _ceil_div(7200 * (amount.cents + leeway) + 3600, 2 * seconds) - 1
            high = top if high is None else min(high, top)
        if high is not None and low <= high:
            return Money(_roundest(low, high), currency)
    return None


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _roundest(low: int, high: int) -> int:
    """The number in [low, high] with the most trailing zeros (in cents), nearest the middle."""
    middle = (low + high) / 2
    for step in (100_000, 10_000, 5_000, 1_000, 500, 100, 50, 10, 5, 1):
        first = _ceil_div(low, step) * step
        if first <= high:
            last = high // step * step
            return min(range(first, last + 1, step), key=lambda r: (abs(r - middle), r))
    return low  # unreachable: step 1 always fits


def import_rows(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    source: str,
    rows: Iterable[Row | Bad],
    *,
    zone: str,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> ImportResult:
    """Write `rows` in one transaction (after a backup); nothing at all on a bad row unless
    `skip_bad`. With `dry_run`, count what would happen and write nothing."""
    import contextlib

    from gigtool.store.db import backup_auto, transaction

    result = ImportResult(source, dry_run=dry_run)
    if not dry_run:
        slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
        result.backup = backup_auto(conn, home, f"before-import-{slug}")
    guard = contextlib.nullcontext() if dry_run else transaction(conn)
    with guard:
        now = clock.now()
        latest = latest_end(now)
        sink = _Sink(conn, int(now.timestamp()), zone, result)
        batch: list[Row] = []
        for item in rows:
            if isinstance(item, Row):
                # Whatever read the rows, times no entry can have never reach the database.
                try:
                    check_span(item.start, item.end, latest)
                except ValueError as exc:
                    item = Bad(item.where, str(exc))
            if isinstance(item, Bad):
                if item.ignore:
                    result.ignored.append(item)
                    continue
                if not skip_bad:
                    raise ImportStopped(
                        f"{source} {item.where}: {item.reason}. Nothing was imported; fix that "
                        "row, or pass --skip-bad to import the rest"
                    )
                result.skipped.append(item)
                continue
            if item.end == item.start:
                result.ignored.append(Bad(item.where, "zero length"))
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                sink.write(batch)
                batch = []
        sink.write(batch)
        sink.learn_rates()
    return result


# Toggl CSV out --------------------------------------------------------------------------------


def toggl_header(currencies: Iterable[str]) -> list[str]:
    return [*TOGGL_HEADER, *(f"Amount ({c})" for c in currencies)]


def toggl_record(
    item: Item, zone: tzinfo, currencies: list[str], user: str = "", email: str = ""
) -> list[str]:
    """One finished entry as a row of Toggl's detailed-report CSV."""
    from gigtool.money import decimal_string

    assert item.end is not None
    start = datetime.fromtimestamp(item.start, UTC).astimezone(zone)
    end = datetime.fromtimestamp(item.end, UTC).astimezone(zone)
    seconds = item.end - item.start
    hours, rest = divmod(seconds, 3600)
    amounts = [""] * len(currencies)
    if item.billable and item.rate is not None and item.rate.currency in currencies:
        cents = amount_cents(seconds, item.rate.cents)
        amounts[currencies.index(item.rate.currency)] = decimal_string(cents, item.rate.currency)
    return [
        user,
        email,
        item.client or "",
        item.project or "",
        "",
        item.description,
        "Yes" if item.billable else "No",
        f"{start:%Y-%m-%d}",
        f"{start:%H:%M:%S}",
        f"{end:%Y-%m-%d}",
        f"{end:%H:%M:%S}",
        f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}",
        ", ".join(item.tags),
        *amounts,
    ]
