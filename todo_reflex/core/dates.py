"""Due dates: parsing in the user's time zone, UTC storage, local display and list windows.

A due date with a time is an instant (stored in UTC). A date-only due date is *floating*:
stored as that date's midnight in UTC and shown as the same date in any zone, as Todoist does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from todo_reflex.core.errors import InvalidInput

MIN_YEAR, MAX_YEAR = 1970, 2200


@dataclass(frozen=True)
class Due:
    """A stored due date: the UTC instant and whether a time of day was given."""

    at: datetime
    has_time: bool


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; an unknown name is an input error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput("timezone", f"unknown time zone {name!r}") from error


def floating(day: date) -> datetime:
    """The stored form of a date-only due date."""
    return datetime.combine(day, time(), tzinfo=UTC)


def parse_due(value: str | date | datetime | None, tz: str) -> Due | None:
    """Parse an ISO date or date-time; naive times are in ``tz``. ``None``/``""`` mean no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        parsed: date | datetime = value
    elif isinstance(value, date):
        parsed = value
    else:
        text = value.strip().replace(" ", "T", 1)
        try:
            parsed = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
        except ValueError as error:
            raise InvalidInput(
                "due", f"{value!r} is not an ISO date like 2026-11-27 or 2026-11-27T17:00"
            ) from error
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidInput("due", f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    if not isinstance(parsed, datetime):
        return Due(floating(parsed), has_time=False)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz))
    return Due(parsed.astimezone(UTC).replace(second=0, microsecond=0), has_time=True)


def local_due(due_at: datetime | None, has_time: bool, tz: str) -> str | None:
    """Show a stored due date in the user's zone: ``2026-11-27`` or ``2026-11-27T17:00``."""
    if due_at is None:
        return None
    if not has_time:
        return due_at.astimezone(UTC).date().isoformat()
    return due_at.astimezone(zone(tz)).strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Window:
    """A span of due dates, in both storage forms: instants and floating days."""

    start: datetime | None
    end: datetime | None
    start_day: datetime | None
    end_day: datetime | None


def local_today(tz: str, now: datetime) -> date:
    """Today's date in the user's zone."""
    return now.astimezone(zone(tz)).date()


def day_window(first: date, days: int, tz: str) -> Window:
    """The local days ``first`` .. ``first + days`` (exclusive) as a window."""
    local = zone(tz)
    last = first + timedelta(days=days)
    return Window(
        start=datetime.combine(first, time(), tzinfo=local).astimezone(UTC),
        end=datetime.combine(last, time(), tzinfo=local).astimezone(UTC),
        start_day=floating(first),
        end_day=floating(last),
    )


def today_window(tz: str, now: datetime) -> Window:
    """Due today in the user's zone."""
    return day_window(local_today(tz, now), 1, tz)


WEEK_DAYS = 7  # "this week" / "upcoming": today and the next 6 days


def week_window(tz: str, now: datetime) -> Window:
    """"This week" / "upcoming": today and the next 6 days in the user's zone (DESIGN.md)."""
    return day_window(local_today(tz, now), WEEK_DAYS, tz)


def overdue_window(tz: str, now: datetime) -> Window:
    """Due before now (timed) or before today (date-only)."""
    return Window(start=None, end=now, start_day=None, end_day=floating(local_today(tz, now)))


def in_named_window(name: str, due: str | None, now_local: datetime) -> bool:
    """Whether a local due value (``2026-11-27`` or ``2026-11-27T17:00``) is in a named window.

    The same rules as the windows above, on the wall-clock values the assistant holds: it
    previews bulk changes with this, so a preview lists exactly what the server will act on.
    """
    if name == "no_date":
        return not due
    if not due:
        return False
    today = now_local.date()
    day = date.fromisoformat(due[:10])
    if name == "overdue":
        if "T" in due:
            return datetime.fromisoformat(due[:16]) < now_local.replace(second=0, microsecond=0)
        return day < today
    if name == "today":
        return day == today
    if name == "this_week":
        return today <= day < today + timedelta(days=WEEK_DAYS)
    return True
