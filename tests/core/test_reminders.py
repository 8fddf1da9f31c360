"""Reminders through the task service on SQLite and PostgreSQL: rules, validation, moving dues."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from todo_reflex.core import tasks
from todo_reflex.core.errors import InvalidInput, StaleVersion
from todo_reflex.core.limits import MAX_REMINDERS
from todo_reflex.core.models import Reminder, Task, TaskCreate, TaskUpdate
from todo_reflex.core.tasks import Actor

DAY = date.today() + timedelta(days=10)  # a day safely ahead of the clock, in every zone
D = DAY.isoformat()
BEFORE = (DAY - timedelta(days=1)).isoformat()
AFTER = (DAY + timedelta(days=1)).isoformat()


def add(db: Session, actor: Actor, title: str = "Call mom", **fields):
    return tasks.add_task(session=db, actor=actor, data=TaskCreate(title=title, **fields))


def update(db: Session, actor: Actor, task_id: int, **fields):
    return tasks.update_task(session=db, actor=actor, task_id=task_id, data=TaskUpdate(**fields))


def rules(task) -> list[tuple[str, str]]:
    return [(r.rule, r.at) for r in task.reminders]


def stored(db: Session, actor: Actor, number: int) -> list[Reminder]:
    task_id = db.exec(select(Task.id).where(Task.user_id == actor.user_id,
                                            Task.number == number)).one()
    return list(db.exec(select(Reminder).where(Reminder.task_id == task_id)
                        .order_by(Reminder.fire_at)).all())


def test_a_task_has_absolute_and_offset_reminders(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=[f"{D}T09:15", "-PT30M", "-P1D"])
    assert rules(task) == [("-P1D", f"{BEFORE}T17:00"), (f"{D}T09:15", f"{D}T09:15"),
                           ("-PT30M", f"{D}T16:30")]
    assert all(r.fired_at is None and not r.late for r in task.reminders)
    assert tasks.get_task(session=db, actor=ann, task_id=task.id).reminders == task.reminders
    assert add(db, ann, "No reminders").reminders == []


def test_times_are_the_users_zone_and_stored_in_utc(db, bob):
    task = add(db, bob, due=f"{D}T17:00", reminders=[f"{D}T16:30", "-PT2H"])
    new_york = ZoneInfo("America/New_York")
    assert [r.fire_at for r in stored(db, bob, task.id)] == [
        datetime.combine(DAY, time(h, m), new_york).astimezone(UTC) for h, m in ((15, 0), (16, 30))
    ]
    assert rules(task) == [("-PT2H", f"{D}T15:00"), (f"{D}T16:30", f"{D}T16:30")]
    aware = add(db, bob, reminders=[f"{D}T12:00+00:00"])
    local = datetime.combine(DAY, time(12), UTC).astimezone(new_york).strftime("%Y-%m-%dT%H:%M")
    assert rules(aware) == [(local, local)]


CANONICAL = [
    ("-PT90M", "-PT1H30M"), ("-P1W", "-P7D"), ("-P1DT2H", "-P1DT2H"), ("-pt30m", "-PT30M"),
    ("PT0S", "-PT0M"), ("-PT0M", "-PT0M"), ("-PT120S", "-PT2M"), ("-P0DT24H", "-P1D"),
]


def test_offsets_are_kept_in_one_form(db, ann):
    for given, canonical in CANONICAL:
        task = add(db, ann, due=f"{D}T17:00", reminders=[given])
        assert [r.rule for r in task.reminders] == [canonical], given


def test_the_same_reminder_twice_is_kept_once(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT60M", "-PT1H", f"{D}T08:00",
                                                     f"{D} 08:00"])
    assert [r.rule for r in task.reminders] == [f"{D}T08:00", "-PT1H"]


REFUSED = [
    ({"reminders": ["-PT30M"]}, "counts back from the due date, and the task has none"),
    ({"due": D, "reminders": ["PT30M"]}, "counts forward"),
    ({"due": D, "reminders": ["-P1M"]}, "no months or years"),
    ({"due": D, "reminders": ["-P1Y"]}, "no months or years"),
    ({"due": D, "reminders": ["-P"]}, "is not a reminder"),
    ({"due": D, "reminders": ["-PT30S"]}, "to the minute"),
    ({"due": D, "reminders": ["-P29D"]}, "more than 28 days"),
    ({"reminders": [D]}, "has no time of day"),
    ({"reminders": ["tomorrow at 9"]}, "is not a reminder"),
    ({"reminders": [""]}, "is not a reminder"),
    ({"reminders": ["2020-01-01T09:00"]}, "is in the past"),
    ({"reminders": ["1900-01-01T09:00"]}, "year must be between"),
    ({"due": f"{D}T10:00", "reminders": ["-P28D"]}, "is in the past"),
    ({"due": D, "reminders": [f"-PT{m}M" for m in range(MAX_REMINDERS + 1)]},
     f"at most {MAX_REMINDERS} reminders"),
]


def test_bad_reminders_are_refused_with_a_reason(db, ann):
    for fields, says in REFUSED:
        with pytest.raises(InvalidInput) as refused:
            add(db, ann, **fields)
        assert refused.value.field == "reminders", fields
        assert says in refused.value.reason, (fields, refused.value.reason)
        assert refused.value.sentence().endswith(".")
    assert tasks.list_tasks(session=db, actor=ann).total == 0


def test_a_list_is_needed_even_past_the_models_check(db, ann):
    data = TaskCreate.model_construct(title="Call mom", reminders="-PT30M")
    with pytest.raises(InvalidInput, match="must be a list of reminders"):
        tasks.add_task(session=db, actor=ann, data=data)


def test_an_offset_on_a_date_only_task_counts_back_from_nine(db, bob):
    task = add(db, bob, due=D, reminders=["-P1D", "-PT0M", "-PT30M"])
    assert rules(task) == [("-P1D", f"{BEFORE}T09:00"), ("-PT30M", f"{D}T08:30"),
                           ("-PT0M", f"{D}T09:00")]


def test_offsets_follow_a_new_due_date_and_times_stay(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M", f"{D}T08:00"])
    moved = update(db, ann, task.id, due=f"{AFTER}T10:00")
    assert rules(moved) == [(f"{D}T08:00", f"{D}T08:00"), ("-PT30M", f"{AFTER}T09:30")]
    assert moved.version == task.version + 1


def test_removing_the_due_date_removes_the_offsets_and_keeps_the_times(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M", f"{D}T08:00"])
    cleared = update(db, ann, task.id, due="")
    assert (cleared.due, rules(cleared)) == (None, [(f"{D}T08:00", f"{D}T08:00")])
    assert cleared.version == task.version + 1
    with pytest.raises(InvalidInput, match="counts back from the due date"):
        update(db, ann, task.id, reminders=["-PT30M"])  # no due date to count back from


def test_a_new_list_replaces_the_old_and_keeps_what_fired(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M", "-PT1H"])
    fired = datetime.now(UTC)
    for row in stored(db, ann, task.id):
        if row.rule == "-PT1H":
            row.fired_at = fired
    db.flush()
    replaced = update(db, ann, task.id, reminders=["-PT1H", "-PT5M"])
    assert [(r.rule, r.fired_at is not None) for r in replaced.reminders] == [
        ("-PT1H", True), ("-PT5M", False)]
    assert replaced.version == task.version + 1
    same = update(db, ann, task.id, reminders=["-PT5M", "-PT1H"])
    assert same.version == replaced.version  # nothing changed
    assert update(db, ann, task.id, reminders=[]).reminders == []
    assert update(db, ann, task.id, title="Call mum").reminders == []


def test_a_reminder_change_is_checked_against_the_version(db, ann):
    task = add(db, ann, due=f"{D}T17:00")
    update(db, ann, task.id, reminders=["-PT5M"])
    with pytest.raises(StaleVersion):
        tasks.update_task(session=db, actor=ann, task_id=task.id,
                          data=TaskUpdate(reminders=["-PT10M"]), expected_version=task.version)


def test_a_due_date_moved_into_the_past_spends_its_reminder(db, ann):
    soon = datetime.now(UTC) + timedelta(hours=3)
    task = add(db, ann, due=soon.strftime("%Y-%m-%dT%H:%M"), reminders=["-PT1H"])
    earlier = (soon - timedelta(hours=2, minutes=30)).strftime("%Y-%m-%dT%H:%M")
    moved = update(db, ann, task.id, due=earlier)
    assert moved.reminders[0].fired_at is not None  # its time passed: it will not fire


def test_a_repeating_tasks_reminders_follow_its_next_occurrence(db, bob):
    task = add(db, bob, due=f"{D}T17:00", repeat="FREQ=DAILY",
               reminders=["-PT30M", f"{D}T08:00"])
    for row in stored(db, bob, task.id):
        row.fired_at, row.late = datetime.now(UTC), True
    db.flush()
    following = tasks.complete_task(session=db, actor=bob, task_id=task.id)
    assert following.due == f"{AFTER}T17:00"
    assert rules(following) == [(f"{AFTER}T08:00", f"{AFTER}T08:00"),
                                ("-PT30M", f"{AFTER}T16:30")]
    assert all(r.fired_at is None and not r.late for r in following.reminders)


def test_a_weekly_date_only_task_moves_its_reminders_a_week(db, ann):
    saturday = DAY + timedelta(days=(5 - DAY.weekday()) % 7)
    task = add(db, ann, due=saturday.isoformat(), repeat="FREQ=WEEKLY;BYDAY=SA",
               reminders=["-P1D", f"{saturday.isoformat()}T07:45"])
    following = tasks.complete_task(session=db, actor=ann, task_id=task.id)
    week = saturday + timedelta(days=7)
    assert rules(following) == [
        ("-P1D", f"{(week - timedelta(days=1)).isoformat()}T09:00"),
        (f"{week.isoformat()}T07:45", f"{week.isoformat()}T07:45"),
    ]


def test_completing_a_plain_task_leaves_its_reminders(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M"])
    done = tasks.complete_task(session=db, actor=ann, task_id=task.id)
    assert rules(done) == rules(task)


def test_lists_carry_each_tasks_reminders_and_nobody_elses(db, ann, bob):
    first = add(db, ann, "one", due=f"{D}T17:00", reminders=["-PT30M"])
    add(db, ann, "two")
    add(db, bob, "bob's", due=f"{D}T17:00", reminders=["-PT10M"])
    page = tasks.list_tasks(session=db, actor=ann)
    assert {t.title: rules(t) for t in page.tasks} == {"one": rules(first), "two": []}


def test_purging_a_task_removes_its_reminders(db, ann):
    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M"])
    tasks.delete_task(session=db, actor=ann, task_id=task.id)
    tasks.purge_deleted(session=db, older_than=timedelta(0),
                        now=datetime.now(UTC) + timedelta(seconds=1))
    assert db.exec(select(Reminder)).all() == []


def test_a_new_time_zone_keeps_the_instants_and_rewrites_the_local_rules(db, ann):
    from todo_reflex.core import users

    task = add(db, ann, due=f"{D}T17:00", reminders=["-PT30M", f"{D}T09:00"])
    before = [r.fire_at for r in stored(db, ann, task.id)]
    users.update_profile(user_id=ann.user_id, timezone="America/New_York", session=db)
    moved = tasks.get_task(session=db, actor=Actor(ann.user_id, "America/New_York"),
                           task_id=task.id)
    assert [r.fire_at for r in stored(db, ann, task.id)] == before
    assert all(r.rule == r.at for r in moved.reminders if not r.rule.startswith("-P"))
    nine_utc = datetime.combine(DAY, time(9), UTC).astimezone(ZoneInfo("America/New_York"))
    assert {r.rule for r in moved.reminders} == {"-PT30M", nine_utc.strftime("%Y-%m-%dT%H:%M")}
