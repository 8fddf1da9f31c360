"""Helpers for tests of the core: one transaction per service call.

Core services work in the caller's database session, as the app's edges (states, MCP tools,
CLI) call them; they read Redis, limits and secrets from the process's settings, which tests
set with :func:`todo_reflex.core.settings.use_settings`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from todo_reflex.core.db import session_scope

T = TypeVar("T")


def in_session(service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a core service in its own transaction, committed when it returns."""
    with session_scope() as session:
        return service(*args, session=session, **kwargs)
