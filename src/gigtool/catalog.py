"""Clients and projects: who the work is for and what it is on."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound, Refused
from gigtool.money import Money
from gigtool.store.db import transaction


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    rate: Money | None
    archived: bool
    projects: int = 0


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


def add_client(conn: sqlite3.Connection, clock: Clock, name: str, rate: Money | None) -> Client:
    name = check_name(name, "client")
    with transaction(conn):
        existing = conn.execute("SELECT id, name FROM client WHERE name = ?", (name,)).fetchone()
        if existing:
            raise Refused(f"client {existing[1]!r} already exists (#{existing[0]})")
        cur = conn.execute(
            "INSERT INTO client (name, rate_cents, currency, archived, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            (name, rate and rate.cents, rate and rate.currency, int(clock.now().timestamp())),
        )
    return Client(int(cur.lastrowid or 0), name, rate, False)


def client_id(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM client WHERE name = ?", (name.strip(),)).fetchone()
    if not row:
        raise NotFound(f"no client named {name!r}; see `gig client list` or add it first")
    return int(row[0])


def client_for_payment(conn: sqlite3.Connection, clock: Clock, name: str) -> tuple[int, bool]:
    """The client who paid, created on first payment (call inside a transaction);
    returns its id and whether it is new. A name close to an existing client's is
    taken for a typo and refused, rather than splitting one client's income in two."""
    name = check_name(name, "client")
    row = conn.execute("SELECT id FROM client WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0]), False
    for (known,) in conn.execute("SELECT name FROM client ORDER BY name"):
        if _looks_like(name, known):
            raise NotFound(
                f"no client named {name!r}; did you mean {known!r}? "
                f"(`gig client add {name!r}` first if it is a new client)"
            )
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
    return [Client(r[0], r[1], _money(r[2], r[3]), bool(r[4]), r[5]) for r in rows]


def update_client(
    conn: sqlite3.Connection,
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
            new_name = check_name(new_name, "client")
            clash = conn.execute(
                "SELECT id FROM client WHERE name = ? AND id != ?", (new_name, cid)
            ).fetchone()
            if clash:
                raise Refused(f"client {new_name!r} already exists (#{clash[0]})")
            conn.execute("UPDATE client SET name = ? WHERE id = ?", (new_name, cid))
        if rate is not None or clear_rate:
            conn.execute(
                "UPDATE client SET rate_cents = ?, currency = ? WHERE id = ?",
                (rate and rate.cents, rate and rate.currency, cid),
            )
        if archived is not None:
            conn.execute("UPDATE client SET archived = ? WHERE id = ?", (archived, cid))
        row = conn.execute(
            "SELECT id, name, rate_cents, currency, archived FROM client WHERE id = ?", (cid,)
        ).fetchone()
    return Client(row[0], row[1], _money(row[2], row[3]), bool(row[4]))


# Projects

_PROJECT_SELECT = (
    "SELECT p.id, p.name, c.name, p.rate_cents, p.currency, p.billable, p.archived "
    "FROM project p LEFT JOIN client c ON c.id = p.client_id "
)


def _project(row: tuple) -> Project:
    return Project(row[0], row[1], row[2], _money(row[3], row[4]), bool(row[5]), bool(row[6]))


def find_project(conn: sqlite3.Connection, name: str) -> Project | None:
    row = conn.execute(_PROJECT_SELECT + "WHERE p.name = ?", (name.strip(),)).fetchone()
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
        client = conn.execute("SELECT name FROM client WHERE name = ?", (name,)).fetchone()
        client_name = client[0] if client else None
        project_id = _insert_project(conn, clock, name, client_name, None, True)
        return Project(project_id, name, client_name, None, True, False), True
    if project.archived:
        raise Refused(
            f"project {project.name!r} is archived; bring it back with "
            f"`gig project archive {project.name!r} --undo`"
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
