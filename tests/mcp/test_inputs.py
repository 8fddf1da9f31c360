"""Bad input gets a clear, coded error and the server stays healthy; load is handled."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastmcp.exceptions import ToolError

from tests.mcp.conftest import mcp_stack


@pytest.mark.parametrize(
    ("tool", "args", "expected"),
    [
        ("add_task", {"title": ""}, "INVALID_INPUT: title"),
        ("add_task", {"title": "   "}, "INVALID_INPUT: title"),
        ("add_task", {"title": "x" * 201}, "INVALID_INPUT: title"),
        ("add_task", {"title": "ok", "due": "someday"}, "INVALID_INPUT: due"),
        ("add_task", {"title": "ok", "due": "2026-02-30"}, "INVALID_INPUT: due"),
        ("add_task", {"title": "ok", "priority": "urgent"}, "INVALID_INPUT: priority"),
        ("add_task", {"title": "ok", "tags": ["two words"]}, "INVALID_INPUT: tags"),
        ("add_task", {"title": "ok", "repeat": "sometimes"}, "INVALID_INPUT: repeat"),
        ("add_task", {"title": 42}, "INVALID_INPUT: title"),
        ("add_task", {}, "INVALID_INPUT: title"),
        ("get_task", {"task_id": -1}, "INVALID_INPUT: task_id"),
        ("get_task", {"task_id": "seven"}, "INVALID_INPUT: task_id"),
        ("list_tasks", {"status": "done-ish"}, "INVALID_INPUT: status"),
        ("list_tasks", {"offset": -5}, "INVALID_INPUT: offset"),
        ("update_task", {"task_id": 1, "title": ""}, "INVALID_INPUT: title"),
    ],
)
async def test_invalid_input_gets_a_clear_error(stack, tool, args, expected):
    async with stack.client(stack.ann.token) as client:
        with pytest.raises(ToolError) as raised:
            await client.call_tool(tool, args)
    assert str(raised.value).startswith(expected), str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_one_megabyte_body_is_refused_and_server_stays_healthy(stack):
    body = b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_task",' \
        b'"arguments":{"title":"' + b"x" * 1_048_576 + b'"}}}'
    response = httpx.post(
        stack.url, content=body, timeout=30,
        headers={
            "Authorization": f"Bearer {stack.ann.token}", "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
        },
    )
    assert response.status_code == 413
    assert httpx.get(f"{stack.base}/health").status_code == 200


async def test_fifty_concurrent_calls_from_several_users(stack):
    people = [stack.ann, stack.bob, stack.person(f"carol-{stack.name}@example.com")]
    per_person = {p.id: 0 for p in people}

    async def burst(person, count):
        async with stack.client(person.token) as client:
            before = (await client.call_tool("list_tasks", {"tag": "load"})).structured_content
            results = await asyncio.gather(*[
                client.call_tool("add_task", {"title": f"load {i}", "tags": ["load"]})
                for i in range(count)
            ])
            after = (await client.call_tool("list_tasks", {"tag": "load"})).structured_content
            return before["total"], results, after["total"]

    counts = [17, 17, 16]
    outcomes = await asyncio.gather(*[burst(p, n) for p, n in zip(people, counts, strict=True)])
    for person, count, (before, results, after) in zip(people, counts, outcomes, strict=True):
        per_person[person.id] = after - before
        assert len(results) == count and all(not r.is_error for r in results)
        assert len({r.structured_content["id"] for r in results}) == count
    assert list(per_person.values()) == counts
    metrics = httpx.get(f"{stack.base}/metrics").text
    assert 'mcp_tool_calls_total{outcome="ok",tool_name="add_task"}' in metrics


async def test_rate_limit_per_user(tmp_path):
    with mcp_stack("sqlite", tmp_path, MCP_RATE_LIMIT_PER_MINUTE="3") as limited:
        async with limited.client(limited.ann.token) as client:
            for _ in range(3):
                await client.call_tool("list_tasks", {})
            with pytest.raises(ToolError, match="^RATE_LIMITED"):
                await client.call_tool("list_tasks", {})
        async with limited.client(limited.bob.token) as other:
            assert not (await other.call_tool("list_tasks", {})).is_error
