"""calendar_feeds (one secret ICS address per user); messages by (thread_id, id) for paging

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_calendar_feeds_token_hash", "calendar_feeds", ["token_hash"], unique=True)
    op.create_index("ix_messages_thread_id_id", "messages", ["thread_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_messages_thread_id_id", table_name="messages")
    op.drop_index("ix_calendar_feeds_token_hash", table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
