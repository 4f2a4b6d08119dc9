"""importers.py: Toggl CSV, Watson frames and Timewarrior data, read from small files the
tests write, and imported all-or-nothing with stable keys.

TZ is America/New_York (conftest); the clock is Wed 2026-11-25 14:30 there.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gigtool.amounts import Money
from gigtool.database import open_db
from gigtool.errors import InputError
from gigtool.tracking.importing import core as importers
from gigtool.tracking.importing.core import import_rows
from gigtool.tracking.importing.rows import Bad, ImportStopped, Row, check_span
from gigtool.tracking.importing.sink import learnt_rate
from gigtool.tracking.importing.timew import ProjectFromTags, read_timew
from gigtool.tracking.importing.toggl import read_toggl
from gigtool.tracking.importing.watson import read_watson

NY = ZoneInfo("America/New_York")
T0 = 1793430000  # 2026-10-31 in UTC: a time in the log's years, before the clock
BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")

CLASSIC = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (USD)\n"
)


def ts(text: str, zone=NY) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())


@pytest.fixture
def conn(gig_home: Path):
    connection = open_db(gig_home)
    yield connection
    connection.close()


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def rows_of(items) -> list[Row]:
    out = list(items)
    assert all(isinstance(i, Row) for i in out), [i for i in out if isinstance(i, Bad)]
    return out


def entries(conn) -> list[tuple]:
    """Every entry as (start, end, project, client, description, tags, billable)."""
    rows = conn.execute(
        """SELECT e.start_utc, e.end_utc, p.name, c.name, e.description,
                  (SELECT group_concat(t.name, ',') FROM entry_tag et JOIN tag t
                   ON t.id = et.tag_id WHERE et.entry_id = e.id), e.billable
           FROM time_entry e LEFT JOIN project p ON p.id = e.project_id
           LEFT JOIN client c ON c.id = p.client_id ORDER BY e.start_utc"""
    ).fetchall()
    return [(*r[:5], sorted((r[5] or "").split(",")) if r[5] else [], bool(r[6])) for r in rows]


def run(conn, clock, home, rows, **kw):
    return import_rows(conn, clock, home, "test", rows, zone="America/New_York", **kw)


# Toggl -----------------------------------------------------------------------------------------


def test_toggl_classic_export_with_bom(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        CLASSIC
        + "Ann,ann@x.io,Acme,API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:15:00,01:15:00,"
        '"call, urgent",125.00\n'
        + "Ann,ann@x.io,,,,Email,No,2026-11-03,11:00:00,2026-11-03,11:30:00,00:30:00,,\n",
        bom=True,
    )
    first, second = rows_of(read_toggl(path, NY))
    assert (first.start, first.end) == (ts("2026-11-03 09:00"), ts("2026-11-03 10:15"))
    assert (first.project, first.client, first.description) == ("API", "Acme", "Review")
    assert first.tags == ["call", "urgent"]
    assert first.billable is True
    assert first.amount == Money(12500, "USD")
    assert first.where == "line 2"
    assert (second.project, second.client, second.tags, second.billable) == (None, None, [], False)
    assert second.amount is None


def test_toggl_columns_are_matched_by_name_with_stop_date_and_another_currency(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        "Description,Stop time,Stop date,Start time,Start date,Project,Amount (EUR),Tags\n"
        "Audit,12:00:00,2026-11-04,10:00:00,2026-11-04,Globex,180.00,\n",
    )
    (row,) = rows_of(read_toggl(path, NY))
    assert (row.start, row.end) == (ts("2026-11-04 10:00"), ts("2026-11-04 12:00"))
    assert row.project == "Globex"
    assert row.amount == Money(18000, "EUR")


def test_toggl_times_are_read_in_the_given_zone(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        "Start date,Start time,End date,End time\n2026-07-01,09:00:00,2026-07-01,10:00:00\n",
    )
    (ny,) = rows_of(read_toggl(path, NY))
    (berlin,) = rows_of(read_toggl(path, BERLIN))
    assert ny.start == ts("2026-07-01 09:00", NY)
    assert berlin.start == ts("2026-07-01 09:00", BERLIN)
    assert ny.start - berlin.start == 6 * 3600


def test_toggl_entry_across_midnight_and_duration_only(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        "Start date,Start time,End date,End time,Duration\n"
        "2026-11-03,23:00:00,2026-11-04,01:30:00,02:30:00\n"
        "2026-11-05,23:00:00,,01:00:00,\n"  # an end time but no end date: past midnight
        "2026-11-06,09:00:00,,,00:45:00\n",
    )
    across, no_end_date, duration_only = rows_of(read_toggl(path, NY))
    assert (across.start, across.end) == (ts("2026-11-03 23:00"), ts("2026-11-04 01:30"))
    assert no_end_date.end == ts("2026-11-06 01:00")
    assert duration_only.end - duration_only.start == 45 * 60


def test_toggl_across_the_fall_back_hour_uses_the_duration(tmp_path):
    # 1 Nov 2026: New York's clocks go from 02:00 EDT back to 01:00 EST.
    path = write(
        tmp_path,
        "toggl.csv",
        "Start date,Start time,End date,End time,Duration\n"
        "2026-11-01,01:40:00,2026-11-01,01:20:00,00:40:00\n"  # 01:40 EDT to 01:20 EST
        "2026-11-01,00:30:00,2026-11-01,01:30:00,02:00:00\n"  # 00:30 EDT to 01:30 EST
        "2026-11-01,00:30:00,2026-11-01,03:00:00,\n",  # no duration: 3.5 real hours
    )
    short, long_one, no_duration = rows_of(read_toggl(path, NY))
    assert short.end - short.start == 40 * 60
    assert short.start == int(datetime(2026, 11, 1, 5, 40, tzinfo=UTC).timestamp())
    assert long_one.end - long_one.start == 2 * 3600
    assert no_duration.end - no_duration.start == 3.5 * 3600


def test_toggl_time_skipped_by_spring_forward_is_a_bad_row(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        "Start date,Start time,End date,End time\n2026-03-08,02:30:00,2026-03-08,04:00:00\n",
    )
    (bad,) = list(read_toggl(path, NY))
    assert isinstance(bad, Bad)
    assert bad.where == "line 2"
    assert "does not exist in America/New_York" in bad.reason and "--tz" in bad.reason


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("2026-13-03,09:00:00,2026-11-03,10:00:00,,", "Start date '2026-13-03' is not a date"),
        ("2026-11-03,9.00,2026-11-03,10:00:00,,", "Start time '9.00' is not a time"),
        ("2026-11-03,09:00:00,2026-11-03,08:00:00,,", "ends before it starts"),
        ("2026-11-03,09:00:00,,,,", "neither an end nor a duration"),
        ("2026-11-03,09:00:00,,,1h,", "Duration '1h' is not a duration"),
        (
            "2026-11-03,09:00:00,2026-11-03,10:00:00,,maybe",
            "Billable 'maybe' is not a yes or no gig knows",
        ),
    ],
)
def test_toggl_malformed_rows_say_what_and_where(tmp_path, cells, reason):
    path = write(
        tmp_path,
        "toggl.csv",
        "Start date,Start time,End date,End time,Duration,Billable\n"
        "2026-11-02,09:00:00,2026-11-02,10:00:00,,\n" + cells + "\n",
    )
    good, bad = list(read_toggl(path, NY))
    assert isinstance(good, Row)
    assert isinstance(bad, Bad) and bad.where == "line 3"
    assert reason in bad.reason


def test_toggl_line_numbers_count_quoted_newlines(tmp_path):
    path = write(
        tmp_path,
        "toggl.csv",
        "Description,Start date,Start time,Duration\n"
        '"two\nlines",2026-11-02,09:00:00,01:00:00\n'
        "bad,2026-11-02,soon,01:00:00\n",
    )
    good, bad = list(read_toggl(path, NY))
    assert isinstance(good, Row) and good.description == "two\nlines"
    assert isinstance(bad, Bad) and bad.where == "line 4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("Date,Hours\n2026-11-03,2\n", "has no Start date or Start time column"),
        ("Start date,Start time\n2026-11-03,09:00\n", "End date and End time (or Duration)"),
    ],
)
def test_toggl_files_that_are_not_a_detailed_report(tmp_path, text, message):
    path = write(tmp_path, "toggl.csv", text)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(read_toggl(path, NY))


def test_toggl_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_bytes(b"Start date,Start time,Duration\n2026-11-03,09:00,01:00:00,caf\xe9\n")
    with pytest.raises(InputError, match="line 2 is not UTF-8"):
        list(read_toggl(path, NY))


def test_toggl_progress_reaches_the_file_size(tmp_path):
    body = "".join(f"2026-11-03,09:{m:02d}:00,00:00:30\n" for m in range(60))
    path = write(tmp_path, "toggl.csv", "Start date,Start time,Duration\n" + body * 50)
    seen: list[int] = []
    rows_of(read_toggl(path, NY, seen.append))
    assert seen and seen[-1] == path.stat().st_size
    assert seen == sorted(seen)


# Watson ----------------------------------------------------------------------------------------


def frames_file(tmp_path: Path, frames: list, indent: int | None = 1) -> Path:
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames, indent=indent), encoding="utf-8")
    return path


def test_watson_frames_of_four_five_and_six_items(tmp_path):
    path = frames_file(
        tmp_path,
        [
            [1793430000, 1793433600, "acme", "a1"],
            [1793440000, 1793443600, "acme", "a2", ["call"]],
            [1793450000, 1793453600, "globex", "a3", ["review", "deep work"], 1793453600],
        ],
    )
    rows = rows_of(read_watson(path))
    assert [(r.start, r.end, r.project, r.tags) for r in rows] == [
        (1793430000, 1793433600, "acme", []),
        (1793440000, 1793443600, "acme", ["call"]),
        (1793450000, 1793453600, "globex", ["review", "deep work"]),
    ]
    assert [r.key for r in rows] == ["watson:a1", "watson:a2", "watson:a3"]
    assert [r.where for r in rows] == ["line 2 (frame 1)", "line 8 (frame 2)", "line 17 (frame 3)"]


def test_a_comma_splits_tags_only_where_the_source_joins_them(tmp_path):
    # Watson and Timewarrior keep tags as lists: a comma inside a tag stays in it.
    path = frames_file(tmp_path, [[1793430000, 1793433600, "acme", "a1", ["call", "a, b", ""]]])
    assert rows_of(read_watson(path))[0].tags == ["call", "a, b"]
    folder = timew_dir(
        tmp_path, {"2026-11.data": 'inc 20261103T140000Z - 20261103T151500Z # acme "x," a,b\n'}
    )
    assert rows_of(read_timew(folder))[0].tags == ["acme", "x,", "a,b"]
    # Toggl's CSV joins an entry's tags with commas in one cell: there they separate.
    toggl = write(
        tmp_path,
        "toggl.csv",
        'Start date,Start time,Duration,Tags\n2026-11-03,09:00,01:00:00,"a, b,"\n',
    )
    assert rows_of(read_toggl(toggl, NY))[0].tags == ["a", "b"]


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ([1, 2, "acme"], "4 to 6 items"),
        ([1, 2, "acme", "id", [], 3, "extra"], "4 to 6 items"),
        (["9am", 2, "acme", "id"], "not a Unix timestamp"),
        ([5, 2, "acme", "id"], "stops before it starts"),
        ([float("inf"), 2, "acme", "id"], "the start inf is not a Unix timestamp"),
        ([1, float("-inf"), "acme", "id"], "the stop -inf is not a Unix timestamp"),
        ([float("nan"), 2, "acme", "id"], "the start nan is not a Unix timestamp"),
        ([-60, 2, "acme", "id"], "before 2000"),
        ([T0, T0 + 60, "", "id"], "is not a name"),
        ([T0, T0 + 60, "acme", "id", "call"], "not a list of words"),
        ("frame", "4 to 6 items"),
    ],
)
def test_watson_malformed_frames(tmp_path, frame, reason):
    path = frames_file(tmp_path, [[T0, T0 + 60, "ok", "x"], frame], indent=None)
    good, bad = list(read_watson(path))
    assert isinstance(good, Row)
    assert isinstance(bad, Bad) and bad.where == "line 1 (frame 2)"
    assert reason in bad.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"frames": []}', "should be a JSON list"),
        ('[\n [1, 2, "a", "b"],\n [1, 2, "a" "b"]\n]', "line 3: not valid JSON"),
    ],
)
def test_watson_files_that_are_not_frames(tmp_path, text, message):
    path = tmp_path / "frames"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_watson(path))


def test_watson_empty_list_and_empty_file(tmp_path):
    assert list(read_watson(frames_file(tmp_path, []))) == []
    (tmp_path / "frames").write_text("", encoding="utf-8")
    assert list(read_watson(tmp_path / "frames")) == []


# Timewarrior -------------------------------------------------------------------------------------


def timew_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "timewarrior" / "data"
    data.mkdir(parents=True)
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    (data / "tags.data").write_text("{}", encoding="utf-8")  # not an interval file
    return data.parent


def test_timew_intervals_tags_and_annotation(tmp_path):
    folder = timew_dir(
        tmp_path,
        {
            "2026-10.data": "inc 20261031T230000Z - 20261101T013000Z # acme\n",
            "2026-11.data": (
                'inc 20261103T140000Z - 20261103T151500Z # acme "client call" review\n'
                "\n"
                'inc 20261103T160000Z - 20261103T170000Z # globex # "wrote the audit"\n'
                "inc 20261103T180000Z - 20261103T183000Z\n"
            ),
        },
    )
    chooser = ProjectFromTags(projects={"acme": "acme", "globex": "globex"})
    rows = rows_of(read_timew(folder, chooser=chooser))
    assert [(r.project, r.tags, r.description) for r in rows] == [
        ("acme", [], ""),
        ("acme", ["client call", "review"], ""),
        ("globex", [], "wrote the audit"),
        (None, [], ""),
    ]
    assert rows[1].start == ts("2026-11-03 14:00", UTC)
    assert rows[1].end == ts("2026-11-03 15:15", UTC)
    assert rows[0].where == "2026-10.data line 1"
    assert rows[2].where == "2026-11.data line 3"
    # The data folder itself works too, and --project keeps every tag a tag.
    again = rows_of(read_timew(folder / "data", project="Client Work"))
    assert again[1].project == "Client Work"
    assert again[1].tags == ["acme", "client call", "review"]


def test_timew_open_interval_is_ignored_not_bad(tmp_path, conn, clock, gig_home):
    folder = timew_dir(
        tmp_path,
        {
            "2026-11.data": "inc 20261103T140000Z - 20261103T150000Z # acme\n"
            "inc 20261125T180000Z # acme\n"
        },
    )
    items = list(read_timew(folder))
    assert isinstance(items[1], Bad) and items[1].ignore
    result = run(conn, clock, gig_home, read_timew(folder))
    assert result.added == 1
    assert [b.where for b in result.ignored] == ["2026-11.data line 2"]
    assert "still running in Timewarrior" in result.ignored[0].reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("exc 20261103T140000Z - 20261103T150000Z", "not a Timewarrior interval"),
        ("inc 2026-11-03 - 2026-11-04", "not a Timewarrior interval"),
        ("inc 20261103T150000Z - 20261103T140000Z # a", "ends before it starts"),
        ('inc 20261103T140000Z - 20261103T150000Z # "unclosed', "cannot read its tags"),
        ("inc 20261399T140000Z - 20261103T150000Z # a", "is not a time"),
    ],
)
def test_timew_malformed_lines(tmp_path, line, reason):
    folder = timew_dir(
        tmp_path, {"2026-11.data": f"inc 20261102T140000Z - 20261102T150000Z\n{line}\n"}
    )
    good, bad = list(read_timew(folder))
    assert isinstance(good, Row)
    assert isinstance(bad, Bad) and bad.where == "2026-11.data line 2"
    assert reason in bad.reason


def test_timew_folder_without_data(tmp_path):
    with pytest.raises(InputError, match="no Timewarrior data files"):
        list(read_timew(tmp_path))
    with pytest.raises(InputError, match="there is no folder"):
        list(read_timew(tmp_path / "nope"))
    (tmp_path / "2026-11.data").write_text("", encoding="utf-8")
    assert list(read_timew(tmp_path / "2026-11.data")) == []  # one month's file is read
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="is not a folder"):
        list(read_timew(tmp_path / "notes.txt"))


# Times no entry can have -----------------------------------------------------------------------

CLOCK_NOW = datetime(2026, 11, 25, 14, 30, tzinfo=NY)
LATEST = int(CLOCK_NOW.timestamp()) + 86400  # a day after the clock's now


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (T0, T0 + 60, None),
        (LATEST - 60, LATEST, None),
        (T0 - 999 * 3600, T0, None),
        (-1, 60, "before 2000"),
        (946684799, T0, "before 2000"),
        (T0 + 60, T0, "it ends before it starts"),
        (T0 - 999 * 3600 - 1, T0, "it lasts 1,000 hours"),
        (LATEST - 60, LATEST + 1, "it ends more than a day from now"),
        (1793430000, 253402300000, "it ends more than a day from now"),  # year 10000
    ],
)
def test_check_span(start, end, reason):
    if reason is None:
        check_span(start, end, LATEST)
    else:
        with pytest.raises(ValueError, match=reason):
            check_span(start, end, LATEST)


def test_every_reader_refuses_times_beyond_tomorrow_with_where(tmp_path):
    watson = frames_file(
        tmp_path, [[1793430000, 1793433600, "a", "ok"], [1793430000, 253402300000, "a", "far"]]
    )
    good, bad = list(read_watson(watson, now=CLOCK_NOW))
    assert isinstance(good, Row)
    assert bad == Bad("line 8 (frame 2)", "it ends more than a day from now")

    toggl = write(
        tmp_path,
        "t.csv",
        CLASSIC
        + ",,,A,,ok,No,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,\n"
        + ",,,A,,far,No,9999-12-30,09:00:00,9999-12-30,10:00:00,01:00:00,,\n"
        + ",,,A,,old,No,1900-01-01,09:00:00,1900-01-01,10:00:00,01:00:00,,\n"
        + ",,,A,,edge,No,9999-12-31,23:00:00,,00:30:00,,,\n",
    )
    good, far, old, edge = list(read_toggl(toggl, NY, now=CLOCK_NOW))
    assert isinstance(good, Row)
    assert far == Bad("line 3", "it ends more than a day from now")
    assert old.where == "line 4" and "before 2000" in old.reason
    assert edge == Bad("line 5", "its dates are out of range")

    folder = timew_dir(
        tmp_path,
        {
            "2026-11.data": "inc 20261103T140000Z - 20261103T150000Z # a\n"
            "inc 20261103T140000Z - 99991231T000000Z # a\n"
        },
    )
    good, bad = list(read_timew(folder, now=CLOCK_NOW))
    assert isinstance(good, Row)
    assert bad == Bad("2026-11.data line 2", "it ends more than a day from now")


def test_import_rows_refuses_times_beyond_tomorrow_whatever_read_them(
    tmp_path, conn, clock, gig_home
):
    # A reader given no `now` lets it through; the import, on the clock, does not.
    path = frames_file(
        tmp_path, [[1793430000, 1793433600, "a", "ok"], [1793430000, 253402300000, "a", "far"]]
    )
    with pytest.raises(ImportStopped, match=r"line 8 \(frame 2\): it (ends|lasts)"):
        run(conn, clock, gig_home, read_watson(path))
    assert entries(conn) == []
    result = run(conn, clock, gig_home, read_watson(path), skip_bad=True)
    assert result.added == 1 and result.last == 1793433600
    assert [b.where for b in result.skipped] == ["line 8 (frame 2)"]


# Writing: one transaction, keys, dry runs ------------------------------------------------------


def toggl_file(tmp_path: Path, extra: str = "") -> Path:
    return write(
        tmp_path,
        "toggl.csv",
        CLASSIC
        + ",,Acme,API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,call,100.00\n"
        + ",,Acme,API,,Build,Yes,2026-11-04,09:00:00,2026-11-04,11:30:00,02:30:00,,250.00\n"
        + ',,,Admin,,Email,No,2026-11-04,12:00:00,2026-11-04,12:20:00,00:20:00,"a, b",\n'
        + extra,
    )


def test_toggl_import_creates_clients_projects_tags_and_learns_rates(
    tmp_path, conn, clock, gig_home
):
    result = run(conn, clock, gig_home, read_toggl(toggl_file(tmp_path), NY))
    assert (result.added, result.already, result.skipped) == (3, 0, [])
    assert result.new_clients == ["Acme"]
    assert result.new_projects == ["API", "Admin"]
    assert result.rates == {"API": Money(10000, "USD")}
    assert entries(conn) == [
        (ts("2026-11-03 09:00"), ts("2026-11-03 10:00"), "API", "Acme", "Review", ["call"], True),
        (ts("2026-11-04 09:00"), ts("2026-11-04 11:30"), "API", "Acme", "Build", [], True),
        (ts("2026-11-04 12:00"), ts("2026-11-04 12:20"), "Admin", None, "Email", ["a", "b"], False),
    ]
    rate = conn.execute("SELECT rate_cents, currency FROM project WHERE name = 'API'").fetchone()
    assert rate == (10000, "USD")
    assert result.backup is not None and result.backup.exists()
    tz = {r[0] for r in conn.execute("SELECT tz FROM time_entry")}
    assert tz == {"America/New_York"}


def test_reimport_adds_nothing(tmp_path, conn, clock, gig_home):
    path = toggl_file(tmp_path)
    run(conn, clock, gig_home, read_toggl(path, NY))
    again = run(conn, clock, gig_home, read_toggl(path, NY))
    assert (again.added, again.already) == (0, 3)
    assert again.new_projects == [] and again.rates == {}
    assert len(entries(conn)) == 3


def test_an_existing_project_keeps_its_client_and_rate(tmp_path, conn, clock, gig_home):
    from gigtool.clients import catalog

    catalog.add_project(conn, clock, "api", rate=Money(5000, "EUR"))
    result = run(conn, clock, gig_home, read_toggl(toggl_file(tmp_path), NY))
    assert result.new_projects == ["Admin"] and result.new_clients == []
    assert result.rates == {}
    row = conn.execute("SELECT client_id, rate_cents, currency FROM project WHERE name = 'api'")
    assert row.fetchone() == (None, 5000, "EUR")


def test_a_malformed_row_stops_the_import_with_nothing_written(tmp_path, conn, clock, gig_home):
    path = toggl_file(tmp_path, ",,New,Brand new,,x,Yes,2026-11-05,25:00:00,,,01:00:00,,\n")
    with pytest.raises(InputError) as caught:
        run(conn, clock, gig_home, read_toggl(path, NY))
    message = str(caught.value)
    assert "test line 5: Start time '25:00:00' is not a time" in message
    assert "Nothing was imported" in message and "--skip-bad" in message
    assert entries(conn) == []
    assert conn.execute("SELECT count(*) FROM project").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM client").fetchone() == (0,)


def test_skip_bad_imports_the_rest_and_lists_what_it_skipped(tmp_path, conn, clock, gig_home):
    path = toggl_file(tmp_path, ",,,X,,x,Yes,2026-11-05,25:00:00,,,01:00:00,,\n")
    result = run(conn, clock, gig_home, read_toggl(path, NY), skip_bad=True)
    assert result.added == 3
    assert [(b.where, b.reason) for b in result.skipped] == [
        ("line 5", "Start time '25:00:00' is not a time like 09:15:00")
    ]


def test_dry_run_writes_nothing_and_takes_no_backup(tmp_path, conn, clock, gig_home):
    result = run(conn, clock, gig_home, read_toggl(toggl_file(tmp_path), NY), dry_run=True)
    assert (result.added, result.dry_run) == (3, True)
    assert result.new_projects == ["API", "Admin"] and result.new_clients == ["Acme"]
    assert result.rates == {"API": Money(10000, "USD")}
    assert [r.description for r in result.sample] == ["Review", "Build", "Email"]
    assert entries(conn) == []
    assert conn.execute("SELECT count(*) FROM project").fetchone() == (0,)
    assert result.backup is None
    assert not (gig_home / "backups").exists() or not list((gig_home / "backups").iterdir())


def test_the_same_entry_from_another_source_is_already_there(tmp_path, conn, clock, gig_home):
    from gigtool.tracking import entries as tracking

    tracking.add_entry(
        conn,
        clock,
        project="API",
        description="Review",
        start=datetime(2026, 11, 3, 9, tzinfo=NY),
        end=datetime(2026, 11, 3, 10, tzinfo=NY),
    )
    result = run(conn, clock, gig_home, read_toggl(toggl_file(tmp_path), NY))
    assert (result.added, result.already) == (2, 1)


def test_watson_import_and_reimport(tmp_path, conn, clock, gig_home):
    path = frames_file(
        tmp_path,
        [[1793430000, 1793433600, "acme", "a1", ["call"], 0], [1793440000, 1793443600, "b", "a2"]],
    )
    first = run(conn, clock, gig_home, read_watson(path))
    assert (first.added, first.new_projects) == (2, ["acme", "b"])
    assert entries(conn)[0] == (1793430000, 1793433600, "acme", None, "", ["call"], True)
    # Watson's id is the key: editing a frame there does not make a second entry here.
    path = frames_file(tmp_path, [[1793430000, 1793434000, "acme", "a1", ["call"], 5]])
    assert run(conn, clock, gig_home, read_watson(path)).already == 1
    assert len(entries(conn)) == 2


def test_timew_reimport_adds_nothing(tmp_path, conn, clock, gig_home):
    folder = timew_dir(tmp_path, {"2026-11.data": "inc 20261103T140000Z - 20261103T150000Z # a\n"})
    assert run(conn, clock, gig_home, read_timew(folder)).added == 1
    assert run(conn, clock, gig_home, read_timew(folder)).already == 1


def test_zero_length_rows_are_ignored(tmp_path, conn, clock, gig_home):
    path = frames_file(tmp_path, [[T0, T0, "a", "z"], [T0, T0 + 60, "a", "y"]])
    result = run(conn, clock, gig_home, read_watson(path))
    assert result.added == 1
    assert [(b.where, b.reason) for b in result.ignored] == [("line 2 (frame 1)", "zero length")]


def test_batches_keep_tags_with_their_entries(tmp_path, conn, clock, gig_home, monkeypatch):
    monkeypatch.setattr(importers, "BATCH", 7)
    frames = [
        [T0 + i * 100, T0 + i * 100 + 60, f"p{i % 3}", f"id{i}", [f"t{i % 4}"]] for i in range(50)
    ]
    frames.append([T0, T0 + 60, "p0", "id0", ["t0"]])  # the same frame twice in one file
    result = run(conn, clock, gig_home, read_watson(frames_file(tmp_path, frames)))
    assert (result.added, result.already) == (50, 1)
    got = entries(conn)
    assert [(e[0], e[2], e[5]) for e in got] == [
        (T0 + i * 100, f"p{i % 3}", [f"t{i % 4}"]) for i in range(50)
    ]


def test_entry_ids_continue_after_deleted_ones(tmp_path, conn, clock, gig_home):
    from gigtool.tracking import entries as tracking

    made = tracking.add_entry(
        conn,
        clock,
        project="a",
        start=datetime(2026, 11, 2, 9, tzinfo=NY),
        end=datetime(2026, 11, 2, 10, tzinfo=NY),
    ).entry
    tracking.delete_entry(conn, made.id)
    run(conn, clock, gig_home, read_watson(frames_file(tmp_path, [[T0, T0 + 60, "a", "x"]])))
    assert conn.execute("SELECT id FROM time_entry").fetchall() == [(made.id + 1,)]


@pytest.mark.parametrize(
    ("seen", "rate"),
    [
        ([(3600, Money(9500, "USD")), (1800, Money(4750, "USD"))], Money(9500, "USD")),
        ([(3599, Money(9497, "USD")), (61, Money(161, "USD"))], Money(9500, "USD")),
        ([(3600, Money(9500, "USD")), (3600, Money(8000, "USD"))], None),
        ([(3600, Money(9500, "USD")), (3600, Money(9500, "EUR"))], None),
        ([(3600, Money(0, "USD"))], None),
        # 16.67 for 20 minutes fits 50.00 to 50.02 an hour: people charge 50.00.
        ([(1200, Money(1667, "USD"))], Money(5000, "USD")),
        ([(1200, Money(1667, "USD")), (7200, Money(10004, "USD"))], Money(5002, "USD")),
        ([(3600, Money(10001, "USD"))], Money(10001, "USD")),  # exact: not rounded away
        ([(900, Money(2375, "EUR")), (2700, Money(7125, "EUR"))], Money(9500, "EUR")),
    ],
)
def test_learnt_rate(seen, rate):
    assert learnt_rate(seen) == rate
