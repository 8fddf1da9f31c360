"""How long a page of tasks takes with 2,000 tasks: prints median and p95 per filter.

Usage: .venv/bin/python bench/task_list.py [DATABASE_URL]   (default: a temporary SQLite file;
give a scratch database: it is migrated, and the bench user is deleted again at the end)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from todo_reflex.core import tasks
from todo_reflex.core.db import dispose_engine, engine_for, session_scope
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.models import TaskCreate, User

COUNT, RUNS = 2000, 30


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp()) / 'b.db'}"
    upgrade(url)
    engine = engine_for(url)
    with session_scope(engine) as session:
        user = User(email=f"bench-{time.time_ns()}@example.com")
        session.add(user)
        session.flush()
        actor = tasks.Actor(user.id, "Europe/Berlin")
        for i in range(COUNT):
            data = TaskCreate(title=f"task {i}", tags=["work"] if i % 3 else ["home"],
                              priority=("none", "low", "medium", "high")[i % 4],
                              due=f"2026-12-{i % 28 + 1:02d}" if i % 2 else None)
            tasks.add_task(session=session, actor=actor, data=data)
    print(f"{COUNT} tasks on {engine.dialect.name}; {RUNS} runs each (ms)")
    for name, filters in [
        ("newest page", {}), ("pending, due sort", {"status": "pending", "sort": "due"}),
        ("overdue", {"due": "overdue"}), ("this week", {"due": "this_week"}),
        ("tag", {"tag": "home"}), ("text query", {"query": "task 1"}),
        ("last page", {"offset": COUNT - 50}),
    ]:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            with session_scope(engine) as session:
                tasks.list_tasks(session=session, actor=actor, **filters)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(RUNS * 0.95)]
        print(f"  {name:<20} median {statistics.median(times):6.1f}   p95 {p95:6.1f}")
    with session_scope(engine) as session:
        session.delete(session.get(User, actor.user_id))
    dispose_engine(url)


if __name__ == "__main__":
    main()
