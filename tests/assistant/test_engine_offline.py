"""The offline engine end to end against a live MCP server over HTTP (SQLite stack)."""

from __future__ import annotations

import json

import pytest

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import fresh_token, new_person, tasks_of
from todo_reflex.assistant.engines import Done, OfflineEngine, TextDelta, ToolEvent, TurnInput
from todo_reflex.core.settings import Settings
from todo_reflex.processes import free_port

engine_stack = engine_fixtures.engine_stack
chat = engine_fixtures.chat


@pytest.fixture(scope="module")
def engine(engine_stack):
    return OfflineEngine(Settings(mcp_server_url=engine_stack.url))


async def test_add_list_complete_update_delete(chat, engine_stack):
    ann = chat("ann")
    added = await ann.say("add buy milk tomorrow at 5pm #shopping p1")
    [event] = added.tools
    assert event.ok
    assert event.write
    assert event.tool == "add_task"
    assert event.args["title"].lower() == "buy milk"
    assert event.args["priority"] == "high"
    task_id = event.result["id"]
    assert event.summary.startswith(f"Added #{task_id} ")
    assert "· due " in event.summary
    assert "Buy milk" in added.text or "buy milk" in added.text
    # the reply is whole before anything is sent: one push, not one per word
    assert [e.text for e in added.events if isinstance(e, TextDelta)] == [added.done.reply]
    [row] = tasks_of(engine_stack, ann.person)
    assert row.priority == "high"
    assert row.due_has_time
    assert event.result["tags"] == ["shopping"]

    await ann.say("add call the plumber")
    listed = await ann.say("show my pending tasks")
    [event] = listed.tools
    assert event.tool == "list_tasks"
    assert event.ok
    assert not event.write
    assert event.summary == "Listed 2 tasks"
    assert "Call the plumber" in listed.text or "call the plumber" in listed.text
    assert sorted(ann.context["last_listed"]) == sorted(t.id for t in tasks_of(engine_stack,
                                                                              ann.person))

    done = await ann.say(f"complete task {task_id}")
    assert [(e.tool, e.ok) for e in done.tools] == [("complete_task", True)]
    assert "Completed" in done.text

    renamed = await ann.say(f"rename task {task_id} to buy oat milk")
    assert [(e.tool, e.args.get("title")) for e in renamed.tools] == [
        ("update_task", "buy oat milk")]
    assert {t.id: t.title for t in tasks_of(engine_stack, ann.person)}[task_id] == "buy oat milk"

    deleted = await ann.say(f"delete task {task_id}")
    assert [(e.tool, e.ok, e.write) for e in deleted.tools] == [("delete_task", True, True)]
    assert task_id not in [t.id for t in tasks_of(engine_stack, ann.person)]
    assert all(d.done.engine == "offline" and d.done.note is None
               for d in (added, listed, done, renamed, deleted))
    json.dumps([e.to_dict() for e in deleted.events + [deleted.done]])  # storable as-is


async def test_tool_error_becomes_a_friendly_sentence(chat, engine_stack):
    ann = chat("ann")
    reply = await ann.say("complete task 999999")
    [event] = reply.tools
    assert not event.ok
    assert not event.write
    assert event.error_code == "TASK_NOT_FOUND"
    assert event.summary.startswith("Couldn't complete #999999: ")
    assert "TASK_NOT_FOUND" not in event.summary + reply.text  # sentences, never codes
    assert "couldn't find" in reply.text.lower()


async def test_another_users_task_looks_missing(chat, engine_stack):
    bob = chat("bob")
    own = (await bob.say("add feed the cat")).tools[0].result["id"]
    ann = chat("ann")
    reply = await ann.say(f"delete task {own}")
    assert reply.tools[0].error_code == "TASK_NOT_FOUND"
    assert [t.title for t in tasks_of(engine_stack, bob.person)] == ["feed the cat"]


