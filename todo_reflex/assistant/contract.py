"""The MCP tool contract as seen by the planner: defaults, value rules and a validator.

``validate_call`` lets tests (and the engine, defensively) check that a planned call is one
the MCP server would accept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dateutil.rrule import rrulestr

from todo_reflex.core.limits import (
    DESCRIPTION_MAX,
    MAX_REMINDERS,
    MAX_TAGS,
    PAGE_MAX,
    PRIORITIES,
    QUERY_MAX,
    TAG_MAX_LENGTH,
    TAG_PATTERN,
    TITLE_INPUT_MAX,
    TITLE_MAX,
)

STATUSES = ("all", "pending", "completed")
SORTS = ("newest", "due", "priority")
DUE_FILTERS = ("any", "today", "overdue", "this_week", "no_date")

TOOL_ARGS: dict[str, dict[str, Any]] = {
    "add_task": {"title": ..., "description": "", "due": None, "priority": "none", "tags": [],
                 "repeat": None, "reminders": []},
    "list_tasks": {"status": "all", "due": "any", "priority": None, "tag": None, "query": None,
                   "due_from": None, "due_to": None, "limit": 50, "offset": 0,
                   "sort": "newest", "include_total": False},
    "get_task": {"task_id": ...},
    "update_task": {"task_id": ..., "title": None, "description": None, "due": None,
                    "priority": None, "tags": None, "repeat": None, "reminders": None},
    "complete_task": {"task_id": ...},
    "uncomplete_task": {"task_id": ...},
    "delete_task": {"task_id": ...},
    "restore_task": {"task_id": ...},
}


def fit_title(title: str) -> tuple[str, str | None]:
    """A title the tools accept, and a word for the reply when the planner had to cut it.

    Titles up to ``TITLE_INPUT_MAX`` go as typed: the server cuts them to ``TITLE_MAX`` at a
    word and says so in the result's ``notices``. Only longer ones are cut here.
    """
    title = title.strip()
    if len(title) <= TITLE_INPUT_MAX:
        return title, None
    return (title[:TITLE_MAX].rstrip(),
            f"The title was {len(title)} characters, so I cut it to {TITLE_MAX}.")


def normalize_tag(raw: str) -> str | None:
    """Turn ``#Work`` or ``Home Office`` into a valid tag (``work``, ``home-office``), or None."""
    tag = re.sub(r"[^a-z0-9_-]+", "-", raw.strip().lstrip("#@").casefold()).strip("-")
    return tag[:TAG_MAX_LENGTH] or None


def _valid_due(value: Any) -> bool:
    if value == "":
        return True
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _valid_day(value: Any) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value)) \
        and _valid_due(value)


def _valid_repeat(value: Any) -> bool:
    if value == "":
        return True
    if not isinstance(value, str) or not value.startswith("FREQ="):
        return False
    try:
        rrulestr(value, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError):
        return False
    return True


def _valid_title(value: Any) -> bool:
    return isinstance(value, str) and len(value.strip()) >= 1 and len(value) <= TITLE_INPUT_MAX


def _valid_tags(value: Any) -> bool:
    return (isinstance(value, list) and len(value) <= MAX_TAGS
            and all(isinstance(t, str) and TAG_PATTERN.match(t) for t in value))


def _valid_reminders(value: Any) -> bool:
    """A list of local date-times or negative ISO 8601 durations (the server checks the rest)."""
    shape = r"\d{4}-\d\d-\d\dT\d\d:\d\d|-P(\d+[WD])*(T(\d+[HMS])+)?"
    return (isinstance(value, list) and len(value) <= MAX_REMINDERS
            and all(isinstance(r, str) and re.fullmatch(shape, r) for r in value))


_CHECKS = {
    "task_id": lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
    "title": _valid_title,
    "description": lambda v: isinstance(v, str) and len(v) <= DESCRIPTION_MAX,
    "due": _valid_due,
    "priority": lambda v: v in PRIORITIES,
    "tags": _valid_tags,
    "repeat": _valid_repeat,
    "reminders": _valid_reminders,
    "status": lambda v: v in STATUSES,
    "tag": lambda v: isinstance(v, str) and bool(TAG_PATTERN.match(v)),
    "query": lambda v: isinstance(v, str) and 0 < len(v) <= QUERY_MAX,
    "limit": lambda v: isinstance(v, int) and 1 <= v <= PAGE_MAX,  # what a page holds
    "offset": lambda v: isinstance(v, int) and v >= 0,
    "include_total": lambda v: isinstance(v, bool),
    "sort": lambda v: v in SORTS,
    "due_from": lambda v: _valid_day(v),
    "due_to": lambda v: _valid_day(v),
}


def validate_call(tool: str, args: Mapping[str, Any]) -> list[str]:
    """Check one planned call against the tool contract.

    Args:
        tool: Tool name, e.g. ``"add_task"``.
        args: The arguments the planner would send.

    Returns:
        A list of problems; empty when the call is acceptable.
    """
    spec = TOOL_ARGS.get(tool)
    if spec is None:
        return [f"unknown tool {tool!r}"]
    problems = [f"{tool}: missing {name}" for name, default in spec.items()
                if default is ... and name not in args]
    for name, value in args.items():
        if name not in spec:
            problems.append(f"{tool}: unexpected argument {name}")
        elif name == "due" and tool == "list_tasks":
            if value not in DUE_FILTERS:
                problems.append(f"{tool}: bad due filter {value!r}")
        elif name == "priority" and tool == "list_tasks" and value is None:
            continue
        elif not _CHECKS[name](value):
            problems.append(f"{tool}: bad {name} {value!r}")
    return problems
