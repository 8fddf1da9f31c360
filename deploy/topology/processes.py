"""Starting and stopping the app's processes the way a pod runs them.

Each service runs in its own session (process group), so stopping it stops its children too
(Reflex's Granian workers, nginx's worker). Shared by the topology (``deploy.topology``) and
the probe test (``tests/deploy/test_probes_live.py``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Service:
    """One running process group and where its output goes."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path | None = None
    cwd: Path = ROOT
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Service:
        """Start (or start again) the command in a new session; output to ``log``."""
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own command lines
                self.command, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            if self.log:
                out.close()
        return self

    @property
    def running(self) -> bool:
        """Whether the process has been started and has not ended."""
        return self.process is not None and self.process.poll() is None

    def stop(self, seconds: float = 15, sig: int = signal.SIGTERM) -> None:
        """Signal the whole process group, then kill it if it has not ended in ``seconds``."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # children that outlived the leader
            os.killpg(self.process.pid, signal.SIGKILL)

    def tail(self, chars: int = 3000) -> str:
        """The end of the service's log."""
        if self.log and self.log.exists():
            return self.log.read_text(errors="replace")[-chars:]
        return ""


def role(name: str, role_name: str, env: Mapping[str, str], log: Path | None = None, *,
         args: tuple[str, ...] = (), source: Path = ROOT) -> Service:
    """A service that runs ``entrypoint.sh <role>`` of the tree ``source`` (not started yet)."""
    entrypoint = source / ENTRYPOINT.relative_to(ROOT)
    return Service(name, [str(entrypoint), role_name, *args], dict(env), log, source)


def wait_http(url: str, service: Service, seconds: float = 120, *,
              headers: Mapping[str, str] | None = None, ok: int = 500) -> None:
    """Wait until ``url`` answers with a status below ``ok``.

    Raises:
        RuntimeError: The service ended, or did not answer in time (with its log's end).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not service.running:
            code = service.process.returncode if service.process else None
            raise RuntimeError(f"{service.name} exited with {code}:\n{service.tail()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2, headers=dict(headers or {})).status_code < ok:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{service.name}: {url} did not answer within {seconds:.0f} s:\n"
                       f"{service.tail()}")
