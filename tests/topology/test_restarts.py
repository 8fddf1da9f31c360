"""The data stores restart under the running app: Redis with ``SHUTDOWN SAVE``, PostgreSQL with a
fast shutdown. Nothing a user had is lost, and the page carries on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from deploy.topology import Topology
from tests.support.browser import sign_up
from tests.support.topology import Site
from tests.topology.test_journey import log
from tests.web.test_chat import panel, say

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def keys(topology: Topology, db: int, pattern: str) -> set[bytes]:
    """The keys of one database of the topology's Redis."""
    assert topology.redis is not None
    with topology.redis.client(db) as client:
        return set(client.scan_iter(pattern))


def state_db(topology: Topology) -> int:
    """The database of Reflex's state manager (REFLEX_REDIS_URL)."""
    return int(topology.env("backend")["REFLEX_REDIS_URL"].rsplit("/", 1)[1])


def test_redis_shutdown_save_and_start_keeps_sessions(page: Page, site: Site,
                                                     topology: Topology) -> None:
    sign_up(page, site)
    say(page, "add renew passport next week")
    sessions, states = keys(topology, 0, "session:*"), keys(topology, state_db(topology), "*")
    assert sessions
    assert states
    topology.restart_redis()
    assert keys(topology, 0, "session:*") == sessions
    assert states <= keys(topology, state_db(topology), "*")
    page.reload()
    expect(log(page).get_by_text("add renew passport next week")).to_be_visible()
    expect(panel(page).get_by_text("renew passport", exact=False)).to_be_visible()
    say(page, "add book dentist friday")
    expect(panel(page).get_by_text("book dentist", exact=False)).to_be_visible()
    assert page.url.startswith(f"{site.url}/chat")


def test_postgres_restart_loses_no_task(page: Page, site: Site, topology: Topology) -> None:
    email = sign_up(page, site)
    for text in ("add pay rent tomorrow", "add call plumber"):
        say(page, text)
    engine = sa.create_engine(topology.database_url, poolclass=sa.pool.NullPool)
    count = sa.text("select count(*) from tasks join users u on u.id = tasks.user_id "
                    "where u.email = :email")
    try:
        with engine.connect() as conn:
            before = conn.execute(count, {"email": email}).scalar_one()
        assert before == 2
        topology.restart_postgres()
        page.goto(f"{site.url}/tasks?view=all")  # tomorrow's task: not in Today
        for title in ("pay rent", "call plumber"):
            expect(page.get_by_test_id("task-row").get_by_text(title, exact=False)).to_be_visible()
        page.goto(f"{site.url}/chat")
        say(page, "add water the garden")
        expect(panel(page).get_by_text("water the garden", exact=False)).to_be_visible()
        with engine.connect() as conn:
            assert conn.execute(count, {"email": email}).scalar_one() == before + 1
    finally:
        engine.dispose()
