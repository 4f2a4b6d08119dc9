"""`gig db` and `gig config` through the CLI, and what happens to a damaged database."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
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


# --- the data folder: nothing lost, nothing let in ----------------------------------------------

GIG = [sys.executable, "-m", "gigtool"]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def as_another_user():
    """Run gig in a subprocess that permissions bind. Root ignores them, so as root the
    subprocess runs without the capabilities that override file permissions.

    Returns (base, run): build the data under `base`, then `run(*args, home=…)`."""
    base = Path(tempfile.mkdtemp(prefix="gig-perm-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop the permission override")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]

    def run(*args: str, home: Path, code: int | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GIG_HOME": str(home), "TZ": "America/New_York"}
        done = subprocess.run(
            [*prefix, *GIG, *args], env=env, capture_output=True, text=True, timeout=60, cwd=base
        )
        assert "Traceback" not in done.stderr, done.stderr
        if code is not None:
            assert done.returncode == code, done.stderr
        return done

    yield base, run
    for folder, dirs, _ in os.walk(base):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o700)
    shutil.rmtree(base, ignore_errors=True)


def only_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


def test_db_backup_never_touches_an_existing_partial_or_what_a_link_points_to(
    some_data, gig_home, tmp_path
):
    dest = tmp_path / "copy.db"
    precious = tmp_path / "precious.txt"
    precious.write_text("my thesis")
    (tmp_path / "copy.db.partial").symlink_to(precious)
    some_data("db", "backup", str(dest))
    assert precious.read_text() == "my thesis"
    assert row_counts(dest)["time_entry"] == 3
    assert mode(dest) == 0o600

    partial = tmp_path / "other.db.partial"
    partial.write_text("someone else's file")
    some_data("db", "backup", str(tmp_path / "other.db"))
    assert partial.read_text() == "someone else's file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gig-tmp-")] == []

    (tmp_path / "linked.db").symlink_to(precious)  # a link where the copy goes: refused
    assert "already exists" in error_line(
        some_data("db", "backup", str(tmp_path / "linked.db"), code=1)
    )
    assert precious.read_text() == "my thesis"


def test_an_empty_database_beside_a_wal_with_changes_is_refused_and_left_alone(gig, gig_home):
    gig("log", "add", "admin", "9-10")
    gig_home.joinpath("gig.db").write_bytes(b"")
    wal = b"WAL with the last changes" * 100
    gig_home.joinpath("gig.db-wal").write_bytes(wal)
    for command in (["log", "status"], ["db", "check"], ["log", "add", "admin", "10-11"]):
        message = error_line(gig(*command, code=1))
        assert "gig.db is empty but gig.db-wal beside it holds 2,500 bytes" in message
    assert gig_home.joinpath("gig.db").read_bytes() == b""
    assert gig_home.joinpath("gig.db-wal").read_bytes() == wal


def test_the_data_folder_is_private_whatever_the_umask(gig, gig_home, tmp_path):
    old = os.umask(0)
    try:
        gig("log", "add", "admin", "9-10")
        gig("db", "backup", str(tmp_path / "copies" / "b.db"))
        (tmp_path / "import.csv").write_text(
            "Project,Description,Start date,Start time,End date,End time\n"
            "site,x,2026-11-20,09:00:00,2026-11-20,10:00:00\n"
        )
        gig("log", "import", "toggl", str(tmp_path / "import.csv"))
    finally:
        os.umask(old)
    assert mode(gig_home) == 0o700
    assert mode(gig_home / "gig.db") == 0o600
    assert mode(gig_home / "backups") == 0o700
    assert {mode(p) for p in (gig_home / "backups").iterdir()} == {0o600}
    assert mode(tmp_path / "copies") == 0o700 and mode(tmp_path / "copies" / "b.db") == 0o600


def test_a_data_folder_left_open_is_closed_on_open(gig, gig_home, tmp_path):
    gig("log", "add", "admin", "9-10")
    gig("db", "backup", str(gig_home / "backups" / "mine.db"))
    outside = tmp_path / "outside.txt"
    outside.write_text("not gig's")
    outside.chmod(0o644)
    (gig_home / "backups" / "link").symlink_to(outside)
    left_open = {gig_home: 0o777, gig_home / "backups": 0o755, gig_home / "gig.db": 0o666,
                 gig_home / "backups" / "mine.db": 0o644}
    for path, open_mode in left_open.items():
        os.chmod(path, open_mode)  # as an older gig, or a umask of 000, left them
    script = gig_home / "my-script.sh"  # not gig's: left as it is
    script.write_text("echo hi")
    script.chmod(0o755)
    gig("log", "status")
    assert mode(script) == 0o755
    assert mode(gig_home) == 0o700 and mode(gig_home / "backups") == 0o700
    assert mode(gig_home / "gig.db") == 0o600
    assert mode(gig_home / "backups" / "mine.db") == 0o600
    assert mode(outside) == 0o644  # never through a link


@pytest.mark.parametrize("name", ["gig.db", "backups", "receipts"])
def test_a_link_planted_in_the_data_folder_is_refused_and_named(gig, gig_home, tmp_path, name):
    gig("log", "add", "admin", "9-10")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "gig-20200101T000000000000Z-before-import-toggl.db"
    victim.write_text("not gig's")
    if name == "gig.db":
        os.replace(gig_home / "gig.db", elsewhere / "real.db")
        (gig_home / "gig.db").symlink_to(elsewhere / "real.db")
        result = gig("log", "status", code=1)
    elif name == "backups":
        (gig_home / "backups").symlink_to(elsewhere)
        csv_file = tmp_path / "t.csv"
        csv_file.write_text(
            "Project,Description,Start date,Start time,End date,End time\n"
            "site,x,2026-11-20,09:00:00,2026-11-20,10:00:00\n"
        )
        result = gig("log", "import", "toggl", str(csv_file), code=1)
    else:
        (gig_home / "receipts").symlink_to(elsewhere)
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(b"%PDF receipt")
        result = gig("receipts", "add", "42", "Adobe", "--file", str(pdf), code=1)
    message = error_line(result)
    assert f"{gig_home / name} is a symbolic link" in message
    assert victim.read_text() == "not gig's"
    assert sorted(p.name for p in elsewhere.iterdir() if p.name != "real.db") == [victim.name]


def test_db_check_lists_leftovers_and_removes_those_over_an_hour_old(gig, gig_home):
    gig("log", "add", "admin", "9-10")
    (gig_home / "backups").mkdir(mode=0o700)
    (gig_home / "receipts" / "2026-11").mkdir(parents=True)
    old = [gig_home / "backups" / "x.db.partial", gig_home / "receipts/2026-11/.gig-tmp-1-ab"]
    young = gig_home / ".gig-tmp-2-cd"
    for path in [*old, young]:
        path.write_bytes(b"half")
    for path in old:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    out = gig("db", "check").stdout
    assert "Removed backups/x.db.partial: left by an interrupted gig over an hour ago." in out
    assert "Removed receipts/2026-11/.gig-tmp-1-ab" in out
    assert "Leftover .gig-tmp-2-cd: less than an hour old" in out
    assert "Database is healthy" in out
    assert not any(p.exists() for p in old) and young.exists()


def test_a_schema_whose_error_is_not_text_is_one_error_line(gig, gig_home):
    gig("log", "add", "admin", "9-10")
    conn = sqlite3.connect(gig_home / "gig.db")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET name = CAST(X'7461FF67' AS TEXT), "
        "sql = 'CREATE TABLE tag (xx' WHERE name = 'tag'"
    )
    conn.commit()
    conn.close()
    for command in (["log", "status"], ["db", "check"], ["log", "list"], []):
        message = error_line(gig(*command, code=1))
        assert "cannot be read as a gig database (its schema is damaged" in message


def test_paths_that_cannot_be_expanded_are_one_error_line(gig, some_data, tmp_path):
    for args in (
        ["db", "backup", "~nosuchuser/x.db"],
        ["--home", "~nosuchuser/gig", "log", "status"],
        ["export", "month", "2026-11", "--out", "~nosuchuser/out"],
    ):
        assert "~nosuchuser" in error_line(gig(*args, code=2))


def test_a_read_only_database_is_named_and_can_still_be_read(as_another_user, gig):
    base, run = as_another_user
    home = base / "home"
    day = ["--date", "2026-11-20"]
    for n, (locked, named) in enumerate(
        ((home / "gig.db", "gig.db is read-only"), (home, "read-only for you")), start=1
    ):
        run("log", "add", "admin", f"{8 + n}-{9 + n}", *day, home=home, code=0)  # closes cleanly
        os.chmod(locked, 0o500 if locked.is_dir() else 0o400)
        status = json.loads(run("db", "status", "--json", home=home, code=0).stdout)
        assert status["tables"]["time_entry"] == n
        run("log", "list", home=home, code=0)
        run("log", "status", home=home, code=0)
        run(home=home, code=0)  # the morning view
        message = only_error(run("log", "add", "admin", "20-21", *day, home=home, code=1))
        assert named in message and "not damaged" in message
        assert "restore" not in message
        os.chmod(locked, 0o700 if locked.is_dir() else 0o600)
    run("log", "add", "admin", "20-21", *day, home=home, code=0)  # works again once fixed


def test_folders_that_cannot_be_entered_are_one_error_line(as_another_user):
    base, run = as_another_user
    home = base / "home"
    run("log", "add", "admin", "9-10", "--date", "2026-11-20", home=home, code=0)
    closed = base / "closed"
    (closed / "inside").mkdir(parents=True)
    (base / "t.csv").write_text("Project,Start date,Start time,Duration\nx,2026-11-20,09:00,1:00\n")
    (base / "t.csv").replace(closed / "inside" / "t.csv")
    closed.chmod(0)
    for args in (
        ["db", "backup", str(closed / "inside" / "b.db")],
        ["export", "month", "2026-11", "--out", str(closed / "inside")],
        ["--home", str(closed / "inside" / "gig"), "log", "status"],
    ):
        done = run(*args, home=home)
        assert done.returncode == 1, done.stderr
        assert f"cannot enter the folder {closed}" in only_error(done)


def test_import_and_receipt_paths_that_cannot_be_reached_are_one_error_line(as_another_user):
    base, run = as_another_user
    home = base / "home"
    closed = base / "closed"
    (closed / "in").mkdir(parents=True)
    (closed / "in" / "t.csv").write_text("Project,Start date\n")
    closed.chmod(0)
    for args in (["log", "import", "toggl", str(closed / "in" / "t.csv")],
                 ["log", "import", "watson", str(closed / "in" / "t.csv")],
                 ["log", "import", "timew", str(closed / "in")]):
        done = run(*args, home=home)
        assert done.returncode == 2, done.stderr
        assert str(closed) in only_error(done) and "ermission denied" in only_error(done)
    done = run("receipts", "add", "4", "Adobe", "--file", "~nosuchuser/x.pdf", home=home)
    assert done.returncode == 2 and "~nosuchuser" in only_error(done)


@pytest.mark.parametrize("name", ["backups", "gig.db-wal", "receipts/2026-11/x.db", "trash/x.db"])
def test_db_backup_never_takes_the_place_of_gigs_own_files(some_data, gig_home, name):
    message = error_line(some_data("db", "backup", str(gig_home / name), code=1))
    assert "is where gig keeps its own files" in message
    assert name == "gig.db-wal" or not (gig_home / name).exists()
    some_data("db", "backup", str(gig_home / "backups" / "mine.db"))
    assert (gig_home / "backups" / "mine.db").is_file()
