"""Password reset in real Chromium: forgot → the mail at the tests' SMTP server (aiosmtpd) →
the link → a new password → sign in with it; the old one and the used link fail, and the
browser that was signed in before is signed out."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage

from playwright.sync_api import expect

from tests.support.browser import PASSWORD, WebApp, screenshot, sign_up
from tests.support.smtp import Inbox

NEW_PASSWORD = "a brand new secret"
SENT = re.compile("If an account exists for that address, we've sent a link")
INVALID = "This reset link has expired or was already used."
LINK = re.compile(r"(https?://\S+/reset\?token=[A-Za-z0-9_-]+)")


def mail_to(inbox: Inbox, address: str, timeout: float = 30) -> EmailMessage:
    """The first message the app sent to ``address``; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with inbox.arrived:
        while True:
            for message in inbox.messages:
                if message["To"] == address:
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no mail to {address} arrived")
            inbox.arrived.wait(left)


def open_forgot(page) -> None:
    """Follow sign-in's "Forgot password?" link and wait for the page itself.

    The address changes before the new page replaces the old one: filling "Email" at once
    could fill sign-in's field, and the empty one of /forgot then refuses the submit.
    """
    page.get_by_role("link", name="Forgot password?").click()
    page.wait_for_url("**/forgot**")
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()


def ask_for_link(page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text(SENT)).to_be_visible()


def sign_in(page, web_app: WebApp, email: str, password: str) -> None:
    page.goto(f"{web_app.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_reset_by_email_sets_a_new_password_and_signs_out_everywhere(page, web_app, browser):
    assert web_app.inbox is not None
    email = sign_up(page, web_app, name="Rita Reset")  # stays signed in: must be signed out
    other = browser.new_context(color_scheme="dark", viewport={"width": 375, "height": 760})
    try:
        guest = other.new_page()  # a phone in dark mode
        guest.goto(f"{web_app.url}/login")
        open_forgot(guest)
        ask_for_link(guest, web_app.new_email("nobody"))  # the same answer, and no mail
        guest.get_by_role("button", name="Send another link").click()
        ask_for_link(guest, email)
        screenshot(guest, "forgot-sent-dark-375")
        link = LINK.search(mail_to(web_app.inbox, email).get_content()).group(1)
        assert link.startswith(f"{web_app.url}/reset?token=")

        guest.goto(link)
        expect(guest.get_by_label("New password")).to_be_visible()
        assert guest.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(guest, "reset-form-dark-375")
        guest.get_by_label("New password").fill("short")
        guest.get_by_label("Repeat password").fill("short")
        guest.get_by_role("button", name="Set new password").click()
        expect(guest.get_by_role("alert")).to_contain_text("at least 8")
        guest.get_by_label("New password").fill(NEW_PASSWORD)
        guest.get_by_label("Repeat password").fill(NEW_PASSWORD)
        guest.get_by_role("button", name="Set new password").click()
        guest.wait_for_url("**/login**")
        expect(guest.get_by_text("Your password is changed")).to_be_visible()
        screenshot(guest, "login-after-reset-dark-375")

        sign_in(guest, web_app, email, PASSWORD)
        expect(guest.get_by_role("alert")).to_have_text(
            "That email and password don't match an account.")
        sign_in(guest, web_app, email, NEW_PASSWORD)
        guest.wait_for_url("**/chat**")

        guest.goto(link)  # used once: refused at once, with a way to ask again
        expect(guest.get_by_text(INVALID)).to_be_visible()
        expect(guest.get_by_role("link", name="Ask for a new link")).to_be_visible()
        expect(guest.get_by_label("New password")).to_have_count(0)
    finally:
        other.close()
    page.goto(f"{web_app.url}/tasks")  # the session from before the reset has ended
    page.wait_for_url("**/login**")


def test_reset_pages_in_light_mode_and_dark_on_a_phone(page, web_app):
    page.goto(f"{web_app.url}/login")
    expect(page.get_by_role("link", name="Forgot password?")).to_be_visible()
    screenshot(page, "login-light")
    open_forgot(page)
    page.get_by_label("Email").fill("nobody@example.com")
    screenshot(page, "forgot-light")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text(SENT)).to_be_visible()
    page.goto(f"{web_app.url}/reset?token={'A' * 43}")  # a link that never existed
    expect(page.get_by_text(INVALID)).to_be_visible()
    screenshot(page, "reset-invalid-light")
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 375, "height": 760})
    page.goto(f"{web_app.url}/login")
    expect(page.get_by_label("Email")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "login-dark-375")
    page.goto(f"{web_app.url}/forgot")  # this tab's answer stays, with a way to ask again
    expect(page.get_by_text(SENT)).to_be_visible()
    page.get_by_role("button", name="Send another link").click()
    expect(page.get_by_label("Email")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "forgot-dark-375")
