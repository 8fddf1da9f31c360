"""Alembic environment: migrates the URL passed in by ``todo_reflex.core.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from todo_reflex.core import models  # noqa: F401 - registers the tables on the metadata
from todo_reflex.core.db import engine_for

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run the migrations online against the configured URL."""
    engine = engine_for(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
