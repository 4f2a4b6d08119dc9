"""`gig log import …` with real exports and hostile files, through the CLI.

Real files are in tests/data/imports (see its README). Expected totals are computed here
from the files themselves with the csv and json modules, not with gig's readers.
TZ is America/New_York (conftest); the clock is Wed 2026-11-25 14:30 there.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

DATA = Path(__file__).parent / "data" / "imports"
NY = ZoneInfo("America/New_York")


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


def stored(home: Path) -> list[tuple]:
    """Every entry as (start, end, project, client, description, tags, billable)."""
    if not (home / "gig.db").exists():
        return []
    conn = sqlite3.connect(home / "gig.db")
    try:
        rows = conn.execute(
            """SELECT e.start_utc, e.end_utc, p.name, c.name, e.description,
                      (SELECT group_concat(t.name, '|') FROM entry_tag et JOIN tag t
                       ON t.id = et.tag_id WHERE et.entry_id = e.id), e.billable
               FROM time_entry e LEFT JOIN project p ON p.id = e.project_id
               LEFT JOIN client c ON c.id = p.client_id ORDER BY e.start_utc"""
        ).fetchall()
    finally:
        conn.close()
    return [(*r[:5], sorted(r[5].split("|")) if r[5] else [], bool(r[6])) for r in rows]


def total(home: Path) -> int:
    return sum(end - start for start, end, *_ in stored(home))


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, if the block blocks."""

    def fail(*_: object) -> None:
        raise AssertionError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def timew(tmp_path: Path, lines: str, name: str = "2026-11.data") -> Path:
    folder = tmp_path / "timewarrior"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / name).write_text(lines, encoding="utf-8")
    return folder


# Timewarrior's sorted tags ----------------------------------------------------------------------


def test_timew_a_tag_naming_a_project_is_the_project_whatever_its_place(gig, gig_home, tmp_path):
    # `timew start tps spec` is stored with its tags sorted: `# spec tps`.
    gig("project", "add", "tps")
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # spec tps\n")
    dry = gig("log", "import", "timew", str(folder), "--dry-run").stdout
    assert "Projects from tags" in dry and "tps" in dry and "a project" in dry
    assert stored(gig_home) == []
    gig("log", "import", "timew", str(folder))
    [(_, _, project, _, _, tags, _)] = stored(gig_home)
    assert (project, tags) == ("tps", ["spec"])


def test_timew_a_tag_naming_a_client_is_that_clients_project(gig, gig_home, tmp_path):
    gig("client", "add", "Acme")
    gig("project", "add", "website", "--client", "Acme")
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # acme review\n")
    gig("log", "import", "timew", str(folder))
    [(_, _, project, client, _, tags, _)] = stored(gig_home)
    assert (project, client, tags) == ("website", "Acme", ["review"])


def test_timew_project_tag_pattern_and_mapping_file_choose(gig, gig_home, tmp_path):
    folder = timew(
        tmp_path,
        "inc 20261103T140000Z - 20261103T150000Z # client-acme review\n"
        "inc 20261103T160000Z - 20261103T170000Z # deep spec\n"
        "inc 20261103T180000Z - 20261103T190000Z # misc\n",
    )
    mapping = tmp_path / "tags.map"
    mapping.write_text("# tag = project\nspec = Spec Work\n", encoding="utf-8")
    out = gig(
        "log", "import", "timew", str(folder), "--project-tag", "client-*", "--map", str(mapping)
    ).stdout
    assert "1 interval had no tag naming a project" in out
    assert [(p, t, b) for _, _, p, _, _, t, b in stored(gig_home)] == [
        ("client-acme", ["review"], True),
        ("Spec Work", ["deep"], True),
        (None, ["misc"], False),  # time on no project is not billable
    ]


def test_timew_two_tags_naming_projects_stop_the_import(gig, gig_home, tmp_path):
    gig("project", "add", "tps")
    gig("project", "add", "spec")
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # spec tps\n")
    message = error_line(gig("log", "import", "timew", str(folder), code=2))
    assert "tags spec and tps both name projects" in message and "--map" in message
    assert stored(gig_home) == []


def test_timew_bad_mapping_file_is_one_line(gig, tmp_path):
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # a\n")
    mapping = tmp_path / "tags.map"
    mapping.write_text("spec -> Spec Work\n", encoding="utf-8")
    message = error_line(gig("log", "import", "timew", str(folder), "--map", str(mapping), code=2))
    assert "tags.map line 1 is not TAG = PROJECT" in message


# Toggl in other languages and layouts -----------------------------------------------------------


