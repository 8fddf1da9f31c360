"""The intent table: every example phrasing routes to its own intent (one test per phrasing),
priorities are unique, and no intent is reached only through list order."""

from __future__ import annotations

from datetime import datetime

import pytest

from todo_reflex.assistant.intent_table import ORDER, TABLE, route
from todo_reflex.assistant.phrases import tidy
from todo_reflex.assistant.task_index import TaskIndex
from todo_reflex.assistant.turn import Turn

NOW = datetime(2026, 11, 26, 10)
TASKS = [
    {"id": 3, "title": "Buy milk", "completed": False, "due": None, "priority": "none",
     "tags": []},
    {"id": 4, "title": "Finish the quarterly report", "completed": False, "due": "2026-11-27",
     "priority": "high", "tags": ["work"]},
    {"id": 5, "title": "Call mom", "completed": False, "due": None, "priority": "none",
     "tags": ["family"]},
    {"id": 7, "title": "Dentist appointment", "completed": False, "due": "2026-12-02T15:00",
     "priority": "medium", "tags": []},
    {"id": 8, "title": "Water the plants", "completed": True, "due": None, "priority": "none",
     "tags": ["home"]},
    {"id": 9, "title": "Call the plumber", "completed": False, "due": None, "priority": "low",
     "tags": ["home"]},
    {"id": 12, "title": "Renew passport", "completed": False, "due": "2026-12-15",
     "priority": "none", "tags": []},
    {"id": 14, "title": "Pay electricity bill", "completed": False, "due": "2026-11-24",
     "priority": "none", "tags": []},
    {"id": 16, "title": "Buy groceries", "completed": False, "due": None, "priority": "none",
     "tags": ["shopping"]},
    {"id": 17, "title": "Order printer ink", "completed": False, "due": "2026-11-26",
     "priority": "none", "tags": ["shopping"]},
]
CONTEXT = {"writes": [{"undo": [{"tool": "delete_task", "args": {"task_id": 16}}]}]}
EXAMPLES = [pytest.param(intent.name, text, id=text) for intent in TABLE
            for text in intent.examples]


@pytest.mark.parametrize(("name", "text"), EXAMPLES)
def test_example_routes_to_its_intent(name: str, text: str) -> None:
    turn = Turn(tidy(text), text, NOW, TaskIndex(TASKS), CONTEXT)
    intent, plan = route(turn)
    assert intent.name == name, (intent.name, plan)


def test_priorities_are_unique_and_order_follows_them() -> None:
    priorities = [i.priority for i in TABLE]
    assert len(set(priorities)) == len(priorities)
    assert [i.priority for i in ORDER] == sorted(priorities)
    assert ORDER[-1].name == "off_topic"
    assert not ORDER[-1].patterns


def test_every_intent_has_examples_or_says_where_they_are() -> None:
    documented_elsewhere = {"confirm", "follow_up"}
    assert all(i.examples for i in TABLE if i.name not in documented_elsewhere)
    assert len(EXAMPLES) >= 40
