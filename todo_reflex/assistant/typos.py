"""Forgive one slip in the words that steer a command.

A missing letter or two swapped letters in the first word ("delte", "complte"), in a day word
anywhere ("tomorow", "wendesday") and in a last status word ("as compelte").

Only deletions and swaps are forgiven, and only for long words, so real words one letter away
("how"/"show", "remote"/"remove", "crate"/"create") are never rewritten.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocabulary import WEEKDAYS

_COMMANDS = ("delete", "remove", "complete", "finish", "reschedule", "rename", "postpone",
             "create", "reopen", "update", "change", "search", "cancel", "prioritize", "mark",
             "show", "list", "move", "add", "bring")
_DAYS = ("tomorrow", "today", "tonight", "yesterday", *WEEKDAYS, "weekend", "overdue",
         "priority", "upcoming")
_STATUS = ("complete", "completed", "finished", "done")
_KNOWN_SLIPS = {"ad": "add", "tommorow": "tomorrow", "tommorrow": "tomorrow",
                "2morrow": "tomorrow", "2moro": "tomorrow", "wensday": "wednesday",
                "wednsday": "wednesday", "tmr": "tomorrow", "tdy": "today"}
# real words one slip away from a target: never corrected
_REAL = frozenset({"crate", "compete", "frida", "toady", "chane", "remain", "reopn", "moday",
                   "finis", "lis", "mar", "sow", "how", "hange", "dome", "doe", "don", "one",
                   "ring", "brig"})


def _slips(word: str) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    return {w for w in out if w != word and len(w) >= 4} - _REAL


def _table(words: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for word in words:
        if len(word) >= 5:
            for slip in _slips(word):
                table.setdefault(slip, word)
    return {k: v for k, v in table.items() if k not in words}


_FIRST = _table(_COMMANDS)
_ANY = _table(_DAYS)
_LAST = _table(_STATUS)
_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4096)
def fix_typos(text: str) -> str:
    """Return ``text`` with slips in its steering words corrected."""
    words = text.split(" ")
    if not words or not words[0]:
        return text
    for i, raw in enumerate(words):
        m = _WORD.fullmatch(raw.rstrip(".,!?:;"))
        if not m:
            continue
        low = m[0].lower()
        fixed = _ANY.get(low)
        if i == 0:
            fixed = fixed or _FIRST.get(low) or _KNOWN_SLIPS.get(low)
        elif low != "ad":  # "ad" is a word except in a command's first place
            fixed = fixed or _KNOWN_SLIPS.get(low)
        if i == len(words) - 1:
            fixed = fixed or _LAST.get(low)
        if fixed:
            words[i] = fixed + raw[len(m[0]):]
    return " ".join(words)
