"""``make run``: the app's production roles on this machine, the way the images start them.

SQLite, no Redis, offline assistant: nothing else has to run. ``deploy/docker/entrypoint.sh``
starts the MCP server, the Reflex backend, the static frontend (its ``frontend`` role), all on
``HOST`` (127.0.0.1 by default), and the one reminder worker SQLite allows (mail goes to the log
unless ``SMTP_HOST`` is set). The frontend export is rebuilt only when the app's sources
changed. "Open …" is printed once the page answers; a port already taken stops it at once,
naming the port and the process that holds it. Ctrl-C, SIGTERM and SIGHUP stop every
child. ``make dev`` (``--dev``) runs ``reflex run`` with hot reload instead of the two web roles.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import Settings, child_environment, get_settings
from todo_reflex.processes import Service, stop_all, wait_http

ROOT = Path(__file__).resolve().parents[1]
ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"
EXPORT = ROOT / ".web" / "build" / "client"
BUILD_STAMP = ROOT / ".web" / "make-run-build.json"
SOURCES = ("todo_reflex", "assets", "reflex.lock", "rxconfig.py", "pyproject.toml")
START_SECONDS = 120
STOP_SECONDS = 10


class Stop(Exception):
    """A signal asked the runner to stop."""


def source_hash() -> str:
    """A hash of everything the frontend export is built from."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _export_is_current(sources: str) -> bool:
    index = EXPORT / "index.html"
    if not (index.is_file() and BUILD_STAMP.is_file()):
        return False
    stamp = json.loads(BUILD_STAMP.read_text())
    return stamp == {"sources": sources, "index_mtime_ns": index.stat().st_mtime_ns}


def build_frontend(env: dict[str, str]) -> None:
    """Export the production frontend unless the last export was made from these sources."""
    sources = source_hash()
    if _export_is_current(sources):
        print("Frontend: the production build is up to date.", flush=True)
        return
    print("Frontend: building the production export (about a minute the first time)...",
          flush=True)
    reflex = str(Path(sys.executable).with_name("reflex"))
    subprocess.run(  # noqa: S603 - our own command line
        [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "warning"],
        cwd=ROOT, env=env, check=True,
    )
    # hashed again: the export may rewrite its inputs (reflex.lock/package.json in Reflex's form)
    BUILD_STAMP.write_text(json.dumps(
        {"sources": source_hash(), "index_mtime_ns": (EXPORT / "index.html").stat().st_mtime_ns}
    ))


def _roles(
    settings: Settings, dev: bool, export: Path
) -> list[tuple[str, list[str], dict[str, str], str | None]]:
    """(name, command, extra environment, health URL) of each service to start, in order.

    The reminder worker serves no port: it has no health URL, and only has to keep running.
    """
    host = settings.host
    local = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host  # noqa: S104
    mcp = ("MCP server", [str(ENTRYPOINT), "mcp"],
           {"MCP_HOST": host, "MCP_PORT": str(settings.mcp_port)},
           f"http://127.0.0.1:{settings.mcp_port}/health")
    worker = ("reminder worker", [str(ENTRYPOINT), "reminders"], {}, None)
    if dev:
        reflex = str(Path(sys.executable).with_name("reflex"))
        return [mcp, worker, ("web app (development)", [reflex, "run", "--backend-host", host],
                              {}, f"http://127.0.0.1:{settings.frontend_port}/")]
    backend_url = f"http://{local}:{settings.backend_port}"
    return [
        mcp,
        worker,
        ("backend", [str(ENTRYPOINT), "backend"],
         {"BACKEND_HOST": host, "PORT": str(settings.backend_port)},
         f"http://127.0.0.1:{settings.backend_port}/health"),
        ("frontend", [str(ENTRYPOINT), "frontend", "--host", host],
         {"PORT": str(settings.frontend_port), "BACKEND_URL": backend_url,
          "FRONTEND_ROOT": str(export)},
         f"http://127.0.0.1:{settings.frontend_port}/api/health"),
    ]


def main(argv: list[str] | None = None) -> None:
    """Build if needed, start every role, wait until one ends or a signal arrives."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="reflex run with hot reload")
    parser.add_argument("--export", type=Path, default=None,
                        help="serve this frontend export as it is, instead of building one")
    args = parser.parse_args(argv)
    settings = get_settings()
    _refuse_busy_ports(settings)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    mcp_url = f"http://127.0.0.1:{settings.mcp_port}/mcp"
    env = child_environment(MCP_SERVER_URL=mcp_url, PYTHON=sys.executable,
                            REFLEX_TELEMETRY_ENABLED="false")
    services: list[Service] = []
    upgrade(settings.database_url)  # the one migration, before any role touches the database
    try:
        if not args.dev and args.export is None:
            build_frontend(env)
        for name, command, extra, health in _roles(settings, args.dev, args.export or EXPORT):
            services.append(Service(name, command, {**env, **extra}, terminal=True).start())
            if health:  # the reminder worker serves no port: the loop below watches it
                wait_http(health, services[-1], START_SECONDS, ok=300)
        local = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0") else settings.host  # noqa: S104
        print(f"Open http://{local}:{settings.frontend_port}  (database: "
              f"{settings.database_url}; MCP for external clients: {mcp_url})", flush=True)
        while all(service.running for service in services):
            time.sleep(0.5)
        print("A service stopped; stopping the others.", flush=True)
    except (KeyboardInterrupt, Stop):
        print("Stopping...", flush=True)
    except subprocess.CalledProcessError as error:
        print(f"The frontend build failed (exit code {error.returncode}).", flush=True)
        raise SystemExit(1) from None
    except RuntimeError as error:  # a role ended or did not answer
        raise SystemExit(str(error)) from None
    finally:
        _stop_all(services)


def _refuse_busy_ports(settings: Settings) -> None:
    """Exit with a message naming each port that is taken and what holds it, before any work.

    Otherwise a second ``make run`` would find the first one's services healthy and say "Open".
    """
    ports = {"FRONTEND_PORT": settings.frontend_port, "BACKEND_PORT": settings.backend_port,
             "MCP_PORT": settings.mcp_port}
    busy = [f"Port {port} ({name}) is already in use by {_port_holder(port)}."
            for name, port in ports.items() if not _can_listen(settings.host, port)]
    if busy:
        hint = "Stop it, or set FRONTEND_PORT, BACKEND_PORT and MCP_PORT to free ports."
        raise SystemExit("\n".join([*busy, hint]))


def _can_listen(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def _port_holder(port: int) -> str:
    """The pid and command line of the process listening on ``port``, read from /proc (Linux)."""
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()  # local address is HEX_IP:HEX_PORT; state 0A is LISTEN
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    sockets.add(f"socket:[{fields[9]}]")
    pids = sorted(int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit())
    for pid in pids:  # lowest first: usually the parent of forked workers sharing the socket
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in sockets for fd in Path(f"/proc/{pid}/fd").iterdir()):
                command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                return f"pid {pid} ({' '.join(command.replace(chr(0), ' ').split())})"
    return "another process (one this user cannot see)"


def _raise_stop(signum: int, _frame: object) -> None:
    raise Stop(signal.Signals(signum).name)


def _stop_all(services: list[Service]) -> None:
    """Stop every role; a second signal must not cut the cleanup short."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    stop_all(services, STOP_SECONDS - 1)


if __name__ == "__main__":
    main()
