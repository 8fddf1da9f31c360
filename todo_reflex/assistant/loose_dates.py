"""A forgiving date parser (dateparser) for phrases already known to be dates.

Used only where a date is expected ("move X to <phrase>"), never to find dates inside task
titles, so words like "march" or "may" in a title are never taken for dates.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from functools import lru_cache


@lru_cache(maxsize=512)
def parse_loose(phrase: str, now: datetime) -> str | None:
    """Parse ``phrase`` ("the 3rd of next month", "Dec 10th 2027") relative to ``now``.

    Returns:
        ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (when a time was given), or None.
    """
    phrase = phrase.strip()
    if not phrase or len(phrase) > 60 or not any(c.isalnum() for c in phrase) or phrase.isdigit():
        return None  # a bare number is no date (dateparser reads "4" as April)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

        settings = {"RELATIVE_BASE": now, "PREFER_DATES_FROM": "future",
                    "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
        try:
            found = dateparser.parse(phrase, languages=["en"], settings=settings)
        except (ValueError, OverflowError, TypeError, KeyError):
            return None
    if found is None:
        return None
    if (found.hour, found.minute) == (now.hour, now.minute) or (found.hour, found.minute) == (0, 0):
        return found.date().isoformat()
    return found.strftime("%Y-%m-%dT%H:%M")
