"""The PostgreSQL and Redis the tests use, and how a test asks for them.

The configured servers are used when they answer; otherwise ``private_services`` starts private
ones from PyPI wheels, so a bare machine runs these tests too. Only when neither works are the
tests skipped, and with ``REQUIRE_SERVICES=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
import sqlalchemy as sa

from tests.support import private_services
from todo_reflex.core.db import dispose_engine

TEST_DATABASE_URL = private_services.postgres_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
)
# Each pytest-xdist worker (make test-fast runs two) flushes its own Redis database: 15, 13, ...
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_REDIS_URL = private_services.redis_url(
    f"{_REDIS.rsplit('/', 1)[0]}/{int(_REDIS.rsplit('/', 1)[1]) - 2 * _WORKER}"
)
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def service_missing(what: str, error: Exception) -> None:
    """Skip locally, fail in CI, when a service the test needs is not reachable."""
    message = f"{what} not reachable: {error}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def postgres_admin_url_or_fail() -> str:
    """The PostgreSQL admin URL; skip (or fail in CI) when the server does not answer."""
    engine = sa.create_engine(TEST_DATABASE_URL)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as error:  # noqa: BLE001 - any connection failure means "absent"
        service_missing("PostgreSQL", error)
    finally:
        engine.dispose()
    return TEST_DATABASE_URL


@contextmanager
def temporary_postgres_database(admin_url: str, *, template: str | None = None) -> Iterator[str]:
    """Create a PostgreSQL database (empty, or a copy of the database ``template`` names),
    yield its URL, drop it afterwards."""
    name = f"todo_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
    url = sa.make_url(admin_url).set(database=name)
    rendered = url.render_as_string(hide_password=False)
    try:
        yield rendered
    finally:
        dispose_engine(rendered)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def require_redis(url: str = TEST_REDIS_URL) -> None:
    """Skip (or fail in CI) when Redis at ``url`` does not answer."""
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        service_missing("Redis", error)
    finally:
        client.close()
