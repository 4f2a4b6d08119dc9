"""Writing imported rows: names resolved to clients, projects and tags (created unless a
dry run), rows already there counted rather than added, and rates learnt for new projects."""

from __future__ import annotations

import sqlite3
from collections import Counter

from gigtool.amounts import Money
from gigtool.tracking.importing.rows import ImportResult, Row, person_of

SAMPLE = 10
_DAY = 86400


class Sink:
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
            whose = person_of(row.user) if row.user else None
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
