"""Reminders through the MCP tools: set with add_task/update_task, shown by get_task/list_tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.mcp import refused
from todo_reflex.core.limits import MAX_REMINDERS

DAY = (date.today() + timedelta(days=10)).isoformat()
NEXT = (date.today() + timedelta(days=11)).isoformat()


def shown(task: dict) -> list[tuple[str, str]]:
    return [(r["rule"], r["at"]) for r in task["reminders"]]


async def test_reminders_round_trip_through_the_tools(stack):
    person = stack.person(f"remind-{stack.name.replace('+', '-')}@example.com")
    async with stack.client(person.token) as client:
        added = await client.call_tool("add_task", {
            "title": "tea", "due": f"{DAY}T17:00", "reminders": ["-PT30M", f"{DAY}T09:00"]})
        task = added.structured_content
        assert shown(task) == [(f"{DAY}T09:00", f"{DAY}T09:00"), ("-PT30M", f"{DAY}T16:30")]
        assert task["reminders"][0] == {"rule": f"{DAY}T09:00", "at": f"{DAY}T09:00",
                                        "fired_at": None, "late": False}
        assert added.content[0].text.endswith(f"reminder {DAY} 09:00, {DAY} 16:30)")
        got = (await client.call_tool("get_task", {"task_id": task["id"]})).structured_content
        assert got["reminders"] == task["reminders"]
        moved = (await client.call_tool("update_task", {"task_id": task["id"],
                                                        "due": f"{NEXT}T08:00"})
                 ).structured_content
        assert shown(moved) == [(f"{DAY}T09:00", f"{DAY}T09:00"), ("-PT30M", f"{NEXT}T07:30")]
        replaced = (await client.call_tool("update_task", {"task_id": task["id"],
                                                           "reminders": ["-P1D"]})
                    ).structured_content
        assert shown(replaced) == [("-P1D", f"{DAY}T08:00")]
        page = (await client.call_tool("list_tasks", {})).structured_content
        assert shown(page["tasks"][0]) == [("-P1D", f"{DAY}T08:00")]
        cleared = (await client.call_tool("update_task", {"task_id": task["id"],
                                                          "reminders": []})).structured_content
        assert cleared["reminders"] == []


async def test_a_repeating_task_takes_its_reminders_to_the_next_occurrence(stack):
    async with stack.in_memory(stack.ann) as client:
        task = (await client.call_tool("add_task", {
            "title": "pills", "due": f"{DAY}T08:00", "repeat": "FREQ=DAILY",
            "reminders": ["-PT15M"]})).structured_content
        following = (await client.call_tool("complete_task", {"task_id": task["id"]})
                     ).structured_content
        await client.call_tool("delete_task", {"task_id": task["id"]})
    assert shown(following) == [("-PT15M", f"{NEXT}T07:45")]


@pytest.mark.parametrize(("args", "says"), [
    ({"title": "tea", "reminders": ["-PT30M"]},
     "Invalid reminders: -PT30M counts back from the due date, and the task has none"),
    ({"title": "tea", "due": DAY, "reminders": ["in an hour"]},
     "Invalid reminders: 'in an hour' is not a reminder"),
    ({"title": "tea", "due": DAY, "reminders": ["PT30M"]}, "counts forward"),
    ({"title": "tea", "reminders": ["2020-01-01T09:00"]}, "2020-01-01T09:00 is in the past"),
    ({"title": "tea", "due": DAY, "reminders": [f"-PT{m}M" for m in range(MAX_REMINDERS + 1)]},
     None),
    ({"title": "tea", "reminders": "-PT30M"}, None),
])
async def test_bad_reminders_get_a_clear_coded_refusal(stack, args, says):
    async with stack.in_memory(stack.ann) as client:
        refusal = await refused(client, "add_task", args)
        listed = (await client.call_tool("list_tasks", {"query": "tea"})).structured_content
    assert (refusal.code, refusal.field) == ("INVALID_INPUT", "reminders"), refusal
    if says:
        assert says in refusal.text, refusal.text
    assert listed["tasks"] == []


async def test_clearing_the_due_date_takes_its_offsets_along_and_says_so(stack):
    async with stack.in_memory(stack.ann) as client:
        task = (await client.call_tool("add_task", {
            "title": "bins", "due": f"{DAY}T19:00", "reminders": ["-PT1H", f"{DAY}T07:00"]})
        ).structured_content
        cleared = await client.call_tool("update_task", {"task_id": task["id"], "due": ""})
        await client.call_tool("delete_task", {"task_id": task["id"]})
    assert cleared.structured_content["due"] is None
    assert shown(cleared.structured_content) == [(f"{DAY}T07:00", f"{DAY}T07:00")]
    notice = "The reminders before the due date (-PT1H) went with it."
    assert cleared.structured_content["notices"] == [notice]
    assert cleared.content[0].text.endswith(notice)
