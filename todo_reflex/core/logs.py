"""JSON logs, one object per line: timestamp, level, service, request_id, user_id, message."""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("user_id", default=None)


class _ContextFilter(logging.Filter):
    """Adds the service name and the current request and user to every record."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = getattr(record, "request_id", None) or request_id_var.get()
        record.user_id = getattr(record, "user_id", None) or user_id_var.get()
        return True


_FEED_KEY = re.compile(r"(/calendar/)[^/\s\"'?]+(\.ics)")


class _FeedKeyFilter(logging.Filter):
    """A calendar address is a secret: an access log line shows ``/calendar/<key>.ics``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg, record.args = _FEED_KEY.sub(r"\1<key>\2", message), None
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send every log record to stdout as JSON, tagged with ``service``."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{service}{request_id}{user_id}{message}",
            style="{",
            rename_fields={"asctime": "timestamp", "levelname": "level"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
        )
    )
    handler.addFilter(_ContextFilter(service))
    handler.addFilter(_FeedKeyFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("fastmcp", "uvicorn", "uvicorn.error", "uvicorn.access"):
        library = logging.getLogger(name)
        library.handlers.clear()
        # whatever configured them before (uvicorn's own config), the root's level rules
        library.propagate, library.disabled = True, False
        library.setLevel(logging.NOTSET)
    for chatty in ("httpx", "httpcore"):  # one INFO line per MCP request of the backend
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
