"""Repeating tasks: RRULE validation and the next occurrence after completion.

dateutil looks for an occurrence up to the year 9999, which costs seconds of CPU for a rule
that never occurs (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``). The Gregorian calendar repeats
every 400 years, weekdays and leap days included, so every search here asks the same question
some 400-year cycles later, close to 9999, where dateutil's search soon ends.
"""

from __future__ import annotations

import re
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from todo_reflex.core.dates import Due, floating, local_today, zone
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import (
    REPEAT_COUNT_MAX,
    REPEAT_INTERVAL_MAX,
    REPEAT_RULE_MAX,
    REPEAT_UNTIL_YEARS_MAX,
)

FORBIDDEN_PARTS = ("DTSTART", "RDATE", "EXDATE", "EXRULE", "\n")
ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
# RFC 5545's range for each numeric part; a minus sign counts from the end (BYMONTHDAY=-1)
_NUMBER_RANGES = {"BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYSETPOS": 366}
_WEEKDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
CYCLE_YEARS = 400
HORIZON_YEARS = 8
"""Every search looks at least this far ahead (and less than 400 years more)."""


def normalize_rule(rule: str | None, now: datetime | None = None) -> str | None:
    """Validate an RFC 5545 RRULE and return it in canonical form (``None``/``""`` = no repeat).

    A rule repeats daily, weekly, monthly or yearly (the time of day comes from the due date),
    has a COUNT of 1 to 1000 or an UNTIL within 100 years, and occurs at least once from today.

    Raises:
        InvalidInput: On field ``repeat``, with the reason.
    """
    if rule is None or not rule.strip():
        return None
    text = rule.strip().upper().removeprefix("RRULE:")
    if len(text) > REPEAT_RULE_MAX:
        raise InvalidInput("repeat", f"rule is longer than {REPEAT_RULE_MAX} characters")
    if "FREQ=" not in text or any(part in text for part in FORBIDDEN_PARTS):
        raise InvalidInput("repeat", "expected an RRULE such as FREQ=WEEKLY;BYDAY=SA")
    today = (now or datetime.now(UTC)).date() - timedelta(days=1)  # earliest "today" anywhere
    start = datetime.combine(today, time())
    try:
        _check_parts(_parts(text), today)
        found = _after(text, start, start, inc=True)
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidInput("repeat", f"not a valid RRULE ({error})") from error
    if found is None:
        raise InvalidInput("repeat", "the rule never occurs from today on")
    return text


def bounds_error(rule: str) -> str | None:
    """Why a stored rule is outside today's bounds (a number out of range), or None.

    Rules stored before the bounds existed may hold such numbers; an ended rule (UNTIL past)
    is fine here, unlike for a new rule.
    """
    try:
        _check_numbers(_parts(rule.strip().upper().removeprefix("RRULE:")))
    except InvalidInput as error:
        return error.reason
    except ValueError as error:
        return f"not a valid RRULE ({error})"
    return None


def _parts(text: str) -> dict[str, str]:
    """``FREQ=DAILY;COUNT=3`` as ``{"FREQ": "DAILY", "COUNT": "3"}``."""
    pairs = [part.split("=", 1) for part in text.split(";") if part]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("every part must read NAME=VALUE")
    return {name: value for name, value in pairs}


