"""tasks: a trigram index on tags, so a rare tag is found without walking the user's tasks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

A tag filter is ``',' || tags || ',' LIKE '%,tag,%'`` (``models.tag_list``). The list indexes
deliver a page of a common tag quickly, but a tag on 20 of 100,000 tasks walked them all
(70 ms, 20x the 1k figure). This GIN index is built on that same expression, so PostgreSQL
with ``pg_trgm`` can serve a rare tag from it and, from the statistics ANALYZE keeps for an
expression index, tell a rare tag from a common one. A server without pg_trgm works as before.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _trigrams_installed() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first()
    return found is not None  # 0003 installed it where the server has it


def upgrade() -> None:
    if _trigrams_installed():
        op.execute(
            "CREATE INDEX ix_tasks_tags_trgm ON tasks USING gin ((',' || tags || ',') gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_tasks_tags_trgm")
