"""Request bodies that are too slow are cut off (HTTP 408) over a real socket and uvicorn."""

from __future__ import annotations

import json
import secrets
import select
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mcp_server.server import create_app
from tests.mcp.test_security import INITIALIZE, MCP_HEADERS
from tests.support.mcp import serving
from todo_reflex.core import sessions, tokens, users
from todo_reflex.core.db import dispose_engine, session_scope
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import Settings, use_settings

BODY_TIMEOUT = 1.0


@dataclass
class Server:
    """A served MCP app with a short body timeout and a valid token for it."""

    host: str
    port: int
    token: str

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real MCP app on SQLite with a 1 s body timeout, served by uvicorn on a free port."""
    data_dir: Path = tmp_path_factory.mktemp("slow")
    url = f"sqlite:///{data_dir / 'mcp.db'}"
    settings = Settings(
        database_url=url, redis_url="", auth_secret=secrets.token_urlsafe(48),
        data_dir=data_dir, app_env="test",
    )
    upgrade(url)
    try:
        with use_settings(settings):
            with session_scope() as db:
                user = users.register_user(session=db, email="ann@example.com",
                                           password="correct horse battery")
                session = sessions.create_session(session=db, user_id=user.id)
            token = tokens.issue_mcp_token(user_id=user.id, session_id=session.id)
            with serving(create_app(settings, body_timeout_seconds=BODY_TIMEOUT)) as base:
                host, port = base.removeprefix("http://").split(":")
                yield Server(host, int(port), token)
    finally:
        dispose_engine(url)


def trickle_post(server: Server, body: bytes, pause: float, give_up: float) -> tuple[bytes, float]:
    """POST ``body`` one byte every ``pause`` s; return the response and the seconds taken."""
    head = (
        f"POST /mcp HTTP/1.1\r\nHost: {server.host}:{server.port}\r\n"
        f"Authorization: Bearer {server.token}\r\nContent-Type: application/json\r\n"
        f"Accept: {MCP_HEADERS['Accept']}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((server.host, server.port), timeout=give_up) as sock:
        sock.sendall(head)
        started = time.monotonic()
        for byte in body:
            if select.select([sock], [], [], pause)[0] or time.monotonic() - started > give_up:
                break  # the server answered (or we stop waiting)
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
        took = time.monotonic() - started
        return _read_response(sock), took


def _read_response(sock: socket.socket) -> bytes:
    """Everything up to the end of the body that Content-Length announces."""
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer) < _expected_length(answer):
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def _expected_length(answer: bytes) -> int:
    head, _, _ = answer.partition(b"\r\n\r\n")
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":", 1)[1])
    return 0


def test_a_slow_body_is_cut_off_with_408(server):
    body = json.dumps(INITIALIZE).encode()
    answer, took = trickle_post(server, body, pause=0.1, give_up=5)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"request body too slow" in answer
    assert BODY_TIMEOUT - 0.1 < took < BODY_TIMEOUT + 2


def test_a_body_sent_in_time_still_works(server):
    body = json.dumps(INITIALIZE).encode()
    answer, _ = trickle_post(server, body, pause=0, give_up=5)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    healthy = httpx.get(f"{server.base}/health", timeout=5)
    assert healthy.status_code == 200
