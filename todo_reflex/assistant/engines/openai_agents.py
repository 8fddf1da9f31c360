"""The model engine: an openai-agents ``Agent`` that drives the MCP task tools itself.

The model reaches the tools through ``MCPServerStreamableHttp`` with the user's short-lived
bearer token, so it can only ever act as that user; the prompt never contains a user id.
``OPENAI_BASE_URL`` points it at any OpenAI-compatible server (Ollama, vLLM, llama.cpp) through
the Chat Completions model class. When the model service is down, slow or rate-limited the
turn is answered by the offline engine, with a note saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents import (
    Agent,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    RunConfig,
    Runner,
    set_tracing_disabled,
)
from agents.items import ToolCallItem, ToolCallOutputItem
from agents.mcp import MCPServerStreamableHttp
from agents.mcp.util import MCPToolCustomDataContext
from openai import AsyncOpenAI

from todo_reflex.assistant.mcp_client import mcp_url
from todo_reflex.core.settings import Settings, get_settings

from ..memory import remember_results
from ..models import Plan, ToolCall
from .base import Done, EngineName, Event, HistoryItem, TextDelta, ToolEvent, TurnInput
from .offline import OfflineEngine, zone_name
from .tool_results import error_event, success_event

logger = logging.getLogger(__name__)
set_tracing_disabled(True)  # traces would be uploaded to OpenAI: never from this app

MODEL_TIMEOUT_SECONDS = 30.0
MAX_TURNS = 10
HISTORY_MESSAGES = 20
HISTORY_CHARS = 8000
FALLBACK_NOTE = "The AI model is unavailable right now, so I used the built-in assistant."
STOPPED_NOTE = ("The AI model stopped responding before it finished; the actions above were "
                "done. Please check your tasks.")
_ONE_OFF_KEYS = ("pending", "clarify")  # offline prompts that a model turn has answered

INSTRUCTIONS = """\
You are the assistant of a to-do app. You manage the signed-in user's tasks, and only through
the tools (add_task, list_tasks, get_task, update_task, complete_task, uncomplete_task,
delete_task). The tools already act for the signed-in user: never pass a user_id.

The user's time zone is {tz}. It is now {now:%A %d %B %Y, %H:%M} there. Resolve dates such as
"tomorrow", "friday" or "in 3 days" yourself and pass `due` in ISO 8601 local time:
"2026-11-27" for a day, "2026-11-27T17:00" with a time; "" clears a due date. Morning is 09:00,
afternoon 12:00, evening 19:00, night 22:00. Never invent a due date the user did not give.
Priorities are none, low, medium or high (p1 = high, p2 = medium, p3 = low, p4 = none). Tags
are lowercase words without '#'. Repeats are RRULEs such as FREQ=WEEKLY;BYDAY=SA.

- To act on a task named by its title, first find its number with list_tasks(query=...). If
  several tasks match or none does, ask which one instead of guessing.
- Before deleting more than one task, name them and ask the user to confirm; delete only after
  a clear yes in their next message.
- A tool error says in a sentence what went wrong: explain it plainly and do not retry the
  same call.
