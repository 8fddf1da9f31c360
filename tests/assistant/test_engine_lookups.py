"""A turn of the offline engine fetches only what its message refers to (live MCP over HTTP).

The calls a turn makes are read from the server's own ``/metrics`` counters before and after
the turn; tests in a module run one at a time, so the difference is that turn's calls.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import Conversation, new_person, tasks_of
from tests.support.mcp import McpStack, Person, mcp_stack
from todo_reflex.assistant.engines import OfflineEngine
from todo_reflex.core import tasks as service
from todo_reflex.core.models import TaskCreate
from todo_reflex.core.settings import Settings

engine_stack = engine_fixtures.engine_stack
chat = engine_fixtures.chat


@pytest.fixture(scope="module")
def engine(engine_stack):
    return OfflineEngine(Settings(mcp_server_url=engine_stack.url))


def tool_calls(stack: McpStack) -> Counter[tuple[str, str]]:
    """The server's ``mcp_tool_calls_total`` counters by (tool, outcome)."""
    text = httpx.get(f"{stack.base}/metrics", timeout=5).text
    counts: Counter[tuple[str, str]] = Counter()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "mcp_tool_calls_total":
                counts[(sample.labels["tool_name"], sample.labels["outcome"])] += int(sample.value)
    return counts


async def calls_of(chat: Conversation, message: str) -> tuple[Counter[str], Counter[str]]:
    """Say ``message``; return the turn's successful calls by tool, and all calls by tool."""
    before = tool_calls(chat.stack)
    await chat.say(message)
    made = tool_calls(chat.stack) - before
    ok = Counter({tool: n for (tool, outcome), n in made.items() if outcome == "ok"})
    every: Counter[str] = Counter()
    for (tool, _), n in made.items():
        every[tool] += n
    return ok, every


def seed(stack: McpStack, person: Person, titles: list[str], **fields: object) -> list[int]:
    """Add tasks straight through the task service (oldest first); return their numbers."""
    with Session(stack.engine) as db:
        actor = service.Actor(person.id)
        ids = [service.add_task(session=db, actor=actor, data=TaskCreate(title=t, **fields)).id
               for t in titles]
        db.commit()
    return ids


async def test_an_add_fetches_only_one_search_for_a_twin_first(chat, engine_stack):
    ann = chat("ann")
    seed(engine_stack, ann.person, [f"chore {i}" for i in range(30)])
    ok, every = await calls_of(ann, "add buy bread tomorrow")
    # one search: is an open "buy bread" due that day already there?
    assert ok == every == Counter({"add_task": 1, "list_tasks": 1})


async def test_a_listing_is_its_own_list_call(chat, engine_stack):
    ann = chat("ann")
    seed(engine_stack, ann.person, [f"chore {i}" for i in range(30)])
    ok, every = await calls_of(ann, "show my pending tasks")
    assert ok == Counter({"list_tasks": 1})
    assert every["list_tasks"] <= 2  # a server without include_total yet is asked twice
    assert set(every) == {"list_tasks"}


async def test_a_title_beyond_the_first_500_tasks_is_found_by_search(chat, engine_stack):
    ann = chat("ann")
    [report] = seed(engine_stack, ann.person, ["Finish the quarterly report"])
    seed(engine_stack, ann.person, [f"review draft {i}" for i in range(600)])
    ok, every = await calls_of(ann, "mark the quarterly report as done")
    assert ok["complete_task"] == 1
    assert set(every) == {"list_tasks", "complete_task"}
    assert every["list_tasks"] == 2  # a search for "quarte" and one for "report": no paging
    assert [t.id for t in tasks_of(engine_stack, ann.person) if t.completed] == [report]


async def test_an_ambiguous_title_still_asks_and_the_answer_resolves(chat, engine_stack):
    ann = chat("ann")
    mom, dentist = seed(engine_stack, ann.person, ["call mom", "call the dentist"])
    seed(engine_stack, ann.person, [f"errand {i}" for i in range(40)])
    asked = await ann.say("mark call done")
    assert asked.tools == []
    assert sorted(ann.context["clarify"]["ids"]) == [mom, dentist]
    ok, _ = await calls_of(ann, "the dentist one")
    assert ok["complete_task"] == 1
    assert {t.id for t in tasks_of(engine_stack, ann.person) if t.completed} == {dentist}


async def test_it_after_an_add_reads_that_one_task(chat, engine_stack):
    ann = chat("ann")
    seed(engine_stack, ann.person, [f"errand {i}" for i in range(40)])
    added = await ann.say("add water the ferns")
    new_id = added.tools[0].result["id"]
    ok, every = await calls_of(ann, "make it high priority")
    assert ok == Counter({"get_task": 1, "update_task": 1})
    assert every == ok
    assert {t.id: t.priority for t in tasks_of(engine_stack, ann.person)}[new_id] == "high"


async def test_a_tag_word_in_a_listing_becomes_the_tag_filter(chat, engine_stack):
    ann = chat("ann")
    seed(engine_stack, ann.person, ["send invoice", "book venue"], tags=["work"])
    seed(engine_stack, ann.person, ["buy milk"])
    listed = await ann.say("show work tasks")
    [event] = listed.tools
    assert event.args["tag"] == "work"
    assert event.summary == "Listed 2 tasks"


async def test_a_bulk_filter_pages_through_every_match(chat, engine_stack):
    ann = chat("ann")
    ids = seed(engine_stack, ann.person, [f"old chore {i}" for i in range(130)])
    with Session(engine_stack.engine) as db:
        for task_id in ids:
            service.complete_task(session=db, actor=service.Actor(ann.person.id),
                                  task_id=task_id)
        db.commit()
    asked = await ann.say("delete all completed tasks")
    assert asked.done.context["pending"]["action"] == "delete"
    assert "delete 130 tasks" in asked.text
    kept = await ann.say("no")
    assert kept.tools == []
    assert len(tasks_of(engine_stack, ann.person)) == 130


async def test_a_refused_lookup_says_so_and_changes_nothing(tmp_path_factory):
    with mcp_stack("sqlite", tmp_path_factory.mktemp("limited"),
                   MCP_RATE_LIMIT_PER_MINUTE="1") as stack:
        engine = OfflineEngine(Settings(mcp_server_url=stack.url))
        ann = Conversation(engine, stack, new_person(stack, "ann"))
        seed(stack, ann.person, ["Finish the quarterly report"])
        reply = await ann.say("mark the quarterly report as done")  # 1 search passes, 1 refused
        assert reply.tools == []
        assert "going a bit fast" in reply.text
        assert reply.done.note
        assert not any(t.completed for t in tasks_of(stack, ann.person))
