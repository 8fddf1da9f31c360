"""The database or Redis goes away under a signed-in user, then comes back.

The app's PostgreSQL and Redis are reached through relays (tests/outage.py) that these tests
take down: the port refuses and open connections are reset, as when the server stops.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import WebApp, screenshot, sign_up
from tests.web.test_tasks_page import open_tasks, row
from todo_reflex.states.connection import STORE_DOWN
from todo_reflex.states.notifications import POLL_BUTTON

pytestmark = pytest.mark.browser


def _relays(web_app: WebApp) -> None:
    if web_app.database is None or web_app.redis is None:
        pytest.skip("needs the app on PostgreSQL and Redis")


def test_database_down_says_so_and_keeps_what_was_typed(page: Page, web_app: WebApp) -> None:
    _relays(web_app)
    sign_up(page, web_app, name="Olga Outage")
    open_tasks(page, web_app)
    title = page.get_by_label("New task")
    with web_app.database.outage():
        title.fill("Call the plumber")
        page.get_by_role("button", name="Add task").click()
        expect(page.get_by_text(STORE_DOWN)).to_be_visible()
        expect(title).to_have_value("Call the plumber")
        screenshot(page, "outage-database-tasks")
        page.get_by_role("link", name="Chat").first.click()
        box = page.get_by_role("textbox", name="Message")
        box.fill("add buy milk tomorrow")
        box.press("Enter")
        expect(page.get_by_text(STORE_DOWN)).to_be_visible()
        expect(box).to_have_value("add buy milk tomorrow")
    box.press("Enter")  # the store is back: the same message goes through
    expect(box).to_have_value("", timeout=15_000)
    log = page.get_by_role("log", name="Conversation")
    expect(log.get_by_text(re.compile(r"Added .*buy milk")).first).to_be_visible(timeout=20_000)
    open_tasks(page, web_app)
    expect(row(page, "buy milk")).to_be_visible()
    expect(row(page, "Call the plumber")).to_have_count(0)  # nothing was saved in the outage


def test_redis_down_shows_the_banner_and_recovers_by_itself(page: Page, web_app: WebApp) -> None:
    _relays(web_app)
    sign_up(page, web_app, name="Rita Redis")
    open_tasks(page, web_app)
    banner = page.get_by_role("alert").filter(has_text="Connection to the server lost")
    expect(banner).to_be_hidden()
    with web_app.redis.outage():
        page.get_by_label("New task").fill("Renew passport")
        page.get_by_role("button", name="Add task").click()
        expect(banner).to_be_visible(timeout=15_000)
        screenshot(page, "outage-redis-banner")
        page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": 375, "height": 760})
        expect(banner).to_be_visible()
        screenshot(page, "outage-redis-banner-dark-375")
        page.set_viewport_size({"width": 1280, "height": 720})
    expect(banner).to_be_hidden(timeout=30_000)  # the page's own retry got through
    page.get_by_role("button", name="Add task").click()
    expect(row(page, "Renew passport")).to_be_visible()


def test_the_notification_poll_stays_quiet_while_the_database_is_down(page: Page,
                                                                      web_app: WebApp) -> None:
    _relays(web_app)
    sign_up(page, web_app, name="Quiet Poll")
    open_tasks(page, web_app)
    with web_app.database.outage():
        page.evaluate(f"document.getElementById('{POLL_BUTTON}').click()")  # the 20 s poll
        page.wait_for_timeout(2_000)
        expect(page.get_by_text(STORE_DOWN)).to_have_count(0)
        expect(page.get_by_role("button", name="Notifications").first).to_be_attached()
    page.get_by_label("New task").fill("after the outage")
    page.get_by_role("button", name="Add task").click()
    expect(row(page, "after the outage")).to_be_visible()
