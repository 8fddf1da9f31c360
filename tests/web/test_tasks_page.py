"""The /tasks manager in real Chromium against the production build: lists and their URLs, quick
add with its preview, completing and deleting with undo, shortcuts, inline edit by tapping a
title, bulk changes with Undo, the phone layout.

Every test also fails on any console error or React warning (the ``page`` fixture)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import screenshot, sign_up
from todo_reflex.core import tasks as service
from todo_reflex.core import users
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import TaskCreate, TaskUpdate
from todo_reflex.core.tasks import Actor

XSS = "<img src=x onerror=alert(1)>"


def open_tasks(page: Page, web_app, address: str = "?view=all") -> None:
    """Open /tasks at ``address`` (All tasks unless told; the bare /tasks is Today)."""
    page.goto(f"{web_app.url}/tasks{address}")
    # a full page load: the session is checked before the page shows (slow under load)
    expect(page.get_by_role("heading", name="Tasks", exact=True)).to_be_visible(timeout=15_000)
    expect(page.get_by_label("Loading tasks")).to_have_count(0, timeout=15_000)


def row(page: Page, title: str):
    return page.get_by_test_id("task-row").filter(has_text=title)


def rows(page: Page):
    return page.get_by_test_id("task-row")


def show(page: Page, name: str) -> None:
    """Open a list from the list navigation."""
    page.get_by_role("navigation", name="Task lists").get_by_role(
        "button", name=re.compile(rf"^{re.escape(name)}\b")).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def pick(page: Page, label: str, option: str, scope=None) -> None:
    (scope or page).get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def quick_add(page: Page, text: str) -> None:
    box = page.get_by_label("New task")
    box.fill(text)
    box.press("Enter")


def actor_for(web_app, email: str) -> Actor:
    with session_scope(engine_for(web_app.settings.database_url)) as db:
        user = users.get_user_by_email(email=email, session=db)
    return Actor(user_id=user.id, timezone=user.timezone)


def create_tasks(web_app, actor: Actor, tasks: list[TaskCreate], *, done: int = 0) -> None:
    """Write tasks straight through the task service; the last ``done`` are completed."""
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        made = [service.add_task(session=session, actor=actor, data=t) for t in tasks]
        for task in made[len(made) - done:] if done else []:
            service.complete_task(session=session, actor=actor, task_id=task.id)


def numbers_by_title(web_app, actor: Actor) -> dict[str, int]:
    """The user's live tasks' numbers, read through the task service."""
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        page = service.list_tasks(session=session, actor=actor, limit=100)
    return {task.title: task.id for task in page.tasks}


def local_today(actor: Actor) -> date:
    return datetime.now(ZoneInfo(actor.timezone)).date()


def test_quick_add_previews_what_it_understood(page, web_app):
    sign_up(page, web_app, name="Quinn Quick")
    open_tasks(page, web_app)
    expect(page.get_by_text("No tasks yet")).to_be_visible()
    box = page.get_by_label("New task")
    box.fill("Call plumber tomorrow 4pm p1 #home")
    preview = page.get_by_role("status", name="Quick add preview")
    expect(preview.locator(".preview-title")).to_have_text("Call plumber")
    expect(preview.locator("[data-chip=date]")).to_have_text("Tomorrow 16:00")
    expect(preview.locator("[data-chip=priority]")).to_have_text("High")
    expect(preview.locator("[data-chip=tag]")).to_have_text("home")
    screenshot(page, "tasks-quick-add-preview")
    box.press("Enter")
    task = row(page, "Call plumber")
    expect(task).to_contain_text("Tomorrow 16:00")
    expect(task).to_contain_text("High")
    expect(task).to_contain_text("#home")
    expect(task.locator(".task-number")).to_have_text("#1")  # the user's own numbers
    expect(box).to_have_value("")
    expect(preview).to_have_count(0)

    box.fill("Water plants every saturday #garden")
    expect(preview.locator("[data-chip=repeat]")).to_have_text("Repeats weekly on Saturday")
    box.press("Enter")
    expect(row(page, "Water plants")).to_contain_text("#garden")
    expect(row(page, "Water plants")).to_contain_text("Repeats")
    expect(row(page, "Water plants").locator(".task-number")).to_have_text("#2")

    quick_add(page, "tomorrow p1")
    expect(page.get_by_role("alert")).to_contain_text("type what needs doing")
    expect(box).to_have_value("tomorrow p1")
    quick_add(page, "x" * 201)
    expect(page.get_by_role("alert")).to_contain_text("at most 200 characters")
    quick_add(page, XSS)
    expect(row(page, XSS)).to_be_visible()

    show(page, "Today")  # adding in Today dates the task today, as Todoist does
    quick_add(page, "Stretch")
    expect(row(page, "Stretch")).to_contain_text("Today")


def test_lists_today_upcoming_all_completed_and_tags(page, web_app):
    email = sign_up(page, web_app, name="Vera Views")
    actor = actor_for(web_app, email)
    today = local_today(actor)
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    create_tasks(web_app, actor, [
        TaskCreate(title="Renew passport", due=day(-3), priority="high", tags=["admin"]),
        TaskCreate(title="Stand-up notes", due=f"{day(0)}T23:59", tags=["work"],
                   description="Ask about the release date"),
        TaskCreate(title="Dentist", due=day(2)),
        TaskCreate(title="Plan holiday", due=day(10)),
        TaskCreate(title="Someday read", tags=["home"]),
        TaskCreate(title="Old chore", due=day(-1)),
    ], done=1)
    open_tasks(page, web_app)
    expect(rows(page)).to_have_count(6)
    expect(row(page, "Stand-up notes")).to_contain_text("Ask about the release date")
    expect(rows(page).last).to_contain_text("Old chore")  # completed ones last
    nav = page.get_by_role("navigation", name="Task lists")
    expect(nav.get_by_role("button", name=re.compile("^Today"))).to_contain_text("2")

    show(page, "Today")
    expect(rows(page)).to_have_count(2)
    expect(page.get_by_role("list", name="Overdue")).to_contain_text("Renew passport")
    expect(page.get_by_role("list", name=re.compile(r"^Today"))).to_contain_text("Stand-up")

    show(page, "Upcoming")
    expect(rows(page)).to_have_count(2)
    in_two = date.fromisoformat(day(2))
    expect(page.get_by_role("list", name=re.compile(f"{in_two:%a} {in_two.day} {in_two:%b}")
                            )).to_contain_text("Dentist")
    expect(row(page, "Plan holiday")).to_have_count(0)
    expect(row(page, "Renew passport")).to_have_count(0)

    show(page, "Completed")
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_role("checkbox", name="Done: Old chore")).to_be_checked()

    nav.get_by_role("button", name="#home").click()
    expect(page.get_by_role("heading", name="#home")).to_be_visible()
    expect(rows(page)).to_have_count(1)
    expect(row(page, "Someday read")).to_be_visible()
    row(page, "Someday read").get_by_role("button", name="#home: show only this tag").click()
    pick(page, "Filter by priority", "High")
    expect(page.get_by_text("Nothing matches these filters")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    show(page, "All tasks")
    page.get_by_label("Search tasks").fill("RELEASE")  # notes are searched too
    expect(rows(page)).to_have_count(1)
    expect(row(page, "Stand-up notes")).to_be_visible()


def test_completing_strikes_then_moves_with_undo_and_delete_undo(page, web_app):
    email = sign_up(page, web_app, name="Cody Check")
    actor = actor_for(web_app, email)
    create_tasks(web_app, actor, [TaskCreate(title="Pay rent", due=local_today(actor).isoformat()),
                                  TaskCreate(title="Buy milk", tags=["shop"])])
    open_tasks(page, web_app)
    expect(rows(page).first).to_contain_text("Buy milk")
    done = page.get_by_role("checkbox", name="Done: Buy milk")
    expect(page.get_by_role("checkbox")).to_have_count(2)  # one control per row, no selection
    done.click()
    expect(done).to_be_checked()
    expect(row(page, "Buy milk")).to_have_attribute("data-done", "true")
    expect(rows(page).first).to_contain_text("Buy milk")  # seen done before it moves…
    expect(rows(page).last).to_contain_text("Buy milk")  # …then it goes after the open ones
    toast = page.locator("[data-sonner-toast]").filter(has_text="Completed “Buy milk”")
    toast.get_by_role("button", name="Undo").click()
    expect(done).not_to_be_checked()
    expect(rows(page).first).to_contain_text("Buy milk")

    show(page, "Today")
    page.get_by_role("checkbox", name="Done: Pay rent").click()
    expect(page.get_by_role("checkbox", name="Done: Pay rent")).to_be_checked()
    expect(page.get_by_text("All clear for today")).to_be_visible()

    show(page, "All tasks")
    number = numbers_by_title(web_app, actor)["Buy milk"]
    page.get_by_role("button", name="Delete Buy milk").click()
    expect(row(page, "Buy milk")).to_have_count(0)
    assert "Buy milk" not in numbers_by_title(web_app, actor)
    page.locator("[data-sonner-toast]").filter(has_text="Deleted “Buy milk”").get_by_role(
        "button", name="Undo").click()
    expect(row(page, "Buy milk")).to_contain_text("#shop")
    assert numbers_by_title(web_app, actor)["Buy milk"] == number  # the same task number


def test_keyboard_shortcuts(page, web_app):
    sign_up(page, web_app, name="Kim Keys")
    open_tasks(page, web_app)
    box, search = page.get_by_label("New task"), page.get_by_label("Search tasks")
    page.locator("body").press("q")
    expect(box).to_be_focused()
    box.press_sequentially("q?/ quick")  # typing in a box fires no shortcut
    expect(box).to_have_value("q?/ quick")
    expect(page.get_by_role("dialog")).to_have_count(0)
    box.fill("")
    box.press("Escape")  # Escape leaves the box
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    search.press("Escape")
    expect(search).not_to_be_focused()
    page.keyboard.press("?")
    sheet = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("Quick add a task")
    page.keyboard.press("Escape")
    expect(sheet).to_have_count(0)


def test_inline_edit_notes_repeat_and_stale_version(page, web_app):
    email = sign_up(page, web_app, name="Eddie Edit")
    open_tasks(page, web_app)
    quick_add(page, "Water plants #home")
    expect(row(page, "Water plants")).to_be_visible()

    page.get_by_role("button", name="Edit Water plants").click()
    editor = page.get_by_role("form", name="Edit Water plants")
    editor.get_by_label("Title").fill("Water the plants")
    editor.get_by_label("Notes").fill("Ferns need less\nCactus: once a month")
    editor.get_by_label("Due date").fill("2030-11-29")
    pick(page, "Priority", "Medium", scope=editor)
    pick(page, "Repeat", "Weekly", scope=editor)
    editor.get_by_label("Tags").fill("home, bad tag!")
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("alert")).to_contain_text("'tag!' is not a tag")
    expect(editor.get_by_label("Title")).to_have_value("Water the plants")
    editor.get_by_label("Tags").fill("home, garden")
    editor.get_by_label("Tags").press("Enter")  # Enter saves
    task = row(page, "Water the plants")
    expect(task).to_contain_text("Fri 29 Nov 2030")
    expect(task).to_contain_text("Medium")
    expect(task).to_contain_text("Weekly")
    expect(task).to_contain_text("#garden")
    expect(task.locator(".task-notes")).to_contain_text("Ferns need less")

    page.get_by_role("button", name="Edit Water the plants").click()
    editor = page.get_by_role("form", name="Edit Water the plants")
    expect(editor.get_by_label("Notes")).to_have_value("Ferns need less\nCactus: once a month")
    expect(editor.get_by_role("combobox", name="Repeat")).to_have_text("Weekly")
    editor.get_by_label("Notes").fill("Only ferns")
    editor.get_by_label("Notes").press("Control+Enter")  # saves from the notes box
    expect(row(page, "Water the plants").locator(".task-notes")).to_have_text("Only ferns")
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


def test_bulk_mode_select_complete_delete_and_clear(page, web_app):
    email = sign_up(page, web_app, name="Fay Filter")
    create_tasks(web_app, actor_for(web_app, email), [
        TaskCreate(title="Plan trip"), TaskCreate(title="Buy milk", priority="low"),
        TaskCreate(title="Write report", priority="high", tags=["work"]),
    ])
    open_tasks(page, web_app)
    expect(page.get_by_role("checkbox", name=re.compile("^Select"))).to_have_count(0)
    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select Buy milk").click()
    page.get_by_role("checkbox", name="Select Plan trip").click()
    expect(page.get_by_text("2 selected")).to_be_visible()
    page.get_by_role("button", name="Complete selected").click()
    expect(page.get_by_role("checkbox", name="Done: Buy milk")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Select Buy milk")).to_have_count(0)

    show(page, "Completed")
    page.get_by_role("button", name="Clear completed").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("deletes all 2 completed tasks")
    dialog.get_by_role("button", name="Delete completed").click()
    expect(page.get_by_text("Nothing completed yet")).to_be_visible()
    page.locator("[data-sonner-toast]").filter(has_text="Cleared 2 tasks").get_by_role(
        "button", name="Undo").click()
    expect(rows(page)).to_have_count(2)
    page.get_by_role("button", name="Clear completed").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete completed").click()
    expect(page.get_by_text("Nothing completed yet")).to_be_visible()

    show(page, "All tasks")
    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select all on this page").click()
    page.get_by_role("button", name="Delete selected").click()
    expect(page.get_by_text("No tasks yet")).to_be_visible()
    page.locator("[data-sonner-toast]").filter(has_text="Deleted").get_by_role(
        "button", name="Undo").click()
    expect(row(page, "Write report")).to_contain_text("#work")


def seed_showcase(web_app, actor: Actor) -> None:
    today = local_today(actor)
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    create_tasks(web_app, actor, [
        TaskCreate(title="Renew passport", due=day(-2), priority="high", tags=["admin"]),
        TaskCreate(title="Team stand-up", due=f"{day(0)}T09:30", priority="medium",
                   tags=["work"], repeat="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        TaskCreate(title="Call plumber about the boiler", due=f"{day(0)}T16:00",
                   priority="high", tags=["home"], description="Ask for a quote before Friday"),
        TaskCreate(title="Buy oat milk and coffee", due=day(0), tags=["shopping"]),
        TaskCreate(title="Book dentist appointment", due=day(1), priority="low"),
        TaskCreate(title="Water the plants", due=day(3), tags=["home"], repeat="FREQ=WEEKLY"),
        TaskCreate(title="Read a chapter of Dune", tags=["books"]),
        TaskCreate(title="Send invoice #42", due=day(-1), tags=["work"]),
    ], done=1)


def test_phone_layout_list_first_and_screenshots(page, web_app):
    email = sign_up(page, web_app, name="Pam Phone")
    seed_showcase(web_app, actor_for(web_app, email))
    open_tasks(page, web_app)
    show(page, "Today")
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=10_000)
    page.get_by_label("New task").fill("Pay rent friday 9am p2 #home every month")
    expect(page.get_by_role("status", name="Quick add preview")).to_contain_text("monthly")
    screenshot(page, "tasks-today-light-1280")
    page.get_by_label("New task").fill("")
    page.get_by_role("button", name="Toggle dark mode").locator("visible=true").first.click()
    expect(page.locator("html.dark")).to_have_count(1)
    page.wait_for_timeout(500)  # the colours' transitions
    screenshot(page, "tasks-today-dark-1280")

    page.set_viewport_size({"width": 375, "height": 812})
    expect(page.get_by_label("New task")).to_be_hidden()
    expect(page.get_by_label("Search tasks")).to_be_hidden()
    first = rows(page).first.bounding_box()
    assert first is not None and first["y"] < 812, "the list starts on the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.wait_for_timeout(500)
    screenshot(page, "tasks-today-dark-375")
    page.get_by_role("button", name="Filters").click()
    expect(page.get_by_label("Search tasks")).to_be_visible()
    page.get_by_role("button", name="Filters").click()
    page.get_by_role("button", name="Open quick add").click()
    expect(page.get_by_label("New task")).to_be_focused()
    page.get_by_label("New task").press("Escape")  # closes the sheet again
    expect(page.get_by_label("New task")).to_be_hidden()
    page.get_by_role("button", name="Open quick add").click()
    expect(page.get_by_label("New task")).to_be_visible()
    page.get_by_label("New task").fill("Pick up parcel tomorrow 10am #errands")
    expect(page.get_by_role("status", name="Quick add preview")).to_contain_text("errands")
    page.get_by_label("New task").press("Enter")
    expect(page.get_by_label("New task")).to_be_hidden()
    page.get_by_role("button", name="Toggle dark mode").locator("visible=true").first.click()
    expect(page.locator("html.dark")).to_have_count(0)
    show(page, "Upcoming")
    expect(row(page, "Pick up parcel")).to_be_visible()
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=10_000)
    page.wait_for_timeout(500)
    screenshot(page, "tasks-upcoming-light-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_paging(page, web_app):
    email = sign_up(page, web_app, name="Pam Pages")
    create_tasks(web_app, actor_for(web_app, email),
                 [TaskCreate(title=f"Bulk task {i:03}") for i in range(120)])
    open_tasks(page, web_app)
    expect(page.get_by_text("1–50 of 120")).to_be_visible()
    page.get_by_role("button", name="Next page").click()
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("101–120 of 120")).to_be_visible()
    expect(rows(page)).to_have_count(20)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    pick(page, "Sort by", "Due date")
    expect(page.get_by_text("1–50 of 120")).to_be_visible()


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


def toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").filter(has_text=text)


def stored(web_app, actor: Actor) -> dict[str, tuple]:
    """Each live task's due, priority, tags and done flag, read through the task service."""
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        page = service.list_tasks(session=session, actor=actor, limit=100)
    return {t.title: (t.due, t.priority, t.tags, t.completed) for t in page.tasks}


