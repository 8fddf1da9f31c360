"""Clients of the task tools that send the user's token, for the web app and the assistant.

With ``MCP_SERVER_URL`` set, calls go over the network to that server. Without it (plain
``reflex run``), the same server is started once in this process on a loopback port, so every
mode uses one code path: HTTP, bearer token, the same checks.
"""

from __future__ import annotations

import ssl
import threading
import time
from functools import cache

import httpx
import httpx2
import uvicorn
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport

from todo_reflex.core.settings import Settings, get_settings
from todo_reflex.processes import free_port

_lock = threading.Lock()
_local_url: str | None = None
STARTUP_TIMEOUT_SECONDS = 20


def mcp_url(settings: Settings | None = None) -> str:
    """The URL of the MCP endpoint: ``MCP_SERVER_URL`` or the in-process loopback server."""
    settings = settings or get_settings()
    return settings.mcp_server_url or _start_local_server(settings)


def task_client(token: str, settings: Settings | None = None, timeout: float = 30) -> Client:
    """A FastMCP client of the task tools acting as the token's user."""
    transport = StreamableHttpTransport(
        mcp_url(settings), headers={"Authorization": f"Bearer {token}"}, verify=tls_context()
    )
    return Client(transport, timeout=timeout)


@cache
def tls_context() -> ssl.SSLContext:
    """One TLS context per process, the one the transport would build for every connection.

    Without it each client builds its own and reads the CA bundle again, even for ``http://``:
    about a third of a backend worker's CPU at 50 chat users (py-spy).
    """
    return httpx2.create_ssl_context()


def _start_local_server(settings: Settings) -> str:
    """Start the MCP server once in a daemon thread on 127.0.0.1 and return its URL."""
    global _local_url
    with _lock:
        if _local_url:
            return _local_url
        from mcp_server.server import create_app

        port = free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_config=None, access_log=False
        )
        server = uvicorn.Server(config)
        threading.Thread(target=server.run, name="mcp-in-process", daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    _local_url = f"{base}/mcp"
                    return _local_url
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the in-process MCP server did not start")
