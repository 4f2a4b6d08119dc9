"""The frog: its pure scoring and tie-breaks, and the day's pick kept in the database.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigtool.database import open_db
from gigtool.tasks import core as tasks
from gigtool.tasks import frog
from gigtool.tasks.frog import Candidate

TODAY = date(2026, 11, 25)


def candidate(id_: int = 1, **changes) -> Candidate:
    fields = {
        "id": id_,
        "title": f"task {id_}",
        "rank": None,
        "due": None,
        "estimate_seconds": 3600,
        "put_off": 0,
        "last_worked": TODAY,
        "created": TODAY,
        **changes,
    }
    return Candidate(**fields)


# --- signals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "pressure"),
    [(None, 0.0), (30, 0.0), (14, 0.0), (7, 0.5), (1, 13 / 14), (0, 1.0), (-7, 1.5)],
)
def test_due_pressure_ramps_over_two_weeks(days, pressure):
    assert frog.due_pressure(days) == pytest.approx(pressure)


def test_overdue_keeps_growing():
    """Taskwarrior stops at a week overdue; here a month late still outweighs a week late."""
    pressures = [frog.due_pressure(-d) for d in (1, 7, 8, 30, 90, 365)]
    assert pressures == sorted(pressures) and len(set(pressures)) == len(pressures)
    assert all(1.0 < p < 2.0 for p in pressures)


def test_a_far_due_date_does_not_outrank_an_undated_task():
    """Taskwarrior's complaint: any due date, however far, beats no date. Not here."""
    undated = frog.score(candidate(1, due=None), TODAY)
    far = frog.score(candidate(2, due=TODAY + timedelta(days=60)), TODAY)
    assert undated.score == far.score
    # With anything else in its favour, the undated task wins.
    older = frog.score(candidate(1, due=None, created=TODAY - timedelta(days=3)), TODAY)
    assert [s.candidate.id for s in frog.rank([far.candidate, older.candidate], TODAY)] == [1, 2]


@pytest.mark.parametrize(
    ("seconds", "size"),
    [(None, 0.5), (600, 0.0), (900, 0.0), (1800, 0.25), (3600, 0.5), (7200, 0.75), (14400, 1.0),
     (36000, 1.0)],
)
def test_size_is_on_a_log_scale_from_15_minutes_to_4_hours(seconds, size):
    assert frog.size_signal(seconds) == pytest.approx(size)


@pytest.mark.parametrize(("times", "signal"), [(0, 0.0), (1, 1 / 3), (3, 1.0), (10, 1.0)])
def test_put_off_is_capped(times, signal):
    assert frog.put_off_signal(times) == pytest.approx(signal)


def test_the_score_is_the_weighted_sum_of_the_signals():
    c = candidate(
        due=TODAY + timedelta(days=7),  # due 0.5
        put_off=1,  # 1/3
        estimate_seconds=7200,  # size 0.75
        last_worked=TODAY - timedelta(days=7),  # stale 0.5
        created=TODAY - timedelta(days=15),  # age 0.5
    )
    scored = frog.score(c, TODAY)
    assert vars(scored.signals) == pytest.approx(
        {"due": 0.5, "put_off": 1 / 3, "size": 0.75, "stale": 0.5, "age": 0.5}
    )
    assert scored.score == pytest.approx(3 * 0.5 + 3 / 3 + 2 * 0.75 + 0.5 + 0.5)
    assert (scored.days_to_due, scored.days_stale, scored.days_open) == (7, 7, 15)


def test_never_worked_on_counts_stale_from_when_it_was_added():
    scored = frog.score(candidate(last_worked=None, created=TODAY - timedelta(days=14)), TODAY)
    assert scored.signals.stale == 1.0
    assert "not started in 14 days" in frog.reasons(scored)


def test_reasons_put_the_strongest_first():
    scored = frog.score(
        candidate(rank="A", due=TODAY - timedelta(days=2), put_off=2, estimate_seconds=7200),
        TODAY,
    )
    assert frog.reasons(scored) == ["an A task", "overdue 2 days", "put off twice", "about 2h 00m"]


