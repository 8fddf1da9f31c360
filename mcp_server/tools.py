"""The task tools of the MCP contract (DESIGN.md): typed, described, backed by the task service."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastmcp.exceptions import ToolError
from fastmcp.tools import ToolResult, tool
from mcp.types import ToolAnnotations
from pydantic import Field
from sqlmodel import Session

from mcp_server.auth import current_actor
from mcp_server.call_session import tool_session
from mcp_server.middleware import charge_rate_limit, read_only_call
from todo_reflex.core import tasks
from todo_reflex.core.display import describe_due, describe_repeat
from todo_reflex.core.errors import DomainError, InvalidInput
from todo_reflex.core.limits import (
    DESCRIPTION_MAX,
    MAX_REMINDERS,
    MAX_TAGS,
    OFFSET_MAX,
    PAGE_ASKED_MAX,
    PAGE_MAX,
    QUERY_MAX,
    TASK_NUMBER_MAX,
    TITLE_INPUT_MAX,
    TITLE_MAX,
)
from todo_reflex.core.models import TaskCreate, TaskPage, TaskPublic, TaskUpdate
from todo_reflex.core.tasks import Actor
from todo_reflex.core.validation import cut_title

ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"

TaskId = Annotated[
    int,
    Field(ge=1, le=TASK_NUMBER_MAX, description="The task's number, e.g. 12 (from list_tasks)."),
]
UserId = Annotated[
    str | int | None,
    Field(
        description="Optional, for older agents only. Identity comes from the bearer token; "
        "if given it must equal the authenticated user's id."
    ),
]
Title = Annotated[
    str,
    Field(
        min_length=1, max_length=TITLE_INPUT_MAX,
        description=f"Short task title, e.g. 'Buy milk'. Over {TITLE_MAX} characters it is cut "
        "(the result's 'notices' say so).",
    ),
]
Description = Annotated[
    str, Field(max_length=DESCRIPTION_MAX,
               description=f"Optional longer notes, up to {DESCRIPTION_MAX} characters.")
]
Due = Annotated[
    str | None,
    Field(
        description="Due date in ISO 8601: a day '2026-11-27' or a local date-time "
        "'2026-11-27T17:00' in the user's time zone. Resolve words like 'tomorrow' yourself."
    ),
]
PriorityName = Literal["none", "low", "medium", "high"]
Tags = Annotated[
    list[str] | None,
    Field(
        max_length=MAX_TAGS,
        description="Lowercase labels of a-z, 0-9, '_' or '-', e.g. ['work', 'errands'].",
    ),
]
Repeat = Annotated[
    str | None,
    Field(
        description="RFC 5545 RRULE for repeating tasks, e.g. 'FREQ=WEEKLY;BYDAY=SA' or "
        "'FREQ=MONTHLY;BYMONTHDAY=1'. FREQ is DAILY, WEEKLY, MONTHLY or YEARLY; optional "
        "COUNT (1-1000) or UNTIL (YYYYMMDD). Completing it moves the due date to the next "
        "occurrence."
    ),
]
Reminders = Annotated[
    list[str] | None,
    Field(
        max_length=MAX_REMINDERS,
        description="When to remind the user: local date-times in the user's time zone "
        "('2026-11-27T16:30') or negative ISO 8601 durations before the due time ('-PT30M', "
        "'-PT2H', '-P1D'; '-PT0M' is the due time). On a date-only task offsets count back from "
        "09:00 that day. Offsets need a due date. A repeating task's reminders move with it.",
    ),
]

WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False)
IDEMPOTENT_WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True)
READ = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True)
DESTRUCTIVE = ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True)


def summary(task: TaskPublic) -> str:
    """One line about a task: ``#12 'Buy milk' (due 2026-11-27 17:00, high priority)``."""
    details = []
    if task.due:
        details.append("due " + describe_due(task.due, style="mcp"))
    if task.priority != "none":
        details.append(f"{task.priority} priority")
    if task.repeat:
        details.append(describe_repeat(task.repeat, style="mcp"))
    if task.tags:
        details.append(" ".join(f"#{t}" for t in task.tags))
    pending = [r.at.replace("T", " ") for r in task.reminders if r.fired_at is None]
    if pending:
        details.append("reminder " + ", ".join(pending))
    state = "done" if task.completed else "pending"
    suffix = f" ({', '.join(details)})" if details else ""
    return f"#{task.id} '{task.title}' [{state}]{suffix}"


