"""Task numbers through MCP: each user's tasks are 1, 2, 3…, never reused, never global."""

from __future__ import annotations

import itertools

from tests.support.mcp import refused

_serial = itertools.count()


def newcomer(stack, name: str):
    return stack.person(f"{name}-numbers-{next(_serial)}@example.com")


async def add(client, title: str) -> int:
    return (await client.call_tool("add_task", {"title": title})).structured_content["id"]


async def test_a_new_users_first_task_is_number_one(stack):
    async with stack.in_memory(stack.bob) as client:
        await add(client, "someone else's task")
    person = newcomer(stack, "cem")
    async with stack.in_memory(person) as client:
        added = await client.call_tool("add_task", {"title": "Water plants"})
        assert added.structured_content["id"] == 1
        assert added.content[0].text.startswith("Added #1 'Water plants'")
        assert await add(client, "Second") == 2
        page = (await client.call_tool("list_tasks", {})).structured_content
        assert sorted(t["id"] for t in page["tasks"]) == [1, 2]
        assert (await client.call_tool("get_task", {"task_id": 1})).structured_content[
            "title"
        ] == "Water plants"


async def test_numbers_are_per_user_and_never_reused(stack):
    dana, eve = newcomer(stack, "dana"), newcomer(stack, "eve")
    async with stack.in_memory(dana) as client:
        assert [await add(client, t) for t in ("a", "b", "c")] == [1, 2, 3]
        await client.call_tool("delete_task", {"task_id": 3})
        assert await add(client, "d") == 4  # 3 stays taken by the deleted task
    async with stack.in_memory(eve) as client:
        assert await add(client, "eve's") == 1
        # Dana's task 2 is not Eve's: exactly like a missing task
        refusal = await refused(client, "complete_task", {"task_id": 2})
        assert (refusal.code, refusal.text) == ("TASK_NOT_FOUND", "Task 2 doesn't exist.")
    async with stack.in_memory(dana) as client:
        task = (await client.call_tool("get_task", {"task_id": 2})).structured_content
        assert task["title"] == "b"
        assert task["completed"] is False


async def test_restore_undoes_a_delete_with_the_same_number(stack):
    person = newcomer(stack, "fay")
    async with stack.in_memory(person) as client:
        for title in ("Buy milk", "Call mum"):
            await client.call_tool("add_task", {"title": title, "tags": ["home"]})
        await client.call_tool("delete_task", {"task_id": 1})
        listed = (await client.call_tool("list_tasks", {})).structured_content
        assert [t["id"] for t in listed["tasks"]] == [2]
        restored = await client.call_tool("restore_task", {"task_id": 1})
        assert restored.structured_content["id"] == 1
        assert restored.structured_content["tags"] == ["home"]
        assert restored.content[0].text.startswith("Restored #1 'Buy milk'")
        listed = (await client.call_tool("list_tasks", {})).structured_content
        assert sorted(t["id"] for t in listed["tasks"]) == [1, 2]
        again = await client.call_tool("restore_task", {"task_id": 1})  # nothing to undo
        assert again.structured_content == restored.structured_content
        refusal = await refused(client, "restore_task", {"task_id": 3})
        assert (refusal.code, refusal.text) == ("TASK_NOT_FOUND", "Task 3 doesn't exist.")
        assert await add(client, "Next") == 3
