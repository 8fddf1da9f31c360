"""The task service on SQLite and PostgreSQL: operations, filters, validation, isolation."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from todo_reflex.core import tasks
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.models import Task, TaskCreate, TaskUpdate
from todo_reflex.core.tasks import Actor

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # a Thursday


def add(db: Session, actor: Actor, title: str, **fields):
    return tasks.add_task(session=db, actor=actor, data=TaskCreate(title=title, **fields))


def titles(page) -> list[str]:
    return [t.title for t in page.tasks]


def test_add_get_normalises_input(db, ann):
    task = add(
        db, ann, "  Buy\tmilk ", description="2 litres\n", priority="P1",
        tags=["#Shopping", "home", "home"], due="2026-11-27T17:00",
    )
    assert (task.title, task.description, task.priority) == ("Buy milk", "2 litres", "high")
    assert task.tags == ["shopping", "home"]
    assert task.due == "2026-11-27T17:00"
    assert task.completed is False
    assert task.version == 1
    assert tasks.get_task(session=db, actor=ann, task_id=task.id) == task


def test_what_a_write_returns_is_what_was_stored(engine, ann):
    """Writes answer from the values they wrote, without reading the row back: a fresh
    session must see the same task, reminders (soonest first), version and timestamps."""
    due = (datetime.now(UTC) + timedelta(days=60)).replace(hour=9, minute=0)
    early = f"{(due - timedelta(days=2)):%Y-%m-%d}T08:00"
    with session_scope(engine) as db:
        added = add(db, ann, "Pay rent", due=f"{due:%Y-%m-%dT%H:%M}", tags=["home"],
                    repeat="FREQ=MONTHLY", reminders=["-P1D", early, "-PT30M"])
    with session_scope(engine) as db:
        assert tasks.get_task(session=db, actor=ann, task_id=added.id) == added
    assert [r.rule for r in added.reminders] == [early, "-P1D", "-PT30M"]
    writes = [
        lambda db: tasks.update_task(session=db, actor=ann, task_id=added.id,
                                     data=TaskUpdate(title="Pay the rent", priority="high")),
        lambda db: tasks.complete_task(session=db, actor=ann, task_id=added.id),  # next month
        lambda db: (tasks.delete_task(session=db, actor=ann, task_id=added.id),
                    tasks.restore_task(session=db, actor=ann, task_id=added.id))[1],
    ]
    for version, write in zip((2, 3, 5), writes, strict=True):
        with session_scope(engine) as db:
            written = write(db)
        with session_scope(engine) as db:
            assert tasks.get_task(session=db, actor=ann, task_id=added.id) == written
        assert written.version == version


def test_due_is_stored_utc_and_shown_in_the_users_zone(db, bob):
    task = add(db, bob, "Call bank", due="2026-11-27T14:00")
    stored = db.exec(
        select(Task.due_at).where(Task.user_id == bob.user_id, Task.number == task.id)
    ).one()
    assert stored == datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    assert task.due == "2026-11-27T14:00"
    aware = add(db, bob, "Aware", due="2026-11-27T14:00+00:00")
    assert aware.due == "2026-11-27T09:00"
    assert add(db, bob, "Floating", due="2026-12-03").due == "2026-12-03"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \n\t "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "priority": "urgent!"}, "priority"),
        ({"title": "ok", "tags": ["has space"]}, "tags"),
        ({"title": "ok", "tags": [f"t{i}" for i in range(11)]}, "tags"),
        ({"title": "ok", "due": "next tuesday"}, "due"),
        ({"title": "ok", "due": "2026-13-01"}, "due"),
        ({"title": "ok", "due": "0001-01-01"}, "due"),
        ({"title": "ok", "repeat": "every day"}, "repeat"),
        ({"title": "ok", "repeat": "FREQ=SOMETIMES"}, "repeat"),
    ],
)
def test_invalid_input_is_refused_with_the_field(db, ann, fields, field):
    with pytest.raises(InvalidInput) as raised:
        tasks.add_task(session=db, actor=ann, data=TaskCreate(**fields))
    assert raised.value.field == field
    assert raised.value.code == "INVALID_INPUT"
    assert tasks.list_tasks(session=db, actor=ann).total == 0


def test_title_of_exactly_200_characters_is_kept(db, ann):
    assert len(add(db, ann, "y" * 200).title) == 200


def test_list_filters_by_status_priority_tag_and_query(db, ann):
    milk = add(db, ann, "Buy milk", tags=["shopping"], priority="low")
    add(db, ann, "Write report", tags=["work"], priority="high", description="Q3 numbers")
    add(db, ann, "Call_mom 100%", tags=["family"])
    tasks.complete_task(session=db, actor=ann, task_id=milk.id)

    def page(**filters):
        return tasks.list_tasks(session=db, actor=ann, **filters)

    assert page().total == 3
    assert titles(page(status="completed")) == ["Buy milk"]
    assert set(titles(page(status="pending"))) == {"Write report", "Call_mom 100%"}
    assert titles(page(priority="high")) == ["Write report"]
    assert titles(page(tag="#Work")) == ["Write report"]
    assert titles(page(tag="shop")) == []
    assert titles(page(query="q3")) == ["Write report"]
    assert titles(page(query="_mom 100%")) == ["Call_mom 100%"]
    assert titles(page(query="a_l")) == []  # "_" is literal, not a wildcard
    assert titles(page(status="pending", tag="work", priority="high")) == ["Write report"]
    # pending first, then newest first
    assert titles(page())[-1] == "Buy milk"


def test_list_due_windows_in_the_users_zone(db, bob):
    # Bob is in New York: at 2026-11-26T10:00Z it is 05:00 on Thursday 26 there.
    add(db, bob, "late timed", due="2026-11-26T04:00")
    add(db, bob, "later today", due="2026-11-26T23:30")
    add(db, bob, "yesterday", due="2026-11-25")
    add(db, bob, "today floating", due="2026-11-26")
    add(db, bob, "sunday", due="2026-11-29T20:00")
    add(db, bob, "next monday", due="2026-11-30")
    add(db, bob, "next thursday", due="2026-12-03T09:00")
    add(db, bob, "no date")
    done = add(db, bob, "done yesterday", due="2026-11-25")
    tasks.complete_task(session=db, actor=bob, task_id=done.id)

    def due(window):
        return set(titles(tasks.list_tasks(session=db, actor=bob, due=window, now=NOW)))

    assert due("today") == {"late timed", "later today", "today floating"}
    assert due("overdue") == {"late timed", "yesterday"}
    # "this week": today and the next 6 days (DESIGN.md), Thursday to Wednesday
    assert due("this_week") == {"late timed", "later today", "today floating", "sunday",
                                "next monday"}
    assert due("no_date") == {"no date"}

    def between(first, last):
        return set(titles(tasks.list_tasks(session=db, actor=bob, due_from=first, due_to=last)))

    assert between(date(2026, 11, 26), date(2026, 11, 26)) == {
        "late timed", "later today", "today floating"}
    assert between(date(2026, 11, 28), date(2026, 11, 29)) == {"sunday"}  # the weekend
    assert between(date(2026, 11, 30), None) == {"next monday", "next thursday"}
    assert between(None, date(2026, 11, 25)) == {"yesterday", "done yesterday"}
    with pytest.raises(InvalidInput, match="due_from"):
        tasks.list_tasks(session=db, actor=bob, due_from=date(2026, 12, 2),
                         due_to=date(2026, 12, 1))


def test_pagination_and_total(db, ann):
    for i in range(7):
        add(db, ann, f"task {i}")
    first = tasks.list_tasks(session=db, actor=ann, limit=3)
    rest = tasks.list_tasks(session=db, actor=ann, limit=3, offset=6)
    assert first.total == rest.total == 7
    assert titles(first) == ["task 6", "task 5", "task 4"]
    assert titles(rest) == ["task 0"]
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        with pytest.raises(InvalidInput):
            tasks.list_tasks(session=db, actor=ann, **bad)


def test_total_is_counted_only_when_asked(db, ann):
    for i in range(7):
        add(db, ann, f"task {i}")

    def page(**args):
        return tasks.list_tasks(session=db, actor=ann, with_total=False, **args)

    first = page(limit=3)
    assert (first.total, first.has_more) == (None, True)
    assert titles(first) == ["task 6", "task 5", "task 4"]
    middle = page(limit=3, offset=3)
    assert (middle.total, middle.has_more) == (None, True)
    last = page(limit=3, offset=6)
    assert (last.total, last.has_more, titles(last)) == (7, False, ["task 0"])
    whole = page(limit=7)
    assert (whole.total, whole.has_more, len(whole.tasks)) == (7, False, 7)
    beyond = page(limit=3, offset=20)
    assert (beyond.total, beyond.has_more, beyond.tasks) == (None, False, [])
    assert page(query="nothing like it").total == 0
    counted = tasks.list_tasks(session=db, actor=ann, limit=3, offset=20)
    assert (counted.total, counted.has_more) == (7, False)
    assert tasks.list_tasks(session=db, actor=ann, limit=6).has_more is True


def test_a_page_reaching_the_last_match_needs_no_count(engine, db, ann):
    for i in range(3):
        add(db, ann, f"task {i}")
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        whole = tasks.list_tasks(session=db, actor=ann, limit=3)
        counted = [s for s in sent if "count(" in s]
        part = tasks.list_tasks(session=db, actor=ann, limit=2)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert (whole.total, whole.has_more, counted) == (3, False, [])
    assert (part.total, part.has_more) == (3, True)
    assert len([s for s in sent if "count(" in s]) == 1


def test_text_search_is_a_case_insensitive_literal_substring(db, ann):
    add(db, ann, "Buy milk")
    add(db, ann, "Oat MILKSHAKE recipe")
    add(db, ann, "Pay rent", description="Landlord wants 100% by the 1st, ref A_B")
    add(db, ann, "Plain")

    def found(text):
        return set(titles(tasks.list_tasks(session=db, actor=ann, query=text, with_total=False)))

    assert found("milk") == {"Buy milk", "Oat MILKSHAKE recipe"}
    assert found("  MiLk ") == {"Buy milk", "Oat MILKSHAKE recipe"}
    assert found("y mi") == {"Buy milk"}
    assert found("landlord") == found("100%") == found("a_b") == {"Pay rent"}
    assert found("100%%") == found("a%b") == found("1_0") == set()
    assert found("\\") == set()
    add(db, ann, "Café À LA CARTE")  # not only ASCII: SQLite's own lower() missed these
    assert found("café à la") == found("CAFÉ À") == {"Café À LA CARTE"}


def test_sort_by_due_and_priority(db, ann):
    add(db, ann, "later", due="2026-12-10", priority="low")
    add(db, ann, "none")
    add(db, ann, "sooner", due="2026-11-28", priority="high")
    add(db, ann, "timed sooner", due="2026-11-27T09:00", priority="medium")
    add(db, ann, "urgent", priority="high")
    done = add(db, ann, "done first", due="2026-11-20", priority="high")
    tasks.complete_task(session=db, actor=ann, task_id=done.id)
    assert titles(tasks.list_tasks(session=db, actor=ann, sort="due")) == [
        "timed sooner", "sooner", "later", "urgent", "none", "done first"
    ]
    assert titles(tasks.list_tasks(session=db, actor=ann, sort="priority")) == [
        "urgent", "sooner", "timed sooner", "later", "none", "done first"
    ]


def test_partial_update_changes_only_given_fields(db, ann):
    task = add(db, ann, "Report", description="draft", tags=["work"], due="2026-11-27")
    updated = tasks.update_task(
        session=db, actor=ann, task_id=task.id, data=TaskUpdate(title="Final report")
    )
    assert (updated.title, updated.description, updated.tags, updated.due) == (
        "Final report", "draft", ["work"], "2026-11-27"
    )
    assert updated.version == 2
    cleared = tasks.update_task(
        session=db, actor=ann, task_id=task.id, data=TaskUpdate(due="", priority="p2", tags=[])
    )
    assert (cleared.due, cleared.priority, cleared.tags) == (None, "medium", [])
    with pytest.raises(InvalidInput):
        tasks.update_task(session=db, actor=ann, task_id=task.id, data=TaskUpdate(title=""))
    assert tasks.get_task(session=db, actor=ann, task_id=task.id).version == 3


def test_complete_uncomplete_delete(db, ann):
    task = add(db, ann, "Water plants")
    done = tasks.complete_task(session=db, actor=ann, task_id=task.id)
    assert done.completed
    assert done.completed_at is not None
    again = tasks.complete_task(session=db, actor=ann, task_id=task.id)
    assert again.version == done.version  # idempotent
    reopened = tasks.uncomplete_task(session=db, actor=ann, task_id=task.id)
    assert not reopened.completed
    assert reopened.completed_at is None
    deleted = tasks.delete_task(session=db, actor=ann, task_id=task.id)
    assert deleted.title == "Water plants"
    with pytest.raises(TaskNotFound):
        tasks.get_task(session=db, actor=ann, task_id=task.id)


def test_clear_completed_only_touches_the_actor(db, ann, bob):
    for actor in (ann, bob):
        t = add(db, actor, "done")
        tasks.complete_task(session=db, actor=actor, task_id=t.id)
        add(db, actor, "open")
    assert tasks.clear_completed(session=db, actor=ann) == 1
    assert titles(tasks.list_tasks(session=db, actor=ann)) == ["open"]
    assert tasks.list_tasks(session=db, actor=bob).total == 2


def test_another_users_task_is_exactly_like_a_missing_one(db, ann, bob):
    secret = add(db, bob, "Bob's secret")
    missing_id = secret.id + 1000
    operations = [
        lambda i: tasks.get_task(session=db, actor=ann, task_id=i),
        lambda i: tasks.update_task(session=db, actor=ann, task_id=i, data=TaskUpdate(title="x")),
        lambda i: tasks.complete_task(session=db, actor=ann, task_id=i),
        lambda i: tasks.uncomplete_task(session=db, actor=ann, task_id=i),
        lambda i: tasks.delete_task(session=db, actor=ann, task_id=i),
    ]
    for operation in operations:
        with pytest.raises(TaskNotFound) as theirs:
            operation(secret.id)
        with pytest.raises(TaskNotFound) as missing:
            operation(missing_id)
        assert str(theirs.value).replace(str(secret.id), "N") == str(missing.value).replace(
            str(missing_id), "N"
        )
    assert tasks.list_tasks(session=db, actor=ann, query="secret").total == 0
    assert tasks.get_task(session=db, actor=bob, task_id=secret.id).title == "Bob's secret"


@pytest.mark.parametrize("bad_id", [0, -3, True])
def test_task_ids_must_be_positive_integers(db, ann, bad_id):
    with pytest.raises(InvalidInput):
        tasks.get_task(session=db, actor=ann, task_id=bad_id)


def test_repeating_task_advances_instead_of_completing(db, ann):
    weekly = add(db, ann, "Water the lawn", due="2026-11-28", repeat="FREQ=WEEKLY;BYDAY=SA")
    advanced = tasks.complete_task(session=db, actor=ann, task_id=weekly.id)
    assert advanced.completed is False
    assert advanced.repeat == "FREQ=WEEKLY;BYDAY=SA"
    assert advanced.due > weekly.due
    assert datetime.fromisoformat(advanced.due).weekday() == 5


def test_repeating_task_without_due_starts_at_first_occurrence(db, ann):
    task = add(db, ann, "Pay rent", repeat="rrule:freq=monthly;bymonthday=1")
    assert task.repeat == "FREQ=MONTHLY;BYMONTHDAY=1"
    assert task.due is not None
    assert task.due.endswith("-01")


def test_repeating_timed_task_keeps_its_local_time(db, bob):
    task = add(db, bob, "Standup", due="2026-11-20T09:00", repeat="FREQ=DAILY")
    nxt = tasks.complete_task(session=db, actor=bob, task_id=task.id)
    assert nxt.due.endswith("T09:00")
    assert nxt.due > datetime.now(UTC).date().isoformat()


def test_repeat_that_has_ended_completes_the_task(db, ann):
    task = add(db, ann, "Twice", due="2026-01-01", repeat="FREQ=DAILY;COUNT=1")
    assert tasks.complete_task(session=db, actor=ann, task_id=task.id).completed is True


def test_stale_version_is_refused_and_nothing_is_lost(db, ann):
    task = add(db, ann, "Plan trip")
    tasks.update_task(session=db, actor=ann, task_id=task.id, data=TaskUpdate(title="Plan Rome"))
    with pytest.raises(StaleVersion) as stale:
        tasks.update_task(
            session=db, actor=ann, task_id=task.id,
            data=TaskUpdate(title="Plan Paris"), expected_version=task.version,
        )
    assert stale.value.current_version == 2
    assert tasks.get_task(session=db, actor=ann, task_id=task.id).title == "Plan Rome"


def test_concurrent_writers_cannot_both_win(engine, ann):
    with session_scope(engine) as db:
        task = add(db, ann, "Shared")
    with Session(engine) as first, Session(engine) as second:
        loaded = tasks._load(first, ann, task.id)
        assert loaded.version == 1
        tasks.update_task(
            session=second, actor=ann, task_id=task.id, data=TaskUpdate(title="second wins")
        )
        second.commit()
        with pytest.raises(StaleVersion):
            tasks._write(first, ann, loaded, {"title": "first loses"}, None, operation="update")
        first.rollback()
    with session_scope(engine) as db:
        assert tasks.get_task(session=db, actor=ann, task_id=task.id).title == "second wins"


def test_now_parameter_drives_overdue(db, ann):
    add(db, ann, "in an hour", due=(NOW + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    later = NOW + timedelta(hours=2)
    assert tasks.list_tasks(session=db, actor=ann, due="overdue", now=NOW).total == 0
    assert tasks.list_tasks(session=db, actor=ann, due="overdue", now=later).total == 1


def test_known_tags_are_the_actors_own(db, ann, bob):
    add(db, ann, "a", tags=["work", "home"])
    add(db, ann, "b", tags=["work"])
    add(db, ann, "c")
    add(db, bob, "d", tags=["secret"])
    assert tasks.known_tags(session=db, actor=ann) == ["home", "work"]
    assert tasks.known_tags(session=db, actor=bob) == ["secret"]


def test_each_user_numbers_their_tasks_from_one(db, ann, bob):
    for n in range(3):
        add(db, bob, f"bob {n}")
    first = add(db, ann, "Ann's first")
    assert first.id == 1  # nothing about other users' tasks leaks into the number
    assert [add(db, ann, t).id for t in ("second", "third")] == [2, 3]
    assert tasks.get_task(session=db, actor=ann, task_id=1).title == "Ann's first"
    assert tasks.get_task(session=db, actor=bob, task_id=1).title == "bob 0"


def test_numbers_are_never_reused_after_deletes(db, ann):
    one, two = add(db, ann, "one"), add(db, ann, "two")
    tasks.delete_task(session=db, actor=ann, task_id=two.id)
    tasks.complete_task(session=db, actor=ann, task_id=one.id)
    tasks.clear_completed(session=db, actor=ann)
    assert add(db, ann, "three").id == 3


def test_concurrent_adds_by_one_user_get_distinct_numbers(engine, ann):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race matters on PostgreSQL")
    workers, each = 8, 5
    start = threading.Barrier(workers)

    def adds(worker: int) -> list[int]:
        start.wait()
        numbers = []
        for n in range(each):
            with session_scope(engine) as session:
                numbers.append(add(session, ann, f"w{worker} n{n}").id)
        return numbers

    with ThreadPoolExecutor(workers) as pool:
        numbers = [n for batch in pool.map(adds, range(workers)) for n in batch]
    assert sorted(numbers) == list(range(1, workers * each + 1))
    with session_scope(engine) as db:
        page = tasks.list_tasks(session=db, actor=ann, limit=100)
        assert sorted(t.id for t in page.tasks) == sorted(numbers)


def test_cut_title_cuts_at_a_word_and_says_so():
    from todo_reflex.core.limits import TITLE_MAX
    from todo_reflex.core.validation import cut_title

    assert cut_title("  Buy   milk ") == ("  Buy   milk ", False)  # clean_title tidies it
    words = " ".join(["word"] * 60)  # 299 characters
    cut, was_cut = cut_title(words)
    assert was_cut
    assert len(cut) <= TITLE_MAX
    assert cut.endswith("word")
    assert words.startswith(cut)
    assert cut_title("x" * 250) == ("x" * TITLE_MAX, True)  # no space near the end: hard cut
    padded = "a" + " " * 300 + "b"
    assert cut_title(padded) == (padded, False)  # only visible text counts
