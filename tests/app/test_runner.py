"""``make run`` (todo_reflex/runner.py): the production roles start on loopback, "Open …" comes
once the page answers, and SIGINT, SIGTERM or SIGHUP stops every child within 10 s.

The runner runs in a subprocess with the real MCP server, the real Reflex backend and the real
frontend server; only the frontend export is a small stand-in (``--export``), so the test does
not spend a minute building one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest

from todo_reflex.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 180
STOP_SECONDS = 10

pytestmark = pytest.mark.slow


def start_runner(
    tmp_path: Path, **extra_env: str,
) -> tuple[subprocess.Popen, dict[str, int], list[str], threading.Thread]:
    """The runner with its own ports and data folder; returns once it printed "Open"."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "index.html").write_text("<html>the app</html>")
    ports = {"FRONTEND_PORT": free_port(), "BACKEND_PORT": free_port(), "MCP_PORT": free_port()}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()},
           "DATA_DIR": str(tmp_path / "data"), "APP_ENV": "dev", "DATABASE_URL": "",
           "REDIS_URL": "", "MCP_SERVER_URL": "", "HOST": "127.0.0.1", **extra_env}
    runner = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "todo_reflex.runner", "--export", str(export)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    opened = threading.Event()

    def read() -> None:
        for line in runner.stdout:
            lines.append(line)
            if line.startswith("Open http://"):
                opened.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not opened.wait(START_SECONDS):
        runner.kill()
        pytest.fail("the runner never said Open:\n" + "".join(lines[-40:]))
    return runner, ports, lines, reader


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_runner_serves_then_stops_every_child(tmp_path: Path, signum: signal.Signals) -> None:
    runner, ports, lines, reader = start_runner(tmp_path)
    children = descendants(runner.pid)
    try:
        assert f"Open http://localhost:{ports['FRONTEND_PORT']}" in "".join(lines)
        page = httpx.get(f"http://127.0.0.1:{ports['FRONTEND_PORT']}/", timeout=5)
        assert page.status_code == 200
        assert "the app" in page.text
        backend = httpx.get(f"http://127.0.0.1:{ports['BACKEND_PORT']}/health", timeout=5)
        assert backend.json()["status"] == "healthy"
        mcp = httpx.get(f"http://127.0.0.1:{ports['MCP_PORT']}/health", timeout=5)
        assert mcp.status_code == 200
        assert _tables(tmp_path / "data") >= {"users", "tasks", "alembic_version"}
        assert '"service": "todo-web"' in "".join(lines)  # logging set up at backend start
        assert any("todo_reflex.reminder_worker" in " ".join(p.cmdline()) for p in children)
        listening = {c.laddr for p in children for c in _connections(p) if c.status == "LISTEN"}
        assert {port for _, port in listening} >= set(ports.values())
        assert {host for host, _ in listening} == {"127.0.0.1"}  # not on every interface
        started = time.monotonic()
        runner.send_signal(signum)
        runner.wait(timeout=STOP_SECONDS + 5)
        stopped_after = time.monotonic() - started
        alive = [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert not alive, [p.cmdline() for p in alive]
        assert stopped_after <= STOP_SECONDS
    finally:
        for process in [runner, *children]:
            with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
                process.kill()
        runner.wait(timeout=10)
        reader.join(timeout=10)
        runner.stdout.close()


def _tables(data_dir: Path) -> set[str]:
    """The tables of the embedded database the backend migrated when it started."""
    (database,) = data_dir.glob("*.db")
    with contextlib.closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("select name from sqlite_master where type = 'table'")
        return {name for (name,) in rows}


def _connections(process: psutil.Process) -> list:
    try:
        return process.net_connections(kind="tcp")
    except psutil.NoSuchProcess:
        return []
