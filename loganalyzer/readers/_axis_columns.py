"""Counter columns beside a plain CSV's step column: axes, no metric series (for ``_index_columns.tidy``).

A hand-written logger often writes two counters on each row: ``epoch,step,training_loss`` (public germanart124
``training_stats.csv``), ``epoch_number,step_number,...`` (novatag89), ``step,batch,loss``, ``Current Epoch`` beside
an ``iteration``. The finest is the step (``_plain_columns._step_column``); each other counter -- a column named as
one (``STEP_COLUMNS``, ``Current``/``cur`` before the name allowed: ``_plain_columns.axis_name``) holding whole
numbers that never go down while the step goes on, or for a batch or iteration counter go down only to 0 or 1 or
only where an epoch counter beside it goes up (counted within each epoch: public bigdatato129 ``training_stats.csv``,
``iteration,epoch,minibatch,cost,..``, its ``minibatch`` counting examples from each epoch's start, 21859 -> 2176
where ``epoch`` 1.0 -> 2.0) -- is no series to judge:

- an epoch counter (``epoch``, ``Current Epoch``, ``epoch_number``...) is kept as the run's epoch: the tag ``epoch``,
  the one name the curves stage reads as the epoch at each step (``curves_align._epoch_series``, as Lightning's
  ``metrics.csv`` keeps it), renamed to it when named otherwise (said);
- any other (``batch``, ``iteration``, ``minibatch`` beside a ``step``) is left out (said).

A column of that name whose values do not count (a batch-size sweep's ``batch`` 32, 64, 32) stays a series, as
before; so does everything when the step is the row number or a fractional epoch (the caller passes ``stepped``).
The epoch and within-epoch batch of a per-batch logger are ``_position_columns``' (both left out, said).
"""
from __future__ import annotations

import numpy as np

from ._plain_columns import _SCALE, EPOCH_COLUMNS, STEP_COLUMNS, axis_name
from ._text_clean import normal_name


def names_act(names: list[str]) -> bool:
    """Whether ``axis_columns`` may change a file with this header (``_index_columns.header_acts``: the batch reader
    leaves it out): a counter under a name ``axis_name`` reads otherwise than plainly (``Current Epoch``), two
    counters that are no plain ``epoch``, or a counter beside an epoch counter named otherwise (``epoch_number``)."""
    axes = [n for n in names if axis_name(n) in STEP_COLUMNS]
    if any(axis_name(n) != _SCALE.sub("", normal_name(n)) for n in axes):
        return True
    plain = sum(normal_name(n) == "epoch" for n in axes)
    epochs = any(axis_name(n) in EPOCH_COLUMNS for n in axes)
    return len(axes) - plain > 1 or (plain == 0 and len(axes) > 1 and epochs)


def _whole(values: np.ndarray) -> bool:
    return len(values) >= 2 and bool(np.all(np.isfinite(values))) and bool(np.all(values == np.floor(values)))


def _counts(values: np.ndarray, steps: np.ndarray, epoch: bool, epochs: np.ndarray | None = None) -> bool:
    """Whole numbers (two or more) that never go down where the step goes on (where the step goes back, a training
    appended to the file, they may start over) -- or, for a counter other than the epoch, that go down only to 0
    or 1, or only where ``epochs`` (the epoch counter's values on the same rows) goes up: a batch or iteration
    counted within each epoch."""
    if not _whole(values):
        return False
    on = np.diff(steps) > 0
    down = on & (np.diff(values) < 0)
    if not down.any():
        return True
    if epoch:
        return False
    if np.all(values[1:][down] <= 1):
        return True
    # ... on rows of which most share their epoch with the row before: per-epoch rows (the epoch up at every row)
    # say nothing of a count within the epoch (breaker, stop 54: a `batches` column per epoch was dropped)
    return epochs is not None and bool(np.all(np.diff(epochs)[down] > 0)) and bool(np.mean(np.diff(epochs) == 0) >= 0.5)


def axis_columns(tags: list, columns: list, kept: np.ndarray, steps: np.ndarray,
                 drop: set) -> tuple[set, dict[int, str], str] | None:
    """(indices of counters to leave out, {index: 'epoch'} for the epoch counter renamed, the note), or None when
    no column of ``tags`` (the value columns; those in ``drop`` already left out) is such a counter."""
    out: set[int] = set()
    renamed: dict[int, str] = {}
    epoch_at = None
    epochs = next((i for i, t in enumerate(tags) if i not in drop and axis_name(t) in EPOCH_COLUMNS), None)
    for i, tag in enumerate(tags):
        name = axis_name(tag)
        if i in drop or name not in STEP_COLUMNS:
            continue
        at = kept & columns[i].present
        beside = None
        if epochs is not None and epochs != i and np.all(columns[epochs].present[at]) \
                and _whole(columns[epochs].values[at]):
            beside = columns[epochs].values[at]
        if not _counts(columns[i].values[at], steps[at], name in EPOCH_COLUMNS, beside):
            continue
        plain = normal_name(tag) == "epoch"  # 'epoch', 'Epoch': the curves stage's name already
        if name in EPOCH_COLUMNS and epoch_at is None and (plain or not any(
                normal_name(t) == "epoch" and j not in drop for j, t in enumerate(tags))):
            epoch_at = i
            if not plain:
                renamed[i] = "epoch"
        else:
            out.add(i)
    if not out and not renamed:
        return None
    parts = []
    if renamed:
        parts.append(f"column {tags[epoch_at]!r} counts the epochs beside the step column: kept as the run's 'epoch', "
                     "no metric series")
    if out:
        parts.append(f"column(s) {', '.join(repr(tags[i]) for i in sorted(out))} count beside the step column: "
                     "axes, no metric series")
    return out, renamed, "; ".join(parts)
