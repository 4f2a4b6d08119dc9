"""`gig log` through the CLI: the timer, manual entries, the list and edits.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import csv
import io

import pytest

JSON_KEYS = {
    "id", "project", "client", "description", "tags", "start", "end",
    "duration_seconds", "billable",
}


def error_line(result) -> str:
    """The one `Error: …` line a refused or bad command must print, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def all_entries(gig) -> list[dict]:
    return gig.json("log", "list", "--from", "2026-01-01")


def by_description(gig) -> dict[str, dict]:
    return {e["description"]: e for e in all_entries(gig)}


# --- start ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ["acme", "API", "review", "+call", "+urgent"],
        ["acme", "API review", "+call", "+urgent"],
        ["+call", "acme", "API", "+urgent", "review"],
    ],
    ids=["words", "quoted", "tags-anywhere"],
)
def test_start_reads_project_description_and_tags(gig, words):
    out = gig("log", "start", *words).stdout

    assert "Created project 'acme'." in out
    assert 'Started #1 acme "API review" +call +urgent at 14:30 today.' in out
    entry = gig.json("log", "status")
    assert entry["project"] == "acme"
    assert entry["description"] == "API review"
    assert entry["tags"] == ["call", "urgent"]
    assert entry["start"] == "2026-11-25T14:30:00-05:00"
    assert entry["end"] is None


def test_start_on_existing_project_does_not_claim_to_create_it(gig):
    gig("project", "add", "acme")
    out = gig("log", "start", "acme").stdout
    assert "Created project" not in out
    assert "Started #1 acme at 14:30 today." in out


@pytest.mark.parametrize(
    ("at", "start"),
    [
        ("9:15", "2026-11-25T09:15:00-05:00"),
        ("-30m", "2026-11-25T14:00:00-05:00"),
        ("2h ago", "2026-11-25T12:30:00-05:00"),
        ("yesterday 3pm", "2026-11-24T15:00:00-05:00"),
    ],
)
def test_start_at_a_given_time(gig, at, start):
    gig("log", "start", "acme", "--at", at)
    assert gig.json("log", "status")["start"] == start


@pytest.mark.parametrize(
    ("first_at", "second_at", "instant", "said"),
    [
        (None, None, "2026-11-25T15:15:00-05:00", "Stopped #1 acme at 15:15 today (45m)."),
        ("9:00", "10:15", "2026-11-25T10:15:00-05:00", "Stopped #1 acme at 10:15 today (1h 15m)."),
    ],
    ids=["now", "at-10:15"],
)
def test_start_while_running_stops_the_running_one_at_the_same_instant(
    gig, clock, first_at, second_at, instant, said
):
    gig("log", "start", "acme", *(["--at", first_at] if first_at else []))
    clock.advance(minutes=45)
    out = gig("log", "start", "beta", *(["--at", second_at] if second_at else [])).stdout

    assert said in out
    assert "Started #2 beta" in out
    first, second = all_entries(gig)
    assert first["end"] == instant
    assert second["start"] == instant
    assert second["end"] is None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["acme", "--at", "16:00"], 1, "is in the future"),
        (["acme", "--at", "soonish"], 2, "'soonish' is not a time"),
        (["acme", "--at", "25:00"], 2, "hours go from 0 to 23"),
        (["+"], 2, "cannot start with '+'"),
    ],
)
def test_start_bad_input(gig, args, code, message):
    result = gig("log", "start", *args, code=code)
    assert message in error_line(result)
    assert gig.json("log", "status") is None


def test_start_before_the_running_timer_started_is_refused(gig):
    gig("log", "start", "acme", "--at", "10:00")
    message = error_line(gig("log", "start", "beta", "--at", "9:00", code=1))
    assert "before it started" in message
    assert gig.json("log", "status")["project"] == "acme"
    assert len(all_entries(gig)) == 1


