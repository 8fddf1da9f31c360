"""The production topology on one machine: what the chart runs, as local processes.

An nginx ingress (TLS, generated from the rendered Ingress) in front of one frontend, two Reflex
backends sharing a Redis state manager, the MCP server and the reminder worker; a private
PostgreSQL and a Redis started from the chart's ``redis.conf``. Every role starts from
``deploy/docker/entrypoint.sh`` with the environment the chart renders for its Deployment; only
cluster addresses become loopback ports (see :func:`deploy.topology.chart.localize`). Everything
lives in one temporary folder and is stopped and removed when the context ends, also when a
test fails.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import psutil

from deploy.topology.chart import VALUES_FILES, Rendered, deep_merge, file_values, localize
from deploy.topology.datastores import PostgreSQL, Redis
from deploy.topology.nginx import Listener, nginx
from deploy.topology.processes import ROOT, Service, free_port, role, wait_http

HOST = "todo-app.local"
BACKENDS = 2
# Held by every build into ROOT/.web (tests/web/conftest.py takes the same lock).
BUILD_LOCK = Path("/tmp/todo-reflex-web-tests.lock")  # noqa: S108 - a well-known shared name
LOCK_WAIT_SECONDS = 600  # a cold export takes ~1-2 min; a busy machine, several
# Every test user comes from 127.0.0.1: the per-address limits would refuse the 50-user load.
LOCAL_LIMITS = {"SIGNUPS_PER_IP_PER_HOUR": "10000",
                "LOGIN_FAILURES_PER_IP_PER_15_MINUTES": "10000"}
START_SECONDS = 180


def build_export(folder: Path, source: Path = ROOT) -> Path:
    """The production frontend export of ``source``, copied into ``folder``.

    The checkout's export is rebuilt only when its sources changed (``make run``'s rule), under
    the lock every build into ``.web`` takes; the copy keeps serving while another run rebuilds
    it. Another tree (a snapshot, see ``TOPOLOGY_SOURCE``) is exported once.
    """
    from todo_reflex.core.settings import child_environment
    from todo_reflex.runner import EXPORT, build_frontend

    env = child_environment(REFLEX_TELEMETRY_ENABLED="false")
    export = source / EXPORT.relative_to(ROOT)
    with open(BUILD_LOCK if source == ROOT else source / ".build.lock", "w") as lock:
        _take(lock)
        if source == ROOT:
            build_frontend(env)
        elif not (export / "index.html").is_file():
            subprocess.run(  # noqa: S603 - our own command line
                [str(Path(sys.executable).with_name("reflex")), "export", "--frontend-only",
                 "--no-zip", "--env", "prod", "--loglevel", "warning"],
                cwd=source, env={**env, "PYTHONPATH": str(source)}, check=True)
        return Path(shutil.copytree(export, folder / "client"))


def _take(lock: IO[str], seconds: float = LOCK_WAIT_SECONDS) -> None:
    """Take the build lock, waiting at most ``seconds``.

    A holder that never lets go, such as a browser-test app of the same run, must fail the
    start rather than hang it.
    """
    deadline = time.monotonic() + seconds
    announced = False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the frontend build lock {lock.name} was held for more than "
                                   f"{seconds:.0f} s (a running tests/web app holds it)") from None
            if not announced:
                print(f"Frontend: waiting for another build of .web to finish ({lock.name})...",
                      flush=True)
                announced = True
            time.sleep(1)


def certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A certificate for ``host`` from ``certs/generate.sh``, written in ``folder/certs``."""
    certs = folder / "certs"
    certs.mkdir()
    script = Path(shutil.copy2(ROOT / "certs" / "generate.sh", certs / "generate.sh"))
    subprocess.run([str(script), host], check=True, capture_output=True)  # noqa: S603
    return certs / "tls.crt", certs / "tls.key"


