"""`kill -9` of a real gig mid-import, mid-export, mid-receipt-copy and mid-migration.

Each kill happens at a moment chosen by watching for evidence of progress (a temporary
file appearing, a backup in place, the WAL growing), never after a fixed sleep; every
wait is bounded. Afterwards the database is intact, the work is all or nothing, and
nothing but leftovers that gig cleans (`.gig-tmp-…`, once over an hour old) remains.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gigtool.database import LATEST, MIGRATIONS
from gigtool.store.files import LEFTOVER_PATTERNS
from gigtool.store.leftovers import leftovers

GIG = [sys.executable, "-m", "gigtool"]
WAIT = 120.0  # seconds: the bound on every wait, generous for a loaded machine
HEADER = "Project,Description,Start date,Start time,End date,End time\n"


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "GIG_HOME": str(home), "TZ": "America/New_York"}


def kill_when(args: list[str], home: Path, ready: Callable[[], bool]) -> int:
    """Start gig, and `kill -9` it as soon as `ready()`; its exit status (-9 when killed)."""
    proc = subprocess.Popen(
        [*GIG, *args], env=env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + WAIT
    try:
        while proc.poll() is None:
            if ready():
                proc.send_signal(signal.SIGKILL)
                break
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"gig {' '.join(args)} showed no progress in {WAIT:.0f} s")
            time.sleep(0.001)
        proc.wait(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stderr:
            err = proc.stderr.read().decode()
            assert "Traceback" not in err, err
            proc.stderr.close()
    return proc.returncode


def gig(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*GIG, *args], env=env(home), capture_output=True, text=True, timeout=WAIT
    )
    assert done.returncode == 0, done.stderr
    return done


def check_intact(home: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(home / "gig.db")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def only_cleanable(folder: Path, expected: set[str]) -> None:
    """Nothing in `folder` but `expected` names and leftovers gig cleans."""
    names = {p.name for p in folder.iterdir()}
    stray = names - expected - {p.name for p in leftovers(folder)}
    stray -= {"gig.db-wal", "gig.db-shm"}  # SQLite's own, taken back in on the next open
    assert not stray, f"left in {folder}: {sorted(stray)} (cleanable: {LEFTOVER_PATTERNS})"


def exists(folder: Path, pattern: str) -> Callable[[], bool]:
    return lambda: any(True for _ in folder.glob(pattern))


def toggl_csv(path: Path, rows: int, start: datetime) -> Path:
    t = start
    lines = [HEADER]
    for i in range(rows):
        end = t + timedelta(minutes=20)
        lines.append(f"site,task {i},{t:%Y-%m-%d},{t:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S}\n")
        t = end + timedelta(minutes=5)
    path.write_text("".join(lines))
    return path


def entries(home: Path) -> int:
    conn = check_intact(home)
    try:
        return int(conn.execute("SELECT count(*) FROM time_entry").fetchone()[0])
    finally:
        conn.close()


# --- import ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imports(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A database already holding 40,000 entries (so its backup takes a while), and a
    second file of 40,000 to import."""
    base = tmp_path_factory.mktemp("crash-import")
    first = toggl_csv(base / "first.csv", 40_000, datetime(2021, 1, 1))
    second = toggl_csv(base / "second.csv", 40_000, datetime(2023, 1, 1))
    home = base / "home"
    gig(home, "log", "import", "toggl", str(first), "--tz", "UTC")
    return base, home, second


@pytest.mark.parametrize("moment", ["backup started", "backup placed", "entries written"])
def test_an_import_killed_midway_is_all_or_nothing(imports, tmp_path, moment):
    base, seed, csv_file = imports
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    for name in ("gig.db",):
        (home / name).write_bytes((seed / name).read_bytes())
    os.chmod(home / "gig.db", 0o600)
    backups = home / "backups"
    wal = home / "gig.db-wal"
    ready = {
        "backup started": exists(backups, ".gig-tmp-*"),
        "backup placed": exists(backups, "gig-*-before-import-*.db"),
        "entries written": lambda: wal.exists() and wal.stat().st_size > 4 << 20,
    }[moment]
    code = kill_when(["log", "import", "toggl", str(csv_file), "--tz", "UTC"], home, ready)
    assert code == -signal.SIGKILL, f"gig finished before {moment}"
    assert entries(home) == 40_000  # nothing of the second file: all or nothing
    only_cleanable(home, {"gig.db", "backups"})
    if backups.exists():
        only_cleanable(backups, {p.name for p in backups.glob("gig-*-before-import-*.db")})
    # The next run imports the whole file.
    gig(home, "log", "import", "toggl", str(csv_file), "--tz", "UTC")
    assert entries(home) == 80_000


# --- export ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("crash-export")
    home = base / "home"
    for i in range(12):
        scan = base / f"scan-{i}.pdf"
        scan.write_bytes(os.urandom(3 << 20))
        day = ["--date", "2026-11-03"]
        gig(home, "receipts", "add", "42", f"Vendor {i}", *day, "--file", str(scan))
    return home


