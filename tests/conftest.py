"""Shared test fixtures: real PostgreSQL and Redis.

The configured servers are used when they answer; otherwise ``tests/services.py`` starts
private ones from PyPI wheels, so a bare machine runs these tests too. Only when neither works
are they skipped, and with ``REQUIRE_SERVICES=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
import sqlalchemy as sa

from tests import services
from todo_reflex.core.db import dispose_engine

TEST_DATABASE_URL = services.postgres_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
)
# Each pytest-xdist worker (make test-fast runs two) flushes its own Redis database: 15, 13, ...
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_REDIS_URL = services.redis_url(
    f"{_REDIS.rsplit('/', 1)[0]}/{int(_REDIS.rsplit('/', 1)[1]) - 2 * _WORKER}"
)
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


SERVICE_FIXTURES = {"postgres_url", "postgres_admin_url", "redis_url", "web_app"}
"""Fixtures that reach PostgreSQL or Redis: a test using one is marked ``services``."""


def _needs_services(item: pytest.Item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    on_a_server_stack = any(isinstance(value, str) and ("postgres" in value or "redis" in value)
                            for value in params.values())
    return (on_a_server_stack or bool(set(getattr(item, "fixturenames", ())) & SERVICE_FIXTURES)
            or any(item.get_closest_marker(name) for name in ("postgres", "redis")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they need, from where they live and the fixtures they use."""
    for item in items:
        parts = item.path.parts
        if "web" in parts and "tests" in parts:
            item.add_marker(pytest.mark.browser)
        if "deploy" in parts and "tests" in parts:
            item.add_marker(pytest.mark.deploy)
        if _needs_services(item):
            item.add_marker(pytest.mark.services)


def service_missing(what: str, error: Exception) -> None:
    """Skip locally, fail in CI, when a service the test needs is not reachable."""
    message = f"{what} not reachable: {error}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """URL of the PostgreSQL server the tests may create databases on."""
    return postgres_admin_url_or_fail()


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
def temporary_postgres_database(admin_url: str) -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    name = f"todo_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(admin_url).set(database=name)
    rendered = url.render_as_string(hide_password=False)
    try:
        yield rendered
    finally:
        dispose_engine(rendered)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with temporary_postgres_database(postgres_admin_url) as url:
        yield url


def require_redis(url: str = TEST_REDIS_URL) -> None:
    """Skip (or fail in CI) when Redis at ``url`` does not answer."""
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        service_missing("Redis", error)
    finally:
        client.close()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """URL of a real Redis database, flushed before and after the test."""
    require_redis()
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    try:
        yield TEST_REDIS_URL
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def closed_port_redis_url() -> str:
    """A Redis URL that nothing listens on: Redis configured but down."""
    return "redis://127.0.0.1:1/0"
