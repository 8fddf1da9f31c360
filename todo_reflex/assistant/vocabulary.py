"""The vocabulary every grammar shares: weekdays, months, numbers and the verbs of actions."""

from __future__ import annotations

import re
from datetime import time

PARTS_OF_DAY = {"morning": time(9), "afternoon": time(12), "evening": time(19),
                "night": time(22), "tonight": time(22), "noon": time(12), "midday": time(12),
                "midnight": time(23, 59)}
"""The clock time a part of the day stands for ("tomorrow morning" is 09:00)."""

HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
            "new year's eve": (12, 31), "new years eve": (12, 31), "new year's day": (1, 1),
            "new years day": (1, 1), "valentine's day": (2, 14), "valentines day": (2, 14),
            "halloween": (10, 31), "independence day": (7, 4), "the fourth of july": (7, 4)}
"""Holidays on a fixed day: (month, day)."""
HOLIDAY_RE = "|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True))

# lists people name with no "list" after them ("add tomatoes to grocery")
LIST_NOUNS = ("grocery", "groceries", "shopping", "chores", "errands", "packing", "wishlist")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_FORMS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "weds": 2, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
WEEKDAY_RE = "|".join(sorted(_WEEKDAY_FORMS, key=len, reverse=True))
WEEKDAY_PLURAL_RE = "|".join(f"{w}s?" for w in sorted(_WEEKDAY_FORMS, key=len, reverse=True))

_MONTH_FORMS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
MONTH_RE = "|".join(sorted(_MONTH_FORMS, key=len, reverse=True))

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3,
}
NUMBER_RE = r"\d{1,4}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1, "top": 1,
}


def weekday_index(word: str) -> int:
    """Return 0 for Monday ... 6 for Sunday from any spelling ("thurs", "Fridays")."""
    word = word.lower().rstrip(".")
    return _WEEKDAY_FORMS.get(word, _WEEKDAY_FORMS.get(word.removesuffix("s"), 0))


def month_number(word: str) -> int:
    """Return 1..12 for a month name or abbreviation."""
    return _MONTH_FORMS[word.lower().rstrip(".")]


def parse_number(word: str | None) -> int | None:
    """Return the integer for "3", "three" or "a"; None if it is not a number."""
    if not word:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)

# Verbs a to-do starts with ("buy eggs", "call the bank")
TASK_VERBS = frozenset(
    {
        "buy", "call", "email", "pay", "fix", "clean", "book", "send", "write", "read", "pick",
        "get", "take", "walk", "feed", "water", "wash", "cook", "make", "finish", "submit",
        "review", "check", "order", "return", "cancel", "renew", "schedule", "text", "ring",
        "visit", "meet", "prepare", "plan", "print", "file", "update", "vacuum", "mow", "empty",
        "do", "go", "bring", "drop", "sign", "study", "practice", "learn", "organize", "organise",
        "clear", "sort", "reply", "respond", "contact", "ask", "tell", "follow", "post", "ship",
        "mail", "charge", "repair", "replace", "install", "backup", "grab", "collect", "pack",
        "unpack", "iron", "fold", "dust", "mop", "sweep",
    }
)

# Verbs: each names an action on tasks; the grammars build their patterns from these.
DELETE_VERBS = (r"delete|remove|drop|erase|trash|discard|get\s+rid\s+of|scrap|nuke|cancel|"
                r"forget\s+about|forget|kill|del|rm|ditch|throw\s+away|throw\s+out|toss|bin")
COMPLETE_VERBS = (r"complete|finish|finished|done\s+with|check\s+off|tick\s+off|cross\s+off|"
                  r"mark\s+off|close|resolve|tick|accomplish")
REOPEN_VERBS = (r"reopen|re-open|uncomplete|un-complete|unfinish|undo|unmark|restore|uncheck|"
                r"untick|reactivate|revive|resume")
MOVE_VERBS = (r"move|reschedule|re-schedule|postpone|push(?:\s+back)?|delay|defer|shift|bump|"
              r"snooze|put\s+off|bring\s+forward|pull\s+forward|pull\s+in")
BULK_VERBS = {
    "delete": DELETE_VERBS + r"|clear(?:\s+out)?|clean\s+up|purge|wipe(?:\s+out)?|empty",
    "reopen": REOPEN_VERBS.replace("undo|", ""),
    "complete": COMPLETE_VERBS + r"|mark|check|set|tick",
    "move": MOVE_VERBS,
}
# Words that make the rest of a command a group of tasks rather than one task
QUANTIFIER = re.compile(
    r"^(?:all|every|everything|each|anything)\b|^(?:my|the)\s+(?:whole|entire)\b|"
    r"^(?:(?:all\s+)?(?:my|the)\s+)?(?:completed|done|finished|overdue|old)\b|"
    r"^(?:my\s+)?(?:list|todo\s+list|to-do\s+list|tasks)$", re.I)
