"""Deleting is undoable: a deleted task is hidden everywhere, restorable with its number, and
purged for good only after ``DELETED_KEPT_DAYS`` (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session

from todo_reflex.core import calendar_feed, data_export, tasks
from todo_reflex.core import settings as settings_module
from todo_reflex.core.cli import main
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import TaskNotFound
from todo_reflex.core.models import TaskCreate, User, utcnow
from todo_reflex.core.tasks import Actor

NEXT_YEAR = date.today().year + 1


@pytest.fixture
def ann(make_user) -> User:
    return make_user("ann@example.com")


def actor(user: User) -> Actor:
    return Actor(user.id, user.timezone)


def add(db: Session, user: User, title: str, **fields):
    return tasks.add_task(session=db, actor=actor(user), data=TaskCreate(title=title, **fields))


def delete(db: Session, user: User, number: int):
    return tasks.delete_task(session=db, actor=actor(user), task_id=number)


def test_a_deleted_task_is_hidden_from_every_read(db, ann):
    kept = add(db, ann, "kept", tags=["home"], due=f"{NEXT_YEAR}-03-01")
    gone = add(db, ann, "gone", tags=["old"], due=f"{NEXT_YEAR}-03-02")
    deleted = delete(db, ann, gone.id)
    assert deleted.id == gone.id
    assert deleted.title == "gone"
    me = actor(ann)
    with pytest.raises(TaskNotFound):
        tasks.get_task(session=db, actor=me, task_id=gone.id)
    for operation in (tasks.complete_task, tasks.uncomplete_task, tasks.delete_task):
        with pytest.raises(TaskNotFound):
            operation(session=db, actor=me, task_id=gone.id)
    page = tasks.list_tasks(session=db, actor=me, with_total=True)
    assert [t.title for t in page.tasks] == ["kept"]
    assert page.total == 1
    assert tasks.list_tasks(session=db, actor=me, query="gone").total == 0
    assert tasks.known_tags(session=db, actor=me) == ["home"]
    assert [t["title"] for t in data_export.export_user_data(session=db, user_id=ann.id)[
        "tasks"]] == ["kept"]
    feed = Calendar.from_ical(calendar_feed.render_feed(session=db, user=ann))
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["kept"]
    assert str(feed.walk("VEVENT")[0]["uid"]) == f"task-{ann.id}-{kept.id}@todo-app"


def test_restore_brings_the_task_back_with_its_number(db, ann):
    first = add(db, ann, "first", priority="high", tags=["work"])
    add(db, ann, "second")
    delete(db, ann, first.id)
    restored = tasks.restore_task(session=db, actor=actor(ann), task_id=first.id)
    assert restored.id == first.id == 1
    assert (restored.title, restored.priority, restored.tags) == ("first", "high", ["work"])
    assert tasks.get_task(session=db, actor=actor(ann), task_id=1).title == "first"
    again = tasks.restore_task(session=db, actor=actor(ann), task_id=1)  # idempotent
    assert again.version == restored.version
    assert add(db, ann, "third").id == 3


def test_restore_is_only_for_the_owner_and_for_known_numbers(db, ann, make_user):
    bob = make_user("bob@example.com")
    secret = add(db, bob, "Bob's secret")
    delete(db, bob, secret.id)
    for number in (secret.id, 99):
        with pytest.raises(TaskNotFound):
            tasks.restore_task(session=db, actor=actor(ann), task_id=number)
    assert tasks.restore_task(session=db, actor=actor(bob), task_id=secret.id).title == (
        "Bob's secret"
    )


def test_clear_completed_is_restorable_too(db, ann):
    done = add(db, ann, "done")
    tasks.complete_task(session=db, actor=actor(ann), task_id=done.id)
    add(db, ann, "open")
    assert tasks.clear_completed(session=db, actor=actor(ann)) == 1
    assert tasks.clear_completed(session=db, actor=actor(ann)) == 0  # nothing left to clear
    back = tasks.restore_task(session=db, actor=actor(ann), task_id=done.id)
    assert back.completed is True
    assert back.id == done.id


def test_purge_removes_only_old_deletions_and_numbers_stay_used(db, ann):
    old, recent, live = (add(db, ann, t) for t in ("old", "recent", "live"))
    delete(db, ann, old.id)
    delete(db, ann, recent.id)
    later = utcnow() + timedelta(days=tasks.DELETED_KEPT_DAYS, hours=1)
    assert tasks.purge_deleted(session=db, older_than=timedelta(days=31), now=later) == 0
    assert tasks.purge_deleted(session=db, now=later) == 2
    with pytest.raises(TaskNotFound):
        tasks.restore_task(session=db, actor=actor(ann), task_id=old.id)
    assert tasks.get_task(session=db, actor=actor(ann), task_id=live.id).title == "live"
    assert add(db, ann, "next").id == 4


def test_todo_admin_purge_deleted(engine, ann, monkeypatch, capsys):
    if engine.dialect.name != "sqlite":
        pytest.skip("the command is the same on both stacks; run it once")
    with session_scope(engine) as db:
        number = add(db, ann, "gone").id
        delete(db, ann, number)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    settings_module.get_settings.cache_clear()
    try:
        assert main(["purge-deleted", "--days", "1"]) == 0
        assert capsys.readouterr().out.startswith("purged 0 task(s)")
        assert main(["purge-deleted", "--days", "0"]) == 0
        assert capsys.readouterr().out.startswith("purged 1 task(s)")
        assert main(["purge-deleted", "--days", "-1"]) == 1
        assert "days" in capsys.readouterr().err
    finally:
        settings_module.get_settings.cache_clear()
