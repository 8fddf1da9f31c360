"""Multi-turn behaviour: confirmations, clarifications, "it" and "the second one"."""

from datetime import datetime

from todo_reflex.assistant import plan_message, remember_results

NOW = datetime(2026, 11, 26, 10)
TASKS = [
    {"id": 3, "title": "Buy milk", "completed": False, "due": None, "priority": "none", "tags": []},
    {"id": 5, "title": "Call mom", "completed": False, "due": None, "priority": "none",
     "tags": ["family"]},
    {"id": 8, "title": "Water the plants", "completed": True, "due": None, "priority": "none",
     "tags": ["home"]},
    {"id": 9, "title": "Call the plumber", "completed": False, "due": None, "priority": "low",
     "tags": ["home"]},
]


def plan(text, context=None, tasks=TASKS):
    return plan_message(text, now=NOW, tz="UTC", tasks=tasks, context=context)


def calls(p):
    return [(c.tool, c.args) for c in p.calls]


def test_bulk_delete_waits_for_yes_and_acts_on_the_listed_tasks_that_remain():
    first = plan("delete all completed tasks")
    assert first.calls == []
    assert first.needs == "confirmation"
    assert "Water the plants" in first.reply
    later_tasks = [*TASKS, {"id": 20, "title": "Done thing", "completed": True, "due": None,
                            "priority": "none", "tags": []}]
    confirmed = plan("yes", first.context, later_tasks)
    # the yes confirms what was listed; a task completed since was not shown, so it stays
    assert calls(confirmed) == [("delete_task", {"task_id": 8})]
    assert "pending" not in confirmed.context
    gone = plan("yes", first.context, [t for t in TASKS if t["id"] != 8])
    assert gone.calls == []
    assert "gone" in gone.reply


def test_bulk_delete_cancelled():
    first = plan("delete everything")
    assert first.needs == "confirmation"
    cancelled = plan("no", first.context)
    assert cancelled.calls == []
    assert "pending" not in cancelled.context


def test_other_message_drops_the_pending_confirmation():
    first = plan("delete everything")
    other = plan("add buy eggs", first.context)
    assert calls(other) == [("add_task", {"title": "buy eggs"})]
    assert plan("yes", other.context).calls == []


def test_clarification_round_trip():
    first = plan("complete the call task")
    assert first.needs == "clarification"
    assert first.calls == []
    assert "Call mom" in first.reply
    assert "Call the plumber" in first.reply
    assert calls(plan("the plumber", first.context)) == [("complete_task", {"task_id": 9})]
    assert calls(plan("the first one", first.context)) == [("complete_task", {"task_id": 5})]
    assert calls(plan("#9", first.context)) == [("complete_task", {"task_id": 9})]


def test_unknown_title_asks():
    p = plan("delete the garage task")
    assert p.needs == "clarification"
    assert p.calls == []
    assert "garage" in p.reply


def test_second_one_after_a_list():
    listed = plan("show my pending tasks")
    results = [{"tasks": [{"id": 3}, {"id": 5}, {"id": 9}], "total": 3, "limit": 50, "offset": 0}]
    context = remember_results(listed, results)
    assert context["last_listed"] == [3, 5, 9]
    assert calls(plan("complete the second one", context)) == [("complete_task", {"task_id": 5})]
    assert calls(plan("delete the first and third", context)) == [
        ("delete_task", {"task_id": 3}), ("delete_task", {"task_id": 9})]


def test_it_refers_to_the_task_just_added():
    added = plan("add buy eggs")
    context = remember_results(added, [{"id": 42, "title": "buy eggs", "completed": False}])
    assert calls(plan("make it high priority", context)) == [
        ("update_task", {"task_id": 42, "priority": "high"})]


def test_small_talk_has_no_calls_and_a_reply():
    for text in ("hi there", "thanks!", "help", "what can you do?", "what's the weather?"):
        p = plan(text)
        assert p.calls == []
        assert p.needs is None
        assert p.reply


def test_a_guessed_add_is_offered_and_yes_adds_it():
    offered = plan("dentist friday 3pm")  # no verb and no task of that name: a guess
    assert offered.calls == [] and offered.needs == "clarification"
    assert "dentist" in offered.reply and "yes" in offered.reply
    added = plan("yes", offered.context)
    assert calls(added) == [("add_task", {"title": "dentist", "due": "2026-11-27T15:00"})]
    assert "pending" not in added.context


def test_a_change_with_no_verb_is_offered_and_no_drops_it():
    offered = plan("plumber friday")
    assert offered.calls == [] and "Call the plumber" in offered.reply
    assert "due 2026-11-27" in offered.reply
    assert calls(plan("yes", offered.context)) == [("update_task",
                                                   {"task_id": 9, "due": "2026-11-27"})]
    dropped = plan("no", offered.context)
    assert dropped.calls == [] and "pending" not in dropped.context


def test_spoken_commands_outside_tasks_write_nothing_and_say_what_it_can_do():
    for text in ("play some jazz", "weather on tuesday", "turn off the kitchen lights",
                 "how is coca cola stock doing today", "address the situation"):
        answer = plan(text)
        assert answer.calls == [], text
        assert "tasks" in answer.reply, text


def test_an_offered_add_says_its_day_and_repeat_and_yes_keeps_both():
    offered = plan("yoga every wednesday at seven pm")  # no verb: a guess
    assert offered.calls == [] and offered.needs == "clarification"
    assert "Wed 2 Dec, 19:00" in offered.reply and "repeats weekly on Wednesday" in offered.reply
    added = {"title": "yoga", "due": "2026-12-02T19:00", "repeat": "FREQ=WEEKLY;BYDAY=WE"}
    assert calls(plan("yes", offered.context)) == [("add_task", added)]
