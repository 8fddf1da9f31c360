"""``todo-admin`` end to end, in a subprocess, against a temporary SQLite database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
import sqlalchemy as sa

from tests.support.core import in_session
from todo_reflex.core import settings as settings_module
from todo_reflex.core.cli import main
from todo_reflex.core.db import dispose_engine, session_scope
from todo_reflex.core.identity import resolve_bearer
from todo_reflex.core.models import Task, User
from todo_reflex.core.settings import Settings, use_settings
from todo_reflex.core.tokens import decode_token
from todo_reflex.core.users import authenticate

SECRET = "cli-test-secret-" + "z" * 48
SCRIPT = Path(sys.executable).with_name("todo-admin")
CLEARED = ("DATABASE_URL", "REDIS_URL", "REDIS_HOST", "AUTH_SECRET", "BETTER_AUTH_SECRET",
           "APP_ENV", "DATA_DIR", "SESSION_TTL_SECONDS", "JWT_AUDIENCE", "MCP_AUDIENCE")


class Admin:
    """Runs ``todo-admin`` with its own environment."""

    def __init__(self, tmp_path: Path) -> None:
        self.database_url = f"sqlite:///{tmp_path / 'cli.db'}"
        self.settings = Settings(auth_secret=SECRET, data_dir=tmp_path / "data",
                                 database_url=self.database_url)
        self.env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        self.env.update(DATABASE_URL=self.database_url, DATA_DIR=str(tmp_path / "data"),
                        AUTH_SECRET=SECRET, APP_ENV="test")

    def __call__(self, *args: str, stdin: str = "", env: dict[str, str] | None = None,
                 script: bool = False) -> subprocess.CompletedProcess[str]:
        command = [str(SCRIPT)] if script else [sys.executable, "-m", "todo_reflex.core.cli"]
        return subprocess.run(  # noqa: S603 - our own program
            [*command, *args], input=stdin, capture_output=True, text=True, timeout=60,
            env={**self.env, **(env or {})}, check=False,
        )


@pytest.fixture
def admin(tmp_path: Path) -> Admin:
    return Admin(tmp_path)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Admin:
    """A migrated database with ann@example.com, shared by tests that do not change it."""
    admin = Admin(tmp_path_factory.mktemp("cli"))
    for args, stdin in ((("migrate",), ""), (("create-user", "ann@example.com"), "long enough\n")):
        done = admin(*args, stdin=stdin)
        assert done.returncode == 0, done.stderr
    return admin


def _one_line_error(stderr: str, fragment: str) -> None:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, stderr
    assert errors[0].startswith("todo-admin: error:"), stderr
    assert fragment in errors[0], stderr


def _failed(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stderr
    _one_line_error(result.stderr, fragment)


def test_migrate_create_user_and_mint_token(admin: Admin) -> None:
    for _ in range(2):  # migrating twice is harmless
        done = admin("migrate")
        assert done.returncode == 0, done.stderr
        assert "is up to date" in done.stdout
    created = admin("create-user", "Ann@Example.com", "--name", "Ann", "--timezone",
                    "Europe/Paris", stdin="correct horse battery\n")
    assert created.returncode == 0, created.stderr
    assert "<ann@example.com>" in created.stdout

    with use_settings(admin.settings):
        user = in_session(authenticate, email="ann@example.com", password="correct horse battery",
                          ip="cli")
    assert (user.name, user.timezone) == ("Ann", "Europe/Paris")

    minted = admin("mint-token", "ann@example.com", script=SCRIPT.exists())
    assert minted.returncode == 0, minted.stderr
    token = minted.stdout.strip()
    assert token.count(".") == 2
    assert "\n" not in token
    with use_settings(admin.settings):
        identity = resolve_bearer(token)
    assert identity.user_id == user.id
    assert identity.via == "jwt"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["aud"] == "todo-mcp"
    assert claims["exp"] - claims["iat"] == 300

    app = admin("mint-token", "ANN@example.com", "--audience", "todo-app", "--ttl", "7200")
    assert app.returncode == 0, app.stderr
    with use_settings(admin.settings):
        claims = decode_token(app.stdout.strip(), audience="todo-app")
    assert (claims.expires_at - claims.issued_at).total_seconds() == 7200
    dispose_engine(admin.database_url)


def test_unknown_user(prepared: Admin) -> None:
    _failed(prepared("mint-token", "nobody@example.com", script=SCRIPT.exists()),
            "no user with email 'nobody@example.com'")


def test_duplicate_user(prepared: Admin) -> None:
    _failed(prepared("create-user", "ANN@example.com", stdin="long enough\n"), "already exists")


def test_unmigrated_database_says_what_to_do(admin: Admin) -> None:
    _failed(admin("mint-token", "ann@example.com"), "todo-admin migrate")


def test_bad_configuration_is_one_line(admin: Admin) -> None:
    _failed(admin("migrate", env={"APP_ENV": "prod", "AUTH_SECRET": "changeme"}), "AUTH_SECRET")


# ---------------------------------------------------------------- in process (fast)


@pytest.fixture
def in_process(prepared: Admin, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run ``main()`` here, configured exactly like the subprocesses."""
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    for name, value in prepared.env.items():
        if name in CLEARED:
            monkeypatch.setenv(name, value)
    settings_module.get_settings.cache_clear()
    yield
    settings_module.get_settings.cache_clear()


