"""What the conversation remembers after a plan ran.

The tasks it listed or touched (for "the second one" and "it" in the next message) and its
writes (for "undo").
"""

from __future__ import annotations

from typing import Any

from .models import Plan
from .undo import log_writes


def remember_results(plan: Plan, results: list[dict[str, Any]],
                     context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the context to store after running a plan.

    The plan's successful writes go into the undo log (``writes``).

    Starts from ``plan.context`` (or ``context`` when given, e.g. a stored one), then records
    listed ids as ``last_listed`` and the last single task touched as ``last_task`` so that
    "the second one" and "it" work in the next message.
    """
    memory = dict(plan.context if context is None else {**context, **plan.context})
    for call, result in zip(plan.calls, results, strict=False):
        if not isinstance(result, dict) or "error" in result:
            continue
        if call.tool == "list_tasks":
            memory["last_listed"] = [t["id"] for t in result.get("tasks") or [] if "id" in t]
            memory.pop("last_task", None)
        elif isinstance(result.get("id"), int):
            memory["last_task"] = result["id"]
    log_writes(plan, results, memory)
    added = [r["id"] for c, r in zip(plan.calls, results, strict=False)
             if c.tool == "add_task" and isinstance(r, dict) and isinstance(r.get("id"), int)]
    if len(added) > 1:
        memory["last_listed"] = added
        memory.pop("last_task", None)
    return memory
