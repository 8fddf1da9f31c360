"""Bulk changes on real databases: each action, what it skips, and its undo record."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from todo_reflex.core import task_bulk
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.models import TaskCreate
from todo_reflex.core.tasks import Actor, add_task, get_task

TASKS = [
    TaskCreate(title="Call mom", due="2026-12-08T18:30", priority="low", tags=["family"]),
    TaskCreate(title="Pay rent", due="2026-12-01"),
    TaskCreate(title="Water plants", due="2026-12-06", repeat="FREQ=WEEKLY"),
    TaskCreate(title="Read", tags=["books"]),
]


@pytest.fixture
def actor(make_user) -> Actor:
    return Actor(user_id=make_user("bulk@example.com").id, timezone="Europe/Berlin")


@pytest.fixture
def numbers(engine: sa.Engine, actor: Actor) -> list[int]:
    with session_scope(engine) as session:
        return [add_task(session=session, actor=actor, data=t).id for t in TASKS]


def _state(engine: sa.Engine, actor: Actor, numbers: list[int]) -> list[tuple]:
    with session_scope(engine) as session:
        tasks = [get_task(session=session, actor=actor, task_id=n) for n in numbers]
    return [(t.title, t.due, t.priority, t.tags, t.completed) for t in tasks]


def _apply(engine: sa.Engine, actor: Actor, numbers: list[int], action: str,
           value: str = "") -> task_bulk.BulkResult:
    with session_scope(engine) as session:
        return task_bulk.apply(session=session, actor=actor, task_ids=numbers, action=action,
                               value=value)


def _revert(engine: sa.Engine, actor: Actor, undo: dict) -> int:
    with session_scope(engine) as session:
        return task_bulk.revert(session=session, actor=actor, undo=json.loads(json.dumps(undo)))


@pytest.mark.parametrize(("action", "value", "message"), [
    ("due", "2026-12-24", "Moved 4 tasks to Thu 24 Dec"),
    ("due", "", "Took the date off 3 tasks"),
    ("priority", "high", "Priority High on 4 tasks"),
    ("priority", "none", "Took the priority off “Call mom”"),
    ("tag", "#Work", "Tagged 4 tasks #work"),
    ("complete", "", "Completed 4 tasks"),
    ("delete", "", "Deleted 4 tasks"),
])
def test_each_bulk_change_is_undone_exactly(engine, actor, numbers, action, value,
                                            message) -> None:
    before = _state(engine, actor, numbers)
    result = _apply(engine, actor, numbers, action, value)
    assert result.message == message
    if action != "delete":
        assert _state(engine, actor, numbers) != before
    _revert(engine, actor, result.undo)  # through JSON, as the state store keeps it
    assert _state(engine, actor, numbers) == before


def test_a_new_day_keeps_each_tasks_time_and_repeats_move_back(engine, actor, numbers) -> None:
    _apply(engine, actor, numbers, "due", "2026-12-24")
    assert [row[1] for row in _state(engine, actor, numbers)] == [
        "2026-12-24T18:30", "2026-12-24", "2026-12-24", "2026-12-24"]
    result = _apply(engine, actor, numbers[2:3], "complete")
    (water,) = _state(engine, actor, numbers[2:3])
    assert water[1] == "2026-12-31" and not water[4]  # a repeat moves on, stays open
    assert result.undo == {"reopen": [], "fields": [[numbers[2], {"due": "2026-12-24"}]]}


def test_another_users_numbers_are_skipped(engine, actor, numbers, make_user) -> None:
    other = Actor(user_id=make_user("other@example.com").id, timezone="UTC")
    result = _apply(engine, other, numbers, "delete")
    assert result.changed == [] and result.undo == {"restore": []}
    assert len(_state(engine, actor, numbers)) == 4


@pytest.mark.parametrize(("action", "value", "field"), [
    ("rename", "x", "action"), ("due", "next friday", "due"), ("priority", "urgent", "priority"),
    ("tag", "two words", "tags"),
])
def test_bad_actions_and_values_are_refused_before_anything_changes(
        engine, actor, numbers, action, value, field) -> None:
    before = _state(engine, actor, numbers)
    with pytest.raises(InvalidInput) as refused:
        _apply(engine, actor, numbers, action, value)
    assert refused.value.field == field
    assert _state(engine, actor, numbers) == before


def test_nothing_to_change_changes_nothing(engine, actor, numbers) -> None:
    result = _apply(engine, actor, numbers[3:], "due", "")
    assert result.changed == [] and result.undo == {}
    assert _state(engine, actor, numbers)[3][1] is None
