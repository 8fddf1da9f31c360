"""Migrations upgrade an empty SQLite and PostgreSQL database to a schema matching the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from todo_reflex.core.migrate import current_revision, upgrade

EXPECTED_TABLES = {"users", "sessions", "accounts", "api_tokens", "tasks", "threads", "messages"}


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    assert current_revision(database_url) is None
    upgrade(database_url)
    assert current_revision(database_url) == "0002"
    engine = sa.create_engine(database_url)
    try:
        assert set(sa.inspect(engine).get_table_names()) >= EXPECTED_TABLES
    finally:
        engine.dispose()


def test_migrated_schema_matches_models(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_is_idempotent(engine: sa.Engine) -> None:
    upgrade(engine.url.render_as_string(hide_password=False))
    assert current_revision(engine.url.render_as_string(hide_password=False)) == "0002"


def test_task_list_index_exists(engine: sa.Engine) -> None:
    indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes("tasks")}
    assert indexes["ix_tasks_user_status_created"] == ["user_id", "completed", "created_at"]
