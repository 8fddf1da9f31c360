"""Raw Reflex websocket clients through the ingress (TLS, its self-signed certificate)."""

from __future__ import annotations

import asyncio

import socketio

from bench.chat_load import MeteredSocket
from deploy.topology import Topology
from tests.web.reflex_socket import NAMESPACE


class IngressSocket(MeteredSocket):
    """A browser tab's websocket, opened at the ingress's https port on 127.0.0.1."""

    def __init__(self, topology: Topology) -> None:
        super().__init__(f"https://127.0.0.1:{topology.ports['https']}")
        self._sio = socketio.AsyncClient(reconnection=False, ssl_verify=False)
        self._sio.on("event", self._on_update, namespace=NAMESPACE)

    @property
    def connected(self) -> bool:
        """Whether the socket.io session is up."""
        return self._sio.connected

    async def __aexit__(self, *_: object) -> None:
        await super().__aexit__()
        # let the TLS close finish before asyncio.run() closes the loop (else an unclosed
        # transport is reported, as a ResourceWarning, in whichever test runs next)
        await asyncio.sleep(0.25)
