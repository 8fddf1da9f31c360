"""reminders (zero or more per task) and notifications (what the reminder worker delivered)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

``ix_reminders_pending`` is partial (``WHERE fired_at IS NULL``): the worker asks only for
unfired reminders by time, and delivered ones leave the index. ``uq_notifications_reminder_fire``
lets one reminder occurrence be delivered once, whatever the workers do; an email the mail
server could not take is tried again (``email = 'retry'``, partial index on its time).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UNFIRED = sa.text("fired_at IS NULL")
RETRY = sa.text("email = 'retry'")


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("tasks.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("fire_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reminders_task_id", "reminders", ["task_id"])
    op.create_index("ix_reminders_user_id", "reminders", ["user_id"])
    op.create_index("ix_reminders_pending", "reminders", ["fire_at"],
                    postgresql_where=UNFIRED, sqlite_where=UNFIRED)
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("tasks.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("task_number", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(),
                  sa.ForeignKey("reminders.id", ondelete="SET NULL"), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=500), nullable=False),
        sa.Column("fire_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(length=16), nullable=False),
        sa.Column("email_attempts", sa.Integer(), nullable=False),
        sa.Column("email_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("reminder_id", "fire_at", name="uq_notifications_reminder_fire"),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id", "id"])
    op.create_index("ix_notifications_email_retry", "notifications", ["email_retry_at"],
                    postgresql_where=RETRY, sqlite_where=RETRY)


def downgrade() -> None:
    op.drop_index("ix_notifications_email_retry", table_name="notifications")
    op.drop_index("ix_notifications_user_id", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_reminders_pending", table_name="reminders")
    op.drop_index("ix_reminders_user_id", table_name="reminders")
    op.drop_index("ix_reminders_task_id", table_name="reminders")
    op.drop_table("reminders")
