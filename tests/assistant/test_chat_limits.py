"""Limits a person can live with: the chat limit counts only turns that did something, and
a reply that hits the task service's limit says so once, with the wait."""

from __future__ import annotations

import re

import pytest

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import AppThread, Conversation, app_settings, new_person
from tests.assistant.test_engine_lookups import seed
from tests.support.mcp import mcp_stack
from todo_reflex.assistant import Plan, ToolCall
from todo_reflex.assistant.engines import OfflineEngine
from todo_reflex.assistant.replies import compose_reply
from todo_reflex.core.errors import RateLimited
from todo_reflex.core.ratelimit import chat_limit, chat_limit_notice, get_limiter
from todo_reflex.core.settings import Settings

engine_stack = engine_fixtures.engine_stack_on_both
NOW = engine_fixtures.NOW
SENTENCE = "going a bit fast"
WAIT = re.compile(r"try again in \d+ s\.")


async def test_only_turns_that_do_something_count_against_the_chat_limit(engine_stack):
    with app_settings(engine_stack, chat_limit=2) as settings:
        ann = AppThread((OfflineEngine(settings, clock=lambda: NOW),),
                        new_person(engine_stack, "ann"))
        # this process's own counts outlive a stack: the other stack's user may share the id
        get_limiter().clear("chat", str(ann.person.id), chat_limit())
        for text in ("help", "undo", "hi", "what can you do", "help"):
            assert (await ann.say(text)).tools == [], text
        assert (await ann.say("add buy milk")).tools
        await ann.say("thanks")
        assert (await ann.say("add call mom")).tools
        with pytest.raises(RateLimited) as refused:
            await ann.say("help")  # at the limit every message waits, whatever it says
        assert 1 <= refused.value.retry_after <= 60
        notice = chat_limit_notice(refused.value.retry_after)
        assert notice.count("limit") == 1 and "2 messages" in notice
        assert f"in {refused.value.retry_after} s" in notice


def test_several_refused_calls_are_one_sentence_with_the_wait():
    calls = [ToolCall("complete_task", {"task_id": n}) for n in (1, 2, 3, 4)]
    refusal = {"error": {"code": "RATE_LIMITED",
                         "message": "Too many requests, try again in 12 s."}}
    reply = compose_reply(Plan(calls=calls), [{"id": 1, "title": "a", "completed": True},
                                              refusal, refusal, refusal], tz="UTC", now=NOW)
    assert reply.count(SENTENCE) == 1
    assert "Completed" in reply and "(3 not done)" in reply and "try again in 12 s." in reply
    first = compose_reply(Plan(calls=calls), [refusal] * 4, tz="UTC", now=NOW)
    assert first.count(SENTENCE) == 1 and "nothing was changed" in first


async def test_a_bulk_edit_that_hits_the_mcp_limit_says_so_once(tmp_path_factory):
    with mcp_stack("sqlite", tmp_path_factory.mktemp("limited"),
                   MCP_RATE_LIMIT_PER_MINUTE="16") as stack:
        ann = Conversation(OfflineEngine(Settings(mcp_server_url=stack.url)), stack,
                           new_person(stack, "ann"))
        seed(stack, ann.person, [f"chore {n}" for n in range(10)], tags=["home"])
        said = []
        for verb in ("complete", "reopen", "complete", "reopen", "complete", "reopen"):
            reply = await ann.say(f"{verb} all #home tasks")
            if "pending" in reply.done.context:
                reply = await ann.say("yes")
            said.append(reply)
            if SENTENCE in reply.text:
                break
        limited = said[-1]
        assert SENTENCE in limited.text, [r.text for r in said]
        assert all(r.text.count(SENTENCE) <= 1 for r in said)
        assert WAIT.search(limited.text), limited.text
        assert sum(not e.ok for e in limited.tools) == 1  # the rest were not tried
        left = re.search(r"\((\d+) not done\)", limited.text)
        assert left and int(left[1]) >= 2, limited.text  # several calls, one sentence
