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


def test_an_access_log_line_never_holds_a_calendar_key(capsys, restore_logging) -> None:
    configure_logging("todo-web")
    # uvicorn's own access line: client, method, path, HTTP version, status
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "10.0.0.7:5123", "GET",
                                             "/calendar/s3cr3t-Key_x.ics", "1.1", 200)
    [line] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert line["message"] == '10.0.0.7:5123 - "GET /calendar/<key>.ics HTTP/1.1" 200'
