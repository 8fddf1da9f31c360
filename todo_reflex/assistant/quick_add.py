"""The /tasks quick-add box speaks the chat's grammar: one parse, shown before it is saved.

"Call plumber tomorrow 4pm p1 #home every week remind me 30 minutes before" goes through the
same :func:`~todo_reflex.assistant.adding.add_calls` the chat uses for "add …", so a phrasing
that works in one place works in the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from todo_reflex.core import dates
from todo_reflex.core.display import PRIORITY_LABELS, describe_due, describe_repeat

from .adding import add_calls
from .remind_intents import drop_late
from .reminding import AT_DUE, read_reminder, reminder_words

__all__ = ["QuickAdd", "parse_quick_add", "preview"]


@dataclass
class QuickAdd:
    """What a quick-add line means: one ``add_task`` argument set per title."""

    tasks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No title was left after the dates, priority and tags were read."""
        return not self.tasks


@dataclass
class Preview:
    """A quick-add line as chips: what the box understood, worded for people."""

    titles: list[str] = field(default_factory=list)
    due: str = ""
    priority: str = ""
    priority_level: str = "none"
    tags: list[str] = field(default_factory=list)
    repeat: str = ""
    reminder: str = ""
    description: str = ""


def parse_quick_add(text: str, tz: str, now: datetime) -> QuickAdd:
    """Read ``text`` as the chat reads the words after "add" (in the user's zone ``tz``)."""
    local = now.astimezone(dates.zone(tz)).replace(tzinfo=None)
    ask, rest = read_reminder(text.strip())
    calls = add_calls(rest, local, reminder=ask)
    if ask == AT_DUE:  # "pay rent today remind me" after 09:00: the day's reminder has gone
        calls, _ = drop_late(calls, local, keep_at_due=True)
    return QuickAdd([dict(call.args) for call in calls])


def preview(parsed: QuickAdd, tz: str, now: datetime) -> Preview:
    """The chips of a parsed line (slots are shared by every title of one line)."""
    if parsed.empty:
        return Preview()
    first = parsed.tasks[0]
    priority = str(first.get("priority") or "none")
    said = reminder_words(first.get("reminders") or [], first.get("due"))
    return Preview(
        titles=[str(task["title"]) for task in parsed.tasks],
        due=describe_due(first.get("due"), style="panel", tz=tz, now=now),
        reminder=said[:1].upper() + said[1:],
        priority=PRIORITY_LABELS.get(priority, ""),
        priority_level=priority,
        tags=list(first.get("tags") or []),
        repeat=_sentence(describe_repeat(first.get("repeat"), style="chat")),
        description=str(first.get("description") or ""),
    )


def _sentence(text: str) -> str:
    """``repeats weekly on Saturday`` -> ``Repeats weekly on Saturday``."""
    return text[:1].upper() + text[1:]
