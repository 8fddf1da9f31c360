"""How the task list, text search and due windows scale with one user's task count.

For each size (1k, 10k, 100k tasks for one user, next to 3 other users with 2,000 each) it
builds a fresh database, migrates it, loads the tasks in one statement, runs ``ANALYZE`` and
times ``tasks.list_tasks`` as the UI and the MCP tool call it (one session per call, a page
of 50, no total). It prints one table of p50 milliseconds and the 100k ÷ 1k ratio (target ≤ 2).

Usage: .venv/bin/python -m bench.task_scaling [--sizes 1000,10000,100000] [--runs 30]
           [--no-sqlite] [POSTGRES_ADMIN_URL]
(default admin URL: postgresql+psycopg://postgres@127.0.0.1:5432/postgres; the bench creates and
drops its own databases ``bench_tasks_*`` there; SQLite runs in a temporary folder)

For a wrapper: ``figures(postgres_admin_url=..., sizes=..., runs=...)`` returns the numbers as
``{backend: {query: {size: p50_ms}}}``; ``table(figures)`` renders them.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.stack import scratch_database
from todo_reflex.core import tasks
from todo_reflex.core.db import dispose_engine, engine_for, session_scope
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.models import Task, User

SIZES = (1_000, 10_000, 100_000)
RUNS = 30
OTHER_USERS, OTHER_TASKS = 3, 2_000
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
VERBS = ("Buy", "Call", "Write", "Fix", "Plan", "Read", "Pay", "Book")
NOUNS = ("report", "groceries", "invoice", "car", "garden", "email", "slides", "taxes", "tickets")
RARE_WORD, RARE_HITS = "dentist", 20
RARE_TAG = "errand"  # on the same 20 tasks as the rare word

# name -> list_tasks filters; "search rare" and "tag rare" have 20 hits at every size, "search
# common" 1 in 9, "tag" 1 in 7.
QUERIES: dict[str, dict[str, Any]] = {
    "list pending": {"status": "pending"},
    "list all": {},
    "list completed": {"status": "completed"},
    "due order": {"status": "pending", "sort": "due"},
    "priority order": {"sort": "priority"},
    "search rare": {"query": RARE_WORD},
    "search common": {"query": NOUNS[4]},
    "tag": {"tag": "work"},
    "tag rare": {"tag": RARE_TAG},
    "today": {"due": "today"},
    "today pending": {"status": "pending", "due": "today"},
    "overdue": {"due": "overdue"},
    "this week": {"due": "this_week"},
}

# One user's tasks in one statement: 1/3 completed, half with a due date spread over +-1 year
# (a quarter of those timed), priorities and a tag in rotation, one minute apart.
POSTGRES_LOAD = f"""
INSERT INTO tasks (user_id, title, description, completed, priority, due_at, due_has_time,
                   repeat_rule, tags, created_at, updated_at, completed_at, version)
SELECT :user_id,
       (ARRAY{list(VERBS)})[i % {len(VERBS)} + 1] || ' '
         || (ARRAY{list(NOUNS)})[i % {len(NOUNS)} + 1]
         || CASE WHEN i % :rare_every = 0 THEN ' {RARE_WORD}' ELSE '' END || ' ' || i,
       CASE WHEN i % 5 = 0 THEN 'notes for item ' || i ELSE '' END,
       i % 3 = 0,
       (ARRAY['none', 'low', 'medium', 'high'])[i % 4 + 1],
       CASE WHEN i % 2 = 0 THEN date_trunc('day', CAST(:now AS timestamptz))
            + ((i * 7919) % 731 - 365) * interval '1 day'
            + CASE WHEN i % 4 = 0 THEN (i % 24) * interval '1 hour' ELSE interval '0' END END,
       i % 4 = 0, NULL,
       CASE WHEN i % :rare_every = 0 THEN '{RARE_TAG}' WHEN i % 7 = 0 THEN 'work' ELSE '' END,
       CAST(:now AS timestamptz) - i * interval '1 minute',
       CAST(:now AS timestamptz) - i * interval '1 minute',
       CASE WHEN i % 3 = 0 THEN CAST(:now AS timestamptz) - i * interval '30 second' END, 1
