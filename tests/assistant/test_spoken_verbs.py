"""Spoken verbs (stick, pencil in, scratch, note that, push back) and the items of a spoken list."""

from __future__ import annotations

from datetime import datetime

import pytest

from todo_reflex.assistant.adding import split_titles
from todo_reflex.assistant.planner import plan_message
from todo_reflex.assistant.spoken_verbs import plain_verbs

NOW = datetime(2026, 11, 26, 10)
TASKS = [{"id": 4, "title": "Finish the quarterly report", "completed": False,
          "due": "2026-11-27", "priority": "high", "tags": ["work"]},
         {"id": 21, "title": "apples", "completed": False, "due": None, "priority": "none",
          "tags": ["grocery"]}]


def _calls(text: str) -> list[dict]:
    return plan_message(text, now=NOW, tz="UTC", tasks=TASKS).to_dict()["calls"]


@pytest.mark.parametrize(("said", "read"), [
    ("stick batteries on my shopping list", "put batteries on my shopping list"),
    ("pencil in coffee with anna on wednesday", "add coffee with anna on wednesday"),
    ("scratch apples from my grocery list", "remove apples from my grocery list"),
    ("note that i have a haircut on saturday", "remember that i have a haircut on saturday"),
    ("write down that i need to call the bank", "remember that i need to call the bank"),
    ("push the report back to monday", "move the report to monday"),
    ("i need to buy coffee add it to the grocery list", "add coffee to the grocery list"),
    ("i must remember to send flowers", "remember to send flowers"),
    ("in my shopping list add soap", "add soap to my shopping list"),
    ("shopping list add toilet paper", "add toilet paper to my shopping list"),
    ("on the 12th renew the car tax", "renew the car tax on the 12th"),
    ("this friday pay the gas bill", "pay the gas bill this friday"),
    ("clear tomorrow", "clear my calendar tomorrow"),
    ("slot in a call with the accountant", "add a call with the accountant"),
    ("put me down for the yoga class", "add the yoga class"),
    ("save the date for sarahs wedding", "add sarahs wedding"),
    ("get the team lunch on the calendar", "put the team lunch on the calendar"),
    ("put a dentist appointment in for the 4th", "add a dentist appointment for the 4th"),
    ("wipe my friday", "clear my calendar friday"),
    ("how does my week look", "what's on my schedule this week"),
    ("what does my day look like tomorrow", "what's on my schedule tomorrow"),
])
def test_spoken_verbs_become_the_plain_ones(said: str, read: str) -> None:
    assert plain_verbs(said) == read


@pytest.mark.parametrize("said", [
    "stick to the plan",           # no list to put anything on
    "note that down",              # nothing said to note
    "throw away the old milk",     # throwing away is deleting
    "scratch the car",             # no list to scratch it from
    "today i need to call",        # no day alone before the verb
    "put a note in for the team",  # a note put in is no event
])
def test_other_sentences_keep_their_words(said: str) -> None:
    assert plain_verbs(said) == said


def test_an_article_opens_the_next_item_of_a_list() -> None:
    assert split_titles("nails and a hammer") == ["nails", "hammer"]
    assert split_titles("call mom and a friend") == ["call mom and a friend"]


def test_new_is_part_of_an_item_not_of_the_command() -> None:
    assert _calls("add a new scarf to my shopping list") == [
        {"tool": "add_task", "args": {"title": "new scarf", "tags": ["shopping"]}}]


def test_spoken_commands_plan_the_right_calls() -> None:
    assert _calls("scratch apples from my grocery list") == [
        {"tool": "delete_task", "args": {"task_id": 21}}]
    assert _calls("push the quarterly report back to monday") == [
        {"tool": "update_task", "args": {"task_id": 4, "due": "2026-11-30"}}]
    assert _calls("note that down") == []


MEETING = [{"id": 20, "title": "Meeting with John", "completed": False,
            "due": "2026-11-27T14:00", "priority": "none", "tags": []}]


