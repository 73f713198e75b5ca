"""A per-epoch CSV whose ``epoch`` (its first column, as Keras' ``CSVLogger`` writes it) stands on the same k rows
(2 <= k <= ``MAX_ROWS``) in every epoch (for ``plain_csv``).

``keras_csv`` refuses such a file (``keras_csv._epochs_repeated``: CSVLogger writes one row per epoch) and hands it
here: a hand-made log written twice per epoch (public kim-mt3-153 ``ppl_0_drop_train.csv``, ``epoch,ppl`` then
``1,651.88`` / ``1,273.50`` / ``2,194.66``: the perplexity mid-epoch and at its end), every worker of a multi-worker
``fit`` writing its row into one CSVLogger file, a loop logging k times an epoch. Read as rows within each epoch, the
step was the row number and ``epoch`` a series of its own beside the metrics (brk58 #6): the report spoke of "step
29" for epoch 15. The epoch is the file's axis: each epoch is one point at its epoch, the mean of its k rows (as
Keras' own epoch value is the mean over the epoch's batches, and as a printed log's k lines at one step are read),
said in a note. Only when every data row holds numbers only (no 0 standing in some rows of an epoch for the
other rows' metrics: ``_placeholder_rows``' train and val rows), the epochs go up one block after another (a fresh start
below is another training: left to the usual rules) and every block but the last holds exactly k rows; a longer
block (a batch-by-batch log, hundreds an epoch) is ``_batch_epoch``'s."""
from __future__ import annotations

import math

MAX_ROWS = 8  # rows an epoch at most: more is a log written batch by batch (``_batch_epoch``)


def _number(cell: str) -> float | None:
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def collapse(raw: bytes, offset: int, sep: str, columns: list[str], x_col: int | None) -> tuple[bytes, str] | None:
    """(the file with one row per epoch, the mean of its rows; a note) for a file of the module's kind, else None."""
    if x_col != 0 or len(sep) != 1 or len(columns) < 2 or columns[0].strip().strip('"').lower() != "epoch":
        return None
    lines = bytes(raw[offset:]).split(b"\n")
    rows = [line.decode("utf-8", "replace").strip() for line in lines[1:]]
    rows = [r for r in rows if r]
    if len(rows) < 4:
        return None
    cells = [r.split(sep) for r in rows]
    if any(len(c) != len(columns) for c in cells):
        return None
    values = [[_number(x) for x in c] for c in cells]
    if any(v is None for row in values for v in row):
        return None
    epochs = [row[0] for row in values]
    if any(e != int(e) for e in epochs):
        return None
    blocks: list[list[list[float]]] = []
    for row in values:
        if blocks and blocks[-1][0][0] == row[0]:
            blocks[-1].append(row)
        elif blocks and row[0] < blocks[-1][0][0]:
            return None  # the epoch going back: another training (``_blocks``)
        else:
            blocks.append([row])
    k = len(blocks[0])
    if len(blocks) < 2 or not 2 <= k <= MAX_ROWS or any(len(b) != k for b in blocks[:-1]) or len(blocks[-1]) > k:
        return None
    for b in blocks:
        for i in range(1, len(columns)):
            zero = [r[i] == 0 for r in b]
            if any(zero) and not all(zero):
                return None  # train and val rows of one epoch, 0 in the other's columns (``_placeholder_rows``)
    out = [lines[0].decode("utf-8", "replace").strip()]
    for b in blocks:
        mean = [sum(r[i] for r in b) / len(b) for i in range(1, len(columns))]
        out.append(sep.join([str(int(b[0][0]))] + [repr(m) for m in mean]))
    note = (f"column {columns[0]!r}: each epoch on {k} consecutive rows ({len(rows)} rows over {len(blocks)} epochs: "
            f"written {k} times an epoch); each epoch read as one point, the mean of its rows")
    return bytes(raw[:offset]) + "\n".join(out).encode() + b"\n", note
