"""The app's roles started the way a pod runs them (``entrypoint.sh <role>``).

Starting, waiting and stopping are :mod:`todo_reflex.processes`, shared with ``make run``, the
bench and the tests. Used by the topology (``deploy.topology``) and the probe test
(``tests/deploy/test_probes_live.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from todo_reflex.processes import ROOT, Service, free_port, wait_http

ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"
__all__ = ["ENTRYPOINT", "ROOT", "Service", "free_port", "role", "wait_http"]


def role(name: str, role_name: str, env: Mapping[str, str], log: Path | None = None, *,
         args: tuple[str, ...] = (), source: Path = ROOT) -> Service:
    """A service that runs ``entrypoint.sh <role>`` of the tree ``source`` (not started yet)."""
    entrypoint = source / ENTRYPOINT.relative_to(ROOT)
    return Service(name, [str(entrypoint), role_name, *args], dict(env), log, source)
