"""The /tasks quick-add line reads like the chat's "add …" and previews what it understood."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from todo_reflex.assistant.adding import add_calls
from todo_reflex.assistant.quick_add import parse_quick_add, preview
from todo_reflex.core.models import TaskCreate

NOW = datetime(2026, 11, 29, 7, 30, tzinfo=UTC)  # a Sunday
TZ = "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call plumber tomorrow 4pm p1 #home",
         {"title": "Call plumber", "due": "2026-11-30T16:00", "priority": "high",
          "tags": ["home"]}),
        ("water plants every saturday #garden",
         {"title": "water plants", "due": "2026-12-05", "tags": ["garden"],
          "repeat": "FREQ=WEEKLY;BYDAY=SA"}),
        ("Pay rent due dec 1 p2", {"title": "Pay rent", "due": "2026-12-01",
                                   "priority": "medium"}),
        ("Read a book", {"title": "Read a book"}),
    ],
)
def test_one_line_becomes_the_chats_add(text: str, expected: dict) -> None:
    (task,) = parse_quick_add(text, TZ, NOW).tasks
    assert task == expected
    berlin = datetime(2026, 11, 29, 8, 30)  # NOW on the wall clock in Berlin
    assert [c.args for c in add_calls(text, berlin)] == [expected]


def test_the_preview_words_each_part() -> None:
    shown = preview(parse_quick_add("Call plumber tomorrow 4pm p1 #home every week", TZ, NOW),
                    TZ, NOW)
    assert shown.titles == ["Call plumber"]
    assert (shown.due, shown.priority, shown.priority_level) == ("Tomorrow 16:00", "High", "high")
    assert shown.tags == ["home"]
    assert shown.repeat == "Repeats weekly"


def test_dates_alone_are_not_a_task() -> None:
    parsed = parse_quick_add("tomorrow p1 #home", TZ, NOW)
    assert parsed.empty
    assert preview(parsed, TZ, NOW).titles == []


def test_the_users_zone_decides_tomorrow() -> None:
    late = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # already Monday in Tokyo
    (task,) = parse_quick_add("Gym tomorrow", "Asia/Tokyo", late).tasks
    assert task["due"] == "2026-12-01"


@pytest.mark.parametrize(
    ("text", "reminders", "due", "reminder"),
    [
        ("Dentist friday 3pm remind me 30 minutes before", ["-PT30M"],
         "Fri 4 Dec 15:00", "Reminder 14:30"),
        ("Pay rent dec 10 remind me the day before at 8pm", ["2026-12-09T20:00"],
         "Thu 10 Dec", "Reminder Wed 9 Dec, 20:00"),
        ("Call mom tomorrow 6pm remind me", ["-PT0M"], "Tomorrow 18:00", "Reminder 18:00"),
        ("Gym tomorrow 7am with a 15-minute reminder", ["-PT15M"],
         "Tomorrow 07:00", "Reminder 06:45"),
    ],
)
def test_quick_add_reads_reminders_and_previews_them(text: str, reminders: list[str],
                                                     due: str, reminder: str) -> None:
    parsed = parse_quick_add(text, "UTC", NOW)
    (task,) = parsed.tasks
    assert task["reminders"] == reminders
    assert "remind" not in task["title"].lower()
    shown = preview(parsed, "UTC", NOW)
    assert (shown.due, shown.reminder) == (due, reminder)
    assert TaskCreate(**task).reminders == reminders  # what the quick-add box saves


def test_quick_add_without_a_due_date_previews_the_offset() -> None:
    parsed = parse_quick_add("Call the bank remind me 30 minutes before", "UTC", NOW)
    shown = preview(parsed, "UTC", NOW)
    assert (shown.due, shown.reminder) == ("", "Reminder 30 min before")


def test_a_days_reminder_gone_by_is_left_off_not_refused() -> None:
    late = datetime(2026, 11, 29, 10, 30, tzinfo=UTC)  # after 09:00, when a day's reminder fires
    (task,) = parse_quick_add("Pay rent today remind me", "UTC", late).tasks
    assert task == {"title": "Pay rent", "due": "2026-11-29"}
