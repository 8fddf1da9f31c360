"""Undo in chat: each turn's writes are logged with the calls that revert them, newest last.

The log lives in the conversation context (``writes``), which the web app stores per thread
with each reply, so "undo" works across turns and only in the thread (and for the user) that
made the change. "undo" reverts the newest step; "undo" again the one before. A step is plain
data, written and read only through :mod:`.undo_record`.
"""

from __future__ import annotations

import re
from typing import Any

from .matching import resolve
from .models import Plan, ToolCall
from .reminding import rules_of
from .turn import Turn
from .undo_record import call_title, decode_step, encode_call, stored_steps

MAX_STEPS = 20
# "undo" alone, or naming the last change; "undo task 3" is a reopen and is left alone
UNDO = re.compile(
    r"^(?:(?:oops|whoops|oh\s+no|no+|wait|actually)[\s,!.]+)?(?:undo|revert|reverse|roll\s*back|"
    r"ctrl\s*-?\s*z|take\s+(?:that|it)\s+back|put\s+(?:that|it)\s+back|go\s+back|undo\s+undo)"
    r"(?:\s+(?:that|it|this|please|pls|again|once\s+more|one\s+more(?:\s+time)?|"
    r"(?:the\s+|my\s+)?(?:last|previous|latest)\s+(?:one|change|thing|action|step|edit)|"
    r"(?:the|my|that)\s+(?:last\s+)?(?:change|delete|deletion|add|addition|edit|update|"
    r"completion|move|action|step)|what\s+you\s+(?:just\s+)?did|last|the\s+last))*$", re.I)
_DEFAULTS = {"due": "", "repeat": "", "description": "", "tags": [], "priority": "none",
             "reminders": []}


def before_of(task: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any] | None:
    """The fields ``changes`` will overwrite, as ``task`` has them now (None when unknown)."""
    if task is None:
        return None
    before = {k: task.get(k) for k in changes if k != "task_id"}
    if "reminders" in before:  # tools return reminders as objects and take them as rules
        before["reminders"] = rules_of(task)
    return before


def _inverse(call: ToolCall, result: dict[str, Any]) -> dict[str, Any] | None:
    """The call that reverts one successful write, or None when it cannot be reverted."""
    task_id = result.get("id", call.args.get("task_id"))
    if not isinstance(task_id, int):
        return None
    if call.tool == "add_task":
        return {"tool": "delete_task", "args": {"task_id": task_id}}
    if call.tool == "delete_task":
        return {"tool": "restore_task", "args": {"task_id": task_id}}
    if call.tool == "uncomplete_task":
        return {"tool": "complete_task", "args": {"task_id": task_id}}
    if call.tool == "complete_task":
        if result.get("completed") is False and call.before and "due" in call.before:
            # a repeating task rolled on to its next date: put the date back
            return {"tool": "update_task",
                    "args": {"task_id": task_id, "due": call.before["due"] or ""}}
        return {"tool": "uncomplete_task", "args": {"task_id": task_id}}
    if call.tool == "update_task" and call.before is not None:
        old = {k: (_DEFAULTS.get(k) if v is None else v) for k, v in call.before.items()}
        return {"tool": "update_task", "args": {"task_id": task_id, **old}}
    return None


def log_writes(plan: Plan, results: list[dict[str, Any]], memory: dict[str, Any]) -> None:
    """Add this turn's successful writes to the undo log in ``memory`` as one step."""
    if not plan.logged:
        return
    undo: list[dict[str, Any]] = []
    wrote = False
    for call, result in zip(plan.calls, results, strict=False):
        if call.tool in ("list_tasks", "get_task") or not isinstance(result, dict) \
                or "error" in result:
            continue
        wrote = True
        if (inverse := _inverse(call, result)) is not None:
            title = str(result.get("title") or "")
            undo.insert(0, encode_call(inverse["tool"], inverse["args"], title))  # newest first
    if wrote:  # a write that cannot be reverted is still a step: undo says so
        memory["writes"] = [*stored_steps(memory), {"undo": undo}][-MAX_STEPS:]


def undo(turn: Turn) -> Plan | None:
    """"undo": revert the newest logged step of this conversation."""
    if not UNDO.match(turn.text):
        return None
    steps = stored_steps(turn.context)
    if not steps:
        return turn.plan(reply="There's nothing to undo in this conversation yet.")
    calls, rest = decode_step(steps[-1]), steps[:-1]
    if not calls:  # not revertible, or a record that is not valid: dropped either way
        return turn.plan(reply="Sorry, I can't undo that last change; please fix it by hand.",
                         context={"writes": rest})
    # one change: the call's own line says what happened ("Deleted water plants (#3).")
    head = "Undone." if len(calls) == 1 else f"Undone: {len(calls)} changes reverted."
    return turn.plan(calls=calls, reply=head, context={"writes": rest}, logged=False)


# "undo completing task 8": the change named, and the tool that reverts it
_NAMED = re.compile(
    r"^(?:undo|revert|reverse|roll\s*back|take\s+back)\s+(?:the\s+|my\s+)?(?P<what>completing|"
    r"completion\s+of|finishing|checking\s+off|marking|ticking\s+off|deleting|deletion\s+of|"
    r"removing|removal\s+of|adding|creating|reopening|editing|renaming|moving|rescheduling|"
    r"changing|tagging|updating)\s+(?P<target>.+?)(?:\s+(?:as\s+)?(?:done|complete|completed))?$",
    re.I)
_REVERTED_BY = {"complet": "uncomplete_task", "finish": "uncomplete_task", "check": "uncomplete_"
                                                                                    "task",
                "mark": "uncomplete_task", "tick": "uncomplete_task", "delet": "restore_task",
                "remov": "restore_task", "add": "delete_task", "creat": "delete_task",
                "reopen": "complete_task"}


def undo_named(turn: Turn) -> Plan | None:
    """"undo completing task 8": revert the newest logged change of that kind to that task."""
    m = _NAMED.match(turn.text)
    if m is None:
        return None
    what = m["what"].lower()
    tool = next((t for k, t in _REVERTED_BY.items() if what.startswith(k)), "update_task")
    steps = stored_steps(turn.context)
    found = resolve(m["target"], turn.tasks, turn.context)
    ids = set(found.ids)
    title = m["target"].strip().casefold()
    for index in range(len(steps) - 1, -1, -1):
        decoded = decode_step(steps[index]) or []
        titles = [call_title(c) for c in steps[index]["undo"]] if decoded else []
        calls = [c for c, named in zip(decoded, titles, strict=True)
                 if (c.tool == tool or (tool == "uncomplete_task" and c.tool == "update_task"))
                 and (c.args["task_id"] in ids or named.casefold() == title)]
        if calls:
            rest = steps[:index] + steps[index + 1:]
            return turn.plan(calls=calls, reply="Undone.", context={"writes": rest},
                             logged=False)
    if tool in ("uncomplete_task", "restore_task") and found.clear and len(found.ids) == 1:
        return turn.plan(calls=[ToolCall(tool, {"task_id": found.ids[0]})])
    return turn.plan(needs="clarification",
                     reply="I can't find that change to undo in this conversation. Say “undo” to "
                           "revert the last change, or tell me what to fix.")
