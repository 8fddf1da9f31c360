"""The processes a benchmark talks to: a scratch PostgreSQL database, Redis DB 10, the MCP
server and a production Reflex build, each started the way Kubernetes starts it.

The Reflex build never happens in the repository's own ``.web`` (browser tests use it at the
same time): the tree is copied into a build directory under the system temp folder, one per
repository path, kept between runs so ``npm install`` is paid once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path

import httpx
import redis
import sqlalchemy as sa

from todo_reflex import processes
from todo_reflex.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
ADMIN_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
BUILD_DIR = Path(os.environ.get(
    "BENCH_BUILD_DIR",
    Path(tempfile.gettempdir()) / f"todo-bench-{hashlib.sha1(bytes(ROOT)).hexdigest()[:8]}",
))
LIMITS_OFF = {
    # a benchmark measures turns, not the limiter: 50 users from one address, many turns each
    "RATE_LIMIT_PER_MINUTE": "100000", "MCP_RATE_LIMIT_PER_MINUTE": "100000",
    "SIGNUPS_PER_IP_PER_HOUR": "100000", "LOGIN_FAILURES_PER_IP_PER_15_MINUTES": "100000",
}


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree in MB, from each process's ``/proc/PID/smaps_rollup``.

    Forked workers share their parent's pages (Reflex imports the app and calls ``gc.freeze()``
    before it forks them), and every process here shares library pages with the others on the
    machine (the bench itself runs the same venv). So:

    * ``pod``: what the tree would be charged alone in a container, near enough: anonymous pages
      split between the processes sharing them (``Pss_Anon``; only the tree shares them) plus
      file-backed pages counted once (the largest process's, as the workers map the same files).
    * ``pss``: every page split between all processes mapping it, in the tree or not (pages
      shared with the bench or another server are split with those: it flatters a lone server).
    * ``uss``: pages no other process maps (what stopping the tree frees at least).
    * ``rss``: every process's resident pages, shared ones counted in each (overstates a forked
      tree; information only).
    """

    pod: float = 0.0
    pss: float = 0.0
    uss: float = 0.0
    rss: float = 0.0
    processes: int = 0

    def peak(self, other: Memory) -> Memory:
        """The larger of each figure (peaks of a series of samples)."""
        return Memory(*(max(mine, theirs) for mine, theirs in zip(astuple(self), astuple(other),
                                                                   strict=True)))


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _rollup_kb(pid: int) -> dict[str, int]:
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        fields[key] = int(rest.split()[0])
    return fields


def tree_memory(pid: int) -> Memory:
    """The memory of ``pid`` and all its descendants (see ``Memory``)."""
    rollups = []
    for current in tree_pids(pid):
        try:
            kb = _rollup_kb(current)
        except (OSError, ValueError, IndexError):
            continue  # exited meanwhile
        if "Pss" in kb:  # a zombie has no pages
            rollups.append(kb)
    if not rollups:
        return Memory()
    anon = sum(kb.get("Pss_Anon", kb["Pss"]) for kb in rollups)  # Pss_Anon: Linux 5.8+
    files = max(kb["Rss"] - kb.get("Anonymous", 0) for kb in rollups)
    return Memory(
        pod=(anon + files) / 1024, pss=sum(kb["Pss"] for kb in rollups) / 1024,
        uss=sum(kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0) for kb in rollups) / 1024,
        rss=sum(kb["Rss"] for kb in rollups) / 1024, processes=len(rollups),
    )


@contextmanager
def scratch_database(admin_url: str = ADMIN_DATABASE_URL, *, migrate: bool = True
                     ) -> Iterator[str]:
    """Create an empty PostgreSQL database (migrated), yield its URL, drop it afterwards."""
    name = f"todo_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        if migrate:
            from todo_reflex.core.migrate import upgrade

            upgrade(url)
        yield url
    finally:
        from todo_reflex.core.db import dispose_engine

        dispose_engine(url)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_stack() -> Iterator[Stack]:
    """A Stack on a scratch database; its database and data folder are gone afterwards."""
    with scratch_database() as url:
        st = Stack(url)
        try:
            yield st
        finally:
            shutil.rmtree(st.data_dir, ignore_errors=True)


def flush_redis(url: str = REDIS_URL) -> None:
    """Empty the benchmark's own Redis database (DB 10), nothing else."""
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


@dataclass
class Stack:
    """Where the services of one benchmark run live, and the secrets they share."""

    database_url: str
    redis_url: str = REDIS_URL
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    data_dir: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="todo-bench-data-")))
    """Logs and files of the services; removed when the run ends (``scratch_stack``)."""

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a service process: this stack, offline engine, limits off."""
        venv_bin = os.path.dirname(sys.executable)
        return {
            **os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
            "AUTH_SECRET": self.secret, "DATA_DIR": str(self.data_dir), "APP_ENV": "test",
            "ASSISTANT_ENGINE": "offline", "REFLEX_USE_NPM": "1", "LOG_LEVEL": "WARNING",
            "REFLEX_TELEMETRY_ENABLED": "false", **LIMITS_OFF, **extra,
        }

    def settings(self):  # noqa: ANN201 - Settings of the code under test
        """Settings that reach this stack's database and Redis, for seeding in-process."""
        from todo_reflex.core.settings import Settings

        return Settings(database_url=self.database_url, redis_url=self.redis_url,
                        auth_secret=self.secret, data_dir=self.data_dir, app_env="test",
                        rate_limit_per_minute=100000, mcp_rate_limit_per_minute=100000)