def _toggl_spans(path: Path, zone: ZoneInfo = NY) -> list[int]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    spans = []
    for row in rows:
        if "Start date" in row:
            start = datetime.fromisoformat(f"{row['Start date']}T{row['Start time']}")
            end = datetime.fromisoformat(f"{row['End date']}T{row['End time']}")
        else:
            start = datetime.strptime(row["Start time"], "%m/%d/%Y %H:%M")
            end = datetime.strptime(row["End time"], "%m/%d/%Y %H:%M")
        spans.append(
            int(end.replace(tzinfo=zone).timestamp()) - int(start.replace(tzinfo=zone).timestamp())
        )
    return spans


def test_toggl_japanese_export_is_read(gig, gig_home):
    path = DATA / "toggl-ja-2014.csv"
    out = gig("log", "import", "toggl", str(path)).stdout
    assert "Added 2 entries" in out
    entries = stored(gig_home)
    assert total(gig_home) == sum(_toggl_spans(path)) == 20 * 3600
    assert [e[6] for e in entries] == [False, False]  # いいえ
    assert {e[2] for e in entries} == {"娯楽", "生活"}


@pytest.mark.parametrize(("word", "billable"), [("Nein", False), ("Oui", True), ("Sí", True)])
def test_toggl_yes_and_no_in_other_languages(gig, gig_home, tmp_path, word, billable):
    path = tmp_path / "toggl.csv"
    path.write_text(
        f"Start date,Start time,Duration,Billable\n2026-11-03,09:00:00,01:00:00,{word}\n",
        encoding="utf-8",
    )
    gig("log", "import", "toggl", str(path))
    assert [e[6] for e in stored(gig_home)] == [billable]


def test_toggl_billable_not_understood_says_which_value(gig, gig_home, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(
        "Start date,Start time,Duration,Billable\n2026-11-03,09:00:00,01:00:00,Vielleicht\n",
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert "line 2: Billable 'Vielleicht' is not a yes or no" in message
    assert stored(gig_home) == []


def test_toggl_2011_layout_with_the_date_in_start_time(gig, gig_home):
    path = DATA / "toggl-ru-2011.csv"
    out = gig("log", "import", "toggl", str(path)).stdout
    assert "Added 1 entry" in out
    [(start, end, project, client, description, _, billable)] = stored(gig_home)
    assert start == int(datetime(2011, 3, 24, 20, 48, tzinfo=NY).timestamp())
    assert end - start == sum(_toggl_spans(path)) == 58 * 60
    assert (project, client, description, billable) == ("LF", "Agiletech", "Watch List Page", False)
    # Its Duration (00:58:15) says more than its start and end, which are to the minute.
    assert "Duration column adds up to 0:58:15, 0:00:15 more" in out


def test_toggl_old_layout_date_order_comes_from_the_whole_file(gig, gig_home, tmp_path):
    path = tmp_path / "toggl.csv"
    header = "User,Project,Billable,Start time,End time,Duration\n"
    path.write_text(
        header + "max,LF,No,05/10/2011 07:50,05/10/2011 08:50,01:00:00\n"
        "max,LF,No,24/10/2011 07:50,24/10/2011 08:50,01:00:00\n",
        encoding="utf-8",
    )
    gig("log", "import", "toggl", str(path))
    first = stored(gig_home)[0][0]
    assert first == int(datetime(2011, 10, 5, 7, 50, tzinfo=NY).timestamp())  # 5 October
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        header + "max,LF,No,24/10/2011 07:50,24/10/2011 08:50,01:00:00\n"
        "max,LF,No,10/25/2011 07:50,10/25/2011 08:50,01:00:00\n",
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "toggl", str(mixed), code=2))
    assert "writes dates day first (24/10/2011) and month first (10/25/2011)" in message


