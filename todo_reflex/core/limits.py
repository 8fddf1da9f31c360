"""The limits of what callers may send and store, in one place.

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
REPEAT_COUNT_MAX = 1000
"""The largest ``COUNT=`` of a repeat rule."""
REPEAT_INTERVAL_MAX = 1000
"""The largest ``INTERVAL=`` of a repeat rule."""
REPEAT_UNTIL_YEARS_MAX = 100
"""How many years ahead a rule's ``UNTIL=`` may be."""
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

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MAX_VERIFY_LENGTH = 4096
"""Characters of a password checked at sign-in; longer input is refused before hashing (CPU)."""
MAX_EMAIL_LENGTH = 320
MAX_EMAIL_LOCAL_LENGTH = 64
MAX_TOKENS_PER_USER = 50
"""Personal access tokens one user may hold."""
MAX_EXPIRY_DAYS = 3650
"""The longest lifetime of a personal access token."""
FEED_EVENTS_MAX = 5000
"""Tasks one calendar feed carries at most."""
