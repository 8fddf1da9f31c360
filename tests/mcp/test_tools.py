"""Every tool over real HTTP, through fastmcp.Client and the official mcp SDK client (the
transport), and the tools' behaviour in memory."""

from __future__ import annotations

import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from tests.support.mcp import refused

TOOL_NAMES = {
    "add_task", "list_tasks", "get_task", "update_task",
    "complete_task", "uncomplete_task", "delete_task", "restore_task",
}


async def test_every_tool_through_fastmcp_client(stack):
    async with stack.client(stack.ann.token) as client:
        added = await client.call_tool(
            "add_task",
            {"title": "Buy milk", "due": "2026-11-27T17:00", "priority": "high", "tags": ["shop"]},
        )
        task = added.structured_content
        assert task["title"] == "Buy milk"
        assert task["due"] == "2026-11-27T17:00"
        assert added.content[0].text.startswith(f"Added #{task['id']} 'Buy milk'")
        got = await client.call_tool("get_task", {"task_id": task["id"]})
        assert got.structured_content["tags"] == ["shop"]
        updated = await client.call_tool(
            "update_task", {"task_id": task["id"], "title": "Buy oat milk", "due": ""}
        )
        assert updated.structured_content["title"] == "Buy oat milk"
        assert updated.structured_content["due"] is None
        done = await client.call_tool("complete_task", {"task_id": task["id"]})
        assert done.structured_content["completed"] is True
        page = await client.call_tool("list_tasks", {"status": "completed", "query": "oat"})
        assert page.structured_content["total"] == 1
        assert page.structured_content["tasks"][0]["id"] == task["id"]
        reopened = await client.call_tool("uncomplete_task", {"task_id": task["id"]})
        assert reopened.structured_content["completed"] is False
        deleted = await client.call_tool("delete_task", {"task_id": task["id"]})
        assert deleted.structured_content["id"] == task["id"]
        gone = await refused(client, "get_task", {"task_id": task["id"]})
        assert (gone.code, gone.text) == ("TASK_NOT_FOUND", f"Task {task['id']} doesn't exist.")


async def test_repeating_task_moves_to_next_occurrence(stack):
    async with stack.in_memory(stack.ann) as client:
        task = (
            await client.call_tool(
                "add_task", {"title": "Water the lawn", "repeat": "FREQ=WEEKLY;BYDAY=SA"}
            )
        ).structured_content
        result = await client.call_tool("complete_task", {"task_id": task["id"]})
        assert result.content[0].text.startswith("Rescheduled")
        assert result.structured_content["completed"] is False
        assert result.structured_content["due"] > task["due"]
        await client.call_tool("delete_task", {"task_id": task["id"]})


async def test_list_returns_total_and_caps_the_page(stack):
    async with stack.in_memory(stack.bob) as client:
        ids = [
            (await client.call_tool("add_task", {"title": f"bulk {i}", "tags": ["bulk"]}))
            .structured_content["id"]
            for i in range(3)
        ]
        page = await client.call_tool("list_tasks", {"tag": "bulk", "limit": 1000})
        assert page.structured_content["limit"] == 100
        assert page.structured_content["total"] == 3
        second = await client.call_tool("list_tasks", {"tag": "bulk", "limit": 2, "offset": 2})
        assert len(second.structured_content["tasks"]) == 1
        for task_id in ids:
            await client.call_tool("delete_task", {"task_id": task_id})


async def test_list_by_a_range_of_days(stack):
    async with stack.in_memory(stack.bob) as client:
        ids = [
            (await client.call_tool("add_task", {"title": title, "due": due})).structured_content[
                "id"]
            for title, due in (("fri", "2031-01-03"), ("sat", "2031-01-04T09:00"),
                               ("sun", "2031-01-05"), ("mon", "2031-01-06T08:00"))
        ]
        weekend = await client.call_tool(
            "list_tasks", {"due_from": "2031-01-04", "due_to": "2031-01-05"})
        assert [t["title"] for t in weekend.structured_content["tasks"]] == ["sun", "sat"]
        later = await client.call_tool("list_tasks", {"due_from": "2031-01-06"})
        assert [t["title"] for t in later.structured_content["tasks"]] == ["mon"]
        bad_day = await refused(client, "list_tasks", {"due_from": "2031-02-30"})
        assert (bad_day.code, bad_day.field) == ("INVALID_INPUT", "due_from")
        assert bad_day.text == "Invalid due_from: '2031-02-30' is not a day of the calendar."
        backwards = {"due_from": "2031-01-06", "due_to": "2031-01-05"}
        assert (await refused(client, "list_tasks", backwards)).field == "due_to"
        assert (await refused(client, "list_tasks", {"due_from": "next friday"})).field == (
            "due_from"
        )
        for task_id in ids:
            await client.call_tool("delete_task", {"task_id": task_id})


async def test_every_tool_through_the_official_mcp_sdk(stack):
    headers = {"Authorization": f"Bearer {stack.ann.token}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        streamable_http_client(stack.url, http_client=http) as streams,
        ClientSession(streams[0], streams[1]) as session,
    ):
        await session.initialize()
        listed = await session.list_tools()
        assert {t.name for t in listed.tools} == TOOL_NAMES
        added = await session.call_tool("add_task", {"title": "SDK task"})
        task_id = added.structured_content["id"]
        for tool, args in [
            ("get_task", {"task_id": task_id}),
            ("update_task", {"task_id": task_id, "priority": "low"}),
            ("complete_task", {"task_id": task_id}),
            ("uncomplete_task", {"task_id": task_id}),
            ("list_tasks", {"query": "SDK"}),
            ("delete_task", {"task_id": task_id}),
        ]:
            result = await session.call_tool(tool, args)
            assert not result.is_error, (tool, result.content)
        missing = await session.call_tool("get_task", {"task_id": task_id})
        assert missing.is_error
        assert missing.content[0].text == f"Task {task_id} doesn't exist."
        assert missing.structured_content["error"]["code"] == "TASK_NOT_FOUND"


async def test_tool_schemas_describe_every_argument(stack):
    async with stack.in_memory(stack.ann) as client:
        tools = await client.list_tools()
    assert {t.name for t in tools} == TOOL_NAMES
    for tool in tools:
        assert tool.description, tool.name
        assert tool.annotations is not None, tool.name
        for name, schema in tool.input_schema["properties"].items():
            assert schema.get("description"), f"{tool.name}.{name} has no description"
    by_name = {t.name: t for t in tools}
    assert by_name["delete_task"].annotations.destructive_hint is True
    assert by_name["list_tasks"].annotations.read_only_hint is True
