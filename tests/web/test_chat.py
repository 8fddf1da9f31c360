"""The chat in real Chromium: streamed replies through the real MCP server, the live task
panel, saved threads, limits and safe rendering."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_up


def say(page, text: str) -> None:
    """Type a message, press Enter and wait until the reply has finished streaming."""
    box = page.get_by_role("textbox", name="Message")
    expect(box).to_be_enabled(timeout=20_000)
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("", timeout=10_000)  # the message was accepted
    expect(page.get_by_role("button", name="Stop the reply")).to_have_count(0, timeout=30_000)
    expect(box).to_be_enabled(timeout=10_000)


def panel(page):
    return page.get_by_role("region", name="Pending tasks").last


def test_chat_journey_adds_lists_completes_and_survives_reload(page, web_app):
    sign_up(page, web_app)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{web_app.url}/tasks")
    page.get_by_label("New task").fill("Water the plants")
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_test_id("task-row").get_by_text("Water the plants")).to_be_visible()
    page.get_by_role("link", name="Chat").first.click()
    expect(page.get_by_text("What needs doing?")).to_be_visible()
    expect(panel(page).get_by_text("Water the plants")).to_be_visible()
    say(page, "add call dentist tomorrow at 3pm high priority")
    log = page.get_by_role("log", name="Conversation")
    expect(log.get_by_text(re.compile(r"Added .*call dentist", re.I)).first).to_be_visible()
    expect(panel(page).get_by_text("call dentist", exact=False)).to_be_visible()
    expect(panel(page).get_by_text("15:00")).to_be_visible()
    expect(panel(page).get_by_text("high")).to_be_visible()
    say(page, "what's pending?")
    expect(log.get_by_text("call dentist").last).to_be_visible()
    screenshot(page, "chat-light-1400")
    say(page, "mark call dentist done")
    expect(panel(page).get_by_text("call dentist")).to_have_count(0)
    expect(panel(page).get_by_text("Water the plants")).to_be_visible()
    page.reload()
    expect(log.get_by_text("mark call dentist done")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("add call dentist", re.I))).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login**")


def test_second_user_sees_nothing_of_the_first(page, web_app, browser):
    sign_up(page, web_app, name="Dana Example")
    say(page, "add secret plan for dana")
    other = browser.new_context().new_page()
    sign_up(other, web_app, name="Eve Example")
    expect(other.get_by_text("What needs doing?")).to_be_visible()
    expect(other.get_by_text("secret plan")).to_have_count(0)
    say(other, "show all my tasks")
    expect(other.get_by_text("secret plan")).to_have_count(0)
    other.goto(f"{web_app.url}/tasks")
    expect(other.get_by_text("secret plan")).to_have_count(0)
    other.context.close()


def test_markup_in_a_task_title_is_shown_as_text(page, web_app):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_up(page, web_app, name="Finn Example")
    say(page, "add <img src=x onerror=alert(1)> and <b>bold</b>")
    expect(page.get_by_text("<img src=x onerror=alert(1)>").first).to_be_visible()
    page.reload()
    expect(page.get_by_text("<img src=x onerror=alert(1)>").first).to_be_visible()
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0


def test_message_limits(page, web_app):
    sign_up(page, web_app, name="Gus Example")
    box = page.get_by_role("textbox", name="Message")
    box.fill("x" * 2100)
    assert len(box.input_value()) == 2000
    expect(page.get_by_text("2000 / 2000")).to_be_visible()
    for i in range(10):
        say(page, f"add quick task {i}")
    box.fill("add one too many")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(r"10 messages in a minute.*the next one in \d+ s"))
    assert box.input_value() == "add one too many"


def test_next_user_in_the_same_browser_sees_nothing_of_the_last(page, web_app):
    sign_up(page, web_app, name="Hal Example")
    say(page, "add alpha secret errand")
    expect(panel(page).get_by_text("alpha secret errand")).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login**")
    sign_up(page, web_app, name="Ivy Example")
    expect(page.get_by_text("What needs doing?")).to_be_visible()
    expect(page.get_by_text("alpha secret errand")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("alpha secret", re.I))).to_have_count(0)
