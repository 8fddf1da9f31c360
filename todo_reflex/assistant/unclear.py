"""Requests that name nothing to act on: asked about, never guessed.

"when is the event" (which one?), "tell me the list about" (about what?), "what is on this
list" (which list?), "check item five" (tick it off, or look at it?), "how can i remove an
item" (a question about the assistant, not a command): each gets a question back and no call.
"""

from __future__ import annotations

import re

from .models import Plan
from .replies import HELP
from .turn import Turn

# a thing asked about by a calendar word alone: no title says only "event"
_BARE_THING = re.compile(
    r"^(?:when|what\s+time|what\s+day)\s+(?:is|was|will\s+be|'s)\s+(?:the|that|this|my)\s+"
    r"(?:event|item|entry|reminder|task|thing|one)$", re.I)
# a search word with nothing after it
_DANGLING = re.compile(r"\b(?:about|regarding|concerning|called|named|titled|containing|"
                       r"mentioning|matching)$", re.I)
# "this list" with no list named before it
_THIS_LIST = re.compile(r"\b(?:this|that)\s+(?:specific\s+|particular\s+|same\s+)?list\b", re.I)
# "check item five", "check the 3rd item": tick it, or show it?
_CHECK_ITEM = re.compile(r"^check\s+(?:the\s+)?(?:(?:\d+(?:st|nd|rd|th)|first|second|third|"
                         r"last)\s+(?:item|task|one|entry)|(?:item|task)\s*#?\d+)\b"
                         r"(?!.*\b(?:off|done|complete|completed|finished)\b)", re.I)
# "how can i remove an item", "tell me how to add a task": how to use the assistant
_HOW_TO = re.compile(r"^(?:(?:tell|show)\s+me\s+)?how\s+(?:(?:do|can|could|should|would)\s+i|"
                     r"to)\s+(?:add|remove|delete|create|make|change|edit|mark|complete|clear|"
                     r"move|set|use|put|cancel|rename|tag)\b", re.I)


def ask_what_is_meant(turn: Turn) -> Plan | None:
    """A question back for a request that names nothing it could act on; None otherwise."""
    t = turn.text
    if _HOW_TO.match(t):
        return turn.plan(reply=HELP)
    if _BARE_THING.match(t):
        return turn.plan(needs="clarification",
                         reply="Which one do you mean? Say its name, e.g. “when is the dentist "
                               "appointment”.")
    if _DANGLING.search(t):
        return turn.plan(needs="clarification",
                         reply="About what? Say a word from the task, e.g. “show tasks about "
                               "rent”.")
    if _THIS_LIST.search(t) and not turn.context.get("last_listed"):
        return turn.plan(needs="clarification",
                         reply="Which list? Lists are tags here, e.g. “show my grocery list”.")
    if _CHECK_ITEM.match(t):
        return turn.plan(needs="clarification",
                         reply="Should I tick it off, or show it? Say “mark it done” or “show "
                               "my list”.")
    return None
