"""The one interface every assistant engine implements, and the events a chat turn yields.

The web app and the terminal chat build a ``TurnInput`` for each message, iterate
``engine.respond(turn)`` and react to three kinds of events: ``TextDelta`` (append to the
streamed reply), ``ToolEvent`` (show a chip; refresh the task list when ``write`` is true) and
one final ``Done`` (store ``Done.reply`` with ``tool_calls=[e.to_dict() for e in tool_events]``
and ``context=Done.context``). Engines never raise for expected failures (tool errors, MCP or
model unavailable): they answer with a friendly text instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeAlias

EngineName = Literal["offline", "openai"]
WRITE_TOOLS = frozenset(
    {"add_task", "update_task", "complete_task", "uncomplete_task", "delete_task", "restore_task"}
)


@dataclass(frozen=True)
class HistoryItem:
    """One earlier message of the thread.

    Attributes:
        role: Who wrote it.
        content: The message text as shown in the chat.
    """

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class TurnInput:
    """Everything an engine needs to answer one user message.

    Attributes:
        user_id: The signed-in user (for logs only; identity travels in ``mcp_token``).
        timezone: The user's IANA time zone, e.g. ``"Europe/Berlin"``.
        mcp_token: A short-lived (<= 5 min) MCP bearer token for this user.
        message: The new message the user typed.
        history: Earlier messages of the thread, oldest first, without ``message``.
        context: The conversation context stored with the thread's last reply ({} if none).
    """

    user_id: int
    timezone: str
    mcp_token: str
    message: str
    history: list[HistoryItem] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TextDelta:
    """A piece of the reply text, to append to the streamed bubble."""

    text: str

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"type": "text", "text": ...}``."""
        return {"type": "text", "text": self.text}


@dataclass(frozen=True)
class ToolEvent:
    """One MCP tool call the engine made, and how it went.

    Attributes:
        tool: The tool's name, e.g. ``"add_task"``.
        args: The arguments sent.
        ok: Whether the tool succeeded.
        summary: A compact chip text, e.g. ``"Added #12 Buy milk · due Fri 27 Nov"``.
        result: The structured result (a task, or a list page) when ``ok``.
        error_code: ``TASK_NOT_FOUND``, ``INVALID_INPUT``, ``UNAUTHORIZED``, ``RATE_LIMITED``
            or ``ERROR`` when not ``ok``.
    """

    tool: str
    args: dict[str, Any]
    ok: bool
    summary: str
    result: dict[str, Any] | None = None
    error_code: str | None = None

    @property
    def write(self) -> bool:
        """Whether a successful call may have changed the user's tasks."""
        return self.ok and self.tool in WRITE_TOOLS

    def to_dict(self) -> dict[str, Any]:
        """Return the event as JSON-compatible data, for ``messages.tool_calls``."""
        return {
            "type": "tool", "tool": self.tool, "args": dict(self.args), "ok": self.ok,
            "summary": self.summary, "result": self.result, "error_code": self.error_code,
            "write": self.write,
        }


@dataclass(frozen=True)
class Done:
    """The end of a turn (always the last event).

    Attributes:
        reply: The whole reply text (the concatenated ``TextDelta`` texts).
        context: The conversation context to store with the reply.
        engine: The engine that produced the answer (``"offline"`` after a fallback).
        note: Why the answer is degraded (model or task service unavailable), else None.
    """

    reply: str
    context: dict[str, Any]
    engine: EngineName
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the event as JSON-compatible data."""
        return {"type": "done", "reply": self.reply, "context": self.context,
                "engine": self.engine, "note": self.note}


Event: TypeAlias = TextDelta | ToolEvent | Done


class AssistantEngine(Protocol):
    """What the web app and the terminal chat call for every message."""

    name: EngineName

    def respond(self, turn: TurnInput) -> AsyncIterator[Event]:
        """Answer one message: yield text deltas and tool events, then exactly one ``Done``."""
        ...

