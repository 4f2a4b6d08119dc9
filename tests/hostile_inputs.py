"""What the hostile-input test gives gig: the command tree walked from the app, pools
of hostile values by kind, hostile files, working command lines to bend, and the
rows the database is seeded with. See test_hostile.py for what must hold."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main
from hypothesis import strategies as st
from typer.core import TyperArgument, TyperGroup

from gigtool.cli import app as gig_app

# --- the command tree ---------------------------------------------------------------------------


def _leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(command, TyperGroup):
        yield path, command  # a group runs on its own too (`gig`, `gig money`)
        for name, sub in sorted(command.commands.items()):
            yield from _leaves(sub, (*path, name))
    else:
        yield path, command


ROOT = typer.main.get_command(gig_app)
COMMANDS = list(_leaves(ROOT))


# --- hostile values -----------------------------------------------------------------------------


class Long(str):
    """A long hostile value that a failure report shows in a few words, not 100 kB."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{str.__repr__(self[:12])[:-1]}…'+{len(self) - 12} chars"


WORK = Path(tempfile.mkdtemp(prefix="gig-hostile-"))
FOLDER = WORK / "a folder"
FOLDER.mkdir()
FIFO = WORK / "fifo"
os.mkfifo(FIFO)
LOCKED = WORK / "locked"
LOCKED.mkdir(mode=0o000)

TEXT = [
    "",
    " ",
    "acme",
    "Acme",
    "[/]",
    "[bold red]x",
    "[link=https://example.com]Pay invoice[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\u202eevil\u202c",
    "a\x00b",
    "a\nb\tc\rd",
    "Error: fake",
    "=1+1",
    "@SUM(1,1)",
    "+cmd|calc",
    "'; DROP TABLE client; --",
    "%s%n{0}",
    "\udcff\udcfe",
    "\ud800",
    "caf\udce9",
    Long("💩" * 50),
    Long("x" * 100_000),
    "-",
    "--",
    "+tag",
    "+",
    "@",
]
NUMBERS = [
    "0",
    "1",
    "2",
    "-1",
    "-0",
    "1e309",
    "nan",
    "inf",
    "-inf",
    Long("1" * 5000),
    "9" * 30,
    Long("-" + ("9" * 5000)),
    "0x10",
    "1_000",
    "²",
    "١٢٣",
    "1.5",
    "100%",
    "101",
    "99999999999999999999",
]
DATES = [
    "1969-12-31",
    "1970-01-01",
    "9999-12-31",
    "0001-01-01",
    "dec 20",
    "feb 30",
    "2026-02-29",
    "yesterday 25:00",
    "+99999999d",
    "-5000000w",
    Long("in " + ("9" * 5000) + " days"),
    "2026-13-01",
    "garbage",
    Long(("1" * 5000) + "-01-01"),
    Long("2026-01-" + ("1" * 5000)),
    "mon 99am",
    "2026-11-25T10:00",
    "2026-11-25 10:00+99:99",
    Long(("1" * 5000) + ":00"),
    "now",
    "9-11:30",
    "22-1",
    Long(("1" * 5000) + "-2"),
    "tomorrow",
    "2h ago",
    Long(("1" * 5000) + "h ago"),
]
DURATIONS = [
    "1h",
    "-30m",
    "1000000h",
    Long(("1" * 5000) + "m"),
    "99999:00",
    Long("1:" + ("1" * 5000)),
    "1.5.5h",
    "0s",
    "nan h",
    Long(".5h" * 1000),
    "1e9h",
]
MONEY = ["$1,200", "1e9999", "0", "-5", "€", "1 200,50", "99999999999999.99 USD", "1.234 KWD"]
# Files whose contents are hostile, for the importers and receipts.
DEEP = WORK / "deep.json"
DEEP.write_text("[" * 100_000 + "]" * 100_000)
GARBAGE = WORK / "garbage.csv"
GARBAGE.write_bytes(bytes(range(256)) * 64 + b"\x00\xff\xfe" * 1000)
FORMULAS = WORK / "formulas.csv"
FORMULAS.write_text(
    "\ufeffProject,Description,Start date,Start time,End date,End time,Tags\n"
    '=1+1,"@SUM(1,1)\x1b[31m",2026-11-20,09:00:00,2026-11-20,10:00:00,"[/],+cmd|calc"\n'
    "[/],\u202eevil,1969-12-31,09:00:00,9999-12-31,10:00:00,\n"
)
LONG_LINE = WORK / "timew-long"
(LONG_LINE / "data").mkdir(parents=True)
(LONG_LINE / "data" / "2026-11.data").write_text(
    "inc 20261120T140000Z - 20261120T151500Z # " + "tag " * 250_000 + "\n"
)
FIFO_INSIDE = WORK / "timew-fifo"
(FIFO_INSIDE / "data").mkdir(parents=True)
os.mkfifo(FIFO_INSIDE / "data" / "2026-11.data")

