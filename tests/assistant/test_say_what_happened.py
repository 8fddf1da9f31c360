"""Replies that say what happened, through a live MCP server: a near-duplicate add asks first,
a cut title is mentioned, and errors read as sentences without codes."""

from __future__ import annotations

import re

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import tasks_of

engine_stack = engine_fixtures.engine_stack_on_both
chat = engine_fixtures.chat
engine = engine_fixtures.offline_engine
NOW = engine_fixtures.NOW
CODE = re.compile(r"\b[A-Z]{3,}_[A-Z_]+\b")


async def test_a_near_duplicate_add_asks_and_yes_adds_it(chat, engine_stack):
    ann = chat("ann")
    first = (await ann.say("add Buy milk tomorrow")).tools[0].result["id"]
    asked = await ann.say("add buy milk tomorrow!")
    assert asked.tools == []
    assert f"You already have #{first} Buy milk" in asked.text
    assert "add another?" in asked.text
    added = await ann.say("yes")
    assert [(e.tool, e.ok) for e in added.tools] == [("add_task", True)]
    assert [t.title.lower() for t in tasks_of(engine_stack, ann.person)] == ["buy milk"] * 2

    await ann.say("add buy milk tomorrow")
    skipped = await ann.say("no")
    assert skipped.tools == []
    assert len(tasks_of(engine_stack, ann.person)) == 2
    other_day = await ann.say("add buy milk on monday")  # another day: no question
    assert [e.tool for e in other_day.tools] == ["add_task"]
    await ann.say(f"complete task {first}")
    await ann.say("undo")  # reopened: still a twin
    assert (await ann.say("add buy milk tomorrow")).tools == []


async def test_a_cut_title_is_mentioned(chat, engine_stack):
    ann = chat("ann")
    reply = await ann.say("add " + "very long title " * 20)
    [event] = reply.tools
    assert event.ok
    assert len(event.result["title"]) <= 200
    assert "title was cut" in reply.text
    assert "200" in reply.text  # the server's notice
    renamed = await ann.say(f"rename task {event.result['id']} to " + "much longer title " * 15)
    assert renamed.tools[0].ok
    assert "title was cut" in renamed.text
    huge = await ann.say("add " + "x" * 1200)  # beyond what the tool takes: cut here
    assert huge.tools[0].ok
    assert "cut it to 200" in huge.text


async def test_errors_read_as_sentences(chat, engine_stack):
    ann = chat("ann")
    for text in ("complete task 999", "delete task 12345", "rename task 777 to x",
                 "show task 4040"):
        reply = await ann.say(text)
        chips = " ".join(e.summary for e in reply.tools)
        assert not CODE.search(reply.text + chips), (text, reply.text, chips)
        assert reply.text.rstrip().endswith((".", "?", "!")), reply.text
