"""The planner's view of the tool contract equals what the MCP server publishes.

Both read ``todo_reflex/core/limits.py``; this compares the planner's tools, arguments and
defaults, and the limits, with the server's tool snapshot (tests/mcp/tools_snapshot.json, itself
checked against the live server).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from todo_reflex.assistant.contract import DUE_FILTERS, STATUSES, TOOL_ARGS, validate_call
from todo_reflex.core import limits

SNAPSHOT = json.loads((Path(__file__).parents[1] / "mcp" / "tools_snapshot.json").read_text())


def _properties(tool: str) -> dict[str, Any]:
    return SNAPSHOT[tool]["input_schema"]["properties"]


def _branch(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional argument's schema."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") != "null":
            return option
    raise AssertionError(schema)


def test_the_planner_knows_every_tool_and_no_other() -> None:
    assert set(TOOL_ARGS) == set(SNAPSHOT)


@pytest.mark.parametrize("tool", sorted(SNAPSHOT))
def test_arguments_match(tool: str) -> None:
    assert set(TOOL_ARGS[tool]) == set(_properties(tool)) - {"user_id"}


@pytest.mark.parametrize("tool", sorted(SNAPSHOT))
def test_required_arguments_match(tool: str) -> None:
    required = {name for name, default in TOOL_ARGS[tool].items() if default is ...}
    assert required == set(SNAPSHOT[tool]["input_schema"].get("required", []))


@pytest.mark.parametrize(("tool", "argument"), [
    (tool, name) for tool in sorted(SNAPSHOT) for name, default in TOOL_ARGS[tool].items()
    if default is not ...
])
def test_defaults_match(tool: str, argument: str) -> None:
    server_default = _properties(tool)[argument].get("default")
    planner_default = TOOL_ARGS[tool][argument]
    assert planner_default == server_default or (planner_default in ("", []) and
                                                  server_default is None)


@pytest.mark.parametrize("tool", ["add_task", "update_task"])
def test_text_limits_match(tool: str) -> None:
    properties = _properties(tool)
    assert _branch(properties["title"])["maxLength"] == limits.TITLE_INPUT_MAX
    assert _branch(properties["description"])["maxLength"] == limits.DESCRIPTION_MAX
    assert _branch(properties["tags"])["maxItems"] == limits.MAX_TAGS
    assert _branch(properties["priority"])["enum"] == list(limits.PRIORITIES)


def test_list_filters_match() -> None:
    properties = _properties("list_tasks")
    assert properties["status"]["enum"] == list(STATUSES)
    assert properties["due"]["enum"] == list(DUE_FILTERS)
    assert _branch(properties["query"])["maxLength"] == limits.QUERY_MAX
    assert properties["limit"]["maximum"] == limits.PAGE_ASKED_MAX
    assert properties["offset"]["maximum"] == limits.OFFSET_MAX


def test_the_planner_asks_for_no_more_than_a_page_holds() -> None:
    assert validate_call("list_tasks", {"limit": limits.PAGE_MAX}) == []
    assert validate_call("list_tasks", {"limit": limits.PAGE_MAX + 1}) != []


def test_task_numbers_are_bounded_like_the_column() -> None:
    assert _properties("get_task")["task_id"]["maximum"] == limits.TASK_NUMBER_MAX
