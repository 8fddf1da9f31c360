"""The conversation list beside the chat: new, open, rename, delete, newest first."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from todo_reflex.core import threads
from todo_reflex.core.db import session_or_own, session_scope
from todo_reflex.core.errors import DomainError
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped


@dataclass
class ThreadItem:
    """A conversation as the sidebar lists it."""

    id: int
    title: str


@user_scoped
class ThreadListState(rx.State):
    """The user's conversations and which one is open."""

    items: list[ThreadItem] = []
    active_id: int = 0
    renaming_id: int = 0

    @rx.event
    @signed_in
    async def new_thread(self, actor: Actor) -> None:
        """Start an empty conversation and open it (the chat loads it next)."""
        with session_scope() as session:
            self.active_id = threads.create_thread(session=session, user_id=actor.user_id).id
        reload_threads(self, actor.user_id)

    @rx.event
    def open_thread(self, thread_id: int) -> None:
        """Open a conversation (the chat loads it next, and checks it is the user's)."""
        self.active_id = thread_id

    @rx.event
    def start_rename(self, thread_id: int) -> None:
        """Show the title editor for a conversation."""
        self.renaming_id = thread_id

    @rx.event
    @signed_in
    async def rename(self, actor: Actor, form: dict[str, str]):  # noqa: ANN201 - event chain
        """Save a conversation's new title."""
        try:
            with session_scope() as session:
                threads.rename_thread(session=session, user_id=actor.user_id,
                                      thread_id=self.renaming_id, title=form.get("title", ""))
        except DomainError as error:
            return rx.toast.error(f"Could not rename: {error.message}")
        finally:
            self.renaming_id = 0
        reload_threads(self, actor.user_id)
        return None

    @rx.event
    @signed_in
    async def delete(self, actor: Actor, thread_id: int):  # noqa: ANN201 - event chain
        """Delete a conversation and its messages (the chat reloads what is open next)."""
        try:
            with session_scope() as session:
                threads.delete_thread(session=session, user_id=actor.user_id, thread_id=thread_id)
        except DomainError as error:
            return rx.toast.error(error.message)
        if self.active_id == thread_id:
            self.active_id = 0
        reload_threads(self, actor.user_id)
        return None


def reload_threads(listing: ThreadListState, user_id: int, db: Session | None = None) -> None:
    """Read the user's conversations, newest first (the open one stays open if it is there).

    ``db`` is the event's session, if it has one; else the read has its own.
    """
    with session_or_own(db, read_only=True) as session:
        rows = threads.list_threads(session=session, user_id=user_id)
    listing.items = [ThreadItem(id=t.id, title=t.title) for t in rows]
    if listing.active_id not in {t.id for t in listing.items}:
        listing.active_id = listing.items[0].id if listing.items else 0


def touch_thread(listing: ThreadListState, user_id: int, thread_id: int,
                 db: Session | None = None) -> None:
    """After a message in ``thread_id``: reload only when its place or title may change."""
    first = listing.items[0] if listing.items else None
    if first is None or first.id != thread_id or first.title == threads.UNTITLED:
        reload_threads(listing, user_id, db)


def ensure_thread(listing: ThreadListState, user_id: int, db: Session | None = None) -> int:
    """The open conversation, starting one when there is none (in ``db``, if given).

    A new conversation is not listed yet: :func:`touch_thread` after its first message
    lists it, with the title that message gave it.
    """
    if not listing.active_id:
        with session_or_own(db) as session:
            listing.active_id = threads.create_thread(session=session, user_id=user_id).id
        if db is None:
            reload_threads(listing, user_id)
    return listing.active_id
