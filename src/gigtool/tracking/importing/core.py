"""Moving in: Toggl Track CSV, Watson frames and Timewarrior data, and Toggl CSV back out.

Each reader (`import_toggl`, `import_watson`, `import_timew`) turns a file into `Row`s
(or `Bad` rows with where they are), streaming, so a large file never sits in memory as
objects. `import_rows` writes them all in ONE transaction after an automatic backup: a
bad row stops the import with nothing written, unless the caller asked to skip bad rows.
Every row carries a stable import key (the source plus the row's own content or id), so
importing the same file again adds nothing. No printing here: progress goes to a
callback, the outcome comes back as `ImportResult`.

Decisions worth knowing: a Timewarrior interval with no end is its running timer and is
left out (listed as not imported; stop it there and import again), as are rows of zero
length; an entry already in gig with the same times, project and description counts as
already there, so a gig export imported back adds nothing; a project the import creates
takes the hourly rate Toggl's amounts imply, when every row agrees on it to the cent. An
import never adds overlapping time silently, with gig's entries or within the file (as
`log add` refuses it), and never merges a team's file into one person's log: with rows
of several people, one is picked by name or email.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from gigtool.amounts import Money
from gigtool.clock import Clock
from gigtool.errors import InputError, Refused
from gigtool.tracking.importing.overlaps import Overlap, find_overlaps, overlap_refusal
from gigtool.tracking.reports import Item, amount_cents

BATCH = 2000
SAMPLE = 10


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
    user: tuple[str, str] | None = None  # (name, email) in a team's export
    stated: int | None = None  # the file's own Duration, when it has one beside start and end


@dataclass(frozen=True)
class Bad:
    """A row that cannot be read: where it is (`line 12`) and what is wrong with it.

    `ignore` marks a row that is fine but has nothing to import yet (a running timer)."""

    where: str
    reason: str
    ignore: bool = False
    user: tuple[str, str] | None = None


@dataclass(frozen=True)
class Note:
    """Something a reader decided that the user should hear about (a date order, say)."""

    text: str


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
    unbilled: list[str] = field(default_factory=list)  # new projects whose rows all say No
    # Rows added that last more than a day: (where, start, end), a timer left running?
    long: list[tuple[str, int, int]] = field(default_factory=list)
    sample: list[Row] = field(default_factory=list)  # the first rows added
    first: int | None = None
    last: int | None = None
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)
    users: Counter[str] = field(default_factory=Counter)  # a team export: rows per person
    user: str | None = None  # the person whose rows were taken
    others: int = 0  # rows of other people, left out
    overlaps: list[Overlap] = field(default_factory=list)
    # New client names in the file that look like a known client's: (in the file, in gig).
    look_alikes: list[tuple[str, str]] = field(default_factory=list)
    stated: int = 0  # the file's Duration column, summed over rows added that have it
    spanned: int = 0  # end minus start over the same rows


class ImportStopped(InputError):
    """A malformed row stopped the import; nothing was written."""


# Times no entry can have ----------------------------------------------------------------------


_LEEWAY = 86400  # an entry may end up to a day after now (clocks and zones disagree)
_DAY = 86400


def latest_end(now: datetime | None) -> int | None:
    """The latest end an imported entry may have: a day after `now` (no limit without one)."""
    return None if now is None else int(now.timestamp()) + _LEEWAY


def check_span(start: int, end: int, latest: int | None) -> None:
    """Refuse times no entry can have (the checks every way into the log shares), ending
    more than a day after now (`latest`): a corrupt file, or the wrong column, not work."""
    from gigtool.errors import GigError
    from gigtool.tracking.spans import check_times

    now = None if latest is None else latest - _LEEWAY
    try:
        check_times(start, end, now=now, grace=_LEEWAY, allow_empty=True)
    except GigError as exc:
        raise ValueError(str(exc)) from None


# Writing ----------------------------------------------------------------------------------------


class _Sink:
    """Resolves names to ids (creating them unless dry-run) and inserts batches of rows."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        now: int,
        zone: str,
        result: ImportResult,
        *,
        new_client: bool = False,
    ):
        self.conn = conn
        self.new_client = new_client
        self.now = now
        self.zone = zone
        self.result = result
        self.dry = result.dry_run
        self.keys: set[str] = set()
        self.matched: Counter[tuple[int, int, str, str]] = Counter()
        # (name, client) as the file has them → (id, billable)
        self.projects: dict[tuple[str, str], tuple[int, bool]] = {}
        self.owners: dict[str, str] = {}  # project made by this import → its client
        self.clients: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.new_project_names: dict[int, str] = {}
        self.amounts: dict[int, list[tuple[int, Money]]] = {}  # new project → (secs, amount)
        self.billables: dict[int, set[bool | None]] = {}  # new project → its rows' Billable
        self.fake = 0
        # (start, end, where, whose) of rows added; whose is the person in a team's file
        self.spans: list[tuple[int, int, str, str | None]] = []
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'time_entry'").fetchone()
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM time_entry").fetchone()[0]
        self.next_id = max(int(seq[0]) if seq else 0, int(top)) + 1
        self.first_id = self.next_id  # entries from here on are this import's

    def _fake_id(self) -> int:
        self.fake -= 1
        return self.fake

    def _look_alike(self, name: str) -> str | None:
        """A client gig knew before this import whose name holds `name` or is held in it
        (names in one file are told apart by the file itself)."""
        from gigtool.clients.catalog import look_alike

        close = None if self.new_client else look_alike(self.conn, name, typos=False)
        created = {n.lower() for n in self.result.new_clients}
        return close[1] if close and close[1].lower() not in created else None

    def client(self, name: str) -> int:
        found = self.clients.get(name.lower())
        if found is not None:
            return found
        # A renamed client answers to its old name.
        from gigtool.clients.catalog import find_client

        row = find_client(self.conn, name)
        if row:
            cid = row[0]
        elif (close := self._look_alike(name)) is not None:
            # `Acme Inc` in the file beside `Acme` in gig: one client's time split in two.
            self.result.look_alikes.append((name, close))
            cid = self._fake_id()
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
        key = (name.lower(), (client or "").lower())
        found = self.projects.get(key)
        if found is not None:
            return found
        from gigtool.clients.catalog import find_project

        name = self._own_name(name, client)
        known = find_project(self.conn, name)  # CAFÉ is Café, as everywhere in gig
        if known is not None:
            found = (known.id, known.billable)
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
            self.owners[name.lower()] = client or ""
            found = (pid, True)
        self.projects[key] = found
        return found

    def _own_name(self, name: str, client: str | None) -> str:
        """The name in gig of `client`'s project `name`: `name`, unless that is another
        client's project (in gig, or made by this import), when it is `name (client)`.
        Toggl lets two clients each have a Website; gig keeps one project of a name, and
        one client's time must never land in another client's project."""
        if not client:
            return name
        theirs = self.owners.get(name.lower())
        if theirs is None:
            from gigtool.clients.catalog import find_client, find_project

            known = find_project(self.conn, name)
            if known is None or known.client is None:
                return name  # no such project yet, or one of no client
            mine, owner = find_client(self.conn, client), find_client(self.conn, known.client)
            if mine is not None and owner is not None and mine[0] == owner[0]:
                return name
            theirs = known.client
        elif theirs.lower() in ("", client.lower()):
            return name
        own = f"{name} ({client})"
        note = (
            f"{client}'s project {name} came in as {own!r}: {name} is {theirs}'s project, "
            "and gig keeps one project of a name."
        )
        if note not in self.result.notes:
            self.result.notes.append(note)
        return own

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
            # Time on no project is nobody's to bill, as with the timer, unless the file says.
            project_id, project_billable = (None, False)
            if row.project:
                project_id, project_billable = self.project(row.project, row.client)
            billable = project_billable if row.billable is None else row.billable
            if project_id in self.new_project_names and row.amount and row.end > row.start:
                self.amounts.setdefault(project_id, []).append((row.end - row.start, row.amount))
            if project_id in self.new_project_names:
                self.billables.setdefault(project_id, set()).add(row.billable)
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
            whose = _person(row.user) if row.user else None
            self.spans.append((row.start, row.end, row.where, whose))
            result = self.result
            if row.stated is not None:
                result.stated += row.stated
                result.spanned += row.end - row.start
            result.added += 1
            if row.end - row.start > _DAY:
                result.long.append((row.where, row.start, row.end))
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
        """A new project's hourly rate, when every Toggl amount for it agrees on one; and
        not billable, when every row of it in the file says No (Toggl's project setting),
        so the next timer on it is not billed either."""
        for pid, said in self.billables.items():
            if said != {False}:
                continue
            self.result.unbilled.append(self.new_project_names[pid])
            if not self.dry:
                self.conn.execute("UPDATE project SET billable = 0 WHERE id = ?", (pid,))
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
    rows: Iterable[Row | Bad | Note],
    *,
    zone: str,
    dry_run: bool = False,
    skip_bad: bool = False,
    user: str | None = None,
    allow_overlap: bool = False,
    new_client: bool = False,
) -> ImportResult:
    """Write `rows` in one transaction (after a backup); nothing at all on a bad row unless
    `skip_bad`. With `dry_run`, count what would happen and write nothing.

    Rows of several people (a team's export) need `user` (a name or an email) to pick one
    person's; rows that would overlap each other or gig's entries are refused unless
    `allow_overlap`. A client name that looks like a known client's (`Acme Inc` beside
    `Acme`) is refused unless `new_client`. A dry run lists all three instead of refusing."""
    import contextlib

    from gigtool.store.backups import backup_auto
    from gigtool.store.db import transaction

    result = ImportResult(source, dry_run=dry_run)
    if not dry_run:
        slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:60]
        result.backup = backup_auto(conn, home, f"before-import-{slug}")
    wanted = user.strip().casefold() if user and user.strip() else None
    guard = contextlib.nullcontext() if dry_run else transaction(conn)
    with guard:
        now = clock.now()
        latest = latest_end(now)
        sink = _Sink(conn, int(now.timestamp()), zone, result, new_client=new_client)
        batch: list[Row] = []
        for item in rows:
            if isinstance(item, Note):
                result.notes.append(item.text)
                continue
            if item.user is not None:
                person = _person(item.user)
                result.users[person] += 1
                if wanted is not None and wanted not in {p.casefold() for p in item.user}:
                    result.others += 1
                    continue
                if wanted is not None:
                    result.user = person
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
        _check_people(result, user, dry_run)
        if result.look_alikes and not dry_run:
            named = ", ".join(f"{new!r} looks like {known!r}" for new, known in result.look_alikes)
            raise Refused(
                f"{source}: {named}. Nothing was imported; rename the client in the file or "
                "in gig (gig client rename), or pass --new-client to create it as a new one"
            )
        result.overlaps = find_overlaps(conn, sink.spans, sink.first_id, now)
        if result.overlaps and not (allow_overlap or dry_run):
            raise Refused(overlap_refusal(source, result.overlaps, zone))
    return result


