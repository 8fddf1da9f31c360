"""Small talk and answers to confirmations: the parts of a chat that are not one command."""

from __future__ import annotations

import re
from typing import Any

from .bulk import run_pending
from .listing import filter_tasks, is_list_request
from .models import Plan, ToolCall
from .replies import GREETING, HELP, THANKS
from .turn import Turn

YES = re.compile(r"^(?:y|yes|yeah|yea|yep|yup|sure|ok|okay|k|confirm(?:ed)?|do\s+it|go\s+ahead|"
                 r"go\s+for\s+it|please\s+do|proceed|absolutely|correct|affirmative|of\s+course|"
                 r"yes\s+please|do\s+it\s+now|delete\s+them|that'?s\s+right|sounds\s+good)\b"
                 r"(?!.*\b(?:not|don'?t|no)\b)", re.I)
NO = re.compile(r"^(?:n|no|nope|nah|cancel|stop|abort|never\s*mind|nevermind|don'?t|do\s+not|"
                r"keep\s+(?:them|it)|not\s+now|forget\s+it|wait)\b", re.I)
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|howdy|yo|good\s+(?:morning|afternoon|evening)|"
                       r"greetings|sup|what'?s\s+up)(?:\s+(?:there|assistant|bot|buddy|friend))?"
                       r"[\s!.,]*$", re.I)
_THANKS = re.compile(r"^(?:thanks|thank\s+you|thx|ty|cheers|great|awesome|perfect|nice|cool|"
                     r"ok\s+thanks|got\s+it|bye|goodbye|see\s+you)(?:\s+(?:so\s+much|a\s+lot|"
                     r"very\s+much|again))?[\s!.,]*$", re.I)
_HELP = re.compile(r"^(?:help|\?|commands|menu|options|how\s+does\s+(?:this|it)\s+work|"
                   r"what\s+(?:can|do|should)\s+(?:you|i)\s+(?:do|say|ask|type)(?:\s+here)?|"
                   r"how\s+(?:do|can)\s+i\s+use\s+(?:this|you|it)|what\s+are\s+you|who\s+are\s+you|"
                   r"how\s+do\s+you\s+work|what\s+is\s+this|examples?|help\s+me|i\s+need\s+help|"
                   r"i\s+(?:have|'ve\s+got|got)\s+a\s+(?:question|query|doubt)|can\s+i\s+ask\s+"
                   r"(?:you\s+)?(?:something|a\s+question))"
                   r"\b.*$", re.I)
def small_talk(raw: str) -> Plan | None:
    """Answer greetings, thanks and requests for help without a tool call."""
    text = " ".join(raw.split()).strip()
    if not text:
        return Plan(reply=HELP)
    if _GREETING.match(text):
        return Plan(reply=GREETING)
    if _THANKS.match(text):
        return Plan(reply=THANKS)
    if _HELP.match(text.rstrip("?!. ")) and not is_list_request(text.rstrip("?!. ")):
        return Plan(reply=HELP)
    return None


def _victims(spec: dict[str, Any], turn: Turn) -> list[dict[str, Any]]:
    """The tasks a bulk spec names now: listed ids that still exist, or a filter's matches."""
    ids = spec.get("ids")
    if ids is not None:
        listed = turn.tasks.many(i for i in ids if isinstance(i, int))
        order = {t["id"]: n for n, t in enumerate(turn.tasks.known())}
        listed.sort(key=lambda t: order[t["id"]])
        return filter_tasks(listed, spec.get("filter") or {}, turn.now)
    return turn.tasks.matching(spec.get("filter") or {}, turn.now, filter_tasks)


def answer_pending(turn: Turn) -> Plan | None:
    """Handle the reply to a confirmation prompt; None when the message is something else."""
    pending = turn.context.get("pending")
    if not isinstance(pending, dict):
        return None
    if NO.match(turn.text):
        return turn.plan(reply="OK, I didn't add it." if pending.get("action") == "add"
                         else "OK, I left everything as it was.")
    if not YES.match(turn.text):
        return None
    if "calls" in pending:
        return run_pending(pending, turn)
    victims = _victims(pending, turn)
    if not victims:
        return turn.plan(reply="There's nothing left to delete.")
    return turn.plan(calls=[ToolCall("delete_task", {"task_id": t["id"]}) for t in victims])
