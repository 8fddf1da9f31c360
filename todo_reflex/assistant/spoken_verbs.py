"""Spoken verbs for the core commands, and commands said in another order.

People say "stick batteries on my list", "pencil in coffee with anna", "scratch apples from
the grocery list", "i need to buy coffee add it to the list", "shopping list add soap" and
"on the 12th renew the car tax". ``plain_verbs`` rewrites such messages to the verbs and order
the grammars read (put, add, remove, move; the to-do before its day), before the clause rules
of ``spoken`` run. Each rule needs its command's whole shape (a list after "stick ... on", a
"from" after "scratch", only a day before the verb), so a sentence about something else keeps
its words.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import says_only_when
from .vocabulary import TASK_VERBS

_PERIOD = {"day": "today", "week": "this week", "weekend": "this weekend", "month": "this month"}


def _looks_like(m: re.Match[str]) -> str:
    """"how does my week look" -> this week; "... my day look like tomorrow": the day said."""
    if m.string[m.end():].strip():
        return "what's on my schedule"
    return f"what's on my schedule {_PERIOD[m['part'].lower()]}"


_A_LIST = r"(?:my|the|our|a)\s+(?:[\w'-]+\s+){0,3}list\b"
_VERB_RULES: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p, re.I), r) for p, r in (
        # "stick / pop / chuck batteries on my shopping list": put them there
        (rf"^(?:stick|pop|chuck|throw|slap)\s+(?=.+\s(?:on|onto|in|into|to)\s+{_A_LIST})", "put "),
        # "set remind for pay bills": the reminder said short
        (r"^(?:set|create|make|add)\s+(?:a\s+|an?\s+)?remind\s+(?=(?:for|to|about|on|at)\s)",
         "set a reminder "),
        # "in my shopping list add soap", "shopping list add toilet paper": the list said first
        (r"^(?:(?:in|on|to|into)\s+)?(?:(?P<whose>my|the|our)\s+)?(?!(?:my|the|our|a)\b)"
         r"(?P<name>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+list[\s,:]+(?:please\s+)?(?:add|put)\s+"
         r"(?P<what>.+)$",
         lambda m: f"add {m['what']} to {m['whose'] or 'my'} {m['name']} list"),
        # "clear tomorrow", "wipe friday": clear that day on the calendar (a yes is asked first)
        (r"^(?:clear|wipe|empty|free\s+up)\s+(?:out\s+)?(?:all\s+of\s+)?(?:my\s+)?(?=(?:today|tonight|"
         r"tomorrow|this\s+weekend|(?:this\s+|next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)$)",
         "clear my calendar "),
        # "put a dentist appointment in for the 4th": "in" belongs to "put in", not the title
        (r"^(?:put|book|pencil)\s+(?P<what>(?:a|an|my)\s+(?!(?:note|reminder|task|word|request|"
         r"order|call)\b).+?)\s+in\s+(?=(?:for|on|at)\s)",
         r"add \g<what> "),
        # "pencil in coffee with anna", "slot in a call", "fit in a workout", "put me down for
        # the yoga class", "save the date for the wedding": a calendar entry
        (r"^(?:pencil|slot|fit|squeeze|book)\s+(?:me\s+)?in\s+(?:for\s+)?|^put\s+me\s+down\s+for\s+|"
         r"^save\s+the\s+date\s+(?:for\s+)?", "add "),
        # "get the team lunch on the calendar": put it there
        (r"^get\s+(?=.+\s(?:on|in|into|onto)\s+(?:my|the)\s+(?:calendar|schedule|diary|list)\b)",
         "put "),
        # "scratch apples from my grocery list" ("cross off"/"cross out" have rules of their own)
        (r"^(?:scratch|strike|cross)\s+(?!off\b|out\b)(?=.+\s(?:from|off)\s)", "remove "),
        # "note that i have a haircut on saturday", "write down that i need to call X": to remember
        (r"^(?:(?:make\s+a\s+)?note(?:\s+down)?|(?:write|jot)\s+down)\s+that\s+"
         r"(?!(?:down|it|this|one)\s*$)(?=\w)",
         "remember that "),
        # "push the report back to monday": moved to that day
        (r"^(?:push|move|put|bump)\s+(?P<what>.+?)\s+back\s+(?=(?:to|until|till)\s)",
         r"move \g<what> "),
        # "i need to buy coffee add it to the grocery list": "it" is what is to be bought
        (r"^(?:i|we)\s+(?:need|have|want)\s+to\s+(?:buy|get|pick\s+up|order)\s+(?:some\s+|more\s+)?"
         r"(?P<what>[a-z][a-z' -]*?)[\s,]+(?:so\s+)?(?:please\s+)?(?:add|put)\s+"
         r"(?:it|that|them|those)\b",
         r"add \g<what>"),
        # "i must remember to send flowers": the reminder asked for, not a task called "remember"
        (r"^(?:i|we)\s+(?:must|should|have\s+to|need\s+to|got\s+to|gotta)\s+(?:remember|not\s+"
         r"forget)\s+to\s+", "remember to "),
        # "how does my week look", "what does my day look like": what is on in that time
        (r"^(?:what\s+does|how\s+does|how\s+is|how'?s)\s+my\s+(?P<part>day|week|weekend|month)\s+"
         r"look(?:ing)?(?:\s+like)?\b", _looks_like),
    ))


# "on february 14th make dinner reservations": the day first, then the to-do
_DAY_FIRST = re.compile(r"^(?P<when>(?:on|this|next|tomorrow|today|tonight)\b.+?)[\s,]+"
                        rf"(?P<what>(?:{'|'.join(sorted(TASK_VERBS))})\s.+)$", re.I)


def _day_first(text: str) -> str:
    """The to-do, then its day, when the words before the verb say only a day."""
    m = _DAY_FIRST.match(text)
    return f"{m['what']} {m['when']}" if m and says_only_when(m["when"]) else text


def plain_verbs(text: str) -> str:
    """"stick eggs on my list" -> "put eggs on my list" (see the module docstring)."""
    for pattern, replacement in _VERB_RULES:
        text = pattern.sub(replacement, text).strip()
    return _day_first(text)