# --- stop, status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "end", "said"),
    [
        ([], "2026-11-25T16:00:00-05:00", "Stopped #1 acme at 16:00 today (1h 30m)."),
        (["--at", "15:00"], "2026-11-25T15:00:00-05:00", "Stopped #1 acme at 15:00 today (30m)."),
        (["--at", "-10m"], "2026-11-25T15:50:00-05:00", "(1h 20m)"),
    ],
)
def test_stop(gig, clock, extra, end, said):
    gig("log", "start", "acme")
    clock.advance(minutes=90)
    assert said in gig("log", "stop", *extra).stdout
    assert gig.json("log", "status") is None
    [entry] = all_entries(gig)
    assert entry["end"] == end


def test_stop_json_returns_the_stopped_entry(gig, clock):
    gig("log", "start", "acme")
    clock.advance(hours=1)
    entry = gig.json("log", "stop")
    assert set(entry) == JSON_KEYS
    assert entry["end"] == "2026-11-25T15:30:00-05:00"
    assert entry["duration_seconds"] == 3600


@pytest.mark.parametrize(
    ("running_since", "args", "message"),
    [
        (None, [], "no timer is running"),
        (None, ["--at", "13:00"], "no timer is running"),
        ("14:00", ["--at", "13:00"], "before it started"),
        ("14:00", ["--at", "15:00"], "in the future"),
        ("14:00", ["--at", "whenever"], "'whenever' is not a time"),
    ],
)
def test_stop_refused(gig, running_since, args, message):
    if running_since:
        gig("log", "start", "acme", "--at", running_since)
    code = 2 if "not a time" in message else 1
    assert message in error_line(gig("log", "stop", *args, code=code))
    status = gig.json("log", "status")
    assert (status is not None) == bool(running_since)  # a running timer keeps running


def test_status_text(gig, clock):
    assert "No timer running. Start one with: gig log start" in gig("log", "status").stdout
    gig("log", "start", "acme", "API review")
    clock.advance(minutes=30)
    assert 'Running: #1 acme "API review" since 14:30 today (30m).' in gig("log", "status").stdout
    gig("log", "stop")
    out = gig("log", "status").stdout
    assert 'No timer running. Last: #1 acme "API review", stopped 15:00 today.' in out


def test_status_json(gig, clock):
    assert gig("log", "status", "--json").stdout.strip() == "null"
    gig("log", "start", "acme", "+call")
    clock.advance(minutes=20)
    entry = gig.json("log", "status")
    assert set(entry) == JSON_KEYS
    assert entry["id"] == 1
    assert entry["end"] is None
    assert entry["duration_seconds"] == 20 * 60
    assert entry["tags"] == ["call"]


# --- continue, cancel -------------------------------------------------------------------------


def test_continue_restarts_the_last_entry(gig):
    gig("log", "add", "acme", "9-10", "API review", "+call")
    gig("log", "add", "beta", "10-11", "docs")
    out = gig("log", "continue").stdout
    assert 'Started #3 beta "docs" at 14:30 today.' in out
    current = gig.json("log", "status")
    assert (current["project"], current["description"], current["end"]) == ("beta", "docs", None)


def test_continue_by_id_keeps_project_description_and_tags(gig):
    gig("log", "add", "acme", "9-10", "API review", "+call")
    gig("log", "add", "beta", "10-11", "docs")
    gig("log", "continue", "1", "--at", "13:00")
    current = gig.json("log", "status")
    assert current["project"] == "acme"
    assert current["description"] == "API review"
    assert current["tags"] == ["call"]
    assert current["start"] == "2026-11-25T13:00:00-05:00"


@pytest.mark.parametrize(
    ("setup", "args", "code", "message"),
    [
        ([], [], 1, "nothing to continue"),
        ([["log", "start", "acme"]], [], 1, "still running"),
        ([["log", "add", "acme", "9-10"]], ["99"], 2, "no time entry #99"),
    ],
    ids=["empty", "running", "unknown-id"],
)
def test_continue_refused(gig, setup, args, code, message):
    for command in setup:
        gig(*command)
    assert message in error_line(gig("log", "continue", *args, code=code))


