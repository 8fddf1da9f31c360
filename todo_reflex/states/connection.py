"""What the browser is told when an event fails: a store that is down is said out loud.

Reflex calls :func:`on_backend_error` for every exception an event raises. A database that
can't be reached becomes a plain sentence (the event saved nothing, so the form keeps what was
typed); a state store (Redis) that can't be reached shows the connection banner, and the page
retries on its own until an event gets through again, which hides the banner.
"""

from __future__ import annotations

import logging

import redis.exceptions
import reflex as rx
from reflex.event import EventSpec  # by name: Reflex evaluates this annotation

from todo_reflex.core.errors import dependency_down

BANNER_ID = "connection-banner"
RETRY_ID = "connection-retry"
STORE_DOWN = "Can't reach the task store right now. Nothing was saved; please try again."
UNEXPECTED = "Something went wrong on our side. Please try again."
SHOW_BANNER = f"""(() => {{
  const banner = document.getElementById('{BANNER_ID}');
  if (banner) banner.hidden = false;
  if (window.__todoRetry) return;
  let wait = 1000;
  const retry = () => {{
    document.getElementById('{RETRY_ID}')?.click();
    wait = Math.min(wait * 2, 15000);
    window.__todoRetry = setTimeout(retry, wait);
  }};
  window.__todoRetry = setTimeout(retry, wait);
}})()"""
HIDE_BANNER = f"""(() => {{
  clearTimeout(window.__todoRetry);
  window.__todoRetry = null;
  const banner = document.getElementById('{BANNER_ID}');
  if (banner) banner.hidden = true;
}})()"""
logger = logging.getLogger(__name__)


def _causes(error: BaseException) -> list[BaseException]:
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        chain.append(error)
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return chain


def on_backend_error(exception: Exception) -> EventSpec:
    """Reflex's backend exception handler: a sentence for people, the details in the log."""
    error = exception
    causes = _causes(error)
    if any(isinstance(e, redis.exceptions.RedisError) for e in causes):
        logger.warning("state store unreachable: %s", error)
        return rx.call_script(SHOW_BANNER)
    if any(dependency_down(e) for e in causes):
        logger.warning("task store unreachable: %s", error)
        return rx.toast.error(STORE_DOWN, id="store-down", duration=8000)
    logger.error("event failed", exc_info=error)
    return rx.toast.error(UNEXPECTED, id="unexpected-error")


class ConnectionState(rx.State):
    """The page's retry while the banner shows."""

    @rx.event
    def back(self) -> rx.event.EventSpec:
        """An event got through again: hide the banner and stop retrying."""
        return rx.call_script(HIDE_BANNER)
