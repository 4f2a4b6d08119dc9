"""Reading what the user typed: strict text, bounded numbers, paths resolved with care.

Every argument passes through here before any parser sees it: text must be UTF-8
(the shell hands Python undecodable bytes as lone surrogates, which SQLite and the
terminal cannot take), numbers are bounded by length before `int()` or `Decimal`
is asked to read them, and paths are expanded and looked at with every error of
the file system turned into one line. Pure logic: no typer, no printing.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from gigtool.errors import InputError

# Longer than any date, time, duration, amount, percent or id a person types; far
# shorter than the 4,300 digits at which Python refuses to read an integer.
MAX_NUMBER_TEXT = 100
# A zone name ("America/Argentina/ComodRivadavia" is among the longest) or a TZ value.
MAX_ZONE_TEXT = 255
_SHOWN = 40
# A string, not compiled at import: only an error line needs it.
_UNSAFE = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _escape(m: re.Match[str]) -> str:
    char = m[0]
    if "\udc80" <= char <= "\udcff":  # a byte the shell could not decode
        return f"\\x{ord(char) - 0xDC00:02x}"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with control characters (newlines, ESC), bidi controls and undecodable
    bytes written as escapes: what reaches the terminal is one line that steers
    nothing."""
    return re.sub(_UNSAFE, _escape, text)


def shown(text: str, limit: int = _SHOWN) -> str:
    """`text` quoted for an error line: cut to `limit` characters, controls, bidi
    marks and undecodable bytes written as escapes, so the line stays one line and
    says what was typed."""
    cut = text if len(text) <= limit else text[:limit]
    body = one_line(cut.replace("\\", "\\\\")).replace("'", "\\'")
    more = f"… ({len(text):,} characters)" if len(text) > limit else ""
    return f"'{body}'{more}"


def check_text(text: str, what: str = "argument") -> None:
    """Refuse text that is not valid Unicode the rest of gig can store and show."""
    if _bad_char(text) is not None:
        raise InputError(
            f"{what} {shown(text)} is not UTF-8 text; gig reads its arguments as UTF-8 "
            "(check your terminal's or file names' encoding)"
        )


def _bad_char(text: str) -> str | None:
    found = re.search("[\x00\ud800-\udfff]", text)
    return found[0] if found else None


def bounded(text: str, what: str, limit: int = MAX_NUMBER_TEXT) -> str:
    """`text` if it is short enough to be `what` ("a day", "an amount"), else one clear
    error. Parsers call this before reading any digits."""
    if len(text) > limit:
        raise InputError(
            f"{shown(text)} is too long to be {what} ({len(text):,} characters; "
            f"gig reads up to {limit})"
        )
    return text


def read_path(text: str | os.PathLike[str], what: str = "path") -> Path:
    """A path argument, `~` expanded, refused in one line when its text cannot be a
    path: not UTF-8, a NUL, an unknown `~user`, a name or path too long for the file
    system. Whether it exists, and whether it can be reached (permissions), is for
    the command to say: reading and writing answer those differently."""
    raw = os.fspath(text)
    if not raw:
        raise InputError(f"the {what} is empty; give a file or folder name")
    check_text(raw, f"the {what}")
    try:
        path = Path(raw).expanduser()
    except RuntimeError:
        user = raw[1:].split("/", 1)[0]
        raise InputError(
            f"{shown(raw)}: there is no user {shown(user)} to find the home folder of "
            f"(write the {what} in full)"
        ) from None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(
                f"{shown(raw)} is too long to be a {what} ({len(raw):,} characters; "
                "file systems take names of up to 255 bytes and paths of up to 4,096)"
            ) from None
    return path