class Topology(contextlib.AbstractContextManager):
    """The whole topology; ``with Topology() as t:`` starts it, leaving the block stops it."""

    def __init__(self, folder: Path | None = None, *, host: str = HOST,
                 backends: int = BACKENDS, source: Path | None = None) -> None:
        # TOPOLOGY_SOURCE: run another tree of the app (e.g. `git archive HEAD`), not this one
        self.source = source or Path(os.environ.get("TOPOLOGY_SOURCE") or ROOT)
        self.folder = folder or Path(tempfile.mkdtemp(prefix="todo-topology-"))
        self.folder.chmod(0o755)  # PostgreSQL and nginx's workers run as other users
        self.host = host
        self.ports = {name: free_port() for name in
                      ("https", "http", "plain", "frontend", "mcp", "redis", "postgres")}
        self.backend_ports = [free_port() for _ in range(backends)]
        self.services: dict[str, Service] = {}
        self.postgres = PostgreSQL(self._dir("postgres"), self.ports["postgres"])
        self.redis: Redis | None = None
        self.rendered: Rendered | None = None
        self.plain: Rendered | None = None
        self.timings: dict[str, float] = {}
        self._closed = False

    # -- addresses -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The public https URL (the Ingress host on the https port)."""
        return f"https://{self.host}:{self.ports['https']}"

    @property
    def http_url(self) -> str:
        """The plain-HTTP listener that redirects to :attr:`url`."""
        return f"http://{self.host}:{self.ports['http']}"

    @property
    def plain_url(self) -> str:
        """The same build behind a plain-HTTP Ingress (``tls.enabled: false``) on its own port."""
        return f"http://{self.host}:{self.ports['plain']}"

    @property
    def cert(self) -> Path:
        """The ingress certificate (self-signed, also its own CA)."""
        return self.folder / "certs" / "tls.crt"

    @property
    def database_url(self) -> str:
        """The app's database, as the backends reach it."""
        return self.env("backend")["DATABASE_URL"]

    def values(self, *, tls: bool = True) -> dict[str, Any]:
        """The chart values of this topology: the guide's Minikube install, two backends."""
        origins = f"https://{self.host}:{self.ports['https']},{self.plain_url}"
        return deep_merge(file_values(*VALUES_FILES), {
            "secrets": {"authSecret": secrets.token_urlsafe(48)},
            "postgresql": {"auth": {"password": secrets.token_urlsafe(16)}},
            "backend": {"replicaCount": len(self.backend_ports)},
            "config": {"publicUrl": self.url, "corsOrigins": origins,
                       "trustedProxies": "127.0.0.1/32"},  # the ingress, as the pod network
            "ingress": {"host": self.host, "tls": {"enabled": tls}},
        })

    def env(self, deployment: str) -> dict[str, str]:
        """The rendered environment of ``deployment``, pointed at the local processes."""
        assert self.rendered is not None
        services = self.rendered.service_ports()
        local = {"postgresql-service": (services["postgresql-service"], self.ports["postgres"]),
                 "redis-service": (services["redis-service"], self.ports["redis"]),
                 "mcp-service": (services["mcp-service"], self.ports["mcp"])}
        env = localize(self.rendered.env(deployment), local)
        if "REDIS_PORT" in env:
            env["REDIS_PORT"] = str(self.ports["redis"])
        venv_bin = str(Path(sys.executable).parent)
        base = {key: os.environ[key] for key in ("HOME", "LANG", "TMPDIR") if key in os.environ}
        if self.source != ROOT:
            base["PYTHONPATH"] = str(self.source)
        return {**base, **env, **LOCAL_LIMITS, "PYTHON": sys.executable,
                "PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
                "DATA_DIR": str(self._dir(f"data-{deployment}")), "PYTHONUNBUFFERED": "1"}

    def _dir(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(exist_ok=True)
        return path

    # -- start and stop ----------------------------------------------------------------------

    def __enter__(self) -> Topology:
        atexit.register(self.close)
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _timed(self, name: str, started: float) -> None:
        self.timings[name] = round(time.monotonic() - started, 1)

    def _start(self) -> None:
        started = time.monotonic()
        self.rendered = Rendered.of(self.values())
        self.plain = Rendered.of(deep_merge(self.rendered.values,
                                            {"ingress": {"tls": {"enabled": False}}}))
        with ThreadPoolExecutor(2) as pool:
            export = pool.submit(build_export, self.folder, self.source)
            self._start_datastores()
            self._timed("datastores", started)
            self._migrate()
            self._timed("migrated", started)
            client = export.result()
            self._timed("frontend export", started)
        certificate(self.folder, self.host)
        self._define_roles(client)
        for name in ("mcp", *self.backend_names, "frontend", "reminders"):
            self.services[name].start()
        for name in ("mcp", *self.backend_names, "frontend"):  # the worker serves no HTTP
            self.wait_ready(name)
        self._timed("roles ready", started)
        self.services["nginx"] = self._nginx().start()
        wait_http(f"http://127.0.0.1:{self.ports['plain']}/", self.services["nginx"], 30)
        self._timed("total", started)

    @property
    def backend_names(self) -> list[str]:
        """The backends' names: ``backend-1``, ``backend-2``."""
        return [f"backend-{i + 1}" for i in range(len(self.backend_ports))]

    def _start_datastores(self) -> None:
        assert self.rendered is not None
        auth = self.rendered.values["postgresql"]["auth"]
        self.postgres.init(role=auth.get("username", "todo"), password=auth["password"],
                           database=auth.get("database", "todo"))
        self.redis = Redis(self._dir("redis"), self.ports["redis"], self.rendered.redis_conf())
        self.redis.start()

    def _migrate(self) -> None:
        assert self.rendered is not None
        job = next(j for j in self.rendered.of_kind("Job") if j["metadata"]["name"].endswith(
            "-migrate"))
        (container,) = job["spec"]["template"]["spec"]["containers"]
        env = {**self.env("backend"), "MIGRATE_RETRY_SECONDS": "1"}
        done = subprocess.run(role("migrate", "", {}, source=self.source).command[:1]  # noqa: S603
                              + container["args"], env=env, cwd=self.source,
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"migrate failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")

    def _define_roles(self, client: Path) -> None:
        logs = self._dir("logs")
        mcp = {**self.env("mcp-server"), "MCP_HOST": "127.0.0.1",
               "MCP_PORT": str(self.ports["mcp"]), "PORT": str(self.ports["mcp"])}
        self.services["mcp"] = role("mcp", "mcp", mcp, logs / "mcp.log", source=self.source)
        for name, port in zip(self.backend_names, self.backend_ports, strict=True):
            env = {**self.env("backend"), "BACKEND_HOST": "127.0.0.1", "PORT": str(port)}
            self.services[name] = role(name, "backend", env, logs / f"{name}.log",
                                       source=self.source)
        frontend = {**self.env("frontend"), "PORT": str(self.ports["frontend"]),
                    "FRONTEND_ROOT": str(client)}
        self.services["frontend"] = role("frontend", "frontend", frontend, logs / "frontend.log",
                                         args=("--host", "127.0.0.1"), source=self.source)
        worker = self.env("reminder-worker")
        self.services["reminders"] = role("reminders", "reminders", worker,
                                          logs / "reminders.log", source=self.source)

    def _nginx(self) -> Service:
        assert self.rendered is not None and self.plain is not None
        listeners = [Listener(self.ports["https"], self.rendered, redirect_to=self.ports["http"]),
                     Listener(self.ports["plain"], self.plain)]
        upstreams = {"frontend-service": [self.ports["frontend"]],
                     "backend-service": self.backend_ports, "mcp-service": [self.ports["mcp"]]}
        key = self.folder / "certs" / "tls.key"
        return nginx(self._dir("nginx"), listeners, upstreams, self.cert, key)

    def port_of(self, name: str) -> int:
        """The local port of a role."""
        if name.startswith("backend-"):
            return self.backend_ports[self.backend_names.index(name)]
        return self.ports[name]

    def wait_ready(self, name: str, seconds: float = START_SECONDS) -> None:
        """Wait until the role's rendered readiness probe passes."""
        assert self.rendered is not None
        deployment = {"mcp": "mcp-server"}.get(name, name.split("-")[0])
        path = self.rendered.probe_path(deployment)
        wait_http(f"http://127.0.0.1:{self.port_of(name)}{path}", self.services[name], seconds,
                  ok=300)

    def stop(self, name: str) -> None:
        """Stop one role (SIGTERM to its process group, as the kubelet does)."""
        self.services[name].stop()

    def start(self, name: str) -> None:
        """Start a stopped role again and wait until it is ready."""
        self.services[name].start()
        self.wait_ready(name)

    def restart_redis(self) -> None:
        """``SHUTDOWN SAVE``, then start Redis again on its data directory."""
        assert self.redis is not None
        self.redis.shutdown_save()
        self.redis.start()

    def restart_postgres(self) -> None:
        """Stop PostgreSQL (fast shutdown) and start it again on its data directory."""
        self.postgres.stop()
        self.postgres.start()

    def websocket_holders(self) -> dict[str, int]:
        """Backend -> established TCP connections to it (nginx keeps only websockets open)."""
        counts = dict.fromkeys(self.backend_names, 0)
        ports = dict(zip(self.backend_ports, self.backend_names, strict=True))
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_ESTABLISHED and conn.laddr and conn.laddr.port in ports:
                counts[ports[conn.laddr.port]] += 1
        return counts

    def close(self) -> None:
        """Stop everything (the ingress first, the stores last) and remove the folder."""
        if self._closed:
            return
        self._closed = True
        for name in ["nginx", "frontend", *self.backend_names, "mcp"]:
            if name in self.services:
                with contextlib.suppress(Exception):
                    self.services[name].stop()
        if self.redis is not None:
            with contextlib.suppress(Exception):
                self.redis.stop()
        self.postgres.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
