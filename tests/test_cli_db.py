"""`gig db` and `gig config` through the CLI, and what happens to a damaged database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gigtool.config import SETTINGS

# The settings this file exercises; gig may have more.
SETTING_KEYS = ["currency", "rate", "week-start", "day-start", "urgency-window", "decimal-comma"]


def error_line(result) -> str:
    """The one `Error: …` line a refused or bad command must print, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture
def some_data(gig):
    gig("client", "add", "Acme", "--rate", "95")
    gig("project", "add", "website", "--client", "Acme")
    gig("log", "add", "website", "9-10", "+call")
    gig("log", "add", "other", "10-11")
    gig("log", "start", "website")
    return gig


# --- db ----------------------------------------------------------------------------------------


def test_db_path_is_under_gig_home(gig, gig_home, tmp_path):
    assert gig("db", "path").stdout.strip() == str(gig_home / "gig.db")
    elsewhere = tmp_path / "elsewhere"
    assert gig("--home", str(elsewhere), "db", "path").stdout.strip() == str(elsewhere / "gig.db")


def test_db_status_before_any_data_is_refused(gig, gig_home):
    assert "there is no database" in error_line(gig("db", "status", code=1))
    assert not (gig_home / "gig.db").exists()


def test_db_status(some_data, gig_home):
    info = some_data.json("db", "status")
    assert info["path"] == str(gig_home / "gig.db")
    assert info["schema_version"] == info["latest_schema_version"] >= 1
    assert info["size_bytes"] > 0
    tables = info["tables"]
    assert tables["client"] == 1
    assert tables["project"] == 2
    assert tables["time_entry"] == 3
    assert tables["tag"] == 1

    out = some_data("db", "status").stdout
    assert f"Database: {gig_home / 'gig.db'}" in out
    assert f"version {info['schema_version']} of {info['latest_schema_version']}" in out
    assert "time_entry" in out and "client" in out


def test_db_backup_is_a_copy_with_the_same_rows(some_data, gig_home, tmp_path):
    dest = tmp_path / "copies" / "gig-backup.db"
    assert f"Backed up to {dest}" in some_data("db", "backup", str(dest)).stdout

    assert dest.read_bytes()[:16] == b"SQLite format 3\x00"
    copied = row_counts(dest)
    assert copied == row_counts(gig_home / "gig.db")
    assert copied["time_entry"] == 3
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_db_backup_refuses_an_existing_file(some_data, tmp_path):
    dest = tmp_path / "precious.db"
    dest.write_bytes(b"do not overwrite me")
    message = error_line(some_data("db", "backup", str(dest), code=1))
    assert "already exists" in message and str(dest) in message
    assert dest.read_bytes() == b"do not overwrite me"


def test_db_backup_to_an_impossible_place_is_one_error_line(gig, some_data, tmp_path):
    from gigtool.cli import app
    from gigtool.cli.context import App

    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file, not a folder")
    result = gig.runner.invoke(app, ["db", "backup", str(a_file / "gig.db")],
                               obj=App(clock=gig.clock))
    assert not isinstance(result.exception, OSError), repr(result.exception)  # no traceback
    assert result.exit_code in (1, 2)
    assert str(a_file) in error_line(result)


def test_db_check_on_a_healthy_database(some_data):
    assert "Database is healthy" in some_data("db", "check").stdout


RANDOM = bytes((i * 37 + 11) % 256 for i in range(8192))
TEXT = b"this is not a database, it is my shopping list\n"
BAD_HEADER = b"SQLite format 3\x00" + b"\xff" * 4080  # looks like SQLite, is not


