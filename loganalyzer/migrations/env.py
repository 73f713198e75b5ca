"""Alembic environment: ``Store.open`` passes its connection in ``config.attributes['connection']``; run by hand,
the URL comes from ``-x url=...`` or ``sqlalchemy.url``."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from loganalyzer.store import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    context.configure(url=context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
