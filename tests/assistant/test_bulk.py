"""Bulk edits end to end through a live MCP server: the plan lists the tasks, waits for a yes
when more than one is involved, and one "undo" reverts the whole group."""

from __future__ import annotations

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import tasks_of

engine_stack = engine_fixtures.engine_stack_on_both
chat = engine_fixtures.chat
engine = engine_fixtures.offline_engine
NOW = engine_fixtures.NOW


def days(stack, person):
    return {t.title: (t.due_at.date().isoformat() if t.due_at else None, t.completed)
            for t in tasks_of(stack, person)}


async def test_push_everything_overdue_asks_then_moves_and_undo_puts_back(chat, engine_stack):
    ann = chat("ann")
    for text in ("add pay bill due 2026-11-24", "add return books due 2026-11-25", "add call mom"):
        await ann.say(text)
    before = days(engine_stack, ann.person)
    asked = await ann.say("push everything overdue to tomorrow")
    assert asked.tools == []
    assert asked.done.context.get("pending")
    assert "pay bill" in asked.text
    assert "return books" in asked.text
    assert "2 tasks" in asked.text
    assert days(engine_stack, ann.person) == before

    done = await ann.say("yes")
    assert [(e.tool, e.ok) for e in done.tools] == [("update_task", True)] * 2
    now = days(engine_stack, ann.person)
    assert now["pay bill"][0] == now["return books"][0] == "2026-11-27"
    assert now["call mom"] == before["call mom"]

    undone = await ann.say("undo")
    assert [e.tool for e in undone.tools] == ["update_task"] * 2
    assert days(engine_stack, ann.person) == before


async def test_no_cancels_and_anything_else_drops_the_pending_plan(chat, engine_stack):
    ann = chat("ann")
    for text in ("add eggs #shopping", "add soap #shopping", "add call mom"):
        await ann.say(text)
    asked = await ann.say("complete all #shopping tasks")
    assert asked.tools == []
    assert "eggs" in asked.text
    assert "soap" in asked.text
    cancelled = await ann.say("no")
    assert cancelled.tools == []
    assert "pending" not in cancelled.done.context
    await ann.say("complete all #shopping tasks")
    await ann.say("show my tasks")  # something else: the plan is dropped
    late = await ann.say("yes")
    assert late.tools == []
    assert not any(done for _, done in days(engine_stack, ann.person).values())

    await ann.say("mark all of today's tasks done")  # none are due today
    assert not any(done for _, done in days(engine_stack, ann.person).values())
    asked = await ann.say("complete all #shopping tasks")
    done = await ann.say("go ahead")
    assert [(e.tool, e.ok) for e in done.tools] == [("complete_task", True)] * 2
    assert days(engine_stack, ann.person)["call mom"][1] is False


async def test_delete_everything_tagged_touches_only_that_tag(chat, engine_stack):
    ann = chat("ann")
    for text in ("add old thing one #old", "add old thing two #old", "add keep me"):
        await ann.say(text)
    asked = await ann.say("delete everything tagged #old")
    assert asked.tools == []
    assert "delete 2 tasks" in asked.text
    done = await ann.say("yes")
    assert [(e.tool, e.ok) for e in done.tools] == [("delete_task", True)] * 2
    assert list(days(engine_stack, ann.person)) == ["keep me"]


async def test_one_task_is_acted_on_at_once(chat, engine_stack):
    ann = chat("ann")
    await ann.say("add eggs #shopping")
    await ann.say("add call mom")
    reply = await ann.say("complete all #shopping tasks")
    assert [(e.tool, e.ok) for e in reply.tools] == [("complete_task", True)]