def test_tasks_opens_on_today_and_each_view_lives_in_the_url(page, web_app):
    email = sign_up(page, web_app, name="Uri Url")
    actor = actor_for(web_app, email)
    today = local_today(actor)
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    create_tasks(web_app, actor, [
        TaskCreate(title="Renew passport", due=day(-2), tags=["admin"]),
        TaskCreate(title="Stand-up", due=day(0), tags=["work"]),
        TaskCreate(title="Ship release", due=day(2), priority="high", tags=["work"]),
        TaskCreate(title="Dentist", due=day(3)),
        TaskCreate(title="Buy milk", tags=["home"]),
    ])
    open_tasks(page, web_app, "")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(rows(page).first).to_contain_text("Renew passport")  # overdue first
    expect(rows(page)).to_have_count(2)

    show(page, "Upcoming")
    page.wait_for_url("**/tasks?view=upcoming")
    pick(page, "Filter by tag", "#work")
    expect(page.get_by_role("heading", name="Upcoming · #work")).to_be_visible()
    assert page.url.endswith("/tasks?view=upcoming&tag=work")
    expect(rows(page)).to_have_count(2)
    page.reload()
    expect(page.get_by_role("heading", name="Upcoming · #work")).to_be_visible()
    expect(rows(page)).to_have_count(2)
    expect(page.get_by_role("combobox", name="Filter by tag")).to_have_text("#work")

    page.go_back()
    expect(page.get_by_role("heading", name="Upcoming", exact=True)).to_be_visible()
    expect(rows(page)).to_have_count(3)
    page.go_back()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("heading", name="Upcoming", exact=True)).to_be_visible()

    page.goto(f"{web_app.url}/tasks?view=all&tag=work&priority=high")  # a shared link
    expect(page.get_by_role("heading", name="#work", exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name="Filter by priority")).to_have_text("High")
    expect(rows(page)).to_have_count(1)
    expect(row(page, "Ship release")).to_be_visible()

    page.get_by_role("button", name="Clear filters").click()
    expect(rows(page)).to_have_count(2)
    show(page, "All tasks")  # a view drops the tag, keeps the other filters
    page.get_by_label("Search tasks").fill("milk")
    page.wait_for_url(re.compile(r"/tasks\?view=all&q=milk$"))
    expect(rows(page)).to_have_count(1)
    page.reload()
    expect(page.get_by_label("Search tasks")).to_have_value("milk")
    expect(rows(page)).to_have_count(1)
    expect(row(page, "Buy milk")).to_be_visible()
    page.goto(f"{web_app.url}/tasks?view=nonsense&tag=Bad%20Tag!&sort=random")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()


