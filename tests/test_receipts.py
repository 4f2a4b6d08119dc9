"""Receipt files: copied never moved, named for people, deduplicated by SHA-256, never
overwritten, all-or-nothing with their database row, and checked."""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from gigtool.amounts import Money
from gigtool.database import open_db
from gigtool.errors import InputError, Refused
from gigtool.money import nudges
from gigtool.money import receipts
from gigtool.money import receipt_files as files_store

DAY = date(2026, 11, 20)


@pytest.fixture
def conn(gig_home: Path):
    connection = open_db(gig_home)
    yield connection
    connection.close()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    return folder


def make(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def add(conn, clock, home, files=(), vendor="Adobe", cents=4250, day=DAY, **kw):
    return receipts.add_receipt(
        conn,
        clock,
        home,
        amount=Money(cents, "USD"),
        vendor=vendor,
        category=kw.pop("category", "office"),
        day=day,
        files=list(files),
        **kw,
    ).receipt


def stored_files(home: Path) -> list[str]:
    root = home / "receipts"
    return sorted(p.relative_to(home).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_receipt_file_is_copied_not_moved_and_named_for_people(conn, clock, gig_home, inbox):
    source = make(inbox, "Invoice #12.PDF", b"%PDF adobe invoice")
    r = add(conn, clock, gig_home, [source])
    assert source.read_bytes() == b"%PDF adobe invoice"  # the user's original is untouched
    [filed] = r.files
    assert filed.path == f"receipts/2026-11/2026-11-20_Adobe_42.50USD_{r.id}.pdf"
    assert (gig_home / filed.path).read_bytes() == b"%PDF adobe invoice"
    assert filed.sha256 == hashlib.sha256(b"%PDF adobe invoice").hexdigest()
    assert filed.original_name == "Invoice #12.PDF"
    assert filed.size == len(b"%PDF adobe invoice")
    assert stored_files(gig_home) == [filed.path]


def test_several_files_on_one_receipt(conn, clock, gig_home, inbox):
    one = make(inbox, "page1.jpg", b"one")
    two = make(inbox, "page2.png", b"two")
    r = add(conn, clock, gig_home, [one, two])
    assert [Path(f.path).name for f in r.files] == [
        f"2026-11-20_Adobe_42.50USD_{r.id}.jpg",
        f"2026-11-20_Adobe_42.50USD_{r.id}-2.png",
    ]
    three = make(inbox, "page3", b"three")
    done = receipts.attach(conn, clock, gig_home, r.id, [three])
    assert [Path(f.path).name for f in done.added] == [f"2026-11-20_Adobe_42.50USD_{r.id}-3"]
    assert done.restored == []
    assert len(done.receipt.files) == 3


def test_the_same_file_twice_is_refused_with_the_receipt_that_has_it(conn, clock, gig_home, inbox):
    source = make(inbox, "a.pdf", b"same bytes")
    first = add(conn, clock, gig_home, [source])
    copy = make(inbox, "renamed copy.pdf", b"same bytes")
    with pytest.raises(Refused, match=f"already filed with receipt #{first.id}"):
        add(conn, clock, gig_home, [copy], vendor="Other")
    with pytest.raises(Refused, match=f"receipt #{first.id}"):
        receipts.attach(conn, clock, gig_home, first.id, [copy])
    twin = make(inbox, "twin.pdf", b"twin")
    twin2 = make(inbox, "twin2.pdf", b"twin")
    with pytest.raises(Refused, match="are the same file"):
        add(conn, clock, gig_home, [twin, twin2])
    assert len(receipts.list_receipts(conn)) == 1
    assert len(stored_files(gig_home)) == 1


def test_an_existing_file_is_never_overwritten(conn, clock, gig_home, inbox):
    # Something already sits where receipt #1's file would go.
    folder = gig_home / "receipts" / "2026-11"
    folder.mkdir(parents=True)
    squatter = folder / "2026-11-20_Adobe_42.50USD_1.pdf"
    squatter.write_bytes(b"precious")
    r = add(conn, clock, gig_home, [make(inbox, "x.pdf", b"new receipt")])
    assert squatter.read_bytes() == b"precious"
    assert r.files[0].path == "receipts/2026-11/2026-11-20_Adobe_42.50USD_1-2.pdf"
    assert (gig_home / r.files[0].path).read_bytes() == b"new receipt"


def test_link_new_refuses_an_existing_target(tmp_path):
    source = make(tmp_path, "a", b"a")
    target = make(tmp_path, "b", b"b")
    with pytest.raises(FileExistsError):
        files_store.link_new(source, target)
    assert target.read_bytes() == b"b"


def test_when_the_database_write_fails_the_copied_file_is_removed(conn, clock, gig_home, inbox):
    conn.execute(
        "CREATE TEMP TRIGGER refuse_files BEFORE INSERT ON receipt_file "
        "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
    )
    source = make(inbox, "r.pdf", b"receipt")
    with pytest.raises(sqlite3.IntegrityError, match="disk on fire"):
        add(conn, clock, gig_home, [source])
    assert stored_files(gig_home) == []  # neither the final name nor the temporary copy
    assert conn.execute("SELECT count(*) FROM receipt").fetchone()[0] == 0
    assert source.read_bytes() == b"receipt"


def test_when_the_copy_fails_there_is_no_row_and_no_partial(
    conn, clock, gig_home, inbox, monkeypatch
):
    def broken_copy(src, target):
        target.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_store, "copy_into", broken_copy)
    with pytest.raises(
        Refused, match=r"the disk is full \(free some space, then try again\); nothing was kept"
    ):
        add(conn, clock, gig_home, [make(inbox, "r.pdf", b"receipt")])
    assert conn.execute("SELECT count(*) FROM receipt").fetchone()[0] == 0
    assert stored_files(gig_home) == []  # the partial copy is gone too


def test_a_file_that_changes_while_copied_is_refused(conn, clock, gig_home, inbox, monkeypatch):
    real = files_store.copy_into

    def tampering_copy(src, target):
        src.write_bytes(b"tampered")  # the file changes between hashing and copying
        return real(src, target)

    monkeypatch.setattr(files_store, "copy_into", tampering_copy)
    with pytest.raises(Refused, match="changed while it was being copied"):
        add(conn, clock, gig_home, [make(inbox, "r.pdf", b"receipt")])
    assert stored_files(gig_home) == []
    assert conn.execute("SELECT count(*) FROM receipt").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("name", "says"),
    [("nope.pdf", "no file at"), ("folder", "is a folder"), ("empty.pdf", "is empty")],
)
def test_bad_files_are_refused_before_anything_is_written(conn, clock, gig_home, inbox, name, says):
    (inbox / "folder").mkdir()
    (inbox / "empty.pdf").write_bytes(b"")
    with pytest.raises(InputError, match=says):
        add(conn, clock, gig_home, [inbox / name])
    assert conn.execute("SELECT count(*) FROM receipt").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("vendor", "safe"),
    [
        ("Adobe", "Adobe"),
        ("Adobe Systems, Inc.", "Adobe-Systems-Inc"),
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("..\\..\\win", "win"),
        (".hidden", "hidden"),
        ("...", "receipt"),
        ("", "receipt"),
        ('Quote "this" <now>?', "Quote-this-now"),
        ("line\nbreak\ttab", "line-break-tab"),
        ("Café 🧾 Olé", "Café-Olé"),
        ("AT&T", "AT&T"),
        ("CON", "_CON"),
        ('=HYPERLINK("http://evil")', "HYPERLINK-http-evil"),
        ("snake_case_vendor", "snake-case-vendor"),
        ("x" * 300, "x" * 40),
    ],
)
def test_vendor_names_are_made_safe_for_any_file_system(vendor, safe):
    assert files_store.safe_name(vendor) == safe


