"""Repeating tasks: RRULE validation and the next occurrence after completion."""

from __future__ import annotations

from datetime import UTC, datetime, time

from dateutil.rrule import rrulestr

from todo_reflex.core.dates import Due, floating, local_today, zone
from todo_reflex.core.errors import InvalidInput

MAX_RULE_LENGTH = 200
FORBIDDEN_PARTS = ("DTSTART", "RDATE", "EXDATE", "EXRULE", "\n")


def normalize_rule(rule: str | None) -> str | None:
    """Validate an RFC 5545 RRULE and return it in canonical form (``None``/``""`` = no repeat)."""
    if rule is None or not rule.strip():
        return None
    text = rule.strip().upper().removeprefix("RRULE:")
    if len(text) > MAX_RULE_LENGTH:
        raise InvalidInput("repeat", f"rule is longer than {MAX_RULE_LENGTH} characters")
    if "FREQ=" not in text or any(part in text for part in FORBIDDEN_PARTS):
        raise InvalidInput("repeat", "expected an RRULE such as FREQ=WEEKLY;BYDAY=SA")
    try:
        rrulestr(text, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError) as error:
        raise InvalidInput("repeat", f"not a valid RRULE ({error})") from error
    return text


def first_occurrence(rule: str, tz: str, now: datetime) -> Due | None:
    """The first date a new repeating task without a due date is due (today or later)."""
    start = datetime.combine(local_today(tz, now), time())
    found = rrulestr(rule, dtstart=start).after(start, inc=True)
    return Due(floating(found.date()), has_time=False) if found else None


def next_occurrence(rule: str, due: Due | None, tz: str, now: datetime) -> Due | None:
    """The occurrence after the current due date and after today; ``None`` when the rule ends."""
    if due is None:
        return first_occurrence(rule, tz, now)
    if due.has_time:
        local = zone(tz)
        start = due.at.astimezone(local).replace(tzinfo=None)
        after = max(start, now.astimezone(local).replace(tzinfo=None, second=0, microsecond=0))
        found = rrulestr(rule, dtstart=start).after(after)
        if found is None:
            return None
        return Due(found.replace(tzinfo=local).astimezone(UTC), has_time=True)
    start = due.at.replace(tzinfo=None)
    after = max(start, datetime.combine(local_today(tz, now), time()))
    found = rrulestr(rule, dtstart=start).after(after)
    return Due(floating(found.date()), has_time=False) if found else None
