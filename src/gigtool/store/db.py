"""Opening the database safely: WAL, a busy timeout, migrations, backups.

Plain `sqlite3` keeps the everyday commands fast; the tables it touches are
declared in each domain's `models.py`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from gigtool.errors import Refused, StoreError
from gigtool.store.files import (
    FILE_MODE,
    NO_HARD_LINKS,
    chmod_hint,
    create_exclusive,
    discard,
    disk_full,
    link_refused,
    make_folder,
    not_a_file,
    reason,
    sync_folder,
    tighten,
    tighten_tree,
    unreachable,
)
from gigtool.store.home import backups_dir, db_path
from gigtool.store.migrations import Migration

BUSY_TIMEOUT_MS = 15_000
T = TypeVar("T")


def open_db(
    home: Path, migrations: Sequence[Migration], *, create: bool = True
) -> sqlite3.Connection:
    """Open the database in `home`, creating it if need be, and bring it up to the
    last of `migrations` (the house's history is `gigtool.database`'s)."""
    latest = len(migrations)
    path = db_path(home)
    if not _inspect(home, path):
        if not create:
            raise Refused(f"there is no database at {path} yet; it is created on first use")
        _create(home, path, migrations)
    conn = _connect(path)
    try:
        try:
            version = _first_read(conn)
        except sqlite3.OperationalError as exc:
            if not _folder_read_only(exc, home):
                raise
            # SQLite cannot make its shared-memory file in a read-only folder: read the
            # file as it is, so commands that only look keep working.
            conn.close()
            conn = _connect_read_only(path)
            version = _first_read(conn)
        if version < latest:
            problem = _permission_problem(path)
            if problem:
                raise StoreError(
                    f"{path} was written by an older gig (schema {version}) and is upgraded "
                    f"on first use, but {problem}. Nothing was changed and the database is "
                    "not damaged; fix the permissions and try again"
                )
            _migrate(conn, home, version, migrations)
        elif version > latest:
            raise StoreError(
                f"{path} was written by a newer gig (schema {version}, this gig knows "
                f"{latest}); upgrade gig to use it"
            )
        conn.execute("PRAGMA synchronous = FULL")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        conn.close()
        raise damaged(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None


def _first_read(conn: sqlite3.Connection) -> int:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    version: int = _patiently(lambda: conn.execute("PRAGMA user_version").fetchone()[0])
    # Read the schema now, so a damaged one is reported here, in one place.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return version


def _folder_read_only(exc: sqlite3.OperationalError, home: Path) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) and not os.access(home, os.W_OK)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The database opened read-only in a folder gig cannot write: `mode=ro`, or, where
    SQLite needs to write beside the file even for that, as an unchanging file (safe only
    when no unsaved changes wait in a WAL)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    wal = Path(f"{path}-wal")
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        raise StoreError(
            f"{_permission_problem(path)}, and {wal.name} beside it holds changes SQLite "
            "cannot read without writing there; nothing was changed and the data is intact. "
            f"Give yourself write permission (`chmod u+w {path.parent}`) and try again"
        )
    return sqlite3.connect(
        f"{uri}&immutable=1", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )


def _inspect(home: Path, path: Path) -> bool:
    """Whether the database exists, after refusing links where gig's files belong and
    taking group and other permissions off a data folder left open (ssh and gpg refuse
    such a folder; gig closes it, since nothing in it is meant for anyone else)."""
    elsewhere = "or point GIG_HOME (or --home) at another folder"
    try:
        mode = os.stat(home).st_mode
    except FileNotFoundError:
        if os.path.islink(home):
            raise StoreError(
                f"the data folder {home} is a symbolic link to {os.readlink(home)}, which "
                f"does not exist; make that folder, {elsewhere}"
            ) from None
        return False
    except OSError as exc:
        raise StoreError(
            f"cannot reach the data folder {home}: {reason(exc, home)}; fix that, {elsewhere}"
        ) from None
    if not stat.S_ISDIR(mode):
        raise StoreError(
            f"the data folder {home} is a file, not a folder; move it aside, {elsewhere}"
        )
    if mode & stat.S_ISVTX:
        # A folder every user writes in (/tmp, a shared drop folder): closing it would
        # lock everyone else out, and leaving it open would share the books.
        raise StoreError(
            f"the data folder {home} is shared with every user ({stat.filemode(mode)}); gig "
            f"keeps its data private. Use a folder of your own, such as {home / 'gig'}"
        )
    if mode & 0o077:
        tighten_tree(home)
    found: dict[str, os.stat_result] = {}
    for end in ("", "-wal", "-shm"):
        name = Path(f"{path}{end}")
        try:
            st = os.lstat(name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"cannot reach {name}: {reason(exc, name)}") from None
        if stat.S_ISLNK(st.st_mode):
            raise link_refused(home, name)
        if not stat.S_ISREG(st.st_mode):
            raise not_a_file(name, st.st_mode)
        if st.st_mode & 0o077:
            tighten(name, FILE_MODE)
        found[end] = st
    if "" not in found:
        return False
    if found[""].st_mode & stat.S_IWUSR:
        # SQLite gives its -wal and -shm the database's mode: opened while gig.db was
        # read-only, they stay read-only after it is made writable again. Follow it.
        for end in ("-wal", "-shm"):
            side = found.get(end)
            if side and not side.st_mode & stat.S_IWUSR and side.st_uid == os.geteuid():
                with contextlib.suppress(OSError):
                    os.chmod(f"{path}{end}", FILE_MODE)
    wal = found.get("-wal")
    if found[""].st_size == 0 and wal is not None and wal.st_size > 0:
        raise Refused(
            f"{path} is empty but {path.name}-wal beside it holds {wal.st_size:,} bytes of "
            "changes: the database file was emptied or copied without them. Nothing was "
            "changed; both files are as they were. Restore gig.db from a backup (see "
            f"{backups_dir(home)}) and keep the WAL beside it, or move both aside to start afresh"
        )
    return True


def _create(home: Path, path: Path, migrations: Sequence[Migration]) -> None:
    """Build a new database beside `path` and link it into place in one step, so
    gigs started at once in several terminals never meet a half-made file: each
    builds its own, the first link wins and the others use that one. Where the file
    system has no hard links, gig creates the file in place instead (`_migrate`
    copes with a file that another gig is creating too)."""
    from gigtool.store.leftovers import sweep

    try:
        make_folder(home)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {home}: {reason(exc, home)}") from None
    _refuse_orphan_wal(path)
    sweep(home)
    partial = path.with_name(f"{path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.close(create_exclusive(partial))  # private from the first byte
        conn = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # kept in the file's header
            with transaction(conn):
                _apply_migrations(conn, migrations, 0)
        finally:
            conn.close()
        os.link(partial, path)
        sync_folder(home)
    except FileExistsError:
        pass  # another gig created it first
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise StoreError(f"cannot create the database {path}: {reason(exc, path)}") from None
        with contextlib.suppress(FileExistsError):
            os.close(create_exclusive(path))  # SQLite makes it a database in place
    except sqlite3.Error as exc:
        raise StoreError(f"cannot create the database {path}: {exc}") from None
    finally:
        for leftover in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm"))):
            discard(leftover)


def _refuse_orphan_wal(path: Path) -> None:
    """A `gig.db-wal` without its `gig.db` holds the last changes of a database that
    was moved away; a new database would take them in. (gig links a new database in
    before it writes any WAL, so a WAL seen while gig.db is still missing is an orphan.)"""
    wal = Path(f"{path}-wal")
    if wal.exists() and not path.exists() and wal.stat().st_size > 0:
        raise Refused(
            f"{wal} holds changes of a database that is no longer at {path}; put it back "
            f"beside that database (or delete it if you mean to start afresh), then run gig again"
        )


def _patiently(step: Callable[[], T]) -> T:
    """Run `step`, retrying while SQLite says "locked". The busy timeout covers most
    waits, but SQLite answers some (a WAL file being recovered or checkpointed by
    another gig) at once, without waiting."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def damaged(path: Path, exc: Exception) -> StoreError:
    """The one-line story of an SQLite failure, by what the user can do about it."""
    if isinstance(exc, UnicodeDecodeError):
        # SQLite's own message quotes bytes of the damaged schema that are not text.
        said = bytes(exc.object).decode("utf-8", "replace")
        return StoreError(
            f"{path} cannot be read as a gig database (its schema is damaged; SQLite says: "
            f"{said!r}); nothing was changed. Move it aside (with any {path.name}-wal beside "
            f"it) and restore a copy from {backups_dir(path.parent)}"
        )
    text = str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return StoreError(
            f"the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another gig writing?); "
            "nothing was changed, try again"
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"the database refused the change ({text}); nothing was changed")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) or (
        "readonly" in text or "unable to open" in text
    ):
        problem = _permission_problem(path)
        if problem:
            readable = unreachable(path) is None and os.access(path, os.R_OK)
            can = (
                "can show what the database holds but not change it"
                if readable
                else ("cannot open the database")
            )
            return StoreError(
                f"{problem}: gig {can}. "
                "Nothing was changed and the database is not damaged; fix the permissions "
                "and try again"
            )
    if isinstance(exc, sqlite3.OperationalError) and ("full" in text or "I/O" in text):
        if "full" in text or disk_full(path.parent):
            return StoreError(
                f"cannot write to {path}: the disk holding it is full. Nothing was changed "
                "and the database is not damaged; free some space, then try again"
            )
        return StoreError(
            f"cannot write to {path} ({text}); nothing was changed. Check that the disk is "
            "still there and healthy, then run `gig db check`"
        )
    return StoreError(
        f"{path} cannot be read as a gig database ({text}); nothing was changed. "
        f"Move it aside (with any {path.name}-wal beside it) and restore a copy from "
        f"{backups_dir(path.parent)}"
    )


