"""Helpers of the topology tests: an address of the topology and clients through its ingress."""

from __future__ import annotations

import ssl
import uuid
from dataclasses import dataclass

import httpx

from deploy.topology import Topology


@dataclass
class Site:
    """An address of the topology, as ``tests.support.browser.sign_up`` expects one."""

    url: str

    def new_email(self, name: str = "user") -> str:
        """A fresh address."""
        return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


def client(topology: Topology, **kwargs: object) -> httpx.Client:
    """An httpx client that reaches the ingress at 127.0.0.1 and checks its certificate."""
    context = ssl.create_default_context(cafile=str(topology.cert))
    return httpx.Client(verify=context, timeout=10, **kwargs)


def get(topology: Topology, url: str, **kwargs: object) -> httpx.Response:
    """GET ``url`` (on the Ingress host) through the ingress, verifying TLS for that host."""
    local = url.replace(f"//{topology.host}:", "//127.0.0.1:")
    with client(topology) as http:
        return http.get(local, extensions={"sni_hostname": topology.host},
                        headers={"Host": url.split("//", 1)[1].split("/", 1)[0]}, **kwargs)
