"""The reminder worker as a real process: on SQLite and PostgreSQL, late at start, on time while
running, stopped by SIGTERM; and two workers on one PostgreSQL with one killed mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.smtp import smtp_server
from todo_reflex.core import tasks
from todo_reflex.core.db import session_scope
from todo_reflex.core.models import Notification, Reminder, TaskCreate
from todo_reflex.core.tasks import Actor

ROOT = Path(__file__).resolve().parents[2]
DAY = (date.today() + timedelta(days=10)).isoformat()


@contextmanager
def worker(database_url: str, log: Path, **env: str) -> Iterator[subprocess.Popen]:
    """``python -m todo_reflex.reminder_worker``, started and waited for; stopped at the end."""
    settings = {"DATABASE_URL": database_url, "REDIS_URL": "", "APP_ENV": "test",
                "DATA_DIR": str(log.parent), "REMINDER_POLL_SECONDS": "0.1", **env}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "todo_reflex.reminder_worker"], cwd=ROOT,
            env={**os.environ, **settings}, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        wait_for_line(log, "reminder worker started", process)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def lines(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def wait_for_line(log: Path, text: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in line["message"] for line in lines(log)):
        if process.poll() is not None:
            raise AssertionError(f"the worker exited: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} in the log: {log.read_text()[-2000:]}")
        time.sleep(0.05)


def add_reminded(engine: sa.Engine, actor: Actor, titles: list[str]) -> None:
    with session_scope(engine) as session:
        for title in titles:
            tasks.add_task(session=session, actor=actor, data=TaskCreate(
                title=title, due=f"{DAY}T17:00", reminders=["-PT30M"]))


def fall_due(engine: sa.Engine, ago: timedelta) -> None:
    with session_scope(engine) as session:
        session.execute(sa.update(Reminder).where(Reminder.fired_at.is_(None))
                        .values(fire_at=datetime.now(UTC) - ago))


def alive(data_dir: Path, seconds: str) -> int:
    """``entrypoint.sh reminders-alive``, the worker pod's liveness and readiness probe."""
    return subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / "docker" / "entrypoint.sh"), "reminders-alive", seconds],
        env={**os.environ, "DATA_DIR": str(data_dir), "PYTHON": sys.executable},
        capture_output=True, check=False,
    ).returncode


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=10)


def test_the_worker_delivers_late_ones_at_start_and_others_on_time(engine, make_user, tmp_path):
    ann = Actor(make_user("ann@example.com").id)
    url = engine.url.render_as_string(hide_password=False)
    add_reminded(engine, ann, ["missed while down"])
    fall_due(engine, timedelta(hours=3))
    with smtp_server() as smtp, worker(url, tmp_path / "worker.log", **smtp.env()) as process:
        smtp.inbox.wait_for(1)
        add_reminded(engine, ann, ["tea"])
        fall_due(engine, timedelta(0))
        subjects = [m["Subject"] for m in smtp.inbox.wait_for(2)]
        assert alive(tmp_path, "5") == 0  # the pod's probes: the heartbeat is fresh
        assert stop(process) == 0
    time.sleep(1.1)
    assert alive(tmp_path, "1") == 1  # stopped: the heartbeat goes stale
    assert subjects == ["Reminder: missed while down (late)", "Reminder: tea"]
    with session_scope(engine) as session:
        late = dict(session.exec(select(Notification.title, Notification.late)).all())
    assert late == {"missed while down": True, "tea": False}
    messages = [line["message"] for line in lines(tmp_path / "worker.log")]
    assert "reminder worker stopped after 2 reminder(s)" in messages


def test_once_without_smtp_writes_the_mail_to_the_log_and_exits(engine, make_user, tmp_path):
    ann = Actor(make_user("ann@example.com").id)
    add_reminded(engine, ann, ["call mom"])
    fall_due(engine, timedelta(seconds=1))
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "todo_reflex.reminder_worker", "--once"], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "APP_ENV": "test", "SMTP_HOST": "",
             "DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (mail,) = [json.loads(line) for line in done.stdout.splitlines() if "mail (no" in line]
    assert "to ann@example.com: Reminder: call mom" in mail["message"]
    assert mail["service"] == "todo-reminders"


def test_two_workers_one_killed_mid_batch_deliver_each_reminder_once(engine, make_user,
                                                                      tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("several workers need PostgreSQL's row locks; SQLite runs one")
    people = [Actor(make_user(f"p{n}@example.com").id) for n in range(3)]
    titles = [f"task {n}" for n in range(60)]
    for n, person in enumerate(people):
        add_reminded(engine, person, titles[n::3])
    url = engine.url.render_as_string(hide_password=False)
    killed = threading.Event()
    seen: dict[str, int] = {}
    victim: list[subprocess.Popen] = []

    def kill_the_first_on_its_third(sender: str, message) -> str | None:
        time.sleep(0.005)  # a little SMTP latency, so both workers stay busy
        seen[sender] = seen.get(sender, 0) + 1
        if sender == "a@workers.test" and seen[sender] == 3 and not killed.is_set():
            victim[0].send_signal(signal.SIGKILL)  # mid-delivery: notice written, not committed
            victim[0].wait(timeout=10)
            killed.set()
            return "451 4.3.0 Try again later"
        return None

    with smtp_server() as smtp:
        smtp.inbox.before_accept = kill_the_first_on_its_third
        with worker(url, tmp_path / "a.log", **smtp.env(), SMTP_FROM="a@workers.test") as a, \
                worker(url, tmp_path / "b.log", **smtp.env(), SMTP_FROM="b@workers.test") as b:
            victim.append(a)
            fall_due(engine, timedelta(seconds=1))
            smtp.inbox.wait_for(len(titles))
            time.sleep(0.5)  # a duplicate would arrive now
            assert killed.is_set() and a.returncode == -signal.SIGKILL
            assert stop(b) == 0
        messages, senders = list(smtp.inbox.messages), list(smtp.inbox.senders)
    subjects = sorted(m["Subject"] for m in messages)
    assert subjects == sorted(f"Reminder: {t}" for t in titles)
    assert senders.count("a@workers.test") == 2  # the third was in hand when it died
    with session_scope(engine) as session:
        notices = session.exec(select(Notification.reminder_id)).all()
        unfired = session.exec(select(Reminder).where(Reminder.fired_at.is_(None))).all()
    assert len(notices) == len(set(notices)) == len(titles)
    assert unfired == []
