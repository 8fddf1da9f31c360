"""The offline engine: the built-in planner, executed through the MCP tools with the user's token.

Per turn it plans the message once, against an empty ``TaskIndex``; whenever the planner needs
tasks (a title to match, a number, a bulk filter) the index fetches just those over MCP while
the planner (in a worker thread) waits, and planning goes on. Then it runs the planned calls,
writes the reply and sends it in one piece. It never talks
to the task service directly, so it exercises the same contract (and the same checks) as a
model or an external MCP client would.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastmcp import Client
from fastmcp.exceptions import ToolError

from todo_reflex.assistant.mcp_client import mcp_url, task_client
from todo_reflex.core.settings import Settings

from ..memory import remember_results
from ..models import Plan
from ..planner import plan_message
from ..replies import compose_reply, limited_at, too_fast
from ..task_index import Lookup, TaskIndex
from .base import Done, EngineName, Event, TextDelta, ToolEvent, TurnInput
from .mcp_call import call_tool
from .task_lookups import answer_lookups
from .tool_results import error_event, parse_error, success_event

logger = logging.getLogger(__name__)

LOOKUP_ROUNDS = 6
PLANNER_THREADS = 32
_planners = ThreadPoolExecutor(PLANNER_THREADS, thread_name_prefix="planner")
"""Threads a planner waits in while its lookups run: never the loop's default executor, which
the lookups themselves need (the HTTP client resolves addresses there), so turns planning at
once cannot take every thread their lookups wait for."""
PROBE_TIMEOUT_SECONDS = 3
UNREACHABLE = ("Sorry, I can't reach your task list right now, so nothing was changed. "
               "Please try again in a moment.")
SIGNED_OUT = "Your session has expired; please sign in again."
STOPPED = "Sorry, I lost the connection to your task list before finishing; please check it."


@dataclass
class OfflineOutcome:
    """What one offline turn did, before it is streamed."""

    reply: str
    context: dict[str, Any]
    events: list[ToolEvent] = field(default_factory=list)
    note: str | None = None


def zone_name(tz: str) -> str:
    """Return ``tz`` when it is a known IANA zone, else ``"UTC"``."""
    try:
        ZoneInfo(tz)
    except (ValueError, KeyError, OSError):
        return "UTC"
    return tz


async def token_refused(token: str, settings: Settings | None) -> bool:
    """Whether the MCP server answers this token with HTTP 401 (expired or signed out).

    The MCP client reports every HTTP error alike, so after a failure one plain request tells
    "sign in again" apart from "server down".
    """
    try:
        url = await asyncio.to_thread(mcp_url, settings)
        async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_SECONDS) as http:
            response = await http.post(url, json={}, headers={"Authorization": f"Bearer {token}"})
    except (httpx.HTTPError, RuntimeError):
        return False
    return response.status_code == 401


class OfflineEngine:
    """Answers with the deterministic planner; tool calls go through MCP."""

    name: EngineName = "offline"

    def __init__(self, settings: Settings | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        """Create the engine.

        Args:
            settings: Where the MCP server is (``MCP_SERVER_URL``, or in-process when empty);
                the process-wide settings by default.
            clock: Returns the current aware time (tests pin it); ``datetime.now(UTC)``.
        """
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(UTC))

    async def respond(self, turn: TurnInput) -> AsyncIterator[Event]:
        """Answer one message: tool events first, then the whole reply in one push, then ``Done``.

        The reply is ready before anything is sent, so streaming it piece by piece would only
        cost a websocket update per piece.
        """
        outcome = await self.run(turn)
        for event in outcome.events:
            yield event
        if outcome.reply:
            yield TextDelta(outcome.reply)
        yield Done(reply=outcome.reply, context=outcome.context, engine=self.name,
                   note=outcome.note)

    async def run(self, turn: TurnInput) -> OfflineOutcome:
        """Plan and execute one message without streaming; never raises for MCP failures."""
        tz = zone_name(turn.timezone)
        now = self._clock()
        local = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        plan: Plan | None = None
        results: list[dict[str, Any]] = []
        events: list[ToolEvent] = []
        refused: ToolError | None = None  # kept apart: closing the client may raise too
        try:
            client = await asyncio.to_thread(task_client, turn.mcp_token, self._settings)
            async with client:
                try:
                    plan = await _plan(client, turn, now, tz)
                except ToolError as error:  # a lookup was refused before anything was changed
                    refused = error
                else:
                    for call in plan.calls:
                        result, event = await _execute(client, call.tool, call.args, local)
                        results.append(result)
                        events.append(event)
                        if limited_at([result]) is not None:
                            break  # the rest would be refused too: the reply says so once
        except Exception as error:  # noqa: BLE001 - any transport failure becomes a sentence
            if refused is not None:
                logger.info("closing the MCP client after a refusal: %r", error)
                return _refusal(refused, turn, events)
            logger.warning("offline turn for user %s: MCP unavailable: %r", turn.user_id, error)
            if await token_refused(turn.mcp_token, self._settings):
                return OfflineOutcome(SIGNED_OUT, dict(turn.context), events, SIGNED_OUT)
            if plan is None or not events:
                return OfflineOutcome(UNREACHABLE, dict(turn.context), events,
                                      "The task service is unavailable.")
            done = Plan(calls=plan.calls[: len(results)], context=plan.context)
            reply = compose_reply(done, results, tz=tz, now=local) + "\n\n" + STOPPED
            return OfflineOutcome(reply, remember_results(done, results), events,
                                  "The task service became unavailable.")
        if refused is not None:
            return _refusal(refused, turn, events)
        reply = compose_reply(plan, results, tz=tz, now=local)
        return OfflineOutcome(reply, remember_results(plan, results), events)


def _refusal(error: ToolError, turn: TurnInput, events: list[ToolEvent]) -> OfflineOutcome:
    """A lookup the server refused (over the limit, or another reason): nothing was changed."""
    logger.warning("offline turn for user %s: lookup refused: %s", turn.user_id, error)
    code, message = parse_error(str(error))
    reply = too_fast(message) if code == "RATE_LIMITED" else UNREACHABLE
    return OfflineOutcome(reply, dict(turn.context), events,
                          "The task service refused a lookup.")


async def _plan(client: Client, turn: TurnInput, now: datetime, tz: str) -> Plan:
    """Plan the message once; the index fetches what the planner asks for as it goes.

    The planner runs in a thread of its own pool (``_planners``); each fetch runs the
    lookups (all of one question at once) on this event loop, where the MCP client lives,
    and the planner waits for them. A refused lookup (``ToolError``) ends the planning and is
    raised here.
    """
    loop = asyncio.get_running_loop()
    rounds = 0

    def fetch(index: TaskIndex, lookups: tuple[Lookup, ...]) -> None:
        nonlocal rounds
        rounds += 1
        if rounds > LOOKUP_ROUNDS:
            index.settle()  # a message this tangled is planned with what was found so far
            return
        asyncio.run_coroutine_threadsafe(answer_lookups(client, index, lookups), loop).result()

    index = TaskIndex.empty(fetch)
    planning = functools.partial(plan_message, turn.message, now=now, tz=tz, tasks=index,
                                 context=turn.context)
    return await loop.run_in_executor(_planners, contextvars.copy_context().run, planning)


NEWER_LIST_ARGS = ("include_total", "sort")
"""``list_tasks`` arguments an MCP server from before them refuses."""


async def _execute(client: Client, tool: str, args: dict[str, Any],
                   now: datetime) -> tuple[dict[str, Any], ToolEvent]:
    """Run one call; a refused call becomes an error result, not an exception.

    A listing asks for its total (the reply says "You have 13 tasks"); a server from before
    ``include_total`` or ``sort`` (a rolling upgrade) is asked again without them.
    """
    try:
        if tool == "list_tasks":
            try:
                result = await call_tool(client, tool, {"include_total": True, **args})
            except ToolError as error:
                if not any(name in str(error) for name in NEWER_LIST_ARGS):
                    raise
                older = {k: v for k, v in args.items() if k not in NEWER_LIST_ARGS}
                result = await call_tool(client, tool, older)
        else:
            result = await call_tool(client, tool, args)
    except ToolError as error:
        code, message = parse_error(str(error))
        return {"error": {"code": code, "message": message}}, error_event(tool, args, str(error))
    return result, success_event(tool, args, result, now)
