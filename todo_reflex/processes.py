"""Starting, waiting for and stopping processes, for ``make run``, topology, bench and tests.

Each service runs in its own session (process group), so stopping it stops its children too
(Reflex's Granian workers, nginx's worker).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Service:
    """One process group, started from ``command``, and where its output goes."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path | None = None
    """Output is appended here; with none it is dropped, or shown (``terminal``)."""
    cwd: Path = ROOT
    terminal: bool = False
    """With no log: the output goes to the caller's terminal (``make run``)."""
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Service:
        """Start (or start again) the command in a new session."""
        out = open(self.log, "ab") if self.log else (  # noqa: SIM115 - closed below
            None if self.terminal else subprocess.DEVNULL)
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own command lines
                self.command, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=out,
                stderr=None if self.terminal and not self.log else subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if self.log:
                out.close()
        return self

    @property
    def running(self) -> bool:
        """Whether the process has been started and has not ended."""
        return self.process is not None and self.process.poll() is None

    def send(self, sig: int) -> None:
        """Send ``sig`` to the whole process group (nothing if it is gone)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)

    def stop(self, seconds: float = 15, sig: int = signal.SIGTERM) -> None:
        """Signal the process group, then kill it if it has not ended in ``seconds``."""
        stop_all([self], seconds, sig)

    def tail(self, chars: int = 3000) -> str:
        """The end of the service's log."""
        if self.log and self.log.exists():
            return self.log.read_text(errors="replace")[-chars:]
        return ""


def stop_all(services: Iterable[Service], seconds: float = 15,
             sig: int = signal.SIGTERM) -> None:
    """Signal every group, wait up to ``seconds`` in all, then kill what is left.

    The kill also reaches children that outlived their group's leader.
    """
    started = [s for s in services if s.process is not None]
    for service in started:
        service.send(sig)
    deadline = time.monotonic() + seconds
    for service in started:
        with contextlib.suppress(subprocess.TimeoutExpired):
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
    for service in started:
        service.send(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            service.process.wait(timeout=5)


def wait_http(url: str, service: Service, seconds: float = 120, *,
              headers: Mapping[str, str] | None = None, ok: int = 500,
              interval: float = 0.2, follow_redirects: bool = False) -> float:
    """Wait until ``url`` answers with a status below ``ok``; returns the seconds it took.

    One client serves every poll: a new httpx client per poll costs ~40 ms of CPU.

    Raises:
        RuntimeError: The service ended, or did not answer in time (with its log's end).
    """
    started = time.perf_counter()
    deadline = started + seconds
    with httpx.Client(timeout=2, headers=dict(headers or {}),
                      follow_redirects=follow_redirects) as client:
        while time.perf_counter() < deadline:
            if not service.running:
                code = service.process.returncode if service.process else None
                raise RuntimeError(f"The {service.name} exited with code {code}.\n"
                                   f"{service.tail()}".rstrip())
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url).status_code < ok:
                    return time.perf_counter() - started
            time.sleep(interval)
    raise RuntimeError(f"The {service.name} did not answer {url} within {seconds:.0f} s.\n"
                       f"{service.tail()}".rstrip())
