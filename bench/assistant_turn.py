"""How long one offline chat turn takes, end to end, as a user's task list grows.

Starts the real MCP server (``python -m mcp_server``, via ``bench/stack.py``) over HTTP on a free
loopback port against a scratch PostgreSQL database and the bench's Redis, gives three users
10, 1,000 and 10,000 tasks, and times
``OfflineEngine.run`` (MCP session, planning, tool calls, reply) for three messages: an add, a
listing and a complete by title. The completed task is reopened (untimed) after each run so
every run does the same work.

Usage::

    .venv/bin/python bench/assistant_turn.py [--runs 30] [--sizes 10,1000,10000] [--json]

Environment: ``BENCH_DATABASE_URL`` and ``BENCH_REDIS_URL``, as for every bench (see
``bench/stack.py``). ``measure()`` returns the figures as a dict for the ``make bench`` suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import stack  # noqa: E402
from todo_reflex.assistant.engines.base import TurnInput  # noqa: E402
from todo_reflex.assistant.engines.offline import OfflineEngine  # noqa: E402
from todo_reflex.core import sessions, tokens, users  # noqa: E402
from todo_reflex.core.db import engine_for, session_scope  # noqa: E402
from todo_reflex.core.models import Task, User, utcnow  # noqa: E402
from todo_reflex.core.settings import Settings, use_settings  # noqa: E402

SIZES = (10, 1_000, 10_000)
RUNS = 30
WARMUP = 3
TARGET_TITLE = "Finish the quarterly report"
MESSAGES = {
    "add": ("add buy oat milk for batch {run} tomorrow at 5pm", "add_task"),  # no twin asks
    "list": ("show my pending tasks", "list_tasks"),
    "complete by title": ("mark the quarterly report as done", "complete_task"),
}
_VERBS = ("buy", "call", "email", "review", "fix", "clean", "book", "send", "write", "plan",
          "pay", "check", "order", "update", "water", "read", "print", "sign")
_OBJECTS = ("milk", "the report", "the invoice", "the garage", "flights", "the slides",
            "the budget", "the car", "the dentist", "the plants", "the newsletter", "the roof",
            "the contract", "groceries", "the taxes", "the website", "the landlord", "tickets")
_TAILS = ("", "for mom", "before friday", "for the team", "again", "at home", "for work",
          "with Sam", "next month")


def _seed_user(db: sa.Engine, settings: Settings, size: int) -> tuple[int, str]:
    """Register a user holding ``size`` tasks (the newest is ``TARGET_TITLE``)."""
    with use_settings(settings), session_scope(db) as scope:
        user = users.register_user(session=scope, password="correct horse battery",
                                   email=f"bench-{size}-{uuid.uuid4().hex[:6]}@example.com")
        session = sessions.create_session(session=scope, user_id=user.id)
    pick = random.Random(size)
    now = utcnow()
    rows = []
    for i in range(size - 1):
        title = f"{pick.choice(_VERBS)} {pick.choice(_OBJECTS)} {pick.choice(_TAILS)}".strip()
        stamp = now - timedelta(minutes=size - i)
        rows.append({"user_id": user.id, "number": i + 1, "title": title, "description": "",
                     "completed": i % 3 == 0, "priority": "none", "tags": "",
                     "due_has_time": False, "created_at": stamp, "updated_at": stamp,
                     "version": 1})
    # the newest, so that loading "the first 500 tasks" (the engine before issue 10) finds it
    rows.append({**rows[0], "number": size, "title": TARGET_TITLE, "completed": False,
                 "created_at": now, "updated_at": now})
    with db.begin() as conn:
        conn.execute(sa.insert(Task), rows)  # numbered here, so the user's counter follows
        conn.execute(sa.update(User).where(User.id == user.id).values(task_counter=size))
        conn.execute(sa.text("ANALYZE tasks"))  # statistics as autovacuum would leave them
    return user.id, session.id


def _turn(settings: Settings, user_id: int, session_id: str, message: str) -> TurnInput:
    with use_settings(settings):
        token = tokens.issue_mcp_token(user_id=user_id, session_id=session_id)
    return TurnInput(user_id=user_id, timezone="UTC", mcp_token=token, message=message)


def _reopen_target(db: sa.Engine, user_id: int) -> None:
    with db.begin() as conn:
        conn.execute(sa.update(Task).where(Task.user_id == user_id, Task.title == TARGET_TITLE)
                     .values(completed=False, completed_at=None))


def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


async def _time_message(engine: OfflineEngine, settings: Settings, db: sa.Engine, user_id: int,
                        session_id: str, name: str, runs: int) -> dict[str, float]:
    message, tool = MESSAGES[name]
    times = []
    for run in range(WARMUP + runs):
        turn = _turn(settings, user_id, session_id, message.format(run=run))
        started = time.perf_counter()
        outcome = await engine.run(turn)
        elapsed = time.perf_counter() - started
        if [e.tool for e in outcome.events if e.ok] != [tool]:
            raise RuntimeError(f"{message!r} did not call {tool}: {outcome.reply[:300]}")
        if name == "complete by title":
            _reopen_target(db, user_id)
        if run >= WARMUP:
            times.append(elapsed)
    return _figures(times)


def measure(*, admin_url: str = stack.ADMIN_DATABASE_URL, redis_url: str = stack.REDIS_URL,
            sizes: tuple[int, ...] = SIZES, runs: int = RUNS) -> dict[str, Any]:
    """Time the three messages for one user per size.

    Args:
        admin_url: A PostgreSQL URL on whose server a scratch database may be created.
        redis_url: Redis for the server's rate limiter (limits are off; "" counts in memory).
        sizes: How many tasks each bench user holds.
        runs: Timed runs per message and size (after a few untimed warm-up runs).

    Returns:
        ``{"runs": n, "turns": {size: {message: {"p50_ms", "p95_ms", "max_ms"}}}}``.
    """
    turns: dict[int, dict[str, dict[str, float]]] = {}
    with stack.scratch_database(admin_url) as url:
        services = stack.Stack(url, redis_url=redis_url)
        settings = services.settings()
        db = engine_for(url)
        seeded = {size: _seed_user(db, settings, size) for size in sizes}
        with stack.mcp_server(services) as mcp:
            engine = OfflineEngine(Settings(mcp_server_url=f"{mcp.url}/mcp"))
            for size, (user_id, session_id) in seeded.items():
                turns[size] = {name: asyncio.run(_time_message(
                    engine, settings, db, user_id, session_id, name, runs)) for name in MESSAGES}
    return {"runs": runs, "turns": turns}


def main(argv: list[str] | None = None) -> None:
    """Print a table of turn latencies (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    opts = parser.parse_args(argv)
    figures = measure(sizes=tuple(int(s) for s in opts.sizes.split(",")), runs=opts.runs)
    if opts.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"offline chat turn (OfflineEngine.run over MCP/HTTP, PostgreSQL), "
          f"{figures['runs']} runs, ms")
    print(f"{'tasks':>7}  {'message':<18} {'p50':>7} {'p95':>7} {'max':>7}")
    for size, row in figures["turns"].items():
        for name, cell in row.items():
            print(f"{size:>7}  {name:<18} {cell['p50_ms']:>7.1f} {cell['p95_ms']:>7.1f} "
                  f"{cell['max_ms']:>7.1f}")


if __name__ == "__main__":
    main()