def _person(user: tuple[str, str]) -> str:
    name, email = user
    return f"{name} <{email}>" if name and email else name or email


def _check_people(result: ImportResult, user: str | None, dry_run: bool) -> None:
    """A team's file is one person's log only once that person is named."""
    people = ", ".join(f"{p} ({n:,})" for p, n in result.users.most_common(10))
    if len(result.users) > 10:
        people += f" and {len(result.users) - 10:,} more"
    if user and user.strip() and result.user is None:
        held = f"it holds the time of {people}" if people else "it names no one"
        raise Refused(f"{result.source} has no rows of {user!r}; {held}")
    if not user and len(result.users) > 1 and not dry_run:
        raise Refused(
            f"{result.source} holds the time of {len(result.users):,} people: {people}. "
            "Nothing was imported; pick one with --user NAME or --user EMAIL"
        )


# Toggl CSV out --------------------------------------------------------------------------------

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


def toggl_header(currencies: Iterable[str]) -> list[str]:
    return [*TOGGL_HEADER, *(f"Amount ({c})" for c in currencies)]


def toggl_record(
    item: Item, zone: tzinfo, currencies: list[str], user: str = "", email: str = ""
) -> list[str]:
    """One finished entry as a row of Toggl's detailed-report CSV."""
    from gigtool.amounts import decimal_string

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