def test_setting_a_priority_on_a_meeting_changes_that_meeting() -> None:
    plan = plan_message("set my meeting with john as high priority", now=NOW, tz="UTC",
                        tasks=MEETING).to_dict()
    assert plan["calls"] == [{"tool": "update_task", "args": {"task_id": 20, "priority": "high"}}]


def test_an_undated_add_of_an_open_tasks_title_asks_first() -> None:
    plan = plan_message("add meeting with john", now=NOW, tz="UTC", tasks=MEETING).to_dict()
    assert (plan["calls"], plan["needs"]) == ([], "confirmation")


def test_a_title_left_starting_with_an_assistant_word_is_offered_not_written() -> None:
    assert _calls("set remind for pay bills tomorrow") == [
        {"tool": "add_task", "args": {"title": "pay bills", "due": "2026-11-27",
                                      "reminders": ["-PT0M"]}}]
    assert _calls("add calendar for the team tomorrow") == []


GYM = [{"id": 20, "title": "Gym", "completed": False, "due": "2026-11-27T07:00",
        "priority": "none", "tags": []},
       {"id": 21, "title": "Lunch with Sarah", "completed": False, "due": "2026-11-28T12:30",
        "priority": "none", "tags": []}]


@pytest.mark.parametrize("said", [
    "i'm not going to the gym tomorrow remove it",
    "remove gym from calendar",
])
def test_the_gym_is_deleted(said: str) -> None:
    assert plan_message(said, now=NOW, tz="UTC", tasks=GYM).to_dict()["calls"] == [
        {"tool": "delete_task", "args": {"task_id": 20}}]


def test_the_event_with_someone_is_the_task_with_them() -> None:
    plan = plan_message("delete the event with sarah", now=NOW, tz="UTC", tasks=GYM).to_dict()
    assert plan["calls"] == [{"tool": "delete_task", "args": {"task_id": 21}}]


@pytest.mark.parametrize(("said", "title", "due"), [
    ("lunch with mom on sunday", "lunch with mom", "2026-11-29"),
    ("tuesday meeting noon", "meeting", "2026-12-01T12:00"),
    ("put brunch with the girls on sunday at eleven", "brunch with the girls", "2026-11-29T11:00"),
])
def test_a_meeting_and_its_day_are_a_calendar_entry(said: str, title: str, due: str) -> None:
    assert _calls(said) == [{"tool": "add_task", "args": {"title": title, "due": due}}]


def test_a_meeting_with_someone_already_on_the_list_is_not_added_again() -> None:
    plan = plan_message("meeting with john tomorrow at five pm", now=NOW, tz="UTC",
                        tasks=MEETING).to_dict()
    assert plan["calls"] == [{"tool": "update_task",
                              "args": {"task_id": 20, "due": "2026-11-27T17:00"}}]


def test_i_need_to_finish_is_a_to_do_not_a_completion() -> None:
    assert _calls("i need to finish my essay by monday") == [
        {"tool": "add_task", "args": {"title": "finish my essay", "due": "2026-11-30"}}]
    assert _calls("i need to drop off the parcel tomorrow") == [
        {"tool": "add_task", "args": {"title": "drop off the parcel", "due": "2026-11-27"}}]


def test_remind_me_how_is_a_question_that_writes_nothing() -> None:
    assert _calls("remind me how to tie a tie") == []


@pytest.mark.parametrize("said", ["push the quarterly report to next month",
                                  "postpone the quarterly report to later",
                                  "schedule a ride to the airport for six am",
                                  "schedule an email to go out at nine",
                                  "add money to my bus pass"])
def test_no_day_to_move_to_or_a_ride_to_book_writes_nothing(said: str) -> None:
    assert _calls(said) == []


def test_put_the_kettle_on_is_no_calendar_entry() -> None:
    assert _calls("put coffee on") == []


def test_the_groceries_is_the_groceries_list() -> None:
    assert _calls("put pasta sauce on the groceries") == [
        {"tool": "add_task", "args": {"title": "pasta sauce", "tags": ["groceries"]}}]


def test_a_title_cut_off_on_a_joining_word_is_offered_not_written() -> None:
    assert _calls("remind me to buy a box of") == []