@pytest.mark.parametrize(
    ("args", "answer", "code", "kept"),
    [
        (["--yes"], None, 0, False),
        ([], "y\n", 0, False),
        ([], "n\n", 1, True),
        ([], "\n", 1, True),
    ],
    ids=["yes-flag", "answer-y", "answer-n", "default-no"],
)
def test_cancel_asks_first(gig, args, answer, code, kept):
    gig("log", "start", "acme", "API review")
    result = gig("log", "cancel", *args, input=answer, code=code)
    if answer is not None:
        assert "Discard #1 acme" in result.stdout  # the question
    if kept:
        assert "Nothing changed" in result.stderr
        assert gig.json("log", "status")["id"] == 1
    else:
        assert 'Discarded #1 acme "API review".' in result.stdout
        assert gig.json("log", "status") is None
        assert all_entries(gig) == []


def test_cancel_with_nothing_running_is_refused(gig):
    assert "nothing to cancel" in error_line(gig("log", "cancel", "--yes", code=1))


# --- add ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start", "end", "seconds"),
    [
        (["9-11:30"], "2026-11-25T09:00:00-05:00", "2026-11-25T11:30:00-05:00", 9000),
        (["9-11:30", "--date", "yesterday"],
         "2026-11-24T09:00:00-05:00", "2026-11-24T11:30:00-05:00", 9000),
        (["9am-1pm", "--date", "mon"],
         "2026-11-23T09:00:00-05:00", "2026-11-23T13:00:00-05:00", 14400),
        (["--start", "9:00", "--end", "10:30"],
         "2026-11-25T09:00:00-05:00", "2026-11-25T10:30:00-05:00", 5400),
        (["--start", "9", "--duration", "90m"],
         "2026-11-25T09:00:00-05:00", "2026-11-25T10:30:00-05:00", 5400),
        (["--end", "12:00", "--duration", "1h", "--date", "2026-11-20"],
         "2026-11-20T11:00:00-05:00", "2026-11-20T12:00:00-05:00", 3600),
        (["--duration", "1h30m"], "2026-11-25T13:00:00-05:00", "2026-11-25T14:30:00-05:00", 5400),
        (["22:00-01:00", "--date", "yesterday"],
         "2026-11-24T22:00:00-05:00", "2026-11-25T01:00:00-05:00", 10800),
        (["--start", "22:00", "--end", "1:00", "--date", "yesterday"],
         "2026-11-24T22:00:00-05:00", "2026-11-25T01:00:00-05:00", 10800),
    ],
    ids=["range", "yesterday", "ampm-monday", "start-end", "start-duration",
         "end-duration-date", "duration-ends-now", "range-past-midnight",
         "options-past-midnight"],
)
def test_add(gig, args, start, end, seconds):
    gig("log", "add", "acme", *args)
    [entry] = all_entries(gig)
    assert (entry["start"], entry["end"], entry["duration_seconds"]) == (start, end, seconds)
    assert entry["project"] == "acme"


def test_add_reports_what_it_added(gig):
    out = gig("log", "add", "acme", "9-11:30", "API", "review", "+call").stdout
    assert "Created project 'acme'." in out
    assert 'Added #1 acme "API review" +call: 09:00 today to 11:30 today (2h 30m).' in out
    out = gig("log", "add", "acme", "12-13", "--date", "yesterday", "--no-billable").stdout
    assert "Created project" not in out
    assert "Added #2 acme: 12:00 yesterday to 13:00 yesterday (1h 00m)." in out
    assert [e["billable"] for e in all_entries(gig)] == [False, True]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "say which project"),
        (["acme"], 2, "say when"),
        (["acme", "9-11", "--start", "9"], 2, "either a range like 9-11:30 or --start"),
        (["acme", "--start", "9", "--end", "10", "--duration", "1h"], 2, "not all three"),
        (["acme", "--start", "9", "--duration", "0m"], 2, "more than zero"),
        (["acme", "--start", "9", "--duration", "a while"], 2, "is not a duration"),
        (["acme", "--duration", "1h", "--date", "2026-11-20"], 2, "give --start or --end"),
        (["acme", "9-11", "--date", "someday"], 2, "'someday' is not a day"),
        (["acme", "9-9"], 2, "empty range"),
        (["acme", "2:30-4", "--date", "2026-03-08"], 2, "does not exist in America/New_York"),
        (["acme", "15-16"], 1, "in the future"),
    ],
)
def test_add_bad_input(gig, args, code, message):
    assert message in error_line(gig("log", "add", *args, code=code))
    assert all_entries(gig) == []