@pytest.mark.parametrize(
    ("moment", "as_zip"),
    [("work folder made", False), ("receipts copying", False), ("zipping", True)],
)
def test_an_export_killed_midway_leaves_only_cleanable_leftovers(books, tmp_path, moment, as_zip):
    out = tmp_path / "out"
    ready = {
        "work folder made": exists(out, ".gig-tmp-*"),
        "receipts copying": exists(out, ".gig-tmp-*/gig-export-2026-11/receipts/2026-11/*"),
        "zipping": exists(out, ".gig-tmp-*/gig-export-2026-11.zip"),
    }[moment]
    args = ["export", "month", "2026-11", "--out", str(out), *(["--zip"] if as_zip else [])]
    assert kill_when(args, books, ready) == -signal.SIGKILL, f"gig finished before {moment}"
    check_intact(books).close()
    only_cleanable(out, set())  # no package, whole or half: only a hidden work folder
    assert not list(out.glob("gig-export-*"))
    # Once over an hour old, the next export sweeps the leftover away.
    for left in leftovers(out):  # all of it, as a killed export's folder ages
        for path in [left, *left.rglob("*")]:
            os.utime(path, (time.time() - 7200, time.time() - 7200), follow_symlinks=False)
    gig(books, *args)
    assert sorted(p.name for p in out.iterdir()) == [
        "gig-export-2026-11.zip" if as_zip else "gig-export-2026-11"
    ]


# --- receipt copy ------------------------------------------------------------------------------


def test_a_receipt_copy_killed_midway_files_nothing(tmp_path):
    home = tmp_path / "home"
    gig(home, "receipts", "add", "10", "Warm-up")
    big = tmp_path / "big-scan.pdf"
    with big.open("wb") as fh:
        for _ in range(24):
            fh.write(os.urandom(4 << 20))
    copying = exists(home / "receipts", "*/.gig-tmp-*")
    code = kill_when(["receipts", "add", "99", "Scanner", "--file", str(big)], home, copying)
    assert code == -signal.SIGKILL, "gig finished before the copy started"
    conn = check_intact(home)
    assert conn.execute("SELECT vendor FROM receipt").fetchall() == [("Warm-up",)]
    assert conn.execute("SELECT count(*) FROM receipt_file").fetchone()[0] == 0
    conn.close()
    [month] = list((home / "receipts").iterdir())
    left = leftovers(month)
    assert left and {p.name for p in month.iterdir()} == {p.name for p in left}
    # `gig db check` names the leftover, and removes it once it is over an hour old.
    assert "less than an hour old" in gig(home, "db", "check").stdout
    for path in left:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    assert "Removed receipts/" in gig(home, "db", "check").stdout
    assert list(month.iterdir()) == []


# --- migration ---------------------------------------------------------------------------------


def old_database(home: Path, version: int, rows: int) -> None:
    """A database as the first `version` migrations left it, with `rows` time entries."""
    home.mkdir(mode=0o700)
    conn = sqlite3.connect(home / "gig.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for number, (name, step) in enumerate(MIGRATIONS[:version], start=1):
        step(conn)
        conn.execute(
            "INSERT INTO gig_migration (id, name, applied_at) VALUES (?, ?, 0)", (number, name)
        )
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO project (name, created_at) VALUES ('site', 0)")
    conn.executemany(
        "INSERT INTO time_entry (project_id, description, start_utc, end_utc, tz, created_at, "
        "updated_at) VALUES (1, ?, ?, ?, 'UTC', 0, 0)",
        ((f"task {i} " + "x" * 200, 1_700_000_000 + i * 3600, 1_700_001_800 + i * 3600)
         for i in range(rows)),
    )
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.parametrize("moment", ["backup started", "backup placed"])
def test_a_migration_killed_midway_is_all_or_nothing(tmp_path, moment):
    home = tmp_path / "home"
    old_database(home, 1, 60_000)
    backups = home / "backups"
    ready = {
        "backup started": exists(backups, ".gig-tmp-*"),
        "backup placed": exists(backups, "gig-*-before-migration-*.db"),
    }[moment]
    code = kill_when(["log", "status"], home, ready)
    conn = check_intact(home)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = conn.execute("SELECT count(*) FROM gig_migration").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM time_entry").fetchone()[0] == 60_000
    conn.close()
    if moment == "backup started":
        assert code == -signal.SIGKILL, "gig finished before its backup started"
    assert (version, applied) in ((1, 1), (LATEST, LATEST))  # one version or the next, whole
    only_cleanable(home, {"gig.db", "backups"})
    only_cleanable(backups, {p.name for p in backups.glob("gig-*-before-migration-*.db")})
    gig(home, "log", "status")  # the next run upgrades
    conn = check_intact(home)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("SELECT count(*) FROM time_entry").fetchone()[0] == 60_000
    conn.close()
