"""An ``epoch`` column repeated on every batch row (``_blocks.epoch_runs``): a hand-rolled loop that appends
``epoch, loss, ...`` once per batch (public geoproj loss_log.csv: ``pd.DataFrame({'epoch': ..., 'loss': ...})
.to_csv(index=False)`` after each batch, 656 rows for each of 20 epochs) starts like a Keras ``CSVLogger`` file, so
every repeated epoch read as a new run (656 runs of 1-20 points). The rows are one run's batches: the step is the
row's place in the run (from 0), the epoch is kept as a series, and a note says so. The run's ``counter`` is the
epoch plus the row's fraction of that epoch's rows, so that an epoch going back to the run's start (a training
appended to the file) still starts a new run.

Only when the epoch holds whole numbers on every row, takes at least two values (one value is
``_constant_epoch``'s), and at least half the rows repeat the epoch of the row before, with some epoch held by
``MIN_REPEAT`` rows or more (Keras writes one row per epoch; a resumed epoch repeats once).
"""
from __future__ import annotations

import numpy as np

MIN_REPEAT = 3


def per_batch(epochs: list) -> bool:
    """Whether the epoch columns of a file's blocks (``Numbers``) are counted once per batch row (docstring)."""
    if not epochs:
        return False
    values = np.concatenate([e.values for e in epochs])
    present = np.concatenate([e.present for e in epochs])
    if len(values) < 2 * MIN_REPEAT or not present.all() or not np.isfinite(values).all():
        return False
    if (np.floor(values) != values).any() or len(np.unique(values)) < 2:
        return False
    same = values[1:] == values[:-1]
    if same.sum() * 2 < len(values):
        return False
    runs = np.diff(np.flatnonzero(np.diff(values, prepend=np.nan, append=np.nan) != 0))
    return runs.max(initial=0) >= MIN_REPEAT


def axis(epochs: list) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per block, (steps, counters): the row's place in its run, and its epoch plus its place among that epoch's
    rows as a fraction (a run starts where the epoch goes back to, or below, the run's first epoch)."""
    values = np.concatenate([e.values for e in epochs])
    steps = np.zeros(len(values), dtype=np.int64)
    counter = values.astype(np.float64).copy()
    first, row = values[0], 0
    starts = np.flatnonzero(np.diff(values, prepend=np.nan) != 0)  # each held epoch's first row
    ends = np.append(starts[1:], len(values))
    for i, (a, b) in enumerate(zip(starts, ends)):
        if i and values[a] < values[a - 1] and values[a] <= first:
            first, row = values[a], 0
        steps[a:b] = np.arange(row, row + b - a)
        counter[a:b] += np.arange(b - a) / (b - a)
        row += b - a
    cuts = np.cumsum([len(e.values) for e in epochs])[:-1]
    return np.split(steps, cuts), np.split(counter, cuts)


def note(rows: int, epochs: int) -> str:
    """The warning said for such a file."""
    return (f"column 'epoch' repeats on consecutive rows ({rows} rows over {epochs} epoch value(s): a row per batch, "
            "not per epoch as Keras' CSVLogger writes): read as one run, the row's place in it the step, 'epoch' "
            "kept as a series")