def test_tap_a_title_to_edit_it_at_phone_width(browser, web_app):
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    email = sign_up(page, web_app, name="Tia Tap")
    create_tasks(web_app, actor_for(web_app, email), [
        TaskCreate(title="Call the bank", tags=["admin"]), TaskCreate(title="Fix bike")])
    open_tasks(page, web_app)
    row(page, "Call the bank").get_by_role("button", name="Call the bank", exact=True).tap()
    editor = page.get_by_role("form", name="Edit Call the bank")
    expect(editor.get_by_label("Title")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "tasks-edit-375")
    editor.get_by_label("Title").fill("Call the bank about the card")
    editor.get_by_label("Title").press("Enter")
    expect(row(page, "Call the bank about the card")).to_contain_text("#admin")
    row(page, "Fix bike").get_by_role("button", name="Fix bike", exact=True).tap()
    page.get_by_role("form", name="Edit Fix bike").get_by_label("Title").fill("Sell bike")
    page.get_by_role("form", name="Edit Fix bike").get_by_label("Title").press("Escape")
    expect(page.get_by_role("form", name="Edit Fix bike")).to_have_count(0)
    expect(row(page, "Fix bike")).to_be_visible()  # Escape kept the title
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_bulk_due_priority_and_tag_each_with_undo(page, web_app, width):
    page.set_viewport_size({"width": width, "height": 900})
    email = sign_up(page, web_app, name=f"Bea Bulk{width}")
    actor = actor_for(web_app, email)
    create_tasks(web_app, actor, [
        TaskCreate(title="Pack bags", due="2030-05-01T08:15"), TaskCreate(title="Book taxi"),
        TaskCreate(title="Water plants", priority="low", tags=["home"]),
    ])
    before = stored(web_app, actor)
    open_tasks(page, web_app)
    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select Pack bags").click()
    page.get_by_role("checkbox", name="Select Book taxi").click()
    bar = page.get_by_role("toolbar", name="Bulk actions")
    bar.get_by_role("button", name="Priority").click()
    page.get_by_role("menuitem", name="High").click()
    expect(row(page, "Pack bags")).to_contain_text("High")
    expect(row(page, "Book taxi")).to_contain_text("High")
    assert stored(web_app, actor)["Water plants"] == before["Water plants"]
    toast(page, "Priority High on 2 tasks").get_by_role("button", name="Undo").click()
    expect(row(page, "Pack bags")).not_to_contain_text("High")
    assert stored(web_app, actor) == before

    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select Pack bags").click()
    page.get_by_role("checkbox", name="Select Book taxi").click()
    bar.get_by_role("button", name="Due date").click()
    page.get_by_label("New due date").fill("2030-06-14")
    page.get_by_role("button", name="Set date").click()
    expect(row(page, "Book taxi")).to_contain_text("14 Jun 2030")
    moved = stored(web_app, actor)
    assert (moved["Pack bags"][0], moved["Book taxi"][0]) == ("2030-06-14T08:15", "2030-06-14")
    toast(page, "Moved 2 tasks").get_by_role("button", name="Undo").click()
    expect(row(page, "Book taxi")).not_to_contain_text("2030")

    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select all on this page").click()
    bar.get_by_role("button", name="Tag").click()
    page.get_by_label("Tag to add").fill("trip")
    page.get_by_label("Tag to add").press("Enter")
    expect(page.locator("[data-testid=task-row]", has_text="#trip")).to_have_count(3)
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, "tasks-bulk-tag-375")
    toast(page, "Tagged 3 tasks #trip").get_by_role("button", name="Undo").click()
    expect(page.locator("[data-testid=task-row]", has_text="#trip")).to_have_count(0)

    page.get_by_role("button", name="Select", exact=True).click()
    page.get_by_role("checkbox", name="Select Book taxi").click()
    bar.get_by_role("button", name="Complete selected").click()
    expect(page.get_by_role("checkbox", name="Done: Book taxi")).to_be_checked()
    toast(page, "Completed “Book taxi”").get_by_role("button", name="Undo").click()
    expect(page.get_by_role("checkbox", name="Done: Book taxi")).not_to_be_checked()
    assert stored(web_app, actor) == before


