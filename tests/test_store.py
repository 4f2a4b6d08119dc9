"""The store: migrations match the models, damaged files are reported, backups rotate,
and the everyday commands stay off SQLModel and Rich."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gigtool.database import LATEST, MIGRATIONS, open_db
from gigtool.errors import Refused, StoreError
from gigtool.store import db as store
from gigtool.store.backups import KEEP_BACKUPS, backup_auto, backup_to
from gigtool.tracking import entries as tracking
from gigtool.tracking import timer


def schema(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, and indexes with their columns and uniqueness."""
    out: dict[str, object] = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in sorted(tables):
        columns = sorted(
            (name, kind.upper(), bool(notnull), pk)
            for _, name, kind, notnull, _, pk in conn.execute(f"PRAGMA table_info({table})")
        )
        indexes = sorted(
            (
                tuple(str(r[2]) for r in conn.execute(f"PRAGMA index_info('{name}')")),
                bool(unique),
                partial,
            )
            for _, name, unique, _, partial in conn.execute(f"PRAGMA index_list({table})")
        )
        foreign = sorted(
            (r[3], r[2], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")
        )
        out[table] = {"columns": columns, "indexes": indexes, "foreign": foreign}
    return out


def models_db(path: Path) -> sqlite3.Connection:
    from sqlmodel import create_engine

    from gigtool.database import metadata

    engine = create_engine(f"sqlite:///{path}")
    metadata().create_all(engine)
    engine.dispose()
    return sqlite3.connect(path, isolation_level=None)


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    migrated = open_db(tmp_path / "migrated")
    from_models = models_db(tmp_path / "models.db")
    assert schema(migrated) == schema(from_models)


def test_hot_path_works_on_a_database_built_from_the_models(tmp_path: Path, clock) -> None:
    """If tracking's SQL names a column the models do not have, this fails."""
    conn = models_db(tmp_path / "models.db")
    conn.execute("PRAGMA foreign_keys = ON")
    started = timer.start_timer(conn, clock, project="acme", description="x", tags=["+a"])
    clock.advance(minutes=30)
    stopped = timer.stop_timer(conn, clock)
    assert stopped.id == started.entry.id
    assert stopped.seconds(clock.now()) == 1800
    assert tracking.last_entry(conn).tags == ["a"]  # type: ignore[union-attr]


def test_new_database_is_wal_at_latest_version_with_migration_rows(gig_home: Path) -> None:
    conn = open_db(gig_home)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    rows = conn.execute("SELECT id, name FROM gig_migration ORDER BY id").fetchall()
    assert [r[1] for r in rows] == [name for name, _ in MIGRATIONS]


def test_new_database_leaves_no_partial_files_behind(gig_home: Path) -> None:
    open_db(gig_home).close()
    assert sorted(p.name for p in gig_home.iterdir()) == ["gig.db"]


def test_an_empty_file_where_the_database_goes_becomes_a_gig_database(gig_home: Path) -> None:
    gig_home.mkdir(parents=True)
    (gig_home / "gig.db").touch()
    conn = open_db(gig_home)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upgrade_keeps_data_and_backs_up_first(
    gig_home: Path, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    conn = open_db(gig_home)
    tracking.add_entry(
        conn, clock, project="acme", start=clock.now().replace(hour=13), end=clock.now()
    )
    conn.close()

    def add_note_column(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE time_entry ADD COLUMN note VARCHAR")

    monkeypatch.setattr(
        "gigtool.database.MIGRATIONS", [*MIGRATIONS, ("note column", add_note_column)]
    )
    monkeypatch.setattr("gigtool.database.LATEST", LATEST + 1)
    conn = open_db(gig_home)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    assert conn.execute("SELECT count(*) FROM time_entry").fetchone()[0] == 1
    backups = list((gig_home / "backups").glob("gig-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert old.execute("SELECT count(*) FROM time_entry").fetchone()[0] == 1


def test_failed_migration_changes_nothing(gig_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_db(gig_home).close()

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half (id INTEGER)")
        raise sqlite3.OperationalError("disk on fire")

    monkeypatch.setattr("gigtool.database.MIGRATIONS", [*MIGRATIONS, ("broken", broken)])
    monkeypatch.setattr("gigtool.database.LATEST", LATEST + 1)
    with pytest.raises(StoreError):
        open_db(gig_home)
    conn = sqlite3.connect(gig_home / "gig.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchone()


def test_automatic_backups_keep_the_newest_few(gig_home: Path) -> None:
    conn = open_db(gig_home)
    upgrade = backup_auto(conn, gig_home, "before-migration-1-to-2")
    made = [
        backup_auto(conn, gig_home, f"before-import-toggl-{i}")
        for i in range(KEEP_BACKUPS + 3)
    ]
    kept = sorted((gig_home / "backups").glob("gig-*.db"))
    # The newest imports are kept, and a run of imports never pushes out the upgrade's copy.
    assert kept == sorted([upgrade, *made[-KEEP_BACKUPS :]])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all" * 100, "cannot be read as a gig database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "cannot be read as a gig database"),
    ],
)
def test_damaged_database_is_reported_and_left_alone(
    gig_home: Path, content: bytes, message: str
) -> None:
    gig_home.mkdir(parents=True)
    (gig_home / "gig.db").write_bytes(content)
    with pytest.raises(StoreError, match=message):
        open_db(gig_home)
    assert (gig_home / "gig.db").read_bytes() == content


def test_foreign_sqlite_file_is_refused(gig_home: Path) -> None:
    gig_home.mkdir(parents=True)
    other = sqlite3.connect(gig_home / "gig.db")
    other.execute("CREATE TABLE photos (id INTEGER)")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not a gig database"):
        open_db(gig_home)


def test_database_from_a_newer_gig_is_refused(gig_home: Path) -> None:
    conn = open_db(gig_home)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer gig"):
        open_db(gig_home)


EVERYDAY = [
    ["log", "status"],
    ["log", "start", "acme", "--at", "9:00"],
    ["log", "stop"],
    ["frog"],
    [],  # gig alone: the morning view
    ["receipts", "add", "12.50", "Cafe", "--category", "meals"],
]


@pytest.mark.parametrize("args", EVERYDAY, ids=lambda a: " ".join(a) or "gig")
def test_everyday_commands_do_not_import_sqlmodel_or_rich(gig_home: Path, args: list[str]) -> None:
    code = (
        "import sys\n"
        "from gigtool.cli import main\n"
        f"sys.argv = ['gig', *{args!r}]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlmodel', 'sqlalchemy', 'rich', 'pydantic', 'platformdirs'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY []" in out, out


def _steps_to_start_and_stop(conn: sqlite3.Connection, clock, history: int) -> int:
    """SQLite's work (in VM steps) to start and stop a timer after `history` entries."""
    now = int(clock.now().timestamp())
    conn.execute("INSERT INTO project (name, created_at) VALUES ('old', 0)")
    conn.executemany(
        "INSERT INTO time_entry (project_id, description, start_utc, end_utc, tz, billable, "
        "created_at, updated_at) VALUES (1, '', ?, ?, 'UTC', 1, 0, 0)",
        [(now - 3600 * (i + 2), now - 3600 * (i + 1) - 60) for i in range(history)],
    )
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn.set_progress_handler(count, 1)
    timer.start_timer(conn, clock, project="new")
    clock.advance(minutes=5)
    timer.stop_timer(conn, clock)
    conn.set_progress_handler(None, 0)
    return steps


def test_starting_a_timer_does_not_read_the_history(tmp_path: Path, clock) -> None:
    small = _steps_to_start_and_stop(open_db(tmp_path / "small"), clock, 100)
    large = _steps_to_start_and_stop(open_db(tmp_path / "large"), clock, 5_000)
    assert large < small * 2, (small, large)


def test_without_hard_links_the_database_is_created_in_place(
    gig_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(store.os, "link", no_links)
    conn = open_db(gig_home)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert sorted(p.name for p in gig_home.iterdir()) == ["gig.db"]


def test_backups_without_hard_links_are_whole_copies_that_never_overwrite(
    gig_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clock
) -> None:
    import errno

    conn = open_db(gig_home)
    tracking.add_entry(
        conn, clock, project="acme", start=clock.now().replace(hour=13), end=clock.now()
    )

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(store.os, "link", no_links)
    copy = sqlite3.connect(backup_to(conn, tmp_path / "copy.db"))
    assert copy.execute("SELECT count(*) FROM time_entry").fetchone()[0] == 1
    copy.close()
    (tmp_path / "taken.db").write_bytes(b"mine")
    with pytest.raises(Refused, match="already exists"):
        backup_to(conn, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != "") == ["copy.db", "taken.db"]


def test_a_wal_left_by_a_database_moved_away_is_not_taken_in(gig_home: Path, clock) -> None:
    conn = open_db(gig_home)
    tracking.add_entry(
        conn, clock, project="acme", start=clock.now().replace(hour=13), end=clock.now()
    )
    wal = (gig_home / "gig.db-wal").read_bytes()
    conn.close()
    (gig_home / "gig.db").rename(gig_home.parent / "moved.db")
    (gig_home / "gig.db-wal").write_bytes(wal)  # as a crash would have left it
    with pytest.raises(Refused, match="holds changes of a database that is no longer"):
        open_db(gig_home)
    assert not (gig_home / "gig.db").exists()
    assert (gig_home / "gig.db-wal").read_bytes() == wal


def test_partial_databases_of_a_killed_gig_are_cleared_after_an_hour(gig_home: Path) -> None:
    import os
    import time

    gig_home.mkdir(parents=True)
    old, fresh = gig_home / "gig.db.new-1-aa", gig_home / "gig.db.new-2-bb"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    open_db(gig_home).close()
    assert not old.exists() and fresh.exists()


def test_backup_rotation_never_deletes_through_a_link(gig_home: Path, tmp_path: Path) -> None:
    import os

    conn = open_db(gig_home)
    backups = gig_home / "backups"
    backups.mkdir(mode=0o700, exist_ok=True)
    victims = []
    for i in range(3):
        victim = tmp_path / f"thesis-{i}.txt"
        victim.write_text("precious")
        victims.append(victim)
        os.symlink(victim, backups / f"gig-2000010{i}T000000000000Z-before-import-toggl.db")
    for i in range(KEEP_BACKUPS + 2):
        backup_auto(conn, gig_home, f"before-import-toggl-{i}")
    conn.close()
    assert all(v.read_text() == "precious" for v in victims)
    real = [p for p in backups.iterdir() if not p.is_symlink()]
    assert len(real) == KEEP_BACKUPS
    assert len([p for p in backups.iterdir() if p.is_symlink()]) == 3  # left alone


def test_atomic_file_writes_whole_private_files_and_never_overwrites(tmp_path: Path) -> None:
    import os
    import stat

    from gigtool.store import files

    target = tmp_path / "out.csv"
    with files.atomic_file(target) as fh:
        fh.write(b"a,b\r\n")
    assert target.read_bytes() == b"a,b\r\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with pytest.raises(FileExistsError), files.atomic_file(target) as fh:
        fh.write(b"other")
    assert target.read_bytes() == b"a,b\r\n"
    with pytest.raises(OSError, match="No space"), files.atomic_file(tmp_path / "b") as fh:
        fh.write(b"half")
        raise OSError(28, "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no partial file


def test_a_file_where_gig_keeps_a_folder_is_refused(gig, gig_home: Path, tmp_path: Path) -> None:
    gig("log", "add", "admin", "9-10")
    (gig_home / "receipts").write_text("not a folder")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF")
    result = gig("receipts", "add", "4", "Adobe", "--file", str(pdf), code=1)
    assert "is a file where gig keeps a folder" in result.stderr
