"""A TCP relay in front of a real PostgreSQL or Redis that a test can take down and bring back.

While it is down the port refuses connections and every open connection is reset, which is
what the app sees when the server stops; bringing it back is a restart (old connections stay
gone, new ones reach the same server and data).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Relay:
    """Forwards ``127.0.0.1:<port>`` to a target while up."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self._loop.run_forever, daemon=True, name="relay").start()
        self.up()

    def _run(self, coro) -> None:  # noqa: ANN001 - a coroutine
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    def up(self) -> None:
        """Accept and forward connections."""
        async def start() -> None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port,
                                                      reuse_address=True)
        self._run(start())

    def down(self) -> None:
        """Refuse new connections and reset every open one."""
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
                self._server = None
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()
        self._run(stop())

    @contextmanager
    def outage(self) -> Iterator[None]:
        """Down for the ``with`` block, up again afterwards (even when the test fails)."""
        self.down()
        try:
            yield
        finally:
            self.up()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()
