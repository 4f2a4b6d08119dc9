"""Opening the database safely: WAL, a busy timeout, migrations, backups.

Plain `sqlite3` keeps the everyday commands fast; the tables it touches are
declared in `models.py`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from gigtool.errors import Refused, StoreError
from gigtool.store.home import backups_dir, db_path

BUSY_TIMEOUT_MS = 15_000
T = TypeVar("T")
KEEP_BACKUPS = 7


def open_db(home: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if need be create and migrate) the database in `home`."""
    from gigtool.store.migrations import LATEST

    path = db_path(home)
    if not path.exists():
        if not create:
            raise Refused(f"there is no database at {path} yet; it is created on first use")
        _create(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = _patiently(lambda: conn.execute("PRAGMA user_version").fetchone()[0])
        if version < LATEST:
            _migrate(conn, home, version)
        elif version > LATEST:
            raise StoreError(
                f"{path} was written by a newer gig (schema {version}, this gig knows "
                f"{LATEST}); upgrade gig to use it"
            )
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise damaged(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _create(path: Path) -> None:
    """Build a new database beside `path` and link it into place in one step, so
    gigs started at once in several terminals never meet a half-made file: each
    builds its own, the first link wins and the others use that one. Where the file
    system has no hard links, gig creates the file in place instead (`_migrate`
    copes with a file that another gig is creating too)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
    _refuse_orphan_wal(path)
    _remove_stale_partials(path)
    partial = path.with_name(f"{path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        conn = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # kept in the file's header
            with transaction(conn):
                _apply_migrations(conn, 0)
        finally:
            conn.close()
        os.link(partial, path)
    except FileExistsError:
        pass  # another gig created it first
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise StoreError(f"cannot create the database {path}: {exc.strerror}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"cannot create the database {path}: {exc}") from None
    finally:
        for leftover in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


# What os.link raises where a file system has no hard links (FAT, exFAT, some
# network shares): gig then creates the database in place.
_NO_HARD_LINKS = {
    errno.EPERM,
    errno.EACCES,
    errno.ENOTSUP,
    errno.EOPNOTSUPP,
    errno.EXDEV,
    errno.ENOSYS,
}


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


def _remove_stale_partials(path: Path) -> None:
    """Partial databases left by a gig killed while creating one, after an hour."""
    for stale in path.parent.glob(f"{path.name}.new-*"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()


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
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return StoreError(
            f"the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another gig writing?); "
            "nothing was changed, try again"
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"the database refused the change ({text}); nothing was changed")
    if isinstance(exc, sqlite3.OperationalError) and ("full" in text or "I/O" in text):
        return StoreError(f"cannot write to {path} ({text}); nothing was changed")
    return StoreError(
        f"{path} cannot be read as a gig database ({text}); nothing was changed. "
        f"Move it aside (with any {path.name}-wal beside it) and restore a copy from "
        f"{backups_dir(path.parent)}"
    )


def _migrate(conn: sqlite3.Connection, home: Path, seen_version: int) -> None:
    from gigtool.store.migrations import LATEST

    if seen_version == 0:
        # An empty file gig did not make (gig links in only finished databases).
        # Check before switching to WAL, which would rewrite a foreign file's header.
        _refuse_foreign_now(conn, db_path(home))
        _patiently(lambda: _switch_to_wal(conn))
    else:
        backup_auto(conn, home, f"before-migration-{seen_version}-to-{LATEST}")
    with transaction(conn, exclusive=True):
        # Another gig may have migrated while we waited for the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            _refuse_foreign(conn, db_path(home))
        _apply_migrations(conn, version)


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    # SQLite answers a switch it cannot make now with the old mode, or with
    # "locked" at once: it does not wait on the busy timeout.
    if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise sqlite3.OperationalError("database is locked")


def _apply_migrations(conn: sqlite3.Connection, version: int) -> None:
    from gigtool.store.migrations import MIGRATIONS

    for number, (name, step) in enumerate(MIGRATIONS[version:], start=version + 1):
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


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """SQLite's online backup: a consistent copy even while another gig writes."""
    if dest.exists():
        raise Refused(f"{dest} already exists; choose another file name")
    partial = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
        finally:
            target.close()
        _place(partial, dest)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise Refused(f"cannot write a backup to {dest}: {reason}") from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return dest


def _place(partial: Path, dest: Path) -> None:
    """Give the finished copy its name, failing rather than overwrite a file that
    appeared meanwhile: a hard link, or an exclusive copy where there are none."""
    try:
        os.link(partial, dest)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        import shutil

        with partial.open("rb") as source, dest.open("xb") as target:
            shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())


def backup_auto(conn: sqlite3.Connection, home: Path, reason: str) -> Path:
    """A dated copy in `backups/`, keeping the newest few."""
    folder = backups_dir(home)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = backup_to(conn, folder / f"gig-{stamp}-{reason}.db")
    # Rotate each kind on its own, so a run of imports never pushes out the copy
    # taken before the last schema upgrade.
    kind = "-".join(reason.split("-")[:2])
    for old in sorted(folder.glob(f"gig-*-{kind}*.db"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return dest


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
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    problems = [r for r in rows if r != "ok"]
    problems += [
        f"{table} row {rowid} points to a missing {parent}"
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems
