"""The task service: every task operation of the UI and the MCP server, for one acting user.

Another user's task behaves exactly like a missing one. Updates carry optimistic concurrency:
a write based on a stale ``version`` is refused, never lost. A task is addressed by its per-user
number; a deleted task keeps it and can be restored for ``DELETED_KEPT_DAYS`` days, after which
``purge_deleted`` (``todo-admin purge-deleted``) removes it for good. Numbers are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, func, select

from todo_reflex.core import dates, metrics, reminders, repeat
from todo_reflex.core.errors import InvalidInput, StaleVersion, TaskNotFound
from todo_reflex.core.models import (
    Reminder,
    Task,
    TaskCreate,
    TaskPage,
    TaskPublic,
    TaskUpdate,
    priority_rank,
    tag_list,
    utcnow,
)
from todo_reflex.core.validation import (
    check_text,
    clean_description,
    clean_priority,
    clean_tags,
    clean_title,
    join_tags,
    like_pattern,
    split_tags,
)

Status = Literal["all", "pending", "completed"]
DueFilter = Literal["any", "today", "overdue", "this_week", "no_date"]
Sort = Literal["newest", "due", "priority"]
MAX_PAGE = 500
QUERY_MAX = 200
DELETED_KEPT_DAYS = 30


@dataclass(frozen=True)
class Actor:
    """The user a call acts for, as taken from a verified token or session."""

    user_id: int
    timezone: str = "UTC"


def to_public(task: Task | sa.Row, tz: str, alarms: list[Reminder] | None = None) -> TaskPublic:
    """The read model of a task (or of its row), with due date and reminders in the user's zone."""
    return TaskPublic(
        id=task.number,
        title=task.title,
        description=task.description,
        completed=task.completed,
        priority=task.priority,
        due=dates.local_due(task.due_at, task.due_has_time, tz),
        repeat=task.repeat_rule,
        tags=split_tags(task.tags),
        reminders=[reminders.to_public(r, tz) for r in alarms or []],
        created_at=task.created_at,
        updated_at=task.updated_at,
        completed_at=task.completed_at,
        version=task.version,
    )


def _public(session: Session, task: Task, tz: str) -> TaskPublic:
    """``to_public`` with the task's reminders read from the database."""
    return to_public(task, tz, reminders.stored(session=session, task_ids=[task.id])[task.id])


def _due(task: Task) -> dates.Due | None:
    return dates.Due(task.due_at, task.due_has_time) if task.due_at else None


def _load(session: Session, actor: Actor, task_id: int, *, deleted: bool = False) -> Task:
    """The actor's task with this number; a deleted one only when ``deleted`` is true."""
    if not isinstance(task_id, int) or isinstance(task_id, bool) or task_id < 1:
        raise InvalidInput("task_id", "must be a positive integer")
    query = select(Task).where(Task.user_id == actor.user_id, Task.number == task_id)
    if not deleted:
        query = query.where(_NOT_DELETED)
    task = session.exec(query).first()
    if task is None:
        raise TaskNotFound(task_id)
    return task


def add_task(*, session: Session, actor: Actor, data: TaskCreate) -> TaskPublic:
    """Create a task; a repeating task without a due date starts at its first occurrence."""
    rule = repeat.normalize_rule(data.repeat)
    due = dates.parse_due(data.due, actor.timezone)
    if rule and due is None:
        due = repeat.first_occurrence(rule, actor.timezone, utcnow())
    planned = reminders.plan(data.reminders, due, actor.timezone)
    task = Task(
        user_id=actor.user_id,
        title=clean_title(data.title),
        description=clean_description(data.description),
        priority=clean_priority(data.priority),
        tags=join_tags(clean_tags(data.tags)),
        repeat_rule=rule,
        due_at=due.at if due else None,
        due_has_time=due.has_time if due else False,
    )
    session.add(task)
    session.flush()  # the row holds what the object holds: no read back
    alarms = reminders.add(session=session, task=task, planned=planned)
    metrics.task_operation("add")
    return to_public(task, actor.timezone, alarms)


def get_task(*, session: Session, actor: Actor, task_id: int) -> TaskPublic:
    """One task of the actor."""
    return _public(session, _load(session, actor, task_id), actor.timezone)