@dataclass
class Service(processes.Service):
    """A started process group, its URL and how long it took to answer."""

    url: str = ""
    ready_seconds: float = 0.0

    def memory(self) -> Memory:
        """The memory of the process and all its children (see ``Memory``)."""
        return tree_memory(self.process.pid)


def start(command: list[str], *, cwd: Path, env: dict[str, str], log: Path, url: str
          ) -> Service:
    """Start ``command`` in its own process group, output to ``log`` (emptied first)."""
    log.write_bytes(b"")
    return Service(url, command, env, log, cwd, url=url).start()


def stop(service: Service) -> None:
    """Stop a service and all its children (SIGTERM, then SIGKILL after 20 s)."""
    service.stop(20)


def wait_ok(service: Service, path: str, seconds: float, *, interval: float = 0.02) -> float:
    """Poll ``service.url + path`` until it answers 2xx; return the seconds since now."""
    return processes.wait_http(service.url + path, service, seconds, ok=300, interval=interval,
                               follow_redirects=True)


def ready_path(service: Service) -> str:
    """``/health/ready`` where the service has it (readiness), else ``/health`` (liveness)."""
    try:
        status = httpx.get(service.url + "/health/ready", timeout=5).status_code
    except httpx.HTTPError:
        return "/health"
    return "/health" if status == 404 else "/health/ready"


@contextmanager
def mcp_server(stack: Stack, *, cwd: Path = ROOT) -> Iterator[Service]:
    """``python -m mcp_server`` on a free port; ``ready_seconds`` is spawn to first 200."""
    port = free_port()
    env = stack.env(MCP_HOST="127.0.0.1", MCP_PORT=str(port), PYTHONPATH=str(cwd))
    started = time.perf_counter()
    service = start([sys.executable, "-m", "mcp_server"], cwd=cwd, env=env,
                    log=stack.data_dir / f"mcp-{port}.log", url=f"http://127.0.0.1:{port}")
    try:
        wait_ok(service, "/health", 60)
        path = ready_path(service)
        if path != "/health":
            wait_ok(service, path, 60)
        service.ready_seconds = time.perf_counter() - started
        yield service
    finally:
        stop(service)


@contextmanager
def build_lock(build_dir: Path = BUILD_DIR) -> Iterator[None]:
    """Hold the build directory for one run: two runs of the same tree take turns."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build_tree(root: Path = ROOT, build_dir: Path = BUILD_DIR) -> Path:
    """Copy the repository's files (tracked and new, not ignored) into ``build_dir/app``.

    ``.web`` there is kept between runs (its ``node_modules``); everything else is replaced.
    """
    app = build_dir / "app"
    app.mkdir(parents=True, exist_ok=True)
    for entry in app.iterdir():
        if entry.name == ".web":
            continue
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = root / name
        if not source.is_file() or name.startswith((".web/", "tests/", "deploy/", "docs/")):
            continue
        target = app / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return app


def reflex_env(stack: Stack, mcp: Service, app_dir: Path, port: int,
               origins: Sequence[str] = ()) -> dict[str, str]:
    """The web app's environment: this stack, the MCP server as its own process.

    ``origins`` are pages served elsewhere (the frontend role) whose websocket it accepts.
    """
    allowed = [f"http://localhost:{port}", f"http://127.0.0.1:{port}", *origins]
    env = stack.env(MCP_SERVER_URL=f"{mcp.url}/mcp", PYTHONPATH=str(app_dir),
                    CORS_ORIGINS=",".join(allowed))
    env.pop("REFLEX_REDIS_URL", None)
    for name in [n for n in env if n.startswith("PYTEST_")]:
        env.pop(name)  # Reflex runs differently when it thinks it is under pytest
    return env


@contextmanager
def reflex_prod(stack: Stack, mcp: Service, app_dir: Path, origins: Sequence[str] = ()
                ) -> Iterator[Service]:
    """``reflex run --env prod`` (build, then frontend and backend on one port).

    ``ready_seconds`` is the build plus start, until ``/health/ready`` and ``/chat`` answer.
    ``origins``: see :func:`reflex_env`.
    """
    port = free_port()
    started = time.perf_counter()
    service = start(["reflex", "run", "--env", "prod", "--frontend-port", str(port)],
                    cwd=app_dir, env=reflex_env(stack, mcp, app_dir, port, origins),
                    log=stack.data_dir / "reflex-prod.log", url=f"http://localhost:{port}")
    try:
        wait_ok(service, "/health", 900, interval=0.5)
        wait_ok(service, ready_path(service), 60)
        wait_ok(service, "/chat", 60)
        service.ready_seconds = time.perf_counter() - started
        yield service
    finally:
        stop(service)


@contextmanager
def reflex_backend(stack: Stack, mcp: Service, app_dir: Path) -> Iterator[Service]:
    """``reflex run --env prod --backend-only`` (what a backend pod runs; no build).

    ``ready_seconds`` is spawn to the first 200 of ``/health/ready``.
    """
    port = free_port()
    started = time.perf_counter()
    service = start(["reflex", "run", "--env", "prod", "--backend-only", "--backend-port",
                     str(port)], cwd=app_dir, env=reflex_env(stack, mcp, app_dir, port),
                    log=stack.data_dir / "reflex-backend.log", url=f"http://localhost:{port}")
    try:
        wait_ok(service, "/health", 120)
        wait_ok(service, ready_path(service), 60)
        service.ready_seconds = time.perf_counter() - started
        yield service
    finally:
        stop(service)