def _check_parts(parts: dict[str, str], today: date) -> None:
    if parts.get("FREQ") not in ALLOWED_FREQS:
        raise InvalidInput("repeat", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    if any(name in parts for name in TIME_PARTS):
        raise InvalidInput("repeat", "BYHOUR, BYMINUTE and BYSECOND are not supported; "
                                     "the time of day comes from the due date")
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidInput("repeat", "use COUNT or UNTIL, not both")
    _check_numbers(parts)
    if parts.get("UNTIL", "").endswith("Z"):
        raise InvalidInput("repeat", "UNTIL must be a local date such as 20271231, without Z")
    until = _until(parts)
    if until is not None and until.date() < today:
        raise InvalidInput("repeat", "UNTIL is in the past")
    if until is not None and until.year > today.year + REPEAT_UNTIL_YEARS_MAX:
        raise InvalidInput("repeat", f"UNTIL is more than {REPEAT_UNTIL_YEARS_MAX} years ahead")


def _number(name: str, text: str, low: int, high: int, *, signed: bool = False) -> int:
    """``text`` as a whole number within ``low``..``high`` (or its negative, when ``signed``)."""
    within = f"{name} must be between {low} and {high}" + (
        f" (or -{low} and -{high}, counted from the end)" if signed else "")
    if not re.fullmatch(r"[+-]?\d{1,4}" if signed else r"\d{1,4}", text):
        raise InvalidInput("repeat", within)
    value = int(text)
    if not (low <= abs(value) <= high if signed else low <= value <= high):
        raise InvalidInput("repeat", within)
    return value


def _check_numbers(parts: dict[str, str]) -> None:
    """Every number of the rule within RFC 5545's range and ours (INTERVAL and COUNT to 1000)."""
    _number("INTERVAL", parts.get("INTERVAL", "1"), 1, REPEAT_INTERVAL_MAX)
    _number("COUNT", parts.get("COUNT", "1"), 1, REPEAT_COUNT_MAX)
    for value in filter(None, parts.get("BYMONTH", "").split(",")):
        _number("BYMONTH", value, 1, 12)
    for name, high in _NUMBER_RANGES.items():
        for value in filter(None, parts.get(name, "").split(",")):
            _number(name, value, 1, high, signed=True)
    for value in filter(None, parts.get("BYDAY", "").split(",")):
        day = _WEEKDAY.match(value)
        if day is None or day[1] and not 1 <= abs(int(day[1])) <= 53:
            raise InvalidInput("repeat", f"BYDAY {value!r} is not a weekday such as MO or 2TU")


def _until(parts: dict[str, str]) -> datetime | None:
    value = parts.get("UNTIL")
    if value is None:
        return None
    return datetime.strptime(value[:8], "%Y%m%d").replace(
        hour=int(value[9:11] or 0), minute=int(value[11:13] or 0), second=int(value[13:15] or 0)
    )


def _after(rule: str, dtstart: datetime, after: datetime, *, inc: bool = False) -> datetime | None:
    """``rrulestr(rule, dtstart=dtstart).after(after, inc)``, searching a bounded span of years."""
    shift = CYCLE_YEARS * ((MAXYEAR - HORIZON_YEARS - after.year) // CYCLE_YEARS)
    parsed = rrulestr(rule, dtstart=_shifted(dtstart, shift))
    until = _until(_parts(rule))
    if until is not None:
        parsed = parsed.replace(until=_shifted(until, shift))
    found = parsed.after(_shifted(after, shift), inc=inc)
    return _shifted(found, -shift) if found is not None else None


def _shifted(moment: datetime, years: int) -> datetime:
    """The same calendar moment ``years`` later (a multiple of 400, so 29 February exists)."""
    return moment.replace(year=moment.year + years)


def first_occurrence(rule: str, tz: str, now: datetime) -> Due | None:
    """The first date a new repeating task without a due date is due (today or later)."""
    start = datetime.combine(local_today(tz, now), time())
    found = _after(rule, start, start, inc=True)
    return Due(floating(found.date()), has_time=False) if found else None


def next_occurrence(rule: str, due: Due | None, tz: str, now: datetime) -> Due | None:
    """The occurrence after the current due date and after today; ``None`` when the rule ends."""
    if due is None:
        return first_occurrence(rule, tz, now)
    if due.has_time:
        local = zone(tz)
        start = due.at.astimezone(local).replace(tzinfo=None)
        after = max(start, now.astimezone(local).replace(tzinfo=None, second=0, microsecond=0))
        found = _after(rule, start, after)
        if found is None:
            return None
        return Due(found.replace(tzinfo=local).astimezone(UTC), has_time=True)
    start = due.at.replace(tzinfo=None)
    after = max(start, datetime.combine(local_today(tz, now), time()))
    found = _after(rule, start, after)
    return Due(floating(found.date()), has_time=False) if found else None
