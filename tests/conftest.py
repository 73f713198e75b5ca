"""Shared test setup: no test writes to the user's own store of earlier scans (``loganalyzer.store``): the CLI's
default store is off here (tests of the store give ``--db`` or ``store=`` themselves)."""
import os

os.environ.setdefault("LOGANALYZER_DB", "off")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server on 127.0.0.1 per test process (tests/_postgres.py; skipped with the reason where it
    cannot start): its URL. Tests make their own database on it with ``_postgres.fresh_database``."""
    import shutil
    import tempfile
    from pathlib import Path

    import _postgres

    # its own folder, not under pytest's basetemp: a second pytest session on the machine (a helper's, a second CI)
    # removes the oldest basetemps and with them a running server's data directory ("connection refused" mid-run)
    base = Path(tempfile.mkdtemp(prefix="loganalyzer-pg-"))
    try:
        url, stop = _postgres.start(base)
        try:
            yield url
        finally:
            stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


SLOW_REASON = ("a long test (a real framework's training in a subprocess, ~15-80 s on 2 cores): `make test-all` or "
               "LOGANALYZER_SLOW=1 runs it")


def pytest_configure(config):
    config.addinivalue_line("markers", f"slow: {SLOW_REASON}")


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.slow`` tests run only with LOGANALYZER_SLOW=1 (``make test-all``): ``make test`` stays within
    ~10 minutes on 2 cores while the long trainings keep their own target."""
    if os.environ.get("LOGANALYZER_SLOW", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason=SLOW_REASON)
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