def test_todoist_keys_move_edit_and_select(page, web_app):
    email = sign_up(page, web_app, name="Jo Keys")
    create_tasks(web_app, actor_for(web_app, email), [
        TaskCreate(title="Third"), TaskCreate(title="Second"), TaskCreate(title="First")])
    open_tasks(page, web_app)
    title = lambda text: row(page, text).get_by_role("button", name=text, exact=True)  # noqa: E731
    page.locator("body").press("j")
    expect(title("First")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # stays on the last row
    expect(title("Third")).to_be_focused()
    page.keyboard.press("k")
    expect(title("Second")).to_be_focused()
    page.keyboard.press("x")
    expect(page.get_by_text("1 selected")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Select Second")).to_be_checked()
    page.keyboard.press("e")
    editor = page.get_by_role("form", name="Edit Second")
    expect(editor.get_by_label("Title")).to_be_focused()
    editor.get_by_label("Title").press("Escape")
    title("First").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("form", name="Edit First")).to_be_visible()
    page.get_by_role("form", name="Edit First").get_by_label("Title").press("Escape")
    expect(page.get_by_role("form", name="Edit First")).to_have_count(0)
    page.keyboard.press("?")
    sheet = page.get_by_role("dialog", name="Keyboard shortcuts")
    for words in ("Next / previous task", "Edit the task", "Select the task"):
        expect(sheet).to_contain_text(words)
