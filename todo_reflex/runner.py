"""``make run``: start the MCP server and the web app together on this machine.

SQLite, no Redis, offline assistant: nothing else has to run. Ctrl-C stops both.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from todo_reflex.core.settings import child_environment, get_settings

ROOT = Path(__file__).resolve().parents[1]
MCP_PORT = 8001
APP_URL = "http://localhost:3000"


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the MCP server exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the MCP server did not answer {url} within {seconds:.0f} s")


def main() -> None:
    """Start both processes and wait until one ends or the user presses Ctrl-C."""
    settings = get_settings()
    mcp_url = f"http://127.0.0.1:{MCP_PORT}/mcp"
    env = child_environment(MCP_SERVER_URL=mcp_url, MCP_HOST="127.0.0.1", MCP_PORT=str(MCP_PORT))
    processes = [_start([sys.executable, "-m", "mcp_server"], env)]
    try:
        _wait_healthy(f"http://127.0.0.1:{MCP_PORT}/health", processes[0])
        print(f"MCP server: {mcp_url} (database: {settings.database_url})")
        app_module = ROOT / "todo_reflex" / "todo_reflex.py"
        reflex = shutil.which("reflex", path=str(Path(sys.executable).parent))
        if app_module.exists() and reflex:
            processes.append(_start([reflex, "run"], env))
            print(f"Web app: {APP_URL}")
        else:
            print("The web app is not built yet; the MCP server runs alone. Connect an MCP client")
            print("with a token from: .venv/bin/todo-admin mint-token you@example.com")
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            _signal_group(process, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start a service in its own process group, so stopping it stops its children too."""
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


if __name__ == "__main__":
    main()
