"""Bad input gets a clear, coded error and the server stays healthy; load is handled.

A refusal reads as a sentence; its code and the field at fault are in its structured part.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.support.mcp import mcp_stack, refused


@pytest.mark.parametrize(
    ("tool", "args", "field"),
    [
        ("add_task", {"title": ""}, "title"),
        ("add_task", {"title": "   "}, "title"),
        ("add_task", {"title": "x" * 1001}, "title"),
        ("add_task", {"title": "ok", "due": "someday"}, "due"),
        ("add_task", {"title": "ok", "due": "2026-02-30"}, "due"),
        ("add_task", {"title": "ok", "priority": "urgent"}, "priority"),
        ("add_task", {"title": "ok", "tags": ["two words"]}, "tags"),
        ("add_task", {"title": "ok", "repeat": "sometimes"}, "repeat"),
        ("add_task", {"title": 42}, "title"),
        ("add_task", {}, "title"),
        ("get_task", {"task_id": -1}, "task_id"),
        ("get_task", {"task_id": "seven"}, "task_id"),
        ("list_tasks", {"status": "done-ish"}, "status"),
        ("list_tasks", {"offset": -5}, "offset"),
        ("update_task", {"task_id": 1, "title": ""}, "title"),
        # the audit's probes: stored, these were silently changed or broke the calendar feed
        ("add_task", {"title": "a\u0000b"}, "title"),
        ("add_task", {"title": "invoice \u202egpj.exe"}, "title"),
        ("add_task", {"title": "ok", "description": "bell \u0007"}, "description"),
        ("add_task", {"title": "ok", "repeat": "FREQ=DAILY;INTERVAL=99999999999999999999"},
         "repeat"),
        ("list_tasks", {"query": "a\u0000b"}, "query"),
    ],
)
async def test_invalid_input_gets_a_clear_error(stack, tool, args, field):
    async with stack.in_memory(stack.ann) as client:
        refusal = await refused(client, tool, args)
    assert (refusal.code, refusal.field) == ("INVALID_INPUT", field), refusal


async def test_an_update_to_an_unbounded_repeat_rule_is_refused_and_changes_nothing(stack):
    async with stack.client(stack.ann.token) as client:
        added = (await client.call_tool("add_task", {"title": "stretch", "repeat": "FREQ=DAILY"})
                 ).structured_content
        refusal = await refused(client, "update_task", {
            "task_id": added["id"], "repeat": "FREQ=DAILY;INTERVAL=9223372036854775808"})
        got = (await client.call_tool("get_task", {"task_id": added["id"]})).structured_content
    assert (refusal.code, refusal.field) == ("INVALID_INPUT", "repeat")
    assert "INTERVAL must be between 1 and 1000" in refusal.text
    assert got["repeat"] == "FREQ=DAILY"


@pytest.mark.parametrize("title", [
    "family \U0001F468\u200d\U0001F469\u200d\U0001F467",  # one emoji, joined by ZWJ
    "heart \u2764\ufe0f", "שלום \u200fעולם", "tab\tand  spaces",
])
async def test_visible_text_is_kept_exactly_as_typed(stack, title):
    async with stack.client(stack.ann.token) as client:
        added = (await client.call_tool("add_task", {"title": title})).structured_content
        got = (await client.call_tool("get_task", {"task_id": added["id"]})).structured_content
    assert added["title"] == got["title"] == " ".join(title.split())


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
        assert len(results) == count
        assert all(not r.is_error for r in results)
        assert len({r.structured_content["id"] for r in results}) == count
    assert list(per_person.values()) == counts
    metrics = httpx.get(f"{stack.base}/metrics").text
    assert 'mcp_tool_calls_total{outcome="ok",tool_name="add_task"}' in metrics


async def test_rate_limit_per_user(tmp_path):
    with mcp_stack("sqlite", tmp_path, MCP_RATE_LIMIT_PER_MINUTE="3") as limited:
        async with limited.client(limited.ann.token) as client:
            for _ in range(3):
                await client.call_tool("list_tasks", {})
            refusal = await refused(client, "list_tasks", {})
            assert refusal.code == "RATE_LIMITED"
            assert "try again in" in refusal.text
        async with limited.client(limited.bob.token) as other:
            assert not (await other.call_tool("list_tasks", {})).is_error


async def test_calls_refused_before_their_tool_runs_count_against_the_limit_too(tmp_path):
    """The limit is counted in the tool's worker thread, or after a call that never got there."""
    with mcp_stack("sqlite", tmp_path, MCP_RATE_LIMIT_PER_MINUTE="3") as limited:
        async with limited.client(limited.ann.token) as client:
            for args in ({"status": "done-ish"}, {"offset": -5}):
                assert (await refused(client, "list_tasks", args)).code == "INVALID_INPUT"
            assert (await refused(client, "add_task", {"title": "ok", "due": "someday"})).code \
                == "INVALID_INPUT"  # refused by the tool itself, before its one session
            refusal = await refused(client, "list_tasks", {})
            assert refusal.code == "RATE_LIMITED"
            assert (await refused(client, "list_tasks", {"offset": -5})).code == "RATE_LIMITED"
