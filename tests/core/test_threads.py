"""Chat threads and messages: ordering, titles, context, isolation."""

from __future__ import annotations

import pytest

from todo_reflex.core import threads
from todo_reflex.core.errors import InvalidInput


def test_thread_life_cycle(db, make_user):
    ann = make_user("ann@example.com").id
    first = threads.create_thread(session=db, user_id=ann)
    second = threads.create_thread(session=db, user_id=ann)
    threads.add_message(session=db, user_id=ann, thread_id=first.id, role="user",
                        content="add buy milk tomorrow")
    threads.add_message(
        session=db, user_id=ann, thread_id=first.id, role="assistant", content="Added.",
        tool_calls=[{"tool": "add_task", "args": {"title": "buy milk"}}],
        context={"last_listed": [3]},
    )
    listed = threads.list_threads(session=db, user_id=ann)
    assert [t.id for t in listed] == [first.id, second.id]
    assert listed[0].title == "add buy milk tomorrow"
    messages = threads.list_messages(session=db, user_id=ann, thread_id=first.id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].tool_calls == [{"tool": "add_task", "args": {"title": "buy milk"}}]
    assert threads.last_context(session=db, user_id=ann, thread_id=first.id) == {
        "last_listed": [3]
    }
    assert threads.last_context(session=db, user_id=ann, thread_id=second.id) == {}
    renamed = threads.rename_thread(session=db, user_id=ann, thread_id=second.id, title=" Plans ")
    assert renamed.title == "Plans"
    threads.delete_thread(session=db, user_id=ann, thread_id=first.id)
    assert [t.id for t in threads.list_threads(session=db, user_id=ann)] == [second.id]


def test_messages_are_validated(db, make_user):
    ann = make_user("ann@example.com").id
    thread = threads.create_thread(session=db, user_id=ann)
    for content in ("", "   ", "x" * 2001):
        with pytest.raises(InvalidInput):
            threads.add_message(
                session=db, user_id=ann, thread_id=thread.id, role="user", content=content
            )


def test_another_users_thread_looks_missing(db, make_user):
    ann, bob = make_user("ann@example.com").id, make_user("bob@example.com").id
    secret = threads.create_thread(session=db, user_id=bob, title="Bob's plans")
    for call in (
        lambda: threads.list_messages(session=db, user_id=ann, thread_id=secret.id),
        lambda: threads.rename_thread(session=db, user_id=ann, thread_id=secret.id, title="x"),
        lambda: threads.delete_thread(session=db, user_id=ann, thread_id=secret.id),
        lambda: threads.add_message(
            session=db, user_id=ann, thread_id=secret.id, role="user", content="hi"
        ),
    ):
        with pytest.raises(threads.ThreadNotFound):
            call()
    assert threads.list_threads(session=db, user_id=ann) == []
    assert threads.list_threads(session=db, user_id=bob)[0].title == "Bob's plans"


def test_messages_page_backwards_by_id(db, make_user):
    ann, bob = make_user("ann@example.com").id, make_user("bob@example.com").id
    thread = threads.create_thread(session=db, user_id=ann)
    other = threads.create_thread(session=db, user_id=bob)
    for n in range(7):
        threads.add_message(session=db, user_id=ann, thread_id=thread.id, role="user",
                            content=f"message {n}")
        threads.add_message(session=db, user_id=bob, thread_id=other.id, role="user",
                            content=f"bob {n}")

    def page(before_id=None):
        return threads.list_messages(session=db, user_id=ann, thread_id=thread.id, limit=3,
                                     before_id=before_id)

    latest = page()
    assert [m.content for m in latest] == ["message 4", "message 5", "message 6"]
    middle = page(latest[0].id)
    assert [m.content for m in middle] == ["message 1", "message 2", "message 3"]
    first = page(middle[0].id)
    assert [m.content for m in first] == ["message 0"]
    assert page(first[0].id) == []
    assert page(10**9) == latest  # an id past the end is the latest page
    with pytest.raises(threads.ThreadNotFound):
        threads.list_messages(session=db, user_id=bob, thread_id=thread.id,
                              before_id=latest[-1].id)
