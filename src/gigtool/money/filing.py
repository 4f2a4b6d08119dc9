"""Filing a receipt's files: copies staged before the write, refused when already filed,
named and recorded inside the write (see `receipt_files` for the files on disk)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gigtool.amounts import Money
from gigtool.errors import InputError, Refused
from gigtool.money import receipt_files as files_store


@dataclass(frozen=True)
class FiledFile:
    id: int
    path: str  # relative to the data folder
    sha256: str
    size: int
    original_name: str


def put_back(home: Path, item: files_store.Staged, filed: FiledFile) -> Path:
    """The staged copy, under the recorded name of a file that vanished; never overwrites."""
    target = files_store.inside(home, filed.path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files_store.link_new(item.temp, target)
    except FileExistsError:
        raise Refused(f"{filed.path} appeared meanwhile; nothing was overwritten") from None
    except OSError as exc:
        raise Refused(f"cannot put {filed.path} back: {exc.strerror}") from None
    return target


@contextlib.contextmanager
def staged_copies(
    conn: sqlite3.Connection,
    home: Path,
    day: date,
    sources: Sequence[Path],
    *,
    restorable: set[str] | None = None,
) -> Iterator[list[files_store.Staged]]:
    """Copies of `sources` in the data folder under temporary names; always cleaned up.
    A file already filed is refused, unless its hash is in `restorable`."""
    staged: list[files_store.Staged] = []
    try:
        seen: dict[str, Path] = {}
        for source in sources:
            files_store.check_source(source)
            try:
                digest = files_store.sha256_of(source)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise InputError(f"cannot read {str(source)!r}: {reason}") from None
            if digest in seen:
                raise Refused(f"{str(source)!r} and {str(seen[digest])!r} are the same file")
            seen[digest] = source
            if digest not in (restorable or ()):
                _refuse_hash(conn, home, digest, source)
        for source in sources:
            staged.append(files_store.stage(home, day, source))
        yield staged
    finally:
        files_store.discard(s.temp for s in staged)


def _refuse_hash(conn: sqlite3.Connection, home: Path, digest: str, source: Path) -> None:
    row = conn.execute(
        "SELECT receipt_id, path FROM receipt_file WHERE sha256 = ?", (digest,)
    ).fetchone()
    if not row:
        return
    if not files_store.inside(home, row[1]).is_file():
        raise Refused(
            f"{str(source)!r} is already filed with receipt #{row[0]}, whose copy "
            f"({row[1]}) is missing from the data folder; put it back with "
            f"`gig receipts attach {row[0]} FILE`"
        )
    raise Refused(
        f"{str(source)!r} is already filed with receipt #{row[0]} ({row[1]}); "
        f"see `gig receipts show {row[0]}`"
    )


def refuse_filed(
    conn: sqlite3.Connection, home: Path, staged: Sequence[files_store.Staged]
) -> None:
    # Again under the write lock: another gig may have filed the same file meanwhile.
    for item in staged:
        _refuse_hash(conn, home, item.sha256, item.source)


def file_staged(
    conn: sqlite3.Connection,
    home: Path,
    staged: Sequence[files_store.Staged],
    receipt_id: int,
    day: date,
    vendor: str,
    amount: Money,
    first_n: int,
    now: int,
    placed: list[Path],
) -> None:
    for n, item in enumerate(staged, start=first_n):
        name = files_store.file_name(day, vendor, amount, receipt_id, n, item.ext)
        rel = files_store.place(home, item.temp, f"{files_store.month_folder(day)}/{name}")
        placed.append(files_store.inside(home, rel))
        conn.execute(
            "INSERT INTO receipt_file (receipt_id, path, sha256, size, original_name, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (receipt_id, rel, item.sha256, item.size, item.original_name, now),
        )
