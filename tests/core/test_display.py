"""Due dates, repeats and labels as the task pages, the chat and the MCP server word them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from todo_reflex.core.display import (
    REMINDER_PRESETS,
    REPEAT_PRESETS,
    describe_due,
    describe_reminders,
    describe_repeat,
    due_state,
    reminder_preset,
    repeat_preset,
    split_tag_text,
    task_view,
)
from todo_reflex.core.models import ReminderPublic, TaskPublic

# Wednesday 25 November 2026, 14:30 in Berlin (13:30 UTC).
NOW = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)
TZ = "Europe/Berlin"


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, ""),
        ("2026-11-25", "Today"),
        ("2026-11-25T15:00", "Today 15:00"),
        ("2026-11-26T09:05", "Tomorrow 09:05"),
        ("2026-11-24", "Yesterday"),
        ("2026-11-27", "Fri 27 Nov"),
        ("2026-11-27T17:00", "Fri 27 Nov 17:00"),
        ("2027-01-04", "Mon 4 Jan 2027"),
    ],
)
def test_due_on_a_panel(due, expected):
    assert describe_due(due, style="panel", tz=TZ, now=NOW) == expected


def test_due_on_a_panel_uses_the_users_today():
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # already the 26th in Berlin
    assert describe_due("2026-11-26", style="panel", tz=TZ, now=late) == "Today"
    assert describe_due("2026-11-26", style="panel", tz="America/New_York", now=late) \
        == "Tomorrow"


@pytest.mark.parametrize(
    ("due", "chat", "mcp"),
    [
        (None, "", ""),
        ("2026-11-27", "Fri 27 Nov", "2026-11-27"),
        ("2026-11-27T15:00", "Fri 27 Nov, 15:00", "2026-11-27 15:00"),
        ("2027-01-04T09:30", "Mon 4 Jan 2027, 09:30", "2027-01-04 09:30"),
    ],
)
def test_due_in_chat_and_for_agents(due, chat, mcp):
    assert describe_due(due, style="chat", now=NOW) == chat
    assert describe_due(due, style="mcp") == mcp


def test_an_unreadable_due_is_shown_as_it_is():
    assert describe_due("someday", style="chat") == "someday"


@pytest.mark.parametrize(
    ("rule", "chat", "panel"),
    [
        (None, "", ""),
        ("FREQ=DAILY", "repeats daily", "Daily"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "repeats weekly on weekdays", "Weekdays"),
        ("FREQ=WEEKLY;BYDAY=SA", "repeats weekly on Saturday", "Repeats weekly on Saturday"),
        ("FREQ=WEEKLY;INTERVAL=2", "repeats every 2 weeks", "Repeats every 2 weeks"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "repeats monthly on day 1", "Repeats monthly on day 1"),
        ("FREQ=YEARLY", "repeats yearly", "Repeats yearly"),
    ],
)
def test_repeats_in_each_style(rule, chat, panel):
    assert describe_repeat(rule, style="chat") == chat
    assert describe_repeat(rule, style="mcp") == chat
    assert describe_repeat(rule, style="panel") == panel


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, "none"),
        ("2026-11-24", "overdue"),
        ("2026-11-25", "today"),
        ("2026-11-25T14:00", "overdue"),
        ("2026-11-25T15:00", "today"),
        ("2026-11-26", "upcoming"),
    ],
)
def test_due_state(due, expected):
    assert due_state(due, TZ, NOW) == expected


def test_repeat_presets_round_trip():
    for name, rule in REPEAT_PRESETS.items():
        assert repeat_preset(rule) == name
    assert repeat_preset("FREQ=YEARLY") == "custom"


def test_split_tag_text():
    assert split_tag_text(" work, #home  errands,,") == ["work", "#home", "errands"]
    assert split_tag_text("") == []


def test_task_view_words_a_task_and_never_marks_done_tasks_overdue():
    task = TaskPublic(
        id=7, title="Call <b>mum</b>", description="", completed=False, priority="high",
        due="2026-11-24T09:00", repeat="FREQ=WEEKLY", tags=["home", "calls"],
        created_at=NOW, updated_at=NOW, completed_at=None, version=3,
    )
    view = task_view(task, TZ, NOW)
    assert (view.due_label, view.due_state, view.due_date, view.due_time) == (
        "Yesterday 09:00", "overdue", "2026-11-24", "09:00")
    assert (view.priority_label, view.tags_text, view.repeat_label) == (
        "High", "home, calls", "Weekly")
    done = task_view(task.model_copy(update={"completed": True}), TZ, NOW)
    assert done.due_state == "none"


def test_reminder_presets_round_trip():
    for name, rules in REMINDER_PRESETS.items():
        assert reminder_preset(rules) == name
    assert reminder_preset(["-PT30M", "-P1D"]) == "custom"
    assert reminder_preset(["2026-11-25T16:00"]) == "custom"


def test_a_row_shows_the_next_reminder_still_to_fire():
    fired = ReminderPublic(rule="-P1D", at="2026-11-24T09:00", fired_at=NOW)
    soon = ReminderPublic(rule="-PT30M", at="2026-11-25T16:30")
    later = ReminderPublic(rule="-PT0M", at="2026-11-25T17:00")
    task = TaskPublic(
        id=1, title="dentist", description="", completed=False, priority="none",
        due="2026-11-25T17:00", repeat=None, tags=[], created_at=NOW, updated_at=NOW,
        completed_at=None, version=1, reminders=[later, fired, soon],
    )
    assert describe_reminders(task, TZ, NOW) == "Today 16:30 +1"
    assert task_view(task, TZ, NOW).reminder_label == "Today 16:30 +1"
    only_fired = task.model_copy(update={"reminders": [fired]})
    assert describe_reminders(only_fired, TZ, NOW) == ""
    done = task.model_copy(update={"completed": True})
    assert task_view(done, TZ, NOW).reminder_label == ""
