"""Changes to many tasks at once, and the plain record that takes each one back (undo).

A bulk change is one of: complete, delete, a due day, a priority, a tag added. It runs in the
caller's transaction; tasks that are gone are skipped. Its undo record is plain JSON-ready
data (numbers and field values as :func:`todo_reflex.core.tasks.update_task` takes them), so
it survives the state store and another replica.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlmodel import Session

from todo_reflex.core import tasks as service
from todo_reflex.core.errors import InvalidInput, TaskNotFound
from todo_reflex.core.limits import PRIORITIES, TAG_PATTERN
from todo_reflex.core.models import TaskPublic, TaskUpdate
from todo_reflex.core.tasks import Actor

Action = Literal["complete", "delete", "due", "priority", "tag"]
ACTIONS: tuple[str, ...] = ("complete", "delete", "due", "priority", "tag")


@dataclass
class BulkResult:
    """What a bulk change did: the tasks it changed and how to take it back."""

    changed: list[TaskPublic] = field(default_factory=list)
    undo: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    """What a toast says: ``Completed 3 tasks``, ``Priority High on “Buy milk”``."""


def apply(
    *, session: Session, actor: Actor, task_ids: list[int], action: str, value: str = "",
) -> BulkResult:
    """Apply one bulk change to the actor's tasks ``task_ids``; unknown numbers are skipped.

    ``value``: the day (``2026-12-24``, or ``""`` for no date) for ``due``, the priority for
    ``priority``, the tag for ``tag``. Raises :class:`InvalidInput` for a bad action or value.
    """
    value = _checked(action, str(value).strip().lower() if action != "due" else str(value))
    result = BulkResult()
    reopen: list[int] = []
    fields: list[list[Any]] = []
    for task_id in task_ids:
        try:
            before = service.get_task(session=session, actor=actor, task_id=task_id)
        except TaskNotFound:
            continue
        if action == "delete":
            result.changed.append(service.delete_task(session=session, actor=actor,
                                                      task_id=task_id))
            continue
        if action == "complete":
            if before.completed:
                continue
            task = service.complete_task(session=session, actor=actor, task_id=task_id)
            if task.completed:
                reopen.append(task_id)
            else:  # a repeating task moved on: put its date back
                fields.append([task_id, {"due": before.due or ""}])
            result.changed.append(task)
            continue
        change, undo = _field_change(before, action, value)
        if change is None:
            continue
        result.changed.append(service.update_task(session=session, actor=actor,
                                                  task_id=task_id, data=TaskUpdate(**change)))
        fields.append([task_id, undo])
    if action == "delete":
        result.undo = {"restore": [task.id for task in result.changed]}
    elif reopen or fields:
        result.undo = {"reopen": reopen, "fields": fields}
    result.message = _said(action, value, result.changed)
    return result


def revert(*, session: Session, actor: Actor, undo: dict[str, Any]) -> int:
    """Take back a bulk change from its undo record; returns how many tasks came back."""
    count = 0
    for task_id in undo.get("restore", []):
        service.restore_task(session=session, actor=actor, task_id=int(task_id))
        count += 1
    for task_id in undo.get("reopen", []):
        service.uncomplete_task(session=session, actor=actor, task_id=int(task_id))
        count += 1
    for task_id, before in undo.get("fields", []):
        service.update_task(session=session, actor=actor, task_id=int(task_id),
                            data=TaskUpdate(**before))
        count += 1
    return count


def _checked(action: str, value: str) -> str:
    if action not in ACTIONS:
        raise InvalidInput("action", f"must be one of {', '.join(ACTIONS)}")
    if action == "due" and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InvalidInput("due", "pick a day") from None
    if action == "priority" and value not in PRIORITIES:
        raise InvalidInput("priority", f"must be one of {', '.join(PRIORITIES)}")
    if action == "tag":
        value = value.removeprefix("#")
        if not TAG_PATTERN.match(value):
            raise InvalidInput("tags", f"'{value}' is not a tag (letters, digits, - and _)")
    return value


def _field_change(
    task: TaskPublic, action: str, value: str
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The update a field action makes to ``task`` and the one that undoes it (None: no-op)."""
    if action == "priority":
        change = {"priority": value} if task.priority != value else None
        return change, {"priority": task.priority}
    if action == "tag":
        change = {"tags": [*task.tags, value]} if value not in task.tags else None
        return change, {"tags": list(task.tags)}
    clock = task.due[10:] if task.due else ""
    due = f"{value}{clock}" if value else ""
    return ({"due": due} if due != (task.due or "") else None), {"due": task.due or ""}


def _said(action: str, value: str, changed: list[TaskPublic]) -> str:
    what = f"“{changed[0].title}”" if len(changed) == 1 else plural(len(changed))
    if action == "complete":
        return f"Completed {what}"
    if action == "delete":
        return f"Deleted {what}"
    if action == "priority":
        return f"Priority {value.capitalize()} on {what}" if value != "none" else \
            f"Took the priority off {what}"
    if action == "tag":
        return f"Tagged {what} #{value}"
    if not value:
        return f"Took the date off {what}"
    return f"Moved {what} to {date.fromisoformat(value):%a %-d %b}"


def plural(count: int) -> str:
    """``1 task``, ``1,204 tasks``."""
    return "1 task" if count == 1 else f"{count:,} tasks"
