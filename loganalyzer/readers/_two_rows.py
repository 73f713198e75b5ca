"""Two headerless lines of as many numbers in a file named like a loss log: two loss series along the rows (used by
``readers/_loss_shapes.py``, which ``plain_csv`` calls).

Writers seen:

- ``np.savetxt(f, [train, val], delimiter=',')`` (public audiogan106 ``loss.csv``: 2 x 225, training then validation
  MSE; cudann106 ``model_history.csv``: 2 x 30 epochs of a CUDA C MNIST net);
- a loop writing ``str(s) + " "`` per value, validation first (public Lanorius/binding-affinity-prediction
  ``src/performance_evaluation/stats_and_output.py`` ``print_loss_per_epoch``: ``for s in validation_loss_vector:
  g.write(str(s) + " ")``, a newline, then the training losses the same way; bapred187 ``losses.txt``, 2 x 302 and
  2 x 567). Its training row opens with the first epoch's mean over an untrained model: 392.3 then 1.08, 0.84 ...
  (the writer's own plot drops that first value). Such a leading value broke the smoothness test that tells a curve
  from a row of separate measures (von Neumann's ratio ~1 from that one jump alone), and nothing was read.

Rows: ``(train, val)`` in the order written, unless exactly one row opens with a leading outlier (its first value
over ``OUTLIER`` x every later value of its row) and the other does not: that row is the training loss, whatever its
place. A training loss reported per epoch is the mean over the epoch's batches, the first epoch's taken while the
model is still untrained; a validation loss is evaluated after the epoch (Keras FAQ, "Why is my training loss much
higher than my testing loss?": "the training loss is the average of the losses over each batch of training data,
over the current epoch ... the testing loss for an epoch is computed using the model as it is at the end of the
epoch"). The smoothness test then runs on that row without its first value. The guess is said in the returned line.
"""
from __future__ import annotations

OUTLIER = 3.0  # a row's first value over this many times every later value of the row: the untrained first epoch


def _leading_outlier(values: list[float]) -> bool:
    """Whether ``values`` (>= 3, finite) open with one value over ``OUTLIER`` x every later one, all positive."""
    rest = values[1:]
    return len(rest) >= 2 and min(values) > 0 and values[0] > OUTLIER * max(rest)


def two_rows(rows: list[list[str]]) -> tuple[bytes, str] | None:
    """Two lines of as many numbers, ``SPLIT_ROW`` or more each and no name: a CSV ``epoch,train_loss,val_loss`` (the
    value's place as the epoch) and the line saying what was guessed, or None. Two epochs of as many measures would be
    no curve to judge either. Only when both rows look like loss curves (``curve_like``: training falling, validation
    below its first value somewhere) on one scale (medians within 10x); a training row with a leading outlier (see
    the module's docstring) is judged without its first value and taken as the training row."""
    import math

    from ._loss_shapes import _NUMBER, LR_MAX, SPLIT_ROW, _late_level, curve_like

    if len(rows) != 2 or len(rows[0]) != len(rows[1]) or len(rows[0]) < SPLIT_ROW \
            or not all(_NUMBER().match(c) for r in rows for c in r):
        return None
    first, second = ([float(c) for c in r] for r in rows)
    if not all(math.isfinite(x) for x in first + second):
        return None
    lead = [_leading_outlier(first), _leading_outlier(second)]
    swapped = lead == [False, True]
    train, val = (second, first) if swapped else (first, second)
    trimmed = train[1:] if (lead[1] if swapped else lead[0]) else train
    if min(train) < 0 < train[0] and curve_like(train, falls=True, signed=True) and curve_like(val, falls=True) \
            and _late_level(val) < 0.5 * val[0] \
            and max(val) > LR_MAX:  # (a decaying learning rate beside the NLL never exceeds 0.1: a breaker's)
        pass  # a Gaussian NLL falling through 0 (pedmood110: 21.98 -> -45.71) beside a validation loss that fell
        # to under half its start (6.51 -> 0.066): no scale to compare, both fell as losses do
    elif not (curve_like(trimmed, falls=True) and curve_like(val) and min(val) < val[0]) \
            or not 0.1 <= sorted(val)[len(val) // 2] / sorted(train)[len(train) // 2] <= 10:
        return None  # both curves, training falling, validation below its start somewhere, on one scale (a
        # breaker's [loss, acc], [accuracy, val_accuracy], [epochs, losses] and class-weight rows stay unread)
    cells = (rows[1], rows[0]) if swapped else (rows[0], rows[1])
    out = "epoch,train_loss,val_loss\n" + "".join(f"{k},{a},{b}\n" for k, (a, b) in enumerate(zip(*cells)))
    if swapped:
        order = (f"val_loss then train_loss: the second line opens with {train[0]:g}, over {OUTLIER:g}x every later "
                 "value of its line (an untrained first epoch's mean), so it is the training loss")
    else:
        order = "train_loss then val_loss (guessed: train, then validation)"
        if trimmed is not train:
            order += f"; the first line's opening {train[0]:g} (an untrained first epoch) is kept"
    return out.encode(), (f"no header: two lines of {len(rows[0])} numbers each: read as two series along the rows, "
                          f"{order}, the value's place as the epoch")