def test_safe_names_are_nfc_and_never_escape():
    decomposed = unicodedata.normalize("NFD", "Café")
    assert files_store.safe_name(decomposed) == unicodedata.normalize("NFC", "Café")
    for nasty in ["../../../etc", "a/../../b", "..", "\\\\server\\share", "C:\\x", "~/x"]:
        name = files_store.file_name(DAY, nasty, Money(1, "USD"), 1, 1, ".pdf")
        assert "/" not in name and "\\" not in name and not name.startswith(".")


@pytest.mark.parametrize(
    ("original", "ext"),
    [
        ("a.PDF", ".pdf"),
        ("photo.jpeg", ".jpeg"),
        ("noext", ""),
        ("x.tar.gz", ".gz"),
        ("evil.p/df", ""),
        ("a.😀", ""),
        ("a.verylongextension", ""),
    ],
)
def test_extensions(original, ext):
    assert files_store.safe_ext(original) == ext


def test_inside_refuses_paths_that_leave_the_data_folder(gig_home):
    for bad in ["../x", "/etc/passwd", "receipts/../../x", ""]:
        with pytest.raises(Exception, match="not inside the data folder"):
            files_store.inside(gig_home, bad)


def test_check_finds_missing_changed_and_unreferenced_files(conn, clock, gig_home, inbox):
    kept = add(conn, clock, gig_home, [make(inbox, "a.pdf", b"a")], vendor="Kept")
    gone = add(conn, clock, gig_home, [make(inbox, "b.pdf", b"b")], vendor="Gone")
    edited = add(conn, clock, gig_home, [make(inbox, "c.pdf", b"c")], vendor="Edited")
    assert receipts.check_files(conn, gig_home) == []
    (gig_home / gone.files[0].path).unlink()
    (gig_home / edited.files[0].path).write_bytes(b"c, edited")
    stray = gig_home / "receipts" / "2026-10" / "who-put-this-here.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"?")
    problems = {(p.kind, p.receipt_id, p.path) for p in receipts.check_files(conn, gig_home)}
    assert problems == {
        ("missing", gone.id, gone.files[0].path),
        ("changed", edited.id, edited.files[0].path),
        ("unreferenced", None, "receipts/2026-10/who-put-this-here.pdf"),
    }
    assert kept.id not in {p[1] for p in problems}
    missing = nudges.unreceipted(gig_home, receipts.list_receipts(conn))
    assert [u.receipt.id for u in missing] == [gone.id]


