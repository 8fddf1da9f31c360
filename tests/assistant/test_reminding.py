"""Reminders said in words (assistant/reminding.py, remind_intents.py): the clause read, the
rules it becomes, what an add without remind words leaves alone, and how replies word them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from todo_reflex.assistant import Plan, ToolCall, compose_reply
from todo_reflex.assistant.adding import add_calls
from todo_reflex.assistant.planner import plan_message
from todo_reflex.assistant.remind_intents import drop_late
from todo_reflex.assistant.reminding import (
    AT_DUE,
    Ask,
    fire_at,
    read_reminder,
    reminder_words,
    rules_for,
)
from todo_reflex.core.reminders import parse_rule

NOW = datetime(2026, 11, 26, 10)  # a Thursday


@pytest.mark.parametrize(
    ("text", "ask", "rest"),
    [
        ("dentist friday 3pm remind me 30 minutes before", Ask(timedelta(minutes=30)),
         "dentist friday 3pm"),
        ("gym at 6pm, with a reminder an hour before", Ask(timedelta(hours=1)), "gym at 6pm"),
        ("gym at 6pm and remind me an hour and a half before", Ask(timedelta(minutes=90)),
         "gym at 6pm"),
        ("gym at 6pm remind me half an hour beforehand", Ask(timedelta(minutes=30)),
         "gym at 6pm"),
        ("flight sat 7am remind me 2 hours 15 minutes before", Ask(timedelta(hours=2, minutes=15)),
         "flight sat 7am"),
        ("exam dec 10 remind me the day before", Ask(timedelta(days=1)), "exam dec 10"),
        ("exam dec 10 remind me a week in advance", Ask(timedelta(weeks=1)), "exam dec 10"),
        ("party sat 8pm remind me the night before at 8", Ask(days_before=1, at="20:00"),
         "party sat 8pm"),
        ("party sat 8pm remind me the day before at 9", Ask(days_before=1, at="09:00"),
         "party sat 8pm"),
        ("party sat 8pm remind me at 7pm the night before", Ask(days_before=1, at="19:00"),
         "party sat 8pm"),
        ("party sat 8pm remind me the day before at 3", Ask(days_before=1, at="15:00"),
         "party sat 8pm"),
        ("party sat 8pm remind me the morning before at 6", Ask(days_before=1, at="06:00"),
         "party sat 8pm"),
        ("rent on the 1st remind me 3 days before at 10am", Ask(days_before=3, at="10:00"),
         "rent on the 1st"),
        ("concert sat 8pm remind me the morning of", Ask(at="09:00"), "concert sat 8pm"),
        ("dinner fri 7pm remind me at 5pm", Ask(at="17:00"), "dinner fri 7pm"),
        ("lunch fri noon with a 15-minute reminder", Ask(timedelta(minutes=15)), "lunch fri noon"),
        ("call mom 6pm remind me", AT_DUE, "call mom 6pm"),
        ("call mom 6pm", None, "call mom 6pm"),
        # no reminder words: an offset is part of the title
        ("arrive 30 minutes before the show", None, "arrive 30 minutes before the show"),
    ],
)
def test_the_reminder_clause_is_read_and_taken_out(text: str, ask: Ask | None, rest: str) -> None:
    assert read_reminder(text) == (ask, rest)


def test_after_remind_me_an_offset_needs_no_words_of_its_own() -> None:
    assert read_reminder("45 minutes before the gym", remind=True) == (
        Ask(timedelta(minutes=45)), "the gym")
    # in the middle of a title it stays there ("leave 2 hours before my flight")
    assert read_reminder("leave 2 hours before my flight", remind=True)[0] == AT_DUE


@pytest.mark.parametrize(
    ("ask", "due", "rules"),
    [
        (AT_DUE, "2026-11-27T18:00", ["-PT0M"]),
        (AT_DUE, None, []),
        (Ask(timedelta(minutes=90)), "2026-11-27T18:00", ["-PT1H30M"]),
        (Ask(timedelta(days=1)), "2026-12-01", ["-P1D"]),
        (Ask(days_before=1, at="20:00"), "2026-11-28T20:00", ["2026-11-27T20:00"]),
        (Ask(days_before=1, at="20:00"), None, []),
        (None, "2026-11-27", []),
    ],
)
def test_rules_are_what_the_tools_take(ask: Ask | None, due: str | None, rules: list[str]) -> None:
    assert rules_for(ask, due) == rules
    assert all(parse_rule(rule, "UTC").text == rule for rule in rules)  # canonical already


def test_fire_times_count_from_the_due_time_or_nine_on_a_day() -> None:
    assert fire_at("-PT30M", "2026-11-27T15:00") == datetime(2026, 11, 27, 14, 30)
    assert fire_at("-P1D", "2026-12-01") == datetime(2026, 11, 30, 9)
    assert fire_at("2026-11-27T20:00", None) == datetime(2026, 11, 27, 20)
    assert fire_at("-PT0M", None) is None


def test_an_add_without_remind_words_sets_no_reminder() -> None:
    for text in ("add buy stamps tomorrow at 5pm", "add dentist friday 3pm p1",
                 "add milk to my reminders list tomorrow"):
        plan = plan_message(text, now=NOW, tz="UTC", tasks=[])
        assert all("reminders" not in c.args for c in plan.calls), (text, plan.calls)
    [call] = add_calls("buy stamps tomorrow", NOW)
    assert "reminders" not in call.args


def test_a_reminder_already_past_is_offered_without_it() -> None:
    calls = [ToolCall("add_task", {"title": "lunch", "due": "2026-11-26T10:15",
                                   "reminders": ["-PT30M"]})]
    kept, why = drop_late(calls, NOW)
    assert kept[0].args == {"title": "lunch", "due": "2026-11-26T10:15"}
    assert why == "The reminder time (09:45) has already passed. "
    plan = plan_message("add lunch today at 10:15 remind me 30 minutes before", now=NOW,
                        tz="UTC", tasks=[])
    assert (plan.calls, plan.needs) == ([], "clarification")
    assert "09:45) has already passed" in plan.reply
    assert "reminders" not in plan.context["pending"]["calls"][0]["args"]


def test_remind_me_today_after_nine_still_adds_the_task() -> None:
    # the day's reminder (09:00) has gone; the task is still due today
    plan = plan_message("remind me today to pay rent", now=NOW, tz="UTC", tasks=[])
    assert [c.args for c in plan.calls] == [{"title": "pay rent", "due": "2026-11-26"}]


def test_an_offset_with_no_due_date_asks_when_it_is_due() -> None:
    plan = plan_message("add call the bank remind me 30 minutes before", now=NOW, tz="UTC",
                        tasks=[])
    assert (plan.calls, plan.needs) == ([], "clarification")
    assert "When is it due?" in plan.reply


def test_a_new_reminder_keeps_the_ones_the_task_has() -> None:
    task = {"id": 7, "title": "Dentist appointment", "completed": False,
            "due": "2026-12-02T15:00", "priority": "none", "tags": [],
            "reminders": [{"rule": "-P1D", "at": "2026-12-01T15:00", "fired_at": None}]}
    plan = plan_message("remind me about the dentist 30 minutes before", now=NOW, tz="UTC",
                        tasks=[task])
    [call] = plan.calls
    assert call.args == {"task_id": 7, "reminders": ["-P1D", "-PT30M"]}
    assert call.before == {"reminders": ["-P1D"]}  # what undo puts back
    again = plan_message("remind me about the dentist the day before", now=NOW, tz="UTC",
                         tasks=[task])
    assert (again.calls, again.reply) == ([], "That task already looks like that.")


def test_replies_say_when_the_reminder_fires() -> None:
    result = {"id": 16, "title": "call mom", "completed": False, "due": "2026-11-26T18:00",
              "priority": "none", "tags": [], "repeat": None,
              "reminders": [{"rule": "-PT0M", "at": "2026-11-26T18:00", "fired_at": None},
                            {"rule": "-P1D", "at": "2026-11-25T18:00",
                             "fired_at": "2026-11-25T18:00:00Z"}]}
    text = compose_reply(Plan(calls=[ToolCall("add_task", {"title": "call mom"})]), [result],
                         tz="UTC", now=NOW)
    assert text == "Added **call mom** (#16) · due Thu 26 Nov, 18:00 · reminder 18:00"
    assert reminder_words(["2026-11-25T20:00", "-PT30M"], "2026-11-26T18:00", NOW) == (
        "reminders Wed 25 Nov, 20:00, 17:30")
    assert reminder_words(["-PT30M"], None) == "reminder 30 min before"


def test_a_reminder_offered_on_a_task_is_set_on_yes() -> None:
    task = {"id": 7, "title": "Dentist appointment", "completed": False,
            "due": "2026-12-02T15:00", "priority": "none", "tags": [], "reminders": []}
    offered = plan_message("remind me about the dentist appointment", now=NOW, tz="UTC",
                           tasks=[task])
    assert (offered.calls, offered.needs) == ([], "clarification")
    assert offered.reply.startswith("Set a reminder on **Dentist appointment** (#7) for 15:00")
    done = plan_message("yes", now=NOW, tz="UTC", tasks=[task], context=offered.context)
    assert [c.to_dict() for c in done.calls] == [
        {"tool": "update_task", "args": {"task_id": 7, "reminders": ["-PT0M"]}}]
