"""The planner against a partial ``TaskIndex``: it names what to fetch, then plans as with all."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from todo_reflex.assistant import plan_message
from todo_reflex.assistant.listing import filter_tasks
from todo_reflex.assistant.matching import search_terms
from todo_reflex.assistant.task_index import Lookup, TaskIndex, TasksNeeded

NOW = datetime(2026, 11, 26, 10)
TASKS = [
    {"id": 3, "title": "Buy milk", "completed": False, "due": None, "priority": "none", "tags": []},
    {"id": 4, "title": "Finish the quarterly report", "completed": False, "due": "2026-11-27",
     "priority": "high", "tags": ["work"]},
    {"id": 5, "title": "Call mom", "completed": False, "due": None, "priority": "none",
     "tags": ["family"]},
    {"id": 9, "title": "Call the plumber", "completed": False, "due": None, "priority": "low",
     "tags": ["home"]},
]


def fake_server(lookup: Lookup) -> list[dict]:
    """What the MCP server would answer from TASKS (the live server: test_engine_lookups)."""
    if lookup.kind == "task":
        return [t for t in TASKS if t["id"] == lookup.value]
    if lookup.kind == "search":
        return [t for t in TASKS if lookup.value in t["title"].lower()]
    if lookup.kind == "tag":
        return [t for t in TASKS if lookup.value in t["tags"]][:1]
    return filter_tasks(TASKS, dict(lookup.value), NOW)


def plan_lazily(text: str, context: dict | None = None):
    """Plan as the engine does; return the plan and every lookup it asked for."""
    index, asked = TaskIndex.empty(), []
    for _ in range(6):
        try:
            return plan_message(text, now=NOW, tz="UTC", tasks=index, context=context), asked
        except TasksNeeded as need:
            asked += need.lookups
            for lookup in need.lookups:
                index.answer(lookup, fake_server(lookup))
    raise AssertionError(f"still asking after 6 rounds: {asked}")


def calls(plan):
    return [(c.tool, c.args) for c in plan.calls]


def test_an_add_looks_up_only_its_own_title():
    lazy, asked = plan_lazily("add buy bread tomorrow")
    assert [(x.kind, x.value) for x in asked] == [("search", "buy bread")]
    assert calls(lazy) == [("add_task", {"title": "buy bread", "due": "2026-11-27"})]


@pytest.mark.parametrize("text", [
    "show my pending tasks", "what's due today?", "complete task 4",
    "delete #9", "hello", "list my overdue tasks",
])
def test_messages_that_name_no_task_by_title_look_nothing_up(text):
    lazy, asked = plan_lazily(text)
    assert asked == []
    assert calls(lazy) == calls(plan_message(text, now=NOW, tz="UTC", tasks=TASKS))


@pytest.mark.parametrize("text", [
    "mark the quarterly report as done", "I called mom", "delete the plumber task",
    "move the report to friday", "complete call", "tag buy milk with #shop",
    "rename call mom to call mum", "show work tasks", "complete everything tagged home",
    "delete all completed tasks",
])
def test_a_lazy_plan_equals_the_plan_with_the_whole_list(text):
    lazy, _ = plan_lazily(text)
    whole = plan_message(text, now=NOW, tz="UTC", tasks=TASKS)
    assert (calls(lazy), lazy.needs) == (calls(whole), whole.needs)


def test_a_title_is_looked_up_by_its_words_not_by_downloading():
    _, asked = plan_lazily("mark the quarterly report as done")
    assert asked == [Lookup("search", "quarte"), Lookup("search", "report")]


def test_the_whole_phrase_is_searched_when_every_word_search_was_cut_short():
    index = TaskIndex.empty()
    with pytest.raises(TasksNeeded) as words:
        plan_message("complete call mom", now=NOW, tz="UTC", tasks=index)
    assert words.value.lookups == (Lookup("search", "call"), Lookup("search", "mom"))
    index.answer(Lookup("search", "call"), TASKS[3:], cut=True)
    index.answer(Lookup("search", "mom"), [], cut=True)
    with pytest.raises(TasksNeeded) as phrase:
        plan_message("complete call mom", now=NOW, tz="UTC", tasks=index)
    assert phrase.value.lookups == (Lookup("search", "call mom"),)
    index.answer(Lookup("search", "call mom"), [TASKS[2]])
    plan = plan_message("complete call mom", now=NOW, tz="UTC", tasks=index)
    assert calls(plan) == [("complete_task", {"task_id": 5})]


def test_search_terms_are_stems_cut_short_and_the_phrase():
    assert search_terms("the quarterly report") == (["quarte", "report"], "quarterly report")
    assert search_terms("paid the rent") == (["pay", "rent"], "paid the rent")
    assert search_terms("the parties") == (["part"], None)
    assert search_terms("it") == ([], None)


def test_it_needs_only_that_task_when_the_change_depends_on_it():
    plan, asked = plan_lazily("tag it with #urgent", {"last_task": 5})
    assert asked == [Lookup("task", 5)]
    assert calls(plan) == [("update_task", {"task_id": 5, "tags": ["family", "urgent"]})]


def test_a_missing_number_is_remembered_as_missing():
    index = TaskIndex.empty()
    with pytest.raises(TasksNeeded) as need:
        index.get(77)
    index.answer(*need.value.lookups, [])
    assert index.get(77) is None


def test_settle_answers_from_what_is_held():
    index = TaskIndex.empty()
    index.settle()
    plan = plan_message("delete the plumber task", now=NOW, tz="UTC", tasks=index)
    assert plan.needs == "clarification"
    assert plan.calls == []


def _cases() -> list[dict]:
    files = [Path(__file__).parent / "eval" / "assistant-eval-sample.jsonl",
             Path(__file__).with_name("cases_extra.jsonl")]
    return [json.loads(line) for f in files for line in f.read_text().splitlines() if line]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_every_eval_case_plans_the_same_lazily(case):
    """Each case's list is the server: searched by substring, filtered, read by number."""
    now, tasks = datetime.fromisoformat(case["now"]), case["tasks"]

    def server(lookup: Lookup) -> list[dict]:
        if lookup.kind == "task":
            return [t for t in tasks if t["id"] == lookup.value]
        if lookup.kind == "search":
            return [t for t in tasks
                    if lookup.value in f"{t['title']} {t.get('description', '')}".lower()]
        if lookup.kind == "tag":
            return [t for t in tasks if lookup.value in (t.get("tags") or [])][:1]
        return filter_tasks(tasks, dict(lookup.value), now)

    index = TaskIndex.empty()
    for _ in range(6):
        try:
            lazy = plan_message(case["text"], now=now, tz=case["tz"], tasks=index,
                                context=case.get("context"))
            break
        except TasksNeeded as need:
            for lookup in need.lookups:
                index.answer(lookup, server(lookup))
    whole = plan_message(case["text"], now=now, tz=case["tz"], tasks=tasks,
                         context=case.get("context"))
    assert (calls(lazy), lazy.needs) == (calls(whole), whole.needs)
