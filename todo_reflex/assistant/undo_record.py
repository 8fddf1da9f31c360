"""The undo log as plain data: what the conversation context stores and reads back.

The context is stored with each reply in a JSON column and read back with the next message
(on any replica, after any reload), so a logged step holds only JSON types: a tool name, a
task number and field values as the tools take them (str, None, a list of tag strings).
:func:`encode_call` is the one way in and :func:`decode_step` the one way out. A stored step
of any other shape (an older or damaged record) decodes to ``None``: "undo" then says it
can't revert that change and drops it, instead of failing this turn and every later one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .models import ToolCall

REVERTING = frozenset({"delete_task", "restore_task", "complete_task", "uncomplete_task",
                       "update_task"})
"""The tools an undo step may call."""
FIELDS = frozenset({"title", "description", "due", "priority", "tags", "repeat", "reminders"})
"""The fields an ``update_task`` undo may put back."""


def plain(value: Any) -> Any:
    """A field value as JSON data: dates as ISO text, a collection of tags as a list of str."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return str(value)


def plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A call's arguments, or a task's fields as they were, with every value :func:`plain`."""
    return {str(k): plain(v) for k, v in fields.items()}


def encode_call(tool: str, args: dict[str, Any], title: str) -> dict[str, Any]:
    """One reverting call as it is logged: ``{"tool", "args", "title"}``, all plain."""
    return {"tool": tool, "args": plain_fields(args), "title": title[:80]}


def stored_steps(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The logged steps of a conversation context, oldest first."""
    writes = context.get("writes")
    return [s for s in writes if isinstance(s, dict)] if isinstance(writes, list) else []


def decode_step(step: dict[str, Any]) -> list[ToolCall] | None:
    """The calls that revert a logged step, in order; None when the record is not valid.

    An empty list is a valid step whose change cannot be reverted.
    """
    calls = step.get("undo")
    if not isinstance(calls, list):
        return None
    decoded = [_decode_call(c) for c in calls]
    if any(c is None for c in decoded):
        return None
    return [c for c in decoded if c is not None]


def call_title(call: dict[str, Any]) -> str:
    """The title a logged call was made for ("" when it has none)."""
    title = call.get("title")
    return title if isinstance(title, str) else ""


def _decode_call(call: Any) -> ToolCall | None:
    if not isinstance(call, dict) or call.get("tool") not in REVERTING:
        return None
    args = call.get("args")
    if not isinstance(args, dict) or not _is_number(args.get("task_id")):
        return None
    fields = {k: v for k, v in args.items() if k != "task_id"}
    if fields and (call["tool"] != "update_task" or not set(fields) <= FIELDS
                   or not all(_valid(k, v) for k, v in fields.items())):
        return None
    return ToolCall(call["tool"], dict(args))


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _valid(name: str, value: Any) -> bool:
    if name in ("tags", "reminders"):
        return isinstance(value, list) and all(isinstance(t, str) for t in value)
    return isinstance(value, str)
