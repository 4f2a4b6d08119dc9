"""Upgrades from real old databases: every schema version gig has shipped, holding every
kind of row that version had, opened by today's gig and compared row by row.

The databases are SQL dumps in tests/data/old-schemas/, one per version (v1.sql is
schema 1, ...), written once by the gig of that version and frozen: they are never
regenerated from today's code, so a migration that changes what an old database
becomes is caught here. When a new schema version ships, add its dump (with rows for
its new tables) beside the others; the tests upgrade each to whatever LATEST is.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from test_store import models_db, schema

from gigtool.database import LATEST, MIGRATIONS

OLD = Path(__file__).parent / "data" / "old-schemas"
DUMPS = sorted(OLD.glob("v*.sql"), key=lambda p: int(p.stem[1:]))


def _version(dump: Path) -> int:
    return int(dump.stem[1:])


def _load(dump: Path, target: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.executescript(dump.read_text(encoding="utf-8"))
    return conn


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    listed = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}').fetchall()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


@pytest.fixture
def old_home(gig_home: Path):
    """Put the frozen database of a version, and its receipt files, in the data folder."""

    def place(dump: Path) -> Path:
        gig_home.mkdir(parents=True, exist_ok=True)
        _load(dump, gig_home / "gig.db").close()
        shutil.copytree(OLD / "receipts", gig_home / "receipts", dirs_exist_ok=True)
        return gig_home / "gig.db"

    return place


def test_there_is_a_frozen_database_for_every_version_before_the_latest() -> None:
    versions = [_version(d) for d in DUMPS]
    assert versions[0] == 1
    assert versions == list(range(1, versions[-1] + 1))
    # A shipped version without a dump would go untested: the dumps reach at least the
    # version before the newest migration.
    assert versions[-1] >= LATEST - 1


@pytest.mark.parametrize("dump", DUMPS, ids=[d.stem for d in DUMPS])
def test_each_old_database_holds_every_kind_of_row_of_its_version(dump: Path) -> None:
    conn = _load(dump, ":memory:")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == _version(dump)
    empty = [
        t for t in _tables(conn) if t != "sqlite_sequence" and not _rows(conn, t, _columns(conn, t))
    ]
    assert empty == [], "a frozen database should hold rows in every table"


@pytest.mark.parametrize("dump", DUMPS, ids=[d.stem for d in DUMPS])
def test_upgrade_keeps_every_row(dump: Path, old_home, gig, gig_home: Path) -> None:
    before = _load(dump, ":memory:")
    db = old_home(dump)

    result = gig("db", "check")  # opening the database upgrades it
    assert "healthy" in result.stdout

    after = sqlite3.connect(db)
    assert after.execute("PRAGMA user_version").fetchone()[0] == LATEST
    names = [r[0] for r in after.execute("SELECT name FROM gig_migration ORDER BY id")]
    assert names == [name for name, _ in MIGRATIONS]
    for table in _tables(before):
        if table == "gig_migration":
            continue
        columns = _columns(before, table)
        assert set(columns) <= set(_columns(after, table)), f"{table} lost a column"
        assert _rows(after, table, columns) == _rows(before, table, columns), table
    old_steps = _rows(before, "gig_migration", ["id", "name", "applied_at"])
    assert _rows(after, "gig_migration", ["id", "name", "applied_at"])[: len(old_steps)] == (
        old_steps
    )
    if _version(dump) == LATEST:
        return  # nothing to upgrade yet: the next migration makes this an upgrade test
    # The copy taken before the upgrade is the old database, untouched.
    backups = list((gig_home / "backups").glob(f"gig-*-before-migration-{_version(dump)}-*.db"))
    assert len(backups) == 1
    kept = sqlite3.connect(backups[0])
    assert kept.execute("PRAGMA user_version").fetchone()[0] == _version(dump)
    assert _rows(kept, "time_entry", _columns(before, "time_entry")) == _rows(
        before, "time_entry", _columns(before, "time_entry")
    )


@pytest.mark.parametrize("dump", DUMPS, ids=[d.stem for d in DUMPS])
def test_upgraded_schema_is_the_models(dump: Path, old_home, gig, tmp_path: Path) -> None:
    db = old_home(dump)
    gig("db", "check")
    assert schema(sqlite3.connect(db)) == schema(models_db(tmp_path / "models.db"))


def test_upgraded_data_reads_as_before_through_gig(old_home, gig) -> None:
    """The oldest database, upgraded: its entries, tags and rates are what gig shows."""
    old_home(DUMPS[0])
    entries = gig.json("log", "list", "--from", "2025-11-01", "--to", "2025-12-31")
    by_description = {e["description"]: e for e in entries}
    assert set(by_description) == {
        "API review",
        "invoices, mail",
        "Speisekarte \u201cneu\u201d",
        "",
        "late fix",
    }
    assert sorted(by_description["API review"]["tags"]) == ["call", "deep"]
    assert by_description["invoices, mail"]["billable"] is False
    clients = {c["name"]: c for c in gig.json("client", "list", "--archived")}
    assert {"Acme", "Café Müller", "Old Co"} <= set(clients)


def test_upgraded_money_and_tasks_read_as_before_through_gig(old_home, gig) -> None:
    old_home(DUMPS[3])  # schema 4: the first with tasks
    receipts = {r["vendor"]: r for r in gig.json("receipts", "list", "--year", "2025")}
    assert set(receipts) == {"Adobe", "Trattoria", "Desk Club"}
    gig("receipts", "check")  # the receipt file is where the database says, SHA-256 and all
    titles = {t["title"] for t in gig.json("task", "list", "--all")}
    assert {"Write the proposal", "File receipts"} <= titles


def test_a_renamed_client_keeps_its_old_name_through_the_upgrade(old_home, gig) -> None:
    old_home(DUMPS[4])  # schema 5: clients keep their old names as aliases
    income = gig.json("income", "list", "--year", "2025")
    assert {i["client"] for i in income} == {"Acme Corp", "Café Müller"}
    gig("income", "add", "100", "Acme", "--date", "2025-12-01")
    names = {c["name"] for c in gig.json("client", "list", "--archived")}
    assert "Acme" not in names  # the old name went to Acme Corp, not to a new client
