"""Shared test setup: no test writes to the user's own store of earlier scans (``loganalyzer.store``): the CLI's
default store is off here (tests of the store give ``--db`` or ``store=`` themselves)."""
import os

os.environ.setdefault("LOGANALYZER_DB", "off")
