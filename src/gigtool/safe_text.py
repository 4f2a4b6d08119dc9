"""Text from users and files, made safe for the two places it can do harm.

A terminal obeys control characters: an escape sequence in a vendor's name can
recolour the screen, write a clickable link or retitle the window, and a bidi
control (U+202E) can make `evil.exe` read as `exe.live`. A spreadsheet runs a
cell that starts with `=`, `+`, `-` or `@` as a formula (OWASP's "CSV
injection"). This module holds the one rule for each; it imports nothing
heavy and prints nothing, so both the CLI and the accountant's package use it.
"""

from __future__ import annotations

import re

# Characters that steer a terminal or hide and reorder text instead of showing as
# themselves, by Unicode category: controls (Cc: C0, DEL, C1), format controls (Cf:
# bidi embeddings, overrides and isolates, zero-width spaces, the soft hyphen, the
# invisible "tag" letters), line and paragraph separators (Zl, Zp), and lone
# surrogates (Cs: what a non-UTF-8 byte in an argument becomes, and what no terminal
# can print). Zero-width joiner and non-joiner are left alone: emoji and several
# scripts need them, and they neither reorder nor hide text.
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_JOINERS = frozenset({"\u200c", "\u200d"})


def _unsafe(char: str) -> bool:
    # Only called for characters that are not printable, which are rare: unicodedata
    # is imported then, so the everyday commands do not pay for it.
    from unicodedata import category

    return char not in _JOINERS and category(char) in _UNSAFE


def _mark(char: str) -> str:
    # One character for one, so columns and styled spans stay where they were: a C0
    # control becomes its Control Picture (ESC shows as ␛, a newline as ␊, a tab as
    # ␉), DEL becomes ␡, anything else the replacement character.
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def _shown(text: str, keep: str) -> str:
    return "".join(c if c.isprintable() or c == keep or not _unsafe(c) else _mark(c) for c in text)


def visible(text: str | None) -> str:
    """User text for the terminal, every character shown as itself: a control
    character (an escape sequence in a vendor's name, a newline or tab in a
    description, a bidi override in a tag) becomes a visible mark instead of
    steering the terminal or rearranging the line."""
    if not text:
        return ""
    if text.isprintable():  # the usual case: no unsafe character is printable
        return text
    return _shown(text, "")


def printable(message: str) -> str:
    """A whole message for the terminal: like visible() but gig's own line breaks
    stay line breaks. The last guard before anything is written."""
    if message.isprintable():
        return message
    return _shown(message, "\n")


def json_safe(encoded: str) -> str:
    """JSON text with every unsafe character written as a \\u escape: the same data
    for a script, nothing for a terminal to obey (json.dumps already escapes C0, and
    a raw newline in its output is layout, never inside a string)."""
    if encoded.replace("\n", "").isprintable():
        return encoded
    return "".join(
        c if c.isprintable() or c == "\n" or not _unsafe(c) else _json_escape(c) for c in encoded
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# OWASP CSV injection: a cell starting with one of these is read as a formula by some
# spreadsheet, the full-width and small forms included (Excel folds them to ASCII).
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",  # ＝ full-width
    "\ufe66",  # ﹦ small
    "\uff0b",  # ＋
    "\ufe62",  # ﹢
    "\uff0d",  # －
    "\ufe63",  # ﹣
    "\uff20",  # ＠
    "\ufe6b",  # ﹫
)
# Spaces a spreadsheet may trim before it reads the rest of the cell.
_LEADING_SPACE = " \u00a0\u3000"
# A plain decimal number: what gig writes for amounts, hours and ids in a CSV.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as written: one that would start a formula
    gets a leading apostrophe, the mark spreadsheets themselves use for "text" (and
    so does one that already starts with such a mark, so restore() is exact)."""
    return "'" + text if _needs_mark(text) else text


def restore(text: str) -> str:
    """The text neutralise() was given: what an importer reads from a CSV cell."""
    return text[1:] if text.startswith("'") and _needs_mark(text[1:]) else text


def _needs_mark(text: str) -> bool:
    while True:
        if text.lstrip(_LEADING_SPACE).startswith(FORMULA_STARTS):
            return True
        if not text.startswith("'"):
            return False
        text = text[1:]


def spreadsheet_cell(value: object) -> object:
    """A CSV value: numbers, and strings that are plain decimal numbers (an amount
    of -12.50 is not a formula), stay as they are; other text is neutralised."""
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        return value
    return neutralise(value)
