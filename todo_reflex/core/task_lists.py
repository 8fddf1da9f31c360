"""The task page's named lists (Today, Upcoming, All, Completed), their address and sections.

Plain Python: each list is a set of :func:`todo_reflex.core.tasks.list_tasks` arguments, its
rows are grouped into sections (Overdue/Today, or one per day of the coming week), and what the
page shows lives in its URL (``/tasks?view=upcoming&tag=work``), read by :func:`read_address`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from todo_reflex.core import dates
from todo_reflex.core.display import (
    TaskView,
    friendly_day,
    reminder_preset,
    repeat_preset,
    task_view,
)
from todo_reflex.core.limits import PRIORITIES, QUERY_MAX, TAG_PATTERN
from todo_reflex.core.models import TaskPublic

VIEWS = ("today", "upcoming", "all", "completed")
PRIORITY_FILTERS = ("any", *PRIORITIES)
SORTS = ("newest", "due", "priority")
UPCOMING_DAYS = 7
"""Upcoming is today and the next six days, as "this week" is in the chat."""
DATED_VIEWS = ("today", "upcoming")
"""Lists read soonest first and grouped by day, whatever sort is chosen."""


@dataclass
class TaskRow(TaskView):
    """A row of the task page: the task, its notes and repeat preset, and its section."""

    description: str = ""
    repeat: str = "none"
    reminder: str = "none"
    section: str = ""


@dataclass
class Section:
    """Consecutive rows under one heading (``""``: no heading)."""

    label: str
    tone: str = "gray"
    rows: list[TaskRow] = field(default_factory=list)


@dataclass(frozen=True)
class ListAddress:
    """What the task page shows, as its URL says: ``/tasks?view=upcoming&tag=work&q=milk``.

    Today (overdue first) is the page's home; a tag narrows any list.
    """

    view: str = "today"
    tag: str = ""
    priority: str = "any"
    query: str = ""
    sort: str = "newest"

    def query_string(self) -> str:
        """``?view=upcoming&tag=work`` (defaults left out; ``""`` for the home list)."""
        home = asdict(ListAddress())
        given = {("q" if k == "query" else k): v for k, v in asdict(self).items()
                 if v != home[k]}
        return f"?{urlencode(given)}" if given else ""


def read_address(params: Mapping[str, str]) -> ListAddress:
    """The list a URL's query names; an unknown or malformed value falls back to its default."""
    home = ListAddress()
    view = params.get("view", "")
    tag = params.get("tag", "").strip().lower().removeprefix("#")
    priority = params.get("priority", "")
    sort = params.get("sort", "")
    return ListAddress(
        view=view if view in VIEWS else home.view,
        tag=tag if TAG_PATTERN.match(tag) else "",
        priority=priority if priority in PRIORITY_FILTERS else home.priority,
        query=params.get("q", "")[:QUERY_MAX],
        sort=sort if sort in SORTS else home.sort,
    )


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
    return {"status": "all"}


def task_row(task: TaskPublic, tz: str, now: datetime, view: str) -> TaskRow:
    """A task as a row of list ``view`` (its section names the day in dated lists)."""
    shown = task_view(task, tz, now)
    section = ""
    if view in DATED_VIEWS and task.due:
        section = _section(shown, date.fromisoformat(task.due[:10]), dates.local_today(tz, now))
    return TaskRow(**vars(shown), description=task.description,
                   repeat=repeat_preset(task.repeat),
                   reminder=reminder_preset([r.rule for r in task.reminders]), section=section)


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
