"""Real exports from public repositories that gig once refused or showed wrongly.

The files are in tests/data/imports (see its README for where each comes from). Expected
figures are computed here from the files with the csv and json modules, not gig's readers.
TZ is America/New_York (conftest).
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from datetime import UTC, datetime
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


def entries(home: Path) -> list[tuple[int, int, str | None]]:
    if not (home / "gig.db").exists():
        return []
    conn = sqlite3.connect(home / "gig.db")
    try:
        return conn.execute(
            "SELECT e.start_utc, e.end_utc, p.name FROM time_entry e "
            "LEFT JOIN project p ON p.id = e.project_id ORDER BY e.start_utc"
        ).fetchall()
    finally:
        conn.close()


def _clock(day: str, text: str) -> datetime:
    """`2022-01-19` and `06:15:49 PM` as a time in New York."""
    return datetime.strptime(f"{day} {text}", "%Y-%m-%d %I:%M:%S %p").replace(tzinfo=NY)


def _twelve_hour_duration(text: str) -> int:
    """Toggl's Duration for a 12-hour-clock user: `12:20:00 AM` is twenty minutes."""
    clock, half = text.split()
    hours, minutes, seconds = (int(n) for n in clock.split(":"))
    hours = hours % 12 + (12 if half == "PM" else 0)
    return hours * 3600 + minutes * 60 + seconds


def test_toggl_durations_written_on_a_12_hour_clock_are_read(gig, gig_home):
    path = DATA / "toggl-12h-2022.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    spans = [
        int(_clock(r["End date"], r["End time"]).timestamp())
        - int(_clock(r["Start date"], r["Start time"]).timestamp())
        for r in rows
    ]
    assert [_twelve_hour_duration(r["Duration"]) for r in rows] == spans  # 12:20:00 AM: 20 min
    out = gig("log", "import", "toggl", str(path), "--allow-overlap").stdout
    assert f"Added {len(rows)} entries" in out
    assert "Duration column" not in out  # the durations agree with start and end
    stored = entries(gig_home)
    assert sum(end - start for start, end, _ in stored) == sum(spans) == 6 * 3600 + 5 * 60
    assert stored[0][0] == int(datetime(2022, 1, 19, 9, 30, 1, tzinfo=NY).timestamp())


def test_an_overlap_of_seconds_is_shown_to_the_second(gig, gig_home):
    """Two Toggl rows 17:00:19–18:15:19 and 15:45:39–17:00:39 share 20 seconds: shown to
    the minute, 17:00–18:15 and 15:45–17:00 seemed only to touch."""
    path = DATA / "toggl-12h-2022.csv"
    message = error_line(gig("log", "import", "toggl", str(path), code=1))
    assert (
        "line 6 (19 Jan 2022 17:00:19–18:15:19) overlaps line 3 "
        "(19 Jan 2022 15:45:39–17:00:39) by 20 s" in message
    )
    assert entries(gig_home) == []
    out = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "17:00:19–18:15:19) overlaps line 3 (19 Jan 2022 15:45:39–17:00:39) by 20 s" in out


def test_watson_overlap_of_seconds_is_shown_to_the_second(gig, gig_home):
    path = DATA / "watson-frames-2020"
    frames = json.loads(path.read_text(encoding="utf-8"))
    # frame 3 ends 18 s after frame 7 starts
    assert frames[2][1] - frames[6][0] == 18
    message = error_line(gig("log", "import", "watson", str(path), code=1))
    assert "(03 Jun 2020 03:01:00–03:18:00) overlaps line 20 (frame 3) " in message
    assert "(03 Jun 2020 01:17:32–03:01:18) by 18 s" in message
    gig("log", "import", "watson", str(path), "--allow-overlap")
    assert sum(e - s for s, e, _ in entries(gig_home)) == sum(f[1] - f[0] for f in frames)


def test_a_team_dry_run_lists_no_overlap_between_two_people(gig, gig_home):
    """Five students' rows of one course: people meeting at the same hour are not one
    person's overlapping time."""
    path = DATA / "toggl-team-2016.csv"
    out = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "holds the time of 5 people" in out
    assert "overlap" not in out
    out = gig("log", "import", "toggl", str(path), "--user", "egupta@andrew.cmu.edu").stdout
    with path.open(encoding="utf-8", newline="") as fh:
        mine = [r for r in csv.DictReader(fh) if r["Email"] == "egupta@andrew.cmu.edu"]
    assert f"Added {len(mine)} entries" in out

    def at(day: str, clock: str) -> int:
        return int(datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=NY).timestamp())

    expected = sum(
        at(r["End date"], r["End time"]) - at(r["Start date"], r["Start time"]) for r in mine
    )
    assert sum(e - s for s, e, _ in entries(gig_home)) == expected


