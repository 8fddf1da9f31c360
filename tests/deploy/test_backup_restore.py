"""The runbook's backup/restore scripts, each with a real round trip against the local
Redis and PostgreSQL: data written, backed up, wiped, restored, compared."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import redis
from chartlib import ROOT

SCRIPTS = ROOT / "deploy" / "scripts"


def run(script: str, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run(  # noqa: S603 - our own scripts
        [str(SCRIPTS / script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def psql(url: str, sql: str) -> str:
    libpq = url.replace("postgresql+psycopg://", "postgresql://")
    proc = subprocess.run(  # noqa: S603
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", libpq, "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return proc.stdout.strip()


@pytest.mark.redis
def test_redis_backup_and_restore_round_trip(redis_url: str, tmp_path: Path) -> None:
    client = redis.Redis.from_url(redis_url)
    db = client.connection_pool.connection_kwargs.get("db", 0)
    client.set("session:abc", "alice", ex=3600)
    client.hset("user:1", mapping={"name": "Alice", "tz": "Europe/Paris"})
    client.rpush("chat:1", "hello", "world")
    client.set("bin", bytes(range(256)))
    before = {k: client.dump(k) for k in client.scan_iter()}

    out = run("backup-redis.sh", str(tmp_path / "redis.rdb"), env={"REDIS_URL": redis_url})
    assert Path(out).stat().st_size > 0

    client.flushdb()
    client.set("session:abc", "mallory")  # overwritten by the restore
    client.set("only-after", "kept")  # not in the backup: left alone

    run("restore-redis.sh", "--yes", out, str(db), env={"REDIS_URL": redis_url})
    after = {k: client.dump(k) for k in client.scan_iter() if k != b"only-after"}
    assert after == before
    assert client.get("only-after") == b"kept"
    assert 3500 < client.ttl("session:abc") <= 3600


@pytest.mark.redis
def test_redis_restore_refuses_without_yes(redis_url: str, tmp_path: Path) -> None:
    proc = subprocess.run(  # noqa: S603
        [str(SCRIPTS / "restore-redis.sh"), str(tmp_path / "x.rdb")],
        capture_output=True,
        text=True,
        env={**os.environ, "REDIS_URL": redis_url},
        check=False,
    )
    assert proc.returncode != 0
    assert "--yes" in proc.stderr


@pytest.mark.postgres
def test_postgres_backup_and_restore_round_trip(postgres_url: str, tmp_path: Path) -> None:
    psql(
        postgres_url,
        "CREATE TABLE tasks (id serial PRIMARY KEY, title text NOT NULL, due timestamptz);"
        "INSERT INTO tasks (title, due) VALUES ('Buy milk', '2026-11-27 17:00+00'),"
        " ('Call mom', NULL), ('Ünïcode ✓', now());",
    )
    query = "SELECT id, title, due FROM tasks ORDER BY id"
    before = psql(postgres_url, query)

    out = run("backup-postgres.sh", str(tmp_path / "pg.dump"), env={"DATABASE_URL": postgres_url})
    assert Path(out).stat().st_size > 0

    psql(postgres_url, "DELETE FROM tasks; INSERT INTO tasks (title) VALUES ('stray');")
    run("restore-postgres.sh", "--yes", out, env={"DATABASE_URL": postgres_url})
    assert psql(postgres_url, query) == before
    # The sequence came back too: the next id follows the restored rows.
    assert psql(postgres_url, "INSERT INTO tasks (title) VALUES ('next') RETURNING id") == "4"

    psql(postgres_url, "DROP TABLE tasks")  # wiped completely
    run("restore-postgres.sh", "--yes", out, env={"DATABASE_URL": postgres_url})
    assert psql(postgres_url, query) == before


def test_runbook_names_existing_executable_scripts() -> None:
    runbook = (ROOT / "docs" / "RUNBOOK.md").read_text()
    named = set(re.findall(r"deploy/scripts/([a-z-]+\.sh)", runbook))
    assert named == {
        "backup-redis.sh",
        "restore-redis.sh",
        "backup-postgres.sh",
        "restore-postgres.sh",
    }
    for script in named:
        assert os.access(SCRIPTS / script, os.X_OK), script
