"""``make run`` delivers a reminder set through MCP: one email (a real SMTP server) whose
subject names the task, and one in-app notification (issue 25's "done when")."""

from __future__ import annotations

import contextlib
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport
from sqlmodel import select

from tests.app.test_runner import start_runner
from tests.support.core import in_session
from tests.support.smtp import smtp_server
from todo_reflex.core import notifications, sessions, tokens, users
from todo_reflex.core.db import dispose_engine, engine_for
from todo_reflex.core.models import Reminder
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.tasks import Actor

pytestmark = pytest.mark.slow


async def test_a_reminder_set_through_mcp_arrives_by_email_and_in_the_app(tmp_path: Path):
    secret = secrets.token_urlsafe(48)
    with smtp_server() as smtp:
        runner, ports, lines, reader = start_runner(
            tmp_path, AUTH_SECRET=secret, REMINDER_POLL_SECONDS="0.5", **smtp.env())
        database_url = f"sqlite:///{tmp_path / 'data' / 'todo.db'}"
        settings = Settings(database_url=database_url, auth_secret=secret, app_env="dev",
                            data_dir=tmp_path / "data")
        try:
            with use_settings(settings):
                user = in_session(users.register_user, email="tea@example.com",
                                  password="correct horse battery")
                info = in_session(sessions.create_session, user_id=user.id)
                token = tokens.issue_mcp_token(user_id=user.id, session_id=info.id)
            soon = datetime.now(UTC) + timedelta(minutes=1)  # the user's zone is UTC
            in_a_minute = soon.strftime("%Y-%m-%dT%H:%M")
            transport = StreamableHttpTransport(
                f"http://127.0.0.1:{ports['MCP_PORT']}/mcp",
                headers={"Authorization": f"Bearer {token}"})
            async with Client(transport, timeout=30) as client:
                added = await client.call_tool("add_task", {"title": "tea",
                                                            "reminders": [in_a_minute]})
            assert added.structured_content["reminders"][0]["rule"] == in_a_minute
            with engine_for(database_url).begin() as connection:  # the clock jumps a minute
                connection.execute(sa.update(Reminder).values(
                    fire_at=datetime.now(UTC) - timedelta(seconds=1)))
            (mail,) = smtp.inbox.wait_for(1, timeout=60)
            assert "tea" in mail["Subject"]
            assert mail["To"] == "tea@example.com"
            listed = []
            deadline = time.monotonic() + 10
            while not listed and time.monotonic() < deadline:  # the commit follows the send
                time.sleep(0.1)
                with use_settings(settings):
                    listed = in_session(notifications.list_notifications, actor=Actor(user.id))
            assert [(n.title, n.task_id) for n in listed] == [
                ("tea", added.structured_content["id"])]
            with engine_for(database_url).connect() as connection:
                assert connection.execute(select(Reminder.fired_at)).scalar_one() is not None
        finally:
            dispose_engine(database_url)
            runner.terminate()
            with contextlib.suppress(Exception):
                runner.wait(timeout=15)
            reader.join(timeout=10)
            runner.stdout.close()
