"""Plan one user message: decide the intent and produce MCP tool calls (nothing is executed).

``plan_message`` is the entry point the engine and the ``plan`` command use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .adding import ADD_VERB, add_calls, has_task_slots, starts_with_task_verb
from .bulk import bulk_edit
from .conversation import answer_pending, small_talk
from .dates import local_now
from .duplicates import ask_before_adding
from .intents import ACTION_HANDLERS, EDIT_HANDLERS, complete_by_past_tense
from .listing import is_list_request, list_args
from .matching import resolve
from .models import Plan, ToolCall
from .phrases import tidy
from .replies import OFF_TOPIC
from .task_index import TaskIndex
from .turn import Turn
from .undo import undo


def _add(turn: Turn, body: str) -> Plan:
    calls = add_calls(body, turn.now)
    if not calls:
        return turn.plan(needs="clarification", reply="What should I add? e.g. “add buy milk”.")
    return ask_before_adding(turn, calls) or turn.plan(calls=calls)


def _follow_up(turn: Turn) -> Plan | None:
    """Answer a clarification question ("the first one", "call mom", "#9")."""
    clarify = turn.context.get("clarify")
    if not isinstance(clarify, dict) or not clarify.get("ids"):
        return None
    text = re.sub(r"^(?:i\s+meant?|the\s+one\s+(?:called|named)|it'?s|that'?s)\s+", "", turn.text,
                  flags=re.I)
    options = TaskIndex(turn.tasks.many(clarify["ids"]))
    found = resolve(text, options, {"last_listed": clarify["ids"]})
    if not found.clear or not set(found.ids) <= set(clarify["ids"]):
        return None
    original = str(clarify.get("text", ""))
    phrase = str(clarify.get("phrase", ""))
    if phrase not in original:
        return None
    ref = " and ".join(f"task {i}" for i in found.ids)
    again = Turn(original.replace(phrase, ref, 1), original, turn.now, turn.tasks, {})
    plan = _dispatch(again)
    plan.context = {k: v for k, v in turn.context.items() if k == "writes"}
    plan.context["last_listed"] = clarify["ids"]
    return plan


QUESTION = re.compile(r"^(?:what|which|when|whats|do\s+i|did\s+i|have\s+i|am\s+i|is\s+there|"
                      r"are\s+there|anything)\b|\?\s*$", re.I)


def _listing(turn: Turn) -> ToolCall:
    return ToolCall("list_tasks", list_args(turn.text, turn.tasks, turn.now.date()))


def _dispatch(turn: Turn) -> Plan:
    text = turn.text
    for handler in EDIT_HANDLERS:
        if (plan := handler(turn)) is not None:
            return plan
    if is_list_request(text):
        return turn.plan(calls=[_listing(turn)])
    if (plan := bulk_edit(turn)) is not None:
        return plan
    if m := ADD_VERB.match(text):
        return _add(turn, text[m.end():])
    for handler in ACTION_HANDLERS[:3]:
        if (plan := handler(turn)) is not None:
            return plan
    if (plan := complete_by_past_tense(turn)) is not None:
        return plan
    for handler in ACTION_HANDLERS[3:]:
        if (plan := handler(turn)) is not None:
            return plan
    if QUESTION.search(text) and has_task_slots(text, turn.now):
        # "what do I have tomorrow?" asks to see tasks; it never adds one
        return turn.plan(calls=[_listing(turn)])
    if has_task_slots(text, turn.now) or starts_with_task_verb(text):
        return _add(turn, text)
    return turn.plan(reply=OFF_TOPIC)


def plan_message(text: str, *, now: datetime, tz: str,
                 tasks: Sequence[dict[str, Any]] | TaskIndex,
                 context: dict[str, Any] | None = None) -> Plan:
    """Plan the tool calls for one user message.

    Args:
        text: What the user typed.
        now: Current time; aware values are converted to ``tz``, naive ones are taken as
            wall-clock time in ``tz``.
        tz: The user's IANA time zone, e.g. ``"Europe/Berlin"``.
        tasks: The user's whole list (dicts with id, title, completed, due, priority, tags,
            ...), or a partial ``TaskIndex`` that raises ``TasksNeeded`` for what it lacks.
        context: The context returned with the previous plan (``last_listed``, ``last_task``,
            a pending confirmation or clarification), or None.

    Returns:
        The plan: calls to run, or a reply with ``needs`` set when asking the user.

    Raises:
        TasksNeeded: Only with a partial index, naming the tasks to fetch before planning again.
    """
    context = dict(context or {})
    index = tasks if isinstance(tasks, TaskIndex) else TaskIndex(tasks)
    turn = Turn(tidy(text or ""), text or "", local_now(now, tz), index, context)
    if (plan := answer_pending(turn)) is not None:
        return plan
    if (plan := small_talk(turn.raw)) is not None:
        plan.context = turn.plan().context
        return plan
    if not turn.text:
        return turn.plan(reply=OFF_TOPIC)
    if (plan := undo(turn)) is not None:
        return plan
    if (plan := _follow_up(turn)) is not None:
        return plan
    return _dispatch(turn)
