"""Schema migrations with Alembic, driven from code (``todo-admin migrate``, tests, images)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config for this package's migrations against ``url``."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR.as_posix())
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision`` (the newest by default)."""
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at, or None when never migrated."""
    from alembic.runtime.migration import MigrationContext

    from todo_reflex.core.db import engine_for

    with engine_for(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
