"""``start_turn``/``finish_turn`` on a real database: one session each, no identity re-check."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from todo_reflex.assistant.chat_orchestration import finish_turn, start_turn
from todo_reflex.assistant.engines import ToolEvent
from todo_reflex.core import threads, tokens, users
from todo_reflex.core.db import dispose_engine, engine_for, session_scope
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Iterator[sa.Engine]:
    """The process-wide settings pointed at a fresh SQLite file (memory rate limits)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    for name, value in {"DATABASE_URL": url, "REDIS_URL": "", "APP_ENV": "test",
                        "AUTH_SECRET": secrets.token_urlsafe(48), "DATA_DIR": str(tmp_path),
                        "ASSISTANT_ENGINE": "offline", "OPENAI_API_KEY": ""}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    upgrade(url)
    try:
        yield engine_for(url)
    finally:
        dispose_engine(url)
        get_settings.cache_clear()


@pytest.fixture
def checkouts(app_db) -> list[int]:
    """Grows by one each time a database connection is taken from the pool."""
    taken: list[int] = []
    sa.event.listen(app_db, "checkout", lambda *_: taken.append(1))
    return taken


def _person(email: str) -> tuple[Actor, int]:
    with session_scope() as session:
        user = users.register_user(session=session, email=email, password="correct horse battery")
        thread = threads.create_thread(session=session, user_id=user.id)
    return Actor(user.id, "Europe/Berlin"), thread.id


def test_a_turn_opens_one_session_each_side_and_carries_the_context(app_db, checkouts):
    actor, thread_id = _person("ann@example.com")
    checkouts.clear()
    turn = start_turn(actor=actor, session_id="sid-1", thread_id=thread_id, message=" add milk ")
    assert len(checkouts) == 1
    assert turn.message == "add milk"
    assert turn.timezone == "Europe/Berlin"
    assert turn.context == {}
    claims = tokens.decode_token(turn.mcp_token, audience=get_settings().mcp_audience)
    assert (claims.user_id, claims.session_id) == (actor.user_id, "sid-1")
    event = ToolEvent("add_task", {"title": "milk"}, True, "Added #1 milk", {"id": 1})
    checkouts.clear()
    finish_turn(actor=actor, thread_id=thread_id, reply="Added milk", events=[event],
                context={"last_task": 1}, engine="offline")
    assert len(checkouts) == 1
    checkouts.clear()
    again = start_turn(actor=actor, session_id="sid-1", thread_id=thread_id, message="done")
    assert len(checkouts) == 1
    assert again.context == {"last_task": 1}
    assert again.history == []  # the offline engine remembers through the context only
    with session_scope() as session:
        stored = threads.list_messages(session=session, user_id=actor.user_id,
                                       thread_id=thread_id)
    assert [(m.role, m.content) for m in stored] == [
        ("user", "add milk"), ("assistant", "Added milk"), ("user", "done")]


def test_the_model_engine_gets_the_history(app_db, checkouts, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ENGINE", "openai")
    get_settings.cache_clear()
    actor, thread_id = _person("bob@example.com")
    start_turn(actor=actor, session_id="s", thread_id=thread_id, message="hello")
    finish_turn(actor=actor, thread_id=thread_id, reply="Hi!", events=[], context={},
                engine="openai")
    checkouts.clear()
    turn = start_turn(actor=actor, session_id="s", thread_id=thread_id, message="add milk")
    assert len(checkouts) == 1
    assert [(h.role, h.content) for h in turn.history] == [("user", "hello"),
                                                           ("assistant", "Hi!")]


def test_another_users_thread_is_refused_and_nothing_is_stored(app_db):
    ann, anns_thread = _person("ann@example.com")
    bob, _ = _person("bob@example.com")
    with pytest.raises(threads.ThreadNotFound):
        start_turn(actor=bob, session_id="s", thread_id=anns_thread, message="delete task 1")
    with session_scope() as session:
        assert threads.list_messages(session=session, user_id=ann.user_id,
                                     thread_id=anns_thread) == []
