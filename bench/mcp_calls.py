"""What one MCP tool call costs, next to the direct task-service call and ``/health``.

Starts the real MCP server (``python -m mcp_server``) over HTTP on a free loopback port against
a scratch PostgreSQL database and Redis, then prints p50/p95/p99 (ms) of ``list_tasks``,
``add_task`` and ``complete_task`` at concurrency 1 and 16 (16 users, one connection each),
the same service calls made directly in this process, the ``/health`` round trip, MCP's own
``ping`` (the protocol path with no tool: transport, bearer auth, JSON-RPC dispatch), the time
from start to ready, the first call after ready, and the server's RSS; then, while the server
runs, the database sessions of one tool call and of a chat turn (``bench/db_sessions.py``).

Calls are raw JSON-RPC posts (what any MCP client sends over stateless streamable HTTP), so
the client's own cost stays small next to the server's. Next to the latencies, the server's
own CPU time per call (from ``/proc``) is printed: on a busy machine latencies swing with
the load, CPU per call much less.

Usage::

    .venv/bin/python bench/mcp_calls.py [--calls 200] [--json]

Environment: ``BENCH_DATABASE_URL`` (a PostgreSQL server the bench may create a scratch
database on; default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) and
``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/12``; only keys of the bench's users
are written), ``BENCH_SERVER_ROOT`` (the source tree the server runs from, e.g. an older
revision unpacked with ``git archive``; default this checkout). ``measure()`` returns the
figures as a dict for the ``make bench`` suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import stack  # noqa: E402
from bench.stack import scratch_database  # noqa: E402
from todo_reflex.core import sessions, tasks, tokens, users  # noqa: E402
from todo_reflex.core.db import engine_for, session_scope  # noqa: E402
from todo_reflex.core.models import TaskCreate  # noqa: E402
from todo_reflex.core.settings import Settings, use_settings  # noqa: E402
from todo_reflex.processes import free_port  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
SEED_TASKS = 20
USERS = 16
WARMUP_CALLS = 20


def _percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds (nearest rank) of samples in seconds."""
    ordered = sorted(samples)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {"p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "n": len(ordered)}


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_rss_mb": fields.get("VmHWM", 0.0)}


@contextmanager
def _server(env: dict[str, str], port: int, log_path: Path) -> Iterator[tuple[Any, dict]]:
    """Start ``python -m mcp_server``; yield the process and its start-up figures (seconds
    until ``/health`` and, where it exists, ``/health/ready`` answer)."""
    root = Path(os.environ.get("BENCH_SERVER_ROOT", str(ROOT)))
    service = stack.start([sys.executable, "-m", "mcp_server"], cwd=root,
                          env={**os.environ, **env}, log=log_path,
                          url=f"http://127.0.0.1:{port}")
    try:
        live = stack.wait_ok(service, "/health", 60, interval=0.01)
        path = stack.ready_path(service)
        ready = live if path == "/health" else live + stack.wait_ok(service, path, 60,
                                                                    interval=0.01)
        yield service.process, {"live_s": round(live, 3), "ready_s": round(ready, 3),
                                "ready_path": path}
    finally:
        stack.stop(service)


class Caller:
    """One user's connection to the server, posting raw JSON-RPC tool calls."""

    def __init__(self, url: str, token: str) -> None:
        headers = {**HEADERS, "Authorization": f"Bearer {token}"}
        self.client = httpx.AsyncClient(headers=headers, timeout=30)
        self.url = url
        self._id = 0
        self.task_ids: list[int] = []

    async def call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Call a tool; raise on any error so a broken run cannot pass as fast."""
        self._id += 1
        body = {
            "jsonrpc": "2.0", "id": self._id, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments},
        }
        response = await self.client.post(self.url, json=body)
        response.raise_for_status()
        result = response.json()["result"]
        if result.get("isError"):
            raise RuntimeError(f"{tool} failed: {result['content'][0]['text']}")
        return result["structuredContent"]

    async def ping(self) -> None:
        """The protocol's own no-op: the same transport, auth and dispatch, no tool."""
        self._id += 1
        body = {"jsonrpc": "2.0", "id": self._id, "method": "ping"}
        response = await self.client.post(self.url, json=body)
        response.raise_for_status()
        if response.json().get("result") != {}:
            raise RuntimeError(f"ping failed: {response.text[:200]}")

    async def timed(self, tool: str, arguments: dict[str, Any]) -> float:
        """Seconds one call took, from the client's side."""
        started = time.perf_counter()
        result = await self.call(tool, arguments)
        elapsed = time.perf_counter() - started
        if tool == "add_task":
            self.task_ids.append(result["id"])
        return elapsed


def _arguments(tool: str, caller: Caller, i: int) -> dict[str, Any]:
    if tool == "list_tasks":
        return {"status": "pending"}
    if tool == "add_task":
        return {"title": f"bench task {i}", "priority": "low", "tags": ["bench"]}
    return {"task_id": caller.task_ids.pop()}


async def _run_tool(callers: list[Caller], tool: str, calls: int, pid: int) -> dict[str, Any]:
    """``calls`` calls per caller, all callers at once; latencies, throughput, server CPU."""
    samples: list[float] = []

    async def one(caller: Caller) -> None:
        for i in range(calls):
            samples.append(await caller.timed(tool, _arguments(tool, caller, i)))

    cpu = _cpu_seconds(pid)
    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in callers))
    wall = time.perf_counter() - started
    cpu_ms = (_cpu_seconds(pid) - cpu) * 1000 / len(samples)
    return {
        **_percentiles(samples), "calls_per_s": round(len(samples) / wall, 1),
        "server_cpu_ms": round(cpu_ms, 2),
    }


