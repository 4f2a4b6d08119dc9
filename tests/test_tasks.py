"""The task domain: the urgent/important matrix, repeats, deferral and history.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigtool.database import open_db
from gigtool.errors import InputError, NotFound, Refused
from gigtool.tasks import core as tasks

TODAY = date(2026, 11, 25)
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def conn(gig_home):
    connection = open_db(gig_home)
    yield connection
    connection.close()


# --- the matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "flag", "window", "urgent"),
    [
        (TODAY, False, 3, True),  # due today
        (TODAY + timedelta(days=1), False, 3, True),  # tomorrow
        (TODAY + timedelta(days=3), False, 3, True),  # exactly the window
        (TODAY + timedelta(days=4), False, 3, False),  # one day past it
        (TODAY - timedelta(days=1), False, 3, True),  # overdue
        (TODAY - timedelta(days=400), False, 3, True),  # long overdue
        (None, False, 3, False),  # no due date
        (None, True, 3, True),  # flagged by hand
        (TODAY + timedelta(days=30), True, 3, True),
        (TODAY + timedelta(days=1), False, 0, False),  # window 0: only today and before
        (TODAY, False, 0, True),
    ],
    ids=[
        "today",
        "tomorrow",
        "window-edge",
        "past-window",
        "overdue",
        "long-overdue",
        "no-date",
        "flagged",
        "flagged-far",
        "window0-tomorrow",
        "window0-today",
    ],
)
def test_urgency_around_the_window(due, flag, window, urgent):
    assert tasks.is_urgent(due, flag, TODAY, window) is urgent


@pytest.mark.parametrize(
    ("important", "urgent", "quadrant"),
    [
        (True, True, "do-first"),
        (True, False, "schedule"),
        (False, True, "delegate"),
        (False, False, "drop"),
    ],
)
def test_quadrants(important, urgent, quadrant):
    assert tasks.quadrant_of(important, urgent) == quadrant


@pytest.mark.parametrize(
    ("kwargs", "quadrant"),
    [
        ({"important": True, "due": TODAY + timedelta(days=3)}, "do-first"),
        ({"important": True, "due": TODAY + timedelta(days=4)}, "schedule"),
        ({"rank": "a"}, "schedule"),
        ({"rank": "B", "urgent": True}, "do-first"),
        ({"rank": "D", "due": TODAY}, "delegate"),
        ({"rank": "E"}, "drop"),
        ({"important": False}, "drop"),
        ({"due": TODAY}, "untriaged"),
    ],
)
def test_stored_tasks_land_in_their_quadrant(conn, clock, kwargs, quadrant):
    task = tasks.add_task(conn, clock, "Write the proposal", **kwargs).task
    assert task.quadrant(TODAY, 3) == quadrant


def test_rank_and_importance_must_agree(conn, clock):
    with pytest.raises(InputError, match="rank C means not important"):
        tasks.add_task(conn, clock, "x", important=True, rank="C")
    with pytest.raises(InputError, match="is not a rank"):
        tasks.add_task(conn, clock, "x", rank="F")


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_a_task_needs_a_title(conn, clock, title):
    with pytest.raises(InputError, match="a task needs a title"):
        tasks.add_task(conn, clock, title)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("banana", "is not a duration"),
        ("5", "add a unit"),
        ("0m", "more than zero"),
        ("-1h", "cannot be negative"),
        ("2000h", "too long"),
    ],
)
def test_nonsense_estimates(text, message):
    with pytest.raises(InputError, match=message):
        tasks.parse_estimate(text)


@pytest.mark.parametrize(("text", "seconds"), [("5m", 300), ("1h30m", 5400), ("1.5h", 5400)])
def test_estimates(text, seconds):
    assert tasks.parse_estimate(text) == seconds


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        (TODAY, "today"),
        (TODAY + timedelta(days=1), "tomorrow"),
        (TODAY + timedelta(days=2), "Fri (2d)"),
        (TODAY + timedelta(days=12), "Mon 7 Dec (12d)"),
        (TODAY + timedelta(days=40), "Mon 4 Jan 2027 (40d)"),
        (TODAY - timedelta(days=3), "3d overdue"),
        (None, ""),
    ],
)
def test_due_dates_are_shown_relative_to_today(due, shown):
    assert tasks.relative_due(due, TODAY) == shown


# --- repeats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "rule", "described"),
    [
        ("week", TODAY, "1 week on wed", "every week on Wed"),
        ("weekly", date(2026, 11, 27), "1 week on fri", "every week on Fri"),
        ("week on mon,thu", TODAY, "1 week on mon,thu", "every week on Mon, Thu"),
        ("thu and mon", TODAY, "1 week on mon,thu", "every week on Mon, Thu"),
        ("friday", TODAY, "1 week on fri", "every week on Fri"),
        ("2 weeks", TODAY, "2 week on wed", "every 2 weeks on Wed"),
        ("weekday", TODAY, "1 weekday", "every weekday"),
        ("day", TODAY, "1 day", "every day"),
        ("month on 1", TODAY, "1 month on 1", "every month on the 1st"),
        ("month on the 22nd", TODAY, "1 month on 22", "every month on the 22nd"),
        ("month", date(2026, 1, 31), "1 month on 31", "every month on the 31st"),
        ("month on last", TODAY, "1 month on last", "every month on the last day"),
        ("3 months on 15", TODAY, "3 month on 15", "every 3 months on the 15th"),
        ("year", TODAY, "1 year on 11-25", "every year on 25 Nov"),
        ("year on feb 29", TODAY, "1 year on 2-29", "every year on 29 Feb"),
    ],
)
def test_repeats_are_read_and_described(text, anchor, rule, described):
    assert tasks.parse_every(text, anchor) == rule
    assert tasks.describe_every(rule) == described


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fortnightish", "is not a repeat"),
        ("month on 32", "days 1 to 31"),
        ("weekday on mon", "is not a repeat"),
        ("0 days", "1 to 99"),
        ("week on funday", "is not a repeat"),
        ("year on feb 30", "not a day of the year"),
        ("", "is not a repeat"),
    ],
)
def test_nonsense_repeats(text, message):
    with pytest.raises(InputError, match=message):
        tasks.parse_every(text, TODAY)


def _chain(rule: str, due: date, count: int) -> list[date]:
    """Due dates of successive occurrences, each done on its due day."""
    days = []
    for _ in range(count):
        due = tasks.next_due(rule, due, due)
        days.append(due)
    return days


def test_monthly_on_the_31st_falls_back_to_the_last_day_and_does_not_drift():
    assert _chain("1 month on 31", date(2027, 1, 31), 4) == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]


def test_monthly_on_the_30th_across_a_leap_february():
    assert _chain("1 month on 30", date(2028, 1, 30), 2) == [date(2028, 2, 29), date(2028, 3, 30)]


def test_month_end_rolls_over_the_year():
    assert _chain("1 month on last", date(2026, 11, 30), 3) == [
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
    ]


def test_yearly_on_29_february():
    assert _chain("1 year on 2-29", date(2028, 2, 29), 4) == [
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]


def test_weekday_skips_the_weekend():
    assert _chain("1 weekday", date(2026, 11, 27), 2) == [date(2026, 11, 30), date(2026, 12, 1)]


@pytest.mark.parametrize(
    ("rule", "due", "next_"),
    [
        # Across the end of DST (Sun 1 Nov 2026) and its start (Sun 14 Mar 2027): days, not hours.
        ("1 week on sun", date(2026, 11, 1), date(2026, 11, 8)),
        ("1 week on sun", date(2026, 10, 25), date(2026, 11, 1)),
        ("1 day", date(2027, 3, 13), date(2027, 3, 14)),
        ("1 day", date(2027, 3, 14), date(2027, 3, 15)),
        ("1 month on 14", date(2027, 2, 14), date(2027, 3, 14)),
    ],
)
def test_repeats_across_dst(rule, due, next_):
    assert tasks.next_due(rule, due, due) == next_


def test_a_repeat_done_late_comes_back_once_not_for_every_missed_week():
    # Weekly on Monday, due Mon 2 Nov, done Wed 25 Nov: next is Mon 30 Nov.
    assert tasks.next_due("1 week on mon", date(2026, 11, 2), TODAY) == date(2026, 11, 30)


def test_a_repeat_done_early_comes_back_a_period_after_its_due_date():
    assert tasks.next_due("1 week on mon", date(2026, 11, 30), TODAY) == date(2026, 12, 7)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=1, max_value=31),
    st.integers(min_value=-40, max_value=40),
)
def test_monthly_next_is_after_the_due_date_and_not_in_the_past(due, day, offset):
    rule = f"1 month on {day}"
    today = due + timedelta(days=offset)
    found = tasks.next_due(rule, due, today)
    assert found > due and found >= today
    # On the wanted day, or the month's last day when it is shorter.
    last = (found.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert found.day == min(day, last.day)


def test_completing_a_repeating_task_creates_the_next(conn, clock):
    task = tasks.add_task(
        conn, clock, "Invoice Acme", rank="A", every="month on 1", tags=["billing"]
    ).task
    assert task.due == date(2026, 12, 1)  # first occurrence from today
    done = tasks.complete_tasks(conn, clock, [task.id])[0]
    assert done.task.done
    following = done.next
    assert following is not None
    assert (following.title, following.rank, following.tags) == ("Invoice Acme", "A", ["billing"])
    assert following.due == date(2027, 1, 1)
    assert following.every == "1 month on 1"


# --- deferral and history ----------------------------------------------------------------------


def test_a_deferred_task_stays_hidden_until_its_day(conn, clock):
    task = tasks.add_task(conn, clock, "Tax forms", important=True, estimate_seconds=120).task
    tasks.defer_task(conn, clock, task.id, date(2026, 11, 30))
    visible = lambda: [t.id for t in tasks.quick_wins(conn, clock)]  # noqa: E731
    assert visible() == []
    clock.current = datetime(2026, 11, 29, 23, 59, tzinfo=NEW_YORK)
    assert visible() == []
    clock.current = datetime(2026, 11, 30, 0, 0, tzinfo=NEW_YORK)
    assert visible() == [task.id]


def test_deferring_to_a_past_day_is_refused(conn, clock):
    task = tasks.add_task(conn, clock, "x").task
    with pytest.raises(InputError, match="has passed"):
        tasks.defer_task(conn, clock, task.id, TODAY - timedelta(days=1))


def test_pushing_back_a_passed_due_date_counts_as_putting_it_off(conn, clock):
    task = tasks.add_task(conn, clock, "Call the bank", due=TODAY - timedelta(days=2)).task
    edited = tasks.edit_task(conn, clock, task.id, due=TODAY + timedelta(days=3))
    assert edited.task.postponements == 1
    assert "pushed back from Mon 23 Nov (passed) to Sat 28 Nov" in edited.changes[0]
    # Moving a date that has not passed yet is planning, not putting off.
    tasks.edit_task(conn, clock, task.id, due=TODAY + timedelta(days=5))
    assert tasks.get_task(conn, clock, task.id).postponements == 1
    kinds = [e.kind for e in tasks.history(conn, clock, task.id)]
    assert kinds == ["created", "pushed", "edited"]


def test_history_holds_the_facts(conn, clock):
    task = tasks.add_task(conn, clock, "Proposal", due=TODAY + timedelta(days=9)).task
    clock.advance(minutes=5)
    tasks.triage_task(conn, clock, task.id, important=True, rank="A", estimate_seconds=7200)
    clock.advance(minutes=5)
    tasks.defer_task(conn, clock, task.id, TODAY + timedelta(days=1))
    clock.advance(days=1)
    tasks.complete_tasks(conn, clock, [task.id])
    events = tasks.history(conn, clock, task.id)
    assert [(e.kind, e.detail) for e in events] == [
        ("created", "due Fri 4 Dec"),
        ("triaged", "important (A), estimate 2h 00m"),
        ("deferred", "until Thu 26 Nov"),
        ("done", ""),
    ]
    assert [e.at.astimezone(NEW_YORK).strftime("%d %H:%M") for e in events] == [
        "25 14:30",
        "25 14:35",
        "25 14:40",
        "26 14:40",
    ]


def test_unknown_ids(conn, clock):
    for call in (
        lambda: tasks.get_task(conn, clock, 9),
        lambda: tasks.complete_tasks(conn, clock, [9]),
        lambda: tasks.edit_task(conn, clock, 9, title="x"),
        lambda: tasks.defer_task(conn, clock, 9, TODAY + timedelta(days=1)),
        lambda: tasks.delete_task(conn, clock, 9),
        lambda: tasks.history(conn, clock, 9),
    ):
        with pytest.raises(NotFound, match="no task #9"):
            call()


def test_done_is_all_or_nothing(conn, clock):
    task = tasks.add_task(conn, clock, "x").task
    with pytest.raises(NotFound):
        tasks.complete_tasks(conn, clock, [task.id, 99])
    assert not tasks.get_task(conn, clock, task.id).done
    tasks.complete_tasks(conn, clock, [task.id])
    with pytest.raises(Refused, match="already done"):
        tasks.complete_tasks(conn, clock, [task.id])


def test_deleting_a_task_keeps_its_time(conn, clock):
    from gigtool.tracking import entries as tracking
    from gigtool.tracking import timer

    task = tasks.add_task(conn, clock, "x", project="acme").task
    timer.start_timer(conn, clock, project="acme", task_id=task.id)
    clock.advance(minutes=20)
    timer.stop_timer(conn, clock)
    assert tasks.get_task(conn, clock, task.id).tracked_seconds == 1200
    tasks.delete_task(conn, clock, task.id)
    entry = tracking.last_entry(conn)
    assert entry is not None and entry.task_id is None and entry.seconds(clock.now()) == 1200


def test_a_project_of_another_client_is_refused(conn, clock):
    from gigtool.clients import catalog

    catalog.add_client(conn, clock, "Acme", None)
    catalog.add_client(conn, clock, "Globex", None)
    catalog.add_project(conn, clock, "web", client="Acme")
    with pytest.raises(Refused, match="belongs to client 'Acme'"):
        tasks.add_task(conn, clock, "x", client="Globex", project="web")
    task = tasks.add_task(conn, clock, "x", project="web").task
    assert (task.client, task.project) == ("Acme", "web")


def test_a_repeat_done_late_on_its_weekday_comes_back_next_week_not_today() -> None:
    # Due Mon 30 Nov, done three weeks late on Mon 21 Dec: next due Mon 28 Dec.
    assert tasks.next_due("1 week on mon", date(2026, 11, 30), date(2026, 12, 21)) == date(
        2026, 12, 28
    )


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("nov 20", date(2026, 11, 20)),  # five days ago: overdue, not next year
        ("sep 1", date(2026, 9, 1)),  # 85 days ago: still read as overdue
        ("aug 1", date(2027, 8, 1)),  # 116 days ago: that is next year's
        ("jan 5", date(2027, 1, 5)),
        ("nov 25", TODAY),
        ("nov 26", date(2026, 11, 26)),
        ("dec 1 2025", date(2025, 12, 1)),  # a year typed is a year meant
        ("mon", date(2026, 11, 30)),  # weekdays always look ahead...
        ("tue", date(2026, 12, 1)),  # ...even when last Tuesday is nearer
        ("wed", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("-3d", date(2026, 11, 22)),
        ("+3d", date(2026, 11, 28)),
    ],
)
def test_due_days_as_typed(text, due):
    assert tasks.parse_due(text, TODAY) == due


def test_giving_an_untriaged_task_its_importance_is_triaging_it(conn, clock):
    task = tasks.add_task(conn, clock, "Slides").task
    tasks.edit_task(conn, clock, task.id, rank="B", estimate_seconds=3600)
    tasks.edit_task(conn, clock, task.id, important=False)
    assert [(e.kind, e.detail) for e in tasks.history(conn, clock, task.id)] == [
        ("created", ""),
        ("triaged", "important (B)"),
        ("edited", "estimate none → 1h 00m"),
        ("edited", "now not important"),  # changing one's mind later is an edit
    ]


def test_undoing_done_on_a_repeat_takes_back_its_untouched_next_one(conn, clock):
    task = tasks.add_task(conn, clock, "Rent", important=True, every="month on 1").task
    first_next = tasks.complete_tasks(conn, clock, [task.id])[0].next
    assert first_next is not None
    reopened = tasks.reopen_task(conn, clock, task.id)
    assert reopened.withdrawn is not None and reopened.withdrawn.id == first_next.id
    with pytest.raises(NotFound):
        tasks.get_task(conn, clock, first_next.id)
    again = tasks.complete_tasks(conn, clock, [task.id])[0].next
    assert again is not None and again.due == first_next.due
    assert [t.id for t in tasks.open_tasks(conn, clock)] == [again.id]


def test_a_next_repeat_already_worked_on_stays_and_is_never_doubled(conn, clock):
    task = tasks.add_task(conn, clock, "Rent", important=True, every="month on 1").task
    following = tasks.complete_tasks(conn, clock, [task.id])[0].next
    assert following is not None
    tasks.edit_task(conn, clock, following.id, estimate_seconds=1800)
    assert tasks.reopen_task(conn, clock, task.id).withdrawn is None
    again = tasks.complete_tasks(conn, clock, [task.id])[0].next
    assert again is not None and again.id == following.id
    assert [t.id for t in tasks.open_tasks(conn, clock)] == [following.id]
