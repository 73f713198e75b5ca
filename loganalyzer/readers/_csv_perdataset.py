"""Two columns of a plain CSV metrics log that are no series and no axis, as the ``daart`` library's
``metrics.csv`` writes them (public themattinthehatt/daart, ``daart/callbacks.py``/``daart/train.py``: its logger
writes ``epoch,batch,trial,tr_loss,...,dataset,best_val_epoch,val_loss`` one row per epoch and per dataset):

- ``batch``: the number of batches in an epoch, the same on every row (170), not a running count. Taken for the step
  (``batch`` is a step name), every row sat on step 170 and the epoch axis was lost. When the file's step column is
  named like a batch count, holds one value on every row and an epoch column counts on, the epoch is the step
  (``fixed_batch_axis``).
- ``dataset``: which dataset the row's validation loss was measured on, ``-1`` for the aggregate over all of them.
  Read as one series, the 22 per-file losses of each evaluation were merged into one ``val_loss``. When a ``dataset``
  column holds ``-1`` and other whole ids on rows of one epoch, the aggregate (``-1``) rows are the run's series and
  the per-dataset rows are left out, said in one note (``aggregate_rows``).
"""
from __future__ import annotations

from ._plain_columns import EPOCH_COLUMNS, _normal, _pick

_BATCH_COUNTS = frozenset({"batch", "batches", "minibatch", "minibatches", "mini_batch", "n_batches", "num_batches"})
_DATASET = ("dataset", "dataset_idx", "dataset_id", "dataset_index")
_HEAD = 65536  # bytes of the file looked at
MIN_ROWS = 3


def _rows(raw: bytes, offset: int, sep: str, columns: list[str]) -> list[list[str]]:
    """The first data rows (cells) after the header, as many as match the header's width from the first."""
    rows = []
    for line in bytes(raw[offset:offset + _HEAD]).decode("utf-8", "replace").splitlines()[1:201]:
        cells = line.strip().split(sep)
        if len(cells) != len(columns):
            break
        rows.append(cells)
    return rows


def fixed_batch_axis(raw: bytes, offset: int, sep: str, columns: list[str], x_col: int | None) -> int | None:
    """``x_col``, or the epoch column instead of a batch-count column that holds one value on every row (at least
    ``MIN_ROWS``) while the epoch counts on."""
    if x_col is None or _normal(columns[x_col]) not in _BATCH_COUNTS or len(sep) != 1:
        return x_col
    epoch = _pick(columns, EPOCH_COLUMNS)
    if epoch is None or epoch == x_col:
        return x_col
    rows = _rows(raw, offset, sep, columns)
    if len(rows) < MIN_ROWS or len({r[x_col].strip() for r in rows}) != 1 or len({r[epoch].strip() for r in rows}) < 2:
        return x_col
    return epoch


def _whole(cell: str) -> int | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _without(line: bytes, col: int, sep: str) -> bytes:
    """``line`` without its ``col``-th cell."""
    cells = line.split(sep.encode())
    return sep.encode().join(cells[:col] + cells[col + 1:])


def aggregate_rows(raw: bytes, offset: int, sep: str, columns: list[str]) -> tuple[bytes, str] | None:
    """(the file without its per-dataset rows, a note) when a ``dataset`` column holds ``-1`` (the aggregate) and
    other whole ids, an epoch column is there and some epoch has both an aggregate and a per-dataset row; else None."""
    col = _pick(columns, _DATASET)
    epoch = _pick(columns, EPOCH_COLUMNS)
    if col is None or epoch is None or len(sep) != 1:
        return None
    lines = bytes(raw[offset:]).split(b"\n")
    cells = [line.decode("utf-8", "replace").strip().split(sep) for line in lines[1:]]
    ids = [_whole(c[col]) if len(c) == len(columns) else None for c in cells]
    whole = [i for i in ids if i is not None]
    if -1 not in whole or set(whole) == {-1}:
        return None
    aggregate = {c[epoch] for c, i in zip(cells, ids) if i == -1}
    if not aggregate & {c[epoch] for c, i in zip(cells, ids) if i is not None and i != -1}:
        return None
    kept = [_without(lines[0], col, sep), *(_without(line, col, sep) if i == -1 else line
                                            for line, i in zip(lines[1:], ids) if i is None or i == -1)]
    others = [i for i in whole if i != -1]
    note = (f"column {columns[col]!r}: {len(others)} per-dataset row(s) (ids {min(others)}..{max(others)}) left out; "
            f"the aggregate rows ({columns[col]} = -1) are the run's series, the column none")
    return bytes(raw[:offset]) + b"\n".join(kept), note
