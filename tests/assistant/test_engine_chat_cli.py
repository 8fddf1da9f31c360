"""``python -m todo_reflex.assistant chat`` in a subprocess against a live MCP server."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlmodel import Session, select

from tests.assistant import engine_fixtures
from tests.assistant.engine_fixtures import new_person, tasks_of
from tests.support.mcp import ROOT
from todo_reflex.core.models import UserSession

engine_stack = engine_fixtures.engine_stack


def run_chat(stack, email: str, lines: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ, "DATABASE_URL": stack.settings.database_url, "REDIS_URL": "",
        "AUTH_SECRET": stack.settings.secret_key, "DATA_DIR": str(stack.settings.data_dir),
        "MCP_SERVER_URL": stack.url, "ASSISTANT_ENGINE": "auto", "OPENAI_API_KEY": "",
        "APP_ENV": "test",
    }
    return subprocess.run(
        [sys.executable, "-m", "todo_reflex.assistant", "chat", "--email", email],
        input=lines, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )


def test_chat_keeps_context_between_lines(engine_stack):
    person = new_person(engine_stack, "terminal")
    done = run_chat(engine_stack, person.email.upper(), "add call mom tomorrow\nmark it done\n")
    assert done.returncode == 0, done.stderr
    [task] = tasks_of(engine_stack, person)
    assert task.title == "call mom"
    assert task.completed
    out = done.stdout
    assert "offline engine" in out
    assert f"you> add call mom tomorrow\n[add_task] Added #{task.id} call mom · due " in out
    assert f"[complete_task] Completed #{task.id} call mom" in out
    assert out.count("assistant> ") == 2
    assert "**call mom**" in out
    with Session(engine_stack.engine) as db:
        chat_sessions = db.exec(select(UserSession).where(
            UserSession.user_id == person.id, UserSession.user_agent == "terminal chat")).all()
    assert len(chat_sessions) == 1
    assert chat_sessions[0].revoked_at is not None


def test_chat_refuses_an_unknown_email(engine_stack):
    done = run_chat(engine_stack, "nobody@example.com", "hello\n")
    assert done.returncode == 1
    assert "no user with email" in done.stderr
    assert done.stdout == ""