- Answer briefly in markdown, naming tasks as **Title** (#12). For anything unrelated to the
  user's tasks, say that you can only help with their to-do list.
"""


class ModelUnavailable(Exception):
    """The model service failed, timed out or refused the turn."""


class TasksUnavailable(Exception):
    """The MCP server could not be reached (the offline engine would fail the same way)."""


def instructions(tz: str, now: datetime) -> str:
    """The agent's instructions for a user in zone ``tz`` at ``now`` (aware)."""
    return INSTRUCTIONS.format(tz=tz, now=now.astimezone(ZoneInfo(tz)))


def history_items(history: list[HistoryItem], message: str, *, max_messages: int = HISTORY_MESSAGES,
                  max_chars: int = HISTORY_CHARS) -> list[dict[str, str]]:
    """The model input: the newest history that fits the budget, then the new message.

    Args:
        history: Earlier messages, oldest first (a trailing copy of ``message`` is ignored).
        message: The new user message.
        max_messages: At most this many earlier messages.
        max_chars: At most this many characters of earlier messages (the oldest kept one is cut
            from its start when it does not fit whole).

    Returns:
        ``[{"role": ..., "content": ...}, ...]`` ending with the new user message.
    """
    earlier = [h for h in history if h.content.strip()]
    if earlier and earlier[-1].role == "user" and earlier[-1].content == message:
        earlier = earlier[:-1]
    kept: list[dict[str, str]] = []
    budget = max_chars
    for item in reversed(earlier[-max_messages:]):
        if budget <= 0:
            break
        content = item.content
        if len(content) > budget:
            content = "…" + content[len(content) - budget + 1:]
        kept.append({"role": item.role, "content": content})
        budget -= len(content)
    kept.reverse()
    return [*kept, {"role": "user", "content": message}]


def _tool_data(context: MCPToolCustomDataContext) -> Mapping[str, Any]:
    """Keep each MCP result's structured content and error flag for the tool events."""
    return {"structured": dict(context.structured_content or {}) or None,
            "is_error": bool(context.is_error)}


def _output_text(output: Any) -> str:
    if isinstance(output, dict):
        return str(output.get("text", ""))
    if isinstance(output, list):
        return " ".join(_output_text(o) for o in output)
    return str(output or "")


class OpenAIAgentsEngine:
    """Answers with a model through openai-agents; the offline engine is the fallback."""

    name: EngineName = "openai"

    def __init__(self, settings: Settings | None = None, *,
                 timeout: float = MODEL_TIMEOUT_SECONDS,
                 fallback: OfflineEngine | None = None) -> None:
        """Create the engine.

        Args:
            settings: Model (``OPENAI_*``) and MCP (``MCP_SERVER_URL``) settings; the
                process-wide ones by default.
            timeout: Seconds to wait for the model (per request and between stream events)
                before the turn falls back to the offline engine.
            fallback: The engine that answers when the model fails.
        """
        self._settings = settings or get_settings()
        self._timeout = timeout
        self._fallback = fallback or OfflineEngine(self._settings)

    async def respond(self, turn: TurnInput) -> AsyncIterator[Event]:
        """Answer one message with the model, or with the offline engine when it fails."""
        texts: list[str] = []
        tools: list[ToolEvent] = []
        try:
            async for event in self._model_turn(turn):
                if isinstance(event, TextDelta):
                    texts.append(event.text)
                elif isinstance(event, ToolEvent):
                    tools.append(event)
                yield event
        except TasksUnavailable:
            async for event in self._fallback.respond(turn):
                yield event
            return
        except ModelUnavailable as error:
            logger.warning("model turn for user %s failed: %s", turn.user_id, error)
            gap = "\n\n" if texts else ""
            if tools:  # actions already happened: the offline engine must not repeat them
                yield TextDelta(gap + STOPPED_NOTE)
                yield Done(reply="".join(texts) + gap + STOPPED_NOTE,
                           context=self._context(turn, tools), engine=self.name,
                           note=STOPPED_NOTE)
                return
            async for event in self._fall_back(turn, gap):
                yield event
            return
        yield Done(reply="".join(texts), context=self._context(turn, tools), engine=self.name)

    async def _fall_back(self, turn: TurnInput, gap: str) -> AsyncIterator[Event]:
        head = f"{gap}*{FALLBACK_NOTE}*\n\n"
        yield TextDelta(head)
        async for event in self._fallback.respond(turn):
            if isinstance(event, Done):
                yield Done(reply=head + event.reply, context=event.context,
                           engine=event.engine, note=FALLBACK_NOTE)
            else:
                yield event

    def _context(self, turn: TurnInput, tools: list[ToolEvent]) -> dict[str, Any]:
        """Remember listed and touched tasks, so the offline engine can follow up."""
        base = {k: v for k, v in turn.context.items() if k not in _ONE_OFF_KEYS}
        plan = Plan(calls=[ToolCall(e.tool, e.args) for e in tools])
        results = [e.result if e.ok and e.result is not None
                   else {"error": {"code": e.error_code}} for e in tools]
        return remember_results(plan, results, context=base)

    def _model(self) -> tuple[Any, AsyncOpenAI]:
        settings = self._settings
        client = AsyncOpenAI(
            api_key=settings.openai_api_key.get_secret_value() or "unused",
            base_url=settings.openai_base_url or None,
            timeout=self._timeout, max_retries=0,
        )
        if settings.openai_base_url:
            return OpenAIChatCompletionsModel(settings.openai_model, openai_client=client), client
        return OpenAIResponsesModel(settings.openai_model, openai_client=client), client

    async def _model_turn(self, turn: TurnInput) -> AsyncIterator[Event]:
        """Run the agent and translate its stream; raises the two *Unavailable errors."""
        tz = zone_name(turn.timezone)
        now = datetime.now(UTC)
        local = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        try:
            url = await asyncio.to_thread(mcp_url, self._settings)
        except RuntimeError as error:
            raise TasksUnavailable(str(error)) from error
        server = MCPServerStreamableHttp(
            params={"url": url, "headers": {"Authorization": f"Bearer {turn.mcp_token}"},
                    "timeout": self._timeout},
            name="todo-tasks", client_session_timeout_seconds=self._timeout,
            custom_data_extractor=_tool_data,
        )
        try:
            await server.connect()
        except Exception as error:
            with contextlib.suppress(Exception):
                await server.cleanup()
            raise TasksUnavailable(repr(error)) from error
        model, client = self._model()
        try:
            agent = Agent(name="Task assistant", instructions=instructions(tz, now),
                          model=model, mcp_servers=[server],
                          model_settings=ModelSettings(temperature=0.2))
            result = Runner.run_streamed(
                agent, history_items(turn.history, turn.message), max_turns=MAX_TURNS,
                run_config=RunConfig(tracing_disabled=True, workflow_name="todo-chat"),
            )
            async for event in self._translate(result, local):
                yield event
        finally:
            await client.close()
            with contextlib.suppress(Exception):
                await server.cleanup()

    async def _translate(self, result: Any, now: datetime) -> AsyncIterator[Event]:
        calls: dict[str, tuple[str, dict[str, Any]]] = {}
        stream = result.stream_events()
        try:
            while True:
                try:
                    event = await asyncio.wait_for(anext(stream), self._timeout)
                except StopAsyncIteration:
                    return
                except TimeoutError as error:
                    result.cancel()
                    raise ModelUnavailable(f"no answer within {self._timeout:g} s") from error
                except Exception as error:
                    raise ModelUnavailable(repr(error)) from error
                if (converted := _convert(event, calls, now)) is not None:
                    yield converted
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()


def _convert(event: Any, calls: dict[str, tuple[str, dict[str, Any]]],
             now: datetime) -> Event | None:
    """A text delta or tool event from one SDK stream event (None for the others)."""
    if event.type == "raw_response_event":
        data = event.data
        if getattr(data, "type", "") == "response.output_text.delta" and getattr(data, "delta", ""):
            return TextDelta(data.delta)
    elif event.type == "run_item_stream_event":
        if isinstance(event.item, ToolCallItem):
            raw = event.item.raw_item
            call_id = str(getattr(raw, "call_id", "") or "")
            calls[call_id] = (event.item.tool_name or "", _arguments(raw))
        elif isinstance(event.item, ToolCallOutputItem):
            return _tool_event(event.item, calls, now)
    return None


def _arguments(raw: Any) -> dict[str, Any]:
    try:
        args = json.loads(getattr(raw, "arguments", "") or "{}")
    except ValueError:
        return {}
    return args if isinstance(args, dict) else {}


def _tool_event(item: ToolCallOutputItem, calls: dict[str, tuple[str, dict[str, Any]]],
                now: datetime) -> ToolEvent:
    tool, args = calls.get(str(item.call_id or ""), ("tool", {}))
    data = item.custom_data or {}
    structured = data.get("structured")
    if data and not data.get("is_error") and isinstance(structured, dict):
        return success_event(tool, args, structured, now)
    text = _output_text(item.output)
    code = ((structured or {}).get("error") or {}).get("code")  # the server's stable code
    return error_event(tool, args, f"{code}: {text}" if code else text)