FROM generate_series(1, :count) AS i
"""


def _row(i: int, user_id: int, rare_every: int) -> dict[str, Any]:
    """The SQLite twin of one row of ``POSTGRES_LOAD`` (same values)."""
    created = NOW - timedelta(minutes=i)
    midnight = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    due = None
    if i % 2 == 0:
        due = midnight + timedelta(days=(i * 7919) % 731 - 365, hours=i % 24 if i % 4 == 0 else 0)
    rare = f" {RARE_WORD}" if i % rare_every == 0 else ""
    return {
        "user_id": user_id,
        "title": f"{VERBS[i % len(VERBS)]} {NOUNS[i % len(NOUNS)]}{rare} {i}",
        "description": f"notes for item {i}" if i % 5 == 0 else "",
        "completed": i % 3 == 0, "priority": ("none", "low", "medium", "high")[i % 4],
        "due_at": due, "due_has_time": i % 4 == 0, "repeat_rule": None,
        "tags": RARE_TAG if i % rare_every == 0 else "work" if i % 7 == 0 else "",
        "created_at": created, "updated_at": created,
        "completed_at": NOW - timedelta(seconds=30 * i) if i % 3 == 0 else None, "version": 1,
    }


def load_tasks(connection: sa.Connection, *, user_id: int, count: int) -> None:
    """Give ``user_id`` ``count`` tasks in one statement (PostgreSQL) or one batch (SQLite)."""
    rare_every = max(1, count // RARE_HITS)
    if connection.dialect.name == "postgresql":
        params = {"user_id": user_id, "count": count, "rare_every": rare_every, "now": NOW}
        connection.execute(sa.text(POSTGRES_LOAD), params)
        return
    rows = [_row(i, user_id, rare_every) for i in range(1, count + 1)]
    connection.execute(sa.insert(Task), rows)


def populate(engine: sa.Engine, count: int) -> int:
    """One user with ``count`` tasks next to other users with theirs; returns the user's id."""
    with engine.begin() as connection:
        ids = []
        for n in range(OTHER_USERS + 1):
            user = {"email": f"scale-{n}@example.com", "name": "", "timezone": "UTC",
                    "created_at": NOW, "updated_at": NOW}
            ids.append(connection.execute(sa.insert(User).returning(User.id), user).scalar_one())
        for other in ids[1:]:
            load_tasks(connection, user_id=other, count=OTHER_TASKS)
        load_tasks(connection, user_id=ids[0], count=count)
    analyze(engine)
    return ids[0]


def analyze(engine: sa.Engine) -> None:
    """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        statement = "VACUUM ANALYZE tasks" if engine.dialect.name == "postgresql" else "ANALYZE"
        connection.exec_driver_sql(statement)


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A SQLite file in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scale.db'}"
        try:
            yield url
        finally:
            dispose_engine(url)


def time_ms(engine: sa.Engine, actor: tasks.Actor, filters: dict[str, Any]) -> float:
    """Milliseconds of one page of ``list_tasks`` with ``filters``, in its own session."""
    extra = {"with_total": False} if _counts_optionally() else {}
    started = time.perf_counter()
    with session_scope(engine) as session:
        tasks.list_tasks(session=session, actor=actor, now=NOW, **extra, **filters)
    return (time.perf_counter() - started) * 1000


def _counts_optionally() -> bool:
    """False on code before issue 10, which always counted (lets the bench measure 'before')."""
    return "with_total" in inspect.signature(tasks.list_tasks).parameters


def prepare(url: str, count: int) -> tuple[sa.Engine, tasks.Actor]:
    """Migrate the database at ``url`` and load a user with ``count`` tasks."""
    upgrade(url, "0004")  # the raw loads give no task numbers: migration 0005 numbers them
    engine = engine_for(url)
    user_id = populate(engine, count)
    upgrade(url)
    return engine, tasks.Actor(user_id, "UTC")


def measure(
    targets: dict[int, tuple[sa.Engine, tasks.Actor]], runs: int
) -> dict[str, dict[int, float]]:
    """p50 per query and size; sizes take turns call by call, so machine noise hits all alike."""
    samples: dict[str, dict[int, list[float]]] = {q: {n: [] for n in targets} for q in QUERIES}
    for run in range(runs + 3):
        for name, filters in QUERIES.items():
            for size, (engine, actor) in targets.items():
                elapsed = time_ms(engine, actor, filters)
                if run >= 3:
                    samples[name][size].append(elapsed)
    return {
        name: {size: round(statistics.median(times), 2) for size, times in by_size.items()}
        for name, by_size in samples.items()
    }


def figures(
    *,
    postgres_admin_url: str | None = DEFAULT_ADMIN_URL,
    sqlite: bool = True,
    sizes: tuple[int, ...] = SIZES,
    runs: int = RUNS,
) -> dict[str, dict[str, dict[int, float]]]:
    """``{backend: {query: {size: p50_ms}}}`` for PostgreSQL (if a URL is given) and SQLite."""
    databases: dict[str, Any] = {}
    if postgres_admin_url:
        databases["postgresql"] = lambda: scratch_database(postgres_admin_url, migrate=False)
    if sqlite:
        databases["sqlite"] = sqlite_database
    result: dict[str, dict[str, dict[int, float]]] = {}
    for backend, database in databases.items():
        with ExitStack() as stack:
            targets = {size: prepare(stack.enter_context(database()), size) for size in sizes}
            result[backend] = measure(targets, runs)
    return result


def table(results: dict[str, dict[str, dict[int, float]]]) -> str:
    """The figures as one text table with the largest ÷ smallest ratio."""
    lines = []
    for backend, per_query in results.items():
        sizes = sorted(next(iter(per_query.values())))
        head = "".join(f"{size:>10,}" for size in sizes)
        lines.append(f"{backend:<16}{head}   ratio  (p50 ms, one page of 50, no total)")
        for name, by_size in per_query.items():
            cells = "".join(f"{by_size[size]:>10.2f}" for size in sizes)
            ratio = by_size[sizes[-1]] / by_size[sizes[0]]
            lines.append(f"  {name:<14}{cells}   {ratio:5.2f}")
    return "\n".join(lines)


def main() -> None:
    """Run the bench from the command line and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("admin_url", nargs="?", default=DEFAULT_ADMIN_URL)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = tuple(int(size) for size in args.sizes.split(","))
    results = figures(
        postgres_admin_url=None if args.no_postgres else args.admin_url,
        sqlite=not args.no_sqlite, sizes=sizes, runs=args.runs,
    )
    print(table(results))


if __name__ == "__main__":
    main()
