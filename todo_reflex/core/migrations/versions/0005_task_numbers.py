"""tasks: per-user numbers (the public task id) and soft delete

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Each user's tasks are numbered 1, 2, 3… in creation order; ``users.task_counter`` holds the
last number given, so a number is never reused, not even after a delete. ``tasks.deleted_at``
marks a deleted task, which can be restored with its number until it is purged.

The columns are added ``NOT NULL DEFAULT 0`` and filled in place: SQLite cannot add a NOT NULL
constraint later without rebuilding the table, and a rebuild would drop the expression indexes
of 0003. On PostgreSQL the default of ``tasks.number`` is removed afterwards; on SQLite it stays
and the unique index refuses a second task without a number.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NUMBER_EXISTING = """
UPDATE tasks SET number = numbered.number
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at, id) AS number
    FROM tasks
) AS numbered
WHERE tasks.id = numbered.id
"""
SET_COUNTERS = """
UPDATE users SET task_counter = COALESCE(
    (SELECT MAX(tasks.number) FROM tasks WHERE tasks.user_id = users.id), 0
)
"""


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("task_counter", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column(
        "tasks", sa.Column("number", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("tasks", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(NUMBER_EXISTING)
    op.execute(SET_COUNTERS)
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("tasks", "number", server_default=None)
    op.create_index("uq_tasks_user_number", "tasks", ["user_id", "number"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_tasks_user_number", table_name="tasks")
    op.execute("DELETE FROM tasks WHERE deleted_at IS NOT NULL")
    op.drop_column("tasks", "deleted_at")
    op.drop_column("tasks", "number")
    op.drop_column("users", "task_counter")
