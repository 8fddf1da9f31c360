"""The offline assistant: natural-language messages to MCP tool calls, and replies.

No Reflex import here: the web app, the MCP-executing engine and the command line share it.

Typical use by an engine::

    plan = plan_message(text, now=now, tz=tz, tasks=tasks, context=stored_context)
    results = [await mcp.call(c.tool, c.args) for c in plan.calls]
    reply = compose_reply(plan, results, tz=tz, now=now)
    stored_context = remember_results(plan, results)
"""

from .contract import validate_call
from .models import Needs, Plan, ToolCall
from .planner import plan_message
from .replies import HELP, compose_reply, remember_results

__all__ = [
    "HELP",
    "Needs",
    "Plan",
    "ToolCall",
    "compose_reply",
    "plan_message",
    "remember_results",
    "validate_call",
]