PATHS = [
    str(DEEP),
    str(GARBAGE),
    str(FORMULAS),
    str(LONG_LINE),
    str(FIFO_INSIDE),
    str(WORK / "missing" / "x"),
    str(WORK / "new.file"),
    str(FOLDER),
    "/dev/null",
    "/proc/self/mem",
    str(FIFO),
    "~nosuchuser/x",
    "~nosuchuser",
    Long("x" * 300),
    Long("/" + ("a/" * 3000)),
    str(LOCKED / "x"),
    str(LOCKED),
    "-",
    "",
    "a\x00b",
    "caf\udce9",
]
EVERYTHING = TEXT + NUMBERS + DATES + DURATIONS + MONEY + PATHS


_PATH_NAMES = {"file", "files", "out", "home", "frames", "folder", "mapping"}
_DATE_NAMES = {"at", "start_at", "end_at", "day", "since", "until", "due", "due_before", "month"}
_DURATION_NAMES = {"duration", "estimate", "length", "pause", "round_to"}


def _pool(param: Any) -> list[str]:
    name = param.name or ""
    if "Path" in type(param.type).__name__ or name in _PATH_NAMES:
        return PATHS
    if getattr(param.type, "_number_class", None) in (int, float) or name.endswith("pct"):
        return NUMBERS
    if name in _DATE_NAMES:
        return DATES
    if name in _DURATION_NAMES:
        return DURATIONS
    if name in {"amount", "rate", "miles"}:
        return MONEY + NUMBERS
    return TEXT


# Real files for the importers and receipts (written when the module loads).
DATA = Path(__file__).parent / "data" / "imports"
TIMEW = WORK / "timew"
(TIMEW / "data").mkdir(parents=True)
(TIMEW / "data" / "2026-11.data").write_text(
    'inc 20261120T140000Z - 20261120T151500Z # spec tps "long tag" # "notes"\n'
)
RECEIPT = WORK / "invoice.pdf"
RECEIPT.write_bytes(b"%PDF-1.4 receipt\n")
SCAN = WORK / "scan.jpg"
SCAN.write_bytes(b"\xff\xd8\xff\xe0 a scanned receipt")

