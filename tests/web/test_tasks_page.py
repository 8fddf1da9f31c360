"""The /tasks manager in real Chromium against the production build."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.web.conftest import screenshot, sign_up
from todo_reflex.core import tasks as service
from todo_reflex.core import users
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import TaskCreate, TaskUpdate
from todo_reflex.core.tasks import Actor

XSS = "<img src=x onerror=alert(1)>"


def open_tasks(page: Page, web_app) -> None:
    page.goto(f"{web_app.url}/tasks")
    # a full page load: the session is checked before the page shows (slow under load)
    expect(page.get_by_role("heading", name="Tasks", exact=True)).to_be_visible(timeout=15_000)
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
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        user = users.get_user_by_email(email, session=db)
    return Actor(user_id=user.id, timezone=user.timezone)


def create_tasks(web_app, actor: Actor, tasks: list[TaskCreate], *, done: int = 0) -> None:
    """Write tasks straight through the task service; the last ``done`` are completed."""
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        made = [service.add_task(session=session, actor=actor, data=t) for t in tasks]
        for task in made[len(made) - done:] if done else []:
            service.complete_task(session=session, actor=actor, task_id=task.id)


def local_today(actor: Actor) -> str:
    return datetime.now(ZoneInfo(actor.timezone)).date().isoformat()


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
    expect(page.get_by_role("button", name=re.compile(r"^\d+ completed$"))).to_contain_text("1")
    done.click()
    expect(done).not_to_be_checked()

    page.get_by_role("button", name="Delete Call dentist").click()
    expect(task).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(row(page, "Call dentist")).to_contain_text("Wed 27 Nov 2030 17:00")
    expect(row(page, "Call dentist")).to_contain_text("#health")


def test_inline_edit_bad_input_and_stale_version(page, web_app):
    email = sign_up(page, web_app, name="Eddie Edit")
    open_tasks(page, web_app)
    add(page, "Water plants", tags="home")
    expect(row(page, "Water plants")).to_be_visible()

    page.get_by_role("button", name="Edit Water plants").click()
    editor = page.get_by_role("form", name="Edit Water plants")
    editor.get_by_label("Title").fill("Water the plants")
    editor.get_by_label("Due date").fill("2030-11-29")
    pick(page, "Priority", "Medium", scope=editor)
    editor.get_by_label("Tags").fill("home, bad tag!")
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("alert")).to_contain_text("'tag!' is not a tag")
    expect(editor.get_by_label("Title")).to_have_value("Water the plants")
    editor.get_by_label("Tags").fill("home, garden")
    editor.get_by_label("Tags").press("Enter")
    task = row(page, "Water the plants")
    expect(task).to_contain_text("Fri 29 Nov 2030")
    expect(task).to_contain_text("Medium")
    expect(task).to_contain_text("#garden")

    long_title = "x" * 201
    add(page, long_title, tags="kept")
    expect(page.get_by_role("alert")).to_contain_text("at most 200 characters")
    expect(page.get_by_label("New task")).to_have_value(long_title)
    expect(page.get_by_label("Tags", exact=True).first).to_have_value("kept")
    add(page, "Time without date", time="09:00")
    expect(page.get_by_role("alert")).to_contain_text("pick a date")
    page.get_by_role("button", name="Edit Water the plants").click()
    page.get_by_role("form", name="Edit Water the plants").get_by_label("Title").press("Escape")
    expect(page.get_by_role("form", name="Edit Water the plants")).to_have_count(0)

    actor = actor_for(web_app, email)
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        (mine,) = service.list_tasks(session=session, actor=actor, query="water").tasks
        service.update_task(session=session, actor=actor, task_id=mine.id,
                            data=TaskUpdate(title="Water plants twice"))
    page.get_by_role("checkbox", name="Done: Water the plants").click()
    expect(page.get_by_text("changed elsewhere — reloaded")).to_be_visible()
    expect(row(page, "Water plants twice")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Done: Water plants twice")).not_to_be_checked()


def test_filters_search_bulk_and_clear_completed(page, web_app):
    email = sign_up(page, web_app, name="Fay Filter")
    actor = actor_for(web_app, email)
    create_tasks(web_app, actor, [
        TaskCreate(title="Plan trip"),
        TaskCreate(title="Buy milk", priority="low", tags=["shop"]),
        TaskCreate(title="Write report", priority="high", tags=["work"]),
    ])
    open_tasks(page, web_app)
    expect(page.get_by_test_id("task-row")).to_have_count(3)

    pick(page, "Filter by priority", "High")
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(row(page, "Write report")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.get_by_test_id("task-row")).to_have_count(3)

    page.get_by_role("button", name="#shop: show only this tag").click()
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(page.get_by_role("combobox", name="Filter by tag")).to_have_text("#shop")
    pick(page, "Filter by tag", "All tags")
    page.get_by_label("Search tasks").fill("REPO")
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(row(page, "Write report")).to_be_visible()
    page.get_by_label("Search tasks").fill("")
    pick(page, "Filter by status", "Completed")
    expect(page.get_by_text("Nothing matches these filters")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.get_by_test_id("task-row")).to_have_count(3)

    page.get_by_role("checkbox", name="Select Buy milk").click()
    page.get_by_role("checkbox", name="Select Plan trip").click()
    expect(page.get_by_text("2 selected")).to_be_visible()
    page.get_by_role("button", name="Complete selected").click()
    expect(page.get_by_role("checkbox", name="Done: Buy milk")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Done: Plan trip")).to_be_checked()
    expect(page.get_by_role("button", name=re.compile(r"^\d+ completed$"))).to_contain_text("2")

    page.get_by_role("button", name="Clear completed").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("deletes all 2 completed tasks")
    dialog.get_by_role("button", name="Keep them").click()
    expect(page.get_by_test_id("task-row")).to_have_count(3)
    page.get_by_role("button", name="Clear completed").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete completed").click()
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(row(page, "Write report")).to_be_visible()

    page.get_by_role("checkbox", name="Select all on this page").click()
    page.get_by_role("button", name="Delete selected").click()
    expect(page.get_by_text("No tasks yet")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(row(page, "Write report")).to_contain_text("#work")


def test_markup_is_text_paging_and_screenshots(page, web_app):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    email = sign_up(page, web_app, name="Pam Pages")
    actor = actor_for(web_app, email)
    create_tasks(web_app, actor, [TaskCreate(title=f"Bulk task {i:03}") for i in range(120)])
    today = local_today(actor)
    week_ago = (datetime.fromisoformat(today) - timedelta(days=7)).date().isoformat()
    create_tasks(web_app, actor, [
        TaskCreate(title="Renew passport", due=week_ago, priority="high", tags=["admin"]),
        TaskCreate(title="Stand-up notes", due=f"{today}T23:59", priority="medium",
                   tags=["work"], repeat="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        TaskCreate(title="Read a chapter", due="2030-11-27", tags=["home", "books"]),
        TaskCreate(title="Book flights", priority="low"),
    ])
    open_tasks(page, web_app)
    add(page, XSS)
    expect(row(page, XSS)).to_be_visible()
    expect(page.get_by_text("1–50 of 125")).to_be_visible()
    expect(row(page, "Renew passport")).to_contain_text("Overdue")
    expect(row(page, "Stand-up notes")).to_contain_text("Today 23:59")
    expect(row(page, "Stand-up notes")).to_contain_text("Weekdays")
    expect(page.get_by_role("button", name=re.compile(r"^\d+ overdue$"))).to_contain_text("1")
    assert dialogs == []
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=10_000)
    screenshot(page, "tasks-light-1280")

    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("51–100 of 125")).to_be_visible()
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("101–125 of 125")).to_be_visible()
    expect(page.get_by_test_id("task-row")).to_have_count(25)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    page.get_by_role("button", name="Previous page").click()
    expect(page.get_by_text("51–100 of 125")).to_be_visible()

    pick(page, "Sort by", "Due date")
    expect(page.get_by_text("1–50 of 125")).to_be_visible()
    expect(page.get_by_test_id("task-row").first).to_contain_text("Renew passport")
    page.get_by_role("button", name="Toggle dark mode").locator("visible=true").first.click()
    expect(page.locator("html.dark")).to_have_count(1)
    screenshot(page, "tasks-dark-1280")
    page.get_by_role("button", name="Toggle dark mode").locator("visible=true").first.click()
    page.set_viewport_size({"width": 375, "height": 812})
    expect(page.get_by_role("button", name="Add task")).to_be_visible()
    screenshot(page, "tasks-light-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert dialogs == []


def test_second_user_sees_none_of_the_first_users_tasks(page, web_app):
    email = sign_up(page, web_app, name="Una Owner")
    create_tasks(web_app, actor_for(web_app, email), [TaskCreate(title="Una's secret plan")])
    open_tasks(page, web_app)
    expect(row(page, "Una's secret plan")).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login**")
    sign_up(page, web_app, name="Vic Visitor")
    open_tasks(page, web_app)
    expect(page.get_by_text("No tasks yet")).to_be_visible()
    expect(page.get_by_text("Una's secret plan")).to_have_count(0)
    page.get_by_label("Search tasks").fill("secret")
    expect(page.get_by_text("Nothing matches these filters")).to_be_visible()
