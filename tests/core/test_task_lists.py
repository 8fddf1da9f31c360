"""The task page's lists: which tasks each one asks for, and their sections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qsl

import pytest
import sqlalchemy as sa

from todo_reflex.core.db import session_scope
from todo_reflex.core.models import TaskCreate
from todo_reflex.core.task_lists import (
    ListAddress,
    mark_done,
    read_address,
    sections,
    task_row,
    view_query,
)
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


def test_the_home_list_is_today_and_its_address_is_bare() -> None:
    assert read_address({}) == ListAddress(view="today")
    assert ListAddress().query_string() == ""


@pytest.mark.parametrize(("query", "address", "again"), [
    ({"view": "upcoming", "tag": "work"}, ListAddress("upcoming", "work"),
     "?view=upcoming&tag=work"),
    ({"view": "all", "tag": "#Home"}, ListAddress("all", "home"), "?view=all&tag=home"),
    ({"q": "milk & eggs", "priority": "high", "sort": "due"},
     ListAddress(priority="high", query="milk & eggs", sort="due"),
     "?priority=high&q=milk+%26+eggs&sort=due"),
    ({"view": "inbox", "tag": "bad tag!", "priority": "urgent", "sort": "random"},
     ListAddress(), ""),
])
def test_an_address_reads_back_what_it_writes(query, address, again) -> None:
    assert read_address(query) == address
    assert address.query_string() == again
    assert read_address(dict(parse_qsl(again.removeprefix("?")))) == address


def test_a_long_search_is_cut_to_the_query_limit() -> None:
    assert len(read_address({"q": "x" * 5000}).query) == 200


def test_today_includes_overdue_and_upcoming_is_seven_days() -> None:
    assert view_query("today", TZ, NOW) == {"status": "pending", "due_to": date(2026, 11, 29),
                                             "sort": "due"}
    upcoming = view_query("upcoming", TZ, NOW)
    assert (upcoming["due_from"], upcoming["due_to"]) == (date(2026, 11, 29), date(2026, 12, 5))
    assert view_query("all", TZ, NOW) == {"status": "all"}


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
