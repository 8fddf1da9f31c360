"""The task page's lists: which tasks each one asks for, and their sections."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from todo_reflex.core.db import session_scope
from todo_reflex.core.models import TaskCreate
from todo_reflex.core.task_lists import mark_done, sections, task_row, valid_view, view_query
from todo_reflex.core.tasks import Actor, add_task, list_tasks

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)  # Sunday
TZ = "UTC"


@pytest.fixture
def actor(make_user) -> Actor:
    return Actor(user_id=make_user("lists@example.com").id, timezone="UTC")


@pytest.fixture
def session(engine: sa.Engine):
    with session_scope(engine) as opened:
        yield opened


@pytest.mark.parametrize(("name", "ok"), [("today", True), ("upcoming", True), ("all", True),
                                         ("completed", True), ("tag:home", True),
                                         ("tag:Bad Tag", False), ("inbox", False), ("", False)])
def test_known_lists(name: str, ok: bool) -> None:
    assert valid_view(name) is ok


def test_today_includes_overdue_and_upcoming_is_seven_days() -> None:
    assert view_query("today", TZ, NOW) == {"status": "pending", "due_to": date(2026, 11, 29),
                                             "sort": "due"}
    upcoming = view_query("upcoming", TZ, NOW)
    assert (upcoming["due_from"], upcoming["due_to"]) == (date(2026, 11, 29), date(2026, 12, 5))
    assert view_query("tag:home", TZ, NOW)["tag"] == "home"


def test_rows_are_grouped_by_day(session, actor: Actor) -> None:
    for title, due in [("late", "2026-11-27"), ("now", "2026-11-29T09:00"),
                       ("soon", "2026-11-30"), ("later", "2026-12-02")]:
        add_task(session=session, actor=actor, data=TaskCreate(title=title, due=due))
    page = list_tasks(session=session, actor=actor, now=NOW,
                      **{**view_query("today", actor.timezone, NOW), "due_to": date(2026, 12, 5)})
    rows = [task_row(t, actor.timezone, NOW, "upcoming") for t in page.tasks]
    grouped = sections(rows)
    assert [(s.label, [r.title for r in s.rows]) for s in grouped] == [
        ("Overdue", ["late"]), ("Today · Sun 29 Nov", ["now"]),
        ("Tomorrow · Mon 30 Nov", ["soon"]),
        ("Wed 2 Dec", ["later"])]
    assert grouped[0].tone == "red"
    assert mark_done(rows, rows[2].id, True)[2].completed
