"""How tasks read: due dates, repeats and reminders in one wording per place, urgency, presets.

``describe_due`` and ``describe_repeat`` take a style: ``panel`` (the task lists: "Today
15:00", "Weekly"), ``chat`` (the assistant's replies: "Fri 27 Nov, 15:00", "repeats weekly on
Saturday") or ``mcp`` (tool results for agents: "2026-11-27 15:00"). Plain Python (no Reflex),
so the wording is unit-tested and shared by the pages, the assistant and the MCP server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from todo_reflex.core import dates
from todo_reflex.core.models import TaskPublic

REPEAT_PRESETS: dict[str, str] = {
    "none": "",
    "daily": "FREQ=DAILY",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
}
REMINDER_PRESETS: dict[str, list[str]] = {
    "none": [],
    "due": ["-PT0M"],
    "10m": ["-PT10M"],
    "30m": ["-PT30M"],
    "1h": ["-PT1H"],
    "1d": ["-P1D"],
}
"""The editor's reminder choices and their rules (offsets before the due time)."""
_REPEAT_LABELS = {rule: name.capitalize() for name, rule in REPEAT_PRESETS.items() if rule}
PRIORITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "none": ""}
_RULE_DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
              "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}
_FREQUENCIES = {"DAILY": "daily", "WEEKLY": "weekly", "MONTHLY": "monthly", "YEARLY": "yearly"}

Style = Literal["panel", "chat", "mcp"]


def _parse(due: str) -> tuple[date, str]:
    """The local day of an ISO due value and its ``HH:MM`` (empty for a date-only due)."""
    if "T" in due:
        moment = datetime.fromisoformat(due)
        return moment.date(), moment.strftime("%H:%M")
    return date.fromisoformat(due), ""


def calendar_day(day: date, this_year: int | None = None) -> str:
    """``Fri 27 Nov`` (with the year when it is not ``this_year``)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if this_year in (None, day.year) else f"{text} {day.year}"


def friendly_day(day: date, today: date) -> str:
    """``Today``, ``Tomorrow``, ``Yesterday``, else ``Fri 27 Nov`` (with the year if not this)."""
    names = {today: "Today", today + timedelta(days=1): "Tomorrow",
             today - timedelta(days=1): "Yesterday"}
    return names.get(day) or calendar_day(day, today.year)


def describe_due(due: str | None, *, style: Style, tz: str = "UTC",
                 now: datetime | None = None) -> str:
    """A local ISO due value (``2026-11-27`` or ``2026-11-27T15:00``) worded for ``style``.

    ``panel``: ``Today 15:00``, ``Fri 27 Nov`` (relative to ``now`` in ``tz``); ``chat``:
    ``Fri 27 Nov, 15:00`` (the year when not ``now``'s); ``mcp``: ``2026-11-27 15:00``.
    ``""`` when there is no due date; an unreadable value is returned as it is.
    """
    if not due:
        return ""
    try:
        day, clock = _parse(due)
    except ValueError:
        return str(due)
    if style == "mcp":
        return f"{day.isoformat()} {clock}".rstrip()
    if style == "panel":
        label = friendly_day(day, dates.local_today(tz, now or datetime.now(dates.zone(tz))))
        return f"{label} {clock}".rstrip()
    label = calendar_day(day, now.year if now else None)
    return f"{label}, {clock}" if clock else label


def describe_repeat(rule: str | None, *, style: Style) -> str:
    """An RRULE worded for ``style``; ``""`` if none.

    ``chat`` and ``mcp``: ``repeats weekly on Saturday``; ``panel``: the preset's name
    (``Weekly``, ``Weekdays``) or the capitalised sentence.
    """
    if not rule:
        return ""
    if style == "panel" and rule in _REPEAT_LABELS:
        return _REPEAT_LABELS[rule]
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    freq = _FREQUENCIES.get(parts.get("FREQ", ""), "regularly")
    text = f"repeats {freq}"
    if parts.get("INTERVAL", "1") != "1":
        unit = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}
        text = f"repeats every {parts['INTERVAL']} {unit.get(freq, 'time')}s"
    if "BYDAY" in parts:
        days = [_RULE_DAYS.get(d[-2:], d) for d in parts["BYDAY"].split(",")]
        text += " on " + (", ".join(days) if len(days) < 5 else "weekdays" if len(days) == 5
                          else "every day")
    if "BYMONTHDAY" in parts:
        text += f" on day {parts['BYMONTHDAY']}"
    return text[0].upper() + text[1:] if style == "panel" else text


def due_state(due: str | None, tz: str, now: datetime) -> str:
    """``overdue`` (past), ``today`` (later today), ``upcoming`` or ``none``."""
    if not due:
        return "none"
    day, clock = _parse(due)
    today = dates.local_today(tz, now)
    if clock:
        local_now = now.astimezone(dates.zone(tz)).strftime("%Y-%m-%dT%H:%M")
        if due[:16] < local_now:
            return "overdue"
    elif day < today:
        return "overdue"
    return "today" if day == today else "upcoming"


def repeat_preset(rule: str | None) -> str:
    """The preset name of a rule (``none`` when absent, ``custom`` when not a preset)."""
    if not rule:
        return "none"
    return next((name for name, value in REPEAT_PRESETS.items() if value == rule), "custom")


def reminder_preset(rules: list[str]) -> str:
    """The preset name of a task's reminder rules (``custom`` when they are not a preset)."""
    return next((name for name, value in REMINDER_PRESETS.items() if value == rules), "custom")


def describe_reminders(task: TaskPublic, tz: str, now: datetime) -> str:
    """The next reminder still to fire, ``Today 18:30`` (``+1`` for each more); ``""`` if none."""
    pending = sorted(r.at for r in task.reminders if r.fired_at is None)
    if not pending:
        return ""
    more = f" +{len(pending) - 1}" if len(pending) > 1 else ""
    return describe_due(pending[0], style="panel", tz=tz, now=now) + more


def split_tag_text(text: str) -> list[str]:
    """``"work, #home  errands"`` -> ``["work", "#home", "errands"]`` (validation is the core's)."""
    return [part for part in text.replace(",", " ").split() if part]


@dataclass
class TaskView:
    """One task as a row draws it: plain values, dates already worded."""

    id: int
    title: str
    completed: bool
    priority: str
    priority_label: str
    due_date: str
    due_time: str
    due_label: str
    due_state: str
    tags: list[str] = field(default_factory=list)
    tags_text: str = ""
    repeat_label: str = ""
    reminder_label: str = ""
    version: int = 1


def task_view(task: TaskPublic, tz: str, now: datetime) -> TaskView:
    """The row form of a task; a completed task is never overdue."""
    due = task.due or ""
    state = "none" if task.completed else due_state(due, tz, now)
    return TaskView(
        id=task.id,
        title=task.title,
        completed=task.completed,
        priority=task.priority,
        priority_label=PRIORITY_LABELS.get(task.priority, ""),
        due_date=due[:10],
        due_time=due[11:16],
        due_label=describe_due(due, style="panel", tz=tz, now=now),
        due_state=state,
        tags=list(task.tags),
        tags_text=", ".join(task.tags),
        repeat_label=describe_repeat(task.repeat, style="panel"),
        reminder_label="" if task.completed else describe_reminders(task, tz, now),
        version=task.version,
    )
