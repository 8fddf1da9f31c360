"""Recognise repeat phrases ("every saturday", "daily", "every month on the 1st") as RRULEs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from .vocabulary import (
    DAY_CODES,
    MONTH_RE,
    NUMBER_RE,
    PARTS_OF_DAY,
    WEEKDAY_PLURAL_RE,
    month_number,
    parse_number,
    weekday_index,
)


@dataclass(frozen=True)
class RuleMatch:
    """A repeat phrase found at ``text[start:end]``, with its RRULE and any implied start."""

    start: int
    end: int
    rule: str
    day: date | None = None
    at: time | None = None


_EVERY = r"\b(?:every|each|ev)\s+"
_DAYS_LIST = (rf"(?:{WEEKDAY_PLURAL_RE})(?:(?:\s*(?:,|and|&|/)\s*|\s+)"
              rf"(?:{WEEKDAY_PLURAL_RE})\b)*")
_TAIL = (r"(?=\s*$|\s*[,.;!?#@]|\s+(?:at|@|on|from|starting|in|by|p[1-4]|high|medium|low|urgent"
         r"|with|\d))")
_UNITS = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}


def _days_rule(days_text: str) -> str:
    codes = []
    for word in re.findall(rf"{WEEKDAY_PLURAL_RE}", days_text, re.I):
        code = DAY_CODES[weekday_index(word)]
        if code not in codes:
            codes.append(code)
    codes.sort(key=DAY_CODES.index)
    return "FREQ=WEEKLY;BYDAY=" + ",".join(codes)


def _interval(word: str | None, other: bool) -> str:
    count = 2 if other else parse_number(word) or 1
    return f";INTERVAL={count}" if count > 1 else ""


def repeat_rule(text: str, today: date) -> list[RuleMatch]:
    """Find repeat phrases in ``text``.

    Args:
        text: The user's message.
        today: The user's local date (for month/day rules that need a start).

    Returns:
        At most one match (the first repeat phrase), as a list for easy merging.
    """
    patterns: list[tuple[str, str]] = [
        ("monthly_day", rf"(?:{_EVERY}month|\bmonthly)\s+on\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"),
        ("monthly_day", r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                        r"(?:every|each)\s+month\b"),
        ("monthly_day", rf"{_EVERY}(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{MONTH_RE}))"),
        ("yearly_day", rf"(?:{_EVERY}year\s+on\s+|{_EVERY})({MONTH_RE})\.?\s+(\d{{1,2}})"
                       rf"(?:st|nd|rd|th)?\b"),
        ("yearly_day", rf"{_EVERY}(?:year\s+on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+"
                       rf"(?:of\s+)?({MONTH_RE})\b"),
        ("weekdays", rf"(?:{_EVERY}(?:week|work)[\s-]?days?|\bon\s+weekdays|\bweekdays{_TAIL})\b"),
        ("weekends", rf"(?:{_EVERY}week-?ends?|\bon\s+weekends)\b"),
        ("days", rf"(?:{_EVERY}(other\s+)?|\bon\s+)({_DAYS_LIST})\b"),
        ("part", rf"{_EVERY}(morning|afternoon|evening|night)\b|\bnightly{_TAIL}"),
        ("unit", rf"{_EVERY}(other\s+)?(?:({NUMBER_RE})\s+)?(day|week|month|year)s?\b"),
        ("adverb", rf"\b(daily|everyday|weekly|monthly|yearly|annually|biweekly|fortnightly)"
                   rf"{_TAIL}"),
    ]
    for kind, pattern in patterns:
        m = re.search(pattern, text, re.I)
        if not m:
            continue
        spelled_every = m[0].lower().startswith(("every", "each", "ev "))
        if kind == "days" and not spelled_every and not re.search(r"s\b", m[2], re.I):
            continue
        rule = _rule_for(kind, m)
        if rule is None:
            continue
        day, at = _start_for(kind, m, today)
        start, end = m.start(), m.end()
        if lead := _SAID_REPEAT.search(text[:start]):
            start = lead.start()  # "repeat every year", "to repeat every friday"
        if kind == "unit" and rule == "FREQ=DAILY" and (span := _FOR_DAYS.match(text[end:])):
            rule += f";COUNT={parse_number(span['n']) or 7 if span['n'] else 7}"
            end += span.end()  # "every day this week": today and the six days after
        return [RuleMatch(start, end, rule, day, at)]
    return []


_SAID_REPEAT = re.compile(r"(?:\b(?:to|and|that)\s+|,\s*)?\b(?:repeat|recur)(?:s|ing)?\s+$", re.I)
_FOR_DAYS = re.compile(rf"\s+(?:this\s+week|for\s+(?:the\s+|a\s+|this\s+|one\s+)?(?:whole\s+)?week|"
                       rf"for\s+(?:the\s+next\s+)?(?P<n>{NUMBER_RE})\s+days)\b", re.I)
# "daily standup at 10am": a repeat said before the name, read only with no day said
LEADING_REPEAT = re.compile(r"^(daily|nightly|weekly|monthly|yearly)\s+(?=[a-z])", re.I)


def _rule_for(kind: str, m: re.Match[str]) -> str | None:
    if kind == "monthly_day":
        day = int(m[1])
        return f"FREQ=MONTHLY;BYMONTHDAY={day}" if 1 <= day <= 31 else None
    if kind == "yearly_day":
        month, day = (month_number(m[1]), int(m[2])) if not m[1].isdigit() else (
            month_number(m[2]), int(m[1]))
        longest = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
        return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}" if 1 <= day <= longest else None
    if kind == "weekdays":
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if kind == "weekends":
        return "FREQ=WEEKLY;BYDAY=SA,SU"
    if kind == "days":
        return _days_rule(m[2]) + _interval(None, bool(m[1]))
    if kind == "part":
        return "FREQ=DAILY"
    if kind == "unit":
        return f"FREQ={_UNITS[m[3].lower()]}" + _interval(m[2], bool(m[1]))
    word = m[1].lower()
    if word in ("biweekly", "fortnightly"):
        return "FREQ=WEEKLY;INTERVAL=2"
    return {"daily": "FREQ=DAILY", "everyday": "FREQ=DAILY", "weekly": "FREQ=WEEKLY",
            "monthly": "FREQ=MONTHLY", "yearly": "FREQ=YEARLY", "annually": "FREQ=YEARLY"}[word]


def _start_for(kind: str, m: re.Match[str], today: date) -> tuple[date | None, time | None]:
    if kind == "part":
        return None, PARTS_OF_DAY.get((m[1] or "night").lower())
    return None, None
