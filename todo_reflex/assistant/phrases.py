"""Tidy what the user typed before intent detection: politeness, punctuation, quotes."""

from __future__ import annotations

import re

from .spoken import from_speech
from .typos import fix_typos

COMMAND_VERBS = (
    r"add|create|make|new|put|remind|schedule|show|list|display|view|find|search|look|delete|"
    r"remove|drop|erase|cancel|complete|finish|mark|check|tick|cross|close|reopen|uncomplete|"
    r"undo|rename|move|reschedule|postpone|push|delay|set|change|update|edit|tag|label|untag|"
    r"clear|get|give|tell|note|write|jot|prioriti[sz]e|deprioriti[sz]e|raise|lower|bump|snooze|"
    r"remember|undo|revert"
)
_LEAD = re.compile(
    r"^(?:(?:hey|hi|hello|ok(?:ay)?|ok\s+so|so|well|yo|um+|uh+|please|pls|plz|kindly|now|also|"
    r"and|then|oh|alright|right)\b[\s,!.:]*)+", re.I)
_ASK = re.compile(
    rf"^(?:(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|plz\s+)?|i\s+(?:want|need|would\s+like|'d\s+"
    # "i need to finish my essay", "... drop off the parcel": a to-do of mine, not a command
    rf"like|d\s+like)\s+(?:you\s+to\s+|to\s+(?!finish\b|complete\b|drop\s+off\b))|i'?d\s+like\s+to\s+|let'?s\s+|"
    rf"go\s+ahead\s+and\s+|"
    rf"help\s+me\s+|please\s+)(?=(?:{COMMAND_VERBS})\b)", re.I)
_TRAIL = re.compile(r"(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|for\s+me|thx|ty))+\s*[.!?]*$"
                    r"|\s*[.!?]+$", re.I)


def tidy(text: str) -> str:
    """Collapse whitespace and drop greetings/politeness around a command."""
    text = fix_typos(from_speech(" ".join(text.replace("’", "'").split())))
    previous = None
    while previous != text:
        previous = text
        stripped = _LEAD.sub("", text)
        if stripped:
            text = stripped
        text = _ASK.sub("", text)
        text = _TRAIL.sub("", text).strip()
    return text


def unquote(text: str) -> str:
    """Strip surrounding quotes and stray separators from a phrase."""
    return text.strip().strip("\"'“”‘’`").strip(" ,;:-").strip()
