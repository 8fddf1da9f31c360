"""Reminders said in words: "remind me 30 minutes before", "the night before at 8pm".

``read_reminder`` takes the reminder clause out of a message and returns what it asks for
(an ``Ask``); ``rules_for`` turns an ask and a due value into the rules the MCP tools take
(``-PT30M``, ``-P1D``, ``2026-12-07T20:00``; see ``todo_reflex/core/reminders.py``). A plain
"remind me" with a due time is a reminder at the due time (``-PT0M``); a date-only task's
offsets count from 09:00 that day, as the core does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from todo_reflex.core.display import describe_due
from todo_reflex.core.reminders import ALL_DAY_HOUR, canonical_offset

from .vocabulary import NUMBER_RE, PARTS_OF_DAY, parse_number

__all__ = ["AT_DUE", "Ask", "fire_at", "read_reminder", "reminder_words", "rules_for", "rules_of",
           "says_remind"]


@dataclass(frozen=True)
class Ask:
    """What a reminder clause asks for.

    Attributes:
        before: An offset before the due time (``timedelta(0)``: at the due time).
        days_before: With ``at``: that many days before the due day.
        at: A wall-clock time (``"20:00"``) on the due day, or ``days_before`` days earlier.
    """

    before: timedelta | None = None
    days_before: int = 0
    at: str | None = None

    def rule(self, due: str | None) -> str | None:
        """The rule for a task due ``due``; None when it needs a due date and there is none."""
        if self.at is None:
            return canonical_offset(self.before or timedelta(0))
        if not due:
            return None
        day = date.fromisoformat(due[:10]) - timedelta(days=self.days_before)
        return f"{day.isoformat()}T{self.at}"


AT_DUE = Ask(before=timedelta(0))

_CLOCK = r"\d{1,2}(?::\d\d)?\s*(?:am|pm)?|noon|midday|midnight"
_LONG_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)\b"
_UNIT = rf"(?:{_LONG_UNIT}|[mhdw]\b)"
_WORD_COUNT = rf"(?:(?:a\s+)?(?:couple|few)(?:\s+of)?|{NUMBER_RE})"
# "30 minutes", "30m", "an hour and a half", "a couple of hours" (a letter unit only after digits)
_PIECE = (rf"(?:\d+(?:\.\d+)?[\s-]*{_UNIT}|{_WORD_COUNT}\s+{_LONG_UNIT})"
          r"(?:\s+and\s+a\s+half)?")
_AMOUNT = (rf"(?P<amount>half\s+an?\s+hour|{_PIECE}(?:\s*(?:,|and)?\s*{_PIECE})?"
           r"|(?:the|a|one|1)\s+(?P<part>day|night|evening|morning|afternoon))")
_BEFORE = (r"\s+(?:before(?:hand)?|ahead\s+of(?!\s+time)(?=\s+\w)|prior\s+to(?=\s+\w)|"
           r"ahead(?:\s+of\s+time)?|earlier|prior|in\s+advance)"
           r"(?:\s+(?:it|that|then|the\s+(?:due\s+time|deadline|start|time)|(?:it|that)\s+"
           r"(?:starts|begins|is\s+due)))?")
# the words that ask for a reminder: "remind me", "with a reminder", "and set a reminder"
_ASKING = (r"(?:please\s+)?(?:remind\s+me|alert\s+me|notify\s+me|ping\s+me|with\s+(?:a\s+)?"
           r"(?:reminder|alert|notification)|(?:set|add|make|create|give\s+me|send\s+me)\s+"
           r"(?:a\s+|the\s+)?(?:reminder|alert|notification))")
_LEAD = (rf"(?P<lead>(?:^|,\s*|\s+)(?:(?:and|then)\s+)?(?:{_ASKING}|(?:a\s+)?reminder)"
         r"(?:\s+(?:to|for))?\s+|^|,\s*|\s+)")
_OFFSET = re.compile(
    rf"{_LEAD}(?:(?:at|around)\s+(?P<clock0>{_CLOCK})\s+)?{_AMOUNT}{_BEFORE}"
    rf"(?P<clockpart>\s+(?:at|around)\s+(?P<clock>{_CLOCK}))?(?=\s*$|\s*[,;]|\s+(?!at\b)\S)",
    re.I)
# "a 30 minute reminder", "with a 15-minute alert": that long before
_SIZED = re.compile(
    r"(?P<lead>(?:^|,\s*|\s+)(?:(?:and|with|then)\s+)?(?:(?:add|set|make|create|give\s+me|put)"
    rf"\s+)?(?:an?\s+)?)(?P<amount>{_PIECE})[\s-]+(?:reminder|alert|notification)"
    r"(?:\s+before(?:hand)?)?(?=\s*$|\s*[,;]|\s+(?:to|on|for|about)\b)", re.I)
# "the morning of", "on the day": on the due day itself
_DAY_OF = re.compile(
    rf"{_LEAD}(?:(?:in\s+)?the\s+(?P<part>morning|afternoon|evening|day)\s+of(?:\s+it)?|on\s+the"
    rf"\s+day)(?:\s+(?:at|around)\s+(?P<clock>{_CLOCK}))?(?=\s*$|\s*[,;])", re.I)
# "remind me at 1pm" after a due time: that time on the due day
_AT_CLOCK = re.compile(rf"(?:,\s*|\s+)(?:(?:and|then)\s+)?{_ASKING}\s+(?:at|around)\s+"
                       rf"(?P<clock>{_CLOCK})(?:\s+(?:that|the\s+same)\s+day|\s+on\s+the\s+day)?"
                       r"(?=\s*$|\s*[,;])", re.I)
# "..., remind me", "with a reminder": at the due time
_AT_DUE = re.compile(rf"(?:,\s*|\s+)(?:(?:and|then)\s+)?{_ASKING}(?:\s+(?:on\s+time|at\s+the\s+"
                     r"(?:due\s+)?time|when\s+it'?s\s+due|then))?(?=\s*$|\s*[,;])", re.I)
_REMIND_WORD = re.compile(r"\bremind(?:ed|ing)?\b|\breminder\b(?!\s+list)|\b(?:alert|notify|ping)"
                          r"\s+me\b", re.I)


def says_remind(text: str) -> bool:
    """Whether ``text`` asks to be reminded ("remind me", "set a reminder"; not "reminders")."""
    return bool(_REMIND_WORD.search(text))


def _hours(word: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    number = parse_number(word)
    return float(number) if number is not None else None


def _amount(text: str) -> timedelta | None:
    """``30 minutes``, ``an hour and a half``, ``2 hours 15 minutes`` as a duration."""
    text = text.lower()
    if re.fullmatch(r"half\s+an?\s+hour", text):
        return timedelta(minutes=30)
    total = timedelta(0)
    for m in _PIECES.finditer(text):
        count = _hours(m["vague"] or m["n"] or m["word"])
        if count is None:
            return None
        unit = m["unit"][0]
        size = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
                "w": timedelta(weeks=1)}[unit]
        total += size * (count + (0.5 if m["half"] else 0))
    return total if total else None


_PIECES = re.compile(rf"(?:(?:a\s+)?(?P<vague>couple|few)(?:\s+of)?\s+|(?P<n>\d+(?:\.\d+)?)"
                     rf"[\s-]*|(?P<word>{NUMBER_RE})\s+)(?P<unit>{_UNIT})"
                     r"(?P<half>\s+and\s+a\s+half)?")


def _clock(text: str | None, part: str | None) -> str | None:
    """``8pm`` -> ``20:00``; a bare ``8`` the night before is 20:00, the day before 08:00.

    A bare 1 to 6 is in the afternoon (the due-time grammar reads "at 3" so), except in the
    morning.
    """
    if not text:
        return None
    text = text.lower().replace(" ", "")
    if text in ("noon", "midday", "midnight"):
        return PARTS_OF_DAY[text].strftime("%H:%M")
    m = re.fullmatch(r"(\d{1,2})(?::(\d\d))?(am|pm)?", text)
    if m is None:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59 or (m[3] and not 1 <= hour <= 12):
        return None
    if m[3]:
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
    elif part != "morning" and (part in ("afternoon", "evening", "night") and hour < 12
                                or 1 <= hour <= 6):
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _part_time(part: str) -> str:
    return PARTS_OF_DAY.get(part, time(ALL_DAY_HOUR)).strftime("%H:%M")


def _offset_ask(m: re.Match[str]) -> Ask | None:
    part = (m["part"] or "").lower()
    clock = m["clock"] or m["clock0"]
    if part:
        if part == "day" and not clock:
            return Ask(before=timedelta(days=1))
        at = _clock(clock, part) if clock else _part_time(part)
        return Ask(days_before=1, at=at) if at else None
    amount = _amount(m["amount"])
    if amount is None:
        return None
    if clock:  # "two days before at 9": a wall-clock time that many days before
        at = _clock(clock, None)
        days = amount.days
        return Ask(days_before=days, at=at) if at and days and amount == timedelta(days) \
            else None
    return Ask(before=amount)


def read_reminder(text: str, *, remind: bool = False) -> tuple[Ask | None, str]:
    """The reminder a message asks for, and the message without its reminder words.

    Args:
        text: The words of an add ("dentist friday 3pm remind me 30 minutes before").
        remind: Whether the message as a whole asked to be reminded ("remind me to ...");
            then an offset needs no reminder word of its own ("45 minutes before the gym").

    Returns:
        The ask (None when no reminder was asked for) and the rest of the text.
    """
    for m in _OFFSET.finditer(text):
        if not m["lead"].strip(" ,") and not (remind and (m.start() == 0 or m.end() == len(text))):
            continue  # "arrive 30 minutes before the show": part of the title
        if (ask := _offset_ask(m)) is not None:
            return ask, _cut(text, m)
        if m["clock"] and (ask := Ask(before=_amount(m["amount"]))).before:
            # "15 minutes before at 6pm": the time is the due time's
            return ask, f"{text[:m.start()]} {text[m.start('clockpart'):]}".strip(" ,")
    if (m := _SIZED.search(text)) and (amount := _amount(m["amount"])):
        return Ask(before=amount), _cut(text, m)
    if (m := _DAY_OF.search(text)) and (m["lead"].strip(" ,") or remind):
        part = (m["part"] or "day").lower()
        clock = _clock(m["clock"], part) if m["clock"] else _part_time(part)
        if clock:
            return Ask(at=clock), _cut(text, m)
    if (m := _AT_CLOCK.search(text)) and (at := _clock(m["clock"], None)):
        return Ask(at=at), _cut(text, m)
    if m := _AT_DUE.search(text):
        return AT_DUE, _cut(text, m)
    return (AT_DUE if remind else None), text


def _cut(text: str, m: re.Match[str]) -> str:
    return f"{text[:m.start()]} {text[m.end():]}".strip(" ,")


def rules_for(ask: Ask | None, due: str | None) -> list[str]:
    """The ``reminders`` argument for a task due ``due`` (empty when none can be set).

    A reminder at the due time needs a due date; an offset with no due date is still
    returned, so the caller can ask when the task is due.
    """
    if ask is None or (ask == AT_DUE and not due):
        return []
    rule = ask.rule(due)
    return [rule] if rule else []


def fire_at(rule: str, due: str | None) -> datetime | None:
    """The local wall-clock time a rule fires for a task due ``due`` (None: it cannot)."""
    if rule[:1] != "-":
        return datetime.fromisoformat(rule)
    if not due:
        return None
    anchor = (datetime.fromisoformat(due) if "T" in due
              else datetime.combine(date.fromisoformat(due), time(ALL_DAY_HOUR)))
    m = re.fullmatch(r"-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", rule)
    if m is None:
        return None
    days, hours, minutes = (int(g or 0) for g in m.groups())
    return anchor - timedelta(days=days, hours=hours, minutes=minutes)


def rules_of(task: dict[str, Any] | None) -> list[str]:
    """The rules a task has now (as tools return them: ``{"rule": ..., "at": ...}``)."""
    return [str(r["rule"] if isinstance(r, dict) else r)
            for r in (task or {}).get("reminders") or []
            if isinstance(r, str) or (isinstance(r, dict) and r.get("rule"))]


def _before_words(rule: str) -> str:
    """``-PT1H30M`` -> ``1 h 30 min before``."""
    m = re.fullmatch(r"-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", rule)
    if m is None:
        return rule
    days, hours, minutes = (int(g or 0) for g in m.groups())
    bits = [f"{days} day{'s' if days != 1 else ''}" if days else "",
            f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    said = " ".join(b for b in bits if b)
    return f"{said} before" if said else "at the due time"


def reminder_words(rules: list[str], due: str | None, now: datetime | None = None) -> str:
    """``reminder 14:30`` (on the due day), ``reminder Thu 26 Nov, 20:00``; ``""`` for none.

    A rule is a rule the tools take or the local time a reminder fires (``2026-11-26T14:30``).
    """
    said = []
    for rule in rules:
        at = fire_at(rule, due)
        if at is None:
            said.append(_before_words(rule))
        elif due and at.date().isoformat() == due[:10]:
            said.append(at.strftime("%H:%M"))
        else:
            said.append(describe_due(at.strftime("%Y-%m-%dT%H:%M"), style="chat", now=now))
    if not said:
        return ""
    return ("reminder " if len(said) == 1 else "reminders ") + ", ".join(said)