def test_watson_state_file_given_as_frames_is_named(gig, gig_home, tmp_path):
    folder = tmp_path / "watson"
    folder.mkdir()
    shutil.copy(DATA / "watson-state-2020", folder / "state")
    message = error_line(gig("log", "import", "watson", str(folder / "state"), code=2))
    assert "state is Watson's state file (the frame still running: project conf since" in message
    assert f"give the frames file beside it: {folder / 'frames'}" in message
    (folder / "state").write_text("{}", encoding="utf-8")
    message = error_line(gig("log", "import", "watson", str(folder / "state"), code=2))
    assert "Watson's state file (no frame running)" in message
    assert entries(gig_home) == []


def test_watson_running_frame_beside_the_frames_is_listed(gig, gig_home, tmp_path):
    folder = tmp_path / "watson"
    folder.mkdir()
    shutil.copy(DATA / "watson-frames-2020", folder / "frames")
    shutil.copy(DATA / "watson-state-2020", folder / "state")
    out = gig("log", "import", "watson", str(folder / "frames"), "--allow-overlap").stdout
    frames = json.loads((folder / "frames").read_text(encoding="utf-8"))
    assert f"Added {len(frames)} entries" in out and "1 skipped" in out
    assert "state: project conf since 2020-06-05 15:00 UTC is still running in Watson" in out
    assert len(entries(gig_home)) == len(frames)


# A file given to the wrong importer -------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "name", "expected"),
    [
        (
            "toggl",
            "watson-frames-2020",
            "watson-frames-2020 is Watson's frames file, not what gig log import toggl reads; "
            "import it with gig log import watson",
        ),
        (
            "timew",
            "watson-frames-2020",
            "watson-frames-2020 is Watson's frames file, not what gig log import timew reads; "
            "import it with gig log import watson",
        ),
        (
            "watson",
            "toggl-12h-2022.csv",
            "toggl-12h-2022.csv is a Toggl Track CSV, not what gig log import watson reads; "
            "import it with gig log import toggl",
        ),
        (
            "toggl",
            "toggl-api-2019.json",
            "toggl-api-2019.json is Toggl's JSON (its entries name projects by number, not by "
            "name), not what gig log import toggl reads; in Toggl, export Reports → Detailed → "
            "CSV and import that",
        ),
        (
            "toggl",
            "watson-state-2020",
            "watson-state-2020 is Watson's state file (the frame still running), not what gig "
            "log import toggl reads; give gig log import watson the frames file beside it",
        ),
    ],
)
def test_a_file_for_another_importer_is_named_with_the_command_that_reads_it(
    gig, gig_home, command, name, expected
):
    message = error_line(gig("log", "import", command, str(DATA / name), code=2))
    assert message == f"Error: {expected}"
    assert entries(gig_home) == []


def test_timew_export_output_given_to_watson_is_named(gig, gig_home, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        '[{"id":1,"start":"20261103T140000Z","end":"20261103T151500Z","tags":["acme"]}]',
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "watson", str(path), code=2))
    assert "export.json is the output of `timew export`, not what gig log import watson" in message


@pytest.mark.parametrize(
    ("header", "report"),
    [
        ("Project,Client,Duration", "Toggl's summary report (totals, no start times)"),
        ("User,Project,Client,Mon,Tue,Wed,Thu,Fri,Sat,Sun,Total", "Toggl's weekly report"),
        ("Project,2026-11-02,2026-11-03,2026-11-04,Total", "Toggl's weekly report"),
    ],
)
def test_a_toggl_summary_or_weekly_report_is_named(gig, gig_home, tmp_path, header, report):
    path = tmp_path / "report.csv"
    path.write_text(header + "\nAcme,Site,01:00:00\n", encoding="utf-8")
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert f"report.csv looks like {report}" in message
    assert message.endswith("in Toggl, export Reports → Detailed → CSV")


# Timewarrior given a file -----------------------------------------------------------------------

# The layout Timewarrior's documentation gives for `timew export` (no public export of a
# user's own was found): the second interval is still running.
TIMEW_EXPORT = (
    '[\n{"id":2,"start":"20261103T140000Z","end":"20261103T151500Z",'
    '"tags":["acme","client call","tps"],"annotation":"Kickoff"},\n'
    '{"id":1,"start":"20261104T090000Z","tags":["tps"]}\n]\n'
)


