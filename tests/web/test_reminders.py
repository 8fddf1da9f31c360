"""Reminders in real Chromium against the production build: the task editor sets one, the real
reminder worker delivers it, and the shell's bell shows it without a reload (with a desktop
alert when the browser allows them). Every test also fails on any console error."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.support.browser import screenshot, sign_up
from tests.web.test_chat import panel, say
from tests.web.test_tasks_page import actor_for, create_tasks, open_tasks, pick, row
from todo_reflex.core import tasks as service
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import Reminder, TaskCreate
from todo_reflex.core.tasks import Actor

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]

# Headless Chromium grants the permission but has no desktop to show a notification on, so the
# page's window.Notification is wrapped to record what the app asks the browser to show.
RECORD_NOTIFICATIONS = """(() => {
  const Real = window.Notification;
  window.__shown = [];
  class Recorded extends Real {
    constructor(title, options) { super(title, options); window.__shown.push(title); }
  }
  window.Notification = Recorded;
})()"""


def local_in(actor: Actor, delta: timedelta) -> str:
    """The user's wall-clock time ``delta`` from now, as a due value (``2026-12-07T15:00``)."""
    return (datetime.now(ZoneInfo(actor.timezone)) + delta).strftime("%Y-%m-%dT%H:%M")


def deliver_due_now(web_app, task_title: str) -> None:
    """Let the task's reminders fall due (the clock moved on) and run the real worker once."""
    url = web_app.settings.database_url
    with session_scope(engine_for(url)) as session:
        session.execute(sa.text(
            "UPDATE reminders SET fire_at = :at WHERE task_id IN "
            "(SELECT id FROM tasks WHERE title = :title)"),
            {"at": datetime.now(UTC) - timedelta(seconds=5), "title": task_title})
    done = subprocess.run(
        [sys.executable, "-m", "todo_reflex.reminder_worker", "--once"], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "APP_ENV": "test",
             "SMTP_HOST": "", "DATA_DIR": str(web_app.settings.data_dir)},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def bell(page: Page):
    return page.get_by_role("button", name="Notifications", exact=False).locator("visible=true")


def test_the_editor_and_quick_add_set_reminders_that_rows_show(page: Page, web_app) -> None:
    email = sign_up(page, web_app)
    ann = actor_for(web_app, email)
    create_tasks(web_app, ann, [TaskCreate(title="dentist", due=local_in(ann, timedelta(days=2)))])
    open_tasks(page, web_app)
    row(page, "dentist").locator(".task-title").click()
    editor = page.locator("#task-editor")
    pick(page, "Reminder", "30 minutes before", editor)
    editor.get_by_role("button", name="Save").click()
    expect(row(page, "dentist").get_by_title("Reminder")).to_be_visible()
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        (task,) = service.list_tasks(session=session, actor=ann, limit=10).tasks
    assert [r.rule for r in task.reminders] == ["-PT30M"]
    due = datetime.fromisoformat(task.due)
    assert task.reminders[0].at == (due - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")

    # a reminder counts back from the due date: removing the date asks, and loses nothing
    row(page, "dentist").locator(".task-title").click()
    page.locator("#edit-date").fill("")
    page.locator("#edit-time").fill("")
    page.locator("#task-editor").get_by_role("button", name="Save").click()
    expect(page.locator("#task-editor")).to_contain_text("pick a due date")
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        (kept,) = service.list_tasks(session=session, actor=ann, limit=10).tasks
    assert kept.due == task.due and [r.rule for r in kept.reminders] == ["-PT30M"]
    page.locator("#edit-cancel").click()

    # quick add reads a reminder in the chat's words and shows it before saving
    box = page.get_by_label("New task")
    box.fill("Call mom tomorrow 6pm remind me 15 minutes before")
    preview = page.get_by_role("status", name="Quick add preview")
    expect(preview.locator("[data-chip=date]")).to_have_text("Tomorrow 18:00")
    expect(preview.locator("[data-chip=reminder]")).to_have_text("Reminder 17:45")
    box.press("Enter")
    expect(row(page, "Call mom").get_by_title("Reminder")).to_have_text("Tomorrow 17:45")


def test_a_delivered_reminder_reaches_the_bell_and_the_desktop(page: Page, web_app) -> None:
    page.context.grant_permissions(["notifications"], origin=web_app.url)
    page.add_init_script(RECORD_NOTIFICATIONS)
    email = sign_up(page, web_app)
    ann = actor_for(web_app, email)
    create_tasks(web_app, ann, [TaskCreate(title="tea", due=local_in(ann, timedelta(hours=1)),
                                           reminders=["-PT0M"])])
    open_tasks(page, web_app)
    bell(page).click()
    expect(page.get_by_text("No reminders yet")).to_be_visible()
    expect(page.get_by_text("Desktop alerts are on")).to_be_visible()
    page.keyboard.press("Escape")

    deliver_due_now(web_app, "tea")
    # no reload: the open tab asks for new notifications every 20 s while it is visible
    expect(bell(page)).to_have_accessible_name("Notifications, 1 unread", timeout=35_000)
    page.wait_for_function("window.__shown.includes('tea')", timeout=5_000)
    expect(page.get_by_text("Reminder: tea")).to_be_visible()  # the in-page toast
    bell(page).click()
    item = page.locator(".notification").filter(has_text="tea")
    expect(item).to_have_attribute("data-unread", "true")
    page.wait_for_timeout(400)  # the popover's fade-in
    screenshot(page, "notifications-light")
    item.click()
    page.wait_for_url("**/tasks?view=all&q=tea")
    expect(row(page, "tea")).to_be_visible()
    expect(bell(page)).to_have_accessible_name("Notifications")
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        fired = session.exec(sa.select(Reminder.fired_at).where(
            Reminder.user_id == ann.user_id)).all()
    assert len(fired) == 1 and fired[0][0] is not None


def test_the_bell_on_a_phone_in_dark_mode(browser, web_app, console) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 760}, color_scheme="dark",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        email = sign_up(page, web_app)
        ann = actor_for(web_app, email)
        create_tasks(web_app, ann, [TaskCreate(title="call mom", due=local_in(
            ann, timedelta(hours=2)), reminders=["-PT0M"])])
        deliver_due_now(web_app, "call mom")
        page.reload()
        expect(bell(page)).to_have_accessible_name("Notifications, 1 unread")
        bell(page).tap()
        expect(page.locator(".notification").filter(has_text="call mom")).to_be_visible()
        box = page.get_by_role("dialog", name="Notifications").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        page.wait_for_timeout(400)  # the popover's fade-in
        screenshot(page, "notifications-phone-dark")
        page.get_by_role("button", name="Mark all read").tap()
        expect(bell(page)).to_have_accessible_name("Notifications")
    finally:
        context.close()


def test_the_chat_sets_a_reminder_and_the_panel_shows_it(page: Page, web_app) -> None:
    sign_up(page, web_app)
    say(page, "remind me to call mom tomorrow at six thirty pm")
    reply = page.get_by_role("log", name="Conversation")
    expect(reply.get_by_text("reminder 18:30", exact=False)).to_be_visible()
    expect(panel(page).locator(".panel-reminder")).to_have_attribute(
        "aria-label", "Reminder Tomorrow 18:30")