# Values that get a command past its first checks, so the hostile ones meet its depths.
FITTING = ["1", "2", "website", "admin", "Acme", "9-10", "today", "1h", "42.50", "2026-11"]
_IDS = ["1", "2", "3"]
FITTING_BY_NAME: dict[str, list[str]] = {
    **dict.fromkeys(["entry_id", "income_id", "receipt_id", "trip_id", "task", "task_id"], _IDS),
    "task_ids": _IDS,
    "amount": ["10", "42.50", "$1,200", "18 EUR"],
    "vendor": ["Adobe", "Café Central"],
    "client": ["Acme", "Acme Corp", "New Client"],
    "project": ["website", "admin", "newproject"],
    "name": ["Acme", "website", "fresh"],
    "new_name": ["Acme Corp", "site"],
    **dict.fromkeys(["at", "start_at", "end_at"], ["now", "9:00", "-30m", "yesterday 3pm"]),
    **dict.fromkeys(["day", "since", "until"], ["today", "yesterday", "2026-11-20", "mon"]),
    **dict.fromkeys(["due", "due_before"], ["fri", "tomorrow", "2026-12-01"]),
    "month": ["2026-11", "nov"],
    "year": ["2026", "2025"],
    **dict.fromkeys(["duration", "estimate", "length", "pause"], ["1h", "25m", "5m"]),
    **dict.fromkeys(["description", "title", "note_text", "purpose"], ["review", "x"]),
    "words": ["website", "7-8", "review", "+call", "admin", "6:00-6:45"],
    **dict.fromkeys(["reason", "label"], ["done", "Coworking"]),
    "key": ["currency", "rate", "day-start", "week-start", "balance.day-warn"],
    "value": ["USD", "9", "8h", "monday"],
    "rule": ["long-day", "weekend", "late"],
    "category": ["software", "meals", "office"],
    "line": ["18", "27a"],
    **dict.fromkeys(["business_pct", "deductible_pct"], ["50", "100"]),
    "currency": ["USD", "EUR", "JPY"],
    "rate": ["95", "120 EUR"],
    "miles": ["12.5", "3"],
    "every": ["week", "month on 1", "weekday"],
    "rank": ["A", "C"],
    "by": ["client", "project", "day", "tag"],
    **dict.fromkeys(["tag", "untag", "not_tag"], ["call", "deep"]),
    "form": ["1099-nec", "none"],
    "tz": ["Europe/Berlin", "UTC"],
    "round_to": ["15m", "6m"],
    "file": [str(DATA / "toggl-ja-2014.csv"), str(RECEIPT)],
    "files": [str(RECEIPT)],
    "frames": [str(DATA / "watson-frames-2019"), str(DATA / "watson-frames-begin-at-2024")],
    "folder": [str(TIMEW)],
    "out": ["exports"],  # inside the run's own folder
}


def value_for(param: Any) -> st.SearchStrategy[str]:
    fitting = FITTING_BY_NAME.get(param.name or "", FITTING)
    return st.one_of(
        st.sampled_from(fitting),
        st.sampled_from(fitting),
        st.sampled_from(_pool(param)),
        st.sampled_from(EVERYTHING),
        st.text(max_size=12),
    )


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    argv = list(path)
    # One option in `sparse` is given: often none, so the command gets past its
    # options and shows what is stored; sometimes many, to try their combinations.
    sparse = draw(st.sampled_from([0, 8, 3]))
    for param in command.params:
        if param.name == "help" or (param.name or "").endswith("completion"):
            continue
        if isinstance(param, TyperArgument):
            if not param.required and not draw(st.booleans()):
                continue
            count = draw(st.integers(1, 3)) if param.nargs != 1 else 1
            for _ in range(count):
                value = draw(value_for(param))
                argv.append(value)
            continue
        if not sparse or draw(st.integers(1, sparse)) != 1:
            continue
        option = draw(st.sampled_from(param.opts + param.secondary_opts))
        if param.is_flag:
            argv.append(option)
        else:
            argv += [option, draw(value_for(param))]
    if draw(st.integers(0, 9)) == 0:
        argv = ["--home", draw(st.sampled_from(PATHS)), *argv]
    return argv


# What stdin holds: nothing, yes to every question, no, garbage, a flood.
ANSWERS = ["", "y\n" * 5, "n\n", "q\n", "\x1b[A\x00\xff\n" * 3, Long("y" * 100_000)]

