"""Shared test fixtures: real PostgreSQL and Redis (found or started by tests/support/services.py),
and the markers each test gets from where it lives and what it reaches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import redis

from tests.support.mcp import McpStack, mcp_stack
from tests.support.services import (
    TEST_REDIS_URL,
    postgres_admin_url_or_fail,
    require_redis,
    temporary_postgres_database,
)

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


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """URL of the PostgreSQL server the tests may create databases on."""
    return postgres_admin_url_or_fail()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with temporary_postgres_database(postgres_admin_url) as url:
        yield url


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


@pytest.fixture(scope="session")
def mcp_stacks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], McpStack]]:
    """Live MCP servers shared by the whole run, one per kind ("sqlite", "postgres+redis"),
    each started when first asked for. Tests keep apart by using fresh users."""
    running: dict[str, McpStack] = {}
    with ExitStack() as exits:

        def get(kind: str) -> McpStack:
            if kind not in running:
                data_dir = tmp_path_factory.mktemp(kind.replace("+", "-"))
                running[kind] = exits.enter_context(mcp_stack(kind, data_dir))
            return running[kind]

        yield get


@pytest.fixture(scope="session", params=["sqlite", "postgres+redis"])
def stack(request: pytest.FixtureRequest, mcp_stacks: Callable[[str], McpStack]) -> McpStack:
    """The shared live server, once on SQLite and once on PostgreSQL with Redis."""
    return mcp_stacks(request.param)


@pytest.fixture
def closed_port_redis_url() -> str:
    """A Redis URL that nothing listens on: Redis configured but down."""
    return "redis://127.0.0.1:1/0"