# --- ranking -----------------------------------------------------------------------------------


def test_a_tasks_come_before_b_whatever_the_scores():
    a = candidate(1, rank="A", estimate_seconds=900)
    b = candidate(2, rank="B", due=TODAY - timedelta(days=30), put_off=5)
    plain = candidate(3, rank=None, due=TODAY)
    assert [s.candidate.id for s in frog.rank([b, plain, a], TODAY)] == [1, 2, 3]


def test_ties_go_to_the_earliest_due_date_then_the_oldest_task_then_the_lower_id():
    far = TODAY + timedelta(days=20)
    later = TODAY + timedelta(days=30)
    tied = [
        candidate(5, due=later),
        candidate(4, due=None),
        candidate(3, due=far, created=TODAY),
        candidate(2, due=far, created=TODAY - timedelta(days=0)),
        candidate(1, due=None),
    ]
    scores = {round(frog.score(c, TODAY).score, 9) for c in tied}
    assert len(scores) == 1, "the setup should tie"
    assert [s.candidate.id for s in frog.rank(tied, TODAY)] == [2, 3, 5, 1, 4]


def test_older_wins_a_tie_on_due_date():
    # Same score: the newer one was worked on today, the older one is exactly as stale.
    old = candidate(7, created=TODAY - timedelta(days=40), last_worked=TODAY)
    new = candidate(3, created=TODAY - timedelta(days=35), last_worked=TODAY)
    assert frog.score(old, TODAY).score == frog.score(new, TODAY).score  # age is full at 30
    assert [s.candidate.id for s in frog.rank([new, old], TODAY)] == [7, 3]


candidates_strategy = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        title=st.just("t"),
        rank=st.sampled_from([None, "A", "B"]),
        due=st.none() | st.dates(TODAY - timedelta(days=400), TODAY + timedelta(days=400)),
        estimate_seconds=st.none() | st.integers(301, 100 * 3600),
        put_off=st.integers(0, 20),
        last_worked=st.none() | st.dates(TODAY - timedelta(days=400), TODAY),
        created=st.dates(TODAY - timedelta(days=400), TODAY),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)


@given(candidates_strategy, st.randoms(use_true_random=False))
def test_ranking_is_deterministic_whatever_the_input_order(found, rnd: random.Random):
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert [s.candidate.id for s in frog.rank(found, TODAY)] == [
        s.candidate.id for s in frog.rank(shuffled, TODAY)
    ]


@given(candidates_strategy)
def test_scores_stay_within_their_bounds(found):
    for scored in frog.rank(found, TODAY):
        assert 0 <= scored.score < 3 * 2 + 3 + 2 + 1 + 1
        assert all(0 <= v <= 1 for k, v in vars(scored.signals).items() if k != "due")


@given(candidates_strategy.filter(bool), st.integers(1, 5), st.integers(1, 60))
def test_putting_off_or_lateness_never_lowers_a_score(found, more, later):
    c = found[0]
    base = frog.score(c, TODAY).score
    assert frog.score(Candidate(**{**vars(c), "put_off": c.put_off + more}), TODAY).score >= base
    if c.due is not None and c.due < TODAY:
        moved = Candidate(**{**vars(c), "due": c.due - timedelta(days=later)})
        assert frog.score(moved, TODAY).score > base


# --- the day's pick ----------------------------------------------------------------------------


@pytest.fixture
def conn(gig_home):
    connection = open_db(gig_home)
    yield connection
    connection.close()


def add(conn, clock, title, **kwargs):
    return tasks.add_task(conn, clock, title, **kwargs).task


def frog_id(conn, clock) -> int | None:
    day = frog.frog_for(conn, clock)
    return day.pick.task_id if day.pick else None


def test_the_frog_stays_the_same_all_day(conn, clock):
    first = add(conn, clock, "Proposal", rank="B", estimate_seconds=7200)
    assert frog_id(conn, clock) == first.id
    # Something weightier arrives at lunch; the morning's frog stands until tomorrow.
    heavier = add(conn, clock, "Tax return", rank="B", due=TODAY, estimate_seconds=4 * 3600)
    clock.advance(hours=9)  # 23:30, still today
    assert frog_id(conn, clock) == first.id
    clock.advance(hours=1)
    assert frog_id(conn, clock) == heavier.id


