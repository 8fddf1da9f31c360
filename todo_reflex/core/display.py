"""How tasks read on screen: friendly due dates in the user's zone, urgency, repeat presets.

Plain Python (no Reflex) so the wording is unit-tested and shared by every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from todo_reflex.core import dates
from todo_reflex.core.models import TaskPublic

REPEAT_PRESETS: dict[str, str] = {
    "none": "",
    "daily": "FREQ=DAILY",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
}
_REPEAT_LABELS = {rule: name.capitalize() for name, rule in REPEAT_PRESETS.items() if rule}
PRIORITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "none": ""}


def _parse(due: str) -> tuple[date, str]:
    """The local day of an ISO due value and its ``HH:MM`` (empty for a date-only due)."""
    if "T" in due:
        moment = datetime.fromisoformat(due)
        return moment.date(), moment.strftime("%H:%M")
    return date.fromisoformat(due), ""


def friendly_day(day: date, today: date) -> str:
    """``Today``, ``Tomorrow``, ``Yesterday``, else ``Fri 27 Nov`` (with the year if not this)."""
    names = {today: "Today", today + timedelta(days=1): "Tomorrow",
             today - timedelta(days=1): "Yesterday"}
    if day in names:
        return names[day]
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def friendly_due(due: str | None, tz: str, now: datetime) -> str:
    """A local ISO due value as people say it: ``Today 15:00``, ``Fri 27 Nov``; ``""`` if none."""
    if not due:
        return ""
    day, clock = _parse(due)
    label = friendly_day(day, dates.local_today(tz, now))
    return f"{label} {clock}" if clock else label


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


def repeat_label(rule: str | None) -> str:
    """``Daily``/``Weekdays``/``Weekly``/``Monthly`` for the presets, ``Repeats`` otherwise."""
    if not rule:
        return ""
    return _REPEAT_LABELS.get(rule, "Repeats")


def repeat_preset(rule: str | None) -> str:
    """The preset name of a rule (``none`` when absent, ``custom`` when not a preset)."""
    if not rule:
        return "none"
    return next((name for name, value in REPEAT_PRESETS.items() if value == rule), "custom")


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
        due_label=friendly_due(due, tz, now),
        due_state=state,
        tags=list(task.tags),
        tags_text=", ".join(task.tags),
        repeat_label=repeat_label(task.repeat),
        version=task.version,
    )
