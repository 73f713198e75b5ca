"""A printed log and its rotated parts: one run (for ``_joblog_files.group``).

logging's ``RotatingFileHandler(maxBytes=.., backupCount=n)`` renames a full ``train.log`` to ``train.log.1`` (and
``.1`` to ``.2``...) and goes on writing a new ``train.log``; ``TimedRotatingFileHandler`` renames it to
``train.log.2024-05-01`` (its ``suffix``, ``%Y-%m-%d`` and the like). So ``train.log.1`` holds::

    2024-05-01 10:01:00 INFO Epoch 1/20 - loss: 1.7000 - val_loss: 1.8270 - val_acc: 0.4250

and ``train.log`` goes on at ``Epoch 11/20``: one training cut in two files, read before as two runs (or, with the
dated part not found, the first half lost). A rotated part (``discover_oddlog.rotated_named``) whose base file
(the name without the ``.N``/``.DATE`` suffix) is a job log of the same folder joins it: one run named by the base
file, its files oldest first (the highest number first, then the earlier dates, the base file last), each read
whole, the loader joining them as sessions of one run. Paddle's ``workerlog.0``, ``workerlog.1`` (ranks, no base
``workerlog``) are not joined here.
"""
from __future__ import annotations

import re

_SUFFIX = re.compile(r"^(?P<base>.+)\.(?:(?P<n>\d{1,6})|(?P<date>\d{4}-?\d\d-?\d\d(?:[_T.-][\d:_.-]*)?))$")


def base_of(name: str, names: set) -> str | None:
    """The base file name a rotated part ``name`` belongs to, when that base is among ``names``; else None."""
    m = _SUFFIX.match(name)
    if m is None or m.group("base") not in names:
        return None
    return m.group("base")


def age(name: str) -> tuple:
    """Sort key: the oldest part first, the base file (no rotation suffix) last."""
    m = _SUFFIX.match(name)
    if m is None:
        return (2, "")
    if m.group("n") is not None:
        return (0, -int(m.group("n")))
    return (1, m.group("date"))


# A '.N' file beside its base need not be a rotated part: ranks writing ``f"train.log.{rank}"`` (rank 0 plain
# ``train.log``), or a copy of an older training kept before a relaunch (``train.log.20240501``), start at the same
# first epoch as the base file. A rotated part's first counter comes before the base file's (``Epoch 1/30`` in
# ``.2``, ``Epoch 11/30`` in ``.1``, ``Epoch 21/30`` in the base): a part whose first counter is not below the base's
# is its own training (breaker4 R8).
_COUNTER = re.compile(rb"(?i)\b(?:epoch|step|iter(?:ation)?)\b\W{0,3}(\d+)")
_HEAD = 1 << 16


def _first_counter(fs, path: str, counter: re.Pattern = _COUNTER) -> int | None:
    try:
        with fs.open_bytes(path) as data:
            m = counter.search(bytes(data[:_HEAD]))
    except Exception:  # unreadable: the loader reports it
        return None
    return int(m.group(1)) if m is not None else None


def continues(fs, part: str, base: str) -> bool:
    """Whether the file at ``part`` may be an older rotated part of the one at ``base``: False when both print an
    epoch/step counter and the part's first is not below the base's."""
    a, b = _first_counter(fs, part), _first_counter(fs, base)
    return a is None or b is None or a < b
