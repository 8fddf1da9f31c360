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
    """Upgrade the database at ``url`` to ``revision`` (the newest by default).

    On PostgreSQL, when a migration ran, the tasks table is then vacuumed and analysed: a
    migration that rewrites rows (0005 numbers every task) leaves dead rows and unmerged GIN
    entries that made text search 20-30x slower at 100k tasks until autovacuum came by.
    """
    before = current_revision(url)
    command.upgrade(alembic_config(url), revision)
    if current_revision(url) != before:
        _refresh_task_statistics(url)


def _refresh_task_statistics(url: str) -> None:
    from todo_reflex.core.db import engine_for

    engine = engine_for(url)
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE) tasks")  # no lock on reads or writes


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at, or None when never migrated."""
    from alembic.runtime.migration import MigrationContext

    from todo_reflex.core.db import engine_for

    with engine_for(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
