"""The data folder in odd states a user can get it into: a full disk, a folder that
will not let a file out, something other than a file where gig keeps its database."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli_db import error_line


@contextlib.contextmanager
def small_disk(where: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at `where`, or a skip where mounting is not permitted."""
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount command here")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        timeout=30,
    )
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True, timeout=30, check=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk`."""
    filler = disk / "filler"
    with filler.open("wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    return filler


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gigtool", *args],
        env={**os.environ, "GIG_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_full_disk_is_named_with_what_to_do(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        home = disk / "home"
        assert run(home, "log", "add", "admin", "9-10", "--date", "2026-11-02").returncode == 0
        filler = fill(disk)
        for args in (
            ["log", "add", "admin", "11-12", "--date", "2026-11-02"],
            ["db", "backup", str(disk / "copy.db")],
        ):
            done = run(home, *args)
            assert done.returncode == 1, done.stderr
            [line] = done.stderr.strip().splitlines()
            assert line.startswith("Error: cannot write") and "the disk" in line, line
            assert "is full" in line and "free some space" in line.lower(), line
            assert "restore" not in line and "I/O" not in line, line
        # Room for the database, not for the receipt: the copy fails midway.
        filler.unlink()
        room = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * max(room - (300 << 10), 0))
        scan = disk.parent / "scan.pdf"
        scan.write_bytes(b"%PDF " + os.urandom(1 << 20))
        done = run(
            home, "receipts", "add", "42", "Adobe", "--date", "2026-11-02", "--file", str(scan)
        )
        assert done.returncode == 1, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert "the disk is full (free some space, then try again)" in line, line
        assert line.endswith("nothing was kept") and "Errno" not in line, line
        filler.unlink()
        assert not (disk / "copy.db").exists()
        assert not (home / "receipts").exists() or _files_under(home / "receipts") == []
        assert [p.name for p in disk.iterdir() if p.name.startswith(".gig")] == []
        conn = sqlite3.connect(home / "gig.db")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM time_entry").fetchone() == (1,)
        conn.close()


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "command", [("receipts", "delete", "1", "--yes"), ("receipts", "edit", "1", "--vendor", "Zed")]
)
def test_a_receipt_file_that_could_not_leave_its_folder_is_not_moved(
    gig, gig_home, tmp_path, monkeypatch, command
):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF receipt")
    gig("receipts", "add", "42", "Adobe", "--file", str(pdf))
    [month] = (gig_home / "receipts").iterdir()
    before = _files_under(gig_home)
    # The month's folder is read-only for the user (as root, permissions are not
    # checked, so the answer the kernel would give a user is given here).
    real_access = os.access

    def access(path, mode, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == month and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    result = gig(*command, code=1)
    line = error_line(result)
    assert f"out of {month}: the folder is read-only for you" in line
    assert f"chmod u+w {month}" in line and "Nothing was changed" in line
    assert _files_under(gig_home) == before  # no second copy in trash/ or under a new name
    monkeypatch.setattr(os, "access", real_access)
    [receipt] = gig.json("receipts", "list")
    assert receipt["vendor"] == "Adobe"
    assert "All 1 receipt files are in place" in gig("receipts", "check").stdout


@pytest.mark.parametrize("name", ["gig.db", "gig.db-wal", "gig.db-shm"])
@pytest.mark.parametrize("kind", ["a folder", "a named pipe (FIFO)"])
def test_something_other_than_a_file_where_the_database_belongs_is_named(gig, gig_home, name, kind):
    gig("log", "add", "admin", "9-10")
    odd = gig_home / name
    if name == "gig.db":
        (gig_home / "gig.db").rename(gig_home.parent / "kept.db")
    if kind == "a folder":
        odd.mkdir()
    else:
        os.mkfifo(odd)
    line = error_line(gig("log", "list", code=1))
    assert line == (
        f"Error: {odd} is {kind} where gig keeps a file of its own; nothing was changed. "
        "Move it aside, then try again"
    )
    assert "restore" not in line
    assert sorted(p.name for p in gig_home.iterdir()) == sorted({"gig.db", name})


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("gig.db-journal", "is where gig keeps its own files"),  # SQLite would replay it
        ("gig.db-mine", "is where gig keeps its own files"),
        (".gig-tmp-mine.db", "is a name gig gives its temporary files"),
        ("backups/gig-mine-before-import.db", "named like the copies gig takes itself"),
        ("backups/mine.db.partial", "is a name gig gives its temporary files"),
        ("../elsewhere/.gig-tmp-1", "is a name gig gives its temporary files"),
    ],
)
def test_a_backup_is_never_written_where_gig_would_take_it_for_its_own(gig, gig_home, where, said):
    gig("log", "add", "admin", "9-10")
    dest = gig_home / where
    line = error_line(gig("db", "backup", str(dest), code=1))
    assert said in line and "choose another name" in line
    assert not os.path.lexists(dest)
    gig("db", "check")
    assert len(gig.json("log", "list")) == 1


@pytest.mark.parametrize("out", ["receipts", "trash/exports", "linked"])
def test_an_export_is_never_written_among_gigs_own_files_or_through_a_link(
    gig, gig_home, tmp_path, out
):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF receipt")
    gig("receipts", "add", "42", "Adobe", "--file", str(pdf))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (gig_home / "linked").symlink_to(elsewhere)
    before = _files_under(gig_home)
    line = error_line(gig("export", "month", "--out", str(gig_home / out), code=1))
    assert "is where gig keeps its own files" in line or "is a symbolic link" in line
    assert _files_under(gig_home) == before and list(elsewhere.iterdir()) == []
    assert "All 1 receipt files are in place" in gig("receipts", "check").stdout


def _deny(monkeypatch, folder: Path, *, syscall: str) -> None:
    """Act as a user for whom `folder` is read-only (root passes every permission check,
    so the kernel's answer to a user is given here): os.access says so, and `syscall`
    fails there with EACCES."""
    real_access = os.access
    real_call = getattr(os, syscall)

    def access(path, mode, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    def call(*args, **kwargs):  # type: ignore[no-untyped-def]
        if any(Path(a).parent == folder for a in args if isinstance(a, (str, Path))):
            raise PermissionError(13, "Permission denied", str(args[-1]))
        return real_call(*args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, syscall, call)


def test_a_read_only_trash_folder_is_named_with_the_command_that_fixes_it(
    gig, gig_home, tmp_path, monkeypatch
):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF receipt")
    gig("receipts", "add", "42", "Adobe", "--file", str(pdf))
    trash = gig_home / "trash" / "receipts" / "2026-11"
    trash.mkdir(parents=True)
    before = _files_under(gig_home)
    _deny(monkeypatch, trash, syscall="link")
    line = error_line(gig("receipts", "delete", "1", "--yes", code=1))
    assert line.startswith("Error: cannot put 2026-11-25_Adobe_42.00USD_1.pdf in ")
    assert f"the folder {trash} is read-only for you (`chmod u+w {trash}`)" in line
    assert _files_under(gig_home) == before
    assert len(gig.json("receipts", "list")) == 1


def test_a_read_only_backups_folder_is_named_with_the_command_that_fixes_it(
    gig, gig_home, tmp_path, monkeypatch
):
    gig("log", "add", "admin", "9-10")
    backups = gig_home / "backups"
    backups.mkdir(mode=0o700)
    _deny(monkeypatch, backups, syscall="open")
    line = error_line(gig("db", "backup", str(backups / "mine.db"), code=1))
    assert f"the folder {backups} is read-only for you (`chmod u+w {backups}`)" in line
    assert list(backups.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root passes every permission check")
def test_an_unreadable_database_is_not_said_to_be_readable(gig, gig_home):
    gig("log", "add", "admin", "9-10")
    (gig_home / "gig.db").chmod(0)
    try:
        line = error_line(gig("log", "list", code=1))
    finally:
        (gig_home / "gig.db").chmod(0o600)
    assert "is not readable for you" in line and "gig cannot open the database" in line


def test_a_data_folder_that_is_a_link_is_the_users_choice(gig, gig_home, tmp_path):
    real = tmp_path / "synced" / "gig"
    real.mkdir(parents=True)
    gig_home.symlink_to(real)
    gig("log", "add", "admin", "9-10")
    assert (real / "gig.db").is_file() and len(gig.json("log", "list")) == 1
    gig("db", "backup", str(gig_home / "backups" / "mine.db"))
    assert (real / "backups" / "mine.db").is_file()


@pytest.mark.parametrize("odd", ["dangling link", "file", "below a file"])
def test_a_data_folder_that_cannot_be_one_is_named_with_the_way_out(
    gig, gig_home, tmp_path, monkeypatch, odd
):
    if odd == "dangling link":
        gig_home.symlink_to(tmp_path / "unplugged-disk" / "gig")
        expected = (
            f"Error: the data folder {gig_home} is a symbolic link to "
            f"{tmp_path / 'unplugged-disk' / 'gig'}, which does not exist; make that folder, "
            "or point GIG_HOME (or --home) at another folder"
        )
    elif odd == "file":
        gig_home.write_text("notes")
        expected = (
            f"Error: the data folder {gig_home} is a file, not a folder; move it aside, "
            "or point GIG_HOME (or --home) at another folder"
        )
    else:
        gig_home.write_text("notes")
        monkeypatch.setenv("GIG_HOME", str(gig_home / "gig"))
        expected = (
            f"Error: cannot reach the data folder {gig_home / 'gig'}: {gig_home} is a file, "
            "not a folder; fix that, or point GIG_HOME (or --home) at another folder"
        )
    assert error_line(gig("log", "add", "admin", "9-10", code=1)) == expected
    assert not (tmp_path / "unplugged-disk").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gig-home"]


@pytest.mark.parametrize("kind", ["a folder", "a named pipe (FIFO)", "a device"])
def test_a_receipt_file_that_is_not_a_file_is_named_for_what_it_is(gig, gig_home, tmp_path, kind):
    source = Path("/dev/null") if kind == "a device" else tmp_path / "scan.pdf"
    if kind == "a folder":
        source.mkdir()
    elif kind == "a named pipe (FIFO)":
        os.mkfifo(source)
    line = error_line(gig("receipts", "add", "42", "Adobe", "--file", str(source), code=2))
    assert line == f"Error: '{source}' is {kind}, not a file; give the receipt file itself"
    assert not (gig_home / "receipts").exists() or _files_under(gig_home / "receipts") == []


def test_a_data_folder_shared_with_every_user_is_neither_closed_nor_used(gig, gig_home):
    gig_home.mkdir()
    gig_home.chmod(0o1777)  # as /tmp is: closing it would lock every other user out
    (gig_home / "someone-elses.txt").write_text("theirs")
    line = error_line(gig("log", "add", "admin", "9-10", code=1))
    assert line == (
        f"Error: the data folder {gig_home} is shared with every user (drwxrwxrwt); gig keeps "
        f"its data private. Use a folder of your own, such as {gig_home / 'gig'}"
    )
    assert stat.S_IMODE(gig_home.stat().st_mode) == 0o1777
    assert [p.name for p in gig_home.iterdir()] == ["someone-elses.txt"]


def test_an_old_database_that_may_not_be_written_is_not_called_readable(gig, gig_home, monkeypatch):
    from test_crash import old_database

    old_database(gig_home, 1, 3)
    database = gig_home / "gig.db"
    real_access = os.access

    def access(path, mode, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == database and mode & os.W_OK:
            return False  # as `chmod u-w gig.db` makes it for a user (root passes)
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    line = error_line(gig("log", "list", code=1))
    assert line.startswith(
        f"Error: {database} was written by an older gig (schema 1) and is upgraded on first "
        f"use, but {database} is read-only for you"
    )
    assert "can show" not in line and f"chmod u+w {database}" in line
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    conn.close()
    assert not (gig_home / "backups").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_left_by_another_user_is_named_with_chown_not_chmod(gig, gig_home, monkeypatch):
    import pwd

    gig("log", "add", "admin", "9-10")
    backups = gig_home / "backups"
    backups.mkdir(mode=0o700)
    os.chown(backups, 65534, 65534)  # as `sudo gig` leaves root's folder to a user
    _deny(monkeypatch, backups, syscall="open")
    line = error_line(gig("db", "backup", str(backups / "mine.db"), code=1))
    owner = pwd.getpwuid(65534).pw_name if 65534 in {p.pw_uid for p in pwd.getpwall()} else "65534"
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert f"it belongs to {owner}: `sudo chown -R {me} {backups}`" in line
    assert "chmod" not in line


def test_a_receipt_filed_with_a_partial_extension_is_never_swept_as_a_leftover(
    gig, gig_home, tmp_path
):
    scan = tmp_path / "scan.partial"  # what a browser names a download, kept as it was
    scan.write_bytes(b"%PDF receipt")
    hours_ago = os.stat(scan).st_mtime - 7200
    os.utime(scan, (hours_ago, hours_ago))  # the copy keeps its date: over an hour old
    gig("receipts", "add", "42", "Adobe", "--file", str(scan))
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF another")
    gig("receipts", "add", "9", "Staples", "--file", str(other))  # sweeps the month folder
    gig("receipts", "delete", "2", "--yes")
    assert "Removed" not in gig("db", "check").stdout
    assert "All 1 receipt files are in place" in gig("receipts", "check").stdout
    assert _files_under(gig_home / "receipts") == ["2026-11/2026-11-25_Adobe_42.00USD_1.partial"]
    gig("receipts", "delete", "1", "--yes")  # in trash/ too
    assert "Removed" not in gig("db", "check").stdout
    assert len(_files_under(gig_home / "trash")) == 2


def test_closing_an_open_data_folder_never_changes_a_file_linked_from_outside(
    gig, gig_home, tmp_path
):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF receipt")
    gig("receipts", "add", "42", "Adobe", "--file", str(pdf))
    mine = tmp_path / "shared-notes.txt"
    mine.write_text("read by the team")
    mine.chmod(0o644)
    [month] = (gig_home / "receipts").iterdir()
    os.link(mine, month / "notes.txt")  # one file, two names: one of them outside
    gig_home.chmod(0o755)
    gig("log", "list")
    assert stat.S_IMODE(gig_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(mine.stat().st_mode) == 0o644


def test_an_export_still_at_work_is_not_swept_by_another_because_its_folder_is_old(gig, tmp_path):
    gig("log", "add", "admin", "9-10")
    out = tmp_path / "out"
    out.mkdir()
    hours_ago = os.stat(out).st_mtime - 7200
    busy = out / ".gig-tmp-99-aaaa"  # a long export: its folder dates from its start,
    (busy / "gig-export-2026-10" / "receipts").mkdir(parents=True)
    (busy / "gig-export-2026-10" / "receipts" / "scan.pdf").write_bytes(b"just copied")
    for folder in (busy / "gig-export-2026-10" / "receipts", busy / "gig-export-2026-10", busy):
        os.utime(folder, (hours_ago, hours_ago))  # but what it writes now is new
    dead = out / ".gig-tmp-98-bbbb"  # a killed export: everything in it is old
    (dead / "gig-export-2026-09").mkdir(parents=True)
    (dead / "gig-export-2026-09" / "README.txt").write_text("half")
    for path in (dead / "gig-export-2026-09" / "README.txt", dead / "gig-export-2026-09", dead):
        os.utime(path, (hours_ago, hours_ago))
    gig("export", "month", "--out", str(out))
    assert busy.is_dir() and (busy / "gig-export-2026-10" / "receipts" / "scan.pdf").is_file()
    assert not dead.exists()
