"""The openai-agents engine end to end: the real SDK, the real MCP server over HTTP, and the
model replaced by a local OpenAI-compatible endpoint (``engine_fake_model``) that returns
scripted tool calls and texts. That endpoint stands in for the OpenAI service (or an Ollama /
vLLM server), which cannot exist in these tests."""

from __future__ import annotations

import json
import time

import pytest

from tests.assistant import engine_fixtures
from tests.assistant.engine_fake_model import FakeModel, serve
from tests.assistant.engine_fixtures import Conversation, new_person, tasks_of
from todo_reflex.assistant.engines import HistoryItem, OfflineEngine, TextDelta
from todo_reflex.assistant.engines.openai_agents import (
    FALLBACK_NOTE,
    STOPPED_NOTE,
    OpenAIAgentsEngine,
    history_items,
)
from todo_reflex.core.settings import Settings
from todo_reflex.processes import free_port

engine_stack = engine_fixtures.engine_stack
chat = engine_fixtures.chat


@pytest.fixture(scope="module")
def fake_model():
    yield from serve(FakeModel())


def settings_for(stack, base_url: str) -> Settings:
    return Settings(mcp_server_url=stack.url, openai_api_key="test-key",
                    openai_base_url=base_url, openai_model="scripted-model",
                    assistant_engine="openai")


@pytest.fixture(scope="module")
def engine(engine_stack, fake_model):
    return OpenAIAgentsEngine(settings_for(engine_stack, fake_model.base_url), timeout=5)


def tool_messages(request: dict) -> list[str]:
    return [m["content"] if isinstance(m["content"], str) else json.dumps(m["content"])
            for m in request["messages"] if m["role"] == "tool"]


async def test_model_drives_the_tools_through_mcp(chat, fake_model, engine_stack):
    ann = chat("ann", timezone="Europe/Berlin")
    ann.history = [HistoryItem("user", "hi"), HistoryItem("assistant", "Hello! How can I help?")]
    fake_model.play(
        [("add_task", {"title": "Buy milk", "due": "2026-11-27T17:00", "priority": "high"})],
        [("list_tasks", {"status": "pending"})],
        "Added **Buy milk** for Friday at 17:00.",
    )
    reply = await ann.say("add buy milk friday 5pm, urgent")

    added, listed = reply.tools
    assert (added.tool, added.ok, added.write) == ("add_task", True, True)
    assert added.summary == f"Added #{added.result['id']} Buy milk · due Fri 27 Nov, 17:00"
    assert (listed.tool, listed.ok, listed.write, listed.summary) == (
        "list_tasks", True, False, "Listed 1 task")
    assert reply.text == "Added **Buy milk** for Friday at 17:00. "
    assert len([e for e in reply.events if isinstance(e, TextDelta)]) > 3  # streamed
    assert reply.done.engine == "openai"
    assert reply.done.note is None
    assert reply.done.context["last_listed"] == [added.result["id"]]
    [row] = tasks_of(engine_stack, ann.person)
    assert (row.title, row.priority) == ("Buy milk", "high")

    first = fake_model.requests[0]
    system, *rest = first["messages"]
    assert system["role"] == "system"
    assert "Europe/Berlin" in system["content"]
    assert ann.person.email not in json.dumps(first)
    assert f"id {ann.person.id}" not in system[ "content"]
    assert [(m["role"], m["content"]) for m in rest] == [
        ("user", "hi"), ("assistant", "Hello! How can I help?"),
        ("user", "add buy milk friday 5pm, urgent")]
    assert {t["function"]["name"] for t in first["tools"]} >= {"add_task", "list_tasks",
                                                               "delete_task"}
    assert "Added #" in tool_messages(fake_model.requests[1])[0]


