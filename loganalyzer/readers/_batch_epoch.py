"""An ``epoch`` column repeated on every batch row (``_blocks.epoch_runs``): a hand-rolled loop that appends
``epoch, loss, ...`` once per batch (public geoproj loss_log.csv: ``pd.DataFrame({'epoch': ..., 'loss': ...})
.to_csv(index=False)`` after each batch, 656 rows for each of 20 epochs) starts like a Keras ``CSVLogger`` file, so
every repeated epoch read as a new run (656 runs of 1-20 points). The rows are one run's batches: the step is the
row's place in the run (from 0), the epoch is kept as a series, and a note says so. The run's ``counter`` is the
epoch plus the row's fraction of that epoch's rows, so that an epoch going back to the run's start (a training
appended to the file) still starts a new run.

The same in a plain CSV whose ``epoch`` is not the first column (``within``): a logger writing its metrics dict every
few steps with the epoch as one of its keys and no step (public VICReg-BarlowTwins-Ablation-Study: a Lightning
``CSVLogger`` subclass whose ``log_metrics`` drops ``step`` and ``csv.DictWriter``-appends ``train_loss,epoch`` every
``log_every_n_steps``: two rows for most epochs) put every epoch's rows at one step, each step carrying two values.
There the epoch must go up block by block (or back to the run's start: a training appended), at least two epochs
and half of them held by two rows or more (or one epoch held by ``MIN_REPEAT`` rows or more: a short training's
first epoch logged batch by batch), the rows of one epoch filling the same columns with numbers only (train
and validation rows of one epoch, or a phase column, are ``_placeholder_rows``' and ``_phase_split``'s).

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


def within(epochs: list, filled: list) -> bool:
    """Whether a plain CSV's epoch columns (``Numbers`` per block) hold each epoch on consecutive rows logged within
    it (docstring); ``filled``: per block, a (rows, columns) array of the value cells holding a number (None where a
    cell holds text)."""
    if not epochs or any(f is None for f in filled):
        return False
    values = np.concatenate([e.values for e in epochs])
    if len(values) < 4 or not np.concatenate([e.present for e in epochs]).all() or \
            not np.isfinite(values).all() or (np.floor(values) != values).any():
        return False
    starts = np.flatnonzero(np.diff(values, prepend=np.nan) != 0)
    sizes = np.diff(np.append(starts, len(values)))
    first = values[0]
    for a, b in zip(starts[:-1], starts[1:]):
        if values[b] < values[a] and values[b] > first:  # down, but not back to the start: no epoch order
            return False
        first = values[b] if values[b] < values[a] else first
    for e, cells in zip(epochs, filled):  # per block of rows under one header (a later header: more columns)
        at = np.flatnonzero(np.diff(e.values, prepend=np.nan) != 0)
        if any((cells[a:b] != cells[a]).any() for a, b in zip(at, np.append(at[1:], len(e.values))) if b - a > 1):
            return False
    held = int((sizes >= 2).sum())
    if len(sizes) == 1:  # one epoch's rows only (xianfucnn ``loss.csv``: epoch 1 on each of 120 batch rows)
        return bool(sizes[0] >= MIN_REPEAT)
    return held >= 2 and held * 2 >= len(sizes)


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


def note(rows: int, epochs: int, name: str = "epoch", how: str = "a row per batch, not per epoch as Keras' "
         "CSVLogger writes") -> str:
    """The warning said for such a file."""
    run = "one run" if name == "epoch" and how.startswith("a row per batch") else "a training's rows (an epoch " \
        "going back to the start: a training appended)"
    return (f"column {name!r} repeats on consecutive rows ({rows} rows over {epochs} epoch value(s): {how}): read as "
            f"{run}, the row's place in it the step, {name!r} kept as a series")


def plain_axis(tables: list, xs: list, x_cols: list, missing, index: bool):
    """``plain_csv``'s tables whose x column (an epoch) is held on consecutive rows logged within each epoch
    (``within``): per table, (steps, counters) as ``axis`` gives them; None otherwise."""
    from ._text import numbers

    if any(x is None or c is None for x, c in zip(xs, x_cols)):
        return None
    filled = []
    for table, x in zip(tables, x_cols):
        cols = [numbers(table.cells[i], missing) for i in range(len(table.columns)) if i != x and not (index and i == 0)]
        filled.append(None if not cols or any(c.bad.any() for c in cols) else
                      np.stack([c.present for c in cols], axis=1))
    if not within(xs, filled):
        return None
    steps, counters = axis(xs)
    return list(zip(steps, counters))


# a column placing the row in its epoch (public gregoire-moreau/comp551_project03 ``losses.csv``: ``Epoch,Percentage,
# Loss``, ``1,0.0,2.300`` ``1,2.0,2.225`` ... ``10,98.0,0.085``: 50 rows an epoch, the share of the epoch done)
_PROGRESS = ("percentage", "percent", "pct", "progress", "%")


def progress_columns(tables: list, x_cols: list, missing) -> set:
    """Names of the columns (``_PROGRESS``) that, in a file logged several times within each epoch (``within``),
    climb within each epoch from 0 to at most 100 and start over when it changes: the row's place in its epoch, an
    axis (the row number already orders the rows), never a series."""
    from ._plain_columns import _normal
    from ._text import numbers

    found = set()
    for name in {c for t in tables for c in t.columns if _normal(c) in _PROGRESS}:
        ok = True
        for table, x in zip(tables, x_cols):
            if name not in table.columns or x is None:
                ok = False
                break
            p, e = numbers(table.cells[table.columns.index(name)], missing), numbers(table.cells[x], missing)
            v, ep = p.values, e.values
            same = ep[1:] == ep[:-1]
            ok = bool(p.present.all() and e.present.all() and len(v) > 1 and (v >= 0).all()
                      and (v <= 100).all() and (np.diff(v)[same] > 0).all() and (np.diff(v)[~same] < 0).all() and same.any())
            if not ok:
                break
        if ok:
            found.add(name)
    return found
