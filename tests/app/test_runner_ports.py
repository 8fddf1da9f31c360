"""A second ``make run`` beside a running one: it names each busy port and what holds it, and
exits non-zero within 10 s, before migrating or building anything.

The ports are held by a real process (a small Python listener), and the runner is the real
``python -m todo_reflex.runner``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import socket, sys, time
held = []
for _ in range(3):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    held.append(s)
print(*(s.getsockname()[1] for s in held), flush=True)
time.sleep(60)
"""


def test_a_second_runner_names_the_busy_ports_and_exits_non_zero(tmp_path: Path) -> None:
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    try:
        frontend, backend, mcp = holder.stdout.readline().split()
        env = {**os.environ, "FRONTEND_PORT": frontend, "BACKEND_PORT": backend,
               "MCP_PORT": mcp, "HOST": "127.0.0.1", "DATA_DIR": str(tmp_path / "data"),
               "DATABASE_URL": "", "APP_ENV": "dev"}
        started = time.monotonic()
        runner = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "todo_reflex.runner", "--export", str(tmp_path)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=30, check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=10)
        holder.stdout.close()
    said = runner.stdout + runner.stderr
    assert runner.returncode != 0, said
    assert elapsed < 10, elapsed
    for name, port in (("FRONTEND_PORT", frontend), ("BACKEND_PORT", backend), ("MCP_PORT", mcp)):
        assert f"Port {port} ({name}) is already in use by pid {holder.pid} " in said, said
    assert "time.sleep(60)" in said  # the holder's command line
    assert "Open http" not in said
    assert not (tmp_path / "data").exists()  # nothing migrated, nothing built
