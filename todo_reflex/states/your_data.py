"""The account page's "Your data" card: the calendar feed address and "Export my data".

The feed's secret address is in state only right after it was made (like a new access token);
afterwards the card only says the feed is on, and a new address replaces the old one.
"""

from __future__ import annotations

import json

import reflex as rx

from todo_reflex.core import calendar_feed, data_export
from todo_reflex.core.db import session_scope
from todo_reflex.core.settings import get_settings
from todo_reflex.core.tasks import Actor
from todo_reflex.states.api_tokens import local_time
from todo_reflex.states.auth import signed_in
from todo_reflex.states.privacy import user_scoped


def _base_url() -> str:
    """Where calendar apps reach the backend: ``PUBLIC_URL``, else this machine's backend."""
    settings = get_settings()
    return settings.public_url or f"http://localhost:{settings.backend_port}"


@user_scoped
class YourDataState(rx.State):
    """Whether the calendar feed is on, since when, and its address right after it was made."""

    feed_on: bool = False
    feed_since: str = ""
    new_feed_url: str = ""

    @rx.event
    @signed_in
    def load(self, actor: Actor) -> None:
        """Read the feed's state; forget an address still shown from before."""
        self.new_feed_url = ""
        self._refresh(actor)

    @rx.event
    @signed_in
    def make_feed_address(self, actor: Actor) -> rx.event.EventSpec:
        """Make a new secret address (the previous one stops working) and show it once."""
        with session_scope() as session:
            key = calendar_feed.create_feed(session=session, user_id=actor.user_id)
        self.new_feed_url = calendar_feed.feed_url(_base_url(), key)
        self._refresh(actor)
        return rx.toast.success("Calendar address ready: copy it into your calendar app.")

    @rx.event
    @signed_in
    def turn_off_feed(self, actor: Actor) -> rx.event.EventSpec:
        """Turn the feed off: calendar apps using its address get nothing from now on."""
        with session_scope() as session:
            calendar_feed.delete_feed(session=session, user_id=actor.user_id)
        self.new_feed_url = ""
        self._refresh(actor)
        return rx.toast.success("Calendar feed turned off.")

    @rx.event
    @signed_in
    def export(self, actor: Actor) -> rx.event.EventSpec:
        """Download everything the app keeps about the user as JSON."""
        with session_scope(read_only=True) as session:
            data = data_export.export_user_data(session=session, user_id=actor.user_id)
        return rx.download(data=json.dumps(data, indent=2, ensure_ascii=False),
                           filename="my-tasks-export.json", mime_type="application/json")

    def _refresh(self, actor: Actor) -> None:
        with session_scope(read_only=True) as session:
            since = calendar_feed.feed_created_at(session=session, user_id=actor.user_id)
        self.feed_on = since is not None
        self.feed_since = local_time(since, actor.timezone, empty="")
