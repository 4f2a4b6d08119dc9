"""Clients and projects: who the work is for and what it is on."""

from __future__ import annotations

import re
import shlex
import sqlite3
import unicodedata
from dataclasses import dataclass

from gigtool.amounts import Money
from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound, Refused
from gigtool.store.db import transaction


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    rate: Money | None
    archived: bool
    projects: int = 0
    aliases: tuple[str, ...] = ()  # old names, kept by renames


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    client: str | None
    rate: Money | None
    billable: bool
    archived: bool


def check_name(name: str, what: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InputError(f"a {what} needs a name")
    if clean[0] in "+-@":
        raise InputError(f"a {what} name cannot start with {clean[0]!r} ({clean!r})")
    if len(clean) > 100:
        raise InputError(f"a {what} name is at most 100 characters")
    return clean


def _money(cents: int | None, currency: str | None) -> Money | None:
    return None if cents is None or currency is None else Money(cents, currency)


# Clients


def add_client(
    conn: sqlite3.Connection,
    clock: Clock,
    name: str,
    rate: Money | None,
    *,
    new_client: bool = False,
) -> Client:
    name = check_name(name, "client")
    with transaction(conn):
        _refuse_taken(conn, name, None)
        if not new_client and (close := look_alike(conn, name)):
            raise _did_you_mean(f"{name!r} looks like a client gig knows", *close)
        cur = conn.execute(
            "INSERT INTO client (name, rate_cents, currency, archived, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            (name, rate and rate.cents, rate and rate.currency, int(clock.now().timestamp())),
        )
    return Client(int(cur.lastrowid or 0), name, rate, False)


def find_client(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """The client called `name` now or before a rename, in any case (`zürich ag` is
    `Zürich AG`, which SQLite's NOCASE alone would miss): its id and name."""
    name = " ".join(name.split())
    row = conn.execute("SELECT id, name FROM client WHERE name = ?", (name,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT c.id, c.name FROM client_alias a JOIN client c ON c.id = a.client_id "
            "WHERE a.name = ?",
            (name,),
        ).fetchone()
    if row is None:  # `ＡＣＭＥ` or `STRASSE` for `Acme` or `Straße`: not SQLite's job
        key = _key(name)
        row = next(
            ((cid, current) for known, current, cid in _known_names(conn) if _key(known) == key),
            None,
        )
    return (int(row[0]), str(row[1])) if row else None


def client_id(conn: sqlite3.Connection, name: str) -> int:
    found = find_client(conn, name)
    if found is None:
        alike = look_alike(conn, name)
        hint = "; see" if alike is None else f"; did you mean {alike[1]!r}? See"
        raise NotFound(f"no client named {name!r}{hint} `gig client list` or add it first")
    return found[0]


def _known_names(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """Every name a client answers to, with the client's current name and id."""
    return conn.execute(
        "SELECT name, name, id FROM client UNION ALL "
        "SELECT a.name, c.name, c.id FROM client_alias a JOIN client c ON c.id = a.client_id "
        "ORDER BY 1"
    ).fetchall()


def _key(name: str) -> str:
    """A name as compared: width, case and spacing do not count (`ＡＣＭＥ` is `Acme`)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", _key(name))


def _alike(typed: str, known: str) -> bool:
    """One name holds the other's words in a row (`Acme, Inc.` holds `Acme`; `Joanna`
    does not hold `Ann`), or both are the same letters spaced otherwise (`AcmeCorp`)."""
    a, b = _words(typed), _words(known)
    if not a or not b:  # no letters or digits in one (`🚀`): only the same name is alike
        return _key(typed) == _key(known)
    if "".join(a) == "".join(b):
        return True
    short, long = sorted((a, b), key=len)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _refuse_taken(conn: sqlite3.Connection, name: str, owner: int | None) -> None:
    """A name answers to one client only: refuse one that another client has or had."""
    found = find_client(conn, name)
    if found is None or found[0] == owner:
        return
    cid, current = found
    if _key(current) == _key(name):
        raise Refused(f"client {current!r} already exists (#{cid})")
    raise Refused(f"{name!r} is an old name of client {current!r} (#{cid})")


def look_alike(
    conn: sqlite3.Connection, name: str, *, typos: bool = True
) -> tuple[str, str] | None:
    """The known client a new name most likely means, as (the name it resembles, the
    client's current name): one that holds its words or is held in them (`Acme Inc`
    beside `Acme`), or, with `typos`, one slip from it (`Acne`). One client's income
    split in two would halve its hourly rate; every way a client is created asks here."""
    known_names = _known_names(conn)
    close = [(known, current) for known, current, _ in known_names if _alike(name, known)]
    if close:
        # The longest is the most telling: `Initech LLC Europe` is `Initech LLC`'s.
        return max(close, key=lambda pair: len(pair[0]))
    if not typos:
        return None
    return next(((k, c) for k, c, _ in known_names if _looks_like(name, k)), None)


def _did_you_mean(lead: str, known: str, current: str) -> NotFound:
    meant = repr(current) if known == current else f"{current!r} (once {known!r})"
    return NotFound(f"{lead}; did you mean {meant}? (give --new-client if it is a new one)")


def client_for_payment(
    conn: sqlite3.Connection, clock: Clock, name: str, *, new_client: bool = False
) -> tuple[int, bool]:
    """The client who paid, created on first payment (call inside a transaction);
    returns its id and whether it is new. A name close to a known client's, now or
    before a rename, is taken for that client mistyped and refused, rather than
    splitting one client's income in two; `new_client` insists it is a new one."""
    name = check_name(name, "client")
    found = find_client(conn, name)
    if found:
        return found[0], False
    if not new_client and (close := look_alike(conn, name)):
        raise _did_you_mean(f"no client named {name!r}", *close)
    cur = conn.execute(
        "INSERT INTO client (name, archived, created_at) VALUES (?, 0, ?)",
        (name, int(clock.now().timestamp())),
    )
    return int(cur.lastrowid or 0), True


def _looks_like(typed: str, known: str) -> bool:
    """A likely typo of `known`: one slip (a letter wrong, missing, extra or two
    swapped) in any name, or mostly the same letters in a long one."""
    import difflib

    a, b = typed.lower(), known.lower()
    if difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    # Optimal string alignment distance, stopped as soon as it is over one.
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > 1:
            return False
    return row[-1] <= 1


def list_clients(conn: sqlite3.Connection, *, archived: bool = False) -> list[Client]:
    rows = conn.execute(
        "SELECT c.id, c.name, c.rate_cents, c.currency, c.archived, "
        "(SELECT count(*) FROM project p WHERE p.client_id = c.id) "
        "FROM client c WHERE c.archived = 0 OR ? ORDER BY c.name",
        (archived,),
    ).fetchall()
    aliases = _aliases(conn)
    return [
        Client(r[0], r[1], _money(r[2], r[3]), bool(r[4]), r[5], aliases.get(r[0], ()))
        for r in rows
    ]


def _aliases(conn: sqlite3.Connection, cid: int | None = None) -> dict[int, tuple[str, ...]]:
    found: dict[int, tuple[str, ...]] = {}
    for owner, alias in conn.execute(
        "SELECT client_id, name FROM client_alias WHERE ? IS NULL OR client_id = ? "
        "ORDER BY created_at, id",
        (cid, cid),
    ):
        found[owner] = (*found.get(owner, ()), alias)
    return found


def get_client(conn: sqlite3.Connection, name: str) -> Client:
    """The client by its name or an old one."""
    return _client(conn, client_id(conn, name))


def _client(conn: sqlite3.Connection, cid: int) -> Client:
    row = conn.execute(
        "SELECT c.id, c.name, c.rate_cents, c.currency, c.archived, "
        "(SELECT count(*) FROM project p WHERE p.client_id = c.id) FROM client c WHERE c.id = ?",
        (cid,),
    ).fetchone()
    aliases = _aliases(conn, cid).get(cid, ())
    return Client(row[0], row[1], _money(row[2], row[3]), bool(row[4]), row[5], aliases)


def update_client(
    conn: sqlite3.Connection,
    clock: Clock,
    name: str,
    *,
    new_name: str | None = None,
    rate: Money | None = None,
    clear_rate: bool = False,
    archived: bool | None = None,
) -> Client:
    with transaction(conn):
        cid = client_id(conn, name)
        if new_name is not None:
            _rename_client(conn, clock, cid, check_name(new_name, "client"))
        if rate is not None or clear_rate:
            conn.execute(
                "UPDATE client SET rate_cents = ?, currency = ? WHERE id = ?",
                (rate and rate.cents, rate and rate.currency, cid),
            )
        if archived is not None:
            conn.execute("UPDATE client SET archived = ? WHERE id = ?", (archived, cid))
        return _client(conn, cid)


def _rename_client(conn: sqlite3.Connection, clock: Clock, cid: int, new_name: str) -> None:
    """Rename, keeping the old name as an alias so that payments, filters and imports
    under it still find this client (and never create a fresh one)."""
    _refuse_taken(conn, new_name, cid)
    (old_name,) = conn.execute("SELECT name FROM client WHERE id = ?", (cid,)).fetchone()
    # Taking back an old name (or changing only its case, `ZÜRICH` for `Zürich` too)
    # leaves no alias of it behind.
    for alias_id, alias in conn.execute(
        "SELECT id, name FROM client_alias WHERE client_id = ?", (cid,)
    ).fetchall():
        if _key(alias) == _key(new_name):
            conn.execute("DELETE FROM client_alias WHERE id = ?", (alias_id,))
    conn.execute("UPDATE client SET name = ? WHERE id = ?", (new_name, cid))
    if _key(old_name) != _key(new_name):
        conn.execute(
            "INSERT INTO client_alias (client_id, name, created_at) VALUES (?, ?, ?)",
            (cid, old_name, int(clock.now().timestamp())),
        )


# Projects

_PROJECT_SELECT = (
    "SELECT p.id, p.name, c.name, p.rate_cents, p.currency, p.billable, p.archived "
    "FROM project p LEFT JOIN client c ON c.id = p.client_id "
)


def _project(row: tuple) -> Project:
    return Project(row[0], row[1], row[2], _money(row[3], row[4]), bool(row[5]), bool(row[6]))


def find_project(conn: sqlite3.Connection, name: str) -> Project | None:
    """The project called `name`, compared as client names are (`CAFÉ` is `Café`)."""
    row = conn.execute(_PROJECT_SELECT + "WHERE p.name = ?", (name.strip(),)).fetchone()
    if row is None:  # SQLite's NOCASE folds ASCII only
        key = _key(name)
        found = next(
            (
                pid
                for pid, known in conn.execute("SELECT id, name FROM project")
                if _key(known) == key
            ),
            None,
        )
        row = found and conn.execute(_PROJECT_SELECT + "WHERE p.id = ?", (found,)).fetchone()
    return _project(row) if row else None


def get_project(conn: sqlite3.Connection, name: str) -> Project:
    project = find_project(conn, name)
    if project is None:
        raise NotFound(f"no project named {name!r}; see `gig project list`")
    return project


def add_project(
    conn: sqlite3.Connection,
    clock: Clock,
    name: str,
    *,
    client: str | None = None,
    rate: Money | None = None,
    billable: bool = True,
) -> Project:
    name = check_name(name, "project")
    with transaction(conn):
        existing = find_project(conn, name)
        if existing:
            raise Refused(f"project {existing.name!r} already exists (#{existing.id})")
        project_id = _insert_project(conn, clock, name, client, rate, billable)
        return _project(conn.execute(_PROJECT_SELECT + "WHERE p.id = ?", (project_id,)).fetchone())


def _insert_project(
    conn: sqlite3.Connection,
    clock: Clock,
    name: str,
    client: str | None,
    rate: Money | None,
    billable: bool,
) -> int:
    cid = client_id(conn, client) if client else None
    cur = conn.execute(
        "INSERT INTO project (name, client_id, rate_cents, currency, billable, archived, "
        "created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
        (
            name,
            cid,
            rate and rate.cents,
            rate and rate.currency,
            billable,
            int(clock.now().timestamp()),
        ),
    )
    return int(cur.lastrowid or 0)


def project_for_tracking(conn: sqlite3.Connection, clock: Clock, name: str) -> tuple[Project, bool]:
    """The project to track time on, created if it is new. Call inside a transaction."""
    name = check_name(name, "project")
    project = find_project(conn, name)
    if project is None:
        # `gig log start acme` where acme is a client: the new project is that client's.
        client = find_client(conn, name)
        client_name = client[1] if client else None
        project_id = _insert_project(conn, clock, name, client_name, None, True)
        return Project(project_id, name, client_name, None, True, False), True
    if project.archived:
        raise Refused(
            f"project {project.name!r} is archived; bring it back with "
            f"`gig project archive {shlex.quote(project.name)} --undo`"  # safe to paste
        )
    return project, False


def list_projects(
    conn: sqlite3.Connection, *, archived: bool = False, client: str | None = None
) -> list[Project]:
    sql = _PROJECT_SELECT + "WHERE (p.archived = 0 OR ?)"
    params: list[object] = [archived]
    if client:
        sql += " AND p.client_id = ?"
        params.append(client_id(conn, client))
    return [_project(r) for r in conn.execute(sql + " ORDER BY p.name", params)]


def update_project(
    conn: sqlite3.Connection,
    name: str,
    *,
    new_name: str | None = None,
    client: str | None = None,
    clear_client: bool = False,
    rate: Money | None = None,
    clear_rate: bool = False,
    billable: bool | None = None,
    archived: bool | None = None,
) -> Project:
    with transaction(conn):
        project = get_project(conn, name)
        if new_name is not None:
            new_name = check_name(new_name, "project")
            clash = find_project(conn, new_name)
            if clash and clash.id != project.id:
                raise Refused(f"project {clash.name!r} already exists (#{clash.id})")
            conn.execute("UPDATE project SET name = ? WHERE id = ?", (new_name, project.id))
        if client is not None or clear_client:
            cid = client_id(conn, client) if client else None
            conn.execute("UPDATE project SET client_id = ? WHERE id = ?", (cid, project.id))
        if rate is not None or clear_rate:
            conn.execute(
                "UPDATE project SET rate_cents = ?, currency = ? WHERE id = ?",
                (rate and rate.cents, rate and rate.currency, project.id),
            )
        if billable is not None:
            conn.execute("UPDATE project SET billable = ? WHERE id = ?", (billable, project.id))
        if archived is not None:
            conn.execute("UPDATE project SET archived = ? WHERE id = ?", (archived, project.id))
        return _project(conn.execute(_PROJECT_SELECT + "WHERE p.id = ?", (project.id,)).fetchone())


def names(conn: sqlite3.Connection, table: str) -> list[str]:
    """Names for shell completion."""
    assert table in {"client", "project", "tag"}
    extra = "" if table == "tag" else " WHERE archived = 0"
    return [r[0] for r in conn.execute(f"SELECT name FROM {table}{extra} ORDER BY name")]
