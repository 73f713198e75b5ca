"""Shared test setup: no test writes to the user's own store of earlier scans (``loganalyzer.store``): the CLI's
default store is off here (tests of the store give ``--db`` or ``store=`` themselves)."""
import os

os.environ.setdefault("LOGANALYZER_DB", "off")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """One PostgreSQL server on 127.0.0.1 per test process (tests/_postgres.py; skipped with the reason where it
    cannot start): its URL. Tests make their own database on it with ``_postgres.fresh_database``."""
    import _postgres

    url, stop = _postgres.start(tmp_path_factory.mktemp("pg"))
    try:
        yield url
    finally:
        stop()