def _permission_problem(path: Path) -> str | None:
    """What the user's permissions keep gig from doing with `path`, if anything."""
    folder = path.parent
    blocked = unreachable(path)
    if blocked is not None:
        return f"you cannot enter the folder {blocked} ({chmod_hint(blocked, 'u+rx')})"
    if not os.access(folder, os.W_OK):
        return (
            f"the data folder {folder} is read-only for you "
            f"({_mode(folder)}; {chmod_hint(folder, 'u+w')})"
        )
    if os.path.exists(path) and not os.access(path, os.R_OK):
        return f"{path} is not readable for you ({_mode(path)}; {chmod_hint(path, 'u+rw')})"
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if os.path.exists(name) and not os.access(name, os.W_OK):
            return f"{name} is read-only for you ({_mode(name)}; {chmod_hint(name, 'u+w')})"
    return None


def _mode(path: Path) -> str:
    try:
        return stat.filemode(os.stat(path).st_mode)
    except OSError:
        return "?"


def _migrate(
    conn: sqlite3.Connection, home: Path, seen_version: int, migrations: Sequence[Migration]
) -> None:
    from gigtool.store.backups import backup_auto

    if seen_version == 0:
        # An empty file gig did not make (gig links in only finished databases).
        # Check before switching to WAL, which would rewrite a foreign file's header.
        _refuse_foreign_now(conn, db_path(home))
        _patiently(lambda: _switch_to_wal(conn))
    else:
        backup_auto(conn, home, f"before-migration-{seen_version}-to-{len(migrations)}")
    with transaction(conn, exclusive=True):
        # Another gig may have migrated while we waited for the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            _refuse_foreign(conn, db_path(home))
        _apply_migrations(conn, migrations, version)


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    # SQLite answers a switch it cannot make now with the old mode, or with
    # "locked" at once: it does not wait on the busy timeout.
    if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise sqlite3.OperationalError("database is locked")