def test_timew_export_output_is_read_like_the_data_files(gig, gig_home, tmp_path):
    gig("project", "add", "acme")
    path = tmp_path / "export.json"
    path.write_text(TIMEW_EXPORT, encoding="utf-8")
    out = gig("log", "import", "timew", str(path)).stdout
    assert "Added 1 entry" in out and "still running in Timewarrior" in out
    [(start, end, project)] = entries(gig_home)
    assert (end - start, project) == (75 * 60, "acme")
    # The same interval from the data file is already there.
    folder = tmp_path / "timewarrior" / "data"
    folder.mkdir(parents=True)
    data = folder / "2026-11.data"
    data.write_text(
        'inc 20261103T140000Z - 20261103T151500Z # acme "client call" tps # "Kickoff"\n',
        encoding="utf-8",
    )
    out = gig("log", "import", "timew", str(data)).stdout
    assert "Added 0 entries" in out and "1 already there" in out


# A Toggl CSV opened and saved again in a spreadsheet --------------------------------------------


def test_toggl_csv_saved_again_with_semicolons_and_decimal_commas(gig, gig_home):
    """The same two rows as Toggl wrote them and as a German spreadsheet saves them:
    semicolons, 04.03.2024, an amount of 111,11. Both read alike, and the amount is not
    taken for 11,111 (which would set the project's rate a hundred times too high)."""
    original, resaved = DATA / "toggl-amounts-2024.csv", DATA / "toggl-resaved-de-2024.csv"
    with resaved.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert [r["Amount (EUR)"] for r in rows] == ["", "111,11"]
    out = gig("log", "import", "toggl", str(resaved)).stdout
    assert "Added 1 entry" in out and "line 2: zero length" in out
    assert "Rate of Project for Big Company: 111.08 EUR an hour" in out
    assert "month first" not in out  # 04.03.2024 is day first, and no guess was made
    [(start, end, project)] = entries(gig_home)
    assert start == int(datetime(2024, 3, 4, 10, 23, tzinfo=NY).timestamp())
    assert (end - start, project) == (3601, "Project for Big Company")
    out = gig("log", "import", "toggl", str(original)).stdout
    assert "Added 0 entries" in out and "1 already there" in out


# The zone a Toggl file is read in ---------------------------------------------------------------


def test_toggl_zone_is_named_and_overlaps_show_one_zone_per_line(gig, gig_home):
    """A week of a consultant in Norway, read with --tz Europe/Oslo by a user in New York:
    the summary names the zone, and an overlap line shows both rows in the same zone
    (once the other row came out in Oslo time beside this one in New York time)."""
    path = DATA / "toggl-oslo-2018.csv"
    out = gig("log", "import", "toggl", str(path), "--tz", "Europe/Oslo", "--dry-run").stdout
    assert "Times were read as Europe/Oslo time" in out
    assert "line 4 (09 Oct 2018 08:52–09:57) overlaps line 3 (09 Oct 2018 01:36–10:24)" in out
    message = error_line(gig("log", "import", "toggl", str(path), "--tz", "Europe/Oslo", code=1))
    assert "line 4 (09 Oct 2018 14:52–15:57) overlaps line 3 (09 Oct 2018 07:36–16:24)" in message
    out = gig("log", "import", "toggl", str(path), "--tz", "Europe/Oslo", "--allow-overlap").stdout
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    oslo = ZoneInfo("Europe/Oslo")

    def at(day: str, clock: str) -> int:
        return int(datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=oslo).timestamp())

    first = entries(gig_home)[0]
    assert first[0] == at(rows[0]["Start date"], rows[0]["Start time"])
    assert sum(e - s for s, e, _ in entries(gig_home)) == sum(
        at(r["End date"], r["End time"]) - at(r["Start date"], r["Start time"]) for r in rows
    )


