"""tasks: indexes for every list order, due windows and (PostgreSQL) trigram text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Each list order is ``completed, <key>, created_at DESC, id DESC`` (``tasks._order``); one
index per order serves the pending, completed and all lists without a sort. The old
``(user_id, completed, created_at)`` index is replaced by its ``DESC, id DESC`` form.
On PostgreSQL ``pg_trgm`` GIN indexes serve ``lower(title|description) LIKE '%text%'``; a
server without the extension (a minimal build) keeps working, its searches just scan.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEWEST = [sa.text("created_at DESC"), sa.text("id DESC")]
PRIORITY_RANK = sa.text(
    "(CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END)"
)
TRIGRAM_COLUMNS = ("title", "description")
logger = logging.getLogger(__name__)


def _trigrams_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if found is None:
        logger.warning("pg_trgm is not installed on this server: text search will scan")
    return found is not None


def upgrade() -> None:
    op.drop_index("ix_tasks_user_status_created", table_name="tasks")
    op.create_index(
        "ix_tasks_user_status_created", "tasks", ["user_id", "completed", *NEWEST]
    )
    op.create_index(
        "ix_tasks_user_status_due", "tasks", ["user_id", "completed", "due_at", *NEWEST]
    )
    op.create_index(
        "ix_tasks_user_status_rank", "tasks", ["user_id", "completed", PRIORITY_RANK, *NEWEST]
    )
    op.create_index("ix_tasks_user_due", "tasks", ["user_id", "due_at"])
    if _trigrams_available():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TRIGRAM_COLUMNS:
            op.execute(
                f"CREATE INDEX ix_tasks_{column}_trgm ON tasks "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in TRIGRAM_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_tasks_{column}_trgm")
    op.drop_index("ix_tasks_user_due", table_name="tasks")
    op.drop_index("ix_tasks_user_status_rank", table_name="tasks")
    op.drop_index("ix_tasks_user_status_due", table_name="tasks")
    op.drop_index("ix_tasks_user_status_created", table_name="tasks")
    op.create_index(
        "ix_tasks_user_status_created", "tasks", ["user_id", "completed", "created_at"]
    )
