"""``replace`` for the line parser's frozen ``Record`` (``readers/_progress.py``): ``dataclasses.replace`` walks the
dataclass's fields and checks each on every call (~5 us); the parser calls it for most printed lines (a timestamp, a
rank, a total). A ``Record``'s fields are all init fields and it has no ``__post_init__``, so a copy of its
``__dict__`` with the changes is the same object ``dataclasses.replace`` builds (equal, same hash)."""
from __future__ import annotations


def replace(record, **changes):
    """A copy of the dataclass instance ``record`` (a ``_progress.Record``) with ``changes`` (field -> value)."""
    new = object.__new__(type(record))
    fields = new.__dict__
    fields.update(record.__dict__)
    fields.update(changes)
    return new
