"""The conversation: the messages shown, sending one, and the turn that streams its reply.

A thread opens on its latest ``PAGE`` messages; ``load_earlier`` brings the rest a page at a
time. The reply being written lives in :class:`ReplyState`, a small state of its own, so what
is pushed while it streams is the reply, never the thread. At the end of the turn it joins
``recent`` (the turns of this visit) in one push. Pushes are coalesced: at most one every
``FLUSH_SECONDS``, whether the engine sends its reply whole or token by token.

A turn opens two database sessions: ``send`` verifies the browser's session, starts the
conversation if need be, stores the message and reads what the chat shows in one; the end of
``stream_reply`` stores the reply and reads the task panel in the other.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from sqlmodel import Session

from todo_reflex.assistant.chat_orchestration import finish_turn, start_turn
from todo_reflex.assistant.engines import Done, TextDelta, ToolEvent, TurnInput, get_engine
from todo_reflex.core import threads
from todo_reflex.core.db import session_or_own, session_scope
from todo_reflex.core.errors import DomainError, InvalidInput, RateLimited, dependency_down
from todo_reflex.core.ratelimit import chat_limit_notice
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import AuthState, session_id, signed_in
from todo_reflex.states.privacy import user_scoped
from todo_reflex.states.task_panel import PanelPage, TaskPanelState, pending_page, show_panel
from todo_reflex.states.threads import ThreadListState, ensure_thread, reload_threads, touch_thread

STOPPED = "\n\n*Stopped.*"
NOT_STORED = "This reply could not be saved: the message store can't be reached right now."
FAILED = "\n\nSorry, something went wrong on my side. Your message is saved; please try again."
PAGE = 50
RECENT_MAX = 20
"""After this many bubbles of this visit, the next message re-reads the latest page."""
FLUSH_SECONDS = 0.05
STOP_POLL_SECONDS = 0.5
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


def _page(actor: Actor, thread_id: int, before_id: int | None,
          db: Session | None = None) -> tuple[list[Bubble], int, bool]:
    """A page of a thread, oldest first: its bubbles, its oldest id, whether older ones exist."""
    with session_or_own(db, read_only=True) as session:
        rows = threads.list_messages(session=session, user_id=actor.user_id,
                                     thread_id=thread_id, limit=PAGE + 1, before_id=before_id)
    more = len(rows) > PAGE
    rows = rows[1:] if more else rows
    bubbles = [Bubble(m.role, m.content, _chips(m.tool_calls)) for m in rows
               if m.role in ("user", "assistant")]
    return bubbles, rows[0].id if rows else 0, more


@user_scoped
class ReplyState(rx.State):
    """The turn in progress: the message just sent and the reply so far (small, pushed often)."""

    asking: str = ""
    text: str = ""
    chips: list[Chip] = []


@dataclass
class _Reply:
    """The reply as the background task builds it, and how much of it the browser has."""

    context: dict[str, Any]
    engine: str = "offline"
    text: str = ""
    chips: list[Chip] = field(default_factory=list)
    events: list[ToolEvent] = field(default_factory=list)
    shown_text: str = ""
    shown_chips: int = 0

    def take(self, event: object) -> None:
        """Add an engine event to the reply."""
        if isinstance(event, TextDelta):
            self.text += event.text
        elif isinstance(event, ToolEvent):
            self.events.append(event)
            if event.summary:
                self.chips.append(Chip(event.summary, event.ok))
        elif isinstance(event, Done):
            self.text, self.context, self.engine = event.reply, event.context, event.engine

    @property
    def dirty(self) -> bool:
        """Whether the browser is missing part of the reply."""
        return self.text != self.shown_text or len(self.chips) != self.shown_chips

    def show(self, view: ReplyState) -> None:
        """Put what changed into the reply's state (only changed vars are pushed)."""
        if self.text != self.shown_text:
            view.text = self.shown_text = self.text
        if len(self.chips) != self.shown_chips:
            view.chips, self.shown_chips = list(self.chips), len(self.chips)

    @property
    def touched_id(self) -> int | None:
        """The task of the last write, or None when the turn changed no task."""
        ids = [int((e.result or {}).get("id") or 0) for e in self.events if e.write]
        return ids[-1] if ids else None


_END = object()