# --- overlap -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["log", "add", "beta", "10-12"],
        ["log", "add", "beta", "8-9:30"],
        ["log", "start", "beta", "--at", "10:30"],
    ],
    ids=["add-after", "add-before", "start"],
)
def test_overlap_is_refused_naming_the_other_entry_unless_allowed(gig, command):
    gig("log", "add", "acme", "9-11", "API review")

    message = error_line(gig(*command, code=1))
    assert '#1 acme "API review" 09:00–11:00 Wed 25 Nov 2026' in message
    assert "--allow-overlap" in message
    assert len(all_entries(gig)) == 1

    gig(*command, "--allow-overlap")
    assert len(all_entries(gig)) == 2


def test_touching_entries_do_not_overlap(gig):
    gig("log", "add", "acme", "9-10")
    gig("log", "add", "beta", "10-11")
    gig("log", "start", "gamma", "--at", "11:00")
    assert len(all_entries(gig)) == 3


# --- list --------------------------------------------------------------------------------------

# One hour at 9:00 on each of these days, described by the day.
DAYS = {
    "oct30": "2026-10-30",
    "nov02": "2026-11-02",
    "nov19": "2026-11-19",  # Thursday last week
    "nov22": "2026-11-22",  # Sunday: last week from Monday, this week from Sunday
    "nov23": "2026-11-23",  # Monday this week
    "nov24": "2026-11-24",  # yesterday
    "nov25": "2026-11-25",  # today
}


@pytest.fixture
def spread(gig):
    for name, day in DAYS.items():
        gig("log", "add", "acme", "9-10", name, "--date", day)
    return gig


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["nov23", "nov24", "nov25"]),
        (["--week"], ["nov23", "nov24", "nov25"]),
        (["--today"], ["nov25"]),
        (["--yesterday"], ["nov24"]),
        (["--last-week"], ["nov19", "nov22"]),
        (["--month"], ["nov02", "nov19", "nov22", "nov23", "nov24", "nov25"]),
        (["--from", "2026-11-19", "--to", "2026-11-23"], ["nov19", "nov22", "nov23"]),
        (["--from", "2026-10-30", "--to", "2026-10-30"], ["oct30"]),
        (["--from", "mon"], ["nov23", "nov24", "nov25"]),
        (["--to", "2026-11-02"], ["oct30", "nov02"]),
    ],
)
def test_list_periods(spread, args, expected):
    assert [e["description"] for e in spread.json("log", "list", *args)] == expected


