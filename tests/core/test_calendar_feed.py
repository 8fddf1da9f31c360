"""The calendar feed: a secret address per user whose ICS parses in any calendar app."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from starlette.testclient import TestClient

from todo_reflex.core import calendar_feed, tasks
from todo_reflex.core.db import session_scope
from todo_reflex.core.models import Task, TaskCreate, User
from todo_reflex.core.tasks import Actor

BERLIN = "Europe/Berlin"


@pytest.fixture
def people(make_user) -> tuple[User, User]:
    return make_user("ann@example.com", BERLIN), make_user("bob@example.com")


def add(engine: sa.Engine, user: User, title: str, **fields) -> int:
    with session_scope(engine) as session:
        actor = Actor(user.id, user.timezone)
        return tasks.add_task(session=session, actor=actor,
                              data=TaskCreate(title=title, **fields)).id


def feed(engine: sa.Engine, user: User) -> Calendar:
    with session_scope(engine) as session:
        return Calendar.from_ical(calendar_feed.render_feed(session=session, user=user))


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_timed_dated_and_repeating_tasks_become_events(engine, people) -> None:
    ann, bob = people
    next_year = date.today().year + 1
    add(engine, ann, "Dentist", due=f"{next_year}-03-02T15:00", priority="high",
        description="Bring the card", tags=["health"])
    add(engine, ann, "Pay rent", due=f"{next_year}-03-01", repeat="FREQ=MONTHLY;BYMONTHDAY=1")
    add(engine, ann, "Someday", description="no date: not in a calendar")
    done = add(engine, ann, "Done already", due=f"{next_year}-03-03")
    with session_scope(engine) as session:
        tasks.complete_task(session=session, actor=Actor(ann.id, BERLIN), task_id=done)
    add(engine, bob, "Bob's secret", due=f"{next_year}-03-02")

    found = events(feed(engine, ann))
    assert set(found) == {"Dentist", "Pay rent"}
    dentist = found["Dentist"]
    start = dentist.decoded("dtstart")
    assert start == datetime(next_year, 3, 2, 15, 0, tzinfo=ZoneInfo(BERLIN))
    assert dentist.decoded("dtend") - start == timedelta(minutes=30)
    assert str(dentist["description"]) == "Bring the card"
    assert dentist["priority"] == 1
    assert [str(c) for c in dentist["categories"].cats] == ["health"]
    rent = found["Pay rent"]
    assert rent.decoded("dtstart") == date(next_year, 3, 1)  # all day
    assert rent.decoded("dtend") == date(next_year, 3, 2)
    assert rent["rrule"]["FREQ"] == ["MONTHLY"]
    assert rent["rrule"]["BYMONTHDAY"] == [1]
    assert set(events(feed(engine, bob))) == {"Bob's secret"}


def test_the_address_finds_only_its_owner_and_dies_when_replaced_or_off(engine, people) -> None:
    ann, bob = people
    with session_scope(engine) as session:
        first = calendar_feed.create_feed(session=session, user_id=ann.id)
        bobs = calendar_feed.create_feed(session=session, user_id=bob.id)
    with session_scope(engine) as session:
        assert calendar_feed.feed_owner(session=session, key=first).id == ann.id
        assert calendar_feed.feed_owner(session=session, key=bobs).id == bob.id
        assert calendar_feed.feed_owner(session=session, key=first + "x") is None
        second = calendar_feed.create_feed(session=session, user_id=ann.id)
    with session_scope(engine) as session:
        assert calendar_feed.feed_owner(session=session, key=first) is None  # replaced
        assert calendar_feed.feed_owner(session=session, key=second).id == ann.id
        calendar_feed.delete_feed(session=session, user_id=ann.id)
    with session_scope(engine) as session:
        assert calendar_feed.feed_owner(session=session, key=second) is None
        assert calendar_feed.feed_created_at(session=session, user_id=ann.id) is None


def test_the_backend_serves_the_feed_over_http(engine, people, monkeypatch) -> None:
    """Through the backend's route, on the database the settings name."""
    from todo_reflex import api
    from todo_reflex.core import db

    monkeypatch.setattr(db, "get_engine", lambda: engine)
    ann, _ = people
    add(engine, ann, "Dentist", due=f"{date.today().year + 1}-03-02T15:00")
    with session_scope(engine) as session:
        key = calendar_feed.create_feed(session=session, user_id=ann.id)
    client = TestClient(api.api)
    answer = client.get(f"/calendar/{key}.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert set(events(Calendar.from_ical(answer.content))) == {"Dentist"}
    assert client.get("/calendar/not-a-key.ics").status_code == 404


def test_a_task_that_cannot_be_written_is_left_out_not_a_failed_feed(
    engine, people, monkeypatch, caplog
) -> None:
    """A rule stored before the bounds existed (the audit's probe) spoils no feed, on either
    database; the log names the task but not the feed's key (test_logs: nor the access log)."""
    from todo_reflex import api
    from todo_reflex.core import db

    monkeypatch.setattr(db, "get_engine", lambda: engine)
    ann, _ = people
    next_year = date.today().year + 1
    add(engine, ann, "Dentist", due=f"{next_year}-03-02T15:00")
    broken = add(engine, ann, "Broken rule", due=f"{next_year}-03-03")
    with session_scope(engine) as session:
        session.execute(sa.update(Task).where(Task.user_id == ann.id, Task.number == broken)
                        .values(repeat_rule="FREQ=DAILY;INTERVAL=99999999999999999999"))
        stored_id = session.exec(sa.select(Task.id).where(
            Task.user_id == ann.id, Task.number == broken)).one()[0]
        key = calendar_feed.create_feed(session=session, user_id=ann.id)
    with caplog.at_level("INFO"):
        answer = TestClient(api.api).get(f"/calendar/{key}.ics")
    assert answer.status_code == 200
    assert set(events(Calendar.from_ical(answer.content))) == {"Dentist"}
    left_out = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert left_out and f"task {stored_id} " in left_out[0]
    ours = [r for r in caplog.records if r.name.startswith("todo_reflex")]
    assert ours and not [r for r in ours if key in r.getMessage()]


def test_reminders_become_alarms_that_follow_each_occurrence(engine, people) -> None:
    ann, _ = people
    day = date.today() + timedelta(days=10)
    add(engine, ann, "Dentist", due=f"{day}T15:00",
        reminders=["-PT30M", f"{day}T08:00"])
    add(engine, ann, "Bins", due=f"{day}", repeat="FREQ=WEEKLY",
        reminders=["-P1D", f"{day}T07:30"])
    found = events(feed(engine, ann))
    dentist = sorted((a.decoded("trigger") for a in found["Dentist"].walk("VALARM")),
                     key=str)
    berlin = ZoneInfo(BERLIN)
    assert timedelta(minutes=-30) in dentist  # relative: moves with the due time
    assert datetime.combine(day, datetime.min.time().replace(hour=8), berlin) in dentist
    bins = {a.decoded("trigger") for a in found["Bins"].walk("VALARM")}
    # all-day, repeating: both relative to the day's midnight, so every week has them
    assert bins == {timedelta(hours=9) - timedelta(days=1), timedelta(hours=7, minutes=30)}
    for alarm in found["Dentist"].walk("VALARM"):
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == "Reminder: Dentist"