async def _pump(events: AsyncIterator[object], queue: asyncio.Queue) -> None:
    """Run the engine, handing each event (then the end, or the error that ended it) on."""
    try:
        async for event in events:
            queue.put_nowait(event)
    except Exception as error:  # noqa: BLE001 - raised again by the streaming task
        queue.put_nowait(error)
    queue.put_nowait(_END)


async def _push(state: ChatState, reply: _Reply) -> bool:
    """Show what is new of the reply; True when the user has pressed Stop."""
    async with state:
        if state._stop:
            return True
        if reply.dirty:
            reply.show(await state.get_state(ReplyState))
    return False


async def _stream(state: ChatState, events: AsyncIterator[object], reply: _Reply) -> None:
    """Build ``reply`` from the engine's events, pushing it at most every FLUSH_SECONDS.

    Every burst of events that has arrived is taken before a push; when nothing is new the
    task still looks for Stop every STOP_POLL_SECONDS, and Stop cancels the engine.
    """
    queue: asyncio.Queue = asyncio.Queue()
    producer = asyncio.create_task(_pump(events, queue))
    getter: asyncio.Future | None = None
    pushed = time.monotonic()
    try:
        while True:
            due = pushed + FLUSH_SECONDS - time.monotonic()
            getter = getter or asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait(
                {getter}, timeout=max(due, 0.0) if reply.dirty else STOP_POLL_SECONDS)
            batch = []
            if done:  # the whole burst that has arrived, then at most one push for it
                batch, getter = [getter.result()], None
                while not queue.empty():
                    batch.append(queue.get_nowait())
            for item in batch:
                if item is _END:
                    return
                if isinstance(item, Exception):
                    raise item
                reply.take(item)
            if not batch or time.monotonic() - pushed >= FLUSH_SECONDS:
                if await _push(state, reply):
                    reply.text += STOPPED
                    return
                pushed = time.monotonic()
    finally:
        producer.cancel()
        if getter is not None:
            getter.cancel()


def _close_turn(actor: Actor, thread_id: int, reply: _Reply) -> tuple[str, PanelPage | None]:
    """Read the panel (if the turn changed a task) and store the reply, in one session.

    Blocking: run in a thread. Returns a notice ("" or why the reply was not stored) and
    the panel. The panel goes first, so a failed read cannot undo the stored reply.
    """
    panel = None
    try:
        with session_scope() as db:
            panel = _panel(actor, reply, db)
            finish_turn(actor=actor, thread_id=thread_id, reply=reply.text, events=reply.events,
                        context=reply.context, engine=reply.engine, session=db)
    except Exception as error:
        if not dependency_down(error):
            raise
        logger.warning("reply not stored: %s", error)
        return NOT_STORED, panel
    return "", panel


def _panel(actor: Actor, reply: _Reply, db: Session) -> PanelPage | None:
    """The task panel read once, if the turn changed a task."""
    if reply.touched_id is None:
        return None
    try:
        return pending_page(actor, db)
    except Exception as error:
        if not dependency_down(error):
            raise
        logger.warning("task panel not refreshed: %s", error)
        db.rollback()  # the store after it takes a fresh connection
        return None


