"""The conversation: sending a message, streaming the assistant's reply, stopping it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import reflex as rx

from todo_reflex.assistant.engines import Done, TextDelta, ToolEvent, TurnInput, get_engine
from todo_reflex.assistant.turns import finish_turn, start_turn
from todo_reflex.core import threads
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, RateLimited, dependency_down
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import AuthState, require_actor, signed_in
from todo_reflex.states.task_panel import TaskPanelState
from todo_reflex.states.threads import ThreadListState

STOPPED = "\n\n*Stopped.*"
NOT_STORED = "This reply could not be saved: the message store can't be reached right now."
FAILED = "\n\nSorry, something went wrong on my side. Your message is saved; please try again."
logger = logging.getLogger(__name__)


@dataclass
class Chip:
    """A tool action under a reply: "Added #12 Buy milk · due Fri"."""

    text: str
    ok: bool = True


@dataclass
class Bubble:
    """One message as the chat shows it."""

    role: str
    content: str
    chips: list[Chip] = field(default_factory=list)


def _chips(tool_calls: list[dict] | None) -> list[Chip]:
    return [Chip(text=str(c.get("summary", "")), ok=bool(c.get("ok", True)))
            for c in tool_calls or [] if c.get("summary")]


async def _refresh_panel(state: rx.State, actor: Actor, touched_id: int = 0) -> None:
    """Reload the live task panel; a store that can't be reached leaves it as it was."""
    try:
        (await state.get_state(TaskPanelState))._refresh(actor, touched_id)
    except Exception as error:
        if not dependency_down(error):
            raise
        logger.warning("task panel not refreshed: %s", error)


class ChatState(rx.State):
    """Messages of the open conversation, the draft, and the reply being streamed."""

    messages: list[Bubble] = []
    draft: str = ""
    streaming: bool = False
    notice: str = ""
    _stop: bool = False
    _turn: TurnInput | None = None
    _turn_thread: int = 0

    @rx.event
    @signed_in
    async def load_messages(self, actor: Actor) -> None:
        """Show the open conversation (on page load and when switching)."""
        listing = await self.get_state(ThreadListState)
        listing._reload(actor.user_id)
        self.notice = ""
        if not listing.active_id:
            self.messages = []
            return
        with session_scope() as session:
            stored = threads.list_messages(
                session=session, user_id=actor.user_id, thread_id=listing.active_id
            )
        self.messages = [Bubble(m.role, m.content, _chips(m.tool_calls)) for m in stored
                         if m.role in ("user", "assistant")]

    @rx.event
    def set_draft(self, text: str) -> None:
        """Keep what is being typed."""
        self.draft = text

    @rx.event
    @signed_in
    async def send(self, actor: Actor, form: dict | None = None):  # noqa: ANN201 - event chain
        """Check and store the message, then stream the reply in the background."""
        if self.streaming:
            return None
        auth = await self.get_state(AuthState)
        listing = await self.get_state(ThreadListState)
        try:
            thread_id = listing._ensure_thread(actor.user_id)
            turn = start_turn(actor=actor, session_id=auth._session_id() or "",
                              thread_id=thread_id, message=self.draft)
        except RateLimited as error:
            self.notice = f"You're sending messages quickly. Try again in {error.retry_after} s."
            return None
        except InvalidInput as error:
            self.notice = error.reason.capitalize() + "."
            return None
        self.notice, self.draft, self._stop, self.streaming = "", "", False, True
        self.messages = [*self.messages, Bubble("user", turn.message), Bubble("assistant", "")]
        listing._reload(actor.user_id)
        self._turn = turn
        self._turn_thread = thread_id
        return ChatState.stream_reply

    @rx.event
    def stop(self) -> None:
        """Stop the reply being streamed."""
        self._stop = True

    @rx.event(background=True)
    async def stream_reply(self):  # noqa: ANN201 - background task
        """Run the engine and stream its text and tool chips into the last bubble."""
        async with self:
            turn, thread_id, self._turn = self._turn, self._turn_thread, None
            if turn is None:  # nothing pending: a replayed or forged call does nothing
                return
            actor = await require_actor(self)
            if actor is None:
                self.streaming = False
                return
        reply, events, context = "", [], dict(turn.context)
        try:
            async for event in get_engine().respond(turn):
                async with self:
                    if self._stop:
                        reply += STOPPED
                        self._set_last(reply)
                        break
                    if isinstance(event, TextDelta):
                        reply += event.text
                        self._set_last(reply)
                    elif isinstance(event, ToolEvent):
                        events.append(event)
                        self._add_chip(Chip(event.summary, event.ok))
                        if event.write:
                            await _refresh_panel(self, actor, (event.result or {}).get("id", 0))
                    elif isinstance(event, Done):
                        reply, context = event.reply, event.context
                        self._set_last(reply)
        except Exception:
            logger.exception("assistant turn failed")
            reply += FAILED
            async with self:
                self._set_last(reply)
        try:
            finish_turn(actor=actor, thread_id=thread_id, reply=reply, events=events,
                        context=context)
        except Exception as error:
            if not dependency_down(error):
                raise
            logger.warning("reply not stored: %s", error)
            async with self:
                self.notice = NOT_STORED
        finally:
            async with self:
                self.streaming = False
                await _refresh_panel(self, actor)

    def _set_last(self, content: str) -> None:
        self.messages[-1] = replace(self.messages[-1], content=content)

    def _add_chip(self, chip: Chip) -> None:
        last = self.messages[-1]
        self.messages[-1] = replace(last, chips=[*last.chips, chip])
