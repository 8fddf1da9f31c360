"""The contract validator and the package's independence from Reflex."""

import subprocess
import sys

import pytest

from todo_reflex.assistant import validate_call


@pytest.mark.parametrize(("tool", "args"), [
    ("add_task", {"title": "x", "due": "2026-11-27T17:00", "tags": ["a-b"], "priority": "high",
                  "repeat": "FREQ=WEEKLY;BYDAY=SA"}),
    ("list_tasks", {"status": "pending", "due": "this_week", "tag": "work", "limit": 5}),
    ("update_task", {"task_id": 3, "due": "", "repeat": ""}),
    ("delete_task", {"task_id": 1}),
    ("add_task", {"title": "x", "due": "2026-11-27T17:00",
                  "reminders": ["-PT30M", "-P1DT2H", "2026-11-27T09:00"]}),
    ("update_task", {"task_id": 3, "reminders": []}),
])
def test_valid_calls(tool, args):
    assert validate_call(tool, args) == []


@pytest.mark.parametrize(("tool", "args"), [
    ("add_task", {}),
    ("add_task", {"title": ""}),
    ("add_task", {"title": "x", "due": "tomorrow"}),
    ("add_task", {"title": "x", "tags": ["Has Space"]}),
    ("add_task", {"title": "x", "priority": "p1"}),
    ("add_task", {"title": "x", "repeat": "every day"}),
    ("add_task", {"title": "x", "reminders": ["30 minutes before"]}),
    ("add_task", {"title": "x", "reminders": "-PT30M"}),
    ("list_tasks", {"due": "tomorrow"}),
    ("complete_task", {"task_id": "3"}),
    ("drop_table", {}),
])
def test_invalid_calls(tool, args):
    assert validate_call(tool, args)


def test_package_imports_without_reflex():
    code = ("import sys; import todo_reflex.assistant; "
            "assert not any(m == 'reflex' or m.startswith('reflex.') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
