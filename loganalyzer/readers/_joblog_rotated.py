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