def test_eating_the_frog_picks_the_next_one(conn, clock):
    first = add(conn, clock, "Proposal", rank="A", estimate_seconds=7200)
    second = add(conn, clock, "Slides", rank="B", estimate_seconds=3600)
    assert frog_id(conn, clock) == first.id
    eaten, streak = frog.eat_frog(conn, clock)
    assert eaten.task.id == first.id and eaten.task.done and streak == 1
    day = frog.frog_for(conn, clock)
    assert day.eaten == [(first.id, "Proposal")]
    assert day.pick is not None and day.pick.task_id == second.id


def test_skipping_picks_another_and_the_skipped_one_stays_away_today(conn, clock):
    first = add(conn, clock, "Proposal", rank="A")
    second = add(conn, clock, "Slides", rank="B")
    assert frog_id(conn, clock) == first.id
    skipped, day = frog.skip_frog(conn, clock, "waiting for numbers")
    assert skipped.id == first.id
    assert day.pick is not None and day.pick.task_id == second.id
    skipped, day = frog.skip_frog(conn, clock)
    assert day.pick is None and day.skipped == 2
    clock.advance(days=1)
    assert frog_id(conn, clock) == first.id


def test_a_skipped_frog_comes_back_heavier_tomorrow(conn, clock):
    task = add(conn, clock, "Proposal", rank="A", estimate_seconds=7200)
    before = frog.frog_for(conn, clock).pick
    assert before is not None and before.scored.signals.put_off == 0
    frog.skip_frog(conn, clock)
    clock.advance(days=1)
    after = frog.frog_for(conn, clock).pick
    assert after is not None and after.task_id == task.id
    assert after.scored.signals.put_off == pytest.approx(1 / 3)
    # A day of staleness and age adds 1/14 + 1/30; the skip adds a full point on top.
    assert after.scored.score - before.scored.score == pytest.approx(1 + 1 / 14 + 1 / 30)
    assert tasks.get_task(conn, clock, task.id).postponements == 1


def test_only_important_visible_big_tasks_are_candidates(conn, clock):
    add(conn, clock, "Untriaged")
    add(conn, clock, "Not important", important=False, due=TODAY)
    add(conn, clock, "Rank C", rank="C")
    add(conn, clock, "Quick win", important=True, estimate_seconds=300)
    later = add(conn, clock, "Deferred", important=True)
    tasks.defer_task(conn, clock, later.id, TODAY + timedelta(days=2))
    day = frog.frog_for(conn, clock)
    assert day.pick is None
    # The quick win is important but no frog; the deferred one is out of sight.
    assert (day.important, day.untriaged) == (1, 1)
    clock.advance(days=2)
    assert frog_id(conn, clock) == later.id


def test_a_frog_made_unimportant_or_deferred_is_replaced(conn, clock):
    first = add(conn, clock, "Proposal", rank="A")
    second = add(conn, clock, "Slides", rank="B")
    assert frog_id(conn, clock) == first.id
    tasks.edit_task(conn, clock, first.id, important=False)
    assert frog_id(conn, clock) == second.id
    tasks.defer_task(conn, clock, second.id, TODAY + timedelta(days=1))
    assert frog_id(conn, clock) is None


def test_picking_by_hand(conn, clock):
    add(conn, clock, "Proposal", rank="A")
    mine = add(conn, clock, "Slides", rank="B")
    unimportant = add(conn, clock, "Inbox", rank="E")
    day = frog.pick_frog(conn, clock, mine.id)
    assert day.pick is not None and (day.pick.task_id, day.pick.how) == (mine.id, "hand")
    assert frog_id(conn, clock) == mine.id
    from gigtool.errors import NotFound, Refused

    with pytest.raises(Refused, match="marked not important"):
        frog.pick_frog(conn, clock, unimportant.id)
    with pytest.raises(NotFound, match="no task #99"):
        frog.pick_frog(conn, clock, 99)