def test_watson_log_json_is_read_as_the_same_frames(gig, gig_home, tmp_path):
    """`watson log --json` writes the frames as objects with ISO times in the local
    zone; they come in as the same frames (a second import of either adds nothing), and
    given to import toggl they are named."""
    frames = json.loads((DATA / "watson-frames-2020").read_text(encoding="utf-8"))
    helsinki = ZoneInfo("Europe/Helsinki")
    log = [
        {
            "id": f[3],
            "project": f[2],
            "start": datetime.fromtimestamp(f[0], helsinki).isoformat(),
            "stop": datetime.fromtimestamp(f[1], helsinki).isoformat(),
            "tags": f[4],
        }
        for f in frames
    ]
    path = tmp_path / "log.json"
    path.write_text(json.dumps(log, indent=4), encoding="utf-8")
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert "log.json is Watson's frames file, not what gig log import toggl reads" in message
    out = gig("log", "import", "watson", str(path), "--allow-overlap").stdout
    assert f"Added {len(frames)} entries" in out
    assert sum(e - s for s, e, _ in entries(gig_home)) == sum(f[1] - f[0] for f in frames)
    out = gig("log", "import", "watson", str(DATA / "watson-frames-2020")).stdout
    assert f"{len(frames)} already there" in out


# Two clients, one project name ------------------------------------------------------------------


def test_two_clients_projects_of_one_name_stay_apart(gig, gig_home, tmp_path):
    """Toggl lets Acme and Globex each have a Website; gig keeps one project of a name.
    Globex's hour once went into Acme's Website, billed at Acme's rate."""
    gig("client", "add", "Acme")
    gig("project", "add", "Website", "--client", "Acme")
    path = tmp_path / "toggl.csv"
    path.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount (USD)\n"
        "A,a@example.com,Acme,Website,,fix,Yes,2026-11-02,09:00:00,2026-11-02,10:00:00,"
        "01:00:00,,100.00\n"
        "A,a@example.com,Globex,Website,,fix,Yes,2026-11-02,11:00:00,2026-11-02,12:00:00,"
        "01:00:00,,50.00\n",
        encoding="utf-8",
    )
    out = gig("log", "import", "toggl", str(path)).stdout
    assert "Created 1 project: Website (Globex)." in out
    assert "Globex's project Website came in as 'Website (Globex)'" in out
    assert [e[2] for e in entries(gig_home)] == ["Website", "Website (Globex)"]
    projects = {p["name"]: p["client"] for p in gig.json("project", "list")}
    assert projects == {"Website": "Acme", "Website (Globex)": "Globex"}
    assert "2 already there" in gig("log", "import", "toggl", str(path)).stdout


def test_an_import_finds_a_project_named_in_another_case_beyond_ascii(gig, gig_home, tmp_path):
    gig("project", "add", "Café")
    path = tmp_path / "frames"
    path.write_text('[[1772460000, 1772463600, "CAFÉ", "a1", [], 1772463600]]', encoding="utf-8")
    out = gig("log", "import", "watson", str(path)).stdout
    assert "Added 1 entry" in out and "Created" not in out
    assert [p["name"] for p in gig.json("project", "list")] == ["Café"]