def test_list_week_follows_the_week_start_setting(spread):
    spread("config", "set", "week-start", "sunday")
    assert [e["description"] for e in spread.json("log", "list", "--week")] == [
        "nov22", "nov23", "nov24", "nov25"]
    assert [e["description"] for e in spread.json("log", "list", "--last-week")] == ["nov19"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "--week"], "choose one period"),
        (["--month", "--from", "2026-11-01"], "choose one period"),
        (["--from", "2026-11-25", "--to", "2026-11-20"], "before it starts"),
        (["--from", "someday"], "'someday' is not a day"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_list_bad_options(gig, args, message):
    assert message in error_line(gig("log", "list", *args, code=2))


@pytest.fixture
def two_clients(gig):
    gig("client", "add", "Acme Corp")
    gig("client", "add", "Beta Inc")
    gig("project", "add", "acme", "--client", "Acme Corp")
    gig("project", "add", "beta", "--client", "Beta Inc")
    gig("log", "add", "acme", "8-9", "a1", "+call")
    gig("log", "add", "beta", "9-10", "b1", "+call", "+review")
    gig("log", "add", "acme", "10-11", "a2")
    gig("log", "add", "beta", "11-12", "b2", "+review")
    return gig


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--project", "acme"], ["a1", "a2"]),
        (["-p", "beta"], ["b1", "b2"]),
        (["--client", "Beta Inc"], ["b1", "b2"]),
        (["--tag", "call"], ["a1", "b1"]),
        (["--tag", "review", "--client", "Beta Inc"], ["b1", "b2"]),
        (["--tag", "call", "--project", "beta"], ["b1"]),
    ],
)
def test_list_filters(two_clients, args, expected):
    found = two_clients.json("log", "list", "--today", *args)
    assert [e["description"] for e in found] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "nope"], "no project named 'nope'"),
        (["--client", "nope"], "no client named 'nope'"),
        (["--tag", "nope"], "no tag named 'nope'"),
    ],
)
def test_list_unknown_filter(two_clients, args, message):
    assert message in error_line(two_clients("log", "list", *args, code=2))


def test_list_json_contract(two_clients, clock):
    two_clients("log", "start", "acme", "live", "--no-billable")
    clock.advance(minutes=15)
    found = two_clients.json("log", "list", "--today")

    assert isinstance(found, list) and len(found) == 5
    for entry in found:
        assert set(entry) == JSON_KEYS
    assert found[1] == {
        "id": 2,
        "project": "beta",
        "client": "Beta Inc",
        "description": "b1",
        "tags": ["call", "review"],
        "start": "2026-11-25T09:00:00-05:00",
        "end": "2026-11-25T10:00:00-05:00",
        "duration_seconds": 3600,
        "billable": True,
    }
    live = found[-1]
    assert live["end"] is None
    assert live["start"] == "2026-11-25T14:30:00-05:00"
    assert live["duration_seconds"] == 15 * 60
    assert live["billable"] is False


def test_list_csv(two_clients):
    two_clients("log", "start", "acme", "live")
    text = two_clients("log", "list", "--today", "--csv").stdout
    assert text.splitlines()[0] == (
        "id,project,client,description,tags,start,end,duration_seconds,billable"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    assert rows[1] == {
        "id": "2", "project": "beta", "client": "Beta Inc", "description": "b1",
        "tags": "call,review", "start": "2026-11-25T09:00:00-05:00",
        "end": "2026-11-25T10:00:00-05:00", "duration_seconds": "3600", "billable": "true",
    }
    assert rows[-1]["end"] == ""
    assert rows[-1]["duration_seconds"] == "0"


def test_list_table_and_empty_message(gig):
    assert "No entries this week." in gig("log", "list").stdout
    assert "No entries yesterday." in gig("log", "list", "--yesterday").stdout
    gig("log", "add", "acme", "9-10:30", "review", "+call")
    gig("log", "add", "beta", "11-12", "--date", "yesterday")
    out = gig("log", "list").stdout
    assert "This week" in out
    for text in ("acme", "beta", "review", "+call", "09:00", "10:30", "Total", "2h 30m",
                 "2 entries"):
        assert text in out


# --- edit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "field", "value"),
    [
        (["--project", "beta"], "project", "beta"),
        (["-m", "new words"], "description", "new words"),
        (["--start", "8:30"], "start", "2026-11-24T08:30:00-05:00"),
        (["--end", "12:15"], "end", "2026-11-24T12:15:00-05:00"),
        (["--tag", "review", "--untag", "call"], "tags", ["review", "urgent"]),
        (["--tag", "+Deep", "--tag", "review"], "tags", ["call", "Deep", "review", "urgent"]),
        (["--no-billable"], "billable", False),
    ],
)
def test_edit(gig, args, field, value):
    gig("log", "add", "acme", "9-11", "API review", "+call", "+urgent", "--date", "yesterday")
    before = all_entries(gig)[0]

    out = gig("log", "edit", "1", *args).stdout
    assert "Updated #1 " in out
    assert ("Created project 'beta'." in out) == (field == "project")

    after = all_entries(gig)[0]
    assert after[field] == value
    unchanged = {k for k in JSON_KEYS if k not in {field, "duration_seconds"}}
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}


