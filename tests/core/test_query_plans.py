"""Query plans at 100k tasks on PostgreSQL: no list, search or due-window query scans ``tasks``.

The data is the scaling bench's (bench/task_scaling.py): one user with 100,000 tasks next to
three users with 2,000 each, loaded in one statement (before migration 0003, which then indexes
the full table: faster, and it exercises the migration on data) and analysed. Each case
captures the exact SQL ``list_tasks`` sends and asks PostgreSQL for its plan.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from tests.support.services import temporary_postgres_database
from todo_reflex.core import tasks
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.migrate import upgrade

pytestmark = [pytest.mark.postgres, pytest.mark.slow]  # 100k rows loaded: make test, not test-fast

BENCH = Path(__file__).resolve().parents[2] / "bench" / "task_scaling.py"
TASKS = 100_000
ZONE = "Europe/Berlin"  # not UTC: timed and date-only windows differ

# case -> (list_tasks filters, the index that must deliver the rows already in order or None)
CASES: dict[str, tuple[dict[str, Any], str | None]] = {
    "pending list": ({"status": "pending"}, "ix_tasks_user_status_created"),
    "all list": ({}, "ix_tasks_user_status_created"),
    "completed list": ({"status": "completed"}, "ix_tasks_user_status_created"),
    "due order": ({"sort": "due"}, "ix_tasks_user_status_due"),
    "pending due order": ({"status": "pending", "sort": "due"}, "ix_tasks_user_status_due"),
    "priority order": ({"sort": "priority"}, "ix_tasks_user_status_rank"),
    "today": ({"due": "today"}, None),
    "today pending": ({"status": "pending", "due": "today"}, None),
    "overdue": ({"due": "overdue"}, None),
    "this week": ({"due": "this_week"}, None),
    "date range": ({"due_from": date(2026, 12, 1), "due_to": date(2026, 12, 31)}, None),
    "search rare": ({"query": "Dentist"}, None),
    "search common": ({"query": "garden"}, None),
    "search in notes": ({"query": "notes for item 12"}, None),
    "tag rare": ({"tag": "errand"}, None),
}


# Counting is asked for only by the web UI; a count of most of the table may rightly scan it,
# so only counts of a few rows are held to an index.


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("task_scaling", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def loaded(postgres_admin_url: str) -> Iterator[tuple[sa.Engine, tasks.Actor]]:
    """A migrated database holding the bench's 100k tasks for one user."""
    bench = _bench()
    with temporary_postgres_database(postgres_admin_url) as url:
        upgrade(url, "0002")  # load before 0003, which then builds its indexes on full tables
        engine = engine_for(url)
        user_id = bench.populate(engine, TASKS)
        upgrade(url)
        bench.analyze(engine)
        yield engine, tasks.Actor(user_id, ZONE)


def _statements(engine: sa.Engine, actor: tasks.Actor, **filters: Any) -> list[tuple[str, Any]]:
    """The SQL and parameters ``list_tasks`` sends for ``filters``."""
    sent: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        sent.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as session:
            tasks.list_tasks(session=session, actor=actor, now=_bench().NOW, **filters)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return [(sql, params) for sql, params in sent if "FROM tasks" in sql]


def _plan(engine: sa.Engine, statement: str, parameters: Any) -> dict[str, Any]:
    with engine.connect() as connection:
        explained = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        raw = explained.scalar_one()
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


def _require_trigram_indexes(engine: sa.Engine) -> None:
    """Skip on a minimal PostgreSQL build without pg_trgm (migration 0003 then adds none)."""
    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_tasks_title_trgm'"
        ).first()
    if found is None:
        pytest.skip("this PostgreSQL has no pg_trgm: text search scans (see migration 0003)")


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.parametrize("case", CASES)
def test_page_query_uses_an_index(loaded: tuple[sa.Engine, tasks.Actor], case: str) -> None:
    engine, actor = loaded
    filters, ordered_by = CASES[case]
    if "query" in filters or "tag" in filters:
        _require_trigram_indexes(engine)
    (statement,) = _statements(engine, actor, with_total=False, **filters)
    nodes = list(_nodes(_plan(engine, *statement)))
    scans = [(n["Node Type"], n.get("Index Name")) for n in nodes if "Relation Name" in n]
    assert scans and all(kind != "Seq Scan" for kind, _ in scans), scans
    if ordered_by is not None:
        assert (nodes[0]["Node Type"], nodes[1]["Node Type"]) == ("Limit", "Index Scan"), scans
        assert nodes[1]["Index Name"] == ordered_by


@pytest.mark.parametrize("case", ["today pending", "search rare"])
def test_selective_count_uses_an_index(loaded: tuple[sa.Engine, tasks.Actor], case: str) -> None:
    engine, actor = loaded
    if "query" in CASES[case][0]:
        _require_trigram_indexes(engine)
    statements = _statements(engine, actor, with_total=True, limit=5, **CASES[case][0])
    (count,) = [s for s in statements if "count(" in s[0]]
    kinds = {n["Node Type"] for n in _nodes(_plan(engine, *count))}
    assert "Seq Scan" not in kinds, kinds


def test_a_rare_tag_is_found_through_the_tag_index(loaded: tuple[sa.Engine, tasks.Actor]) -> None:
    """Not by walking the user's 100k tasks in list order until 20 carry the tag."""
    engine, actor = loaded
    _require_trigram_indexes(engine)
    (statement,) = _statements(engine, actor, with_total=False, **CASES["tag rare"][0])
    used = {n.get("Index Name") for n in _nodes(_plan(engine, *statement))}
    assert "ix_tasks_tags_trgm" in used, used
    with session_scope(engine) as session:
        page = tasks.list_tasks(session=session, actor=actor, tag="errand", with_total=True)
    assert page.total == 20
    assert all("errand" in task.tags for task in page.tasks)


def test_search_still_finds_what_the_bench_planted(loaded: tuple[sa.Engine, tasks.Actor]) -> None:
    engine, actor = loaded
    with session_scope(engine) as session:
        page = tasks.list_tasks(session=session, actor=actor, query="DENTIST", with_total=True)
    assert page.total == 20
    assert not page.has_more
    assert all("dentist" in task.title for task in page.tasks)
