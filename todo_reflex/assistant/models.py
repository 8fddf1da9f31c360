"""Plain data types the planner hands to the engine that executes plans.

Everything here is JSON-serialisable through ``to_dict`` so plans can be logged, stored with
a chat message, or printed by the ``plan`` command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Needs = Literal["clarification", "confirmation"]


@dataclass(frozen=True)
class ToolCall:
    """One MCP tool call: the tool's name and only the arguments that differ from defaults."""

    tool: str
    args: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = field(default=None, compare=False)
    """The task's fields this call changes, as they were (for undo); None when unknown."""
    note: str | None = field(default=None, compare=False)
    """A word for the reply about what the planner changed on its own (a title cut to fit)."""

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"tool": ..., "args": {...}}``."""
        return {"tool": self.tool, "args": dict(self.args)}


@dataclass
class Plan:
    """What the assistant intends to do with one user message.

    Attributes:
        calls: Tool calls to run, in order (empty when asking or answering).
        needs: ``"clarification"`` when the target is ambiguous or unknown,
            ``"confirmation"`` when a destructive bulk action waits for a yes, else ``None``.
        reply: Text to show when there are no calls (a question, help, a prompt).
        context: Conversation context to store and pass back with the next message.
        logged: Whether the calls' writes go into the conversation's undo log (an undo's own
            calls do not).
    """

    calls: list[ToolCall] = field(default_factory=list)
    needs: Needs | None = None
    reply: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    logged: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as plain JSON-compatible data."""
        return {
            "calls": [call.to_dict() for call in self.calls],
            "needs": self.needs,
            "reply": self.reply,
            "context": self.context,
        }
