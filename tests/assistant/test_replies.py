"""Replies composed from tool results."""

from datetime import datetime

import pytest

from todo_reflex.assistant import Plan, ToolCall, compose_reply
from todo_reflex.assistant.engines.tool_results import summarize

NOW = datetime(2026, 11, 26, 10)


def reply(calls, results):
    return compose_reply(Plan(calls=calls), results, tz="UTC", now=NOW)


def test_added_task_reply_names_due_and_priority():
    text = reply([ToolCall("add_task", {"title": "Buy milk"})],
                 [{"id": 12, "title": "Buy milk", "completed": False, "due": "2026-11-27T15:00",
                   "priority": "high", "tags": ["shop"], "repeat": None}])
    assert text == "Added **Buy milk** (#12) · due Fri 27 Nov, 15:00 · high priority · \\#shop"


def test_list_reply_numbers_tasks():
    text = reply([ToolCall("list_tasks", {"status": "pending"})],
                 [{"tasks": [{"id": 3, "title": "Buy milk", "due": None, "priority": "none",
                              "tags": []}], "total": 1, "limit": 50, "offset": 0}])
    assert "1. **Buy milk** (#3)" in text


def test_empty_list_and_errors():
    assert "No tasks" in reply([ToolCall("list_tasks", {})], [{"tasks": [], "total": 0}])
    text = reply([ToolCall("delete_task", {"task_id": 99})],
                 [{"error": {"code": "TASK_NOT_FOUND", "message": "no such task"}}])
    assert "couldn't find" in text
    assert "#99" in text


def test_user_text_is_escaped():
    text = reply([ToolCall("add_task", {"title": "x"})], [{"id": 1, "title": "<b>*x*</b>"}])
    assert "<b>" not in text


def test_no_calls_shows_plan_reply():
    assert compose_reply(Plan(reply="Which one?"), [], tz="UTC", now=NOW) == "Which one?"


def test_repeating_task_completion_mentions_next_date():
    text = reply([ToolCall("complete_task", {"task_id": 4})],
                 [{"id": 4, "title": "Standup", "completed": False, "due": "2026-11-30T09:00",
                   "repeat": "FREQ=WEEKLY;BYDAY=MO"}])
    assert "next due Mon 30 Nov, 09:00" in text


def _page(count, **shape):
    tasks = [{"id": i, "title": f"Task {i}", "due": None, "priority": "none", "tags": []}
             for i in range(1, count + 1)]
    return {"tasks": tasks, "limit": 2, "offset": 0, **shape}


@pytest.mark.parametrize(("shape", "head", "chip"), [
    ({"total": 2}, "You have 2 tasks:", "Listed 2 tasks"),
    ({"total": 7}, "Showing 2 of 7 tasks:", "Listed 2 of 7 tasks"),
    ({"total": 7, "has_more": True}, "Showing 2 of 7 tasks:", "Listed 2 of 7 tasks"),
    ({"total": None, "has_more": False}, "You have 2 tasks:", "Listed 2 tasks"),
    ({"total": None, "has_more": True}, "Showing 2 tasks; there are more:",
     "Listed 2 tasks, more not shown"),
    ({"has_more": True}, "Showing 2 tasks; there are more:", "Listed 2 tasks, more not shown"),
])
def test_list_reply_and_chip_read_both_contract_shapes(shape, head, chip):
    page = _page(2, **shape)
    assert reply([ToolCall("list_tasks", {})], [page]).splitlines()[0] == head
    assert summarize("list_tasks", {}, page) == chip
