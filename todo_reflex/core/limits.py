"""The task contract's limits, in one place.

The models, the task service's validation, the MCP tool schemas and the assistant's planner all
read these; ``tests/assistant/test_contract_limits.py`` checks the server's published tool
schemas against them.
"""

from __future__ import annotations

import re

TITLE_MAX = 200
"""Characters a task's title keeps."""
TITLE_INPUT_MAX = 1000
"""Characters ``add_task``/``update_task`` accept; a longer title than ``TITLE_MAX`` is cut at
a word, with a notice."""
DESCRIPTION_MAX = 2000
TAG_MAX_LENGTH = 32
TAG_PATTERN = re.compile(rf"^[a-z0-9_-]{{1,{TAG_MAX_LENGTH}}}$")
MAX_TAGS = 10
PRIORITIES: tuple[str, ...] = ("none", "low", "medium", "high")
PRIORITY_ALIASES = {"p1": "high", "p2": "medium", "p3": "low", "p4": "none"}
REPEAT_RULE_MAX = 200
QUERY_MAX = 200
"""Characters of a ``list_tasks`` search."""
PAGE_MAX = 100
"""Tasks one ``list_tasks`` page returns at most."""
PAGE_ASKED_MAX = 1000
"""The largest ``limit`` a caller may ask for (it gets ``PAGE_MAX``)."""
OFFSET_MAX = 1_000_000
TASK_NUMBER_MAX = 2**31 - 1
"""Task numbers are 32-bit integers."""
THREAD_TITLE_MAX = 200
MAX_REMINDERS = 5
"""Reminders one task holds at most."""
REMINDER_RULE_MAX = 32
"""Characters of a stored reminder rule (``2026-11-27T16:30`` or ``-P1DT2H30M``)."""
REMINDER_OFFSET_MAX_DAYS = 28
"""How far before its due time a reminder may be (``-P28D``, four weeks)."""
NOTIFICATION_BODY_MAX = 500
NOTIFICATION_PAGE_MAX = 100
"""Notifications one listing returns at most."""
