"""Every probe the chart gives a Deployment, sent as the kubelet sends it, to the real process.

The kubelet calls ``http://<pod IP>:<port><path>`` with the pod IP as the Host header. Each
role starts from ``entrypoint.sh`` (as in the image) on a free local port standing in for its
container port; the probe's path and headers come from the rendered chart.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from chartlib import ROOT

from deploy.topology.processes import free_port, role, wait_http

POD_IP = "10.244.0.17"
PROBES = ("startupProbe", "livenessProbe", "readinessProbe")
ROLES = ("mcp", "backend", "frontend")  # the order they need each other in

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def roles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    """The three app roles running in production mode; role -> local port."""
    data = tmp_path_factory.mktemp("probes")
    export = data / "export"
    export.mkdir()
    (export / "index.html").write_text("<html>app</html>")
    ports = {role: free_port() for role in ROLES}
    env = {**os.environ, "PYTHON": sys.executable, "APP_ENV": "prod", "DATA_DIR": str(data),
           "AUTH_SECRET": secrets.token_urlsafe(48), "DATABASE_URL": f"sqlite:///{data}/t.db",
           "REDIS_URL": "", "CORS_ORIGINS": "https://todo-app.local",
           "MCP_SERVER_URL": f"http://127.0.0.1:{ports['mcp']}/mcp", "MCP_HOST": "127.0.0.1",
           "MCP_PORT": str(ports["mcp"]), "BACKEND_HOST": "127.0.0.1",
           "FRONTEND_ROOT": str(export),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    subprocess.run([sys.executable, "-m", "todo_reflex.core.cli", "migrate"], env=env,  # noqa: S603
                   check=True, capture_output=True, cwd=ROOT)
    with ExitStack() as stack:
        for name in ROLES:
            service = role(name, name, {**env, "PORT": str(ports[name])}).start()
            stack.callback(service.stop, 10)
            wait_http(f"http://127.0.0.1:{ports[name]}/", service)
        yield ports


@pytest.mark.parametrize("deployment", ["frontend", "backend", "mcp-server"])
def test_every_probe_passes_as_the_kubelet_sends_it(rendered, roles, deployment: str) -> None:
    r = rendered("default")
    (container,) = r.get("Deployment", deployment)["spec"]["template"]["spec"]["containers"]
    role = container["args"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for kind in PROBES:
        probe = container[kind]["httpGet"]
        headers = {h["name"]: h["value"] for h in probe.get("httpHeaders", [])}
        headers.setdefault("Host", f"{POD_IP}:{ports[probe['port']]}")
        url = f"http://127.0.0.1:{roles[role]}{probe['path']}"
        deadline = time.monotonic() + 30  # readiness may wait for a warm-up
        while True:
            answer = httpx.get(url, headers=headers, timeout=5)
            if answer.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert answer.status_code == 200, (deployment, kind, probe["path"], answer.text[:200])