def test_a_duration_in_an_unknown_format_is_set_aside_when_start_and_end_are_there(
    gig, gig_home, tmp_path
):
    """Toggl writes Duration in the user's display format (the 12-hour file above shows
    it); one gig does not know (decimal hours here) no longer sinks rows whose start and
    end say everything."""
    path = tmp_path / "toggl.csv"
    with (DATA / "toggl-12h-2022.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["Duration"] = f"{_twelve_hour_duration(row['Duration']) / 3600:.2f}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = gig("log", "import", "toggl", str(path), "--allow-overlap").stdout
    assert f"Added {len(rows)} entries" in out
    assert "The Duration column was not read ('2.50' is not a duration" in out
    assert sum(e - s for s, e, _ in entries(gig_home)) == 6 * 3600 + 5 * 60
    path.write_text("Start date,Start time,Duration\n2022-01-19,09:30:01,2.50\n", encoding="utf-8")
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert "Duration '2.50' is not a duration like 01:30:00" in message


# Other tools' CSVs given to import toggl --------------------------------------------------------


def test_a_clockify_detailed_report_is_read_and_a_harvest_export_is_named(gig, gig_home):
    """Clockify's detailed report has Toggl's columns (Start Date, End Time, …) and is
    read; Harvest's export has a day and hours, no start, and was once called
    'Toggl's summary report'."""
    path = DATA / "clockify-2024.csv"
    out = gig("log", "import", "toggl", str(path)).stdout
    assert "Added 1 entry" in out and "line 2: zero length" in out
    [(start, end, project)] = entries(gig_home)
    assert start == int(datetime(2024, 3, 4, 10, 23, tzinfo=NY).timestamp())
    assert (end - start, project) == (3601, "Project for Big Company")
    message = error_line(gig("log", "import", "toggl", str(DATA / "harvest-2024.csv"), code=2))
    assert "harvest-2024.csv looks like Harvest's export (hours a day, no start or end)" in message
    assert "Toggl's summary" not in message


def test_a_project_whose_rows_all_say_not_billable_is_made_not_billable(gig, gig_home):
    """A freelancer's own month: every row No. The projects the import made were
    billable, so the next timer on them went into billable reports."""
    path = DATA / "toggl-not-billable-2017.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["Billable"] for r in rows} == {"No"}
    out = gig("log", "import", "toggl", str(path)).stdout
    made = sorted({r["Project"] for r in rows})
    assert f"Not billable, as every row of theirs in the file: {', '.join(made)}." in out
    assert {p["name"]: p["billable"] for p in gig.json("project", "list")} == dict.fromkeys(
        made, False
    )
    gig("log", "start", made[0])
    assert gig.json("log", "list", "--from", "2026-11-25")[-1]["billable"] is False


# A real Timewarrior month -----------------------------------------------------------------------


def test_a_real_timewarrior_month(gig, gig_home, tmp_path):
    """Someone's March 2018 moved from Watson to Timewarrior: tags such as
    `[Project: C15]` and `Study.Algorithms`, a zero-length interval, and
    the interval still running at the end."""
    folder = tmp_path / "timewarrior" / "data"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "timew-2018-03.data", folder / "2018-03.data")
    lines = (folder / "2018-03.data").read_text(encoding="utf-8").splitlines()
    spans = []
    for line in lines:
        words = line.split()
        if len(words) > 3 and words[2] == "-":
            start, end = (
                int(datetime.strptime(w, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())
                for w in (words[1], words[3])
            )
            spans.append(end - start)
    timed = [s for s in spans if s > 0]
    out = gig("log", "import", "timew", str(folder.parent)).stdout
    assert f"Added {len(timed)} entries" in out and "2 skipped" in out
    assert "line 10: zero length" in out and "line 14: still running in Timewarrior" in out
    assert f"{len(timed)} intervals had no tag naming a project" in out
    assert sum(e - s for s, e, _ in entries(gig_home)) == sum(timed)


def test_project_tag_brackets_are_literal(gig, gig_home, tmp_path):
    """`--project-tag '[Project: *]'` was read as a set of characters and matched none
    of the tags it was written for."""
    folder = tmp_path / "timewarrior" / "data"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "timew-2018-03.data", folder / "2018-03.data")
    gig("log", "import", "timew", str(folder.parent), "--project-tag", "[Project: *]")
    projects = {p for _, _, p in entries(gig_home)}
    assert "[Project: Make Special Tag]" in projects and "[Project: C15]" in projects
    assert None in projects  # Meta "Migrate from watson to timew" has no such tag


def test_entries_longer_than_a_day_are_named_in_the_summary(gig, gig_home, tmp_path):
    """Someone's Timewarrior autumn, untagged: one interval runs 14 Sep to 16 Oct (774
    hours, a timer never stopped) and two more pass midnight for days. They came in
    without a word, ready to be billed."""
    folder = tmp_path / "timewarrior" / "data"
    shutil.copytree(DATA / "timew-2023", folder)
    out = gig("log", "import", "timew", str(folder.parent)).stdout
    assert (
        "3 entries last more than a day, the longest 774 hours (2023-09.data line 1, from "
        "14 Sep 2023 10:18): a timer left running? Check before billing." in out
    )
    assert "2023-10.data line 7: still running in Timewarrior" in out


def test_a_watson_id_seen_twice_with_other_times_is_not_passed_off_as_imported(
    gig, gig_home, tmp_path
):
    """Two copies of a frames file merged by a sync tool: the same id with another stop.
    The second frame was counted as already there and its time silently dropped."""
    frames = json.loads((DATA / "watson-frames-2019").read_text(encoding="utf-8"))
    changed = [*frames[0][:1], frames[0][1] + 600, *frames[0][2:]]
    path = tmp_path / "frames"
    path.write_text(json.dumps([*frames, changed], indent=1), encoding="utf-8")
    message = error_line(gig("log", "import", "watson", str(path), code=2))
    assert f"(frame {len(frames) + 1}): its id is also frame 1's, with other times" in message
    out = gig("log", "import", "watson", str(path), "--skip-bad").stdout
    assert f"Added {len(frames)} entries" in out and "1 skipped" in out
    assert sum(e - s for s, e, _ in entries(gig_home)) == sum(f[1] - f[0] for f in frames)
