"""A raw socket.io client of the Reflex backend, written as an attacker would write one.

It speaks the wire protocol of Reflex 0.10 directly (path ``/_event``, namespace ``/_event``,
the client token in the query string) without a browser or any of the app's own code.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import socketio

T = TypeVar("T")
NAMESPACE = "/_event"
ROOT = "reflex___state____state"
MARKER_STATE = f"{ROOT}.todo_reflex___states___auth____auth_state"
MARKER = f"{MARKER_STATE}.set_browser_timezone"
FIELD = "_rx_state_"


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine outside Playwright's own event loop (browser tests share the thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ReflexSocket:
    """One browser tab's connection: send events, collect every update the server pushes."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.token = str(uuid.uuid4())
        self.updates: list[dict[str, Any]] = []
        self._arrived = asyncio.Event()
        self._marks = 0
        self._sio = socketio.AsyncClient(reconnection=False)
        self._sio.on("event", self._on_update, namespace=NAMESPACE)

    async def __aenter__(self) -> ReflexSocket:
        await self._sio.connect(
            f"{self.base_url}?token={self.token}", socketio_path="_event",
            namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=20,
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._sio.disconnect()

    async def _on_update(self, update: Any) -> None:
        self.updates.append(update if isinstance(update, dict) else {"raw": update})
        self._arrived.set()

    async def emit(self, name: str, payload: dict[str, Any] | None = None, *,
                   path: str = "/chat") -> None:
        """Send the event ``name`` (``<state full name>.<handler>``) without waiting."""
        await self._sio.emit(
            "event",
            {"name": name, "payload": payload or {}, "token": self.token,
             "router_data": {"pathname": path, "asPath": path, "query": {}}},
            namespace=NAMESPACE,
        )

    async def call(
        self, name: str, payload: dict[str, Any] | None = None, *, path: str = "/chat",
        timeout: float = 30,
    ) -> list[dict[str, Any]]:
        """Send an event, then a marker event, and return every update until the marker's.

        A tab's events are processed in order, so the marker's update means the event is done
        (a background task it started may still be running).
        """
        start = len(self.updates)
        await self.emit(name, payload, path=path)
        self._marks += 1
        mark = f"mark-{self._marks}"
        await self.emit(MARKER, {"zone": mark}, path=path)
        await self.wait_for(lambda: self.value(MARKER_STATE, "browser_timezone", start) == mark,
                            timeout)
        return self.updates[start:]

    async def wait_for(self, condition: Any, timeout: float = 30) -> None:
        """Wait until ``condition()`` holds for the updates received so far."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._arrived.clear()
                await self._arrived.wait()

    def value(self, state: str, var: str, since: int = 0) -> Any:
        """The last value the server sent for ``state``'s ``var`` (None when never sent)."""
        for update in reversed(self.updates[since:]):
            values = (update.get("delta") or {}).get(state) or {}
            if f"{var}{FIELD}" in values:
                return values[f"{var}{FIELD}"]
        return None

    def transcript(self) -> str:
        """Everything received, as one string to search."""
        return json.dumps(self.updates, default=str)