@user_scoped
class ChatState(rx.State):
    """The open conversation: a page of its messages, this visit's turns, the draft."""

    messages: list[Bubble] = []
    recent: list[Bubble] = []
    has_earlier: bool = False
    draft: str = ""
    streaming: bool = False
    notice: str = ""
    awaiting_yes: bool = False  # the last reply asked a yes/no question (one-tap answers)
    _thread_id: int = 0
    _oldest_id: int = 0
    _stop: bool = False
    _actor: Actor | None = None
    _turn: TurnInput | None = None
    _turn_thread: int = 0

    @rx.event
    @signed_in(reads=(ThreadListState, ReplyState))
    async def load_messages(self, actor: Actor, db: Session) -> None:
        """Show the latest messages of the open conversation (on page load, when switching)."""
        listing = await self.get_state(ThreadListState)
        reload_threads(listing, actor.user_id, db)
        self.notice = ""
        if not self.streaming:
            (await self.get_state(ReplyState)).reset()
        self._show_latest(actor, listing.active_id, db)

    @rx.event
    @signed_in
    async def load_earlier(self, actor: Actor) -> None:
        """Show the page of messages before the oldest one shown."""
        if not (self.has_earlier and self._thread_id and self._oldest_id):
            return
        try:
            earlier, oldest, self.has_earlier = _page(actor, self._thread_id, self._oldest_id)
        except DomainError:  # the conversation was deleted meanwhile
            self.has_earlier = False
            return
        self.messages = [*earlier, *self.messages]
        self._oldest_id = oldest or self._oldest_id

    @rx.event
    def set_draft(self, text: str) -> None:
        """Keep what is being typed."""
        self.draft = text

    @rx.event
    @signed_in(reads=(ThreadListState, ReplyState))
    async def send(self, actor: Actor, db: Session,  # noqa: ANN201 - event chain
                   form: dict | None = None):
        """Check and store the message, then stream the reply in the background."""
        if self.streaming:
            return None
        # loaded before ``db`` opened (see ``signed_in``): these return at once
        auth = await self.get_state(AuthState)
        listing = await self.get_state(ThreadListState)
        view = await self.get_state(ReplyState)
        try:
            thread_id = ensure_thread(listing, actor.user_id, db)
            if thread_id != self._thread_id or len(self.recent) >= RECENT_MAX:
                self._show_latest(actor, thread_id, db)
            turn = start_turn(actor=actor, session_id=session_id(auth) or "",
                              thread_id=thread_id, message=self.draft, session=db)
        except RateLimited as error:
            self.notice = chat_limit_notice(error.retry_after)
            return None
        except InvalidInput as error:  # "type a message first", or a rule of any text field
            self.notice = (error.sentence() if error.reason.startswith("must") else
                           error.reason[:1].upper() + error.reason[1:] + ".")
            return None
        touch_thread(listing, actor.user_id, thread_id, db)
        self.notice, self.draft, self._stop, self.streaming = "", "", False, True
        self.awaiting_yes = False
        view.asking, view.text, view.chips = turn.message, "", []
        self._actor, self._turn, self._turn_thread = actor, turn, thread_id
        return ChatState.stream_reply

    @rx.event
    def answer(self, word: str):  # noqa: ANN201 - event chain
        """A one-tap answer to the yes/no question of the last reply: sent as a message."""
        if not self.awaiting_yes or word not in ("yes", "no"):
            return None
        self.draft = word
        return ChatState.send

    @rx.event
    def stop(self) -> None:
        """Stop the reply being streamed."""
        self._stop = True

    @rx.event(background=True)
    async def stream_reply(self):  # noqa: ANN201 - background task
        """Run the engine for the turn ``send`` prepared; its identity was verified there."""
        async with self:
            turn, actor, thread_id, self._turn = self._turn, self._actor, self._turn_thread, None
            if turn is None or actor is None:  # nothing pending: a replayed or forged call
                return
        reply = _Reply(context=dict(turn.context))
        try:
            await _stream(self, get_engine().respond(turn), reply)
        except Exception:
            logger.exception("assistant turn failed")
            reply.text += FAILED
        notice, panel = "", None
        try:
            notice, panel = await asyncio.to_thread(_close_turn, actor, thread_id, reply)
        finally:
            async with self:
                await self._finish(turn, thread_id, reply, notice, panel)

    async def _finish(self, turn: TurnInput, thread_id: int, reply: _Reply, notice: str,
                      panel: PanelPage | None) -> None:
        """One push ends the turn: the reply joins the conversation, the panel is updated."""
        if thread_id == self._thread_id:
            self.recent = [*self.recent, Bubble("user", turn.message),
                           Bubble("assistant", reply.text, list(reply.chips))]
        (await self.get_state(ReplyState)).reset()
        self.streaming = False
        self.awaiting_yes = thread_id == self._thread_id and "pending" in reply.context
        if notice:
            self.notice = notice
        if panel is not None:
            show_panel(await self.get_state(TaskPanelState), panel, reply.touched_id or 0)

    def _show_latest(self, actor: Actor, thread_id: int, db: Session | None = None) -> None:
        """Show the latest page of ``thread_id``; this visit's turns are in it."""
        page = _page(actor, thread_id, None, db) if thread_id else ([], 0, False)
        self.messages, self._oldest_id, self.has_earlier = page
        self._thread_id, self.recent = thread_id, []
        self.awaiting_yes = False
        if self.streaming and thread_id == self._turn_thread and self.messages:
            self.messages = self.messages[:-1]  # the message being answered: shown below
