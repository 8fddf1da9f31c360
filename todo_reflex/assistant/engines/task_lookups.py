"""Answer the planner's ``TasksNeeded`` lookups with targeted MCP calls.

A title is looked up with ``list_tasks(query=...)``, a number with ``get_task``, a bulk
filter by paging ``list_tasks`` with its filters, a possible tag with one ``list_tasks(tag=...)``
row. The lookups of one planning round run concurrently on the turn's MCP session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from fastmcp import Client
from fastmcp.exceptions import ToolError

from ..task_index import Lookup, TaskIndex
from .mcp_call import call_tool
from .tool_results import parse_error

SEARCH_LIMIT = 100
PAGE_SIZE = 100
FILTER_CAP = 500
_NO_ANSWER = ("TASK_NOT_FOUND", "INVALID_INPUT")


async def answer_lookups(client: Client, index: TaskIndex, lookups: Sequence[Lookup]) -> None:
    """Fetch every lookup at once and record the answers in ``index``.

    Raises:
        ToolError: A refusal other than "not found" or "invalid input" (rate limit, outage).
        Exception: Transport failures, as the MCP client raises them.
    """
    found = await asyncio.gather(*(_fetch(client, lookup) for lookup in lookups))
    for lookup, (tasks, cut) in zip(lookups, found, strict=True):
        index.answer(lookup, tasks, cut=cut)


async def _fetch(client: Client, lookup: Lookup) -> tuple[list[dict[str, Any]], bool]:
    """The tasks answering one lookup, and whether more matched than were returned."""
    try:
        if lookup.kind == "task":
            return [await call_tool(client, "get_task", {"task_id": lookup.value})], False
        if lookup.kind == "search":
            args = {"query": lookup.value, "status": "all", "limit": SEARCH_LIMIT}
            page = await call_tool(client, "list_tasks", args)
            return _tasks(page), has_more(page, len(_tasks(page)))
        if lookup.kind == "tag":
            args = {"tag": lookup.value, "status": "all", "limit": 1}
            return _tasks(await call_tool(client, "list_tasks", args)), False
        return await _all_matching(client, dict(lookup.value)), False
    except ToolError as error:
        if parse_error(str(error))[0] in _NO_ANSWER:
            return [], False
        raise


async def _all_matching(client: Client, args: dict[str, Any]) -> list[dict[str, Any]]:
    """Every task matching the filter, page by page, up to ``FILTER_CAP``."""
    args = {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()
            if k not in ("limit", "offset")}
    tasks: list[dict[str, Any]] = []
    while len(tasks) < FILTER_CAP:
        page = await call_tool(client, "list_tasks", {**args, "limit": PAGE_SIZE,
                                                  "offset": len(tasks)})
        batch = _tasks(page)
        tasks.extend(batch)
        if not batch or not has_more(page, len(tasks)):
            break
    return tasks[:FILTER_CAP]


def has_more(page: dict[str, Any], seen: int) -> bool:
    """Whether a ``list_tasks`` page has more after it (``has_more``, else from ``total``).

    Args:
        page: The structured result of ``list_tasks``.
        seen: How many tasks the pages so far (this one included) held.
    """
    if isinstance(page.get("has_more"), bool):
        return page["has_more"]
    if isinstance(page.get("total"), int):
        return seen < page["total"]
    return len(page.get("tasks") or []) >= int(page.get("limit") or PAGE_SIZE)


def _tasks(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in page.get("tasks") or [] if isinstance(t, dict)]