async def _mcp_figures(
    url: str, base: str, people: list[tuple[int, str]], calls: int, pid: int
) -> dict:
    callers = [Caller(url, token) for _, token in people]
    try:
        await callers[0].client.get(base + "/health")  # the client's first-use costs stay out
        first_started = time.perf_counter()
        await callers[0].call("list_tasks", {"status": "pending"})
        figures: dict[str, Any] = {"first_call_ms": round((time.perf_counter() - first_started)
                                                          * 1000, 2)}
        for caller in callers:  # warm every connection and code path
            for i in range(WARMUP_CALLS // 4):
                await caller.timed("add_task", _arguments("add_task", caller, i))
                await caller.timed("list_tasks", _arguments("list_tasks", caller, i))
        health: list[float] = []
        for _ in range(calls):
            started = time.perf_counter()
            (await callers[0].client.get(f"{base}/health")).raise_for_status()
            health.append(time.perf_counter() - started)
        figures["health"] = _percentiles(health)
        pings: list[float] = []
        for _ in range(calls):
            started = time.perf_counter()
            await callers[0].ping()
            pings.append(time.perf_counter() - started)
        figures["ping"] = _percentiles(pings)
        c16 = max(1, calls // 4)  # per caller: 16 callers make 4x the calls in all
        for tool in ("list_tasks", "add_task", "complete_task"):
            figures[tool] = {
                "c1": await _run_tool(callers[:1], tool, calls, pid),
                "c16": await _run_tool(callers, tool, c16, pid),
            }
        return figures
    finally:
        for caller in callers:
            await caller.client.aclose()


def _direct_figures(engine: sa.Engine, user_id: int, calls: int) -> dict[str, Any]:
    """The same service calls without MCP: what the task UI does."""
    actor = tasks.Actor(user_id, "UTC")
    added: list[int] = []

    def list_once() -> None:
        with session_scope(engine) as session:
            tasks.list_tasks(session=session, actor=actor, status="pending")

    def add_once() -> None:
        with session_scope(engine) as session:
            data = TaskCreate(title="direct task", priority="low", tags=["bench"])
            added.append(tasks.add_task(session=session, actor=actor, data=data).id)

    def complete_once() -> None:
        with session_scope(engine) as session:
            tasks.complete_task(session=session, actor=actor, task_id=added.pop())

    figures = {}
    for name, work in (("list_tasks", list_once), ("add_task", add_once),
                       ("complete_task", complete_once)):
        figures[name] = _percentiles([_timed(work) for _ in range(calls)])
    return figures


def _timed(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _setup_people(engine: sa.Engine, settings: Settings) -> list[tuple[int, str]]:
    """Register the bench users, each with a session, an MCP token and seeded tasks."""
    people = []
    for n in range(USERS):
        with use_settings(settings), session_scope(engine) as session:
            user = users.register_user(
                session=session, email=f"bench{n}@example.com", password="correct horse battery"
            )
            info = sessions.create_session(session=session, user_id=user.id)
        with use_settings(settings):
            token = tokens.issue_mcp_token(user_id=user.id, session_id=info.id)
        with session_scope(engine) as session:
            actor = tasks.Actor(user.id, "UTC")
            for i in range(SEED_TASKS):
                data = TaskCreate(title=f"seeded {i}", priority=("none", "high")[i % 2])
                tasks.add_task(session=session, actor=actor, data=data)
        people.append((user.id, token))
    return people


def measure(
    database_url: str | None = None, redis_url: str | None = None, calls: int = 200
) -> dict[str, Any]:
    """Run the whole bench and return its figures (milliseconds unless named otherwise).

    Args:
        database_url: A PostgreSQL server to create the scratch database on.
        redis_url: The Redis the server uses (only the bench users' keys are written).
        calls: Calls per tool at concurrency 1 (a quarter of that per user at 16).
    """
    admin_url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = redis_url or os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    with tempfile.TemporaryDirectory() as data, scratch_database(admin_url) as url:
        secret = secrets.token_urlsafe(48)
        settings = Settings(database_url=url, redis_url=redis_url, auth_secret=secret,
                            data_dir=Path(data), app_env="test")
        engine = engine_for(url)
        people = _setup_people(engine, settings)
        port = free_port()
        env = {
            "DATABASE_URL": url, "REDIS_URL": redis_url, "AUTH_SECRET": secret,
            "DATA_DIR": data, "MCP_PORT": str(port), "MCP_HOST": "127.0.0.1",
            "APP_ENV": "test", "MCP_RATE_LIMIT_PER_MINUTE": "1000000000",
        }
        base = f"http://127.0.0.1:{port}"
        with _server(env, port, Path(data) / "mcp.log") as (process, start):
            figures = asyncio.run(_mcp_figures(f"{base}/mcp", base, people, calls, process.pid))
            figures.update(start, **_rss_mb(process.pid))
            figures["db_sessions"] = _counted_sessions(settings, f"{base}/mcp")
        figures["direct"] = _direct_figures(engine, people[0][0], calls)
        for tool in ("list_tasks", "add_task", "complete_task"):
            figures[tool]["ratio_to_direct"] = round(
                figures[tool]["c1"]["p50"] / figures["direct"][tool]["p50"], 2
            )
        figures["machine"] = {"cpus": os.cpu_count(), "load_avg": os.getloadavg()}
        return figures


def _counted_sessions(settings: Settings, mcp_url: str) -> dict[str, Any]:
    """``bench/db_sessions.py``'s counts; a failure there is reported, not raised."""
    try:
        from bench import db_sessions

        return db_sessions.measure(settings, mcp_url)
    except Exception as error:  # noqa: BLE001 - the latencies above still count
        return {"error": f"{type(error).__name__}: {str(error)[:160]}"}


def _print(figures: dict[str, Any]) -> None:
    machine = figures["machine"]
    print(f"MCP call bench ({machine['cpus']} CPUs, load {machine['load_avg']})")
    print(f"{'(ms)':<28}{'p50':>8}{'p95':>8}{'p99':>8}{'calls/s':>9}{'CPU/call':>10}")
    for tool in ("list_tasks", "add_task", "complete_task"):
        for level in ("c1", "c16"):
            row = figures[tool][level]
            print(f"{tool + ' ' + level:<28}{row['p50']:>8}{row['p95']:>8}{row['p99']:>8}"
                  f"{row['calls_per_s']:>9}{row['server_cpu_ms']:>10}")
        direct = figures["direct"][tool]
        print(f"{tool + ' direct':<28}{direct['p50']:>8}{direct['p95']:>8}{direct['p99']:>8}"
              f"{'':>9}  MCP/direct {figures[tool]['ratio_to_direct']}")
    health = figures["health"]
    print(f"{'/health':<28}{health['p50']:>8}{health['p95']:>8}{health['p99']:>8}")
    ping = figures["ping"]
    print(f"{'MCP ping':<28}{ping['p50']:>8}{ping['p95']:>8}{ping['p99']:>8}")
    counted = figures.get("db_sessions", {})
    if "chat_turn" in counted:
        print(f"DB sessions: MCP call {counted['mcp_call']}, chat turn {counted['chat_turn']}, "
              f"plans {counted['plans']}")
    print(f"live {figures['live_s']} s, ready ({figures['ready_path']}) {figures['ready_s']} s, "
          f"first call {figures['first_call_ms']} ms, RSS {figures['rss_mb']} MB "
          f"(peak {figures['peak_rss_mb']} MB)")


def main() -> None:
    """Run the bench from the command line and print a table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per tool at concurrency 1")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = measure(calls=args.calls)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print(figures)


if __name__ == "__main__":
    main()
