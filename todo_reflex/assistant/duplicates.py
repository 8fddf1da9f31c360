"""Near-duplicate adds: "buy milk" again while an open "Buy milk" is due the same day."""

from __future__ import annotations

import re
from typing import Any

from .models import Plan, ToolCall
from .replies import escape
from .turn import Turn


def _key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.casefold()))


def twin_of(turn: Turn, call: ToolCall) -> dict[str, Any] | None:
    """An open task with the same title (ignoring case and punctuation) due the same day.

    An add with no day repeats an open task of that title whenever it is due: "set my meeting
    with john ..." with an open "Meeting with John" names that meeting, most likely.
    """
    title = _key(str(call.args.get("title") or ""))
    if not title:
        return None
    day = str(call.args.get("due") or "")[:10]
    for task in turn.tasks.titled(title, terms=lambda phrase: ([phrase], None)):
        if (not task.get("completed") and _key(str(task.get("title") or "")) == title
                and (not day or str(task.get("due") or "")[:10] == day)):
            return task
    return None


def ask_before_adding(turn: Turn, calls: list[ToolCall]) -> Plan | None:
    """Ask "add another?" when a single add repeats an open task; None to add at once."""
    if len(calls) != 1 or (twin := twin_of(turn, calls[0])) is None:
        return None
    call = calls[0]
    pending = {"action": "add", "calls": [{"tool": call.tool, "args": call.args,
                                           "note": call.note}]}
    return turn.plan(needs="confirmation", context={"pending": pending},
                     reply=f"You already have #{twin['id']} {escape(twin.get('title', ''))} — "
                           "add another? Reply **yes** to add it or **no** to skip.")