def test_toggl_duration_that_drops_fractions_is_named_in_the_summary(gig, gig_home, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(
        "Start date,Start time,End date,End time,Duration\n"
        "2026-11-03,09:00:00,2026-11-03,10:00:00,00:59:59\n"
        "2026-11-03,11:00:00,2026-11-03,11:30:00,00:30:00\n",
        encoding="utf-8",
    )
    out = gig("log", "import", "toggl", str(path)).stdout
    assert "Duration column adds up to 1:29:59, 0:00:01 less than its start and end" in out
    assert total(gig_home) == 90 * 60


# A team's export --------------------------------------------------------------------------------

TEAM = (
    "User,Email,Project,Description,Billable,Start date,Start time,End date,End time,Duration\n"
    "Ann,ann@x.io,api,review,Yes,2026-11-03,09:00:00,2026-11-03,12:00:00,03:00:00\n"
    "Bob,bob@x.io,api,review,Yes,2026-11-03,10:00:00,2026-11-03,13:00:00,03:00:00\n"
    "Ann,ann@x.io,api,write,Yes,2026-11-04,09:00:00,2026-11-04,10:00:00,01:00:00\n"
)


def test_a_team_export_is_not_merged_into_one_log(gig, gig_home, tmp_path):
    path = tmp_path / "team.csv"
    path.write_text(TEAM, encoding="utf-8")
    message = error_line(gig("log", "import", "toggl", str(path), code=1))
    assert "holds the time of 2 people: Ann <ann@x.io> (2), Bob <bob@x.io> (1)" in message
    assert "--user" in message
    assert stored(gig_home) == []
    dry = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "Ann <ann@x.io>: 2 rows" in dry and "Bob <bob@x.io>: 1 row" in dry
    out = gig("log", "import", "toggl", str(path), "--user", "ANN@x.io").stdout
    assert "Added 2 entries" in out and "Took the rows of Ann <ann@x.io>" in out
    assert [e[4] for e in stored(gig_home)] == ["review", "write"]
    message = error_line(gig("log", "import", "toggl", str(path), "--user", "Cy", code=1))
    assert "no rows of 'Cy'" in message


# Overlaps ---------------------------------------------------------------------------------------


def test_an_import_overlapping_an_entry_is_refused_and_listed(gig, gig_home, tmp_path):
    gig("log", "add", "api", "9:30-10:30", "--date", "2026-11-03")
    path = tmp_path / "toggl.csv"
    path.write_text(
        "Project,Start date,Start time,Duration\n"
        "web,2026-11-03,08:00:00,00:30:00\n"
        "web,2026-11-03,09:00:00,01:00:00\n",
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "toggl", str(path), code=1))
    assert "1 row would overlap other time: line 3 (03 Nov 2026 09:00–10:00) overlaps entry" in (
        message
    )
    assert "--allow-overlap" in message
    assert len(stored(gig_home)) == 1
    dry = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "Would overlap other time (1 row" in dry
    out = gig("log", "import", "toggl", str(path), "--allow-overlap").stdout
    assert "Added 2 entries" in out and "Kept 1 row that overlaps other time" in out
    assert len(stored(gig_home)) == 3


def test_real_watson_frames_that_overlap_each_other_are_refused(gig, gig_home):
    path = DATA / "watson-frames-overlap-2019"
    message = error_line(gig("log", "import", "watson", str(path), code=1))
    assert "line 26 (frame 4) (10 Jun 2019 13:30–17:00) overlaps line 18 (frame 3)" in message
    assert stored(gig_home) == []
    gig("log", "import", "watson", str(path), "--allow-overlap")
    frames = json.loads(path.read_text(encoding="utf-8"))
    assert total(gig_home) == sum(f[1] - f[0] for f in frames)


def test_real_watson_frames_totals(gig, gig_home):
    path = DATA / "watson-frames-2019"
    out = gig("log", "import", "watson", str(path)).stdout
    frames = json.loads(path.read_text(encoding="utf-8"))
    assert f"Added {len(frames)} entries" in out
    assert total(gig_home) == sum(f[1] - f[0] for f in frames)
    tagged = {(e[0], tuple(e[5])) for e in stored(gig_home) if e[5]}
    assert tagged == {(f[0], tuple(sorted(f[4]))) for f in frames if f[4]}


def test_watson_frames_as_objects_with_begin_at(gig, gig_home):
    path = DATA / "watson-frames-begin-at-2024"
    frames = json.loads(path.read_text(encoding="utf-8"))
    message = error_line(gig("log", "import", "watson", str(path), code=1))
    assert "(frame 11)" in message and "overlaps line" in message
    out = gig("log", "import", "watson", str(path), "--allow-overlap").stdout
    assert f"Added {len(frames)} entries" in out
    expected = sum(
        int(datetime.fromisoformat(f["end_at"]).timestamp())
        - int(datetime.fromisoformat(f["begin_at"]).timestamp())
        for f in frames
    )
    assert total(gig_home) == expected
    assert {(e[2], tuple(e[5])) for e in stored(gig_home)} == {("wildflower", ("TandemCo",))}


def test_watson_file_in_no_known_layout_is_one_line(gig, tmp_path):
    path = tmp_path / "frames"
    path.write_text(json.dumps([{"from": 1, "to": 2}] * 146), encoding="utf-8")
    message = error_line(gig("log", "import", "watson", str(path), code=2))
    assert "its first frame is neither a list" in message


def test_a_watson_tag_with_a_comma_stays_one_tag(gig, gig_home, tmp_path):
    path = tmp_path / "frames"
    path.write_text(
        json.dumps([[1793430000, 1793433600, "acme", "a1", ["call, urgent", "x"]]]),
        encoding="utf-8",
    )
    gig("log", "import", "watson", str(path))
    assert stored(gig_home)[0][5] == ["call, urgent", "x"]


