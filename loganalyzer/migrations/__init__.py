"""Alembic migrations of the incremental store (``loganalyzer.store``). ``Store.open`` applies them; by hand:
``alembic -x url=sqlite:///path -c <a config with script_location = loganalyzer:migrations> upgrade head``."""
