"""Property tests: any text and any task list plan without raising and within the contract."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from todo_reflex.assistant import plan_message, validate_call

WORDS = [
    "add", "show", "list", "delete", "remove", "complete", "mark", "done", "reopen", "rename",
    "move", "to", "task", "#3", "3", "the", "second", "one", "it", "all", "everything",
    "tomorrow", "today", "friday", "next", "monday", "at", "5pm", "9:30", "in", "2", "hours",
    "days", "dec", "3", "the 30th", "every", "saturday", "weekday", "month", "on", "1st", "p1",
    "urgent", "high", "priority", "#work", "tag", "with", "notes:", "milk", "call", "mom", "and",
    ",", "yes", "no", "help", "2026-12-01", "morning", "night", "due", "date", "clear", "set",
    "change", "title", "description", "of", "from", "repeat", "daily", "?", "!", "é", "💥",
]
sentences = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
titles = st.text(min_size=1, max_size=40)
tasks = st.lists(
    st.fixed_dictionaries({
        "id": st.integers(min_value=1, max_value=10_000),
        "title": titles,
        "completed": st.booleans(),
        "due": st.one_of(st.none(), st.sampled_from(["2026-11-27", "2026-12-02T15:00", "bad"])),
        "priority": st.sampled_from(["none", "low", "medium", "high"]),
        "tags": st.lists(st.sampled_from(["work", "home", "x"]), max_size=3),
    }),
    max_size=8,
)
contexts = st.one_of(
    st.none(),
    st.fixed_dictionaries({"last_listed": st.lists(st.integers(1, 50), max_size=5)}),
    st.just({"pending": {"action": "delete", "filter": {"status": "completed"}, "ids": None}}),
    st.just({"clarify": {"text": "complete call", "phrase": "call", "ids": [1, 2]}}),
)
zones = st.sampled_from(
    ["UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati", "Nope/Zone"])
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1))


def _check(text, now, tz, task_list, context):
    plan = plan_message(text, now=now, tz=tz, tasks=task_list, context=context)
    assert plan.needs in (None, "clarification", "confirmation")
    for call in plan.calls:
        assert validate_call(call.tool, call.args) == [], (text, call)
    if not plan.calls:
        assert plan.reply
    plan.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, moments, zones, tasks, contexts)
def test_word_salad_never_breaks_the_contract(text, now, tz, task_list, context):
    _check(text, now, tz, task_list, context)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), moments, zones, tasks)
def test_arbitrary_text_never_raises(text, now, tz, task_list):
    _check(text, now, tz, task_list, None)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=60), st.integers(-14, 14))
def test_aware_now_is_accepted(text, hours):
    from datetime import timezone

    now = datetime(2026, 11, 26, 10, tzinfo=timezone(timedelta(hours=hours)))
    _check("add " + text, now, "Europe/Berlin", [], None)
