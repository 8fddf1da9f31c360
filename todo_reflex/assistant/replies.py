"""Words shown to the user: task labels, help, and replies composed from tool results."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from todo_reflex.core.display import describe_due, describe_repeat

from .reminding import reminder_words

if TYPE_CHECKING:
    from .models import Plan

HELP = (
    "I can manage your to-do list. Try:\n"
    "- **add** buy milk tomorrow at 5pm #shopping p1\n"
    "- **add** eggs, butter and flour\n"
    "- **add** water the plants every saturday\n"
    "- **show** my pending tasks · what's due today? · show #work tasks\n"
    "- **complete** task 3 · I called mom · mark the second one done\n"
    "- **move** the dentist appointment to friday · rename task 3 to buy oat milk\n"
    "- **delete** task 12 · delete all completed tasks"
)
GREETING = "Hi! 👋 " + HELP
THANKS = "You're welcome! Anything else? For example: “what's due today?”"
OFF_TOPIC = "I can only help with your tasks. " + HELP
_PRIORITY_TEXT = {"high": "high priority", "medium": "medium priority", "low": "low priority"}


def escape(text: str) -> str:
    """Escape markdown control characters in user-provided text."""
    return "".join("\\" + c if c in "\\`*_[]<>#|~" else c for c in str(text))


def task_label(task: dict[str, Any]) -> str:
    """Return ``**Title** (#id)``."""
    return f"**{escape(task.get('title', ''))}** (#{task.get('id')})"


def task_line(task: dict[str, Any], now: datetime | None = None) -> str:
    """One line for a task: label, due, priority, tags, repeat."""
    bits = [task_label(task)]
    if task.get("completed"):
        bits = ["~~" + bits[0] + "~~", "✓ done"]
    if due := describe_due(task.get("due"), style="chat", now=now):
        bits.append(f"due {due}")
    if text := _PRIORITY_TEXT.get(task.get("priority") or "none"):
        bits.append(text)
    if task.get("tags"):
        bits.append(" ".join(f"\\#{escape(t)}" for t in task["tags"]))
    if text := describe_repeat(task.get("repeat"), style="chat"):
        bits.append(text)
    pending = [str(r["at"]) for r in task.get("reminders") or []
               if isinstance(r, dict) and r.get("at") and not r.get("fired_at")]
    if text := reminder_words(pending, task.get("due"), now):
        bits.append(text)
    return " · ".join(bits)


_DONE = {"restore_task": "Restored",
         "add_task": "Added", "complete_task": "Completed", "uncomplete_task": "Reopened",
         "delete_task": "Deleted", "update_task": "Updated", "get_task": "Here it is:"}
_ERRORS = {"TASK_NOT_FOUND": "I couldn't find that task", "INVALID_INPUT": "That didn't work",
           "RATE_LIMITED": "You're going a bit fast; try again in a minute",
           "UNAUTHORIZED": "Your session has expired; please sign in again"}


_WAIT = re.compile(r"\bin\s+(\d+)\s*s(?:econds?)?\b")


def too_fast(message: str, *, done: int = 0, left: int = 0) -> str:
    """The one sentence of a reply that hit the task service's limit, with the wait.

    Args:
        message: The server's refusal ("Too many requests, try again in 12 s.").
        done: How many of the turn's changes were made before it.
        left: How many were not made.
    """
    wait = f"in {m[1]} s" if (m := _WAIT.search(str(message or ""))) else "in a minute"
    what = (f"so I stopped there ({left} not done)" if done and left
            else "so nothing was changed")
    return f"You're going a bit fast, {what}; try again {wait}."


def limited_at(results: list[dict[str, Any]]) -> int | None:
    """The index of the first call the server refused for speed, or None."""
    return next((i for i, r in enumerate(results) if isinstance(r, dict)
                 and (r.get("error") or {}).get("code") == "RATE_LIMITED"), None)


_CODE = re.compile(r"^\s*(?:Error calling tool '[^']*':\s*)?[A-Z][A-Z_]{2,40}\s*[:–-]\s*")


def sentence(message: str) -> str:
    """An error message as a sentence: no leading code, a capital, a full stop."""
    text = _CODE.sub("", str(message or "")).strip() or "Something went wrong"
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?" else text + "."


def _notices(result: dict[str, Any], note: str | None = None) -> str:
    """What the planner or server changed on its own (e.g. a title cut to fit), as sentences."""
    notes = [note] if note else result.get("notices") or []
    texts = [n.get("message") if isinstance(n, dict) else n for n in notes]
    said = " ".join(escape(sentence(str(t))) for t in texts if t)
    return f"\n{said}" if said else ""


def _one(tool: str, args: dict[str, Any], result: dict[str, Any], now: datetime,
         note: str | None = None) -> str:
    if "error" in result:
        error = result.get("error") or {}
        head = _ERRORS.get(str(error.get("code")), "Something went wrong")
        ref = f" (#{args['task_id']})" if "task_id" in args else ""
        detail = f" {escape(sentence(error['message']))}" if error.get("message") else ""
        return f"{head}{ref}.{detail}"
    if tool == "list_tasks":
        return _list_reply(result, now, args.get("status"))
    if tool == "complete_task" and not result.get("completed") and result.get("due"):
        return (f"Completed {task_label(result)} · next due "
                f"{describe_due(result.get('due'), style='chat', now=now)}.")
    if tool in ("add_task", "update_task", "get_task"):
        return f"{_DONE[tool]} {task_line(result, now)}{_notices(result, note)}"
    return f"{_DONE.get(tool, 'Done:')} {task_label(result)}."


def listed_total(page: dict[str, Any]) -> int | None:
    """How many tasks matched a ``list_tasks`` page, or None when unknown.

    ``total`` when the server counted (``include_total``); else, when ``has_more`` is false,
    the tasks up to the end of this page; else unknown (more exist, not counted).
    """
    if isinstance(total := page.get("total"), int):
        return total
    if page.get("has_more") is False:
        return int(page.get("offset") or 0) + len(page.get("tasks") or [])
    return None


_STATUS_WORD = {"pending": "open ", "completed": "completed "}


def _list_reply(result: dict[str, Any], now: datetime, status: str | None = None) -> str:
    tasks = result.get("tasks") or []
    kind = _STATUS_WORD.get(status or "", "")
    if not tasks:
        return (f"No {kind}tasks match that. Add one with e.g. “add buy milk tomorrow”."
                if status != "completed" else "No completed tasks match that.")
    total = listed_total(result)
    lines = [f"{i}. {task_line(t, now)}" for i, t in enumerate(tasks, 1)]
    if total is None:
        head = f"Showing {len(tasks)} {kind}tasks; there are more:"
    elif total <= len(tasks):
        head = f"You have {total} {kind}task{'s' if total != 1 else ''}:"
    else:
        head = f"Showing {len(tasks)} of {total} {kind}tasks:"
    return "\n".join([head, *lines])


def compose_reply(plan: Plan, results: list[dict[str, Any]], *, tz: str, now: datetime) -> str:
    """Write a short markdown reply from the results of the plan's calls.

    Args:
        plan: The plan that was executed.
        results: One structured result per call, in order (task object, list result, or
            ``{"error": {"code", "message"}}``).
        tz: The user's time zone (results are already local to it).
        now: Current time, used to decide whether to show years.

    Returns:
        The reply text; ``plan.reply`` (or help) when there were no calls.
    """
    del tz  # results are local already; kept for a stable signature
    if not plan.calls:
        return plan.reply or HELP
    stop = limited_at(results)
    lines = [_one(call.tool, call.args, result or {}, now, call.note)
             for call, result in zip(plan.calls[:stop], results[:stop], strict=False)]
    if stop is not None:  # said once, however many calls it stopped
        message = str(results[stop]["error"].get("message") or "")
        lines.append(too_fast(message, done=stop, left=len(plan.calls) - stop))
    if len(lines) > 1 and all(c.tool != "list_tasks" for c in plan.calls):
        text = "\n".join(f"- {line}" for line in lines)
    else:
        text = "\n\n".join(lines)
    return f"{plan.reply}\n\n{text}" if plan.reply else text
