"""Find due dates, times and repeat rules in what people type, in the user's time zone.

``extract_when`` returns the due value (``"2026-11-27"`` or ``"2026-11-27T17:00"``, naive in the
user's zone), an RRULE when the text says "every ...", and the text with those words removed.
It only recognises explicit date expressions, so "review the march budget" or "buy may
flowers" keep their words and get no due date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from .vocabulary import (
    DAY_CODES,
    HOLIDAY_RE,
    HOLIDAYS,
    MONTH_RE,
    NUMBER_RE,
    ORDINALS,
    PARTS_OF_DAY,
    WEEKDAY_RE,
    month_number,
    parse_number,
    weekday_index,
)
from .when_rules import LEADING_REPEAT, RuleMatch, repeat_rule


@dataclass(frozen=True)
class When:
    """Due date/time and repeat rule found in a message (``None`` when absent)."""

    due: str | None = None
    repeat: str | None = None


@dataclass
class _Part:
    start: int
    end: int
    day: date | None = None
    at: time | None = None
    exact: datetime | None = None
    rule: str | None = None
    soft_time: bool = False
    today_if_alone: bool = False
    guessed_pm: bool = False  # "at 6" with no am/pm, read as 18:00


def local_now(now: datetime, tz: str) -> datetime:
    """Return ``now`` as a naive wall-clock time in ``tz`` (naive input is taken as local)."""
    if now.tzinfo is None:
        return now.replace(second=0, microsecond=0)
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def _next_weekday(today: date, index: int, *, allow_today: bool) -> date:
    ahead = (index - today.weekday()) % 7
    if ahead == 0 and not allow_today:
        ahead = 7
    return today + timedelta(days=ahead)


def month_day(today: date, month: int, day: int, year: int | None) -> date | None:
    """That day of ``year``; with no year, this year's while still to come, else next year's."""
    try:
        found = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and found < today:
        found = found.replace(year=found.year + 1)
    return found


def _day_of_month(today: date, day: int) -> date | None:
    for months_ahead in range(0, 13):
        first = today.replace(day=1) + relativedelta(months=months_ahead)
        try:
            found = first.replace(day=day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def _nth_weekday(today: date, nth: int, weekday: int, which: str | None,
                 month_name: str | None) -> date | None:
    """"the first monday of december", "the last friday of next month": the next such day."""
    this_month = today.replace(day=1)
    if month_name:
        first = this_month.replace(month=month_number(month_name))
        months = [first, first + relativedelta(years=1)]
    elif (which or "").lower() == "next":
        months = [this_month + relativedelta(months=1)]
    else:
        months = [this_month, this_month + relativedelta(months=1)]
    for month in months:
        days = [month + timedelta(days=i)
                for i in range(((month + relativedelta(months=1)) - month).days)]
        matching = [d for d in days if d.weekday() == weekday]
        found = matching[-1] if nth == -1 else matching[nth - 1] if nth <= len(matching) else None
        if found is not None and found >= today:
            return found
    return None


def _clock(hour: int, minute: int, meridiem: str | None, *, after_at: bool) -> time | None:
    meridiem = (meridiem or "").replace(".", "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif not meridiem and after_at and 1 <= hour <= 6:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


_UNIT = r"(minute|min|hour|hr|day|week|month|year)s?"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)"
_END = (r"(?=\s*$|\s*[,.;!?#@(]|\s+(?:at|@|in|by|and|with|from|to|for|about|remind|p[1-4]|high"
        r"|low|medium|urgent|morning|afternoon|evening|night|noon|tag|due|every|\d))")


def _scan(text: str, today: date, now: datetime, anchors: list[_Part]) -> list[_Part]:
    """Collect every date and time expression (``anchors``: repeat spans already found)."""
    found: list[_Part] = []

    def add(m: re.Match[str], **values: object) -> None:
        found.append(_Part(m.start(), m.end(), **values))  # type: ignore[arg-type]

    for m in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[tT ](\d{1,2}):(\d{2}))?\b", text):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        add(m, day=day, at=time(int(m[4]), int(m[5])) if m[4] and int(m[4]) < 24 else None)
    for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])", text):
        first, second = int(m[1]), int(m[2])
        month, day = (second, first) if first > 12 else (first, second)
        year = int(m[3]) + (2000 if m[3] and len(m[3]) == 2 else 0) if m[3] else None
        if (day_found := month_day(today, month, day, year)) is not None:
            add(m, day=day_found)
    for m in re.finditer(r"\b(?:the\s+)?(?:day\s+after\s+(tomorrow|tmrw?)|(today|tod|tonight|"
                         r"tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmw|yesterday))\b",
                         text, re.I):
        word = (m[2] or "").lower()
        if m[1]:
            add(m, day=today + timedelta(days=2))
        elif word == "yesterday":
            add(m, day=today - timedelta(days=1))
        elif word in ("today", "tod", "tonight"):
            add(m, day=today, at=PARTS_OF_DAY["night"] if word == "tonight" else None,
                soft_time=word == "tonight")
        else:
            add(m, day=today + timedelta(days=1))
    # "on christmas day", "for halloween"; not "christmas dinner" or "valentine's day with her"
    for m in re.finditer(rf"\b(?:on|for|by|until|till|before|over|at)\s+({HOLIDAY_RE})\b", text,
                         re.I):
        month, day = HOLIDAYS[m[1].lower()]
        if (found_day := month_day(today, month, day, None)) is not None:
            add(m, day=found_day)
    for m in re.finditer(rf"\b(?:the\s+)?(1st|2nd|3rd|4th|first|second|third|fourth|last)\s+"
                         rf"({WEEKDAY_RE})\s+(?:of|in)\s+(?:(this|next|the)\s+month|({MONTH_RE}))\b",
                         text, re.I):
        if (found_day := _nth_weekday(today, ORDINALS[m[1].lower()], weekday_index(m[2]),
                                      m[3], m[4])) is not None:
            add(m, day=found_day)
    for m in re.finditer(r"\b(?:the\s+)?last\s+day\s+of\s+(?:the\s+|this\s+)?month\b", text, re.I):
        add(m, day=today + relativedelta(day=31))
    for m in re.finditer(r"\b(?:eod|cob|end\s+of\s+(?:the\s+)?(?:day|business))\b", text, re.I):
        add(m, today_if_alone=True)
    for m in re.finditer(rf"\b(?:in\s+(?:(half\s+an?\s+hour)|(an?|{NUMBER_RE})\s+{_UNIT})"
                         rf"|(an?|{NUMBER_RE})\s+{_UNIT}\s+(?:from\s+(?:now|today)|later))\b",
                         text, re.I):
        if m[1]:
            add(m, exact=now + timedelta(minutes=30))
            continue
        amount = parse_number(m[2] or m[4])
        unit = (m[3] or m[5]).lower()
        if amount is None or amount > 1000:
            continue
        if unit in ("minute", "min", "hour", "hr"):
            minutes = amount * (60 if unit.startswith("h") else 1)
            add(m, exact=now + timedelta(minutes=minutes))
        else:
            key = {"day": "days", "week": "weeks", "month": "months", "year": "years"}[unit]
            add(m, day=today + relativedelta(**{key: amount}))
    for m in re.finditer(rf"\b(?:{WEEKDAY_RE}),?\s+(?:the\s+)?{_ORD}\b", text, re.I):
        if (found_day := _day_of_month(today, int(m[1]))) is not None:
            add(m, day=found_day)  # "tuesday the 8th": the date says which tuesday
    for m in re.finditer(rf"\b(?:(this|next|coming|upcoming)\s+)?({WEEKDAY_RE})\b\.?", text, re.I):
        word = m[2].lower()
        short = len(word) <= 5 and not word.endswith("day")
        before = text[: m.start()].rstrip().lower()
        tail = text[m.end():]
        if re.match(r"'s\b", tail):
            continue  # "about friday's meeting": the day names the meeting
        if short and not (m[1] or re.search(r"\b(on|by|due|until|till|before|for)$", before)
                          or re.match(r"\s*($|[,.!?]|at\b|@|\d)", tail)):
            continue
        index = weekday_index(word)
        add(m, day=_next_weekday(today, index, allow_today=(m[1] or "").lower() == "this"))
    for m in re.finditer(r"\b(?:(this|next)\s+)?week-?end\b|\bnext\s+(week|month|year)\b"
                         r"|\bend\s+of\s+(?:the\s+)?(week|month|year)\b", text, re.I):
        if m[2] or m[3]:
            unit = (m[2] or m[3]).lower()
            if m[2] and unit == "week":
                day = _next_weekday(today, 0, allow_today=False)
            elif m[2]:
                day = (today + relativedelta(**{unit + "s": 1})).replace(day=1)
                day = day.replace(month=1) if unit == "year" else day
            elif unit == "week":
                day = _next_weekday(today, 4, allow_today=True)
            elif unit == "month":
                day = today + relativedelta(day=31)
            else:
                day = date(today.year, 12, 31)
            add(m, day=day)
        else:
            saturday = _next_weekday(today, 5, allow_today=True)
            if (m[1] or "").lower() == "next" and saturday - today < timedelta(days=2):
                saturday += timedelta(days=7)
            add(m, day=saturday)
    month_year = r"(?:,?\s+(\d{4}))?"
    for m in re.finditer(rf"\b(?:mid[\s-]+({MONTH_RE})|({MONTH_RE})\.?\s+{_ORD}{month_year}"
                         rf"|({MONTH_RE})\.?\s+(\d{{1,2}})(?![\d:])(?!\s*(?:am|pm)\b){month_year}"
                         rf"|(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b"
                         rf"{month_year})\b", text, re.I):
        if m[1]:
            month, day, year = month_number(m[1]), 15, None
        elif m[2]:
            month, day, year = month_number(m[2]), int(m[3]), m[4]
        elif m[5]:
            month, day, year = month_number(m[5]), int(m[6]), m[7]
        else:
            month, day, year = month_number(m[9]), int(m[8]), m[10]
        if (found_day := month_day(today, month, day, int(year) if year else None)) is not None:
            add(m, day=found_day)
    for m in re.finditer(rf"\b(?:(?:on|by|until|till|before|due)\s+(?:the\s+)?|the\s+){_ORD}{_END}",
                         text, re.I):
        if (found_day := _day_of_month(today, int(m[1]))) is not None:
            add(m, day=found_day)
    for m in re.finditer(r"(?:\b(at)\s+|@\s*|\b)(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)"
                         r"(?![a-z])", text, re.I):
        if (clock := _clock(int(m[2]), int(m[3] or 0), m[4], after_at=True)) is not None:
            add(m, at=clock)
    for m in re.finditer(r"(?:\b(at)\s+|@\s*|\b)(\d{1,2}):(\d{2})\b(?!\s*(?:am|pm|a\.m|p\.m))",
                         text, re.I):
        # "2:30" with no am/pm is the afternoon, said with "at" or not
        if (clock := _clock(int(m[2]), int(m[3]), None, after_at=True)) is not None:
            add(m, at=clock, guessed_pm=1 <= int(m[2]) <= 6)
    for m in re.finditer(r"(?:\bat\s+|@\s*)(\d{1,2})\b(?![:/.\-]\d)(?!\s*(?:st|nd|rd|th|%|"
                         r"days?|weeks?|months?|years?|hours?|minutes?)\b)", text, re.I):
        if (clock := _clock(int(m[1]), 0, None, after_at=True)) is not None:
            add(m, at=clock, guessed_pm=1 <= int(m[1]) <= 6)
    for m in re.finditer(r"\b(?:(in\s+the|this|at|by|on|around)\s+)?(morning|afternoon|evening|"
                         r"night|noon|midday|midnight)\b", text, re.I):
        word = m[2].lower()
        if m[1] or word in ("noon", "midday", "midnight") or any(
                p.end <= m.start() and not text[p.end:m.start()].strip()
                for p in found + anchors):
            add(m, at=PARTS_OF_DAY[word], soft_time=True)
    return found


def _choose(parts: list[_Part]) -> list[_Part]:
    """Drop parts that overlap an earlier, longer part."""
    chosen: list[_Part] = []
    for part in sorted(parts, key=lambda p: (-(p.end - p.start), p.start)):
        if all(part.end <= c.start or part.start >= c.end for c in chosen):
            chosen.append(part)
    return sorted(chosen, key=lambda p: p.start)


_LEAD = re.compile(r"(?:\b(?:due(?:\s+date)?(?:\s+(?:on|by|at))?|by|on|for|before|until|till|"
                   r"at|starting|from|of|to)\s*[:,]?\s*)+(?:the\s+)?$", re.I)


def _remove(text: str, parts: list[_Part], *, keep_lead: bool) -> str:
    pieces, last = [], 0
    for part in parts:
        start = part.start
        if not keep_lead and (lead := _LEAD.search(text[last:start])):
            start = last + lead.start()
        pieces.append(text[last:start])
        last = part.end
    pieces.append(text[last:])
    return re.sub(r"\s{2,}", " ", " ".join(p.strip() for p in pieces if p.strip()))


def _first_occurrence(rule: str, start: datetime, after: datetime) -> datetime:
    """The rule's first occurrence from ``start`` that is not before ``after``."""
    if rule.startswith("FREQ=DAILY") and "BY" not in rule and start < after:
        start += timedelta(days=1)
    for occurrence in rrulestr(rule, dtstart=start):
        if occurrence >= after:
            return occurrence
    return start


