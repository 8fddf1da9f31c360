"""Undo and a bulk edit in the chat, in real Chromium through the real MCP server: a group edit
lists its tasks and waits for a yes, one "undo" puts the whole group back, and a deleted task
comes back with its number."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_up
from tests.web.test_chat import panel, say


def test_bulk_complete_waits_for_yes_and_undo_puts_it_back(page, web_app):
    sign_up(page, web_app, name="Uma Example")
    log = page.get_by_role("log", name="Conversation")
    for text in ("add eggs #shopping", "add soap #shopping", "add call mom"):
        say(page, text)
    expect(panel(page).get_by_text("soap")).to_be_visible()

    say(page, "complete all #shopping tasks")
    expect(log.get_by_text(re.compile(r"This will complete 2 tasks")).last).to_be_visible()
    expect(panel(page).get_by_text("eggs")).to_be_visible()  # nothing yet: it asks first

    say(page, "yes")
    expect(panel(page).get_by_text("eggs")).to_have_count(0)
    expect(panel(page).get_by_text("soap")).to_have_count(0)
    expect(panel(page).get_by_text("call mom")).to_be_visible()

    say(page, "undo")
    expect(log.get_by_text(re.compile(r"Undone: 2 changes reverted")).last).to_be_visible()
    expect(panel(page).get_by_text("eggs")).to_be_visible()
    expect(panel(page).get_by_text("soap")).to_be_visible()

    say(page, "delete call mom")
    expect(panel(page).get_by_text("call mom")).to_have_count(0)
    say(page, "undo")
    expect(log.get_by_text(re.compile(r"Restored .*call mom.*#3")).last).to_be_visible()
    expect(panel(page).get_by_text("call mom")).to_be_visible()


def test_a_guess_is_offered_and_one_tap_on_yes_adds_it(page, web_app):
    sign_up(page, web_app, name="Vic Example")
    log = page.get_by_role("log", name="Conversation")
    say(page, "olly weather on tuesday")  # another assistant's job: no task, no question
    expect(log.get_by_text(re.compile(r"I can only help with your tasks")).last).to_be_visible()
    expect(page.get_by_role("group", name="Quick answers")).to_have_count(0)

    say(page, "dentist friday three pm")  # no verb: offered, not written
    expect(log.get_by_text(re.compile(r"Add .*dentist.* due")).last).to_be_visible()
    expect(panel(page).get_by_text("dentist")).to_have_count(0)
    screenshot(page, "chat-offer")
    page.get_by_role("button", name="Answer yes").click()
    expect(panel(page).get_by_text("dentist")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("group", name="Quick answers")).to_have_count(0)
