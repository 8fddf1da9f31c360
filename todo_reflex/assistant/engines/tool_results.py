"""Turn MCP tool outcomes into ``ToolEvent`` values: coded errors and compact chip texts.

Shared by both engines so a chip reads the same whether the offline planner or a model made
the call.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from todo_reflex.core.display import describe_due

from ..replies import listed_total, sentence
from .base import ToolEvent

KNOWN_CODES = ("INVALID_INPUT", "TASK_NOT_FOUND", "UNAUTHORIZED", "RATE_LIMITED")
_CODED = re.compile(r"^\s*(?:Error calling tool '[^']*':\s*)?([A-Z][A-Z_]{2,40}):\s*(.*)$", re.S)
_VERBS = {"restore_task": "Restored",
          "add_task": "Added", "update_task": "Updated", "complete_task": "Completed",
          "uncomplete_task": "Reopened", "delete_task": "Deleted", "get_task": "Found"}
_FAILED = {"add_task": "Couldn't add", "update_task": "Couldn't update",
           "complete_task": "Couldn't complete", "uncomplete_task": "Couldn't reopen",
           "delete_task": "Couldn't delete", "get_task": "Couldn't find",
           "restore_task": "Couldn't restore",
           "list_tasks": "Couldn't list tasks"}
TITLE_CHARS = 60


def parse_error(text: str) -> tuple[str, str]:
    """Split ``"TASK_NOT_FOUND: task 9 was not found"`` into code and message.

    Returns:
        ``(code, message)``; the code is ``"ERROR"`` when the text carries no known code.
    """
    match = _CODED.match(str(text or ""))
    if match and match[1] in KNOWN_CODES:
        return match[1], match[2].strip()
    return "ERROR", str(text or "").strip()


def _title(task: dict[str, Any]) -> str:
    title = " ".join(str(task.get("title", "")).split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def summarize(tool: str, args: dict[str, Any], result: dict[str, Any] | None,
              now: datetime | None = None) -> str:
    """A one-line chip for a successful call, e.g. ``"Added #12 Buy milk · due Fri 27 Nov"``."""
    result = result or {}
    if tool == "list_tasks":
        shown = len(result.get("tasks") or [])
        total = listed_total(result)
        if total is None:
            return f"Listed {shown} tasks, more not shown"
        noun = "task" if total == 1 else "tasks"
        return f"Listed {total} {noun}" if shown >= total else f"Listed {shown} of {total} tasks"
    verb = _VERBS.get(tool, "Done")
    if tool == "complete_task" and result.get("completed") is False and result.get("due"):
        verb = "Rescheduled"
    ref = result.get("id", args.get("task_id"))
    text = f"{verb} #{ref} {_title(result)}".rstrip() if ref is not None else verb
    if tool != "delete_task" and (due := describe_due(result.get("due"), style="chat", now=now)):
        text += f" · due {due}"
    return text


def success_event(tool: str, args: dict[str, Any], result: dict[str, Any] | None,
                  now: datetime | None = None) -> ToolEvent:
    """A ``ToolEvent`` for a call that worked."""
    return ToolEvent(tool=tool, args=dict(args), ok=True,
                     summary=summarize(tool, args, result, now), result=result)


def error_event(tool: str, args: dict[str, Any], text: str) -> ToolEvent:
    """A ``ToolEvent`` for a call the server refused, from its error text."""
    code, message = parse_error(text)
    head = _FAILED.get(tool, f"{tool} failed")
    if "task_id" in args and tool != "list_tasks":
        head += f" #{args['task_id']}"
    summary = f"{head}: {sentence(message)}" if message else f"{head}."
    return ToolEvent(tool=tool, args=dict(args), ok=False, summary=summary, error_code=code)