def list_tasks(
    *,
    session: Session,
    actor: Actor,
    status: Status = "all",
    due: DueFilter = "any",
    priority: str | None = None,
    tag: str | None = None,
    query: str | None = None,
    sort: Sort = "newest",
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
    with_total: bool = True,
    due_from: date | None = None,
    due_to: date | None = None,
) -> TaskPage:
    """A filtered page of the actor's tasks, pending first.

    Args:
        session: The open database session.
        actor: Whose tasks.
        status: ``all``, ``pending`` or ``completed``.
        due: A due window in the actor's zone, or ``no_date``.
        priority: Only this priority (p1-p4 accepted).
        tag: Only tasks with this tag.
        query: Text found (case-insensitive, literally) in the title or description.
        sort: ``newest``, ``due`` (soonest first, undated last) or ``priority``.
        limit: Page size, 1 to ``MAX_PAGE``.
        offset: Tasks to skip.
        now: The current time (tests); defaults to the clock.
        with_total: Count every match (a second query that reads all of them) unless this
            page reaches the last match. Without it ``total`` is None unless the page does.
        due_from: Only tasks due on or after this day in the actor's zone.
        due_to: Only tasks due on or before this day in the actor's zone.

    Returns:
        The page, with ``has_more`` telling whether tasks follow it.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit", f"must be between 1 and {MAX_PAGE}")
    if offset < 0:
        raise InvalidInput("offset", "must not be negative")
    conditions = [
        *_live(actor),
        *_status_conditions(status),
        *_due_conditions(due, actor.timezone, now or utcnow()),
        *_range_conditions(due_from, due_to, actor.timezone),
        *_field_conditions(priority, tag, query),
    ]
    order = _ORDER.get(sort, _ORDER["newest"])
    found = session.exec(  # rows, not ORM objects: the page is read, never changed
        select(*_TASK_COLUMNS, _HAS_REMINDERS).where(*conditions).order_by(*order)
        .limit(limit + 1).offset(offset)
    ).all()
    has_more = len(found) > limit
    rows = found[:limit]
    total: int | None = None
    if not has_more and (offset == 0 or rows):
        total = offset + len(rows)  # this page reaches the last match: no count needed
    elif with_total:
        total = session.exec(select(func.count()).select_from(Task).where(*conditions)).one()
    # only the tasks that have reminders cost a second query (most pages: none do)
    alarms = reminders.stored(session=session, task_ids=[t.id for t in rows if t.has_reminders])
    return TaskPage(
        tasks=[to_public(t, actor.timezone, alarms.get(t.id)) for t in rows], total=total,
        limit=limit, offset=offset, has_more=has_more,
    )


# Expressions that never change are built once (SQLAlchemy elements are immutable): building
# them costs more CPU per page than running the page's query.
_HAS_REMINDERS = (
    select(Reminder.id).where(col(Reminder.task_id) == col(Task.id)).limit(1)
    .scalar_subquery().is_not(None).label("has_reminders")
)
"""Whether a task of the page has reminders: an index probe per row, in the page's query.

A scalar subquery, not ``EXISTS``: PostgreSQL may turn an ``EXISTS`` into one hash of the
whole reminders table, where this stays a probe of ``ix_reminders_task_id`` per row.
"""
_TASK_COLUMNS = tuple(Task.__table__.columns)  # type: ignore[attr-defined]
_NOT_DELETED = col(Task.deleted_at).is_(None)
_STATUS: dict[str, list[sa.ColumnElement[bool]]] = {
    "all": [], "pending": [col(Task.completed).is_(False)],
    "completed": [col(Task.completed).is_(True)],
}
_NEWEST = [col(Task.created_at).desc(), col(Task.id).desc()]
_ORDER: dict[str, list[sa.ColumnElement]] = {
    "newest": [col(Task.completed), *_NEWEST],
    "due": [col(Task.completed), sa.nulls_last(col(Task.due_at).asc()), *_NEWEST],
    "priority": [col(Task.completed), priority_rank(col(Task.priority)), *_NEWEST],
}
"""``completed, <key>, created_at DESC, id DESC``: each order has an index in models.py."""


def _live(actor: Actor) -> list[sa.ColumnElement[bool]]:
    """The actor's tasks that are not deleted: the base of every query."""
    return [col(Task.user_id) == actor.user_id, _NOT_DELETED]


def _status_conditions(status: Status) -> list[sa.ColumnElement[bool]]:
    if status not in _STATUS:
        raise InvalidInput("status", "must be one of all, pending, completed")
    return _STATUS[status]


