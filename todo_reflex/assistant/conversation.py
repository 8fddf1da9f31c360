"""Small talk, confirmations and follow-ups: the parts of a chat that are not one command."""

from __future__ import annotations

import re
from typing import Any

from .listing import STATUS_COMPLETED, filter_tasks, list_args
from .models import Plan, ToolCall
from .replies import GREETING, HELP, THANKS, task_label
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
                   r"how\s+do\s+you\s+work|what\s+is\s+this|examples?|help\s+me|i\s+need\s+help)"
                   r"\b.*$", re.I)
_BULK_DELETE = re.compile(
    r"^(?:delete|remove|erase|trash|clear(?:\s+out)?|clean\s+up|purge|wipe(?:\s+out)?|empty|"
    r"get\s+rid\s+of|nuke|drop|discard)\s+(?P<rest>(?:all|every|everything|each)\b.*|"
    r"(?:my|the)\s+(?:whole|entire)\s+.*|(?:all\s+)?(?:my|the)\s+(?:completed|done|finished|"
    r"old|overdue)\b.*|(?:completed|done|finished)(?:\s+(?:tasks|ones|items|todos))?|"
    r"(?:my\s+)?(?:list|todo\s+list|to-do\s+list|tasks)|them(?:\s+all)?|those(?:\s+tasks)?|"
    r"these(?:\s+tasks)?)$", re.I)
_BULK_COMPLETE = re.compile(
    r"^(?:complete|finish|mark|check\s+off|tick\s+off|close)\s+(?P<rest>(?:all|every|everything)"
    r"\b.*?)(?:\s+(?:as\s+)?(?:done|complete|completed|finished))?$", re.I)


def small_talk(raw: str) -> Plan | None:
    """Answer greetings, thanks and requests for help without a tool call."""
    text = " ".join(raw.split()).strip()
    if not text:
        return Plan(reply=HELP)
    if _GREETING.match(text):
        return Plan(reply=GREETING)
    if _THANKS.match(text):
        return Plan(reply=THANKS)
    if _HELP.match(text.rstrip("?!. ")):
        return Plan(reply=HELP)
    return None


def _bulk_filter(rest: str, turn: Turn) -> dict[str, Any]:
    args = list_args(rest, turn.tasks)
    args.pop("limit", None)
    if args.get("status") == "all" and STATUS_COMPLETED.search(rest):
        args["status"] = "completed"
    return args


def bulk(turn: Turn) -> Plan | None:
    """Bulk requests: deleting asks for confirmation first; completing acts at once."""
    if m := _BULK_DELETE.match(turn.text):
        rest = m["rest"]
        them = re.match(r"^(?:them(?:\s+all)?|all\s+of\s+(?:them|those|these)|all\s+(?:those|these|"
                        r"them)|those|these|those\s+tasks|these\s+tasks)$", rest, re.I)
        ids = turn.context.get("last_listed") if them else None
        spec = {"filter": {} if them else _bulk_filter(rest, turn), "ids": ids}
        victims = _victims(spec, turn)
        if not victims:
            return turn.plan(reply="There's nothing matching that to delete.")
        names = ", ".join(task_label(t) for t in victims[:5]) + (
            f" and {len(victims) - 5} more" if len(victims) > 5 else "")
        count = f"{len(victims)} task{'s' if len(victims) != 1 else ''}"
        return turn.plan(needs="confirmation", context={"pending": {"action": "delete", **spec}},
                         reply=f"This will permanently delete {count}: {names}. "
                               "Reply **yes** to confirm or **no** to keep them.")
    if m := _BULK_COMPLETE.match(turn.text):
        args = _bulk_filter(m["rest"], turn)
        args["status"] = "pending"
        tasks = turn.tasks.matching(args, turn.now, filter_tasks)
        if not tasks:
            return turn.plan(reply="There's nothing matching that left to complete.")
        return turn.plan(calls=[ToolCall("complete_task", {"task_id": t["id"]}) for t in tasks])
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
        return turn.plan(reply="OK, I won't delete anything.")
    if not YES.match(turn.text):
        return None
    victims = _victims(pending, turn)
    if not victims:
        return turn.plan(reply="There's nothing left to delete.")
    return turn.plan(calls=[ToolCall("delete_task", {"task_id": t["id"]}) for t in victims])
