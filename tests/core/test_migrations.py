"""Migrations upgrade an empty SQLite and PostgreSQL database to a schema matching the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from todo_reflex.core.migrate import alembic_config, current_revision, upgrade

EXPECTED_TABLES = {"users", "sessions", "accounts", "api_tokens", "tasks", "threads", "messages",
                   "reminders", "notifications", "password_resets"}
HEAD = "0008"
# Expression indexes: SQLite cannot reflect them and PostgreSQL reflects them rewritten, so
# autogenerate cannot compare them; test_task_expression_indexes checks them instead.
EXPRESSION_INDEXES = {
    "ix_tasks_user_status_rank", "ix_tasks_title_trgm", "ix_tasks_description_trgm",
    "ix_tasks_tags_trgm",  # an operator class, which autogenerate does not compare either
}
LIST_INDEXES = {
    "ix_tasks_user_status_created": ["user_id", "completed", "created_at", "id"],
    "ix_tasks_user_status_due": ["user_id", "completed", "due_at", "created_at", "id"],
    "ix_tasks_user_due": ["user_id", "due_at"],
}
SQLITE_REFLECTION_WARNING = "ignore:Skipped unsupported reflection of expression-based index"
SQLITE_COMPARE_WARNING = "ignore:autogenerate skipping metadata-specified expression-based index"


def _comparable(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def _task_indexes(engine: sa.Engine) -> dict[str, str]:
    """Index name -> its definition as the database stores it."""
    if engine.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tasks'"
    with engine.connect() as connection:
        return {name: sql or "" for name, sql in connection.exec_driver_sql(query)}


def test_upgrade_from_empty_creates_every_table(empty_database_url: str) -> None:
    database_url = empty_database_url
    assert current_revision(database_url) is None
    upgrade(database_url)
    assert current_revision(database_url) == HEAD
    engine = sa.create_engine(database_url)
    try:
        assert set(sa.inspect(engine).get_table_names()) >= EXPECTED_TABLES
    finally:
        engine.dispose()


@pytest.mark.filterwarnings(SQLITE_REFLECTION_WARNING, SQLITE_COMPARE_WARNING)
def test_migrated_schema_matches_models(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_object": _comparable}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_is_idempotent(engine: sa.Engine) -> None:
    upgrade(engine.url.render_as_string(hide_password=False))
    assert current_revision(engine.url.render_as_string(hide_password=False)) == HEAD


@pytest.mark.filterwarnings(SQLITE_REFLECTION_WARNING)
def test_task_list_indexes_exist(engine: sa.Engine) -> None:
    indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes("tasks")}
    for name, columns in LIST_INDEXES.items():
        assert indexes[name] == columns


def test_task_expression_indexes(engine: sa.Engine) -> None:
    indexes = {name: sql.lower() for name, sql in _task_indexes(engine).items()}
    assert "created_at desc, id desc" in indexes["ix_tasks_user_status_created"]
    rank = indexes["ix_tasks_user_status_rank"]
    assert "case" in rank
    assert "'high'" in rank
    assert "created_at desc, id desc" in rank
    trigram = {name for name in indexes if name.endswith("_trgm")}
    if engine.dialect.name == "postgresql" and _has_pg_trgm(engine):
        assert trigram == {"ix_tasks_title_trgm", "ix_tasks_description_trgm",
                           "ix_tasks_tags_trgm"}
        assert "using gin (lower((title)::text) gin_trgm_ops)" in indexes["ix_tasks_title_trgm"]
    else:
        assert trigram == set()


def _has_pg_trgm(engine: sa.Engine) -> bool:
    """A minimal PostgreSQL build (the pgserver wheel) has no contrib extensions."""
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        ).first() is not None


def test_downgrade_to_0002_restores_the_old_index_and_upgrades_again(engine: sa.Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0002")
    assert current_revision(url) == "0002"
    indexes = _task_indexes(engine)
    assert "ix_tasks_user_status_created" in indexes
    assert not {"ix_tasks_user_status_rank", "ix_tasks_user_due", "ix_tasks_title_trgm"} & set(
        indexes
    )
    upgrade(url)
    assert current_revision(url) == HEAD
    assert set(_task_indexes(engine)) >= set(LIST_INDEXES) | {"ix_tasks_user_status_rank"}


def _insert(connection: sa.Connection, table: str, **values: object) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return connection.execute(
        sa.text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values
    ).scalar_one()


def test_0005_numbers_existing_tasks_per_user_in_creation_order(engine: sa.Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0004")
    day = "2026-11-2{} 10:00:00"
    with engine.begin() as connection:
        users = [
            _insert(connection, "users", email=f"{name}@example.com", name=name,
                    timezone="UTC", created_at=day.format(0), updated_at=day.format(0))
            for name in ("ann", "bob", "cem")
        ]
        ann, bob, _ = users
        # ids and creation times disagree on purpose: the number follows created_at
        for user, title, created in ((bob, "b1", 1), (ann, "a2", 5), (ann, "a1", 2),
                                     (bob, "b2", 3), (ann, "a3", 7)):
            _insert(connection, "tasks", user_id=user, title=title, description="",
                    completed=False, priority="none", due_has_time=False, tags="",
                    created_at=day.format(created), updated_at=day.format(created), version=1)
    upgrade(url)
    with engine.connect() as connection:
        numbers = dict(connection.execute(sa.text("SELECT title, number FROM tasks")).all())
        counters = dict(connection.execute(sa.text("SELECT id, task_counter FROM users")).all())
    assert numbers == {"a1": 1, "a2": 2, "a3": 3, "b1": 1, "b2": 2}
    assert [counters[u] for u in users] == [3, 2, 0]
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(sa.text("UPDATE tasks SET number = 1 WHERE title = 'a2'"))


def test_a_migration_that_ran_leaves_the_tasks_table_vacuumed(engine: sa.Engine) -> None:
    """PostgreSQL: dead rows of a rewrite (0005) are cleaned at once, not at autovacuum's pace."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no vacuum debt to speak of")
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0004")
    with engine.begin() as connection:
        user = _insert(connection, "users", email="v@example.com", name="v", timezone="UTC",
                       created_at="2026-11-20 10:00:00", updated_at="2026-11-20 10:00:00")
        for n in range(50):
            _insert(connection, "tasks", user_id=user, title=f"t{n}", description="",
                    completed=False, priority="none", due_has_time=False, tags="",
                    created_at="2026-11-20 10:00:00", updated_at="2026-11-20 10:00:00",
                    version=1)
    upgrade(url)  # 0005 rewrites all 50 rows
    with engine.connect() as connection:
        dead, vacuumed = connection.execute(sa.text(
            "SELECT n_dead_tup, last_vacuum FROM pg_stat_user_tables WHERE relname = 'tasks'"
        )).one()
    assert vacuumed is not None
    assert dead == 0


