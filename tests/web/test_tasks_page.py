"""The /tasks manager in real Chromium against the production build."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import screenshot, sign_up
from todo_reflex.core import tasks as service
from todo_reflex.core import users
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import TaskCreate
from todo_reflex.core.tasks import Actor

XSS = "<img src=x onerror=alert(1)>"


def open_tasks(page: Page, web_app) -> None:
    page.goto(f"{web_app.url}/tasks")
    expect(page.get_by_role("heading", name="Tasks", exact=True)).to_be_visible()
    expect(page.get_by_label("Loading tasks")).to_have_count(0, timeout=15_000)


def row(page: Page, title: str):
    return page.get_by_test_id("task-row").filter(has_text=title)


def pick(page: Page, label: str, option: str, scope=None) -> None:
    (scope or page).get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def add(page: Page, title: str, *, date: str = "", time: str = "", priority: str = "",
        tags: str = "", repeat: str = "") -> None:
    page.get_by_label("New task").fill(title)
    if date:
        page.get_by_label("Due date", exact=True).first.fill(date)
    if time:
        page.get_by_label("Time", exact=True).first.fill(time)
    if priority:
        pick(page, "Priority", priority)
    if tags:
        page.get_by_label("Tags", exact=True).first.fill(tags)
    if repeat:
        pick(page, "Repeat", repeat)
    page.get_by_role("button", name="Add task").click()


def actor_for(web_app, email: str) -> Actor:
    user = users.get_user_by_email(email, settings=web_app.settings)
    return Actor(user_id=user.id, timezone=user.timezone)


def create_tasks(web_app, actor: Actor, titles: list[str]) -> None:
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        for title in titles:
            service.add_task(session=session, actor=actor, data=TaskCreate(title=title))


def test_add_complete_delete_and_undo(page, web_app):
    sign_up(page, web_app, name="Tara Tasks")
    open_tasks(page, web_app)
    expect(page.get_by_text("No tasks yet")).to_be_visible()
    add(page, "Call dentist", date="2030-11-27", time="17:00", priority="High",
        tags="health, calls", repeat="")
    task = row(page, "Call dentist")
    expect(task).to_contain_text("Wed 27 Nov 2030 17:00")
    expect(task).to_contain_text("High")
    expect(task).to_contain_text("#health")
    expect(task).to_contain_text("#calls")
    expect(page.get_by_label("New task")).to_have_value("")

    done = page.get_by_role("checkbox", name="Done: Call dentist")
    done.click()
    expect(done).to_be_checked()
    expect(page.get_by_role("button", name="Show completed")).to_contain_text("1")
    done.click()
    expect(done).not_to_be_checked()

    page.get_by_role("button", name="Delete Call dentist").click()
    expect(task).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(row(page, "Call dentist")).to_contain_text("Wed 27 Nov 2030 17:00")
    expect(row(page, "Call dentist")).to_contain_text("#health")
    screenshot(page, "tasks-light-1280")
