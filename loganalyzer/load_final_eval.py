"""Ultralytics' final validation of ``best.pt`` in its event file: not a point of the training curve.

After the last epoch, ``BaseTrainer._do_train`` calls ``final_eval()`` ("Do final val with best.pt"), which validates
the best checkpoint and runs the ``on_fit_epoch_end`` callbacks again with ``self.metrics`` = that validation's
metrics (``fitness`` popped); the TensorBoard callback logs ``trainer.metrics`` at ``trainer.epoch + 1``
(ultralytics/engine/trainer.py ``final_eval``, ultralytics/utils/callbacks/tensorboard.py ``on_fit_epoch_end``).
Up to 8.3 that is the last epoch's step: every ``metrics/*`` tag gets a second point at the final step, the best
epoch's values (eval/public stick-yolo: ``metrics/mAP50-95(B)`` 0.7967 at epoch 200, then 0.995); later versions
add 1 to the epoch first ("log best metrics at step epochs+1, not overwriting last epoch"): one point after the
last epoch. Either way the point measures another checkpoint, so the curve's last value would be the best
epoch's, not where training ended (a curve that fell at the end would look as if it held its best).

The resolved view (what the verdicts judge) leaves those points out, with one warning naming the file; the raw view
keeps them (tbparse's table). Ultralytics' ``results.csv`` is written only in the epoch loop (``save_metrics``):
it has no such row. The HF Trainer's sibling (``trainer.evaluate()`` after ``train()``: an eval entry again at the
last step, after the training summary) is kept: the files seen repeat the last evaluation's values exactly, so the
later-wins point is the same value.
"""
from __future__ import annotations

import numpy as np

from .runs import Problem

_METRICS = "metrics/"


def final_eval_rows(columns) -> np.ndarray | None:
    """Rows of ``columns`` (an event file's points in write order) that are Ultralytics' final validation of
    best.pt: the trailing ``metrics/*`` points, one per tag, each at the last epoch's step where that tag already has
    a point, or all at the step after the last epoch; None when the file holds none (or is no Ultralytics file)."""
    n = len(columns)
    if n < 2:
        return None
    names = columns.tags
    is_metric = np.array([str(t).startswith(_METRICS) for t in names] + [False], dtype=bool)
    if not is_metric.any() or not any(str(t).startswith("train/") for t in names):
        return None
    codes = columns.tag_codes
    metric_row = is_metric[codes]
    other = np.flatnonzero(~metric_row)
    if not len(other) or other[-1] == n - 1:
        return None
    tail = np.arange(other[-1] + 1, n)
    tail_codes = codes[tail]
    if len(np.unique(tail_codes)) != len(tail):
        return None  # a tag twice after the last epoch's other series: not one validation
    steps = columns.steps
    last_epoch = int(steps[other].max())
    tail_steps = steps[tail]
    head = np.arange(other[-1] + 1)
    if (tail_steps == last_epoch + 1).all():  # Ultralytics >= 8.3.x: logged at epochs + 1
        return tail
    if not (tail_steps == last_epoch).all():
        return None
    logged = set(codes[head][(steps[head] == last_epoch) & metric_row[head]].tolist())
    return tail if set(tail_codes.tolist()) <= logged else None  # each tag's second point at the last epoch


def without_final_eval(path: str, columns) -> tuple[object, list[Problem]]:
    """(``columns`` without Ultralytics' final validation of best.pt, the warning saying so) for the resolved view."""
    rows = final_eval_rows(columns)
    if rows is None:
        return columns, []
    keep = np.ones(len(columns), dtype=bool)
    keep[rows] = False
    step = int(columns.steps[rows[0]])
    note = (f"{len(rows)} metrics/* point(s) logged again at step {step:,} after the last epoch: Ultralytics' final "
            "validation of best.pt (trainer.final_eval), not the last epoch's; left out of the curves judged (the raw "
            "view keeps them)")
    return columns.take(np.flatnonzero(keep)), [Problem(path, note)]
