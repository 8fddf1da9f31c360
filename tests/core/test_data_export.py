"""Export my data: everything of the user, nothing of anyone else, no secrets."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa

from todo_reflex.core import api_tokens, calendar_feed, data_export, tasks, threads
from todo_reflex.core.db import session_scope
from todo_reflex.core.delivery import deliver_due
from todo_reflex.core.mailer import Mailer
from todo_reflex.core.models import Reminder, TaskCreate
from todo_reflex.core.settings import Settings
from todo_reflex.core.tasks import Actor


def test_export_holds_all_of_the_users_data_and_none_of_anothers(engine, make_user) -> None:
    ann, bob = make_user("ann@example.com", "Europe/Berlin"), make_user("bob@example.com")
    with session_scope(engine) as session:
        for user, title in ((ann, "Ann's task"), (bob, "Bob's task")):
            actor = Actor(user.id, user.timezone)
            tasks.add_task(session=session, actor=actor,
                           data=TaskCreate(title=title, due="2030-01-02T09:30",
                                           reminders=["-PT30M"]))
            thread = threads.create_thread(session=session, user_id=user.id)
            threads.add_message(session=session, user_id=user.id, thread_id=thread.id,
                                role="user", content=f"hello from {user.email}")
        calendar_feed.create_feed(session=session, user_id=ann.id)
    with session_scope(engine) as session:
        token = api_tokens.create_api_token(session=session, user_id=ann.id, name="laptop")

    with session_scope(engine) as session:  # the reminders fall due and are delivered
        session.execute(sa.update(Reminder).values(fire_at=datetime.now(UTC)))
    with Mailer(Settings(app_env="test")) as mailer:
        deliver_due(engine=engine, mailer=mailer, settings=mailer.settings, limit=10)

    with session_scope(engine) as session:
        data = data_export.export_user_data(session=session, user_id=ann.id)
    text = json.dumps(data)  # JSON-compatible as it is
    assert data["format"] == data_export.FORMAT
    assert data["profile"]["email"] == "ann@example.com"
    assert [t["title"] for t in data["tasks"]] == ["Ann's task"]
    assert data["tasks"][0]["due"] == "2030-01-02T09:30"  # in Ann's zone
    assert data["tasks"][0]["reminders"][0]["rule"] == "-PT30M"
    assert [n["title"] for n in data["notifications"]] == ["Ann's task"]
    (conversation,) = data["conversations"]
    assert [m["content"] for m in conversation["messages"]] == ["hello from ann@example.com"]
    assert [t["name"] for t in data["access_tokens"]] == ["laptop"]
    assert data["calendar_feed"] is True
    assert "bob" not in text.lower()
    assert token.plaintext not in text
    assert "token_hash" not in text
    assert "password" not in text
