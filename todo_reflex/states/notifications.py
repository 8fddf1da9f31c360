"""The shell's notifications: reminders the worker delivered, a badge, and desktop alerts.

The reminder worker writes notifications to the database; an open tab asks for new ones every
``POLL_SECONDS`` while it is visible (and at once when it becomes visible again), shows the unread
count on the bell and, when the user allowed it, raises a browser notification for each new one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import reflex as rx

from todo_reflex import routes
from todo_reflex.core import notifications
from todo_reflex.core.dates import zone
from todo_reflex.core.db import session_scope
from todo_reflex.core.display import describe_due
from todo_reflex.core.errors import dependency_down
from todo_reflex.core.models import NotificationPublic, utcnow
from todo_reflex.core.tasks import Actor
from todo_reflex.states.auth import require_actor, signed_in
from todo_reflex.states.privacy import user_scoped

POLL_SECONDS = 20
LISTED = 20
POLL_BUTTON = "notifications-poll"
PERMISSIONS = ("default", "granted", "denied", "unsupported")

POLL_SCRIPT = f"""(() => {{
  if (window.__notificationPoll) return;
  window.__notificationPoll = true;
  const poll = () => {{ if (!document.hidden) document.getElementById('{POLL_BUTTON}')?.click(); }};
  setInterval(poll, {POLL_SECONDS * 1000});
  document.addEventListener('visibilitychange', poll);
}})()"""
PERMISSION_SCRIPT = "'Notification' in window ? Notification.permission : 'unsupported'"
ASK_SCRIPT = ("'Notification' in window ? Notification.requestPermission() "
              ": Promise.resolve('unsupported')")
logger = logging.getLogger(__name__)


@dataclass
class NotificationRow:
    """One notification as the list shows it."""

    id: int
    title: str
    body: str
    when: str
    late: bool
    unread: bool
    href: str


def notification_row(item: NotificationPublic, tz: str, now: datetime) -> NotificationRow:
    """A notification worded for the list, with a link to its task on the task page."""
    local = item.fire_at.astimezone(zone(tz)).strftime("%Y-%m-%dT%H:%M")
    return NotificationRow(
        id=item.id, title=item.title, body=item.body, late=item.late,
        when=describe_due(local, style="panel", tz=tz, now=now),
        unread=item.read_at is None,
        href=f"{routes.TASKS}?{urlencode({'view': 'all', 'q': item.title[:100]})}",
    )


def alert_script(items: list[NotificationPublic]) -> str:
    """Raise a browser notification for each item, if this site may (one per reminder, by tag)."""
    shown = json.dumps([{"title": n.title, "body": n.body or "Reminder",
                         "tag": f"todo-reminder-{n.id}"} for n in items])
    return ("if ('Notification' in window && Notification.permission === 'granted') "
            f"for (const n of {shown}) {{ const note = new Notification(n.title, "
            "{body: n.body, tag: n.tag}); note.onclick = () => { window.focus(); "
            "note.close(); }; }")


def announce(items: list[NotificationPublic]) -> list[rx.event.EventSpec]:
    """In-page toasts for new notifications (one each, or one for many), desktop alerts or not."""
    if len(items) > 3:
        return [rx.toast.info(f"{len(items)} new reminders", description="Open the bell to "
                                                                          "see them.")]
    return [rx.toast.info(f"Reminder: {n.title}", description=n.body or None) for n in items]


@user_scoped
class NotificationState(rx.State):
    """The newest notifications, how many are unread, and what the browser allows."""

    items: list[NotificationRow] = []
    unread: int = 0
    loaded: bool = False
    announced: int = 0
    """The newest notification id this tab has seen; newer unread ones raise desktop alerts."""
    alerts: str = "unknown"

    @rx.event
    def start(self) -> list[rx.event.EventSpec]:
        """On mount of a signed-in page: read the list, poll for new ones, ask what may alert."""
        return [NotificationState.refresh, rx.call_script(POLL_SCRIPT),
                rx.call_script(PERMISSION_SCRIPT, callback=NotificationState.set_alerts)]

    @rx.event
    async def refresh(self) -> list[rx.event.EventSpec] | rx.event.EventSpec | None:
        """Read the newest notifications; announce the ones that arrived since the last look.

        A poll nobody asked for stays quiet while the database is out of reach: the badge keeps
        its count and the next poll tries again.
        """
        try:
            actor = await require_actor(self)
            if actor is None:
                return rx.redirect(routes.LOGIN)
            with session_scope(read_only=True) as session:
                unread = notifications.unread_count(session=session, actor=actor)
                newest = notifications.list_notifications(session=session, actor=actor,
                                                          limit=LISTED)
        except Exception as error:
            if not dependency_down(error):
                raise
            logger.warning("notifications not read: the database is out of reach (%s)", error)
            return None
        fresh = [n for n in newest if n.read_at is None and n.id > self.announced]
        first = not self.loaded
        self._show(actor, newest, unread)
        if newest:
            self.announced = max(self.announced, newest[0].id)
        if not fresh or first:
            return None
        return [rx.call_script(alert_script(fresh)), *announce(fresh)]

    @rx.event
    def opened(self, is_open: bool) -> rx.event.EventSpec | None:
        """The list was opened (or closed): read it again when it opens."""
        return NotificationState.refresh if is_open is True else None

    @rx.event
    def set_alerts(self, permission: str) -> None:
        """Remember whether this browser lets the site show notifications."""
        self.alerts = permission if permission in PERMISSIONS else "unsupported"

    @rx.event
    def ask_alerts(self) -> rx.event.EventSpec:
        """Ask the browser to allow desktop alerts (from a click, as browsers want)."""
        return rx.call_script(ASK_SCRIPT, callback=NotificationState.set_alerts)

    @rx.event
    @signed_in
    def open_one(self, actor: Actor, notification_id: int) -> rx.event.EventSpec | None:
        """Mark one notification read and show its task."""
        if not isinstance(notification_id, int) or isinstance(notification_id, bool):
            return None
        self._mark(actor, [notification_id])
        item = next((n for n in self.items if n.id == notification_id), None)
        return rx.redirect(item.href) if item else None

    @rx.event
    @signed_in
    def mark_all_read(self, actor: Actor) -> None:
        """Mark every notification read."""
        self._mark(actor, None)

    def _mark(self, actor: Actor, ids: list[int] | None) -> None:
        with session_scope() as session:
            notifications.mark_read(session=session, actor=actor, ids=ids)
            unread = notifications.unread_count(session=session, actor=actor)
            newest = notifications.list_notifications(session=session, actor=actor, limit=LISTED)
        self._show(actor, newest, unread)

    def _show(self, actor: Actor, newest: list[NotificationPublic], unread: int) -> None:
        now = utcnow()
        self.items = [notification_row(n, actor.timezone, now) for n in newest]
        self.unread, self.loaded = unread, True
