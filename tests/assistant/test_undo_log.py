"""The undo log in plan mode: which call reverts which write, newest first, one step a turn."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from todo_reflex.assistant import Plan, ToolCall, plan_message, remember_results
from todo_reflex.assistant.undo import MAX_STEPS

NOW = datetime(2026, 11, 26, 10)
TASK = {"id": 7, "title": "Dentist", "completed": False, "due": "2026-12-02T15:00",
        "priority": "medium", "tags": [], "repeat": None}


def undo_calls(context):
    plan = plan_message("undo", now=NOW, tz="UTC", tasks=[TASK], context=context)
    return [(c.tool, c.args) for c in plan.calls], plan


def test_each_write_has_its_inverse():
    cases = [
        (ToolCall("add_task", {"title": "x"}), {"id": 9, "title": "x"},
         ("delete_task", {"task_id": 9})),
        (ToolCall("delete_task", {"task_id": 7}), {"id": 7, "title": "Dentist"},
         ("restore_task", {"task_id": 7})),
        (ToolCall("complete_task", {"task_id": 7}), {"id": 7, "completed": True},
         ("uncomplete_task", {"task_id": 7})),
        (ToolCall("uncomplete_task", {"task_id": 7}), {"id": 7, "completed": False},
         ("complete_task", {"task_id": 7})),
        (ToolCall("update_task", {"task_id": 7, "due": "2026-12-04", "tags": ["a"]},
                  {"due": "2026-12-02T15:00", "tags": []}), {"id": 7},
         ("update_task", {"task_id": 7, "due": "2026-12-02T15:00", "tags": []})),
        (ToolCall("update_task", {"task_id": 7, "due": "2026-12-04"}, {"due": None}), {"id": 7},
         ("update_task", {"task_id": 7, "due": ""})),
        (ToolCall("complete_task", {"task_id": 7}, {"due": "2026-12-02T15:00"}),
         {"id": 7, "completed": False, "due": "2026-12-09T15:00"},
         ("update_task", {"task_id": 7, "due": "2026-12-02T15:00"})),
    ]
    for call, result, inverse in cases:
        context = remember_results(Plan(calls=[call]), [result])
        assert undo_calls(context)[0] == [inverse], call


def test_a_turn_is_one_step_reverted_in_reverse_and_undo_is_not_logged():
    plan = Plan(calls=[ToolCall("add_task", {"title": "a"}), ToolCall("add_task", {"title": "b"})])
    context = remember_results(plan, [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}])
    calls, undo = undo_calls(context)
    assert calls == [("delete_task", {"task_id": 2}), ("delete_task", {"task_id": 1})]
    after = remember_results(undo, [{"id": 2}, {"id": 1}])
    assert after["writes"] == []
    assert "nothing to undo" in undo_calls(after)[1].reply


def test_failed_calls_and_reads_are_not_steps_and_the_log_is_bounded():
    context: dict = {}
    for n in range(MAX_STEPS + 5):
        plan = Plan(calls=[ToolCall("add_task", {"title": f"t{n}"}),
                           ToolCall("list_tasks", {"status": "pending"}),
                           ToolCall("delete_task", {"task_id": 999})])
        context = remember_results(plan, [{"id": n + 1, "title": f"t{n}"}, {"tasks": []},
                                          {"error": {"code": "X", "message": "gone"}}],
                                   context)
    assert len(context["writes"]) == MAX_STEPS
    assert undo_calls(context)[0] == [("delete_task", {"task_id": MAX_STEPS + 5})]


def test_a_change_that_cannot_be_reverted_says_so_instead_of_undoing_an_older_one():
    context = remember_results(Plan(calls=[ToolCall("add_task", {"title": "a"})]),
                               [{"id": 1, "title": "a"}])
    context = remember_results(Plan(calls=[ToolCall("update_task", {"task_id": 1, "title": "b"})]),
                               [{"id": 1, "title": "b"}], context)
    calls, plan = undo_calls(context)
    assert calls == []
    assert "can't undo" in plan.reply


def stored(context):
    """The context as the next turn reads it back from the database's JSON column."""
    return json.loads(json.dumps(context))


def test_a_step_is_plain_data_whatever_types_the_old_values_had():
    before = {"tags": ("home", "probe"), "due": datetime(2026, 12, 2, 15, 0),
              "repeat": None, "description": None}
    call = ToolCall("update_task", {"task_id": 7, "tags": {"new"}, "due": date(2026, 12, 4)},
                    before)
    context = stored(remember_results(Plan(calls=[call]), [{"id": 7, "title": "Dentist"}]))
    assert undo_calls(context)[0] == [("update_task", {
        "task_id": 7, "tags": ["home", "probe"], "due": "2026-12-02T15:00", "repeat": "",
        "description": ""})]


def test_a_pending_bulk_edit_is_plain_data_too():
    tasks = [{**TASK, "id": n, "tags": ["old"]} for n in (1, 2)]
    plan = plan_message("complete all #old tasks", now=NOW, tz="UTC", tasks=tasks, context={})
    assert plan.needs == "confirmation"
    assert stored(plan.context) == plan.context


@pytest.mark.parametrize("bad", [
    {"tool": "update_task", "args": {"task_id": 7, "tags": [{"x": 1}]}},
    {"tool": "update_task", "args": {"task_id": 7, "owner": "bob"}},
    {"tool": "update_task", "args": {"task_id": "7", "title": "a"}},
    {"tool": "delete_task", "args": {"task_id": 7, "title": "a"}},
    {"tool": "purge_everything", "args": {"task_id": 7}},
    "delete_task 7",
])
def test_a_damaged_step_is_dropped_and_the_one_before_is_next(bad):
    context = remember_results(Plan(calls=[ToolCall("add_task", {"title": "a"})]),
                               [{"id": 1, "title": "a"}])
    context["writes"].append({"undo": [bad]})
    calls, plan = undo_calls(stored(context))
    assert calls == []
    assert "can't undo" in plan.reply
    assert undo_calls(stored(plan.context))[0] == [("delete_task", {"task_id": 1})]