def test_editing_the_date_vendor_or_amount_renames_the_file(conn, clock, gig_home, inbox):
    r = add(conn, clock, gig_home, [make(inbox, "a.pdf", b"a")])
    old = r.files[0].path
    updated = receipts.edit_receipt(
        conn,
        clock,
        gig_home,
        r.id,
        vendor="Adobe Inc",
        day=date(2026, 10, 31),
        amount=Money(5000, "USD"),
    )
    new = updated.files[0].path
    assert new == f"receipts/2026-10/2026-10-31_Adobe-Inc_50.00USD_{r.id}.pdf"
    assert (gig_home / new).read_bytes() == b"a"
    assert not (gig_home / old).exists()
    assert receipts.check_files(conn, gig_home) == []


def test_a_failed_edit_keeps_the_old_file_name(conn, clock, gig_home, inbox):
    r = add(conn, clock, gig_home, [make(inbox, "a.pdf", b"a")])
    old = r.files[0].path
    conn.execute(
        "CREATE TEMP TRIGGER refuse_edit BEFORE UPDATE ON receipt_file "
        "BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        receipts.edit_receipt(conn, clock, gig_home, r.id, vendor="Renamed")
    assert stored_files(gig_home) == [old]
    assert receipts.get_receipt(conn, r.id).vendor == "Adobe"


def test_deleting_a_receipt_keeps_its_file_in_the_trash(conn, clock, gig_home, inbox):
    r = add(conn, clock, gig_home, [make(inbox, "a.pdf", b"keep me")])
    _, trashed = receipts.delete_receipt(conn, gig_home, r.id)
    assert trashed == [f"trash/{r.files[0].path}"]
    assert (gig_home / trashed[0]).read_bytes() == b"keep me"
    assert stored_files(gig_home) == []
    assert receipts.list_receipts(conn) == []
    assert receipts.check_files(conn, gig_home) == []


def test_a_vanished_file_is_put_back_by_attaching_the_same_file(conn, clock, gig_home, inbox):
    source = make(inbox, "a.pdf", b"the original")
    r = add(conn, clock, gig_home, [source])
    filed = gig_home / r.files[0].path
    filed.unlink()
    assert [p.kind for p in receipts.check_files(conn, gig_home)] == ["missing"]
    # Adding it as a new receipt is refused, and says how to put it back.
    with pytest.raises(Refused, match=rf"missing from the data folder.*attach {r.id} FILE"):
        add(conn, clock, gig_home, [source], vendor="Again")
    # Attaching it to another receipt is refused too: it belongs to this one.
    other = add(conn, clock, gig_home, vendor="Other")
    with pytest.raises(Refused, match=f"already filed with receipt #{r.id}"):
        receipts.attach(conn, clock, gig_home, other.id, [source])
    done = receipts.attach(conn, clock, gig_home, r.id, [source])
    assert [f.path for f in done.restored] == [r.files[0].path]
    assert done.added == []
    assert filed.read_bytes() == b"the original"
    assert receipts.check_files(conn, gig_home) == []
    assert len(receipts.get_receipt(conn, r.id).files) == 1
    assert source.read_bytes() == b"the original"  # copied, not moved


# --- through the CLI: private copies, a full disk, links ----------------------------------------


def test_a_receipt_copied_from_a_world_writable_file_is_stored_private(gig, gig_home, inbox):
    source = make(inbox, "r.pdf", b"%PDF receipt")
    source.chmod(0o777)
    gig("receipts", "add", "42", "Adobe", "--file", str(source))
    [stored] = [gig_home / p for p in stored_files(gig_home)]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((gig_home / "receipts").stat().st_mode) == 0o700
    assert stat.S_IMODE(source.stat().st_mode) == 0o777  # the user's own file is left as it was


def test_a_copy_that_fills_the_disk_removes_its_partial_file(gig, gig_home, inbox):
    gig("receipts", "add", "10", "Warm-up")  # the database exists, and has room
    scan = make(inbox, "scan.pdf", os.urandom(6 << 20))
    limit = 3 << 20  # files this process writes stop at 3 MB, as on a nearly full disk

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "gigtool", "receipts", "add", "42", "Scanner", "--file", str(scan)],
        env={**os.environ, "GIG_HOME": str(gig_home)},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=small_disk,
    )
    assert done.returncode == 1, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: cannot copy") and line.endswith("nothing was kept")
    assert stored_files(gig_home) == []  # no partial copy eating the space
    assert [r["vendor"] for r in gig.json("receipts", "list")] == ["Warm-up"]


def test_a_trash_link_is_refused_and_the_receipt_kept(gig, gig_home, inbox, tmp_path):
    gig("receipts", "add", "42", "Adobe", "--file", str(make(inbox, "r.pdf", b"%PDF receipt")))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (gig_home / "trash").symlink_to(elsewhere)
    result = gig("receipts", "delete", "1", "--yes", code=1)
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"Error: {gig_home / 'trash'} is a symbolic link; gig never follows links inside its "
        f"data folder {gig_home}. Put a real folder or file there (move what the link points "
        "to), then try again"
    )
    assert list(elsewhere.iterdir()) == []
    assert len(stored_files(gig_home)) == 1 and len(gig.json("receipts", "list")) == 1
