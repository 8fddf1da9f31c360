"""The offline assistant: natural-language messages to MCP tool calls, and replies.

No Reflex import here: the web app, the MCP-executing engine and the command line share it.

Typical use by an engine (``tasks`` is the whole list, or a partial ``TaskIndex`` that raises
``TasksNeeded`` until the engine has fetched what the message refers to)::

    index = TaskIndex.empty()
    while True:
        try:
            plan = plan_message(text, now=now, tz=tz, tasks=index, context=stored_context)
            break
        except TasksNeeded as need:
            await fetch(need.lookups, into=index)  # list_tasks(query=...), get_task, ...
    results = [await mcp.call(c.tool, c.args) for c in plan.calls]
    reply = compose_reply(plan, results, tz=tz, now=now)
    stored_context = remember_results(plan, results)
"""

from .contract import validate_call
from .memory import remember_results
from .models import Needs, Plan, ToolCall
from .planner import plan_message
from .replies import HELP, compose_reply
from .task_index import Lookup, TaskIndex, TasksNeeded

__all__ = [
    "HELP",
    "Lookup",
    "Needs",
    "Plan",
    "TaskIndex",
    "TasksNeeded",
    "ToolCall",
    "compose_reply",
    "plan_message",
    "remember_results",
    "validate_call",
]
