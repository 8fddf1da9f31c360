"""Days a listing asks about: "due tomorrow", "this weekend", "next week", "in december".

:func:`find_range` turns such a phrase into an inclusive ``(first, last)`` pair of local days
(either may be open) for ``list_tasks(due_from=, due_to=)``, and says which words it used.
"this week" and "upcoming" stay the ``this_week`` window (today and the next 6 days).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import month_day
from .vocabulary import HOLIDAY_RE, HOLIDAYS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_WEEKDAY = r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?"
_MONTH = (r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
          r"(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember)?")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "ten": 10,
                 "fourteen": 14, "thirty": 30}


@dataclass(frozen=True)
class DayRange:
    """Inclusive local days; ``None`` for an open end. ``span`` is where the words were."""

    first: date | None
    last: date | None
    span: tuple[int, int]


def _weekday(name: str) -> int:
    return next(i for i, day in enumerate(WEEKDAYS) if day.startswith(name.lower()[:3]))


def _month(name: str) -> int:
    return next(i + 1 for i, month in enumerate(MONTHS) if month.startswith(name.lower()[:3]))


def _next_weekday(today: date, index: int) -> date:
    return today + timedelta(days=(index - today.weekday()) % 7)


def _month_range(today: date, month: int) -> tuple[date, date]:
    year = today.year + (1 if month < today.month else 0)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day_of(today: date, month: int, day: int) -> date | None:
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found >= today - timedelta(days=31):  # "dec 15" in January is the last one
            return found
    return None


def _next_day_of_month(today: date, day: int) -> date | None:
    """"the 2nd": this month's when still to come, else next month's."""
    month = date(today.year, today.month, 1)
    for _ in range(3):
        try:
            found = month.replace(day=day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        month = (month + timedelta(days=32)).replace(day=1)
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower(), 0)


def _days(count: str, unit: str) -> timedelta:
    """"a week", "3 days", "two weeks" as days."""
    n = 1 if count.lower() in ("a", "an") else _count(count)
    return timedelta(days=n * (7 if unit.lower().startswith("week") else 1))


def _rules(today: date) -> list[tuple[str, object]]:
    """(pattern, match -> (first, last) or None), most specific first."""
    saturday = _next_weekday(today, 5) if today.weekday() != 6 else today - timedelta(days=1)
    monday = today + timedelta(days=7 - today.weekday())
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    next_month = month_end + timedelta(days=1)
    return [
        (r"\b(?:in|within|over)\s+the\s+next\s+(\d{1,3}|\w+)\s+days?\b|\bnext\s+(\d{1,3}|"
         r"two|three|four|five|six|ten|fourteen|thirty)\s+days\b",
         lambda m: (today, today + timedelta(days=max(1, _count(m[1] or m[2])) - 1))
         if _count(m[1] or m[2]) and _count(m[1] or m[2]) != 7 else None),
        (r"\b(?:in|within|over)\s+the\s+next\s+(\d{1,2}|one|two|three|four|five|six)\s+weeks?\b|"
         r"\bnext\s+(\d{1,2}|two|three|four|five|six)\s+weeks\b",
         lambda m: (today, today + timedelta(days=7 * max(1, _count(m[1] or m[2])) - 1))),
        (r"\b(?:this|the|on\s+the)\s+weekend\b|\bweekend'?s?\b",
         lambda m: (max(saturday, today), saturday + timedelta(days=1))),
        (r"\bnext\s+week'?s?\b", lambda m: (monday, monday + timedelta(days=6))),
        (r"\b(?:the\s+)?rest\s+of\s+(?:the|this)\s+week\b",
         lambda m: (today, monday - timedelta(days=1))),
        (r"\bthis\s+month'?s?\b", lambda m: (today, month_end)),
        (r"\bnext\s+month'?s?\b",
         lambda m: _month_range(next_month, next_month.month)),
        # one day counted from today: "the day after tomorrow", "a week from today", "in 3 days"
        (r"\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw|tmr)\b",
         lambda m: (today + timedelta(days=2),) * 2),
        (r"\b(\d{1,2}|an?|one|two|three|four|five|six)\s+(days?|weeks?)\s+(?:from|after)\s+"
         r"(?:today|now)\b|\bin\s+(\d{1,2}|an?|one|two|three|four|five|six)\s+(days?|weeks?)"
         r"(?:'?s?\s+time)?\b",
         lambda m: (today + _days(m[1] or m[3], m[2] or m[4]),) * 2),
        (r"\b(?:tomorrow'?s?|tmrw|tmr)\b", lambda m: (today + timedelta(days=1),) * 2),
        (rf"\b(?:on\s+|for\s+|over\s+)?({HOLIDAY_RE})\b",
         lambda m: _single(month_day(today, *HOLIDAYS[m[1].lower()], None))),
        (r"\byesterday'?s?\b", lambda m: (today - timedelta(days=1),) * 2),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: _iso(m)),
        (rf"\b(?:on\s+)?(?:the\s+)?{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
         lambda m: _single(_dated(int(m[3]), _month(m[1]), int(m[2])))),
        (rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b",
         lambda m: _single(_dated(int(m[3]), _month(m[2]), int(m[1])))),
        (rf"\b(?:on\s+)?(?:the\s+)?{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
         lambda m: _single(_day_of(today, _month(m[1]), int(m[2])))),
        (rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b",
         lambda m: _single(_day_of(today, _month(m[2]), int(m[1])))),
        (rf"\b(?:in|during|for|of)\s+{_MONTH}\b", lambda m: _month_range(today, _month(m[1]))),
        (rf"\b(?:between\s+(?:now|today)\s+and|from\s+(?:now|today)\s+(?:until|till|to|"
         rf"through))\s+(?:next\s+)?{_WEEKDAY}\b",
         lambda m: (today, _next_weekday(today + timedelta(days=1), _weekday(m[1])))),
        (rf"\bbefore\s+(?:next\s+)?{_WEEKDAY}\b",
         lambda m: (None, _next_weekday(today + timedelta(days=1), _weekday(m[1]))
                    - timedelta(days=1))),
        (rf"\b(?:by|until|till|through)\s+(?:next\s+)?{_WEEKDAY}\b",
         lambda m: (None, _next_weekday(today + timedelta(days=1), _weekday(m[1])))),
        (r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z])",
         lambda m: _single(_next_day_of_month(today, int(m[1])))),
        (rf"\b(?:on\s+)?(?:this\s+|next\s+)?{_WEEKDAY}\b",
         lambda m: (_next_weekday(today, _weekday(m[1])),) * 2),
    ]


def _iso(m: re.Match[str]) -> tuple[date, date] | None:
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day, day


def _dated(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _single(day: date | None) -> tuple[date, date] | None:
    return (day, day) if day else None


_BETWEEN = re.compile(r"\b(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till|through|thru)\s+"
                      r"(?P<b>.+?)(?=\s*$|\s*[?.!,])", re.I)
_TODAY = re.compile(r"^(?:now|today|tonight|this\s+morning)$", re.I)


def _one_day(text: str, today: date) -> tuple[date | None, date | None] | None:
    if _TODAY.match(text.strip()):
        return today, today
    found = _first_rule(text, today)
    return (found.first, found.last) if found else None


def find_range(text: str, today: date) -> DayRange | None:
    """The days a listing's words name, or None when they name no particular days.

    "between today and the 21st", "from monday to friday": the first day of one through the
    last day of the other.
    """
    if (m := _BETWEEN.search(text)) and (a := _one_day(m["a"], today)) and (
            b := _one_day(m["b"], today)) and a[0] and b[1] and a[0] <= b[1]:
        return DayRange(a[0], b[1], m.span())
    return _first_rule(text, today)


def _first_rule(text: str, today: date) -> DayRange | None:
    for pattern, build in _rules(today):
        if m := re.search(pattern, text, re.I):
            found = build(m)  # type: ignore[operator]
            if found is not None:
                first, last = found
                return DayRange(first, last, m.span())
    return None