@pytest.mark.usefixtures("in_process")
@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (("create-user", "not-an-email"), "correct horse battery\n", "valid email"),
        (("create-user", "bob@example.com"), "short\n", "at least 8 characters"),
        (("create-user", "bob@example.com"), "", "standard input"),
        (("create-user", "bob@example.com", "--timezone", "Mars/Base"), "long enough\n",
         "unknown time zone"),
        (("create-user", "bob@example.com", "--name", "x" * 101), "long enough\n",
         "at most 100"),
        (("mint-token", "nobody@example.com"), "", "no user with email 'nobody@example.com'"),
        (("mint-token", "ann@example.com", "--ttl", "301"), "", "1 to 300 seconds"),
        (("mint-token", "ann@example.com", "--ttl", "0"), "", "1 to 300 seconds"),
        (("mint-token", "ann@example.com", "--audience", "todo-app", "--ttl", "-5"), "",
         "positive number"),
        (("mint-token", "ann@example.com", "--audience", "evil"), "", "audience"),
    ],
)
def test_bad_input_is_one_clear_line(
    args: tuple[str, ...], stdin: str, fragment: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(list(args)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    _one_line_error(captured.err, fragment)


@pytest.mark.usefixtures("in_process")
def test_in_process_mint_token_prints_only_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mint-token", "ann@example.com", "--ttl", "60"]) == 0
    token = capsys.readouterr().out.strip()
    assert jwt.decode(token, options={"verify_signature": False})["sub"].isdigit()


@pytest.mark.parametrize("args", [[], ["mint-token"], ["mint-token", "a@b.co", "--ttl", "soon"],
                                  ["frobnicate"]])
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "usage: todo-admin" in capsys.readouterr().err


@pytest.mark.slow  # five todo-admin processes
def test_check_repeats_reports_then_repairs_rules_stored_out_of_bounds(admin: Admin) -> None:
    assert admin("migrate").returncode == 0
    assert admin("create-user", "ann@example.com", stdin="long enough\n").returncode == 0
    prepared = admin
    with use_settings(prepared.settings), session_scope() as session:
        user = session.exec(sa.select(User.id).where(User.email == "ann@example.com")).one()[0]
        session.add(Task(user_id=user, number=900, title="stretch", repeat_rule="FREQ=DAILY"))
        session.add(Task(user_id=user, number=901, title="old probe",
                         repeat_rule="FREQ=DAILY;INTERVAL=99999999999999999999"))
    found = prepared("check-repeats")
    _failed(found, "1 repeat rule(s) out of bounds")
    assert "INTERVAL must be between 1 and 1000" in found.stdout
    repaired = prepared("check-repeats", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "1 repeat rule(s) out of bounds stopped repeating" in repaired.stdout
    again = prepared("check-repeats")
    assert again.returncode == 0 and "every repeat rule is within bounds" in again.stdout
    with use_settings(prepared.settings), session_scope() as session:
        rules = dict(session.execute(sa.select(Task.number, Task.repeat_rule).where(
            Task.user_id == user, Task.number.in_([900, 901]))).all())
    assert rules == {900: "FREQ=DAILY", 901: None}
