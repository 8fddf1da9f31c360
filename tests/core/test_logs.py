"""Logs: one JSON object per line, named after the service; library chatter stays out."""

from __future__ import annotations

import json
import logging

import pytest

from todo_reflex.core.logs import configure_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_name_the_service_and_httpx_stays_quiet(capsys, restore_logging) -> None:
    configure_logging("todo-web")
    logging.getLogger("todo_reflex.states.chat").info("turn done", extra={"duration_ms": 12.5})
    logging.getLogger("httpx").info("HTTP Request: POST http://mcp/mcp 200")
    logging.getLogger("httpx").warning("HTTP retry")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["service"], r["level"], r["message"]) for r in lines] == [
        ("todo-web", "INFO", "turn done"), ("todo-web", "WARNING", "HTTP retry")]
    assert lines[0]["duration_ms"] == 12.5
    assert "timestamp" in lines[0]
