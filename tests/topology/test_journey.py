"""Real Chromium through the ingress: sign up and chat, failover between the two backends, the
MCP server stopped and back, and the same build on a plain-HTTP port."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from deploy.topology import Topology
from tests.support.browser import sign_up
from tests.support.topology import Site
from tests.topology.sockets import IngressSocket
from tests.web.reflex_socket import MARKER, run_async
from tests.web.test_chat import panel, say

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def log(page: Page):  # noqa: ANN201 - a Playwright locator
    """The conversation."""
    return page.get_by_role("log", name="Conversation")


def holder(topology: Topology) -> str:
    """The backend holding the most websockets (the page's, when it is the only tab)."""
    counts = topology.websocket_holders()
    name = max(counts, key=counts.get)
    assert counts[name] >= 1, counts
    return name


def test_sign_up_and_chat_a_task_into_the_panel(page: Page, site: Site) -> None:
    sign_up(page, site)
    assert page.url.startswith(site.url)
    say(page, "add buy milk tomorrow")
    expect(log(page).get_by_text(re.compile(r"Added .*buy milk", re.I)).first).to_be_visible()
    expect(panel(page).get_by_text("buy milk", exact=False)).to_be_visible()


def test_failover_keeps_the_conversation(page: Page, site: Site, topology: Topology) -> None:
    sign_up(page, site)
    say(page, "add buy milk tomorrow")
    expect(panel(page).get_by_text("buy milk", exact=False)).to_be_visible()
    stopped = holder(topology)
    topology.stop(stopped)
    try:
        started = time.monotonic()
        say(page, "add call mom friday")
        moved = time.monotonic() - started
        expect(panel(page).get_by_text("call mom", exact=False)).to_be_visible()
        expect(panel(page).get_by_text("buy milk", exact=False)).to_be_visible()
        expect(log(page).get_by_text("add buy milk tomorrow")).to_be_visible()
        assert holder(topology) != stopped
        print(f"failover: the next turn completed {moved:.1f} s after {stopped} stopped")
    finally:
        topology.start(stopped)


def test_both_replicas_serve(topology: Topology) -> None:
    time.sleep(6)  # nginx retries a failed upstream after fail_timeout (5 s)

    async def tabs() -> dict[str, int]:
        sockets = [IngressSocket(topology) for _ in range(4)]
        for socket in sockets:
            await socket.__aenter__()
        try:
            for socket in sockets:  # each tab's event is answered (call() times out otherwise)
                await socket.call(MARKER, {"zone": "UTC"})
            return topology.websocket_holders()
        finally:
            await asyncio.gather(*(s.__aexit__() for s in sockets))

    counts = run_async(tabs())
    assert all(n >= 1 for n in counts.values()), counts


def test_mcp_down_says_so_and_tasks_page_still_works(page: Page, site: Site,
                                                     topology: Topology) -> None:
    sign_up(page, site)
    topology.stop("mcp")
    try:
        say(page, "add water the plants")
        expect(log(page).get_by_text(re.compile(r"can't reach your task list", re.I)).first
               ).to_be_visible()
        page.goto(f"{site.url}/tasks")
        page.get_by_label("New task").fill("Feed the cat")
        page.get_by_role("button", name="Add task").click()
        expect(page.get_by_test_id("task-row").get_by_text("Feed the cat")).to_be_visible()
    finally:
        topology.start("mcp")
    page.goto(f"{site.url}/chat")
    say(page, "add water the plants")
    expect(log(page).get_by_text(re.compile(r"Added .*water the plants", re.I)).first
           ).to_be_visible()
    expect(panel(page).get_by_text("Feed the cat")).to_be_visible()


def test_the_same_build_works_on_a_plain_http_port(page: Page, topology: Topology) -> None:
    site = Site(topology.plain_url)
    sign_up(page, site)
    assert page.url.startswith(f"{topology.plain_url}/chat")
    say(page, "add plain errand tomorrow")
    expect(panel(page).get_by_text("plain errand", exact=False)).to_be_visible()


def test_the_reminder_worker_lights_the_bell(page: Page, site: Site, topology: Topology) -> None:
    email = sign_up(page, site)
    say(page, "add water the plants tomorrow")
    expect(panel(page).get_by_text("water the plants", exact=False)).to_be_visible()
    engine = sa.create_engine(topology.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:  # a reminder already due: the worker's next look sends it
            conn.execute(sa.text(
                "insert into reminders (task_id, user_id, rule, fire_at, late, created_at) "
                "select t.id, t.user_id, '-PT0M', now() - interval '1 second', false, now() "
                "from tasks t join users u on u.id = t.user_id where u.email = :email"),
                {"email": email})
        deadline = time.monotonic() + 60
        notices = sa.text("select count(*) from notifications n join users u on "
                          "u.id = n.user_id where u.email = :email")
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(notices, {"email": email}).scalar_one():
                    break
            time.sleep(0.5)
        else:
            raise AssertionError("the reminder worker delivered nothing in 60 s")
    finally:
        engine.dispose()
    page.reload()
    bell = page.get_by_role("button", name="Notifications, 1 unread").locator("visible=true")
    expect(bell).to_be_visible()