def test_the_streak_counts_days_with_the_frog_eaten(conn, clock):
    def eat_one() -> int:
        add(conn, clock, "Frog", rank="A")
        frog.frog_for(conn, clock)
        return frog.eat_frog(conn, clock)[1]

    assert eat_one() == 1
    clock.advance(days=1)
    assert eat_one() == 2
    clock.advance(days=3)  # days without `gig frog` at all neither count nor break it
    assert eat_one() == 3
    clock.advance(days=1)
    add(conn, clock, "Left alone", rank="A")
    frog.frog_for(conn, clock)  # picked, not eaten today: today does not break it yet
    assert frog.streak(conn, TODAY + timedelta(days=5)) == 3
    clock.advance(days=1)
    assert eat_one() == 1  # yesterday's frog went uneaten


def test_a_frog_done_through_gig_task_done_counts(conn, clock):
    task = add(conn, clock, "Proposal", rank="A")
    frog.frog_for(conn, clock)
    done = tasks.complete_tasks(conn, clock, [task.id])[0]
    assert done.was_frog
    assert frog.streak(conn, TODAY) == 1
    tasks.reopen_task(conn, clock, task.id)  # not eaten after all
    assert frog.streak(conn, TODAY) == 0


def test_two_gigs_asking_at_once_agree_on_one_frog(gig_home, clock):
    import threading

    setup = open_db(gig_home)
    for n in range(5):
        add(setup, clock, f"Task {n}", rank="B", estimate_seconds=3600 * (n + 1))
    setup.close()
    seen: list[int | None] = []

    def ask() -> None:
        conn = open_db(gig_home)
        try:
            seen.append(frog_id(conn, clock))
        finally:
            conn.close()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = open_db(gig_home)
    rows = check.execute("SELECT task_id, outcome FROM frog_pick").fetchall()
    check.close()
    assert len(set(seen)) == 1 and seen[0] is not None
    assert rows == [(seen[0], None)]


def test_the_streak_counts_only_days_the_frog_came_first(conn, clock):
    big = add(conn, clock, "Proposal", rank="A", estimate_seconds=3 * 3600)
    other = add(conn, clock, "Invoices", estimate_seconds=3600)
    quick = add(conn, clock, "Reply to Ann", estimate_seconds=120)
    assert frog.frog_for(conn, clock).pick.task_id == big.id  # type: ignore[union-attr]
    tasks.complete_tasks(conn, clock, [quick.id])  # a quick win first does not count
    clock.advance(minutes=10)
    tasks.complete_tasks(conn, clock, [other.id])
    clock.advance(minutes=10)
    assert frog.eat_frog(conn, clock)[1] == 0  # eaten, but after the invoices
    assert frog.came_before_frog(conn, TODAY) == [other.id]

    clock.advance(days=1)
    second = add(conn, clock, "Slides", rank="A")
    frog.frog_for(conn, clock)
    assert frog.eat_frog(conn, clock)[1] == 1
    later = add(conn, clock, "Email", estimate_seconds=3600)
    clock.advance(minutes=5)
    tasks.complete_tasks(conn, clock, [later.id])  # after the frog: still first
    assert frog.streak(conn, TODAY + timedelta(days=1)) == 1
    assert frog.came_before_frog(conn, TODAY + timedelta(days=1)) == []
    assert tasks.get_task(conn, clock, second.id).done


def test_a_second_frog_eaten_the_same_day_keeps_the_streak(conn, clock):
    first = add(conn, clock, "Proposal", rank="A", estimate_seconds=3 * 3600)
    add(conn, clock, "Slides", rank="A", estimate_seconds=2 * 3600)
    assert frog.frog_for(conn, clock).pick.task_id == first.id  # type: ignore[union-attr]
    assert frog.eat_frog(conn, clock)[1] == 1
    clock.advance(minutes=30)
    frog.frog_for(conn, clock)  # the next frog comes up
    assert frog.eat_frog(conn, clock)[1] == 1
    assert frog.came_before_frog(conn, TODAY) == []