def test_the_workers_reminder_index_holds_only_unfired_reminders(engine: sa.Engine) -> None:
    if engine.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE name = 'ix_reminders_pending'"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_reminders_pending'"
    with engine.connect() as connection:
        definition = connection.exec_driver_sql(query).scalar_one().lower()
    assert "(fire_at)" in definition
    assert "where (fired_at is null)" in definition or "where fired_at is null" in definition


def test_downgrade_to_0006_drops_the_reminder_tables(engine: sa.Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0006")
    assert not {"reminders", "notifications"} & set(sa.inspect(engine).get_table_names())
    upgrade(url)
    assert {"reminders", "notifications"} <= set(sa.inspect(engine).get_table_names())


def test_downgrade_to_0007_drops_the_password_resets_and_upgrades_again(engine: sa.Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0007")
    assert current_revision(url) == "0007"
    assert "password_resets" not in sa.inspect(engine).get_table_names()
    upgrade(url)
    assert current_revision(url) == HEAD
    columns = {c["name"] for c in sa.inspect(engine).get_columns("password_resets")}
    assert columns == {"id", "user_id", "token_hash", "created_at", "expires_at", "used_at"}
    with engine.begin() as connection:  # the user's links go with the user
        user = _insert(connection, "users", email="r@example.com", name="r", timezone="UTC",
                       created_at="2026-12-07 10:00:00", updated_at="2026-12-07 10:00:00")
        _insert(connection, "password_resets", user_id=user, token_hash="a" * 64,
                created_at="2026-12-07 10:00:00", expires_at="2026-12-07 10:30:00")
        connection.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": user})
        left = connection.execute(sa.text("SELECT count(*) FROM password_resets")).scalar_one()
    assert left == 0