def test_edit_end_stops_a_running_entry(gig):
    gig("log", "start", "acme", "--at", "13:00")
    out = gig("log", "edit", "1", "--end", "14:00").stdout
    assert "Updated #1 acme: 13:00 today to 14:00 today (1h 00m)." in out
    assert gig.json("log", "status") is None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["99", "-m", "x"], 2, "no time entry #99"),
        (["1", "--start", "11:30"], 2, "the end must come after the start"),
        (["1", "--start", "9:00:00pm"], 1, "in the future"),
        (["1", "--start", "later"], 2, "'later' is not a time"),
        (["1", "--start", "8:00"], 1, "overlap #2 beta"),
        (["1", "--tag", "+"], 2, "an empty tag"),
    ],
)
def test_edit_refused(gig, args, code, message):
    gig("log", "add", "acme", "9-11", "first")
    gig("log", "add", "beta", "7-8:30")
    before = all_entries(gig)
    assert message in error_line(gig("log", "edit", *args, code=code))
    assert all_entries(gig) == before


# --- delete ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "answer", "code", "kept"),
    [
        (["--yes"], None, 0, False),
        (["-y"], None, 0, False),
        ([], "y\n", 0, False),
        ([], "n\n", 1, True),
    ],
)
def test_delete_asks_first(gig, args, answer, code, kept):
    gig("log", "add", "acme", "9-10", "API review")
    result = gig("log", "delete", "1", *args, input=answer, code=code)
    if answer is not None:
        assert 'Delete #1 acme "API review" 09:00–10:00 Wed 25 Nov 2026?' in result.stdout
    if kept:
        assert "Nothing changed" in result.stderr
        assert len(all_entries(gig)) == 1
    else:
        assert 'Deleted #1 acme "API review" 09:00–10:00 Wed 25 Nov 2026.' in result.stdout
        assert all_entries(gig) == []


def test_delete_unknown_entry(gig):
    assert "no time entry #7" in error_line(gig("log", "delete", "7", "--yes", code=2))


# --- `gig log` alone ---------------------------------------------------------------------------


def test_log_alone_shows_timer_today_and_total(gig, clock):
    gig("log", "add", "acme", "9-11", "review")
    gig("log", "add", "old", "9-17", "--date", "yesterday")
    gig("log", "start", "beta", "--at", "13:00")
    clock.advance(minutes=30)

    out = gig("log").stdout
    assert "Running: #3 beta since 13:00 today (2h 00m)." in out
    assert "Today, Wed 25 Nov 2026" in out
    assert "review" in out and "running" in out
    assert "old" not in out  # yesterday's entry
    assert "Total" in out and "4h 00m" in out
    assert "2 entries" in out


def test_log_alone_when_idle_and_empty(gig):
    out = gig("log").stdout
    assert "No timer running." in out
    assert "Nothing tracked today yet" in out


