"""Sign-up, sign-in and sign-out in real Chromium against the production build."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import PASSWORD, screenshot, sign_up


def test_sign_up_lands_on_chat_and_sign_out_returns_to_login(page, web_app):
    email = sign_up(page, web_app)
    expect(page.get_by_text(email).first).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login**")
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(f"{web_app.url}/tasks")
    page.wait_for_url("**/login**")


def test_login_errors_do_not_reveal_accounts(page, web_app):
    email = sign_up(page, web_app, name="Bob Example")
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login**")
    for address, password in [(email, "wrong password"), (web_app.new_email("nobody"), PASSWORD)]:
        page.get_by_label("Email").fill(address)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text(
            "That email and password don't match an account."
        )
    page.get_by_label("Email").fill(email.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/chat**")


def test_sign_up_refuses_weak_password_and_taken_email(page, web_app):
    email = sign_up(page, web_app, name="Cleo Example")
    page.get_by_role("button", name="Sign out").first.click()
    page.goto(f"{web_app.url}/signup")
    page.get_by_label("Email").fill(web_app.new_email("weak"))
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("at least 8", re.I))
    screenshot(page, "signup-error-light")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("already exists")