def _apply_migrations(
    conn: sqlite3.Connection, migrations: Sequence[Migration], version: int
) -> None:
    for number, (name, step) in enumerate(migrations[version:], start=version + 1):
        step(conn)
        conn.execute(
            "INSERT INTO gig_migration (id, name, applied_at) VALUES (?, ?, ?)",
            (number, name, int(time.time())),
        )
        conn.execute(f"PRAGMA user_version = {number}")


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise StoreError(f"{path} is an SQLite file but not a gig database; nothing was changed")


def _refuse_foreign_now(conn: sqlite3.Connection, path: Path) -> None:
    # In one read transaction, so a gig that finishes migrating the file in
    # between cannot make it look foreign (tables present, version still 0).
    def look() -> None:
        conn.execute("BEGIN")
        try:
            _refuse_foreign(conn, path)
        finally:
            conn.execute("COMMIT")

    _patiently(look)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, *, exclusive: bool = False) -> Iterator[None]:
    """One all-or-nothing write. IMMEDIATE takes the write lock up front, so a
    read-then-write (is a timer running? then stop it) cannot interleave with
    another gig doing the same."""
    try:
        _patiently(lambda: conn.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE"))
    except sqlite3.OperationalError as exc:
        raise damaged(Path(conn_path(conn)), exc) from None
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise damaged(Path(conn_path(conn)), exc) from None


def conn_path(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else ""


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    cursor = conn.cursor()
    # A damaged file can hold text that is not UTF-8; report it, do not fail on it.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = [str(row[0]) for row in cursor.execute("PRAGMA integrity_check")]
    finally:
        conn.text_factory = str
    problems = [r for r in rows if r != "ok"]
    problems += [
        f"{table} row {rowid} points to a missing {parent}"
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems
