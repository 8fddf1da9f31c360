"""Say what happened: a cut title comes with a notice, in the structure and in the text."""

from __future__ import annotations

import itertools

from tests.support.mcp import refused
from todo_reflex.core.limits import TITLE_INPUT_MAX, TITLE_MAX

_serial = itertools.count()
LONG = "Call the plumber about the leaking kitchen tap and ask whether " * 5  # 320 characters


async def test_a_long_title_is_cut_at_a_word_and_the_result_says_so(stack):
    person = stack.person(f"notices-{next(_serial)}@example.com")
    async with stack.in_memory(person) as client:
        added = await client.call_tool("add_task", {"title": LONG})
        task = added.structured_content
        assert len(task["title"]) <= TITLE_MAX
        assert LONG.startswith(task["title"])
        assert LONG[len(task["title"])] == " "  # cut between words
        notice = f"The title was cut to {len(task['title'])} characters (the limit is {TITLE_MAX})."
        assert task["notices"] == [notice]
        assert added.content[0].text.endswith(f"[pending]. {notice}")

        short = await client.call_tool("update_task", {"task_id": task["id"], "title": "Tap"})
        assert short.structured_content["notices"] == []
        assert short.content[0].text == f"Updated #{task['id']} 'Tap' [pending]"
        longer = await client.call_tool("update_task", {"task_id": task["id"], "title": LONG})
        assert longer.structured_content["notices"] == [notice]
        assert longer.structured_content["title"] == task["title"]

        too_long = await refused(client, "add_task", {"title": "x" * (TITLE_INPUT_MAX + 1)})
        assert (too_long.code, too_long.field) == ("INVALID_INPUT", "title")
        assert too_long.text == (
            f"The title should have at most {TITLE_INPUT_MAX} characters."
        )
