"""A real SMTP server for tests (aiosmtpd, in a thread on a free loopback port) and its inbox."""

from __future__ import annotations

import email
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.mcp import free_port


@dataclass
class Inbox:
    """What the server accepted; ``before_accept`` may refuse a message (returns a reply)."""

    messages: list[EmailMessage] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)
    before_accept: Callable[[str, EmailMessage], str | None] | None = None
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=default)
        if self.before_accept is not None:
            refusal = self.before_accept(envelope.mail_from, message)
            if refusal:
                return refusal
        with self.arrived:
            self.messages.append(message)
            self.senders.append(envelope.mail_from)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        """The messages once at least ``count`` arrived; fails after ``timeout`` seconds."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"{len(self.messages)} of {count} messages arrived")
            return list(self.messages)


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox

    def env(self) -> dict[str, str]:
        """The worker's environment for this server."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port)}

    def env_settings(self) -> dict[str, object]:
        """The same as ``Settings`` arguments."""
        return {"smtp_host": self.host, "smtp_port": self.port}


@contextmanager
def smtp_server(port: int | None = None, **controller: Any) -> Iterator[SmtpServer]:
    """Run an SMTP server (on a free port unless given) until the block ends."""
    inbox = Inbox()
    port = port or free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port, **controller)
    server.start()
    try:
        yield SmtpServer("127.0.0.1", port, inbox)
    finally:
        server.stop()
