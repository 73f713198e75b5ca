"""A headerless curve log: one row of numbers an epoch, the epoch first and the training loss beside it (for
``_loss_shapes``, which rewrites it as the plain CSV it means).

The STAR trajectory-prediction trainer and its forks (public trajpred130 ``log_curve.txt``; the same
``self.log_file_curve = open(os.path.join(model_dir, 'log_curve.txt'), 'a+')`` in many trajectory repositories)
write ``log_file_curve.write(str(epoch) + ',' + str(train_loss) + ',' + str(ade) + ',' + str(fde) + ...)``: no
header, ``0,0.3168,0.8451,1.8285,0,0`` .. ``299,0.0025,0.5445,1.2462,0.6597,1.3252``. Nothing was read (the file
was said to be lines of numbers whose loss column is not certain).

Read only where the name and the numbers both say so:

- the file named as a curve log (the words ``curve`` and ``log`` in its name: ``log_curve.txt``; a ``loss`` name is
  ``_loss_shapes``' own rule);
- every line the same width, three numbers or more, ``MIN_ROWS`` lines or more;
- the first column counts the epochs by one from 0 or 1 (a training appended may start again);
- the second falls as a loss does (``_loss_shapes.curve_like``: positive, smooth, its last third below its first
  value) and rises somewhere (a learning rate's schedule never does).

Then the first two are ``epoch`` and ``loss`` (the training loss, as that trainer writes it); the other columns
(its validation ADE/FDE, no name telling which) are left out, said in the returned line. Anything else stays
unread, as before.
"""
from __future__ import annotations

import re

MIN_ROWS = 5
_CURVE = re.compile(r"(?:^|[^a-z])curves?(?:[^a-z]|$)")


_LOG = re.compile(r"(?:^|[^a-z])log(?:s|ging)?(?:[^a-z]|$)")


def named(low: str) -> bool:
    """Whether a (lower-case) file name names a curve log: ``curve`` and ``log`` both (``log_curve.txt``,
    ``curve_log.txt``, ``curve.log``); a ``learning_curve.txt`` or ``lr_curve.txt`` may hold seconds or a learning
    rate with restarts in its second column, and a ``light_curve.csv`` no training at all (breaker, stop 54)."""
    stem, _, ext = low.rpartition(".") if "." in low else (low, "", "")
    return _CURVE.search(stem) is not None and (_LOG.search(stem) is not None or ext == "log")


def table(rows: list[list[str]], low: str, counter, curve_like) -> tuple[bytes, str] | None:
    """(the CSV text, the line saying how it was read) for ``rows`` (each a list of number cells) of a curve log
    (module docstring); None otherwise. ``counter`` and ``curve_like`` are ``_loss_shapes``' checks."""
    if not named(low) or len(rows) < MIN_ROWS:
        return None
    width = len(rows[0])
    if width < 3 or any(len(r) != width for r in rows) or not counter([r[0] for r in rows]):
        return None
    try:
        loss = [float(r[1]) for r in rows]
    except ValueError:
        return None
    if not curve_like(loss, falls=True) or not any(b > a for a, b in zip(loss, loss[1:])):
        return None
    out = "epoch,loss\n" + "".join(f"{r[0]},{r[1]}\n" for r in rows)
    return out.encode(), (f"a curve log with no header line: {width} numbers a line, the first counting the epochs "
                          "and the second falling as a loss does: read as epoch, loss (the training loss, as STAR's "
                          f"log_curve.txt writes it; assumed, not written in the file); the other {width - 2} "
                          "column(s) name nothing and are not read")
