"""The first schema of the incremental store: sniffs, files, runs.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sniffs",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("inode", sa.BigInteger, nullable=False),
        sa.Column("result", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("given", sa.Text, nullable=False),
        sa.Column("format", sa.String(64), nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("inode", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=True),
        sa.Column("resume_offset", sa.BigInteger, nullable=True),
        sa.Column("parsed", sa.LargeBinary, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("preview", sa.Boolean, nullable=False),
        sa.Column("summary", sa.LargeBinary, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("runs", "files", "sniffs"):
        op.drop_table(table)
