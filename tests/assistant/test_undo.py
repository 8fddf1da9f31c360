"""Undo in chat, end to end through a live MCP server: each "undo" reverts the previous write
of this conversation, newest first, and only in this conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import tasks_of
from todo_reflex.assistant.engines import OfflineEngine

engine_stack = engine_fixtures.engine_stack_on_both
chat = engine_fixtures.chat
engine = engine_fixtures.offline_engine
NOW = engine_fixtures.NOW


def live(stack, person):
    """The person's tasks that are not deleted, by number."""
    return {t.id: t for t in tasks_of(stack, person)}


async def test_undo_reverts_writes_newest_first(chat, engine_stack):
    ann = chat("ann")
    first = (await ann.say("add buy milk tomorrow p2")).tools[0].result["id"]
    second = (await ann.say("add call mom")).tools[0].result["id"]
    await ann.say(f"move task {first} to friday")
    await ann.say(f"complete task {second}")
    assert live(engine_stack, ann.person)[second].completed

    reply = await ann.say("undo")
    assert [(e.tool, e.ok) for e in reply.tools] == [("uncomplete_task", True)]
    assert "Undone" in reply.text
    assert not live(engine_stack, ann.person)[second].completed

    reply = await ann.say("undo that")
    assert [(e.tool, e.ok) for e in reply.tools] == [("update_task", True)]
    assert reply.tools[0].args["due"].startswith("2026-11-27")
    assert live(engine_stack, ann.person)[first].due_at.date().isoformat() == "2026-11-27"

    reply = await ann.say("undo")
    assert [(e.tool, e.ok) for e in reply.tools] == [("delete_task", True)]
    assert second not in live(engine_stack, ann.person)

    await ann.say("undo")
    await ann.say("undo")
    assert live(engine_stack, ann.person) == {}
    reply = await ann.say("undo")
    assert reply.tools == []
    assert "nothing to undo" in reply.text.lower()


TOOLS = Path(__file__).parents[2] / "mcp_server" / "tools.py"
HAS_RESTORE = "def restore_task" in TOOLS.read_text()


@pytest.mark.skipif(not HAS_RESTORE, reason="the MCP server has no restore_task tool yet")
async def test_undo_brings_a_deleted_task_back_with_its_number(chat, engine_stack):
    ann = chat("ann")
    task_id = (await ann.say("add renew passport #admin")).tools[0].result["id"]
    await ann.say(f"delete task {task_id}")
    assert task_id not in live(engine_stack, ann.person)
    reply = await ann.say("undo")
    assert [(e.tool, e.ok, e.write) for e in reply.tools] == [("restore_task", True, True)]
    restored = live(engine_stack, ann.person)[task_id]
    assert restored.title == "renew passport"


async def test_the_log_belongs_to_its_conversation(chat, engine_stack):
    ann = chat("ann")
    await ann.say("add water the plants")
    other = chat("bob")
    other_reply = await other.say("undo")
    assert other_reply.tools == []
    assert "nothing to undo" in other_reply.text.lower()
    # a fresh thread of the same user starts with an empty log too
    ann_again = engine_fixtures.Conversation(ann.engine, engine_stack, ann.person)
    reply = await ann_again.say("undo")
    assert reply.tools == []
    assert len(live(engine_stack, ann.person)) == 1


async def test_undo_after_a_tag_change_through_the_stored_context(engine_stack):
    """Issue 24: add, tag, undo, undo, each turn's context stored and read back as the app does,
    on two engine instances (two replicas)."""
    with engine_fixtures.app_settings(engine_stack) as settings:
        engines = tuple(OfflineEngine(settings, clock=lambda: NOW) for _ in range(2))
        ann = engine_fixtures.AppThread(engines, engine_fixtures.new_person(engine_stack, "ann"))
        task_id = (await ann.say("add undo probe friday")).tools[0].result["id"]
        await ann.say("tag undo probe #probe")
        assert live(engine_stack, ann.person)[task_id].tags == "probe"

        reply = await ann.say("undo")
        assert [(e.tool, e.ok) for e in reply.tools] == [("update_task", True)], reply.text
        assert live(engine_stack, ann.person)[task_id].tags == ""
        assert live(engine_stack, ann.person)[task_id].due_at.date().isoformat() == "2026-11-27"
        reply = await ann.say("undo")
        assert [(e.tool, e.ok) for e in reply.tools] == [("delete_task", True)], reply.text
        assert live(engine_stack, ann.person) == {}
        assert "nothing to undo" in (await ann.say("undo")).text.lower()