# Command lines that work on the seeded database, to be bent: one or two of their
# words swapped for hostile values, or an option added. The walk above reaches every
# command; these reach what a command does once its input looks right.
GOOD_LINES = [
    ["log", "add", "website", "7-8", "review", "+call"],
    ["log", "add", "admin", "--start", "6:00", "--duration", "45m", "--date", "yesterday"],
    ["log", "edit", "1", "--project", "admin", "--description", "moved"],
    ["log", "edit", "2", "--start", "9:30", "--tag", "deep"],
    ["log", "start", "website", "spec", "+deep"],
    ["log", "start", "admin", "--at", "-20m"],
    ["log", "delete", "1", "--yes"],
    ["log", "report", "--by", "tag"],
    ["log", "week"],
    ["log", "list", "--from", "mon"],
    ["client", "add", "Beta", "--rate", "120", "--currency", "EUR"],
    ["client", "rename", "Acme", "Acme Corp"],
    ["client", "archive", "Acme"],
    ["client", "show", "Acme"],
    ["project", "add", "api", "--client", "Acme"],
    ["project", "rename", "website", "site"],
    ["task", "add", "Call the bank", "--due", "tomorrow", "--estimate", "10m", "+admin"],
    ["task", "edit", "1", "--rank", "B", "--every", "week"],
    ["task", "done", "1"],
    ["task", "delete", "2", "--yes"],
    ["receipts", "add", "18.20", "Café Central", "--category", "meals", "--note", "lunch"],
    ["receipts", "edit", "1", "--category", "advertising", "--business-pct", "60"],
    ["receipts", "attach", "1", str(SCAN)],
    ["receipts", "categories", "add", "desk", "Desk rent", "--line", "20b"],
    ["receipts", "categories", "remove", "cowork"],
    ["income", "add", "300", "Acme", "--invoice", "INV-2", "--date", "2026-11-20"],
    ["income", "edit", "1", "--amount", "1250"],
    ["mileage", "add", "8", "--purpose", "bank"],
    ["mileage", "edit", "1", "--miles", "14"],
    ["balance", "set", "day-warn", "9h"],
    ["config", "set", "week-start", "sunday"],
    ["focus", "25m", "--project", "website"],
    ["frog", "start"],
    ["money", "month", "2026-11"],
    ["export", "month", "2026-11", "--out", "exports"],
    ["log", "import", "toggl", str(DATA / "toggl-ja-2014.csv"), "--dry-run"],
    ["log", "import", "watson", str(DATA / "watson-frames-2019")],
    ["log", "import", "timew", str(TIMEW)],
]


@st.composite
def bent_lines(draw: st.DrawFn) -> list[str]:
    line = list(draw(st.sampled_from(GOOD_LINES)))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(2, len(line) - 1)) if len(line) > 2 else len(line) - 1
        line[at] = draw(st.sampled_from(EVERYTHING))
    return line


ENVIRONMENTS = st.one_of(
    st.just({}),
    st.sampled_from(
        [
            {"TZ": Long("x" * 100_000)},
            {"TZ": "Nowhere/Nothing"},
            {"TZ": "../../../etc/passwd"},
            {"TZ": "caf\udce9"},
            {"GIG_HOME": "~nosuchuser/gig"},
            {"GIG_HOME": str(LOCKED / "gig")},
            {"GIG_HOME": Long("/" + "a/" * 3000)},
        ]
    ),
)

# --- the seeded database ------------------------------------------------------------------------

SEED_COMMANDS = [
    ["client", "add", "Acme", "--rate", "95"],
    ["project", "add", "website", "--client", "Acme"],
    ["project", "add", "admin", "--no-billable"],
    ["log", "add", "website", "9-10", "+call", "review"],
    ["log", "add", "admin", "10-11:30", "--date", "yesterday", "+mail"],
    ["task", "add", "Write the proposal", "--due", "fri", "--important", "+writing"],
    ["task", "add", "File taxes", "--rank", "A", "--estimate", "2h"],
    ["frog"],
    ["receipts", "add", "42.50", "Adobe", "--file", str(WORK / "invoice.pdf")],
    ["income", "add", "1200", "Acme", "--invoice", "INV-1"],
    ["mileage", "add", "12.5", "--purpose", "client visit"],
    ["config", "set", "currency", "USD"],
    ["receipts", "categories", "add", "cowork", "Coworking", "--line", "20b"],
]


# The same again with hostile text in every name a user or an import can give.
HOSTILE_NAME = "[/]\x1b]8;;https://example.com\x1b\\[link=https://example.com]Pay[/link]\u202e"
HOSTILE_SEED = [
    ["client", "add", "[bold]Evil\x1b[31m Corp", "--rate", "95"],
    ["project", "add", "[/]", "--client", "[bold]Evil\x1b[31m Corp"],
    ["log", "add", "[/]", "11-12", HOSTILE_NAME, "+[/]"],
    ["log", "add", "[/]", "10-11", '=HYPERLINK("https://example.com")\x1b[2J', "+\x1b[31m"],
    ["task", "add", "=1+1 \x1b[2J [/] \u202eevil"],
    ["receipts", "add", "10", HOSTILE_NAME, "--note", "@SUM(1,1)\nsecond line"],
    ["income", "add", "100", "[bold]Evil\x1b[31m Corp", "--note", "+cmd|calc"],
]