@pytest.mark.parametrize(
    ("command", "garbage"),
    [
        ([], RANDOM),
        (["log", "status"], TEXT),
        (["log", "start", "acme"], BAD_HEADER),
        (["log", "list", "--json"], RANDOM),
        (["client", "add", "Acme"], TEXT),
        (["db", "status"], BAD_HEADER),
        (["db", "check"], RANDOM),
        (["config", "set", "week-start", "sunday"], BAD_HEADER),
    ],
    ids=lambda v: (" ".join(v) or "gig") if isinstance(v, list) else None,
)
def test_a_damaged_database_is_reported_and_left_alone(gig, gig_home, command, garbage):
    gig_home.mkdir(parents=True)
    db = gig_home / "gig.db"
    db.write_bytes(garbage)

    message = error_line(gig(*command, code=1))
    assert str(db) in message
    assert db.read_bytes() == garbage  # never replaced, never "repaired" into an empty DB
    assert sorted(p.name for p in gig_home.iterdir()) == ["gig.db"]


def test_an_sqlite_file_that_is_not_gig_is_left_alone(gig, gig_home):
    gig_home.mkdir(parents=True)
    db = gig_home / "gig.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    before = db.read_bytes()

    message = error_line(gig("log", "status", code=1))
    assert "not a gig database" in message and str(db) in message
    # Byte for byte: not even switched to WAL journaling on the way to refusing it.
    assert db.read_bytes() == before


# --- config ------------------------------------------------------------------------------------


def test_config_list(gig):
    rows = gig.json("config", "list")
    assert [r["key"] for r in rows] == list(SETTINGS)
    assert set(SETTING_KEYS) <= set(SETTINGS)
    for row in rows:
        assert set(row) == {"key", "value", "default", "set", "help"}
    assert {r["key"]: r["value"] for r in rows}["week-start"] == "monday"
    assert not any(r["set"] for r in rows)

    gig("config", "set", "week-start", "sunday")
    row = {r["key"]: r for r in gig.json("config", "list")}["week-start"]
    assert (row["value"], row["default"], row["set"]) == ("sunday", "monday", True)

    out = gig("config", "list").stdout
    for key in SETTING_KEYS:
        assert key in out
    assert "sunday *" in out


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("week-start", "Sun", "sunday"),
        ("week-start", "TUESDAY", "tuesday"),
        ("day-start", "4", "4"),
        ("day-start", "4am", "4"),
        ("day-start", "6pm", "18"),
        ("currency", "eur", "EUR"),
        ("urgency-window", "7", "7"),
        ("decimal-comma", "yes", "true"),
        ("rate", "95", "95.00 USD"),
        ("rate", "80 EUR", "80.00 EUR"),
    ],
)
def test_config_set_get_unset(gig, key, typed, stored):
    default = gig("config", "get", key).stdout.strip()
    assert gig("config", "set", key, typed).stdout.strip() == f"{key} = {stored}"
    assert gig("config", "get", key).stdout.strip() == stored
    assert "(default)" in gig("config", "unset", key).stdout
    assert gig("config", "get", key).stdout.strip() == default


@pytest.mark.parametrize(
    "command",
    [
        ["config", "get", "colour"],
        ["config", "set", "colour", "blue"],
        ["config", "unset", "colour"],
    ],
    ids=["get", "set", "unset"],
)
def test_config_unknown_key_lists_the_keys(gig, command):
    message = error_line(gig(*command, code=2))
    assert "unknown setting 'colour'" in message
    for key in SETTINGS:
        assert key in message


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("week-start", "someday", "is not a weekday"),
        ("week-start", "mo", "is not a weekday"),
        ("day-start", "25", "is not an hour of the day"),
        ("day-start", "4:30", "is not an hour of the day"),
        ("day-start", "13pm", "is not an hour of the day"),
        ("currency", "XYZ", "is not an ISO 4217 currency code"),
        ("currency", "dollars", "is not an ISO 4217 currency code"),
        ("urgency-window", "61", "is not a number of days"),
        ("urgency-window", "soon", "is not a number of days"),
        ("urgency-window", "\u00b2", "is not a number of days"),
        ("decimal-comma", "maybe", "is not true or false"),
        ("rate", "lots", "'lots' is not an amount"),
    ],
)
def test_config_set_bad_value_is_refused_and_nothing_changes(gig, key, value, message):
    default = gig("config", "get", key).stdout.strip()
    assert message in error_line(gig("config", "set", key, value, code=2))
    assert gig("config", "get", key).stdout.strip() == default