def _field_conditions(
    priority: str | None, tag: str | None, query: str | None
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if priority:
        conditions.append(Task.priority == clean_priority(priority))
    if tag:
        (clean,) = clean_tags([tag])
        pattern = like_pattern(f",{clean},")
        conditions.append(tag_list(col(Task.tags)).like(pattern, escape="\\"))
    if query and query.strip():
        conditions.append(_text_condition(query))
    return conditions


def _text_condition(query: str) -> sa.ColumnElement[bool]:
    """Title or description contains ``query``, case-insensitive, wildcards taken literally.

    ``lower(column) LIKE '%text%'`` is what the PostgreSQL trigram indexes
    (``ix_tasks_*_trgm``) serve; SQLite scans the user's rows.
    """
    if len(query) > QUERY_MAX:
        raise InvalidInput("query", f"must be at most {QUERY_MAX} characters")
    check_text("query", query)
    pattern = like_pattern(query.strip().lower())
    return sa.or_(
        func.lower(Task.title).like(pattern, escape="\\"),
        func.lower(Task.description).like(pattern, escape="\\"),
    )


def _range_conditions(
    first: date | None, last: date | None, tz: str
) -> list[sa.ColumnElement[bool]]:
    """Due between two local days, both included; either end may be open."""
    if first is None and last is None:
        return []
    if first is not None and last is not None and last < first:
        raise InvalidInput("due_to", "must not be before due_from")
    start = first or date(1900, 1, 1)  # open ends: far enough, and safe in every zone
    end = last + timedelta(days=1) if last else date(9000, 1, 1)
    return _window_conditions(dates.day_window(start, (end - start).days, tz))


def _due_conditions(due: DueFilter, tz: str, now: datetime) -> list[sa.ColumnElement[bool]]:
    if due == "any":
        return []
    if due == "no_date":
        return [col(Task.due_at).is_(None)]
    windows = {
        "today": dates.today_window,
        "this_week": dates.week_window,
        "overdue": dates.overdue_window,
    }
    if due not in windows:
        raise InvalidInput("due", "must be one of any, today, overdue, this_week, no_date")
    conditions = _window_conditions(windows[due](tz, now))
    if due == "overdue":
        conditions.extend(_STATUS["pending"])
    return conditions


def _window_conditions(window: dates.Window) -> list[sa.ColumnElement[bool]]:
    """Timed tasks by instant, date-only ones by floating day, inside one index range."""
    timed = [col(Task.due_has_time).is_(True)]
    floating = [col(Task.due_has_time).is_(False)]
    # One range around both kinds of due date, so an index on due_at serves the window.
    envelope = [col(Task.due_at) < max(window.end, window.end_day)]
    if window.start is not None:
        timed.append(col(Task.due_at) >= window.start)
        floating.append(col(Task.due_at) >= window.start_day)
        envelope.append(col(Task.due_at) >= min(window.start, window.start_day))
    timed.append(col(Task.due_at) < window.end)
    floating.append(col(Task.due_at) < window.end_day)
    return [*envelope, sa.or_(sa.and_(*timed), sa.and_(*floating))]




def update_task(
    *,
    session: Session,
    actor: Actor,
    task_id: int,
    data: TaskUpdate,
    expected_version: int | None = None,
) -> TaskPublic:
    """Change the fields set in ``data``; refused if changed since ``expected_version``."""
    task = _load(session, actor, task_id)
    changes: dict[str, object] = {}
    fields = data.model_fields_set
    if "title" in fields and data.title is not None:
        changes["title"] = clean_title(data.title)
    if "description" in fields and data.description is not None:
        changes["description"] = clean_description(data.description)
    if "priority" in fields and data.priority is not None:
        changes["priority"] = clean_priority(data.priority)
    if "tags" in fields and data.tags is not None:
        changes["tags"] = join_tags(clean_tags(data.tags))
    if "repeat" in fields and data.repeat is not None:
        changes["repeat_rule"] = repeat.normalize_rule(data.repeat)
    if "due" in fields and data.due is not None:
        due = dates.parse_due(data.due, actor.timezone)
        changes["due_at"] = due.at if due else None
        changes["due_has_time"] = due.has_time if due else False
    if changes.get("repeat_rule") and (changes.get("due_at", task.due_at)) is None:
        first = repeat.first_occurrence(changes["repeat_rule"], actor.timezone, utcnow())
        changes.update(due_at=first.at if first else None, due_has_time=False)
    if _set_reminders(session, actor, task, data, changes):
        changes.setdefault("updated_at", utcnow())  # a reminder change is a change of the task
    return _write(session, actor, task, changes, expected_version, operation="update")


def _set_reminders(
    session: Session, actor: Actor, task: Task, data: TaskUpdate, changes: dict[str, object]
) -> bool:
    """Apply ``data.reminders``, or move the reminders with a new due date; whether any changed."""
    old = _due(task)
    at = changes.get("due_at", task.due_at)
    new = dates.Due(at, bool(changes.get("due_has_time", task.due_has_time))) if at else None
    if "reminders" in data.model_fields_set and data.reminders is not None:
        planned = reminders.plan(data.reminders, new, actor.timezone,
                                 existing=reminders.rules_of(session=session, task=task))
        return reminders.replace(session=session, task=task, planned=planned)
    if new != old:
        return bool(reminders.follow_due(session=session, task=task, old=old, new=new,
                                         tz=actor.timezone))  # offsets go with a removed date
    return False


def _write(
    session: Session,
    actor: Actor,
    task: Task,
    changes: dict[str, object],
    expected_version: int | None,
    *,
    operation: str,
) -> TaskPublic:
    """Apply ``changes`` with a version check in the UPDATE itself (no lost updates)."""
    if expected_version is not None and expected_version != task.version:
        raise StaleVersion(task.number, task.version)
    if changes:
        values = {"updated_at": utcnow(), **changes, "version": task.version + 1}
        result = session.execute(
            sa.update(Task)
            .where(col(Task.id) == task.id, col(Task.version) == task.version).values(**values)
        )
        if result.rowcount != 1:
            session.refresh(task)
            raise StaleVersion(task.number, task.version)
        for name, value in values.items():  # the row now holds these: no read back
            set_committed_value(task, name, value)
    metrics.task_operation(operation)
    return _public(session, task, actor.timezone)


def complete_task(
    *, session: Session, actor: Actor, task_id: int, expected_version: int | None = None
) -> TaskPublic:
    """Mark done; a repeating task instead moves to its next occurrence and stays pending."""
    task = _load(session, actor, task_id)
    if task.repeat_rule and not task.completed:
        current = _due(task)
        following = repeat.next_occurrence(task.repeat_rule, current, actor.timezone, utcnow())
        if following is not None:
            reminders.follow_due(session=session, task=task, old=current, new=following,
                                 tz=actor.timezone, next_occurrence=True)
            changes = {"due_at": following.at, "due_has_time": following.has_time}
            return _write(session, actor, task, changes, expected_version, operation="complete")
    changes = {} if task.completed else {"completed": True, "completed_at": utcnow()}
    return _write(session, actor, task, changes, expected_version, operation="complete")


def uncomplete_task(
    *, session: Session, actor: Actor, task_id: int, expected_version: int | None = None
) -> TaskPublic:
    """Reopen a completed task."""
    task = _load(session, actor, task_id)
    changes = {"completed": False, "completed_at": None} if task.completed else {}
    return _write(session, actor, task, changes, expected_version, operation="uncomplete")


def delete_task(*, session: Session, actor: Actor, task_id: int) -> TaskPublic:
    """Delete a task and return it; ``restore_task`` brings it back until it is purged."""
    task = _load(session, actor, task_id)
    return _write(session, actor, task, {"deleted_at": utcnow()}, None, operation="delete")


def restore_task(*, session: Session, actor: Actor, task_id: int) -> TaskPublic:
    """Bring a deleted task back with its number (undo); a task not deleted stays as it is."""
    task = _load(session, actor, task_id, deleted=True)
    changes = {"deleted_at": None} if task.deleted_at is not None else {}
    return _write(session, actor, task, changes, None, operation="restore")


def purge_deleted(
    *, session: Session, older_than: timedelta = timedelta(days=DELETED_KEPT_DAYS),
    now: datetime | None = None,
) -> int:
    """Remove for good every user's tasks deleted longer ago than ``older_than``; how many.

    Their numbers stay used: the counter on ``users`` never goes back.
    """
    cutoff = (now or utcnow()) - older_than
    result = session.execute(sa.delete(Task).where(col(Task.deleted_at) < cutoff))
    metrics.task_operation("purge_deleted")
    return result.rowcount


def unbounded_repeats(*, session: Session, repair: bool = False) -> list[tuple[int, str, str]]:
    """Every user's tasks whose stored repeat rule is out of bounds: (task id, rule, reason).

    Rules stored before ``core.repeat`` bounded their numbers may hold any; with ``repair``,
    those tasks stop repeating (their due date stays).
    """
    found = [(task_id, rule, reason) for task_id, rule in session.execute(
        sa.select(Task.id, Task.repeat_rule).where(col(Task.repeat_rule).is_not(None),
                                                   Task.repeat_rule != ""))
        if (reason := repeat.bounds_error(rule))]
    if repair and found:
        session.execute(sa.update(Task).where(col(Task.id).in_([f[0] for f in found]))
                        .values(repeat_rule=None, updated_at=utcnow(),
                                version=Task.version + 1))
    return found


def clear_completed(*, session: Session, actor: Actor) -> int:
    """Delete every completed task of the actor (restorable until purged); returns how many."""
    result = session.execute(
        sa.update(Task)
        .where(*_live(actor), col(Task.completed).is_(True))
        .values(deleted_at=utcnow())
    )
    metrics.task_operation("clear_completed")
    return result.rowcount


def known_tags(*, session: Session, actor: Actor) -> list[str]:
    """Every tag the actor uses, sorted (for filter menus)."""
    stored = session.exec(
        select(Task.tags).where(*_live(actor), Task.tags != "").distinct()
    ).all()
    return sorted({tag for value in stored for tag in split_tags(value)})