async def test_clarification_round_trip(chat, engine_stack):
    ann = chat("ann")
    await ann.say("add call mom")
    await ann.say("add call the dentist")
    asked = await ann.say("mark call done")
    assert asked.tools == []
    assert "call mom" in asked.text.lower()
    assert "call the dentist" in asked.text.lower()
    assert all(not t.completed for t in tasks_of(engine_stack, ann.person))
    answered = await ann.say("the dentist one")
    [event] = answered.tools
    assert event.tool == "complete_task"
    assert event.ok
    state = {t.title: t.completed for t in tasks_of(engine_stack, ann.person)}
    assert state == {"call mom": False, "call the dentist": True}


async def test_confirmation_round_trip_touches_only_own_tasks(chat, engine_stack):
    bob = chat("bob")
    await bob.say("add bobs old chore")
    await bob.say("complete bobs old chore")
    ann = chat("ann")
    for title in ("pay rent", "water plants", "book flights"):
        await ann.say(f"add {title}")
    await ann.say("complete pay rent")
    await ann.say("complete water plants")

    asked = await ann.say("delete all completed tasks")
    assert asked.tools == []
    assert "yes" in asked.text.lower()
    assert len(tasks_of(engine_stack, ann.person)) == 3
    confirmed = await ann.say("yes")
    assert [(e.tool, e.ok) for e in confirmed.tools] == [("delete_task", True)] * 2
    assert [t.title for t in tasks_of(engine_stack, ann.person)] == ["book flights"]
    assert [(t.title, t.completed) for t in tasks_of(engine_stack, bob.person)] == [
        ("bobs old chore", True)]
    again = await ann.say("yes")
    assert again.tools == []  # the confirmation was used up


async def test_the_second_one_after_a_list(chat, engine_stack):
    ann = chat("ann")
    for title in ("alpha errand", "beta errand", "gamma errand"):
        await ann.say(f"add {title}")
    listed = await ann.say("list my tasks")
    shown = listed.tools[0].result["tasks"]
    second = shown[1]
    reply = await ann.say("mark the second one done")
    [event] = reply.tools
    assert event.tool == "complete_task"
    assert event.args == {"task_id": second["id"]}
    done = {t.title for t in tasks_of(engine_stack, ann.person) if t.completed}
    assert done == {second["title"]}


async def test_greeting_needs_no_tool_and_keeps_context(chat):
    ann = chat("ann")
    ann.context = {"last_listed": [1, 2]}
    reply = await ann.say("hello")
    assert reply.tools == []
    assert "add" in reply.text.lower()
    assert reply.done.context == {"last_listed": [1, 2]}


async def test_mcp_unreachable_is_an_apology_not_an_exception(engine_stack):
    person = new_person(engine_stack, "down")
    down = OfflineEngine(Settings(mcp_server_url=f"http://127.0.0.1:{free_port()}/mcp"))
    turn = TurnInput(user_id=person.id, timezone="UTC", mcp_token=fresh_token(engine_stack, person),
                     message="add buy milk", history=[], context={"last_task": 3})
    events = [e async for e in down.respond(turn)]
    done = events[-1]
    assert isinstance(done, Done)
    assert "can't reach your task list" in done.reply
    assert done.context == {"last_task": 3}
    assert done.note
    assert not any(isinstance(e, ToolEvent) for e in events)


async def test_expired_session_says_sign_in_again(engine_stack, engine):
    person = new_person(engine_stack, "expired")
    turn = TurnInput(user_id=person.id, timezone="UTC", mcp_token="not-a-token",
                     message="show my tasks")
    events = [e async for e in engine.respond(turn)]
    assert "sign in again" in events[-1].reply


async def test_a_listing_is_in_the_task_panels_order(chat, engine_stack):
    from todo_reflex.core.settings import use_settings
    from todo_reflex.core.tasks import Actor
    from todo_reflex.states.task_panel import pending_page

    cy = chat("cy")
    for line in ("add no date at all", "add pay rent on 2031-03-05", "add call mom 2031-01-02",
                 "add book flights 2031-02-01 at 9am"):
        await cy.say(line)
    [event] = (await cy.say("show my tasks")).tools
    listed = [task["title"].lower() for task in event.result["tasks"]]
    assert listed == ["call mom", "book flights", "pay rent", "no date at all"]
    with use_settings(engine_stack.settings):
        panel = pending_page(Actor(cy.person.id, "UTC"))
    assert [task.title.lower() for task in panel.items] == listed
