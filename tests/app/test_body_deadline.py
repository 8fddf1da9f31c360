"""A request body that trickles in is cut off: 408 once the whole body is late.

The backend middleware runs in a real uvicorn on a free port; a raw socket client sends one
byte every 0.1 s, so no single read is slow but the body never finishes.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from todo_reflex.api import security_and_metrics
from todo_reflex.core.settings import get_settings

DEADLINE = 1.0


async def echo_length(request: Request) -> PlainTextResponse:
    """An endpoint that reads the whole body, like Reflex's ``/_upload``."""
    return PlainTextResponse(str(len(await request.body())))


@pytest.fixture
def serve(monkeypatch, tmp_path) -> Iterator[Callable[[ASGIApp], tuple[str, int]]]:
    """Serve an ASGI app with uvicorn in a thread; returns (host, port)."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("APP_ENV", "test")
    get_settings.cache_clear()
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: ASGIApp) -> tuple[str, int]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off",
                                log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        for _ in range(200):
            if server.started:
                return "127.0.0.1", port
            time.sleep(0.02)
        raise RuntimeError("uvicorn did not start")

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=5)
    get_settings.cache_clear()


@pytest.fixture
def address(serve) -> tuple[str, int]:
    app = Starlette(routes=[Route("/echo", echo_length, methods=["POST"])])
    return serve(security_and_metrics(app, body_timeout=DEADLINE))


def test_a_trickling_body_gets_408_at_the_deadline(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=5) as client:
        client.sendall(b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n")
        client.settimeout(0.1)
        started, answered, response = time.monotonic(), None, b""
        while time.monotonic() - started < 5:  # at most ~50 bytes: the body never completes
            try:
                client.sendall(b"x")
                chunk = client.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break  # the server closed the connection
            if not chunk:
                break
            answered = answered or time.monotonic()
            response += chunk
    assert response.startswith(b"HTTP/1.1 408"), response
    assert DEADLINE - 0.1 < answered - started < DEADLINE + 1.5
    head = response.split(b"\r\n\r\n")[0].lower()
    assert b"connection: close" in head
    assert b"x-frame-options: deny" in head


def test_a_body_that_arrives_in_time_is_served(address: tuple[str, int]) -> None:
    host, port = address
    response = httpx.post(f"http://{host}:{port}/echo", content=b"x" * 200_000, timeout=5)
    assert response.status_code == 200
    assert response.text == "200000"
