"""What every importer reads with: files opened safely, lines with progress, wall-clock
times that DST makes ambiguous, and the small parsers the sources share.

A file an import reads is a regular file or nothing: a FIFO, a device, a folder or
`/proc/self/mem` is refused in one line before anything blocks on it, and every read
error becomes an `InputError` naming the file, never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Generator, Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import BinaryIO

from gigtool.errors import InputError

Progress = Callable[[int], None]  # called with the bytes read so far
_PROGRESS_EVERY = 1 << 16


# Files ------------------------------------------------------------------------------------------


def shown(path: Path | str) -> str:
    """A path as it can be printed: bytes that were not UTF-8 in the name appear as escapes."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _cannot(path: Path, exc: OSError, what: str) -> InputError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(f"there is no file {shown(path)}; give {what}")
    reason = exc.strerror or type(exc).__name__
    return InputError(f"cannot read {shown(path)}: {reason}")


def source_file(path: Path, what: str) -> int:
    """Check that `path` is a regular file an import can read; its size in bytes."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        if isinstance(exc, OSError):
            raise _cannot(path, exc, what) from None
        raise InputError(f"{shown(path)} is not a usable file name; give {what}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{shown(path)} is {_kind(info.st_mode)}; give {what}")
    return info.st_size


def open_source(path: Path, what: str = "a file exported from it") -> BinaryIO:
    """Open a regular file for reading without ever blocking on a pipe or a device.

    Opened non-blocking and checked on the open descriptor, so a file swapped for a FIFO
    between a check and the open is still refused."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _cannot(path, exc, what) from None
    except ValueError:
        raise InputError(f"{shown(path)} is not a usable file name; give {what}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{shown(path)} is {_kind(mode)}; give {what}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, what: str) -> bytes:
    with open_source(path, what) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise _cannot(path, exc, what) from None


def text_lines(path: Path, progress: Progress | None, what: str = "") -> Generator[str, None, None]:
    """The file's lines, decoded as UTF-8 (a leading byte-order mark dropped)."""
    done = reported = 0
    what = what or "a file exported as UTF-8 text"
    with open_source(path, what) as fh:
        number = 0
        while True:
            try:
                raw = fh.readline()
            except OSError as exc:
                raise _cannot(path, exc, what) from None
            if not raw:
                break
            number += 1
            done += len(raw)
            if progress and done - reported >= _PROGRESS_EVERY:
                progress(done)
                reported = done
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(
                    f"{shown(path.name)} line {number} is not UTF-8 text; export it again as UTF-8"
                ) from None
            yield text
    if progress:
        progress(done)


# Wall-clock times -------------------------------------------------------------------------------


def zone_label(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)


def walls(naive: datetime, zone: tzinfo) -> list[int]:
    """The instants a wall-clock time can mean: one, or two when the clocks fell back.

    Per PEP 495, fold=0 reads a time with the offset from before a change and fold=1 with
    the one after: the two readings agree (an ordinary time), come in order (a repeated
    time) or out of order (a time the clocks skipped).
    """
    local = (naive - _EPOCH) // _SECOND
    before, after = zone.utcoffset(naive), zone.utcoffset(naive.replace(fold=1))
    first = local - (before // _SECOND if before is not None else 0)
    second = local - (after // _SECOND if after is not None else 0)
    if first == second:
        return [first]
    if first < second:
        return [first, second]
    raise ValueError(
        f"{naive:%Y-%m-%d %H:%M:%S} does not exist in {zone_label(zone)} (the clocks jumped "
        "forward past it); was the file written in another zone? Say which with --tz"
    )


# Toggl's Duration drops fractions of a second (and old exports have start and end to the
# minute), so a duration within a minute of a reading's length still picks that reading.
_DURATION_SLACK = 59


def resolve_span(start: list[int], end: list[int] | None, duration: int | None) -> tuple[int, int]:
    """Pick the start and end a row means when a DST change makes its wall times ambiguous.

    The duration, when the row has one, decides; otherwise the earliest reading that ends
    after it starts. An entry wholly inside the repeated hour of a fall-back night reads
    the same either way (the file has no UTC offsets): it is taken as the first pass.
    """
    if end is None:
        if duration is None:
            raise ValueError("it has neither an end nor a duration")
        return start[0], start[0] + duration
    pairs = [(s, e) for s in start for e in end]
    if duration is not None:
        for s, e in pairs:
            if e >= s and abs(e - s - duration) <= _DURATION_SLACK:
                return s, e
    for s, e in pairs:
        if e > s:
            return s, e
    for s, e in pairs:
        if e == s:
            return s, e
    raise ValueError("it ends before it starts")


# Small parsers ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
# 03/24/2011, 24.03.2011, 24-03-2011: which number is the month is the file's date order.
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s*")
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?\s*")
# Toggl writes Duration as a clock time for people who chose the 12-hour clock: twenty
# minutes is `12:20:00 AM`, two hours `02:00:00 AM`, thirteen `01:00:00 PM`.
_DURATION = re.compile(r"\s*(\d{1,6}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?\s*")


def date_numbers(text: str) -> tuple[int, int] | None:
    """The two leading numbers of a date like 05/10/2011 (None for other dates)."""
    m = _NUMERIC_DATE.fullmatch(text)
    return (int(m[1]), int(m[3])) if m else None


def parse_date(text: str, what: str, day_first: bool = False) -> date:
    m = _ISO_DATE.fullmatch(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        n = _NUMERIC_DATE.fullmatch(text)
        if n:
            a, b = int(n[1]), int(n[3])
            # A dotted date is day first wherever it is written.
            day, month = (a, b) if day_first or n[2] == "." else (b, a)
            return date(int(n[4]), month, day)
    except ValueError:
        pass
    raise ValueError(f"{what} {text[:40]!r} is not a date like 2026-11-03 or 11/03/2026")


def parse_time(text: str, what: str) -> time:
    m = _TIME.fullmatch(text)
    if m:
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if m[4]:
            hour = hour % 12 + (12 if m[4].lower() == "p" else 0) if 1 <= hour <= 12 else 99
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise ValueError(f"{what} {text!r} is not a time like 09:15:00")


def parse_duration(text: str) -> int:
    m = _DURATION.fullmatch(text)
    if not m or int(m[2]) > 59 or int(m[3] or 0) > 59 or (m[4] and not 1 <= int(m[1]) <= 12):
        raise ValueError(f"Duration {text[:40]!r} is not a duration like 01:30:00")
    hours = int(m[1])
    if m[4]:
        hours = hours % 12 + (12 if m[4] in "Pp" else 0)
    return hours * 3600 + int(m[2]) * 60 + int(m[3] or 0)


def row_key(source: str, *parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{source}:" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def checked_name(text: str | None, what: str) -> str | None:
    from gigtool.clients.catalog import check_name

    if text is None or not text.strip():
        return None
    try:
        return check_name(text, what)
    except InputError as exc:
        raise ValueError(str(exc)) from None


def clean_tags(words: Iterable[str], *, split_commas: bool) -> list[str]:
    """Tags as stored: no `+`, no empty ones, no duplicates in any case; in one pass, so a
    line of half a million tags takes as long as reading it.

    `split_commas` is for Toggl, whose CSV joins an entry's tags with commas in one cell;
    sources that keep tags as a list (Watson, Timewarrior) keep a comma inside a tag."""
    out: list[str] = []
    seen: set[str] = set()
    for word in words:
        for part in word.split(",") if split_commas else (word,):
            tag = part.strip().lstrip("+").strip()
            if not tag:
                continue
            folded = tag.casefold()
            if folded not in seen:
                seen.add(folded)
                out.append(tag)
    return out
