"""A production Reflex build served for real Chromium, on PostgreSQL + Redis with the MCP server
as its own process (the Kubernetes topology on one machine); SQLite when PostgreSQL is absent
locally."""

from __future__ import annotations

import fcntl
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.support.browser import CHROMIUM, WebApp
from tests.support.mcp import running_server
from tests.support.outage import Relay
from tests.support.services import (
    REQUIRE_SERVICES,
    TEST_REDIS_URL,
    postgres_admin_url_or_fail,
    require_redis,
    temporary_postgres_database,
)
from tests.support.smtp import smtp_server
from todo_reflex.core.migrate import upgrade
from todo_reflex.core.settings import Settings
from todo_reflex.processes import Service, free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]
BUILD_LOCK = Path("/tmp/todo-reflex-web-tests.lock")
WEB_REDIS_URL = os.environ.get("TEST_WEB_REDIS_URL", TEST_REDIS_URL.rsplit("/", 1)[0] + "/14")

# A full page load waits for the websocket and the session check; on a busy 2-core runner that
# passed Playwright's default 5 s (the account page's heading failed CI once at 5 s).
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    """Build and serve the app once per test session (``reflex run --env prod``)."""
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    data_dir = tmp_path_factory.mktemp("web")
    with ExitStack() as stack:
        lock = stack.enter_context(open(BUILD_LOCK, "w"))  # noqa: SIM115 - held for the session
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            database_url = stack.enter_context(
                temporary_postgres_database(postgres_admin_url_or_fail())
            )
            require_redis(WEB_REDIS_URL)
            redis_url = WEB_REDIS_URL
            redis.Redis.from_url(redis_url).flushdb()
        except pytest.skip.Exception:
            database_url, redis_url = f"sqlite:///{data_dir / 'web.db'}", ""
        upgrade(database_url)
        database_relay, served_database_url = _relayed(database_url)
        redis_relay, served_redis_url = _relayed(redis_url)
        secret = secrets.token_urlsafe(48)
        port = free_port()
        smtp = stack.enter_context(smtp_server())  # the app's mail (password reset) lands here
        base_env = {
            "DATABASE_URL": served_database_url, "REDIS_URL": served_redis_url,
            "AUTH_SECRET": secret, "DATA_DIR": str(data_dir), "APP_ENV": "test",
            "ASSISTANT_ENGINE": "offline", "REFLEX_USE_NPM": "1",
            "REFLEX_TELEMETRY_ENABLED": "false", "CORS_ORIGINS": f"http://localhost:{port}",
            # every browser of the suite comes from 127.0.0.1; tests/core counts these limits
            "SIGNUPS_PER_IP_PER_HOUR": "1000", "LOGIN_FAILURES_PER_IP_PER_15_MINUTES": "1000",
            "PASSWORD_RESETS_PER_IP_PER_HOUR": "1000",
            "PUBLIC_URL": f"http://localhost:{port}", **smtp.env(),
        }
        mcp_port = free_port()
        mcp_env = {**base_env, "MCP_PORT": str(mcp_port), "MCP_HOST": "127.0.0.1"}
        mcp_base = stack.enter_context(running_server(mcp_env, mcp_port))
        env = {
            **os.environ, **base_env, "MCP_SERVER_URL": f"{mcp_base}/mcp",
            "PATH": f"{Path(os.sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        env.pop("REFLEX_REDIS_URL", None)
        for name in [n for n in env if n.startswith("PYTEST_")]:
            env.pop(name)  # Reflex runs differently when it thinks it is under pytest
        reflex = Service("web app", ["reflex", "run", "--env", "prod", "--frontend-port",
                                     str(port)], env, data_dir / "reflex.log", ROOT).start()
        stack.callback(reflex.stop, 20)
        url = f"http://localhost:{port}"
        wait_http(f"{url}/health", reflex, 600, ok=300, interval=0.5)
        wait_http(f"{url}/login", reflex, 60, ok=300, interval=0.5, follow_redirects=True)
        settings = Settings(
            database_url=database_url, redis_url=redis_url, auth_secret=secret,
            data_dir=data_dir, app_env="test",
        )
        yield WebApp(url=url, settings=settings, mcp_url=f"{mcp_base}/mcp",
                     database=database_relay, redis=redis_relay, inbox=smtp.inbox)
        if redis_url:
            redis.Redis.from_url(redis_url).flushdb()


def _relayed(url: str) -> tuple[Relay | None, str]:
    """A relay in front of a PostgreSQL or Redis URL, and the URL through it."""
    if not url or url.startswith("sqlite"):
        return None, url
    if url.startswith("redis"):
        parts = urlsplit(url)
        relay = Relay(parts.hostname or "127.0.0.1", parts.port or 6379)
        return relay, urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}"))
    parsed = sa.make_url(url)
    relay = Relay(parsed.host or "127.0.0.1", parsed.port or 5432)
    through = parsed.set(host="127.0.0.1", port=relay.port)
    return relay, through.render_as_string(hide_password=False)


@dataclass
class ConsoleWatch:
    """Console errors and warnings (React's included) and uncaught errors of a test's pages."""

    problems: list[str]
    allowed: list[tuple[re.Pattern[str], str]]

    def allow(self, pattern: str, why: str) -> None:
        """Let messages matching ``pattern`` pass in this test; ``why`` says what causes them."""
        assert why.strip(), "say why these messages are expected"
        self.allowed.append((re.compile(pattern), why))

    def watch(self, context) -> None:
        """Record what every page of a browser context logs."""
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.problems.append(f"pageerror: {error.error}"))

    def _on_console(self, message) -> None:
        if message.type in ("error", "warning"):
            where = (message.location or {}).get("url", "")
            self.problems.append(f"console.{message.type}: {message.text} ({where})")

    def unexpected(self) -> list[str]:
        """What was logged that no ``allow`` explains."""
        return [p for p in self.problems if not any(r.search(p) for r, _ in self.allowed)]


@pytest.fixture(autouse=True)
def console(request: pytest.FixtureRequest) -> Iterator[ConsoleWatch]:
    """Fail a browser test at teardown on any console error or warning, or uncaught error, in
    any of its pages (``page`` and every ``browser.new_context()``); ``console.allow`` is for a
    test that breaks things on purpose."""
    watch = ConsoleWatch(problems=[], allowed=[])
    if not set(request.fixturenames) & {"page", "context", "new_context", "browser"}:
        yield watch
        return
    browser = request.getfixturevalue("browser")
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        watch.watch(context)
        return context

    browser.new_context = new_context
    try:
        yield watch
    finally:
        del browser.new_context
    unexpected = watch.unexpected()
    if unexpected:
        pytest.fail("the page logged errors or warnings:\n" + "\n".join(unexpected[:20]),
                    pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """pytest-playwright: Debian's Chromium, headless, with no background networking."""
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"],
    }
