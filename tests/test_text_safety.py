"""Hostile text everywhere, every command's output: nothing steers the terminal, no
markup is run, no CSV cell is a formula.

The database is filled through gig itself with names, descriptions, tags, vendors and
notes that hold escape sequences, an OSC 8 hyperlink, Rich markup (`[/]`, `[link=…]`),
a bidi override, a newline, a tab, a carriage return, an emoji code and a formula.
Then every command of the tree (walked from the Typer app, so a new command is
covered the day it is added) runs on a copy, as table, --json and --csv.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from gigtool import safe_text
from gigtool.cli import app as gig_app
from gigtool.cli import output
from gigtool.cli.context import App


def bad(word: str, *, spaces: bool = True) -> str:
    """A hostile value naming `word`; without spaces (for names and tags) it has no
    newline, tab or carriage return, which those refuse or fold."""
    gaps = "\u202e\nNEWLINE\tTAB\rCR" if spaces else "\u202eBIDI"
    return (
        f"=1+1\x1b[31m{word}\x1b]8;;http://e.vil\x07L\x1b]8;;\x07[/][link=http://e.vil]PAYLOAD{word}"
        f"[/link]{gaps}:fire:\x9b\x7f\u2066"
    )


CLIENT = bad("client", spaces=False)
PROJECT = bad("project", spaces=False)
TAG = "+" + bad("tag", spaces=False)
# Gig's own output may hold newlines; every other control or format character came
# from the hostile text and must not reach the terminal.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _populate(gig: Any, tmp: Path) -> None:
    gig("client", "add", CLIENT, "--rate", "95")
    gig("project", "add", PROJECT, "--client", CLIENT)
    gig("log", "add", PROJECT, "9-11:30", bad("desc"), TAG, "--date", "yesterday")
    gig("log", "add", PROJECT, "9-10", bad("today"), TAG)
    gig("task", "add", bad("task"), TAG, "--project", PROJECT, "-i", "--due", "fri")
    gig("task", "add", bad("quick"), "-i", "--estimate", "5m")
    gig("task", "add", bad("untriaged"))
    gig("receipts", "categories", "add", "hostile", bad("label"), "--line", "office")
    receipt = tmp / "\x1b[31mbill\u202e.pdf"
    receipt.write_bytes(b"%PDF-1.4 hostile")
    gig(
        "receipts", "add", "42.50", bad("vendor"), "--note", bad("note"),
        "--paid-with", bad("card"), "--client", CLIENT, "--category", "hostile",
        "--file", str(receipt),
    )  # fmt: skip
    gig("receipts", "add", "19", bad("nofile"), "--note", bad("nofile-note"))
    gig(
        "income", "add", "500", CLIENT, "--note", bad("inote"),
        "--invoice", bad("inv", spaces=False), "--account", bad("acct"),
    )  # fmt: skip
    gig("mileage", "add", "12", "--purpose", bad("purpose"), "--vehicle", bad("car"))
    gig("log", "start", PROJECT, bad("running"), TAG, "--at", "13:00")


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from conftest import Gig  # type: ignore[import-not-found]

    from gigtool.clock import FixedClock

    tmp = tmp_path_factory.mktemp("hostile")
    home = tmp / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GIG_HOME", str(home))
        mp.setenv("TZ", "America/New_York")
        clock = FixedClock(datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo("America/New_York")))
        _populate(Gig(clock), tmp)
    return home


def _commands() -> list[tuple[str, ...]]:
    """Every command path of the tree, and every group that runs on its own."""
    found: list[tuple[str, ...]] = [()]

    def walk(command: Any, path: tuple[str, ...]) -> None:
        subs = getattr(command, "commands", None)
        if subs is None:
            found.append(path)
            return
        if path and getattr(command, "invoke_without_command", False):
            found.append(path)
        for name, sub in subs.items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(gig_app), ())
    return found


# Arguments by name; a value of None means "the command runs interactively or waits":
# such commands are run by other tests.
ARGUMENTS: dict[str, Any] = {
    "entry_id": "1",
    "task_id": "1",
    "task_ids": "1",
    "receipt_id": "1",
    "income_id": "1",
    "trip_id": "1",
    "amount": "12.34",
    "miles": "3",
    "words": [PROJECT, bad("words"), TAG],
    "vendor": bad("vendor2"),
    "client": CLIENT,
    "key": "hostile2",
    "value": bad("value"),
    "label": bad("label2"),
    "rule": bad("rule", spaces=False),
    "new_name": bad("renamed", spaces=False),
    "month": "2026-11",
    "year": "2026",
    "length": "1m",
}
SKIP: set[tuple[str, ...]] = set()
OPTIONS: dict[tuple[str, ...], list[str]] = {
    ("mileage", "add"): ["--purpose", bad("purpose2")],
    ("log", "add"): ["--start", "9:00", "--end", "10:00", "--date", "2026-11-20"],
    ("log", "edit"): ["--description", bad("edited")],
    ("client", "edit"): ["--rate", "100"],
    ("project", "edit"): ["--rate", "100"],
    ("task", "edit"): ["--title", bad("retitled"), "--tag", bad("tag2", spaces=False)],
    ("receipts", "edit"): ["--vendor", bad("vendor3"), "--note", bad("note3")],
    ("income", "edit"): ["--note", bad("note4"), "--invoice", bad("inv4", spaces=False)],
    ("mileage", "edit"): ["--purpose", bad("purpose3")],
    ("export", "month"): ["--out", "{out}"],
    ("export", "year"): ["--out", "{out}", "--zip"],
    ("receipts", "categories", "add"): ["--line", "office"],
}
# Commands that need a step first: the frog must be picked to be eaten or skipped.
BEFORE: dict[tuple[str, ...], list[str]] = {
    ("frog", "done"): ["frog", "pick", "1"],
    ("frog", "skip"): ["frog", "pick", "1"],
}


def _arguments(command: Any, path: tuple[str, ...], tmp: Path) -> list[str] | None:
    args: list[str] = []
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        name = param.name
        if path[0] == "client" and name == "name":
            value: Any = CLIENT
        elif path[0] == "project" and name == "name":
            value = PROJECT
        elif path == ("receipts", "categories", "remove"):
            value = "hostile"
        elif path[0] in ("config", "balance") and name == "key":
            value = "currency" if path[0] == "config" else "day-max"
        elif name == "file" and path[:2] == ("log", "import"):
            value = str(_toggl_file(tmp))
        elif name == "frames":
            value = str(_watson_file(tmp))
        elif name == "folder":
            value = str(_timew_folder(tmp))
        elif name == "file":
            value = str(tmp / "\x1b[31mbackup\u202e.db")
        elif name == "files":
            attached = tmp / "\x1b]8;;e.vil\x07a.pdf"
            attached.write_bytes(b"%PDF-1.4 another")
            value = str(attached)
        elif name in ARGUMENTS:
            value = ARGUMENTS[name]
        elif not param.required:
            continue
        else:
            return None
        args += value if isinstance(value, list) else [value]
    return [*path, *args, *OPTIONS.get(path, [])]


def _toggl_file(tmp: Path) -> Path:
    from gigtool.tracking.exporting import toggl_header

    path = tmp / "toggl.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(toggl_header([]))
        writer.writerow(
            ["me", "me@x", CLIENT, bad("tproject", spaces=False), "", bad("tdesc"), "Yes",
             "2026-11-02", "09:00:00", "2026-11-02", "10:00:00", "01:00:00", bad("ttag")]
        )  # fmt: skip
    return path


def _watson_file(tmp: Path) -> Path:
    path = tmp / "frames"
    frame = [1793430000, 1793433600, bad("wproject", spaces=False), "a1", [bad("wtag")]]
    path.write_text(json.dumps([frame]), encoding="utf-8")
    return path


def _timew_folder(tmp: Path) -> Path:
    folder = tmp / "timew"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    tag = bad("timew", spaces=False).replace('"', "'")
    line = f'inc 20261103T140000Z - 20261103T151500Z # "{tag}"\n'
    (folder / "data" / "2026-11.data").write_text(line, encoding="utf-8")
    return folder


def _formats(command: Any) -> list[str | None]:
    names = {o for p in command.params if p.param_type_name == "option" for o in p.opts}
    return [None] + [f for f in ("--json", "--csv") if f in names]


def _leaf(path: tuple[str, ...]) -> Any:
    command = typer.main.get_command(gig_app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def _check_terminal_text(text: str, where: str, *, whole: bool) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{where}: raw {found.group()!r} in {text!r}"
    assert "🔥" not in text, f"{where}: an emoji code in user text was replaced"
    if not whole:
        return
    assert "\nNEWLINE" not in text, f"{where}: a newline from user text was printed raw"
    # Markup run by Rich would eat the tags and leave the words: wherever a hostile
    # word is shown whole, the markup around it is shown too.
    for word in re.findall(r"PAYLOAD([a-z0-9-]+)", text):
        assert f"[link=http://e.vil]PAYLOAD{word}[/link]" in text, f"{where}: markup was run"


def _formula(cell: str) -> bool:
    number = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell)
    return not number and cell.lstrip(" \u00a0\u3000").startswith(safe_text.FORMULA_STARTS)


def _check_csv(text: str, where: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not _formula(cell), f"{where}: formula cell {cell!r}"


@pytest.mark.parametrize("width", [1000, 60])
@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "gig")
def test_every_command_shows_hostile_text_as_written(
    path: tuple[str, ...],
    width: int,
    hostile_home: Path,
    tmp_path: Path,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if path in SKIP:
        pytest.skip("interactive; covered by its own tests")
    from typer.testing import CliRunner

    command = _leaf(path) if path else None
    args = _arguments(command, path, tmp_path) if command is not None else []
    assert args is not None, f"gig {' '.join(path)}: give its arguments in ARGUMENTS"
    # Wide, nothing wraps and markup is seen whole; narrow, tables wrap and leave out.
    monkeypatch.setenv("COLUMNS", str(width))
    # A person at a terminal: CSV cells show their control characters as marks.
    monkeypatch.setattr(output, "to_terminal", lambda: True)
    formats = _formats(command) if command is not None else [None]
    for fmt in formats:
        home = tmp_path / f"home-{fmt}"
        shutil.copytree(hostile_home, home)
        monkeypatch.setenv("GIG_HOME", str(home))
        out = tmp_path / f"out-{fmt}"
        out.mkdir()
        full = [a.replace("{out}", str(out)) for a in [*args, *([fmt] if fmt else [])]]
        if path in BEFORE:
            CliRunner().invoke(gig_app, BEFORE[path], obj=App(clock=clock))
        # "y" to a confirmation; triage: important, not urgent, no estimate, then stop.
        answer = "y\n" if path != ("task", "triage") else "i\nn\n\rq\n"
        app = App(clock=clock)
        app.sleep = lambda seconds: clock.advance(seconds=seconds)  # gig focus counts down
        result = CliRunner().invoke(gig_app, full, obj=app, input=answer)
        where = f"gig {' '.join(map(repr, full))}"
        if result.exception and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{where}: {result.exception!r}") from result.exception
        assert result.exit_code in (0, 1, 2), where
        _check_terminal_text(result.stdout, where + " (stdout)", whole=width > 100)
        _check_terminal_text(result.stderr, where + " (stderr)", whole=width > 100)
        if fmt == "--json" and result.exit_code == 0:
            json.loads(result.stdout)
        if fmt == "--csv" and result.exit_code == 0:
            _check_csv(result.stdout, where)
        _check_written(out, where)


def _check_written(out: Path, where: str) -> None:
    """The accountant's package: no formula in any CSV file or workbook cell."""
    import zipfile

    for archive in out.rglob("*.zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(out / "unzipped")
    for path in out.rglob("*.csv"):
        _check_csv(path.read_text(encoding="utf-8-sig"), f"{where}: {path.name}")
    for path in out.rglob("*.xlsx"):
        from openpyxl import load_workbook

        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    if isinstance(cell, str):
                        assert not _formula(cell), (where, cell)


# The rules themselves ---------------------------------------------------------------------


def test_every_format_control_is_made_visible() -> None:
    """The class of unsafe characters is Unicode's: every Cc, Cf (but the joiners),
    Zl, Zp and surrogate code point is shown as a mark, and nothing else is (but code
    points this Python's Unicode does not know yet, which newer Unicode made Cf)."""
    keep = {"\u200c", "\u200d"}
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        unsafe = category in ("Cc", "Cf", "Zl", "Zp", "Cs") and char not in keep
        shown = safe_text.visible(char)
        assert len(shown) == 1
        if unsafe:
            assert shown != char, f"U+{code:04X} ({category}) is shown raw"
        elif category != "Cn":
            assert shown == char, f"U+{code:04X} ({category}) is marked"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain Acme", "plain Acme"),
        ("\x1b[31mred", "␛[31mred"),
        ("two\nlines\tand\rcr", "two␊lines␉and␍cr"),
        ("del\x7f c1\x9b", "del␡ c1\ufffd"),
        ("\u202eexe.txt", "\ufffdexe.txt"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        (None, ""),
    ],
)
def test_visible(text: str | None, shown: str) -> None:
    assert safe_text.visible(text) == shown


