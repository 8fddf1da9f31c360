"""Without PostgreSQL or Redis, the tests start private ones (tests/support/private_services.py)."""

from __future__ import annotations

import redis
import sqlalchemy as sa

from tests.support import private_services as services
from todo_reflex.core.migrate import upgrade

NOTHING_THERE_PG = "postgresql+psycopg://postgres@127.0.0.1:1/test"
NOTHING_THERE_REDIS = "redis://127.0.0.1:1/7"


def test_a_private_postgresql_starts_when_none_answers() -> None:
    url = services.postgres_url(NOTHING_THERE_PG)
    assert url != NOTHING_THERE_PG
    assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    upgrade(url)  # the app's whole schema, on the wheel's PostgreSQL 16
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from tasks")).scalar() == 0
    engine.dispose()


def test_a_private_redis_starts_when_none_answers() -> None:
    url = services.redis_url(NOTHING_THERE_REDIS)
    assert url.endswith("/7")
    assert url != NOTHING_THERE_REDIS
    client = redis.Redis.from_url(url)
    client.set("k", "v")
    assert client.get("k") == b"v"
    client.close()


def test_a_configured_server_that_answers_is_used_as_is() -> None:
    from tests.support.services import TEST_DATABASE_URL, TEST_REDIS_URL

    if services.PRIVATE_ONLY:
        return  # the conftest URLs are private ones then; nothing configured to compare
    assert services.postgres_url(TEST_DATABASE_URL) == TEST_DATABASE_URL
    assert services.redis_url(TEST_REDIS_URL) == TEST_REDIS_URL
