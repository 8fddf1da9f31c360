"""Listings that name days ask list_tasks for those days (Thursday 26 November 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from todo_reflex.assistant.listing import list_args
from todo_reflex.assistant.task_index import TaskIndex

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("what's due tomorrow?", "2026-11-27", "2026-11-27"),
        ("anything due tmrw", "2026-11-27", "2026-11-27"),
        ("what do I have this weekend", "2026-11-28", "2026-11-29"),
        ("show me the weekend's tasks", "2026-11-28", "2026-11-29"),
        ("show next week's tasks", "2026-11-30", "2026-12-06"),
        ("list my tasks for next week pls", "2026-11-30", "2026-12-06"),
        ("anything due in december?", "2026-12-01", "2026-12-31"),
        ("what's due in march", "2027-03-01", "2027-03-31"),
        ("what's due on monday", "2026-11-30", "2026-11-30"),
        ("tasks for friday", "2026-11-27", "2026-11-27"),
        ("what's due on dec 15", "2026-12-15", "2026-12-15"),
        ("show tasks due 3rd of january", "2027-01-03", "2027-01-03"),
        ("what's due 2026-12-24", "2026-12-24", "2026-12-24"),
        ("what do i have in the next 3 days", "2026-11-26", "2026-11-28"),
        ("show tasks due this month", "2026-11-26", "2026-11-30"),
        ("what's due next month?", "2026-12-01", "2026-12-31"),
        ("what did I have yesterday", "2026-11-25", "2026-11-25"),
        ("whats on my schedule a week from today", "2026-12-03", "2026-12-03"),
        ("what do i have the day after tomorrow", "2026-11-28", "2026-11-28"),
        ("anything due in 3 days", "2026-11-29", "2026-11-29"),
        ("anything on two weeks from today", "2026-12-10", "2026-12-10"),
        ("is anything scheduled on christmas day", "2026-12-25", "2026-12-25"),
        ("what do i have on new year's eve", "2026-12-31", "2026-12-31"),
    ],
)
def test_named_days_become_a_range(text: str, first: str, last: str) -> None:
    args = list_args(text, TaskIndex(), TODAY)
    assert (args.get("due_from"), args.get("due_to")) == (first, last)
    assert "due" not in args


def test_before_a_weekday_is_open_at_the_start() -> None:
    args = list_args("what's due before saturday", TaskIndex(), TODAY)
    assert "due_from" not in args
    assert args["due_to"] == "2026-11-27"


@pytest.mark.parametrize(
    ("text", "due"),
    [("what's due today", "today"), ("what's coming up", "this_week"),
     ("show this week's tasks", "this_week"), ("what's overdue?", "overdue")],
)
def test_the_named_windows_stay_windows(text: str, due: str) -> None:
    args = list_args(text, TaskIndex(), TODAY)
    assert args["due"] == due
    assert "due_from" not in args


def test_a_title_with_a_month_word_is_not_a_date() -> None:
    args = list_args("find tasks about may the fourth party", TaskIndex(), TODAY)
    assert "due_from" not in args
    assert "due_to" not in args


@pytest.mark.parametrize(("text", "query"), [
    ("when do i have to renew my passport", "passport"),
    ("when do i need to pay the rent", "rent"),
    ("what time is my meeting with sarah", "sarah"),
    ("what time is the evening meeting i have with john", "john"),
    ("when is the plumber coming", "plumber"),
    ("when is my dentist appointment", "dentist appointment"),
])
def test_a_when_question_searches_for_what_it_asks_about(text: str, query: str) -> None:
    assert list_args(text, TaskIndex(), TODAY).get("query") == query


def test_what_to_buy_is_the_shopping_list_the_user_keeps() -> None:
    tasks = TaskIndex([{"id": 20, "title": "eggs", "completed": False, "tags": ["grocery"]}])
    assert list_args("what do i need to buy", tasks, TODAY).get("tag") == "grocery"
    assert "tag" not in list_args("what do i need to buy", TaskIndex([]), TODAY)


def test_everything_i_finished_is_the_completed_tasks() -> None:
    assert list_args("show me everything i've finished", TaskIndex(), TODAY)["status"] == \
        "completed"
