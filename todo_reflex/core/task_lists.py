"""The task page's named lists (Today, Upcoming, All, Completed, one per tag) and their sections.

Plain Python: each list is a set of :func:`todo_reflex.core.tasks.list_tasks` arguments, and
its rows are grouped into sections (Overdue/Today, or one per day of the coming week).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from todo_reflex.core import dates
from todo_reflex.core.display import TaskView, friendly_day, repeat_preset, task_view
from todo_reflex.core.limits import TAG_PATTERN
from todo_reflex.core.models import TaskPublic

VIEWS = ("today", "upcoming", "all", "completed")
UPCOMING_DAYS = 7
"""Upcoming is today and the next six days, as "this week" is in the chat."""
DATED_VIEWS = ("today", "upcoming")
"""Lists read soonest first and grouped by day, whatever sort is chosen."""


@dataclass
class TaskRow(TaskView):
    """A row of the task page: the task, its notes and repeat preset, and its section."""

    description: str = ""
    repeat: str = "none"
    section: str = ""


@dataclass
class Section:
    """Consecutive rows under one heading (``""``: no heading)."""

    label: str
    tone: str = "gray"
    rows: list[TaskRow] = field(default_factory=list)


def valid_view(name: str) -> bool:
    """A known list: a view name or ``tag:<tag>``."""
    if name.startswith("tag:"):
        return bool(TAG_PATTERN.match(name[4:]))
    return name in VIEWS


def view_query(name: str, tz: str, now: datetime) -> dict[str, Any]:
    """The ``list_tasks`` arguments of a list, in the user's zone ``tz``."""
    today = dates.local_today(tz, now)
    if name == "today":
        return {"status": "pending", "due_to": today, "sort": "due"}
    if name == "upcoming":
        last = today + timedelta(days=UPCOMING_DAYS - 1)
        return {"status": "pending", "due_from": today, "due_to": last, "sort": "due"}
    if name == "completed":
        return {"status": "completed"}
    if name.startswith("tag:"):
        return {"status": "all", "tag": name[4:]}
    return {"status": "all"}


def task_row(task: TaskPublic, tz: str, now: datetime, view: str) -> TaskRow:
    """A task as a row of list ``view`` (its section names the day in dated lists)."""
    shown = task_view(task, tz, now)
    section = ""
    if view in DATED_VIEWS and task.due:
        section = _section(shown, date.fromisoformat(task.due[:10]), dates.local_today(tz, now))
    return TaskRow(**vars(shown), description=task.description,
                   repeat=repeat_preset(task.repeat), section=section)


def _section(row: TaskView, day: date, today: date) -> str:
    if row.due_state == "overdue" and day < today:
        return "Overdue"
    label = friendly_day(day, today)
    weekday = f"{day:%a} {day.day} {day:%b}"
    return label if label == weekday else f"{label} · {weekday}"


def sections(rows: list[TaskRow]) -> list[Section]:
    """Consecutive rows with the same section label, in order."""
    grouped: list[Section] = []
    for row in rows:
        if not grouped or grouped[-1].label != row.section:
            tone = "red" if row.section == "Overdue" else "gray"
            grouped.append(Section(label=row.section, tone=tone))
        grouped[-1].rows.append(row)
    return grouped


def mark_done(rows: list[TaskRow], task_id: int, done: bool) -> list[TaskRow]:
    """The rows with one ticked (or unticked) in place, before the list is read again."""
    return [replace(r, completed=done) if r.id == task_id else r for r in rows]
