"""A user's tasks as a calendar (RFC 5545): a secret address any calendar app can subscribe to.

The address holds a random key; only its SHA-256 hash is stored, one per user. Making a new
address replaces the old one, and turning the feed off deletes it, so a leaked address can be
revoked. In the feed, pending tasks with a due date appear: a task due at a time is a 30-minute
event in the user's zone, a task due on a day is an all-day event, and a repeating task carries
its RRULE, so the calendar shows every occurrence. Each reminder is a VALARM: an offset, or any
reminder of a repeating task, triggers relative to the start (so it follows every occurrence,
as the app's reminders do); a set time on a one-off task triggers at that instant. A task that
cannot be written (a rule stored before the bounds of core.repeat) is left out and logged,
never a failed feed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur
from sqlmodel import Session, col, select

from todo_reflex.core import reminders
from todo_reflex.core.limits import FEED_EVENTS_MAX
from todo_reflex.core.models import CalendarFeed, Reminder, Task, User, utcnow
from todo_reflex.core.validation import split_tags

FEED_PATH = "/calendar/"
FEED_SUFFIX = ".ics"
EVENT_LENGTH = timedelta(minutes=30)
# RFC 5545 PRIORITY: 1 is the highest, 9 the lowest, 0 undefined
PRIORITIES = {"high": 1, "medium": 5, "low": 9, "none": 0}

logger = logging.getLogger(__name__)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_feed(*, session: Session, user_id: int) -> str:
    """Make a new secret key for the user's feed (the old address stops working); return it."""
    key = secrets.token_urlsafe(32)
    feed = session.get(CalendarFeed, user_id)
    if feed is None:
        feed = CalendarFeed(user_id=user_id, token_hash=_hash(key))
    else:
        feed.token_hash, feed.created_at = _hash(key), utcnow()
    session.add(feed)
    session.flush()
    return key


def delete_feed(*, session: Session, user_id: int) -> None:
    """Turn the user's feed off: its address answers 404 from now on."""
    feed = session.get(CalendarFeed, user_id)
    if feed is not None:
        session.delete(feed)
        session.flush()


def feed_created_at(*, session: Session, user_id: int) -> datetime | None:
    """When the user's current feed address was made, or None when the feed is off."""
    feed = session.get(CalendarFeed, user_id)
    return feed.created_at if feed else None


def feed_url(base_url: str, key: str) -> str:
    """The address to paste into a calendar app."""
    return f"{base_url.rstrip('/')}{FEED_PATH}{key}{FEED_SUFFIX}"


def feed_owner(*, session: Session, key: str) -> User | None:
    """The user whose feed has this key, or None (unknown or turned-off address)."""
    if not key or len(key) > 128:
        return None
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(key))).first()
    return session.get(User, feed.user_id) if feed else None


def render_feed(*, session: Session, user: User) -> bytes:
    """The user's pending dated tasks as an iCalendar document."""
    zone = ZoneInfo(user.timezone or "UTC")
    calendar = Calendar()
    calendar.add("prodid", "-//AI Task Assistant//tasks//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Tasks")
    calendar.add("x-wr-timezone", zone.key)
    tasks = session.exec(
        select(Task)
        .where(Task.user_id == user.id, col(Task.completed).is_(False),
               col(Task.deleted_at).is_(None), col(Task.due_at).is_not(None))
        .order_by(col(Task.due_at))
        .limit(FEED_EVENTS_MAX)
    ).all()
    alarms = reminders.stored(session=session, task_ids=[t.id for t in tasks])
    for task in tasks:
        try:
            event = _event(task, zone)
            for reminder in alarms[task.id]:
                event.add_component(_alarm(task, reminder, zone))
            event.to_ical()  # a value iCalendar cannot write fails here, not for the whole feed
        except (ValueError, TypeError, OverflowError) as error:
            logger.warning("calendar feed: task %s left out, it cannot be written: %s",
                           task.id, error)
            continue
        calendar.add_component(event)
    return calendar.to_ical()


def _event(task: Task, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"task-{task.user_id}-{task.number}@todo-app")
    event.add("summary", task.title)
    event.add("dtstamp", task.updated_at)
    if task.description:
        event.add("description", task.description)
    if task.due_has_time:
        start = task.due_at.astimezone(zone)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
    else:
        day = task.due_at.date()  # a date-only due is stored as that day's UTC midnight
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    if task.repeat_rule:
        event.add("rrule", vRecur.from_ical(task.repeat_rule))
    tags = split_tags(task.tags)
    if tags:
        event.add("categories", tags)
    if PRIORITIES.get(task.priority):
        event.add("priority", PRIORITIES[task.priority])
    return event


def _alarm(task: Task, reminder: Reminder, zone: ZoneInfo) -> Alarm:
    """A display alarm for one reminder (see the module docstring for its trigger)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Reminder: {task.title}")
    if reminder.rule.startswith("-P") or task.repeat_rule:
        if task.due_has_time:
            start = task.due_at
        else:  # an all-day event starts at midnight where the user is
            start = datetime.combine(task.due_at.astimezone(UTC).date(), time(), tzinfo=zone)
        alarm.add("trigger", reminder.fire_at - start)
    else:
        alarm.add("trigger", reminder.fire_at.astimezone(UTC))
    return alarm
