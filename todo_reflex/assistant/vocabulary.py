"""Word lists shared by the date, repeat and slot grammars: weekdays, months, numbers."""

from __future__ import annotations

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
