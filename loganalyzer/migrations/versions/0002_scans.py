"""The service's scan history: one row per finished scan of a set of roots (``loganalyzer serve``).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("roots", sa.String(64), nullable=False, index=True),
        sa.Column("started", sa.Float, nullable=False),
        sa.Column("duration", sa.Float, nullable=False),
        sa.Column("runs", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("report", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scans")
