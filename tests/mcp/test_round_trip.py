"""Every value is refused with a code or served back as stored, wherever the task is shown.

Hypothesis feeds random titles, tags, due dates and repeat rules to ``add_task`` on the live
MCP server over HTTP. A refusal must carry a code and the field at fault; a task that is stored
must read back the same from ``get_task`` and ``list_tasks``, in the task page's row, in the
data export, and as an event of the calendar feed (or be left out of it, never break it).
"""

from __future__ import annotations

import asyncio
import string
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.support.mcp import McpStack, mcp_stack
from todo_reflex.core import calendar_feed, data_export
from todo_reflex.core.models import TaskPublic, User, utcnow
from todo_reflex.core.task_lists import task_row

pytestmark = pytest.mark.slow  # 500 examples, a few MCP calls each

EXAMPLES = {"postgres+redis": 500, "sqlite": 250}
"""Examples per database: the production one gets the most."""
# printable text of every script, emoji and their joiners, plus what must be refused
HIDDEN = "\x00\x07\x1b\x7f\x85\u202e\u2066"
TITLE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ["\u200d", "\ufe0f", "\U0001F468", "\u05e9", "\t", " ", *HIDDEN])
TAGS = st.lists(st.text(string.ascii_letters + string.digits + "_-#", min_size=0, max_size=34),
                max_size=11)
TODAY = date.today()
DUES = st.none() | st.dates(TODAY - timedelta(days=400), TODAY + timedelta(days=4000)).map(
    date.isoformat) | st.builds(
    lambda d, h, m: f"{d.isoformat()}T{h:02d}:{m:02d}",
    st.dates(TODAY, TODAY + timedelta(days=400)), st.integers(0, 23), st.integers(0, 59),
) | st.text(max_size=12)
NUMBERS = st.integers(-5, 1005).map(str) | st.sampled_from(
    ["0", "99999999999999999999", "9223372036854775808", "-1", "x"])
RULES = st.none() | st.builds(
    lambda freq, parts: ";".join([f"FREQ={freq}", *parts]),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"]),
    st.lists(st.builds("{}={}".format, st.sampled_from(
        ["INTERVAL", "COUNT", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY"]), NUMBERS)
        | st.sampled_from(["BYDAY=MO", "BYDAY=2TU,-1FR", "BYDAY=99MO", "UNTIL=20991231"]),
        max_size=3, unique_by=lambda part: part.split("=")[0]),
)


@pytest.fixture(scope="module", params=["sqlite", "postgres+redis"])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[McpStack]:
    """A live MCP server whose per-user call limit is out of the way, on each database."""
    data_dir: Path = tmp_path_factory.mktemp("round-trip")
    with mcp_stack(request.param, data_dir, MCP_RATE_LIMIT_PER_MINUTE="100000") as running:
        yield running


def _feed_titles(stack, user_id: int) -> set[str]:
    def render(*, session):
        return calendar_feed.render_feed(session=session, user=session.get(User, user_id))

    return {str(e["summary"]) for e in Calendar.from_ical(stack.run(render)).walk("VEVENT")}


def test_a_value_is_refused_with_a_code_or_served_back_the_same(stack):
    @given(title=st.text(TITLE_CHARS, max_size=210), tags=TAGS, due=DUES, repeat=RULES)
    @settings(max_examples=EXAMPLES[stack.name], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    def round_trip(title, tags, due, repeat):
        asyncio.run(_round_trip(stack, title, tags, due, repeat))

    round_trip()


async def _round_trip(stack, title, tags, due, repeat) -> None:
    args = {"title": title, "tags": tags, "due": due, "repeat": repeat}
    async with stack.client(stack.bob.token) as client:
        result = await client.call_tool_mcp("add_task", {k: v for k, v in args.items()
                                                        if v is not None})
        if result.is_error:
            error = (result.structured_content or {}).get("error") or {}
            assert error.get("code") == "INVALID_INPUT" and error.get("field") in args, (
                args, result.content)
            if any(ch in title for ch in HIDDEN) and error["field"] == "title":
                assert "U+" in error["message"]  # it names the character refused
            return
        stored = {k: v for k, v in result.structured_content.items() if k != "notices"}
        assert not any(ch in stored["title"] for ch in HIDDEN), stored
        assert stored["title"] == " ".join(title.split())  # only whitespace is tidied
        got = (await client.call_tool("get_task", {"task_id": stored["id"]})).structured_content
        listed = (await client.call_tool("list_tasks", {"query": stored["title"], "status": "all",
                                                        "limit": 100})).structured_content
        try:
            assert got == stored
            assert stored in listed["tasks"], (stored, listed)
            row = task_row(TaskPublic.model_validate(stored), "UTC", utcnow(), "all")
            assert (row.title, row.tags, row.description) == (
                stored["title"], stored["tags"], stored.get("description") or "")
            export = stack.run(data_export.export_user_data, user_id=stack.bob.id)
            assert stored in export["tasks"]
            in_feed = stored["title"] in _feed_titles(stack, stack.bob.id)
            assert in_feed == bool(stored["due"]), stored
        finally:
            await client.call_tool("delete_task", {"task_id": stored["id"]})