# Files that are not files, and files built to hurt -----------------------------------------------


def test_a_fifo_given_as_the_file_is_refused_without_blocking(gig, tmp_path):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    with within(10):
        message = error_line(gig("log", "import", "toggl", str(fifo), code=2))
        assert "export.csv is a named pipe (FIFO)" in message
        message = error_line(gig("log", "import", "watson", str(fifo), code=2))
        assert "is a named pipe (FIFO)" in message


def test_a_fifo_inside_a_timewarrior_folder_is_refused_without_blocking(gig, gig_home, tmp_path):
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # a\n")
    os.mkfifo(folder / "data" / "2026-12.data")
    with within(10):
        message = error_line(gig("log", "import", "timew", str(folder), code=2))
    assert "2026-12.data is a named pipe (FIFO)" in message
    assert stored(gig_home) == []


@pytest.mark.parametrize("kind", ["toggl", "watson"])
def test_a_folder_or_a_device_as_the_file_is_one_line(gig, tmp_path, kind):
    message = error_line(gig("log", "import", kind, str(tmp_path), code=2))
    assert "is a folder" in message
    message = error_line(gig("log", "import", kind, "/dev/null", code=2))
    assert "/dev/null is a device" in message
    message = error_line(gig("log", "import", kind, str(tmp_path / "nope"), code=2))
    assert "there is no file" in message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_proc_self_mem_is_one_line(gig, gig_home):
    with within(10):
        message = error_line(gig("log", "import", "toggl", "/proc/self/mem", code=2))
    assert "/proc/self/mem" in message
    assert stored(gig_home) == []


def test_a_timewarrior_line_of_a_megabyte_is_read_in_linear_time(gig, gig_home, tmp_path):
    tags = " ".join(f"t{i}" for i in range(150_000))
    line = f'inc 20261103T140000Z - 20261103T150000Z # {tags} "a \\" b" # "note"\n'
    assert len(line) > 1_000_000
    folder = timew(tmp_path, line)
    began = time.monotonic()
    with within(20):
        gig("log", "import", "timew", str(folder))
    assert time.monotonic() - began < 20
    [(_, _, _, _, description, stored_tags, _)] = stored(gig_home)
    assert description == "note"
    assert len(stored_tags) == 150_001 and 'a " b' in stored_tags


def test_a_watson_file_nested_100000_deep_is_one_line(gig, gig_home, tmp_path):
    path = tmp_path / "frames"
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    message = error_line(gig("log", "import", "watson", str(path), code=2))
    assert "nested too deep" in message
    assert stored(gig_home) == []


@pytest.mark.parametrize(
    ("kind", "name", "content", "expected"),
    [
        ("toggl", "t.csv", b"Start date,Start time,Duration\n2026-11-03,09:00,\xff\n", "line 2"),
        ("watson", "frames", b'[[1, 2, "\xff", "x"]]', "not UTF-8"),
        ("timew", "2026-11.data", b"inc 20261103T140000Z - 20261103T150000Z # \xff\n", "line 1"),
    ],
)
def test_undecodable_bytes_are_one_line(gig, gig_home, tmp_path, kind, name, content, expected):
    if kind == "timew":
        target = tmp_path / "tw"
        (target / "data").mkdir(parents=True)
        (target / "data" / name).write_bytes(content)
    else:
        target = tmp_path / name
        target.write_bytes(content)
    message = error_line(gig("log", "import", kind, str(target), code=2))
    assert "UTF-8" in message and expected in message
    assert stored(gig_home) == []


def test_a_mapping_file_that_is_a_fifo_is_refused_without_blocking(gig, tmp_path):
    folder = timew(tmp_path, "inc 20261103T140000Z - 20261103T150000Z # a\n")
    fifo = tmp_path / "tags.map"
    os.mkfifo(fifo)
    with within(10):
        message = error_line(gig("log", "import", "timew", str(folder), "--map", str(fifo), code=2))
    assert "tags.map is a named pipe (FIFO)" in message


def test_the_summary_shows_control_characters_from_the_file_never_sends_them(gig, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(
        "Project,Description,Start date,Start time,Duration\n"
        "\x1b]8;;https://x\x07web,\x1b[31mred,2026-11-03,09:00:00,01:00:00\n"
        "web,ok,2026-11-03,soon,01:00:00\n",
        encoding="utf-8",
    )
    out = gig("log", "import", "toggl", str(path), "--dry-run", "--skip-bad").stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "Would add 1 entry" in out


def test_tags_are_cleaned_in_linear_time():
    from gigtool.tracking.entries import clean_tags

    words = [f"+t{i}" for i in range(100_000)] + ["+T1"]
    with within(20):
        assert len(clean_tags(words)) == 100_000
