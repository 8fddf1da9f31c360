"""``make topology-up`` / ``make topology-down``: the topology in the background.

``up`` starts ``python -m deploy.topology serve`` in its own session, waits until it reports
the URL (or fails, with its log) and prints it; ``down`` asks it to stop (SIGTERM) and waits.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATE = Path(tempfile.gettempdir()) / f"todo-topology-{os.getuid()}.json"
LOG = STATE.with_suffix(".log")
UP_SECONDS = 300


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _state() -> dict | None:
    try:
        return json.loads(STATE.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def serve() -> None:
    """Run the topology in this process until SIGTERM/SIGINT; report it in the state file."""
    from deploy.topology.topology import Topology

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, stop)
    try:
        with Topology() as topology:
            STATE.write_text(json.dumps({
                "pid": os.getpid(), "url": topology.url, "http": topology.http_url,
                "plain": topology.plain_url, "cert": str(topology.cert),
                "folder": str(topology.folder), "timings": topology.timings,
            }))
            print(f"Topology up: {topology.url} {topology.timings}", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("Topology: stopping.", flush=True)
    finally:
        STATE.unlink(missing_ok=True)


def up() -> int:
    """Start ``serve`` in the background and print the URL once it answers."""
    state = _state()
    if state and _alive(state["pid"]):
        print(f"Already up: {state['url']} (make topology-down stops it)")
        return 0
    started = time.monotonic()
    with open(LOG, "w") as log:
        process = subprocess.Popen(  # noqa: S603 - this module, in the background
            [sys.executable, "-m", "deploy.topology", "serve"], stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            cwd=Path(__file__).resolve().parents[2],
        )
    print("Starting the topology (PostgreSQL, Redis, MCP, 2 backends, frontend, nginx)...",
          flush=True)
    while (state := _state()) is None or state["pid"] != process.pid:
        if process.poll() is not None or time.monotonic() - started > UP_SECONDS:
            process.poll() is None and os.killpg(process.pid, signal.SIGTERM)
            print(f"The topology did not start; its log ({LOG}):\n"
                  f"{LOG.read_text()[-4000:]}", file=sys.stderr)
            return 1
        time.sleep(0.5)
    host = state["url"].split("//")[1].split(":")[0]
    print(f"Up in {time.monotonic() - started:.0f} s. Open {state['url']}/\n"
          f"  (add '127.0.0.1 {host}' to /etc/hosts; the certificate is {state['cert']};\n"
          f"   {state['http']} redirects there, {state['plain']} is the same app over plain "
          f"HTTP)\n  Stop it with: make topology-down   (log: {LOG})")
    return 0


def down() -> int:
    """Stop a topology started by ``up``."""
    state = _state()
    if not state or not _alive(state["pid"]):
        STATE.unlink(missing_ok=True)
        print("No topology is running.")
        return 0
    os.kill(state["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 90
    while _alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.3)
    if _alive(state["pid"]):
        os.killpg(state["pid"], signal.SIGKILL)
    print("Topology stopped.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``up``, ``down`` or ``serve``."""
    parser = argparse.ArgumentParser(prog="python -m deploy.topology", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "serve"])
    command = parser.parse_args(argv).command
    if command == "serve":
        serve()
        return 0
    return up() if command == "up" else down()


if __name__ == "__main__":
    sys.exit(main())