def _run(user_id: str | int | None, work: Callable[[Session, Actor], Any]) -> Any:
    """Count the call's rate limit, then run ``work`` for the token's user in one session.

    The session is the call's only one: the one the token check read in when it needed the
    database (``tool_session``), else a new one. A new session for a tool marked
    ``readOnlyHint`` is read-only (no transaction, no commit; see ``ToolCallMiddleware``),
    for the others one transaction.
    """
    try:
        charge_rate_limit()
        with tool_session(read_only=read_only_call.get()) as session:
            return work(session, current_actor(user_id, db=session))
    except DomainError as error:  # the middleware turns it into a coded error result
        # ToolCallMiddleware logs the call with its code; FastMCP's own line says ERROR
        raise ToolError(error.sentence(), log_level=logging.DEBUG) from error


def _day(field: str, value: str | None) -> date | None:
    """An ISO day the pattern let through, checked against the calendar ('2026-02-30' is not)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a day of the calendar") from None


def _task_result(verb: str, task: TaskPublic, notices: list[str] | None = None) -> ToolResult:
    """The task as structured content and one line of text; ``notices`` are added to both."""
    structured = task.model_dump(mode="json")
    text = f"{verb} {summary(task)}"
    if notices is not None:
        structured["notices"] = notices
    if notices:
        text = " ".join([f"{text}.", *notices])
    return ToolResult(content=text, structured_content=structured)


def _fit_title(title: str | None, notices: list[str]) -> str | None:
    """The title cut to the limit, with a notice when it was."""
    if title is None:
        return None
    fitted, was_cut = cut_title(title)
    if was_cut:
        notices.append(f"The title was cut to {len(fitted)} characters (the limit is "
                       f"{TITLE_MAX}).")
    return fitted


@tool(annotations=WRITE)
def add_task(
    title: Title,
    description: Description = "",
    due: Due = None,
    priority: Annotated[PriorityName, Field(description="none, low, medium or high.")] = "none",
    tags: Tags = None,
    repeat: Repeat = None,
    reminders: Reminders = None,
    user_id: UserId = None,
) -> ToolResult:
    """Add a task for the user. Returns the created task and 'notices' (e.g. a cut title)."""
    notices: list[str] = []
    data = TaskCreate(
        title=_fit_title(title, notices), description=description, due=due, priority=priority,
        tags=tags or [], repeat=repeat, reminders=reminders or [],
    )
    task = _run(user_id, lambda s, a: tasks.add_task(session=s, actor=a, data=data))
    return _task_result("Added", task, notices)


@tool(annotations=READ)
def list_tasks(
    status: Annotated[
        Literal["all", "pending", "completed"], Field(description="Which tasks by state.")
    ] = "all",
    due: Annotated[
        Literal["any", "today", "overdue", "this_week", "no_date"],
        Field(description="Filter by due date, in the user's time zone."),
    ] = "any",
    due_from: Annotated[
        str | None,
        Field(pattern=ISO_DAY, description="Only tasks due on or after this day (inclusive), "
              "'2026-11-27', in the user's time zone; e.g. tomorrow: due_from=due_to=that day."),
    ] = None,
    due_to: Annotated[
        str | None,
        Field(pattern=ISO_DAY, description="Only tasks due on or before this day (inclusive), "
              "'2026-11-29', in the user's time zone."),
    ] = None,
    priority: Annotated[PriorityName | None, Field(description="Only this priority.")] = None,
    tag: Annotated[str | None, Field(description="Only tasks with this tag, e.g. 'work'.")] = None,
    query: Annotated[
        str | None, Field(max_length=QUERY_MAX, description="Text to find in title or notes.")
    ] = None,
    limit: Annotated[
        int,
        Field(
            ge=1, le=PAGE_ASKED_MAX,
            description=f"Page size, at most {PAGE_MAX} (larger values up to {PAGE_ASKED_MAX} "
            f"return {PAGE_MAX}).",
        ),
    ] = 50,
    offset: Annotated[
        int, Field(ge=0, le=OFFSET_MAX, description="Tasks to skip, for paging.")
    ] = 0,
    sort: Annotated[
        Literal["newest", "due", "priority"],
        Field(description="Order within pending and then completed tasks: 'newest' first, "
              "'due' soonest first (undated last; the app's task panel order) or 'priority' "
              "highest first."),
    ] = "newest",
    include_total: Annotated[
        bool,
        Field(
            description="Also count every match (costs a scan of all matches on big lists). "
            "Without it 'total' is null unless this page holds every match; use 'has_more' "
            "to know whether to ask for the next page (offset + limit)."
        ),
    ] = False,
    user_id: UserId = None,
) -> ToolResult:
    """List the user's tasks, pending first; 'has_more' says if a next page exists.

    'total' counts all matches: null unless include_total is true or this page holds them all.
    """
    page = _run(
        user_id,
        lambda s, a: tasks.list_tasks(
            session=s, actor=a, status=status, due=due, priority=priority, tag=tag,
            query=query, limit=min(limit, PAGE_MAX), offset=offset, with_total=include_total,
            sort=sort,
            due_from=_day("due_from", due_from), due_to=_day("due_to", due_to),
        ),
    )
    shown = "\n".join(summary(t) for t in page.tasks)
    return ToolResult(
        content=f"{_list_head(page)}\n{shown}".strip(),
        structured_content=page.model_dump(mode="json"),
    )


def _list_head(page: TaskPage) -> str:
    """``3 task(s) matched; showing 3 from offset 0.``, or without a count, whether more exist."""
    showing = f"showing {len(page.tasks)} from offset {page.offset}"
    if page.total is not None:
        return f"{page.total} task(s) matched; {showing}."
    return f"{showing.capitalize()}; {'more' if page.has_more else 'no more'} exist."


@tool(annotations=READ)
def get_task(task_id: TaskId, user_id: UserId = None) -> ToolResult:
    """Get one task by its number."""
    task = _run(user_id, lambda s, a: tasks.get_task(session=s, actor=a, task_id=task_id))
    return _task_result("Task", task)


@tool(annotations=IDEMPOTENT_WRITE)
def update_task(
    task_id: TaskId,
    title: Annotated[
        str | None,
        Field(min_length=1, max_length=TITLE_INPUT_MAX,
              description=f"New title; over {TITLE_MAX} characters it is cut (see 'notices')."),
    ] = None,
    description: Annotated[
        str | None, Field(max_length=DESCRIPTION_MAX, description="New notes.")
    ] = None,
    due: Annotated[
        str | None,
        Field(description="New due date ('2026-11-27' or '2026-11-27T17:00'); '' removes it."),
    ] = None,
    priority: Annotated[PriorityName | None, Field(description="New priority.")] = None,
    tags: Annotated[
        list[str] | None,
        Field(max_length=MAX_TAGS, description="The complete new tag list (replaces the old one)."),
    ] = None,
    repeat: Annotated[
        str | None, Field(description="New RRULE, e.g. 'FREQ=DAILY'; '' stops repeating.")
    ] = None,
    reminders: Annotated[
        list[str] | None,
        Field(max_length=MAX_REMINDERS,
              description="The complete new reminder list (replaces the old one; [] removes "
              "them all), as for add_task: '2026-11-27T16:30' or '-PT30M'."),
    ] = None,
    user_id: UserId = None,
) -> ToolResult:
    """Change a task; only the arguments given change. Returns it and 'notices'."""
    notices: list[str] = []
    given = {
        "title": _fit_title(title, notices), "description": description, "due": due,
        "priority": priority, "tags": tags, "repeat": repeat, "reminders": reminders,
    }
    data = TaskUpdate(**{k: v for k, v in given.items() if v is not None})

    def work(session: Session, actor: Actor) -> TaskPublic:
        if due != "" or reminders is not None:
            return tasks.update_task(session=session, actor=actor, task_id=task_id, data=data)
        before = tasks.get_task(session=session, actor=actor, task_id=task_id)
        after = tasks.update_task(session=session, actor=actor, task_id=task_id, data=data)
        kept = {r.rule for r in after.reminders}
        if gone := [r.rule for r in before.reminders if r.rule not in kept]:
            notices.append(f"The reminders before the due date ({', '.join(gone)}) went with "
                           "it.")
        return after

    return _task_result("Updated", _run(user_id, work), notices)


@tool(annotations=IDEMPOTENT_WRITE)
def complete_task(task_id: TaskId, user_id: UserId = None) -> ToolResult:
    """Mark a task done. A repeating task moves to its next occurrence and stays pending."""
    task = _run(user_id, lambda s, a: tasks.complete_task(session=s, actor=a, task_id=task_id))
    verb = "Rescheduled" if not task.completed else "Completed"
    return _task_result(verb, task)


@tool(annotations=IDEMPOTENT_WRITE)
def uncomplete_task(task_id: TaskId, user_id: UserId = None) -> ToolResult:
    """Reopen a completed task."""
    task = _run(user_id, lambda s, a: tasks.uncomplete_task(session=s, actor=a, task_id=task_id))
    return _task_result("Reopened", task)


@tool(annotations=DESTRUCTIVE)
def delete_task(task_id: TaskId, user_id: UserId = None) -> ToolResult:
    """Delete a task. Returns it; restore_task brings it back (for 30 days)."""
    task = _run(user_id, lambda s, a: tasks.delete_task(session=s, actor=a, task_id=task_id))
    return _task_result("Deleted", task)


@tool(annotations=IDEMPOTENT_WRITE)
def restore_task(task_id: TaskId, user_id: UserId = None) -> ToolResult:
    """Bring back a deleted task with its number (undo a delete). Returns the task."""
    task = _run(user_id, lambda s, a: tasks.restore_task(session=s, actor=a, task_id=task_id))
    return _task_result("Restored", task)


TOOLS = [
    add_task, list_tasks, get_task, update_task, complete_task, uncomplete_task, delete_task,
    restore_task,
]