def extract_when(text: str, now: datetime, *, keep_lead: bool = False) -> tuple[When, str]:
    """Find the due date/time and repeat rule in ``text``.

    Args:
        text: What the user typed (any letter case).
        now: The current wall-clock time in the user's zone (naive).
        keep_lead: Keep words like "on"/"by"/"due" that introduce the date.

    Returns:
        The ``When`` found and the text with the date words removed.
    """
    today = now.date()
    rules = repeat_rule(text, today)
    lead = None if rules else LEADING_REPEAT.match(text)
    if lead:
        rules = [RuleMatch(lead.start(), lead.end(), "FREQ=" + {"nightly": "DAILY"}.get(
            lead[1].lower(), lead[1].upper()))]
    # a rule's time is a part of the day ("every night"): an hour said with it wins
    parts = [_Part(r.start, r.end, day=r.day, at=r.at, rule=r.rule, soft_time=r.at is not None)
             for r in rules]
    masked = text
    for r in rules:
        masked = masked[: r.start] + " " * (r.end - r.start) + masked[r.end:]
    parts = _choose(parts + _scan(masked, today, now, parts))
    if lead and any(p.day for p in parts):
        return extract_when(" " + text, now, keep_lead=keep_lead)  # "weekly report due friday"
    if not parts:
        return When(), text
    rest = _remove(text, parts, keep_lead=keep_lead)
    rule = next((p.rule for p in parts if p.rule), None)
    exact = next((p.exact for p in reversed(parts) if p.exact), None)
    day = next((p.day for p in reversed(parts) if p.day), None)
    timed = [p for p in parts if p.at and not p.soft_time]
    hard = [p.at for p in timed if p.at]
    soft = [p for p in parts if p.at and p.soft_time]
    at = hard[-1] if hard else (soft[-1].at if soft else None)
    if hard and soft and hard[-1].hour < 12 and soft[-1].at and soft[-1].at.hour >= 12:
        at = time(hard[-1].hour + 12, hard[-1].minute)
    elif hard and soft and timed[-1].guessed_pm and soft[-1].at and soft[-1].at.hour < 12:
        at = time(hard[-1].hour - 12, hard[-1].minute)  # "at six every morning": 06:00
    if exact and not day and not at:
        return When(due=exact.strftime("%Y-%m-%dT%H:%M"), repeat=rule), rest
    if rule:
        start = datetime.combine(day or today, at or time())
        # from the day said, or from now: a time of day come this very minute is past
        after = start if day else now + timedelta(minutes=1) if at else datetime.combine(
            today, time())
        first = _first_occurrence(rule, start, after)
        due = first.strftime("%Y-%m-%dT%H:%M") if at else first.date().isoformat()
        return When(due=due, repeat=rule), rest
    if day is None and at is not None:
        day = today if at > now.time() else today + timedelta(days=1)
    if day is None and any(p.today_if_alone for p in parts):
        day = today
    if day is None:
        return When(), rest
    if at is None:
        return When(due=day.isoformat()), rest
    return When(due=datetime.combine(day, at).strftime("%Y-%m-%dT%H:%M")), rest


def says_only_when(text: str) -> bool:
    """True when ``text`` is nothing but date and time words ("on the 15th", "tomorrow at 9")."""
    when, rest = extract_when(text, datetime(2000, 1, 1))
    return bool(when.due or when.repeat) and not rest.strip()


__all__ = ["DAY_CODES", "When", "extract_when", "local_now", "says_only_when"]