# --- time zones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "day", "seconds", "start", "end"),
    [
        ("1-4", "2026-03-08", 2 * 3600, "2026-03-08T01:00:00-05:00", "2026-03-08T04:00:00-04:00"),
        ("0-3", "2026-11-01", 4 * 3600, "2026-11-01T00:00:00-04:00", "2026-11-01T03:00:00-05:00"),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_duration_across_a_dst_change(gig, span, day, seconds, start, end):
    out = gig("log", "add", "x", span, "--date", day).stdout
    hours = seconds // 3600
    assert f"({hours}h 00m)" in out
    [entry] = gig.json("log", "list", "--from", day, "--to", day)
    assert entry["duration_seconds"] == seconds
    assert (entry["start"], entry["end"]) == (start, end)


def test_times_are_shown_in_the_tz_of_the_reader(gig, monkeypatch):
    gig("log", "add", "acme", "9-10")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    [entry] = gig.json("log", "list", "--from", "2026-11-25")
    assert entry["start"] == "2026-11-25T15:00:00+01:00"
    assert entry["end"] == "2026-11-25T16:00:00+01:00"


def test_starting_on_a_client_name_files_the_new_project_under_that_client(gig) -> None:
    gig("client", "add", "Acme")
    out = gig("log", "start", "acme", "kickoff").stdout
    assert "Created project 'acme' for client 'Acme'." in out
    assert gig.json("log", "status")["client"] == "Acme"


def test_cancel_discards_only_the_timer_that_was_confirmed(gig, clock) -> None:
    from gigtool.database import open_db
    from gigtool.errors import Refused
    from gigtool.store.home import data_home
    from gigtool.tracking import entries as tracking
    from gigtool.tracking import timer

    gig("log", "start", "first")
    gig("log", "start", "second")  # another terminal switched timers after the question
    conn = open_db(data_home())
    first_id = 1
    try:
        timer.cancel_timer(conn, first_id)
    except Refused as exc:
        assert "changed meanwhile" in str(exc)
    else:
        raise AssertionError("cancelled the wrong timer")
    assert tracking.running(conn).project == "second"


def test_continue_zero_is_not_the_last_entry(gig) -> None:
    gig("log", "add", "acme", "9-10")
    assert "no time entry #0" in gig("log", "continue", "0", code=2).stderr


def test_log_alone_counts_only_todays_part_of_an_entry_from_last_night(gig) -> None:
    gig("log", "add", "acme", "22:00-01:00", "deploy", "--date", "yesterday")
    gig("log", "add", "acme", "9-10")
    out = gig("log").stdout
    assert "deploy" in out and "Total  2h 00m" in out
    assert "only the part of each entry within today" in out
    # The morning view and the report agree on today's two hours.
    assert "2h 00m of 8h 00m" in gig().stdout


def test_list_shows_user_text_as_written_not_as_markup(gig) -> None:
    gig("log", "add", "acme", "9-10", "[b]fix[/b]", "--date", "yesterday")
    shown = gig("log", "list", "--yesterday").stdout
    assert "[b]fix[/b]" in shown


def test_add_on_a_task_takes_its_project_and_counts_toward_it(gig) -> None:
    gig("client", "add", "Acme")
    gig("project", "add", "acme-api", "--client", "Acme")
    gig("task", "add", "API review", "-p", "acme-api", "-e", "2h", "-i")
    out = gig("log", "add", "--task", "1", "9-10:30", "--date", "yesterday").stdout
    assert 'Added #1 acme-api "API review": 09:00 yesterday to 10:30 yesterday' in out
    gig("log", "add", "--task", "1", "11-11:30", "notes", "--date", "yesterday")
    entries = gig.json("log", "list", "--yesterday")
    assert [(e["project"], e["client"], e["description"]) for e in entries] == [
        ("acme-api", "Acme", "API review"),
        ("acme-api", "Acme", "notes"),
    ]
    assert gig.json("task", "show", "1")["tracked_seconds"] == 7200


def test_add_on_an_unknown_task_is_refused_and_adds_nothing(gig) -> None:
    result = gig("log", "add", "--task", "9", "9-10", "--date", "yesterday", code=2)
    assert result.stderr == "Error: no task #9; see `gig task list`\n"
    assert gig.json("log", "list", "--yesterday") == []


def test_a_comma_in_a_tag_makes_two_tags_as_in_toggl(gig) -> None:
    gig("log", "add", "acme", "9-10", "+call,urgent", "+Call", "--date", "yesterday")
    assert gig.json("log", "list", "--yesterday")[0]["tags"] == ["call", "urgent"]
    gig("log", "add", "acme", "10-11", "+a,", "--date", "yesterday", code=2)
