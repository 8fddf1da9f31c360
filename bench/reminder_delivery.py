"""10,000 reminders due in the same minute, delivered by reminder workers (issue 25: within 60 s).

Builds a scratch PostgreSQL database with 10,000 tasks of 100 users, each with one reminder due
within the last minute, starts a real SMTP server (aiosmtpd) and ``--workers`` worker processes
(``python -m todo_reflex.reminder_worker``), and times until every reminder has fired and every
email arrived. Also counts duplicates (target 0): emails per reminder and notices per reminder.

Usage: .venv/bin/python -m bench.reminder_delivery [--count 10000] [--workers 2] [ADMIN_URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from bench.report import row
from bench.stack import ADMIN_DATABASE_URL, scratch_database
from todo_reflex.core.db import engine_for
from todo_reflex.core.models import Notification, Reminder, Task, User
from todo_reflex.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
USERS = 100
TARGET_SECONDS = 60


class _Inbox:
    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.ids[line.split(b":", 1)[1].strip().decode()] += 1
                break
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return sum(self.ids.values())


def _load(url: str, count: int) -> None:
    """``count`` tasks of ``USERS`` users, each with one reminder due in the last minute."""
    now = datetime.now(UTC)
    engine = engine_for(url)
    per_user = -(-count // USERS)
    with engine.begin() as connection:
        connection.execute(sa.insert(User), [
            {"email": f"bench{n}@example.com", "name": f"bench{n}", "timezone": "UTC",
             "created_at": now, "updated_at": now, "task_counter": per_user}
            for n in range(USERS)])
        users = connection.execute(sa.select(User.id).order_by(User.id)).scalars().all()
        due = now + timedelta(minutes=30)
        connection.execute(sa.insert(Task), [
            {"user_id": users[n % USERS], "number": n // USERS + 1, "title": f"bench task {n}",
             "description": "", "completed": False, "priority": "none", "due_at": due,
             "due_has_time": True, "tags": "", "created_at": now, "updated_at": now,
             "version": 1}
            for n in range(count)])
        tasks = connection.execute(sa.select(Task.id, Task.user_id)).all()
        connection.execute(sa.insert(Reminder), [
            {"task_id": task_id, "user_id": user_id, "rule": "-PT30M",
             "fire_at": now - timedelta(seconds=n % 60), "late": False, "created_at": now}
            for n, (task_id, user_id) in enumerate(tasks)])
        connection.exec_driver_sql("ANALYZE reminders")


def _wait(engine: sa.Engine, inbox: _Inbox, count: int, started: float
          ) -> tuple[int, float, int]:
    """Wait until every reminder fired and its email arrived: (unfired, seconds, notices)."""
    deadline = started + TARGET_SECONDS * 5
    unfired = count
    while unfired and time.perf_counter() < deadline:
        time.sleep(0.25)
        with engine.connect() as connection:
            unfired = connection.execute(sa.select(sa.func.count()).select_from(Reminder)
                                         .where(Reminder.fired_at.is_(None))).scalar_one()
    while inbox.count() < count and time.perf_counter() < deadline:
        time.sleep(0.05)  # the last commit follows its send by a moment
    elapsed = time.perf_counter() - started
    with engine.connect() as connection:
        notices = connection.execute(sa.select(sa.func.count()).select_from(Notification)
                                     ).scalar_one()
    return unfired, elapsed, notices


def measure(admin_url: str = ADMIN_DATABASE_URL, count: int = 10_000, workers: int = 2
            ) -> list[dict[str, Any]]:
    """Deliver ``count`` due reminders with ``workers`` processes; rows for the report."""
    inbox = _Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    processes: list[subprocess.Popen] = []
    try:
        with scratch_database(admin_url) as url, tempfile.TemporaryDirectory() as data:
            _load(url, count)
            env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "APP_ENV": "test",
                   "DATA_DIR": data, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                   "LOG_LEVEL": "WARNING", "REMINDER_POLL_SECONDS": "0.2"}
            started = time.perf_counter()
            processes = [subprocess.Popen([sys.executable, "-m", "todo_reflex.reminder_worker"],
                                          cwd=ROOT, env=env) for _ in range(workers)]
            try:
                unfired, elapsed, notices = _wait(engine_for(url), inbox, count, started)
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(timeout=15)
    finally:
        server.stop()
    twice = sum(n - 1 for n in inbox.ids.values() if n > 1)
    label = f"{count:,} due at once, {workers} workers"
    return [
        row("reminders", f"{label}: all delivered", elapsed if not unfired else None, "s",
            ("<=", TARGET_SECONDS), note=f"{unfired} left undelivered" if unfired else ""),
        row("reminders", f"{label}: rate", count / elapsed, "/s"),
        row("reminders", f"{label}: emails sent twice", twice, "", ("<=", 0)),
        row("reminders", f"{label}: notices", notices, "", ("<=", count)),
    ]


def main() -> None:
    """Print the rows of one measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("admin_url", nargs="?", default=ADMIN_DATABASE_URL)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for line in measure(args.admin_url, args.count, args.workers):
        print(line)


if __name__ == "__main__":
    main()