async def test_model_cannot_act_for_another_user(chat, fake_model, engine_stack):
    bob = chat("bob", engine=OfflineEngine(Settings(mcp_server_url=engine_stack.url)))
    await bob.say("add bobs secret plan")
    [bobs] = tasks_of(engine_stack, bob.person)
    ann = chat("ann")
    fake_model.play(
        [("delete_task", {"task_id": bobs.id, "user_id": bob.person.id}),
         ("update_task", {"task_id": bobs.id, "title": "pwned", "user_id": str(bob.person.id)}),
         ("add_task", {"title": "planted", "user_id": bob.person.id}),
         ("delete_task", {"task_id": bobs.id})],
        "I could not do that.",
    )
    reply = await ann.say("delete bob's tasks")

    assert [(e.tool, e.ok, e.error_code) for e in reply.tools] == [
        ("delete_task", False, "UNAUTHORIZED"), ("update_task", False, "UNAUTHORIZED"),
        ("add_task", False, "UNAUTHORIZED"), ("delete_task", False, "TASK_NOT_FOUND")]
    assert not any(e.write for e in reply.tools)
    assert [(t.id, t.title, t.completed) for t in tasks_of(engine_stack, bob.person)] == [
        (bobs.id, "bobs secret plan", False)]
    assert tasks_of(engine_stack, ann.person) == []
    outputs = tool_messages(fake_model.requests[1])
    assert all("does not match" in o for o in outputs[:3])
    assert "doesn't exist" in outputs[3]


async def test_endpoint_down_falls_back_to_offline(chat, engine_stack):
    closed = f"http://127.0.0.1:{free_port()}/v1"
    down = OpenAIAgentsEngine(settings_for(engine_stack, closed), timeout=5)
    ann = chat("ann", engine=down)
    reply = await ann.say("add water the plants")

    assert isinstance(reply.events[0], TextDelta)
    assert FALLBACK_NOTE in reply.events[0].text
    assert reply.done.engine == "offline"
    assert reply.done.note == FALLBACK_NOTE
    assert [(e.tool, e.ok) for e in reply.tools] == [("add_task", True)]
    assert [t.title for t in tasks_of(engine_stack, ann.person)] == ["water the plants"]


async def test_slow_model_times_out_and_falls_back(chat, fake_model, engine_stack):
    slow = OpenAIAgentsEngine(settings_for(engine_stack, fake_model.base_url), timeout=1)
    ann = chat("ann", engine=slow)
    fake_model.play("too late", delay=8)
    started = time.monotonic()
    reply = await ann.say("add renew passport")
    assert time.monotonic() - started < 6
    assert reply.done.note == FALLBACK_NOTE
    assert reply.done.engine == "offline"
    assert [t.title for t in tasks_of(engine_stack, ann.person)] == ["renew passport"]


async def test_rate_limited_model_falls_back(chat, fake_model, engine_stack):
    ann = chat("ann")
    fake_model.play(429)
    reply = await ann.say("add book the dentist")
    assert reply.done.note == FALLBACK_NOTE
    assert [t.title for t in tasks_of(engine_stack, ann.person)] == ["book the dentist"]


async def test_model_failing_after_acting_does_not_repeat_the_action(chat, fake_model,
                                                                     engine_stack):
    ann = chat("ann")
    fake_model.play([("add_task", {"title": "Only once"})], 500)
    reply = await ann.say("add only once")
    assert [(e.tool, e.ok) for e in reply.tools] == [("add_task", True)]
    assert reply.done.engine == "openai"
    assert reply.done.note == STOPPED_NOTE
    assert reply.text.endswith(STOPPED_NOTE)
    assert [t.title for t in tasks_of(engine_stack, ann.person)] == ["Only once"]


def test_history_is_trimmed_to_the_budget():
    history = [HistoryItem("user" if i % 2 == 0 else "assistant", f"message {i} " + "x" * 990)
               for i in range(30)]
    items = history_items(history, "now this", max_messages=20, max_chars=3500)
    assert items[-1] == {"role": "user", "content": "now this"}
    assert sum(len(i["content"]) for i in items[:-1]) <= 3500
    assert items[-2]["content"].startswith("message 29")
    assert items[0]["content"].startswith("…")  # the oldest kept message is cut from the start
    repeated = history_items([HistoryItem("user", "same")], "same")
    assert repeated == [{"role": "user", "content": "same"}]


async def test_task_service_down_is_an_apology_without_a_model_note(engine_stack, fake_model):
    settings = settings_for(engine_stack, fake_model.base_url).model_copy(
        update={"mcp_server_url": f"http://127.0.0.1:{free_port()}/mcp"})
    person = new_person(engine_stack, "nomcp")
    fake_model.play("never asked")
    reply = await Conversation(OpenAIAgentsEngine(settings, timeout=5), engine_stack,
                               person).say("add buy milk")
    assert "can't reach your task list" in reply.text
    assert FALLBACK_NOTE not in reply.text
    assert reply.tools == []
    assert fake_model.requests == []
