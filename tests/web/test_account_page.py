"""``/account`` in real Chromium against the production build: profile, password, personal access
tokens used by a real MCP client, signing out everywhere, deleting the account."""

from __future__ import annotations

import re

import httpx
import pytest
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from playwright.sync_api import expect
from sqlmodel import select

from tests.support.browser import PASSWORD, screenshot, sign_up
from tests.web.reflex_socket import run_async
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import ApiToken, Task, TaskCreate, User
from todo_reflex.core.tasks import Actor, add_task
from todo_reflex.core.users import get_user_by_email

MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "test", "version": "1"}},
}


def _user(web_app, email: str) -> User | None:
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        return get_user_by_email(email=email, session=db)


def open_account(page, web_app) -> None:
    page.goto(f"{web_app.url}/account")
    expect(page.get_by_role("heading", name="Account", exact=True)).to_be_visible()
    expect(page.get_by_label("Display name")).not_to_have_value("", timeout=10_000)


def sign_in(page, web_app, email: str, password: str) -> None:
    page.goto(f"{web_app.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


async def use_token(url: str, token: str) -> tuple[list[str], dict]:
    transport = StreamableHttpTransport(url, headers={"Authorization": f"Bearer {token}"})
    async with Client(transport, timeout=20) as client:
        tools = [tool.name for tool in await client.list_tools()]
        added = await client.call_tool("add_task", {"title": "From my MCP client"})
        return tools, added.structured_content


def test_profile_name_and_time_zone_persist(page, web_app):
    email = sign_up(page, web_app, name="Pia Profile")
    open_account(page, web_app)
    expect(page.get_by_label("Display name")).to_have_value("Pia Profile")
    browser_zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    expect(page.get_by_label("Time zone")).to_have_value(browser_zone)

    page.get_by_label("Time zone").fill("Mars/Olympus_Mons")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert")).to_contain_text("Unknown time zone 'Mars/Olympus_Mons'")
    expect(page.get_by_label("Time zone")).to_have_value("Mars/Olympus_Mons")  # kept

    page.get_by_label("Display name").fill("Pia Renamed")
    page.get_by_label("Time zone").fill("Asia/Tokyo")
    local_time = re.compile(r"It is \w{3} \d+ \w{3}, \d\d:\d\d there now")
    expect(page.get_by_text(local_time)).to_be_visible()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Dates are now shown in Asia/Tokyo")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_text("Pia Renamed").first).to_be_visible()  # the shell's user footer

    page.reload()
    open_account(page, web_app)
    expect(page.get_by_label("Display name")).to_have_value("Pia Renamed")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    user = _user(web_app, email)
    assert (user.name, user.timezone) == ("Pia Renamed", "Asia/Tokyo")

    if browser_zone != "Asia/Tokyo":  # the device's zone is offered back in one click
        page.get_by_role("button", name=f"Use {browser_zone}").click()
        expect(page.get_by_label("Time zone")).to_have_value(browser_zone)
        expect(page.get_by_role("button", name=f"Use {browser_zone}")).to_have_count(0)
        user = _user(web_app, email)
        assert user.timezone == browser_zone


def test_change_password_signs_in_with_the_new_one_only(page, web_app):
    email = sign_up(page, web_app, name="Paul Password")
    new_password = "a brand new passphrase"
    open_account(page, web_app)
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Repeat new password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("The current password is not correct.")
    expect(page.get_by_label("New password", exact=True)).to_have_value(new_password)

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("Repeat new password").fill("something else entirely")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("The two new passwords are not the same.")

    page.get_by_label("Repeat new password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Other sessions are signed out")
    expect(page.get_by_label("Current password")).to_have_value("")

    page.get_by_role("button", name="Sign out", exact=True).first.click()
    page.wait_for_url("**/login**")
    sign_in(page, web_app, email, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(
        "That email and password don't match an account.", timeout=15_000  # argon2 under load
    )
    sign_in(page, web_app, email, new_password)
    page.wait_for_url("**/chat**")


def test_personal_access_token_works_with_an_mcp_client_until_revoked(page, web_app):
    email = sign_up(page, web_app, name="Tom Token")
    user = _user(web_app, email)
    open_account(page, web_app)
    tokens = page.get_by_role("region", name="Personal access tokens")
    tokens.get_by_role("button", name="Create token").click()
    expect(tokens.get_by_role("alert")).to_contain_text("Give the token a name")

    tokens.get_by_label("Token name").fill("Claude Desktop")
    tokens.get_by_role("button", name="Create token").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("only time it is shown")
    plaintext = dialog.get_by_label("New token").input_value()
    assert re.fullmatch(r"tat_[A-Za-z0-9_-]{43}", plaintext)
    expect(dialog.locator("#client-config")).to_contain_text(f'"url": "{web_app.mcp_url}"')
    expect(dialog.locator("#client-config")).to_contain_text(f'"Bearer {plaintext}"')
    expect(dialog.locator("#inspector-command")).to_contain_text(
        f"@modelcontextprotocol/inspector@2.12.0 --cli {web_app.mcp_url} --transport http"
    )
    screenshot(page, "account-token-dialog-light-1280")
    dialog.get_by_role("button", name="Done").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert plaintext not in page.content()  # shown once, gone from the page

    tools, task = run_async(use_token(web_app.mcp_url, plaintext))
    assert {"add_task", "list_tasks", "complete_task", "delete_task"} <= set(tools)
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        mine = select(Task).where(Task.user_id == user.id, Task.number == task["id"])
        assert db.exec(mine).one() is not None

    page.reload()
    open_account(page, web_app)
    row = page.get_by_role("listitem").filter(has_text="Claude Desktop")
    expect(row).to_contain_text(plaintext[:12])
    expect(row).not_to_contain_text("last used Never")
    expect(row).to_contain_text(re.compile(r"expires \d+ \w+ \d{4}"))  # 90 days by default
    screenshot(page, "account-light-1280")
    page.get_by_role("button", name="Toggle dark mode").first.click()
    screenshot(page, "account-dark-1280")
    page.get_by_role("button", name="Toggle dark mode").first.click()
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, "account-light-375")
    page.set_viewport_size({"width": 1280, "height": 720})

    tokens.get_by_label("Token name").fill("Cursor")
    tokens.get_by_role("combobox", name="Expires after").click()
    page.get_by_role("option", name="No expiry").click()
    tokens.get_by_role("button", name="Create token").click()
    page.get_by_role("dialog").get_by_role("button", name="Done").click()
    expect(page.get_by_role("listitem").filter(has_text="Cursor")).to_contain_text("no expiry")

    row.get_by_role("button", name="Revoke token Claude Desktop").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Revoke “Claude Desktop”?")
    confirm.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("Revoked “Claude Desktop”")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Claude Desktop")).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has_text="Cursor")).to_be_visible()
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        stored = db.exec(select(ApiToken).where(ApiToken.name == "Claude Desktop",
                                                ApiToken.user_id == user.id)).one()
        assert stored.revoked_at is not None

    refused = httpx.post(web_app.mcp_url, json=INITIALIZE, timeout=10,
                         headers={**MCP_HEADERS, "Authorization": f"Bearer {plaintext}"})
    assert refused.status_code == 401
    with pytest.raises(Exception, match="error response"):  # the client is refused too
        run_async(use_token(web_app.mcp_url, plaintext))


def test_sign_out_everywhere_ends_other_browsers_too(page, web_app, browser):
    email = sign_up(page, web_app, name="Sam Sessions")
    other = browser.new_context()
    try:
        other_page = other.new_page()
        sign_in(other_page, web_app, email, PASSWORD)
        other_page.wait_for_url("**/chat**")
        open_account(page, web_app)
        sessions = page.get_by_role("region", name="Sessions")
        expect(sessions).to_contain_text("Signed in on 2 browsers or devices")
        sessions.get_by_role("button", name="Sign out everywhere").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Sign out everywhere").click()
        page.wait_for_url("**/login**")
        expect(page.get_by_text("signed out on every device")).to_be_visible()
        other_page.goto(f"{web_app.url}/tasks")
        other_page.wait_for_url("**/login**")
        page.goto(f"{web_app.url}/account")
        page.wait_for_url("**/login**")
    finally:
        other.close()


def test_delete_account_needs_the_email_and_removes_everything(page, web_app):
    email = sign_up(page, web_app, name="Dora Delete")
    user = _user(web_app, email)
    engine = engine_for(web_app.settings.database_url)
    with session_scope(engine) as db:
        add_task(session=db, actor=Actor(user_id=user.id), data=TaskCreate(title="Mine"))
    open_account(page, web_app)
    page.get_by_role("button", name="Delete account…").click()
    dialog = page.get_by_role("alertdialog")
    delete = dialog.get_by_role("button", name="Delete everything")
    expect(delete).to_be_disabled()
    dialog.get_by_label("Type your email to confirm").fill("someone@example.com")
    expect(delete).to_be_disabled()
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    assert _user(web_app, email) is not None

    page.set_viewport_size({"width": 375, "height": 812})
    page.get_by_role("button", name="Delete account…").click()
    expect(dialog.get_by_label("Type your email to confirm")).to_have_value("")
    dialog.get_by_label("Type your email to confirm").fill(email.upper())
    expect(delete).to_be_enabled()
    screenshot(page, "account-delete-dialog-light-375")
    delete.click()
    page.wait_for_url("**/login**")
    expect(page.get_by_text("Your account was deleted")).to_be_visible()

    assert _user(web_app, email) is None
    with session_scope(engine) as db:
        assert db.exec(select(Task).where(Task.user_id == user.id)).all() == []
    sign_in(page, web_app, email, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(
        "That email and password don't match an account.", timeout=15_000  # argon2 under load
    )
