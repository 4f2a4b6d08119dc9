"""The receipt file store: copies (never moves) under `receipts/YYYY-MM/` in the data folder.

A file is first copied beside its final place under a temporary name and
hashed; the caller then links it to its readable name inside the same
transaction that records it, and removes the link if that transaction fails.
Every write goes through `store.files`: temporary names created exclusively,
copies private (0600) whatever the source's mode, no symbolic link followed
inside the data folder, a failed copy (a full disk) removed at once, and
final names that never overwrite.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from gigtool.amounts import Money, decimal_string
from gigtool.errors import InputError, Refused, StoreError
from gigtool.store import files, leftovers

RECEIPTS = "receipts"
TRASH = "trash"
TEMP_PREFIX = files.TEMP_PREFIX
VENDOR_LIMIT = 40
MAX_FILE_BYTES = 200 * 1024 * 1024
_KEEP = set("-.&+")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
}


@dataclass(frozen=True)
class Staged:
    """A file copied into the data folder under a temporary name, with its hash."""

    source: Path
    temp: Path
    sha256: str
    size: int
    original_name: str
    ext: str


# --- names ---------------------------------------------------------------------------------


def safe_name(text: str, limit: int = VENDOR_LIMIT, *, fallback: str = "receipt") -> str:
    """A piece of a file name that is safe on any file system.

    Letters and digits in any script are kept (in NFC); everything else, path
    separators included, becomes `-`; no leading dots; at most `limit` characters.
    """
    clean = []
    for ch in unicodedata.normalize("NFC", text):
        clean.append(ch if ch.isalnum() or ch in _KEEP else "-")
    name = "".join(clean)
    while "--" in name or ".." in name:
        name = name.replace("--", "-").replace("..", ".")
    name = name.strip(".-")[:limit].strip(".-")
    if not name:
        return fallback
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name


def safe_ext(original: str) -> str:
    """`.pdf` from `Invoice 12.PDF`; empty when the suffix is odd or missing."""
    suffix = PurePosixPath(original.replace("\\", "/")).suffix.lower()
    body = suffix[1:]
    if 1 <= len(body) <= 8 and body.isascii() and body.isalnum():
        return suffix
    return ""


def file_name(day: date, vendor: str, amount: Money, receipt_id: int, n: int, ext: str) -> str:
    """`2026-11-25_Adobe_42.50USD_17.pdf`; the second file of a receipt ends `_17-2.pdf`."""
    number = str(receipt_id) if n == 1 else f"{receipt_id}-{n}"
    money = decimal_string(amount.cents, amount.currency) + amount.currency
    return f"{day.isoformat()}_{safe_name(vendor)}_{money}_{number}{ext}"


def month_folder(day: date) -> str:
    return f"{RECEIPTS}/{day:%Y-%m}"


def inside(home: Path, rel: str) -> Path:
    """The absolute path of a stored relative path, refusing any that would leave `home`,
    by `..` or through a symbolic link planted on the way."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("..", "") for p in parts):
        raise StoreError(f"the stored receipt path {rel!r} is not inside the data folder")
    path = home.joinpath(*parts)
    files.refuse_links(home, path)
    return path


# --- hashing and copying -------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_source(path: Path) -> Path:
    """The file the user named, or a clear error; never a traceback."""
    shown = str(path)
    try:
        if not path.exists():
            raise InputError(f"no file at {shown!r}; give the path of the receipt file")
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = files.kind_of(st.st_mode)
            raise InputError(f"{shown!r} is {kind}, not a file; give the receipt file itself")
        size = st.st_size
    except OSError as exc:
        raise InputError(f"cannot read {shown!r}: {exc.strerror}") from None
    if size == 0:
        raise InputError(f"{shown!r} is empty; give the receipt file itself")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{shown!r} is over {MAX_FILE_BYTES // (1024 * 1024)} MB; is it a receipt?"
        )
    return path


