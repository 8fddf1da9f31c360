"""Reminders said in chat, end to end: the offline engine plans them and the live MCP server
(SQLite stack) stores them, so ``get_task`` returns what was asked for."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import Conversation, fresh_token
from tests.support.mcp import McpStack
from todo_reflex.assistant.engines import OfflineEngine
from todo_reflex.core.settings import Settings

engine_stack = engine_fixtures.engine_stack
chat = engine_fixtures.chat


@pytest.fixture(scope="module")
def engine(engine_stack: McpStack) -> OfflineEngine:
    """The offline engine on the real clock: the server refuses reminders already past."""
    return OfflineEngine(Settings(mcp_server_url=engine_stack.url))


async def _get_task(stack: McpStack, ann: Conversation, task_id: int) -> dict[str, Any]:
    async with stack.client(fresh_token(stack, ann.person)) as client:
        result = await client.call_tool("get_task", {"task_id": task_id})
    return result.structured_content


async def test_remind_me_30_minutes_before_is_stored_on_the_new_task(chat, engine_stack):
    ann = chat("ann")
    added = await ann.say("add dentist friday at 3pm remind me 30 minutes before")
    [event] = added.tools
    assert (event.tool, event.ok, event.args["title"]) == ("add_task", True, "dentist")
    assert event.args["reminders"] == ["-PT30M"]
    task = await _get_task(engine_stack, ann, event.result["id"])
    due = datetime.fromisoformat(task["due"])
    assert (due.strftime("%A %H:%M"), len(task["reminders"])) == ("Friday 15:00", 1)
    [reminder] = task["reminders"]
    assert reminder["rule"] == "-PT30M"
    assert reminder["at"] == (due - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    assert "reminder 14:30" in added.text


async def test_a_reminder_on_a_task_keeps_the_ones_it_has_and_undo_brings_them_back(
        chat, engine_stack):
    ann = chat("ann")
    first = await ann.say("remind me to call mom tomorrow at 6pm")
    [event] = first.tools
    task_id = event.result["id"]
    assert event.args["reminders"] == ["-PT0M"]

    more = await ann.say(f"set a reminder for task {task_id} an hour before")
    [event] = more.tools
    assert (event.tool, event.args) == ("update_task",
                                        {"task_id": task_id, "reminders": ["-PT0M", "-PT1H"]})
    task = await _get_task(engine_stack, ann, task_id)
    assert sorted(r["rule"] for r in task["reminders"]) == ["-PT0M", "-PT1H"]

    gone = await ann.say(f"no reminders on task {task_id}")
    assert [(e.tool, e.args.get("reminders")) for e in gone.tools] == [("update_task", [])]
    assert (await _get_task(engine_stack, ann, task_id))["reminders"] == []

    await ann.say("undo")
    task = await _get_task(engine_stack, ann, task_id)
    assert sorted(r["rule"] for r in task["reminders"]) == ["-PT0M", "-PT1H"]
