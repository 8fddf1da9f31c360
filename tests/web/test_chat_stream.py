"""A long conversation stays cheap: over the real websocket of the production build, a reply in
a 200-message thread sends about its own size (not the thread), the thread opens on its latest
50 messages, and "show earlier" brings the rest a page at a time."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from bench.chat_stream import CHAT, measure, seed_thread, sign_up, turn
from tests.support.browser import WebApp, screenshot
from tests.support.browser import sign_up as browser_sign_up
from tests.web.reflex_socket import ReflexSocket, run_async
from tests.web.test_chat import say
from todo_reflex.core import threads
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.users import get_user_by_email

pytestmark = pytest.mark.browser

PAGE = 50
SLACK = 10_000


def _bound(reply_chars: int) -> int:
    return 3 * reply_chars + SLACK


def test_a_reply_in_a_200_message_thread_sends_about_its_own_size(web_app: WebApp) -> None:
    run_async(_reply_in_a_long_thread(web_app))


async def _reply_in_a_long_thread(web_app: WebApp) -> None:
    async with ReflexSocket(web_app.url) as socket:
        user_id = await sign_up(socket, "Long Thread")
        seed_thread(web_app.settings.database_url, user_id, 200)
        await socket.call(f"{CHAT}.load_messages")
        shown = socket.value(CHAT, "messages")
        assert len(shown) == PAGE
        assert shown[-1]["content"].startswith("Added **seeded errand 198**")
        assert socket.value(CHAT, "has_earlier") is True

        for n in range(4):
            await turn(socket, f"add long thread errand {n} friday")
        figures = await turn(socket, "what's pending?")
        reply = socket.value(CHAT, "recent")[-1]["content"]
        assert "long thread errand 3" in reply
        assert figures["reply_chars"] == len(reply)
        assert figures["bytes"] <= _bound(len(reply)), figures
        print(f"\nlist reply in a 200-message thread: {figures}")

        earlier = [len(socket.value(CHAT, "messages"))]
        while socket.value(CHAT, "has_earlier"):
            await socket.call(f"{CHAT}.load_earlier")
            earlier.append(len(socket.value(CHAT, "messages")))
            assert len(earlier) < 10
        assert earlier == [50, 100, 150, 200]
        assert socket.value(CHAT, "messages")[0]["content"] == "add seeded errand 0 tomorrow"
        await socket.call(f"{CHAT}.load_earlier")  # nothing more: no update of the list
        assert len(socket.value(CHAT, "messages")) == 200


def test_load_earlier_reaches_only_the_signed_in_users_thread(web_app: WebApp) -> None:
    run_async(_load_earlier_is_private(web_app))


async def _load_earlier_is_private(web_app: WebApp) -> None:
    async with ReflexSocket(web_app.url) as owner, ReflexSocket(web_app.url) as other:
        owner_id = await sign_up(owner, "Thread Owner")
        secret = seed_thread(web_app.settings.database_url, owner_id, 120)
        await sign_up(other, "Thread Stranger")
        await other.call(f"{CHAT}.load_messages")
        threads_state = CHAT.replace("chat____chat_state", "threads____thread_list_state")
        await other.call(f"{threads_state}.setvar", {"var_name": "active_id", "value": secret})
        for payload in ({}, {"thread_id": secret}, {"before_id": 10**9}):
            await other.call(f"{CHAT}.load_earlier", payload)
        await other.call(f"{threads_state}.open_thread", {"thread_id": secret})
        await other.call(f"{CHAT}.load_messages")
        await other.call(f"{CHAT}.load_earlier")
        assert "seeded errand" not in other.transcript()
        async with ReflexSocket(web_app.url) as stranger:  # no session at all
            await stranger.call(f"{CHAT}.load_earlier")
            assert "seeded errand" not in stranger.transcript()
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        assert len(threads.list_messages(session=session, user_id=owner_id,
                                         thread_id=secret, limit=500)) == 120


def test_turn_time_fresh_and_in_a_200_message_thread(web_app: WebApp) -> None:
    figures = measure(web_app.url, web_app.settings.database_url, users=2)
    print("\nchat turn figures:\n" + json.dumps(figures, indent=2))
    for case in ("fresh", "long_thread"):
        assert figures[case]["bytes_per_reply_max"] <= _bound(figures[case]["reply_chars_max"])
    assert figures["long_over_fresh_p50"] <= 1.5, figures


def test_long_thread_in_the_browser_shows_earlier_on_demand(page, web_app: WebApp) -> None:
    email = browser_sign_up(page, web_app, name="Paula Pager")
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        user = get_user_by_email(email=email, session=db)
    seed_thread(web_app.settings.database_url, user.id, 120)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    log = page.get_by_role("log", name="Conversation")
    earlier = log.get_by_role("button", name="Show earlier messages")
    expect(earlier).to_be_visible()
    expect(log.get_by_text("add seeded errand 70 tomorrow", exact=True)).to_be_visible()
    expect(log.get_by_text("add seeded errand 68 tomorrow", exact=True)).to_have_count(0)
    say(page, "add water the ferns friday #home")
    box = page.get_by_role("textbox", name="Message")
    box.fill("what's pending?")
    box.press("Enter")
    screenshot(page, "chat-long-thread-sending")  # often catches the reply being written
    expect(page.get_by_role("button", name="Stop the reply")).to_have_count(0, timeout=30_000)
    reply = log.get_by_text("water the ferns").last
    expect(reply).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width, height in ((1280, 800), (375, 760)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            screenshot(page, f"chat-long-thread-{scheme}-{width}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 800})
    log.evaluate("element => { element.scrollTop = 0; }")
    screenshot(page, "chat-long-thread-top-light-1280")
    earlier.click()
    expect(log.get_by_text("add seeded errand 20 tomorrow", exact=True)).to_be_attached()
    expect(earlier).to_be_visible()
    earlier.click()
    expect(log.get_by_text("add seeded errand 0 tomorrow", exact=True)).to_be_attached()
    expect(earlier).to_have_count(0)
    expect(reply).to_be_attached()  # this visit's turns stay below the history