def test_printable_keeps_line_breaks_only() -> None:
    assert safe_text.printable("a\nb\x1b\t\u2066") == "a\nb␛␉\ufffd"


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd|calc", "-2+3", "@SUM(1,1)", "\tx", "\rx", "\nx", " =1+1",
     "\uff1d1", "\ufe661", "\uff0b1", "\ufe621", "\uff0d1", "\ufe631", "\uff20x", "\ufe6bx",
     '=HYPERLINK("http://e.vil","Pay")'],
)  # fmt: skip
def test_formula_text_is_neutralised(text: str) -> None:
    assert safe_text.neutralise(text) == "'" + text
    assert safe_text.spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-12.50", "12", "-3", "0.5", 12, -12.5, None])
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_text.spreadsheet_cell(value) == value


def test_json_escapes_what_a_terminal_would_obey_and_reads_back_the_same() -> None:
    data = {"d": "a\x1b[31m\u202e\x9b\U000e0041\ud800b\n"}
    text = safe_text.json_safe(json.dumps(data, indent=2, ensure_ascii=False))
    assert not UNSAFE.search(text.replace("\n", ""))
    assert json.loads(text) == data


@given(
    st.text(alphabet=st.sampled_from(["'", " ", "=", "+", "a", "1", "\uff1d", "\t"])) | st.text()
)
def test_an_importer_reads_back_exactly_what_was_neutralised(text: str) -> None:
    assert safe_text.restore(safe_text.neutralise(text)) == text
    assert not safe_text.neutralise(text).lstrip(" ").startswith(safe_text.FORMULA_STARTS)


def test_a_cell_already_marked_as_text_gets_a_second_mark() -> None:
    assert safe_text.neutralise("'=x") == "''=x"
    assert safe_text.restore("''=x") == "'=x"
    assert safe_text.restore("'plain") == "'plain"


@given(st.text())
def test_visible_keeps_length_and_leaves_nothing_a_terminal_obeys(text: str) -> None:
    shown = safe_text.visible(text)
    assert len(shown) == len(text)  # one for one: columns and styled spans stay put
    assert not UNSAFE.search(shown) and "\n" not in shown
    assert safe_text.visible(shown) == shown
    assert safe_text.printable(text).split("\n") == [safe_text.visible(p) for p in text.split("\n")]