def stage(home: Path, day: date, source: Path) -> Staged:
    """Copy `source` beside its final place under a temporary name; hash both ends."""
    source = check_source(source)
    folder = files.private_folder(home, home / month_folder(day))
    leftovers.sweep(folder)
    try:
        before = sha256_of(source)
        temp, fd = files.new_temp(folder)
    except OSError as exc:
        raise Refused(
            f"cannot copy {str(source)!r} into {folder}: {files.reason(exc, folder)}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as target:
            after, size = copy_into(source, target)
            target.flush()
            os.fsync(target.fileno())
        with contextlib.suppress(OSError):
            st = source.stat()
            os.utime(temp, ns=(st.st_atime_ns, st.st_mtime_ns))  # its date, never its mode
        if after != before:
            raise Refused(f"{str(source)!r} changed while it was being copied; try again")
    except OSError as exc:
        files.discard(temp)
        raise Refused(
            f"cannot copy {str(source)!r} into {folder}: {files.reason(exc, folder)}; "
            "nothing was kept"
        ) from None
    except BaseException:
        files.discard(temp)
        raise
    return Staged(source, temp, before, size, source.name, safe_ext(source.name))


def copy_into(source: Path, target: BinaryIO) -> tuple[str, int]:
    """Copy `source` into an open file; the SHA-256 and size of what was copied."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            target.write(block)
            size += len(block)
    return digest.hexdigest(), size


def place(home: Path, source: Path, rel: str) -> str:
    """Give a file (a staged copy) a final name without overwriting anything.

    Returns the relative path used: `rel`, or `rel` with `-2`, `-3`, … before
    the extension if something already has that name.
    """
    target = inside(home, rel)
    files.private_folder(home, target.parent)
    stem, ext = target.stem, target.suffix
    for attempt in range(1, 100):
        candidate = target if attempt == 1 else target.with_name(f"{stem}-{attempt}{ext}")
        try:
            link_new(source, candidate)
        except FileExistsError:
            continue
        except OSError as exc:
            folder = candidate.parent
            raise Refused(
                f"cannot put {candidate.name} in {folder}: {files.reason(exc, folder)}; "
                "nothing was changed"
            ) from None
        return candidate.relative_to(home).as_posix()
    raise Refused(f"too many files are already named like {target.name} in {target.parent}")


def link_new(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`; FileExistsError if `target` exists (a link too)."""
    files.place_new(source, target, keep=True)


def discard(paths: Iterable[Path]) -> None:
    for path in paths:
        files.discard(path)


def link_copy(home: Path, rel_from: str, rel_to: str) -> str:
    """A second name for a filed receipt (to rename or to trash it); never overwrites.
    Refused when the old name could not be removed once the move is recorded."""
    files.removable(inside(home, rel_from))
    files.private_folder(home, inside(home, rel_to).parent)
    return place(home, inside(home, rel_from), rel_to)


def trash_path(rel: str) -> str:
    """Where a deleted receipt's file goes: `trash/receipts/YYYY-MM/name`."""
    return f"{TRASH}/{rel}"


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # missing | changed | unreferenced | leftover
    path: str
    receipt_id: int | None
    detail: str


def check(home: Path, stored: Iterable[tuple[int, str, str]]) -> list[Problem]:
    """Compare the files on disk with `(receipt id, path, sha256)` rows."""
    problems: list[Problem] = []
    referenced: set[str] = set()
    for receipt_id, rel, digest in stored:
        referenced.add(rel)
        path = inside(home, rel)
        if not path.is_file():
            problems.append(Problem("missing", rel, receipt_id, "the file is not there"))
            continue
        try:
            actual = sha256_of(path)
        except OSError as exc:
            problems.append(Problem("missing", rel, receipt_id, f"cannot read: {exc.strerror}"))
            continue
        if actual != digest:
            problems.append(
                Problem(
                    "changed", rel, receipt_id, f"SHA-256 is {actual[:12]}…, was {digest[:12]}…"
                )
            )
    root = home / RECEIPTS
    files.refuse_links(home, root)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(home).as_posix()
            if rel in referenced:
                continue
            if path.name.startswith(TEMP_PREFIX):
                problems.append(Problem("leftover", rel, None, "a copy left by an interrupted add"))
            else:
                problems.append(Problem("unreferenced", rel, None, "no receipt refers to it"))
    return problems
