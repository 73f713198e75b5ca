"""tqdm bars described with a 1-based epoch (used by ``readers/joblog.py``).

``_progress_bars._tqdm`` places a bar ``Epoch N: ... k/K`` at step ``N x K + k``: Lightning's bars count epochs from 0.
A script's own ``set_description(f"Epoch {epoch + 1}: Training")`` counts from 1 (public hangman-transformer's
notebook: ``Epoch 1: Training: 100%|...| 390/390``), which put every point one epoch late (epoch 1's end at 780).
When the first epoch the log's bars name is 1 (no bar names epoch 0), ``(N - 1) x K + k`` is the step.

A bar at ``0/K`` with a postfix is a reset bar still showing the last epoch's values (Lightning), so it is no point,
also a fresh ``tqdm``'s first ``set_postfix`` draw (public surajcodesml/RCNN-OCT ``train_output.log``: its first
batch's loss 1.3088 is not read; ``fresh_bars``).

A bar printed once per epoch (its final state: one line per epoch) shows that epoch's own validation value in its
postfix: a value equal to the epoch before's is a measure, not the postfix repeating the last validation at every
redraw (``per_epoch_bars``).
"""
from __future__ import annotations

from dataclasses import replace

from ._progress_bars import FRESH


def _epoch_bars(hits) -> list:
    return [h for h in hits if h.record.shape == "tqdm" and h.record.kind == "train" and h.record.epoch is not None
            and h.record.total and h.record.step is not None
            and h.record.per_epoch is None]  # '[fold_0] 001/200' bars: _joblog_epochlen counts their epochs


def one_based_epochs(hits: list) -> list:
    """``hits`` with the steps of bars counting epochs from 1 moved back one epoch (module docstring)."""
    bars = _epoch_bars(hits)
    if not bars or min(int(h.record.epoch) for h in bars) != 1:
        return hits
    for h in bars:
        r = h.record
        inner = r.step - int(r.epoch) * r.total
        if 0 < inner <= r.total:  # placed from the epoch in its description (not a printed step key)
            h.record = replace(r, step=r.step - r.total)
    return hits


def per_epoch_bars(hits) -> bool:
    """Whether the epoch-described bars of these hits are one line per epoch (at least two epochs)."""
    bars = _epoch_bars(hits)
    epochs = {h.record.epoch for h in bars}
    return len(bars) >= 2 and len(epochs) == len(bars)


def fresh_bars(data, hits: list) -> list:
    """``hits`` without the bars at ``0/K`` with a postfix (module docstring). Keeping a fresh bar's first one
    (rcnnoct66's first batch) put the first batch's loss at step 0 ahead of every later step's, and split or joined
    appended trainings otherwise (tests/test_sessions29): left out again until that is settled."""
    return [h for h in hits if h.record.shape != FRESH]
