"""Plan one user message: route it through the intent table to MCP tool calls (none executed).

``plan_message`` is the entry point the engine and the ``plan`` command use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .dates import local_now
from .intent_table import route
from .models import Plan
from .phrases import tidy
from .task_index import TaskIndex
from .turn import Turn


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
    return route(turn)[1]
